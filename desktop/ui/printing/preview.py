"""An on-screen preview of a document's pages (shown only when Qt can draw PDF pages)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _


class PreviewDialog(QDialog):
    """The pages one under another; Print and Close. ``print_requested`` is the caller's."""

    def __init__(self, title: str, pages: Sequence[QImage], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(title)
        column = QWidget()
        layout = QVBoxLayout(column)
        self.page_labels: list[QLabel] = []
        for image in pages:
            label = QLabel(objectName="preview_page")
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("background: white; border: 1px solid #999;")
            layout.addWidget(label)
            self.page_labels.append(label)
        scroll = QScrollArea()
        scroll.setWidget(column)
        scroll.setStyleSheet("QScrollArea { background: #777; }")
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("&Print…"), objectName="preview_print")
        self.close_button = QPushButton(_("Close"), objectName="preview_close")
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.accept)
        self.close_button.clicked.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        width = max((image.width() for image in pages), default=600)
        self.resize(min(width + 60, 1000), 760)
