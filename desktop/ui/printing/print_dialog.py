"""One dialog for every document of an application: choose it and its language, then preview
it (:mod:`desktop.ui.printing.preview`), print it or save it as PDF. The documents come from
the printouts service's table; every print and every saved file goes through the service,
which logs it and marks reprints."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.issues import DomainError
from desktop.i18n import _, ngettext
from desktop.services import printouts
from desktop.services.access_journal import Access, record_access
from desktop.services.printouts import DocumentKind, PrintedDocument
from desktop.services.workstation import acting_staff
from desktop.storage.database import Database
from desktop.storage.errors import DatabaseError
from desktop.storage.private import write_private
from desktop.ui.problems import file_problem

if TYPE_CHECKING:
    from desktop.ui.printing.preview import DocumentPreview


class PreviewError(Exception):
    """Why the chosen document cannot be shown (``message``, already in the user's language)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PrintDialog(QDialog):
    """Non-modal: the desk goes on while the printer works."""

    def __init__(self, db: Database, application_id: str, parent: QWidget | None = None, *,
                 kind: DocumentKind | str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_dialog")
        self.db = db
        self.application_id = application_id
        self.actor_id = acting_staff(db)
        self.last: PrintedDocument | None = None
        self.last_path: Path | None = None
        self._build()
        self.refresh(kind)

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(objectName="print_heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.documents_label = QLabel()
        self.documents = QListWidget(objectName="print_documents")
        self.documents_label.setBuddy(self.documents)
        self.documents.currentItemChanged.connect(lambda *_a: self._update_note())
        self.documents.itemDoubleClicked.connect(lambda _item: self.preview())
        self.language_label = QLabel()
        self.languages = QButtonGroup(self)
        languages = QHBoxLayout()
        languages.addWidget(self.language_label)
        self.language_buttons: dict[str, QRadioButton] = {}
        for lang in i18n.LANGUAGES:
            button = QRadioButton(i18n.LANGUAGE_NAMES[lang], objectName=f"print_lang_{lang}")
            self.languages.addButton(button)
            self.language_buttons[lang] = button
            languages.addWidget(button)
        languages.addStretch(1)
        self.language_buttons[i18n.current_language()].setChecked(True)
        self.note = QLabel(objectName="print_note")
        self.note.setWordWrap(True)
        self.message = QLabel(objectName="print_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_button = QPushButton(objectName="print_preview_button")
        self.print_button = QPushButton(objectName="print_print_button")
        self.save_button = QPushButton(objectName="print_save_button")
        self.close_button = QPushButton(objectName="print_close_button")
        buttons = QDialogButtonBox()
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.documents_label)
        layout.addWidget(self.documents, 1)
        layout.addLayout(languages)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 400)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Print documents"))
        self.documents_label.setText(_("&Document:"))
        self.language_label.setText(_("Language of the document:"))
        self.preview_button.setText(_("Pre&view"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("Save as &PDF…"))
        self.close_button.setText(_("Close"))

    def refresh(self, kind: DocumentKind | str | None = None) -> None:
        """Read the application, its documents and how often each was printed."""
        current = kind or self.current_kind()
        self.subject = printouts.print_subject(self.db, self.application_id)
        self.retranslate()
        number = self.subject.registration_number
        name = self.subject.applicant_name
        self.heading.setText(_("Application {number}: {name}").format(number=number, name=name)
                             if number else
                             _("Documents not accepted: {name}").format(name=name))
        self.documents.blockSignals(True)
        self.documents.clear()
        for spec in printouts.DOCUMENTS:
            if spec.kind in self.subject.kinds:
                item = QListWidgetItem(self.subject.label(spec, i18n.current_language()))
                item.setData(Qt.ItemDataRole.UserRole, spec.kind.value)
                self.documents.addItem(item)
                if spec.kind == current:
                    self.documents.setCurrentItem(item)
        if self.documents.currentRow() < 0 and self.documents.count():
            self.documents.setCurrentRow(0)
        self.documents.blockSignals(False)
        has_documents = self.documents.count() > 0
        for button in (self.preview_button, self.print_button, self.save_button):
            button.setEnabled(has_documents)
        self._update_note()

    def _update_note(self) -> None:
        kind = self.current_kind()
        if kind is None:
            self.note.setText(_("This application has no documents to print yet."))
            return
        times = self.subject.printed.get(kind.value, 0)
        if times:
            self.note.setText(ngettext(
                "Printed {n} time before: a new print is marked as a duplicate.",
                "Printed {n} times before: a new print is marked as a duplicate.", times
            ).format(n=times))
        else:
            self.note.setText(_("Not printed yet: the first print is the original."))

    # --- what is chosen -------------------------------------------------------------------

    def current_kind(self) -> DocumentKind | None:
        item = self.documents.currentItem() if hasattr(self, "documents") else None
        return DocumentKind(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def set_kind(self, kind: DocumentKind | str) -> None:
        for row in range(self.documents.count()):
            if self.documents.item(row).data(Qt.ItemDataRole.UserRole) == str(kind):
                self.documents.setCurrentRow(row)

    def language(self) -> str:
        return next(lang for lang, b in self.language_buttons.items() if b.isChecked())

    def set_language(self, lang: str) -> None:
        self.language_buttons[lang].setChecked(True)

    # --- the actions ----------------------------------------------------------------------

    def _produce(self, log: bool, *, to_file: bool = False) -> PrintedDocument | None:
        kind = self.current_kind()
        if kind is None:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if log:
                document = printouts.print_document(self.db, kind, self.application_id,
                                                    self.language(), self.actor_id,
                                                    to_file=to_file)
            else:
                document = printouts.preview_document(self.db, kind, self.application_id,
                                                      self.language(), self.actor_id)
        except DomainError as error:
            self.message.setText("\n".join(i18n.render(issue.message) for issue in error.issues))
            return None
        except (printouts.NotPrintableError, DatabaseError) as error:  # or a full disk
            self.message.setText(i18n.render(error.message))
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        if log:
            self.last = document
            self.refresh()
        return document

    def _printed(self, document: PrintedDocument, where: str) -> None:
        name = self.documents.currentItem().text()
        self.message.setText(
            _("{document}, duplicate: {where}").format(document=name, where=where)
            if document.duplicate else f"{name}: {where}")

    def preview(self) -> DocumentPreview | None:
        """The preview window of the chosen document: not logged until it prints or saves."""
        from desktop.ui.printing.preview import PRINTER, open_document_preview

        kind = self.current_kind()
        if kind is None:
            return None

        def render(lang: str) -> bytes:
            try:
                return printouts.preview_document(self.db, kind, self.application_id, lang,
                                                  self.actor_id).pdf
            except DomainError as error:
                raise PreviewError("\n".join(i18n.render(issue.message)
                                               for issue in error.issues)) from error

        def on_printed(lang: str, destination: str) -> None:
            printouts.record_print(self.db, kind, self.application_id, lang, self.actor_id,
                                   to_file=destination != PRINTER)

        try:
            record_access(self.db, Access.PREVIEW, self.application_id, self.actor_id,
                          document=kind.value)
        except DatabaseError as error:  # a full disk: not shown, since not recorded
            self.message.setText(i18n.render(error.message))
            return None

        stem = "-".join(p for p in (self.subject.registration_number or "refusal", kind.value)
                        if p)
        dialog = open_document_preview(self, self.documents.currentItem().text(), render,
                                       self.language(), on_printed, file_stem=stem)
        dialog.printed.connect(lambda *_a: self.refresh())
        self.preview_dialog = dialog
        return dialog

    def choose_printer(self) -> object | None:
        """The printer the user chose in Qt's print dialog, or None if cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_(self) -> None:
        """Straight to the printer, without a preview: rendered, logged, painted."""
        from desktop.ui.printing.pages import send_to_printer

        printer = self.choose_printer()
        if printer is None:
            return
        document = self._produce(log=True)
        if document is None:
            return
        problem = send_to_printer(self, document.pdf, printer)
        if problem is not None:
            self.message.setText(problem)
            return
        self._printed(document, _("sent to the printer"))

    def ask_save_path(self, suggested: str) -> Path | None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(Path.home() / f"{suggested}.pdf"), "PDF (*.pdf)")
        return Path(target) if target else None

    def save_as(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        stem = "-".join(p for p in (self.subject.registration_number or "refusal", kind.value,
                                    self.language()) if p)
        target = self.ask_save_path(stem)
        if target is None:
            return
        document = self._produce(log=True, to_file=True)
        if document is None:
            return
        try:
            write_private(target, document.pdf)
        except OSError as error:
            self.message.setText(file_problem(error))
            return
        self.last_path = target
        self._printed(document, str(target))
