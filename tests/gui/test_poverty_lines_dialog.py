"""The administrator's poverty-line dialog: problems at the fields, a saved line listed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.domain.quarters import Quarter
from desktop.i18n import set_language
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


# --- the line from its figures -----------------------------------------------------------------

def _dialog(qtbot, tmp_path: Path, today: dt.date) -> PovertyLinesDialog:
    dialog = PovertyLinesDialog(tmp_path, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(dialog: PovertyLinesDialog, code: str) -> None:
    dialog.region.setCurrentIndex(dialog.region.findData(code))
    assert dialog.region.currentData() == code


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_line_added_from_its_figures_shows_the_formula_and_the_acts(qtbot, tmp_path, lang):
    set_language(lang)
    dialog = _dialog(qtbot, tmp_path, dt.date(2026, 12, 6))
    assert (dialog.quarter.currentText(), dialog.year.value()) == ("IV", 2026)
    _choose(dialog, "ulytau")
    qtbot.mouseClick(dialog.by_figures, Qt.MouseButton.LeftButton)
    assert not dialog.amount.isEnabled() and dialog.median_income.isEnabled()
    rule = dialog.rule.text()
    assert "№ 473" in rule and "№ 160" in rule
    before = "III квартал 2026 года" if lang == "ru" else "2026 жылғы III тоқсан"
    assert before in dialog.rows["subsistence_minimum"].label.text()
    qtbot.keyClicks(dialog.subsistence_minimum, "62 000")
    qtbot.keyClicks(dialog.median_income, "130 000")
    # 35 % of 130 000 = 45 500 > 70 % of 62 000 = 43 400
    assert "45\u00a0500,00\u00a0₸" in dialog.result.text()
    dialog.source.setText("Ұлытау облысы әкімдігінің 2026 жылғы 5 қазандағы № 7 қаулысы")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert not any(row.problem.text() for row in dialog.rows.values())
    line = load_parameters(tmp_path).poverty_lines.get("ulytau", Quarter(2026, 4))
    assert line.amount == 45_500_00 and line.basis is not None
    assert line.basis.subsistence_minimum == 62_000_00
    folder = os.environ.get("KOMEK_SCREENSHOTS")
    if folder:  # to look at it: the dialog with a line computed from its figures
        qtbot.keyClicks(dialog.subsistence_minimum, "62 000")
        qtbot.keyClicks(dialog.median_income, "130 000")
        dialog.resize(1000, 820)
        qtbot.wait(50)
        dialog.grab().save(str(Path(folder) / f"poverty-lines-{lang}.png"))
    dialog.table.selectRow(0)
    details = dialog.details.text()
    assert ("Ұлытау облысы" if lang == "kk" else "область Ұлытау") in details
    assert "130\u00a0000,00\u00a0₸" in details and "№ 7 қаулысы" in details
    assert "ulytau" not in details


def test_the_line_itself_is_still_accepted(qtbot, tmp_path):
    set_language("ru")
    dialog = _dialog(qtbot, tmp_path, dt.date(2026, 12, 6))
    _choose(dialog, "shymkent")
    assert dialog.by_line.isChecked() and not dialog.subsistence_minimum.isEnabled()
    qtbot.keyClicks(dialog.amount, "44 250,50")
    assert "44\u00a0250,50\u00a0₸" in dialog.result.text()
    dialog.source.setText("Постановление акимата города Шымкент № 9")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    line = load_parameters(tmp_path).poverty_lines.get("shymkent", Quarter(2026, 4))
    assert line.amount == 44_250_50 and line.basis is None


def test_a_wrong_figure_is_said_at_its_field_and_nothing_typed_is_lost(qtbot, tmp_path):
    set_language("kk")
    dialog = _dialog(qtbot, tmp_path, dt.date(2026, 12, 6))
    _choose(dialog, "pavlodar")
    qtbot.mouseClick(dialog.by_figures, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.subsistence_minimum, "58 000")
    qtbot.keyClicks(dialog.median_income, "12O 000")  # a letter O instead of a zero
    dialog.source.setText("Павлодар облысы әкімдігінің қаулысы № 3")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["median_income"].problem.text() == \
        "Соманы теңгемен енгізіңіз: нөлден үлкен, үтірден кейін екі таңбадан аспайтын."
    assert not dialog.rows["subsistence_minimum"].problem.text()
    assert dialog.median_income.text() == "12O 000" and dialog.source.text()
    assert not (tmp_path / "poverty_lines.yaml").exists()
    dialog.median_income.clear()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.rows["median_income"].problem.text() == \
        "Алдыңғы тоқсанның медианалық табысын енгізіңіз."


def test_a_quarter_before_2023_is_computed_by_the_law_of_2001(qtbot, tmp_path):
    set_language("ru")
    dialog = _dialog(qtbot, tmp_path, dt.date(2026, 12, 6))
    dialog.year.setValue(2017)
    dialog.quarter.setCurrentIndex(0)
    codes = [dialog.region.itemData(i) for i in range(dialog.region.count())]
    assert "south_kazakhstan" in codes and "turkistan" not in codes and "abai" not in codes
    _choose(dialog, "south_kazakhstan")
    assert dialog.region.currentText() == "Южно-Казахстанская область"
    qtbot.mouseClick(dialog.by_figures, Qt.MouseButton.LeftButton)
    assert not dialog.median_income.isEnabled()  # no median income before 2025
    assert "40 %" in dialog.rule.text() and "№ 246-II" in dialog.rule.text()
    qtbot.keyClicks(dialog.subsistence_minimum, "21 000")
    assert "8\u00a0400,00\u00a0₸" in dialog.result.text()
    dialog.source.setText("Постановление акимата Южно-Казахстанской области")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert load_parameters(tmp_path).poverty_lines.get(
        "south_kazakhstan", Quarter(2017, 1)).amount == 8_400_00
    dialog.year.setValue(2012)
    assert not dialog.by_figures.isEnabled() and dialog.amount.isEnabled()
    assert "2012" in dialog.rule.text()


def test_regions_are_listed_by_name_in_the_interface_language(qtbot, tmp_path):
    set_language("kk")
    dialog = _dialog(qtbot, tmp_path, dt.date(2026, 12, 6))
    names = [dialog.region.itemText(i) for i in range(dialog.region.count())]
    assert names[:4] == ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы қаласы"]
    assert "Оңтүстік Қазақстан облысы" not in names
    table = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Нұр-Сұлтан қаласы" in table and not any(name.isascii() for name in table)
