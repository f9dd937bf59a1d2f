"""A service's result on screen: issued at once (a certificate, a referral: the step taken,
the document saved to the desk's prints folder and shown, ready to print), or offered in the
print preview when a notification of the head's decision is issued or sent.

Shared by the wizard's done page and the case window, so that a short service is issued the
same way in the sitting that registers it and later from its case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.domain.case_path import ACTION_LABELS, Action
from desktop.domain.parameters import Parameters
from desktop.i18n import _, current_language, render
from desktop.services.access_journal import Access, record_access
from desktop.services.accounts import CurrentUser
from desktop.services.cases import CaseService
from desktop.services.results import (
    RESULT,
    IssuedResult,
    issue_result,
    record_result_print,
    result_document,
)
from desktop.services.service_paths import service
from desktop.storage.database import Database
from desktop.ui.printing.preview import PRINTER, DocumentPreview, open_document_preview
from desktop.ui.problems import file_problem
from desktop.ui.wizard.pdf_dialog import PdfDialog, save_pdf

__all__ = ["IssuedOnScreen", "issue_label", "issue_now", "offer_result"]


def issue_label(code: str) -> str:
    """The issue step in the service's own words ("Выдать справку"), in the interface
    language; the common label where the service has none."""
    own = service(code).action_labels.get(Action.ISSUE_RESULT)
    return own.text(current_language()) if own is not None else \
        render(ACTION_LABELS[Action.ISSUE_RESULT])


@dataclass
class IssuedOnScreen:
    issued: IssuedResult
    path: Path | None  # None: the file could not be written (``problem`` says why)
    dialog: PdfDialog | None
    problem: str = ""


def issue_now(parent: QWidget | None, db: Database, user: CurrentUser, application_id: str,
              folder: Path, parameters: Parameters | None = None) -> IssuedOnScreen:
    """Take the issue step and make the result in the interface language, in one
    transaction (``desktop.services.results.issue_result``); then save it to ``folder`` and
    show it. The refusals of the service (no registration as unemployed, the step taken
    already) are raised for the caller to say."""
    issued = issue_result(CaseService(db, parameters), user, application_id,
                          current_language())
    title = issued.title.text(current_language())
    try:
        path = save_pdf(folder, issued.file_stem, issued.pdf)
    except OSError as error:  # issued and logged all the same: reprinted from Documents
        return IssuedOnScreen(issued, None, None, _(
            "The document was not saved to a file: {problem} Print it from the Documents "
            "menu later.").format(problem=file_problem(error)))
    dialog = PdfDialog(title, _("{document} is ready: print it and hand it to the "
                                "applicant.").format(document=title), path, parent)
    dialog.show()
    return IssuedOnScreen(issued, path, dialog)


def offer_result(parent: QWidget | None, cases: CaseService, user: CurrentUser,
                 application_id: str, lang: str | None = None) -> DocumentPreview:
    """The case's result (a service's notification) in the preview, as АСП's notification
    is offered when it is issued; each print or saved file is logged."""
    db = cases.db

    def make(language: str) -> bytes:
        return result_document(db, application_id, user, language, log=False,
                               parameters=cases.parameters).pdf

    def on_printed(language: str, destination: str) -> None:
        record_result_print(db, application_id, user, language,
                            to_file=destination != PRINTER)

    first = result_document(db, application_id, user, current_language(), log=False,
                            parameters=cases.parameters)
    record_access(db, Access.PREVIEW, application_id, user.staff_id or user.actor_id,
                  document=str(RESULT))
    return open_document_preview(parent, first.title.text(current_language()), make,
                                 lang or current_language(), on_printed,
                                 file_stem=first.file_stem)
