"""The main window: menus, toolbar, the applications journal and a truthful status bar.

The window comes up in two steps so that it is on screen before the database is open:
``MainWindow(language=...)`` builds the shell (menus, toolbar, status bar and an "Opening the
database…" line where the journal goes) with Qt alone, and ``attach(context)`` then builds
everything that reads the database: the journal first (SQL text, no SQLAlchemy), then in
``attach_panels`` the drafts, the Documents, Synchronization and Cases menus and the
dashboard (the ORM and the services); the start calls it once the journal's first page is
painted. ``MainWindow(context)`` does it all at once. The database, SQLAlchemy and the
panels' services are imported by ``attach`` and ``attach_panels``, never by this module.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QToolBar, QWidget

from desktop import i18n
from desktop.domain.model import short_name
from desktop.i18n import _
from desktop.ui.elided_label import ElidedLabel
from desktop.ui.language import LanguageController

if TYPE_CHECKING:
    from desktop.services.accounts import CurrentUser
    from desktop.services.workstation import WorkstationSetup
    from desktop.storage.database import Database
    from desktop.storage.page_check import PageCheck
    from desktop.ui.cases.panel import CasesPanel
    from desktop.ui.cases.session import UserSession
    from desktop.ui.database_check import DatabaseCheck
    from desktop.ui.journal_view import JournalView
    from desktop.ui.printing.documents_menu import DocumentsMenu
    from desktop.ui.sync.panel import SyncPanel
    from desktop.ui.transfer.action import TransferAction
    from desktop.ui.wizard.desk import IntakeDesk
    from desktop.ui.wizard.drafts_view import DraftsView


DOCK_WIDTH = 255
OFFICE_NAME_WIDTH = 360  # px of the office's name in the status bar
_ALIGN_CENTER = 0x0084  # Qt.AlignmentFlag.AlignCenter
_TOOL_BUTTON_TEXT_ONLY = 1  # Qt.ToolButtonStyle.ToolButtonTextOnly


@dataclass
class AppContext:
    """What every window needs, passed in explicitly (no global application object)."""

    db: Database
    language: LanguageController
    setup: WorkstationSetup | None = None
    user: CurrentUser | None = None  # None: no accounts, the workstation's operator acts


# The catalogue's index is read once the window shows and the desk is idle, so that Ctrl+N's
# service chooser opens at once (reading it costs tens of milliseconds, a lookup microseconds).
WARM_CATALOGUE_MS = 200


def warm_catalogue() -> None:
    from desktop.catalog import CatalogueError, catalogue_index

    with contextlib.suppress(CatalogueError):  # said where it is used: the chooser, the case
        catalogue_index()


class MainWindow(QMainWindow):
    """The desk: the journal in the middle, everything else one menu away.

    ``MainWindow(context)``: the whole window over an open database. ``MainWindow(language=
    controller)``: the shell only, until ``attach(context)``; ``ready`` tells whether the
    window is whole (its panels attached).
    """

    # Set by attach() (the context and the journal) and attach_panels(); a shell has none.
    context: AppContext
    journal_view: JournalView
    desk: IntakeDesk
    documents: DocumentsMenu
    transfer_action: TransferAction
    drafts_view: DraftsView
    drafts_dock: QDockWidget
    sync_panel: SyncPanel
    cases_panel: CasesPanel
    session: UserSession
    database_check: DatabaseCheck | None = None  # the pages checked in the background

    def __init__(self, context: AppContext | None = None, parent: QWidget | None = None, *,
                 language: LanguageController | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        controller = context.language if context is not None else language
        if controller is None:
            raise TypeError("MainWindow needs a context, or a language for the shell")
        self.language = controller
        self.ready = False
        self._opening_damaged = False  # the shell's line: a file found damaged before
        self.opening_label: QLabel | None = QLabel(objectName="main_opening")
        # Qt properties set by value, not through the Qt namespace: its first use creates all
        # of its enums (~30 ms), which the shell leaves to attach(), after the first paint.
        self.opening_label.setProperty("alignment", _ALIGN_CENTER)
        self.setCentralWidget(self.opening_label)
        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        controller.language_changed.connect(lambda _lang: self.retranslate())
        self.resize(1280, 720)
        if context is not None:
            self.attach(context)
        else:
            self.retranslate()

    # --- construction ------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.action_new = QAction(self, objectName="action_new")
        self.action_demo = QAction(self, objectName="action_demo")
        self.action_settings = QAction(self, objectName="action_settings")
        self.action_poverty_lines = QAction(self, objectName="action_poverty_lines")
        self.action_exit = QAction(self, objectName="action_exit")
        self.action_exit.triggered.connect(self.close)
        self.action_refresh = QAction(self, objectName="action_refresh")
        self.action_find = QAction(self, objectName="action_find")
        self.action_about = QAction(self, objectName="action_about")
        # These need the database: disabled in the shell, connected by attach().
        self.data_actions = (self.action_new, self.action_demo, self.action_settings,
                             self.action_poverty_lines, self.action_refresh, self.action_find,
                             self.action_about)
        for action in self.data_actions:
            action.setEnabled(False)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang in i18n.LANGUAGES:
            action = QAction(i18n.LANGUAGE_NAMES[lang], self, checkable=True,
                             objectName=f"action_language_{lang}")
            action.triggered.connect(lambda _checked=False, code=lang: self.switch_language(code))
            self.language_group.addAction(action)
            self.language_actions[lang] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = QMenu(self, objectName="menu_file")
        self.menu_file.addAction(self.action_new)
        self.menu_file.addAction(self.action_demo)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_settings)
        self.menu_file.addAction(self.action_poverty_lines)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_exit)
        self.menu_view = QMenu(self, objectName="menu_view")
        self.menu_view.addAction(self.action_find)
        self.menu_view.addAction(self.action_refresh)
        self.menu_language = QMenu(self, objectName="menu_language")
        for action in self.language_actions.values():
            self.menu_language.addAction(action)
        self.menu_view.addSeparator()
        self.menu_view.addMenu(self.menu_language)
        self.menu_help = QMenu(self, objectName="menu_help")
        self.menu_help.addAction(self.action_about)
        for menu in (self.menu_file, self.menu_view, self.menu_help):
            bar.addMenu(menu)
        self.toolbar = QToolBar(objectName="main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setProperty("toolButtonStyle", _TOOL_BUTTON_TEXT_ONLY)
        self.toolbar.addAction(self.action_new)
        self.toolbar.addAction(self.action_refresh)
        self.toolbar.addAction(self.action_settings)
        self.addToolBar(self.toolbar)

    def _build_status_bar(self) -> None:
        # Each gives way with "…" (whole on hover) when the bar is narrower than them all;
        # the file's name, short, stays whole.
        self.status_office = ElidedLabel(objectName="status_office")
        self.status_operator = ElidedLabel(objectName="status_operator")
        self.status_database = QLabel(objectName="status_database")
        self.status_key = ElidedLabel(objectName="status_key")  # only when the key is in a file
        self.status_key.hide()
        self.status_sync = ElidedLabel(objectName="status_sync")
        # in place of status_database while the pages are checked, or when damage was found
        self.status_check = QLabel(objectName="status_check")
        self.status_check.hide()
        bar = self.statusBar()
        bar.addWidget(self.status_office)
        bar.addWidget(self.status_operator)
        bar.addPermanentWidget(self.status_check)
        bar.addPermanentWidget(self.status_database)
        bar.addPermanentWidget(self.status_key)
        bar.addPermanentWidget(self.status_sync)

    def opening_a_damaged_file(self) -> None:
        """The shell says that the file found damaged before is checked whole first."""
        self._opening_damaged = True
        self.retranslate()

    def attach(self, context: AppContext, *, panels_later: bool = False) -> None:
        """Build the parts that read the database: the shell becomes the whole window.

        The journal comes first, in SQL text without SQLAlchemy; the panels (the intake desk,
        Documents, drafts, sync, cases and their dashboard), which import the ORM, the
        services and the printing, follow in :meth:`attach_panels`: at once, or with
        ``panels_later`` when the caller calls it, once the journal's first page is painted
        (``desktop.ui.app``)."""
        from desktop.services.journal import Journal
        from desktop.ui.journal_view import JournalView

        if self.ready or hasattr(self, "journal_view"):
            raise RuntimeError("the main window is attached to a database already")
        self.context = context
        self._set_shortcuts()
        self.journal_view = JournalView(Journal(context.db))
        self.setCentralWidget(self.journal_view)  # deletes the "Opening the database…" line
        self.opening_label = None
        self.retranslate()
        if not panels_later:
            self.attach_panels()

    def attach_panels(self, *, counts_later: bool = False) -> None:
        """Everything but the journal: the window is whole (``ready``) after this.

        ``counts_later``: the dashboard's first counts are made in the background and shown
        when ready (the window's start: they take a second at 100 000 applications)."""
        from PySide6.QtCore import Qt

        from desktop.ui.cases.panel import CasesPanel
        from desktop.ui.cases.session import UserSession
        from desktop.ui.printing.documents_menu import DocumentsMenu
        from desktop.ui.sync.panel import SyncPanel
        from desktop.ui.transfer.action import TransferAction
        from desktop.ui.wizard.desk import IntakeDesk
        from desktop.ui.wizard.drafts_view import DraftsView

        if self.ready:
            raise RuntimeError("the main window's panels are attached already")
        context = self.context
        self.journal_view.demo_requested.connect(self.fill_demo)
        self.desk = IntakeDesk(context.db, context.language, self)
        self.desk.changed.connect(self._intake_changed)
        self.journal_view.table.doubleClicked.connect(self._journal_activated)
        self.journal_view.open_requested.connect(self.desk.show_application)
        self.documents = DocumentsMenu(context.db, self.journal_view, self.desk.show_application,
                                       self)
        self.menuBar().insertMenu(self.menu_help.menuAction(), self.documents.menu)
        self.transfer_action = TransferAction(self.documents, context.db, self._intake_changed)
        self.drafts_view = DraftsView(context.db)
        self.drafts_view.continue_requested.connect(self.desk.continue_draft)
        self.drafts_dock = QDockWidget(objectName="drafts_dock")
        self.drafts_dock.setWidget(self.drafts_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.drafts_dock)
        self.action_new.triggered.connect(self.desk.choose_service)
        self.action_demo.triggered.connect(self.fill_demo)
        self.action_settings.triggered.connect(self.edit_settings)
        self.action_poverty_lines.triggered.connect(self.edit_poverty_lines)
        self.action_refresh.triggered.connect(self.journal_view.refresh)
        self.action_find.triggered.connect(self.focus_search)
        self.action_about.triggered.connect(self.show_about)
        for action in self.data_actions:
            action.setEnabled(True)
        self.action_poverty_lines.setEnabled(self._may_set_parameters(context))
        self.sync_panel = SyncPanel(self, context.db, self.status_sync, self.menu_help,
                                    self._intake_changed)
        self.cases_panel = CasesPanel(self, context, self._intake_changed,
                                      counts_later=counts_later)
        self.session = UserSession(self, context, self.cases_panel)  # File → log out, status
        # The journal is the desk's main view: the side docks get a third of a 1366 px screen
        # at most, so its eight columns fit without scrolling sideways.
        side_docks = [self.drafts_dock, self.cases_panel.dashboard_dock]
        self.resizeDocks(side_docks, [DOCK_WIDTH] * len(side_docks), Qt.Orientation.Horizontal)
        self.ready = True
        self.retranslate()
        QTimer.singleShot(0, self.desk.recover)
        if context.db.page_check is not None:
            self._check_database_later(context.db.page_check)
        QTimer.singleShot(WARM_CATALOGUE_MS, self._catalogue_ready)

    def _check_database_later(self, check: PageCheck) -> None:
        """The check of every page the open left to the background begins once the journal
        is painted (it would only slow the first paint down)."""
        from desktop.ui.database_check import DatabaseCheck

        self.database_check = DatabaseCheck(self, check, self.status_check, self.status_database)
        QTimer.singleShot(0, self.database_check.start)

    def _catalogue_ready(self) -> None:
        """The catalogue read: the journal names each row's service and filters by it."""
        warm_catalogue()
        self.journal_view.fill_services()
        self.journal_view.model.retranslate()

    def _set_shortcuts(self) -> None:
        """The platform's standard keys, set by attach(): the first standard key creates the
        Qt namespace's enums (~30 ms), and the shell's actions are disabled anyway."""
        for action, key in ((self.action_new, QKeySequence.StandardKey.New),
                            (self.action_exit, QKeySequence.StandardKey.Quit),
                            (self.action_refresh, QKeySequence.StandardKey.Refresh),
                            (self.action_find, QKeySequence.StandardKey.Find)):
            action.setShortcut(key)

    # --- behaviour ---------------------------------------------------------------------

    def focus_search(self) -> None:
        self.journal_view.search_edit.setFocus()
        self.journal_view.search_edit.selectAll()

    def switch_language(self, lang: str) -> None:
        self.language.switch(lang)

    def show_about(self) -> None:
        from desktop.ui.about_dialog import show_about

        show_about(self, self.context.db.path)

    def fill_demo(self) -> None:
        from desktop.demo.generate import fill_demo

        if self.journal_view.model.total and not self.journal_view.model.search_text:
            return
        fill_demo(self.context.db)
        self.journal_view.refresh()
        self._update_actions()

    def edit_settings(self) -> None:
        from desktop.services.workstation import load_setup, save_setup
        from desktop.storage.errors import DatabaseError
        from desktop.ui.cases.common import show_problem
        from desktop.ui.setup_dialog import SetupDialog

        setup = self.context.setup
        while True:
            dialog = SetupDialog(setup, self)
            if not dialog.exec() or dialog.result_setup is None:
                return
            try:
                save_setup(self.context.db, dialog.result_setup)
                break
            except DatabaseError as error:  # a full disk: asked again with what was typed
                show_problem(self, error)
                setup = dialog.result_setup
        self.context.setup = load_setup(self.context.db)
        self.desk.reset()
        self._update_status()

    @staticmethod
    def _may_set_parameters(context: AppContext) -> bool:
        """Poverty lines are the administrator's or the head's to set (no accounts: anyone)."""
        from desktop.domain.roles import Role

        if context.user is None or context.user.account_id is None:
            return True
        return bool({Role.ADMINISTRATOR, Role.HEAD} & set(context.user.roles))

    def edit_poverty_lines(self) -> None:
        from desktop.ui.poverty_lines_dialog import PovertyLinesDialog

        PovertyLinesDialog(parent=self).exec()

    def _journal_activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < self.journal_view.model.rowCount():
            self.desk.show_application(self.journal_view.model.row_at(index.row()).application_id)

    def _intake_changed(self) -> None:
        self.journal_view.refresh()
        self.drafts_view.refresh()
        self._update_actions()

    def _update_actions(self) -> None:
        if self.ready:
            from desktop.services.journal import Journal

            self.action_demo.setEnabled(Journal(self.context.db).count() == 0)
        for lang, action in self.language_actions.items():
            action.setChecked(lang == i18n.current_language())

    def _update_status(self) -> None:
        setup = self.context.setup
        if setup:
            name = setup.office_name_ru if i18n.current_language() == "ru" else setup.office_name_kk
            # An office's full name is long (a Kazakh department's is ~70 letters): shortened
            # with "…" so the user and the sync state stay in sight; whole on hover.
            from PySide6.QtCore import Qt

            short = self.status_office.fontMetrics().elidedText(
                name, Qt.TextElideMode.ElideRight, OFFICE_NAME_WIDTH)
            self.status_office.set_whole_text(short, kept=f" ({setup.office_code})", hint=name)
            operator = _("Operator: {name}")
            self.status_operator.setText(operator.format(name=setup.operator_full_name))
            # gives way at most down to the surname and initials
            self.status_operator.set_short_form(operator.format(
                name=short_name(setup.operator_full_name)))
        else:
            self.status_office.setText(_("Office not set up"))
            self.status_operator.setText("")
            self.status_operator.set_short_form("")
        # The file's name in the bar, the whole path on hover: a full path (a Windows profile
        # folder is long) pushed the office and the operator out of sight.
        self.status_database.setText(_("Database: {path}").format(path=self.context.db.path.name))
        self.status_database.setToolTip(str(self.context.db.path))
        from desktop.services.recovery import key_storage_note

        note = key_storage_note(self.context.db.key_location)
        self.status_key.setVisible(note is not None)
        if note is not None:
            self.status_key.setText(_("Key in a file, not in a credential store"))
            self.status_key.setStyleSheet("color: #a40000;")
            self.status_key.setToolTip(i18n.render(note))
        self.session.update_status()  # the logged-in user and role, once accounts exist
        self.sync_panel.retranslate()

    def retranslate(self) -> None:
        # the system adds the program's name (its display name) after the title
        self.setWindowTitle(_("Applications for targeted social assistance"))
        self.menu_file.setTitle(_("&File"))
        self.menu_view.setTitle(_("&View"))
        self.menu_language.setTitle(_("Interface &language"))
        self.menu_help.setTitle(_("&Help"))
        self.action_new.setText(_("&New application"))
        self.action_new.setToolTip(_("New application (Ctrl+N)"))
        self.action_demo.setText(_("Fill with &demo data"))
        self.action_settings.setText(_("Workstation &settings…"))
        self.action_poverty_lines.setText(_("&Poverty lines…"))
        self.action_exit.setText(_("E&xit"))
        self.action_refresh.setText(_("&Refresh"))
        self.action_find.setText(_("&Find an application"))
        self.action_about.setText(_("&About the program"))
        self.toolbar.setWindowTitle(_("Toolbar"))
        if self.opening_label is not None:
            self.opening_label.setText(_(
                "Damage was found in the database file at an earlier start: every page of it "
                "is being checked…") if self._opening_damaged else _("Opening the database…"))
        if self.opening_label is None:  # the journal is attached
            self.journal_view.retranslate()
        if self.ready:
            self.documents.retranslate()
            self.drafts_dock.setWindowTitle(_("Drafts"))
            self.drafts_view.retranslate()
            self._update_status()
            if self.database_check is not None:
                self.database_check.retranslate()
        self._update_actions()
