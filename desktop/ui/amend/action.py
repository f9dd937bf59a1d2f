"""Documents → Amend the application… (and the journal row's context menu)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.storage.database import Database

if TYPE_CHECKING:
    from desktop.ui.printing.documents_menu import DocumentsMenu


def open_amend_dialog(db: Database, application_id: str, parent: QWidget | None,
                      amended: Callable[[str], object] | None = None) -> QWidget | None:
    """The amendment dialog of a registered application (None for any other)."""
    from desktop.services import printouts
    from desktop.ui.amend.amend_dialog import AmendDialog

    subject = printouts.print_subject(db, application_id)
    if not subject.registration_number or printouts.DocumentKind.COUPON not in subject.kinds:
        return None
    dialog = AmendDialog(db, application_id, subject.registration_number, parent)
    if amended is not None:
        dialog.amended.connect(amended)
    dialog.show()
    return dialog


class AmendAction(QAction):
    def __init__(self, documents: DocumentsMenu, db: Database,
                 changed: Callable[[], None]) -> None:
        super().__init__(documents.parent_widget, objectName="action_amend")
        self.db = db
        self.parent_widget = documents.parent_widget
        self.after_amendment = changed
        self.dialog: QWidget | None = None
        documents.add_row_action(self, self.open)
        documents.retranslators.append(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_("&Amend the application…"))

    def open(self, application_id: str) -> QWidget | None:
        self.dialog = open_amend_dialog(self.db, application_id, self.parent_widget,
                                        lambda _id: self.after_amendment())
        return self.dialog
