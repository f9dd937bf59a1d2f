"""Wizard tests: invented poverty lines and farm norms for today's quarters, a main window."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.demo.intake_family import write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.services.workstation import load_setup, set_setting
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(autouse=True)
def parameters_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Generated poverty lines and farm norms (none is shipped for these quarters)."""
    today = Quarter.of(dt.date.today())
    folder = write_test_overlay(tmp_path / "params", "karaganda",
                                [today.previous(), today, today.next()])
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(folder))
    return folder


def open_main_window(qtbot, db: Database) -> MainWindow:
    language = LanguageController(remember=lambda code: set_setting(db, "language", code))
    window = MainWindow(AppContext(db=db, language=language, setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def main_window(qtbot, configured_db: Database) -> Iterator[MainWindow]:
    window = open_main_window(qtbot, configured_db)
    yield window
    for wizard in list(window.desk.windows):
        wizard.close()
