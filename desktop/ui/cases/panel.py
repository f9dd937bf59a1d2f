"""The case features in the main window: the Cases menu, My work today and the dashboard.

Installed by the main window with one call; keeps its own actions, docks and translations.
The user is the logged-in account, or the workstation's operator when there are no accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from desktop.domain.roles import Permission
from desktop.i18n import _
from desktop.services.accounts import CurrentUser, has_accounts, workstation_user
from desktop.ui.cases.dashboard import DashboardWidget

if TYPE_CHECKING:
    from desktop.services.cases import CaseService
    from desktop.ui.main_window import AppContext, MainWindow


class CasesPanel:
    def __init__(self, window: MainWindow, context: AppContext,
                 changed: Callable[[], None], *, counts_later: bool = False) -> None:
        self.window, self.context, self.changed = window, context, changed
        self.windows: list[QWidget] = []  # the case windows open, closed at a switch of user
        self.menu = QMenu(window, objectName="menu_cases")
        self.action_open = self._action("action_open_case", self.open_selected, "Ctrl+E")
        self.action_work = self._action("action_my_work", self.show_work)
        self.action_certificate = self._action("action_certificate", self.certificate)
        self.action_disabilities = self._action("action_disabilities", self.disabilities)
        self.action_waiting = self._action("action_waiting_registers", self.waiting_registers)
        self.action_reports = self._action("action_reports", self.reports)
        self.action_access_journal = self._action("action_access_journal",
                                                  self.access_journal)
        self.action_accounts = self._action("action_accounts", self.accounts)
        for action in (self.action_open, self.action_work, self.action_certificate,
                       self.action_disabilities, self.action_reports, self.action_waiting,
                       self.action_access_journal, self.action_accounts):
            self.menu.addAction(action)
        bar = window.menuBar()
        bar.insertMenu(window.menu_help.menuAction(), self.menu)
        self.dashboard = DashboardWidget(context.db, counted_later=counts_later)
        self.dashboard_dock = QDockWidget(objectName="dashboard_dock")
        self.dashboard_dock.setWidget(self.dashboard)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dashboard_dock)
        self.dashboard.counted_late.connect(self._fit_dashboard)
        self.work_dock: QDockWidget | None = None
        self.accounts_closed: Callable[[], None] | None = None  # the session re-reads the user
        window.desk.changed.connect(self.refresh)
        context.language.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def _fit_dashboard(self) -> None:
        """The counts came after the window's layout: the dock takes the chart's height, as
        it does when the counts are there when the dock is laid out."""
        self.window.resizeDocks([self.dashboard_dock], [self.dashboard.sizeHint().height()],
                                Qt.Orientation.Vertical)

    def _action(self, name: str, slot: Callable[[], None], keys: str = "") -> QAction:
        action = QAction(self.window, objectName=name)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    @cached_property
    def cases(self) -> CaseService:
        """The case workflow (decisions, deadlines): loaded when a case is first opened, not
        with the main window."""
        from desktop.services.cases import CaseService

        return CaseService(self.context.db)

    @property
    def user(self) -> CurrentUser | None:
        user: CurrentUser | None = getattr(self.context, "user", None)
        return user or workstation_user(self.context.db)

    def refresh(self) -> None:
        self.dashboard.refresh()
        if self.work_dock is not None:
            self.work_dock.widget().refresh()  # type: ignore[attr-defined]

    def _stepped(self) -> None:
        self.refresh()
        self.changed()

    def open_case(self, application_id: str) -> None:
        from desktop.services.access_journal import Access, record_access
        from desktop.storage.errors import DatabaseError
        from desktop.ui.cases.case_window import CaseWindow
        from desktop.ui.cases.common import show_problem

        user = self.user
        if user is None:
            return
        try:  # recorded before anything is shown: on a full disk the window does not open
            record_access(self.context.db, Access.CASE, application_id,
                          user.staff_id or user.actor_id)
        except DatabaseError as error:
            show_problem(self.window, error)
            return
        window = CaseWindow(self.cases, user, application_id, self.window)
        window.changed.connect(self._stepped)
        window.finished.connect(lambda _result, w=window: self._closed(w))
        self.windows.append(window)
        window.show()

    def _closed(self, window: QWidget) -> None:
        if window in self.windows:
            self.windows.remove(window)

    def user_changed(self) -> None:
        """Another person logged in: close the windows opened for the previous one (they act
        as that person), and offer only what the new one may do."""
        for window in list(self.windows):
            window.close()
        self.windows.clear()
        if self.work_dock is not None:  # its list was the previous person's work
            self.window.removeDockWidget(self.work_dock)
            self.work_dock.deleteLater()
            self.work_dock = None
        self.dashboard.refresh()
        self._update_enabled()

    def open_selected(self) -> None:
        view = self.window.journal_view
        row = view.table.currentIndex().row()
        if 0 <= row < view.model.rowCount():
            self.open_case(view.model.row_at(row).application_id)

    def show_work(self) -> None:
        from desktop.ui.cases.my_work import MyWorkView

        user = self.user
        if user is None:
            return
        if self.work_dock is None:
            work = MyWorkView(self.cases, user)
            work.open_requested.connect(self.open_case)
            self.work_dock = QDockWidget(objectName="my_work_dock")
            self.work_dock.setWidget(work)
            self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.work_dock)
            self.retranslate()
        self.work_dock.show()
        self.work_dock.widget().refresh()  # type: ignore[attr-defined]

    def certificate(self) -> None:
        from desktop.ui.cases.certificate_dialog import CertificateDialog

        user = self.user
        if user is not None:
            CertificateDialog(self.context.db, user, self.window).exec()

    def disabilities(self, iin: str = "") -> None:
        from desktop.ui.cases.disability_dialog import DisabilityDialog

        user = self.user
        if user is not None and user.can(Permission.REGISTER_APPLICATIONS):
            DisabilityDialog(self.context.db, user, user.office_code, self.window, iin).exec()

    def waiting_registers(self) -> None:
        from desktop.ui.cases.reports_dialog import WaitingRegistersDialog

        WaitingRegistersDialog(self.context.db, self.window).exec()

    def reports(self) -> None:
        from desktop.ui.cases.reports_dialog import ReportsDialog

        ReportsDialog(self.context.db, self.window).exec()

    def access_journal(self) -> None:
        from desktop.ui.cases.reports_dialog import AccessJournalDialog

        user = self.user
        if user is not None and user.can(Permission.VIEW_ACCESS_JOURNAL):
            AccessJournalDialog(self.context.db, self.window).exec()

    def accounts(self) -> None:
        from desktop.ui.cases.accounts_dialog import AccountsDialog

        AccountsDialog(self.context.db, getattr(self.context, "user", None), self.window).exec()
        if self.accounts_closed is not None:
            self.accounts_closed()
        self._update_enabled()

    def refresh_permissions(self) -> None:
        self._update_enabled()

    def _update_enabled(self) -> None:
        user = self.user

        def can(permission: Permission) -> bool:
            return user is not None and user.can(permission)

        self.action_certificate.setEnabled(can(Permission.ISSUE_CERTIFICATES))
        self.action_reports.setEnabled(can(Permission.VIEW_REPORTS))
        self.action_disabilities.setEnabled(can(Permission.REGISTER_APPLICATIONS))
        self.action_waiting.setEnabled(can(Permission.VIEW_REPORTS))
        self.action_access_journal.setEnabled(can(Permission.VIEW_ACCESS_JOURNAL))
        first = not has_accounts(self.context.db)
        self.action_accounts.setEnabled(first or can(Permission.MANAGE_ACCOUNTS))

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Cases"))
        self.action_open.setText(_("&Open the case"))
        self.action_work.setText(_("My &work today"))
        self.action_certificate.setText(_("&Certificate of belonging to assistance recipients…"))
        self.action_reports.setText(_("&Reports…"))
        self.action_disabilities.setText(_("Persons with &disabilities…"))
        self.action_waiting.setText(_("Waiting re&gisters…"))
        self.action_access_journal.setText(_("Access &journal…"))
        self.action_accounts.setText(_("&Accounts…"))
        self.dashboard_dock.setWindowTitle(_("Dashboard"))
        self.dashboard.retranslate()
        if self.work_dock is not None:
            self.work_dock.setWindowTitle(_("My work today"))
            self.work_dock.widget().refresh()  # type: ignore[attr-defined]
        self._update_enabled()
