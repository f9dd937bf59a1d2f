"""Wizard tests: invented poverty lines and farm norms for today's quarters, a main window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.demo.intake_family import write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.storage.database import Database
from desktop.ui.main_window import MainWindow
from tests.support.windows import open_main_window


@pytest.fixture(autouse=True)
def parameters_overlay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Generated poverty lines and farm norms (none is shipped for these quarters)."""
    today = Quarter.of(dt.date.today())
    folder = write_test_overlay(tmp_path / "params", "karaganda",
                                [today.previous(), today, today.next()])
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(folder))
    return folder


@pytest.fixture
def main_window(qtbot, configured_db: Database) -> Iterator[MainWindow]:
    window = open_main_window(qtbot, configured_db)
    yield window
    for wizard in list(window.desk.windows):
        wizard.close()
