"""The administrator's poverty-line dialog: problems at the fields, a saved line listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.ui.poverty_lines_dialog import PovertyLinesDialog


def test_adding_a_line(qtbot, tmp_path: Path):
    dialog = PovertyLinesDialog(tmp_path, today=dt.date(2026, 11, 22))
    qtbot.addWidget(dialog)
    dialog.show()
    shipped = dialog.table.rowCount()
    dialog.region.setCurrentIndex(dialog.region.findData("kostanay"))
    assert dialog.quarter.currentText() == "IV"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["amount"].problem.text()
    assert dialog.rows["source"].problem.text()
    qtbot.keyClicks(dialog.amount, "48 100")
    dialog.source.setText("Решение акимата Костанайской области № 45")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not dialog.rows["amount"].problem.text()
    assert dialog.table.rowCount() == shipped + 1
    assert load_parameters(tmp_path).poverty_lines.get("kostanay", Quarter(2026, 4)).amount \
        == 4_810_000


def test_the_file_menu_opens_it(qtbot, configured_db, monkeypatch):
    from desktop.services.workstation import load_setup
    from desktop.ui import poverty_lines_dialog
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    opened = []
    monkeypatch.setattr(poverty_lines_dialog.PovertyLinesDialog, "exec",
                        lambda self: opened.append(self) or 0)
    window = MainWindow(AppContext(db=configured_db, language=LanguageController(),
                                   setup=load_setup(configured_db)))
    qtbot.addWidget(window)
    assert window.action_poverty_lines.isEnabled()
    assert window.action_poverty_lines in window.menu_file.actions()
    window.action_poverty_lines.trigger()
    assert len(opened) == 1
