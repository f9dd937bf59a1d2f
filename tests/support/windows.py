"""The main window over a test's database, as the desk opens it: on screen, language remembered."""

from __future__ import annotations

from desktop.services.workstation import load_setup, set_setting
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow


def open_main_window(qtbot, db: Database) -> MainWindow:
    """The whole main window over ``db``, shown and exposed; closed with the test (qtbot)."""
    language = LanguageController(remember=lambda code: set_setting(db, "language", code))
    window = MainWindow(AppContext(db=db, language=language, setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
