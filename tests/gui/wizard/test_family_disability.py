"""АСП's family page fills a member's disability group from the person's disability record
(Cases → Persons with disabilities, by IIN) and shows its term beside the member; a group the
specialist typed first is never overwritten, and the page says when it differs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop.demo.intake_family import applicant_values, people
from desktop.domain.disability import Disability, DisabilityGroup
from desktop.domain.intake_session import MEMBERS
from desktop.services.disabilities import save_disability
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import fill, type_cell

ON_RECORD = {
    "kk": ("Адамның жазбасындағы мүгедектігі: II топ, 30.06.2027 дейін",
           "Адамның жазбасындағы мүгедектігі: Мүгедектігі бар бала, қайта куәландыру "
           "мерзімінсіз. Мұнда басқа топ көрсетілген: тексеріңіз."),
    "ru": ("Инвалидность в записи о человеке: II группа, до 30.06.2027",
           "Инвалидность в записи о человеке: Ребенок с инвалидностью, без срока "
           "переосвидетельствования. Здесь указана другая группа: проверьте."),
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_family_page_shows_the_disability_on_record(qtbot, main_window, lang, tmp_path):
    main_window.switch_language(lang)
    db = main_window.context.db
    today = dt.date.today()
    family = people(4, today, seed=5)
    spouse_iin, child_iin = family[1][4], family[2][4]
    wizard = new_wizard(qtbot, main_window)
    office = wizard.session.office.code
    save_disability(db, Disability(spouse_iin, DisabilityGroup.GROUP_2, dt.date(2024, 7, 1),
                                   dt.date(2027, 6, 30)), office_code=office)
    save_disability(db, Disability(child_iin, DisabilityGroup.CHILD, dt.date(2020, 1, 10)),
                    office_code=office)
    fill(qtbot, wizard, applicant_values(family[0]))
    assert wizard.next() and wizard.session.step == "family"
    page = wizard.current_page()
    session = wizard.session
    rows = []
    for relationship, name, _sex, _birth, iin in family[1:3]:
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
        row = page.model.rowCount() - 1
        rows.append(page.model.row_id(row))
        if relationship == "child":  # the specialist typed a group before the IIN
            session.set_cell(MEMBERS, rows[-1], "member_disability", "3")
        type_cell(qtbot, page.table, row, "member_iin", iin)
        type_cell(qtbot, page.table, row, "member_surname", "Тестұлы")
        type_cell(qtbot, page.table, row, "member_first_name", name)
        type_cell(qtbot, page.table, row, "member_relationship", relationship)
    spouse, child = rows
    assert session.cell(MEMBERS, spouse, "member_disability") == "2"  # filled from the record
    assert session.cell(MEMBERS, child, "member_disability") == "3"  # typed: kept
    page.table.setCurrentIndex(page.model.index(1, 0))
    assert page.on_record.isVisible()
    assert page.on_record.text() == ON_RECORD[lang][0]
    assert page.detail.editors["member_disability"].currentData() == "2"
    assert wizard.grab().save(str(tmp_path / f"family-{lang}.png"))
    page.table.setCurrentIndex(page.model.index(2, 0))
    assert page.on_record.text() == ON_RECORD[lang][1]
    page.table.setCurrentIndex(page.model.index(0, 0))  # the applicant: no record
    assert not page.on_record.isVisible()
