"""Start the desktop application: the window first, then the database, the office, the journal.

The main window's shell is on screen before SQLAlchemy is even imported; opening the
database, the first-start questions, the login and filling the journal follow from the event
loop (:class:`_Start`). A problem still ends the process with its exit code and message.

Up to the journal's first page SQLAlchemy is not imported at all: the open, the settings, the
office, whether the desk has accounts and the journal's page are read and written in SQL text
through the driver's one connection (``Database.rows``/``transaction``), which the engine takes
over when it is made. SQLAlchemy, the ORM, the models and the panels' services (intake,
documents, sync, the cases and their dashboard counts) are loaded once that page is painted
(``MainWindow.attach_panels``).
``tests/unit/app/test_first_page.py`` keeps it so.

The database is opened with only its cheap checks (the key, the schema, the file's length); the
check of every page runs in the background once the window is whole
(``desktop.ui.database_check``), so a large desk's journal is not held up by a read of the
whole file. A file found damaged at an earlier start is checked whole before it opens, and
refused with the damaged-database message and exit code, as the command line does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop import i18n
from desktop.startup import (
    LANGUAGE_SETTING,
    ExitCode,
    StartupProblem,
    database_problem,
    remember_language,
    remembered_language,
    resolve_db_path,
    resume_collection,
)
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.qt_l10n import install_qt_translations

if TYPE_CHECKING:
    from desktop.storage.database import Database


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Kömek")
    app.setApplicationDisplayName("Kömek")
    return app


def _show_problem(problem: StartupProblem, lang: str, parent: QWidget | None = None) -> int:
    """Say what went wrong on stderr and, when someone can see a screen, in a dialog."""
    text = i18n.render(problem.message, lang)
    print(text, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        install_qt_translations(lang)
        QMessageBox.critical(parent, i18n._("Kömek cannot start", lang), text)
    return problem.exit_code


def _report(what: str) -> None:
    """For benchmarks/startup.py: ``shown`` (the window on screen), ``ready`` (the journal),
    with the monotonic clock and the process's CPU time so far."""
    print(f"{what} {time.monotonic():.6f} {time.process_time():.6f}", flush=True)


class _Start:
    """What follows the shell on screen, run from the event loop: open the database, ask for
    the office once, log in, attach the database to the window. ``code`` is set when the start
    stops there (cancelled, or a problem); ``error`` holds an unexpected exception."""

    window: MainWindow  # set once the shell is built

    def __init__(self, app: QApplication, args: argparse.Namespace, path: Path) -> None:
        self.app, self.args, self.path = app, args, path
        self.db: Database | None = None
        self.code: int | None = None
        self.error: BaseException | None = None
        self.report = bool(os.environ.get("KOMEK_REPORT_SHOWN"))

    def remember_language(self, code: str) -> None:
        """The language chosen is remembered; on a full disk it is not, and the switch still
        happens (nothing typed depends on it)."""
        if self.db is not None:
            from desktop.services.workstation_state import set_setting
            from desktop.storage.errors import DatabaseError

            with contextlib.suppress(DatabaseError):
                set_setting(self.db, LANGUAGE_SETTING, code)
        remember_language(self.path, code)

    def shown(self) -> None:
        if self.report:
            _report("shown")
        QTimer.singleShot(0, self.run)

    def run(self) -> None:
        QApplication.processEvents()  # the shell painted before the database work blocks
        if not self.window.isVisible():  # closed before the database was open
            return
        try:
            self.code = self._open_and_attach()
        except BaseException as error:  # re-raised by run_gui once the event loop is left
            self.error, self.code = error, ExitCode.FAILED
        if self.code is not None:
            self.app.exit(self.code)
            self.window.close()
        else:
            QTimer.singleShot(0, self._journal_painted)

    def _journal_painted(self) -> None:
        """The journal's first page is on screen: now the ORM, the services and the panels.

        For benchmarks/startup.py: ``ready`` (the journal's rows painted, the search field
        taking input) before the panels, ``whole`` after them, and quit."""
        if self.report:
            _report("ready")
        try:
            self.window.attach_panels(counts_later=True)
        except BaseException as error:  # re-raised by run_gui once the event loop is left
            self.error, self.code = error, ExitCode.FAILED
            self.app.exit(self.code)
            self.window.close()
            return
        finally:
            resume_collection()  # the window is whole: held since the process began
        if self.report:
            QTimer.singleShot(0, self._whole)

    def _whole(self) -> None:
        _report("whole")
        self.app.quit()

    def _open_and_attach(self) -> int | None:
        from desktop.domain.roles import Permission
        from desktop.services.workstation_state import get_setting, load_setup
        from desktop.storage.damage_record import damage_recorded
        from desktop.storage.database import Database, DatabaseError
        from desktop.ui.cases.start import log_in_at_start

        if damage_recorded(self.path):  # every page is checked first: say why it takes long
            self.window.opening_a_damaged_file()
            QApplication.processEvents()
        try:
            # every page's check is left to the background, once the window is whole
            self.db = db = Database.open(self.path, background_check=True)
        except DatabaseError as error:
            return _show_problem(database_problem(error), i18n.current_language(), self.window)

        language = self.window.language
        stored = get_setting(db, LANGUAGE_SETTING)
        if stored is not None and stored in i18n.LANGUAGES:
            remember_language(self.path, stored)  # for the next start's first window
            if not self.args.lang and stored != i18n.current_language():
                language.switch(stored)  # the quick read before the window could not see it

        if self.args.demo:
            from desktop.demo.generate import fill_demo
            from desktop.services.journal import Journal

            if Journal(db).count() == 0:
                fill_demo(db)

        context = AppContext(db=db, language=language, setup=load_setup(db))
        if context.setup is None:
            from desktop.ui.setup_dialog import SetupDialog

            dialog = SetupDialog(None, self.window)
            if not dialog.exec() or dialog.result_setup is None:
                return ExitCode.OK
            from desktop.services.workstation import save_setup

            save_setup(db, dialog.result_setup)
            context.setup = load_setup(db)
        if not log_in_at_start(context):
            return ExitCode.OK
        if context.user is None or context.user.account_id is None or \
                context.user.can(Permission.MANAGE_ACCOUNTS):
            # once, to whoever sets the workstation up (also after the upgrade that encrypted
            # an existing desk); a desk with accounts waits for its administrator
            from desktop.ui.recovery_code_dialog import show_recovery_code_if_due

            show_recovery_code_if_due(db, self.window)
        self.window.attach(context, panels_later=True)  # the panels once the journal is painted
        return None


def run_gui(args: argparse.Namespace, fallback_language: str) -> int:
    app = _application()
    path = resolve_db_path(args.db)
    lang = args.lang or remembered_language(path) or fallback_language
    if lang not in i18n.LANGUAGES:
        lang = fallback_language
    i18n.set_language(lang)
    install_qt_translations(lang)

    from desktop.storage.location import logs_folder
    from desktop.ui.problems import ExceptionHook

    start = _Start(app, args, path)
    hook = ExceptionHook(lambda: logs_folder(start.db.path if start.db is not None else path))
    try:
        window = start.window = MainWindow(language=LanguageController(start.remember_language))
        window.show()
        QTimer.singleShot(0, start.shown)
        code = app.exec()
    finally:
        hook.restore()
    if start.db is not None:
        if start.window.ready:  # the dashboard's first counts, when still being made
            start.window.cases_panel.dashboard.wait_for_counts()
        start.db.close()  # never fails, even on a full disk
    if start.error is not None:
        raise start.error
    return start.code if start.code is not None else code
