"""The notification of the head's decision, offered when it is issued or sent: the printing
layer's preview with its language choice, Print… and Save as PDF…. Every print or saved file
is logged by the case decisions service (a reprint is stamped as a duplicate)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _, current_language
from desktop.services.access_journal import Access, record_access
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import (
    NOTIFICATION,
    notification_document,
    record_notification_print,
)
from desktop.services.cases import CaseService
from desktop.ui.printing.preview import PRINTER, DocumentPreview, open_document_preview


def offer_notification(parent: QWidget | None, cases: CaseService, user: CurrentUser,
                       application_id: str, lang: str | None = None) -> DocumentPreview:
    """Show the notification in the preview (non-modal) and return the preview window: a
    service's own notification (``result_issue.offer_result``) for a case of another service
    than АСП."""
    from desktop.services.results import has_own_result

    db = cases.db
    if has_own_result(db, application_id):
        from desktop.ui.printing.result_issue import offer_result

        return offer_result(parent, cases, user, application_id, lang)

    def render(language: str) -> bytes:
        return notification_document(db, application_id, user, language, log=False).pdf

    def on_printed(language: str, destination: str) -> None:
        record_notification_print(db, application_id, user, language,
                                  to_file=destination != PRINTER)

    stem = notification_document(db, application_id, user, "kk", log=False).file_stem
    record_access(db, Access.PREVIEW, application_id, user.staff_id or user.actor_id,
                  document=NOTIFICATION)
    return open_document_preview(parent, _("Notification of the decision"), render,
                                 lang or current_language(), on_printed, file_stem=stem)
