"""The recovery code of the database key, shown once: at setup, and after the upgrade that
encrypted an existing desk (desktop/services/recovery.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _, render
from desktop.services.recovery import RECOVERY_EXPLAINED, RECOVERY_HOW, RECOVERY_TITLE
from desktop.storage.database import Database


class RecoveryCodeDialog(QDialog):
    """The code in large digits, a PDF of it to print, and «I have kept the code».

    Only that button marks the code as shown; closing the dialog otherwise shows it again at
    the next start."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_code_dialog")
        self.db = db
        self.code = db.recovery_code()
        self.setWindowTitle(render(RECOVERY_TITLE))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        explained = QLabel(render(RECOVERY_EXPLAINED), objectName="recovery_explained")
        explained.setWordWrap(True)
        layout.addWidget(explained)
        self.code_label = QLabel(self.code.replace("-", "  "), objectName="recovery_code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(max(font.pointSize(), 10) + 6)
        font.setWeight(QFont.Weight.Bold)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(
            self.code_label.textInteractionFlags().TextSelectableByMouse)
        layout.addWidget(self.code_label)
        how = QLabel(render(RECOVERY_HOW), objectName="recovery_how")
        how.setWordWrap(True)
        layout.addWidget(how)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(_("Save as PDF to print…"), objectName="recovery_pdf")
        self.save_button.clicked.connect(self.save_pdf)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.kept_button = QPushButton(_("I have kept the code"), objectName="recovery_kept")
        self.kept_button.clicked.connect(self.accept)
        buttons.addButton(self.kept_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)

    def pdf(self) -> bytes:
        from desktop.printing.recovery_sheet import recovery_sheet_pdf

        return recovery_sheet_pdf(self.code, title=RECOVERY_TITLE, explained=RECOVERY_EXPLAINED,
                                  how=RECOVERY_HOW, database=str(self.db.path),
                                  made_on=dt.date.today(), lang=i18n.current_language())

    def save_pdf(self, target: Path | None = None) -> Path | None:
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Save as PDF to print…"), "komek-recovery-code.pdf", "PDF (*.pdf)")
            if not chosen:
                return None
            target = Path(chosen)
        try:
            target.write_bytes(self.pdf())
        except OSError as error:
            QMessageBox.warning(self, render(RECOVERY_TITLE), str(error))
            return None
        return target

    def accept(self) -> None:
        self.db.recovery_code_shown()
        super().accept()


def show_recovery_code_if_due(db: Database, parent: QWidget | None = None) -> None:
    if db.recovery_code_due():
        RecoveryCodeDialog(db, parent).exec()
