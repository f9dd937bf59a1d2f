"""The notification of the head's decision, offered when it is issued or sent: preview, print,
save as PDF. Every print or saved file is logged by the case decisions service.

One function, :func:`offer_notification`, so that the way documents are shown is changed in
one place: the printing layer's preview window when it is there, otherwise the PDF saved in
the prints folder with the dialog that opens it (as the intake wizard does).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _, current_language
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import notification_document, record_notification_print
from desktop.services.cases import CaseService
from desktop.ui.cases.common import prints_folder


def offer_notification(parent: QWidget | None, cases: CaseService, user: CurrentUser,
                       application_id: str, lang: str | None = None) -> QWidget:
    """Show the notification (non-modal) and return its window."""
    db = cases.db
    lang = lang or current_language()
    title = _("Notification of the decision")
    try:
        from desktop.ui.printing.preview import open_document_preview
    except ImportError:  # the printing layer without its preview window
        return _saved(parent, cases, user, application_id, lang, title)

    def render(language: str) -> bytes:
        return notification_document(db, application_id, user, language, log=False).pdf

    def on_printed(language: str, _destination: str) -> None:
        record_notification_print(db, application_id, user, language)

    stem = notification_document(db, application_id, user, lang, log=False).file_stem
    return open_document_preview(parent, title, render, lang, on_printed, file_stem=stem)


def _saved(parent: QWidget | None, cases: CaseService, user: CurrentUser, application_id: str,
           lang: str, title: str) -> QWidget:
    from desktop.ui.wizard.pdf_dialog import PdfDialog, save_pdf

    document = notification_document(cases.db, application_id, user, lang, log=True)
    path = save_pdf(prints_folder(cases.db), f"{document.file_stem}-{lang}", document.pdf)
    dialog = PdfDialog(title, _("The notification is ready: open it to print, or save a copy."),
                       path, parent)
    dialog.show()
    return dialog
