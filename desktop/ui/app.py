"""Start the desktop application: open the database, ask for the office once, show the journal."""

from __future__ import annotations

import argparse
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n
from desktop.services.workstation import get_setting, load_setup, save_setup, set_setting
from desktop.startup import ExitCode, StartupProblem, database_problem, resolve_db_path
from desktop.storage.database import Database, DatabaseError
from desktop.ui.cases.start import log_in_at_start
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.qt_l10n import install_qt_translations
from desktop.ui.setup_dialog import SetupDialog

LANGUAGE_SETTING = "language"


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Kömek")
    app.setApplicationDisplayName("Kömek")
    return app


def _show_problem(problem: StartupProblem, lang: str) -> int:
    """Say what went wrong on stderr and, when someone can see a screen, in a dialog."""
    text = i18n.render(problem.message, lang)
    print(text, file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        install_qt_translations(lang)
        QMessageBox.critical(None, i18n._("Kömek cannot start", lang), text)
    return problem.exit_code


def run_gui(args: argparse.Namespace, fallback_language: str) -> int:
    app = _application()
    try:
        db = Database.open(resolve_db_path(args.db))
    except DatabaseError as error:
        return _show_problem(database_problem(error), args.lang or fallback_language)

    lang = args.lang or get_setting(db, LANGUAGE_SETTING) or fallback_language
    if lang not in i18n.LANGUAGES:
        lang = fallback_language
    i18n.set_language(lang)
    install_qt_translations(lang)
    language = LanguageController(remember=lambda code: set_setting(db, LANGUAGE_SETTING, code))

    if args.demo:
        from desktop.demo.generate import fill_demo
        from desktop.services.journal import Journal

        if Journal(db).count() == 0:
            fill_demo(db)

    context = AppContext(db=db, language=language, setup=load_setup(db))
    if context.setup is None:
        dialog = SetupDialog()
        if not dialog.exec() or dialog.result_setup is None:
            db.close()
            return ExitCode.OK
        save_setup(db, dialog.result_setup)
        context.setup = load_setup(db)
    if not log_in_at_start(context):
        db.close()
        return ExitCode.OK

    window = MainWindow(context)
    window.show()
    if os.environ.get("KOMEK_REPORT_SHOWN"):
        # Used by benchmarks/startup.py: say when the window is on screen, then quit.
        QTimer.singleShot(0, lambda: (print(f"shown {time.monotonic():.6f}", flush=True),
                                      app.quit()))
    code = app.exec()
    db.close()
    return code
