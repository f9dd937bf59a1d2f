"""The main window's intake desk: new application, continue a draft, show a registered one.

Keeps ``main_window.py`` small: it owns the intake context, the open wizard windows and the
crash recovery (a wizard that was open when the program stopped is opened again).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import i18n
from desktop.services import drafts
from desktop.services.access_journal import Access, record_access
from desktop.services.workstation import get_setting
from desktop.storage.database import Database, DatabaseError
from desktop.ui.language import LanguageController

if TYPE_CHECKING:
    from desktop.services.intake import IntakeContext
    from desktop.ui.wizard.service_chooser import ServiceChooser
    from desktop.ui.wizard.wizard_window import WizardWindow

# The wizard, the rules engine, the forms and the printing layer are imported when the first
# wizard opens, not when the main window does: the journal should appear as fast as it can.


def bring_to_front(window: QWidget) -> None:
    if QGuiApplication.platformName() != "offscreen":  # it cannot raise a window
        window.raise_()
    window.activateWindow()


class IntakeDesk(QObject):
    """Signals: changed(): an application was registered or refused, or a draft saved."""

    changed = Signal()

    def __init__(self, db: Database, language: LanguageController | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.language = language
        self.parent_widget = parent
        self._context: IntakeContext | None = None
        self.windows: list[WizardWindow] = []
        self.chooser: ServiceChooser | None = None

    def context(self) -> IntakeContext | None:
        from desktop.services.intake import IntakeNotReadyError, intake_context

        if self._context is None:
            try:
                self._context = intake_context(self.db)
            except IntakeNotReadyError as error:
                QMessageBox.warning(self.parent_widget, i18n._("New application"),
                                    "\n".join(i18n.render(m) for m in error.messages))
                return None
        return self._context

    def reset(self) -> None:
        """The workstation's office or operator, or the logged-in user, changed."""
        self._context = None

    def choose_service(self) -> ServiceChooser | None:
        """New application (Ctrl+N): which service first; the chosen one's wizard opens."""
        from desktop.services.service_choice import service_choices
        from desktop.ui.wizard.service_chooser import ServiceChooser

        if self.context() is None:
            return None
        try:
            choices = service_choices(self.db, dt.date.today())
        except DatabaseError as error:
            QMessageBox.warning(self.parent_widget, i18n._("New application"),
                                i18n.render(error.message))
            return None
        self.chooser = ServiceChooser(choices, self.parent_widget)
        self.chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.chooser.chosen.connect(self.new_application)
        self.chooser.destroyed.connect(self._chooser_closed)
        self.chooser.open()
        return self.chooser

    def _chooser_closed(self, *_args: object) -> None:
        self.chooser = None

    def new_application(self, service: str = "asp") -> WizardWindow | None:
        """The wizard of ``service`` on a new application (АСП's when none is named)."""
        from desktop.services.intake import new_session
        from desktop.ui.wizard.wizard_window import WizardWindow

        context = self.context()
        if context is None:
            return None
        session = new_session(context, service=service, lang=i18n.current_language())
        return self._show(WizardWindow(context, session, self.language))

    def continue_draft(self, draft_id: str) -> WizardWindow | None:
        for window in self.windows:
            if window.session.draft_id == draft_id:
                bring_to_front(window)
                return window
        from desktop.ui.wizard.wizard_window import WizardWindow

        context = self.context()
        if context is None or not self._record(Access.DRAFT, draft_id, context):
            return None
        session = drafts.open_draft(self.db, context.forms, draft_id, today=dt.date.today())
        return self._show(WizardWindow(context, session, self.language))

    def show_application(self, application_id: str) -> WizardWindow | None:
        from desktop.services.intake import open_application
        from desktop.ui.wizard.wizard_window import WizardWindow

        context = self.context()
        if context is None or not self._record(Access.APPLICATION, application_id, context):
            return None
        session = open_application(context, application_id)
        return self._show(WizardWindow(context, session, self.language))

    def _record(self, what: Access, record_id: str, context: IntakeContext) -> bool:
        """The opening goes to the access journal first; on a full disk it cannot, and the
        window does not open (no look at a family's data goes unrecorded)."""
        try:
            record_access(self.db, what, record_id, context.staff_id)
        except DatabaseError as error:
            QMessageBox.warning(self.parent_widget, i18n._("Not opened"),
                                i18n.render(error.message))
            return False
        return True

    def open_case(self, kind: str, case_id: str) -> None:
        if kind == "draft":
            self.continue_draft(case_id)
        else:
            self.show_application(case_id)

    def recover(self) -> WizardWindow | None:
        """Open the draft whose wizard was open when the program stopped."""
        draft_id = get_setting(self.db, drafts.OPEN_DRAFT_KEY)
        if not draft_id:
            return None
        if draft_id not in {d.draft_id for d in drafts.list_open_drafts(self.db)}:
            return None
        return self.continue_draft(draft_id)

    def _show(self, window: WizardWindow) -> WizardWindow:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.registered.connect(lambda _r: self.changed.emit())
        window.refused.connect(lambda _r: self.changed.emit())
        window.amended.connect(lambda _a: self.changed.emit())
        window.saved.connect(lambda _d: self.changed.emit())
        window.open_case.connect(self.open_case)
        window.destroyed.connect(lambda *_a, w=window: self._forget(w))
        self.windows.append(window)
        window.show()
        bring_to_front(window)
        return window

    def _forget(self, window: WizardWindow) -> None:
        if window in self.windows:
            self.windows.remove(window)
