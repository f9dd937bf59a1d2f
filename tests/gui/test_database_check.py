"""The main window over a database opened with the check of every page left to the
background: the window is whole and answers while the check runs, the status bar says it runs,
and damage the check finds in a real encrypted file is told at once, in both languages."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import i18n
from desktop.demo.generate import fill_demo
from desktop.services.workstation import (
    WorkstationSetup,
    get_setting,
    load_setup,
    save_setup,
    set_setting,
)
from desktop.storage.backup import make_backup
from desktop.storage.damage_record import record_path
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from tests.support.storage import CheckGate, damage_a_middle_page, desk_key

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай ауылы әкімінің аппараты", office_name_ru="Аппарат акима села Актогай",
    office_code="AKT-02", operator_full_name="Тестова Айгүл", operator_position="маман")
SCREENSHOTS = os.environ.get("KOMEK_SCREENSHOTS")  # a folder: the windows are saved there


def _window(qtbot, db: Database) -> MainWindow:
    """The main window over ``db``, shown (as tests/gui/test_main_window.py makes it)."""
    language = LanguageController(remember=lambda code: set_setting(db, "language", code))
    window = MainWindow(AppContext(db=db, language=language, setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def desk_file(db_path: Path) -> Path:
    """A closed desk database of 80 generated families, as a desk leaves it."""
    with Database.open(db_path) as db:
        save_setup(db, SETUP)
        fill_demo(db, 80, seed=21)
    return db_path


@pytest.fixture
def opened(desk_file: Path) -> Iterator[Database]:
    db = Database.open(desk_file, background_check=True)
    yield db
    db.close()


def _save(window: MainWindow, name: str) -> None:
    if SCREENSHOTS:
        QApplication.processEvents()  # the status bar laid out again
        window.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))


def test_the_window_answers_while_the_pages_are_checked(qtbot, monkeypatch, opened):
    gate = CheckGate(monkeypatch)
    try:
        window = _window(qtbot, opened)
        assert window.ready  # whole before the check has even begun
        check = opened.page_check
        assert check is not None and window.database_check is not None
        qtbot.waitUntil(lambda: check.started and gate.entered.is_set(), timeout=10_000)
        assert window.status_check.isVisible() and not window.status_database.isVisible()
        assert window.status_check.text() == i18n._("Checking the database file…")
        _save(window, "check-running-kk")
        # the person searches and a setting is saved while the check is held
        view = window.journal_view
        first = view.model.row_at(0)
        qtbot.keyClicks(view.search_edit, first.iin)
        qtbot.waitUntil(lambda: view.model.total == 1, timeout=5_000)
        window.switch_language("ru")  # remembered in the database: a write
        assert get_setting(opened, "language") == "ru"
        assert window.status_check.text() == "Проверка файла базы данных…"
        assert not check.done
    finally:
        gate.release()
    with qtbot.waitSignal(window.database_check.finished, timeout=30_000) as verdict:
        pass
    assert verdict.args == [None]
    assert check.passed
    assert not window.status_check.isVisible() and window.status_database.isVisible()
    assert window.database_check.box is None


def test_damage_found_in_the_background_is_told_in_the_window(qtbot, db_path, desk_file):
    good = make_backup(desk_file, desk_key())
    damage_a_middle_page(desk_file)
    db = Database.open(desk_file, background_check=True)  # the cheap checks pass
    try:
        window = _window(qtbot, db)
        with qtbot.waitSignal(window.database_check.finished, timeout=30_000) as verdict:
            pass
        error = verdict.args[0]
        assert error is not None and error.latest_backup == good
        box = window.database_check.box
        assert box is not None and box.isVisible()
        assert box.objectName() == "database_damage_box"
        assert box.windowModality() == Qt.WindowModality.NonModal  # typing goes on
        kazakh = box.text()
        assert str(desk_file) in kazakh and str(good) in kazakh
        assert "зақым" in kazakh and "әкімші" in kazakh
        assert window.status_check.isVisible() and not window.status_database.isVisible()
        assert "a40000" in window.status_check.styleSheet()
        assert str(desk_file) in window.status_check.toolTip()
        assert window.status_check.text() == i18n._("The database file is damaged")
        _save(window, "check-damage-kk")
        if SCREENSHOTS:
            box.grab().save(str(Path(SCREENSHOTS) / "check-damage-box-kk.png"))
        window.switch_language("ru")
        ok = box.button(QMessageBox.StandardButton.Ok)
        qtbot.waitUntil(lambda: ok.text() == i18n._("OK"), timeout=5_000)  # Qt's own, too
        russian = box.text()
        assert russian != kazakh
        assert str(good) in russian and "администратор" in russian
        assert "резервные копии" in russian.lower()
        assert window.status_check.text() == "Файл базы данных поврежден"
        if SCREENSHOTS:
            box.grab().save(str(Path(SCREENSHOTS) / "check-damage-box-ru.png"))
            _save(window, "check-damage-ru")
        # the journal still answers: the person finishes what is typed
        assert window.journal_view.model.total == 80
    finally:
        db.close()
    assert record_path(desk_file).exists()  # the next start refuses the file (storage tests)
