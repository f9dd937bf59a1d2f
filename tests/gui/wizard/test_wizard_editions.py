"""The wizard speaks the edition of the blanks in force on the application date: a 2018 case
is taken in at the Employment Centre and says "оралман"; a 2025 case says "қандас"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLabel

from desktop import i18n
from desktop.services.intake import intake_context, new_session
from desktop.ui.wizard.wizard_window import WizardWindow


def open_wizard(qtbot, db, day: dt.date, lang: str) -> WizardWindow:
    i18n.set_language(lang)
    context = intake_context(db)
    window = WizardWindow(context, new_session(context, today=day),
                          print_folder=Path(str(db.path)).parent / "prints")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def id_kinds(window: WizardWindow) -> list[str]:
    combo = window.current_page().findChild(QComboBox, "applicant_id_kind")
    assert combo is not None
    return [combo.itemText(index) for index in range(combo.count())]


@pytest.mark.parametrize("lang,centre,oralman", [
    ("kk", 'Өтінішті қабылдау орны: «Халықты жұмыспен қамту орталығы» коммуналдық '
           "мемлекеттік мекемесі", "Оралман куәлігі"),
    ("ru", 'Место приема заявления: КГУ «Центр занятости населения»',
     "Удостоверение оралмана")])
def test_a_2018_case_is_taken_in_at_the_employment_centre(qtbot, configured_db, lang, centre,
                                                         oralman, tmp_path):
    try:
        window = open_wizard(qtbot, configured_db, dt.date(2018, 6, 11), lang)
        label = window.current_page().findChild(QLabel, "intake_place")
        assert label is not None and label.isVisible()
        assert label.text() == centre
        assert oralman in id_kinds(window)
        assert not [kind for kind in id_kinds(window) if "андас" in kind]
        status = window.session.field("member_residence_status").choice("kandas")
        assert status is not None and status.label.text(lang) == "Оралман"
        window.grab().save(str(tmp_path / f"wizard-2018-{lang}.png"))
        window.close()
    finally:
        i18n.set_language("kk")


@pytest.mark.parametrize("lang,kandas", [("kk", "Қандас куәлігі"),
                                         ("ru", "Удостоверение кандаса")])
def test_a_2025_case_says_kandas_and_no_employment_centre(qtbot, configured_db, lang, kandas):
    try:
        window = open_wizard(qtbot, configured_db, dt.date(2025, 3, 17), lang)
        assert window.current_page().findChild(QLabel, "intake_place") is None
        assert kandas in id_kinds(window)
        assert not [kind for kind in id_kinds(window) if "ралман" in kind]
        window.close()
    finally:
        i18n.set_language("kk")


def test_the_term_changes_on_the_day_the_law_gives(qtbot, configured_db):
    """«оралман» on 01.01.2021, «қандас» from 02.01.2021 (Law of 13.05.2020 No. 327-VI)."""
    try:
        before = open_wizard(qtbot, configured_db, dt.date(2021, 1, 1), "kk")
        assert "Оралман куәлігі" in id_kinds(before)
        before.close()
        after = open_wizard(qtbot, configured_db, dt.date(2021, 1, 2), "kk")
        assert "Қандас куәлігі" in id_kinds(after)
        after.close()
    finally:
        i18n.set_language("kk")
