"""A printed document ready: where it was saved, open it, or save a copy elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n


def save_pdf(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name.pdf`` (a number is added if the name is taken)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.pdf"
    counter = 2
    while path.exists():
        path = folder / f"{name}-{counter}.pdf"
        counter += 1
    path.write_bytes(data)
    return path


class PdfDialog(QDialog):
    """Non-modal: the desk goes on while the applicant waits for the paper."""

    def __init__(self, title: str, message: str, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_dialog")
        self.path = path
        self.setWindowTitle(title)
        text = QLabel(message, objectName="pdf_message")
        text.setWordWrap(True)
        where = QLabel(i18n._("Saved: {path}").format(path=path), objectName="pdf_path")
        where.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(i18n._("&Open to print"), objectName="pdf_open")
        self.save_button = QPushButton(i18n._("Save &as…"), objectName="pdf_save_as")
        self.close_button = QPushButton(i18n._("Close"), objectName="pdf_close")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(where)
        layout.addWidget(buttons)
        self.open_button.setDefault(True)

    def open_pdf(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def save_as(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, i18n._("Save as"), str(Path.home() / self.path.name), "PDF (*.pdf)")
        if target:
            Path(target).write_bytes(self.path.read_bytes())
