"""A document made at the desk (coupon, refusal slip, certificate): print it, open it, or save
a copy elsewhere.

The PDF was logged as printed when it was made (registration, refusal, issue), so printing it
here prints that original; a later reprint goes through the Documents menu and is marked as
a duplicate."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
from desktop.storage.private import private_folder, write_private
from desktop.ui.problems import file_problem

if TYPE_CHECKING:
    from desktop.ui.printing.preview import DocumentPreview


def save_pdf(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/name.pdf`` (a number is added if the name is taken), the
    folder ``0700`` and the file ``0600``; ``OSError`` (ENOSPC on a full disk) leaves no file."""
    private_folder(folder)
    path = folder / f"{name}.pdf"
    counter = 2
    while path.exists():
        path = folder / f"{name}-{counter}.pdf"
        counter += 1
    return write_private(path, data)


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
        self.print_button = QPushButton(objectName="pdf_print")
        self.open_button = QPushButton(objectName="pdf_open")
        self.save_button = QPushButton(objectName="pdf_save_as")
        self.close_button = QPushButton(objectName="pdf_close")
        self.language_switched()
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.clicked.connect(self.print_pdf)
        self.open_button.clicked.connect(self.open_pdf)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(where)
        self.problem = QLabel(objectName="pdf_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.print_button.setDefault(True)

    def language_switched(self) -> None:
        """The buttons in the new language (the message says what was done, as it was)."""
        self.print_button.setText(i18n._("&Print…"))
        self.open_button.setText(i18n._("&Open"))
        self.save_button.setText(i18n._("Save &as…"))
        self.close_button.setText(i18n._("Close"))

    def choose_printer(self) -> object | None:
        """The printer chosen in Qt's print dialog, or None if cancelled (tests replace it)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_pdf(self) -> bool:
        """Paint the saved PDF on the chosen printer; True when it went to the printer."""
        from desktop.ui.printing.pages import send_to_printer

        printer = self.choose_printer()
        if printer is None:
            return False
        problem = send_to_printer(self, self.path.read_bytes(), printer)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            return False
        self.problem.hide()
        return True

    def open_pdf(self) -> DocumentPreview:
        """The document in the program's own preview: it opens whether or not the computer
        has a PDF viewer, and prints from there too."""
        from desktop.ui.printing.preview import open_document_preview

        data = self.path.read_bytes()
        self.preview = open_document_preview(
            self, self.windowTitle(), lambda _lang: data, i18n.current_language(),
            file_stem=self.path.stem, fixed_language=True)
        return self.preview

    def save_as(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, i18n._("Save as"), str(Path.home() / self.path.name), "PDF (*.pdf)")
        if not target:
            return
        try:
            write_private(Path(target), self.path.read_bytes())
        except OSError as error:
            self.problem.setText(file_problem(error))
            self.problem.show()
