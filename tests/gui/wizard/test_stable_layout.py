"""A message at a field moves nothing: the line under each editor is kept for it, so when a
bad value is typed (or the required fields are shown on Next) no other field, label or
editor of the page moves up, down or sideways, in Kazakh and in Russian."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QWidget

from desktop import i18n
from desktop.ui.wizard.wizard_window import WizardWindow
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import field, type_cell, type_text

# typed values and the field each one is wrong in (a long warning among them)
BAD = {
    "applicant_iin": "92010140100",  # one digit short
    "applicant_iban": "KZ00125KZT1001300123",  # wrong check digits
    "applicant_phone": "12ab",
    "applicant_id_expiry_date": "01.01.2020",  # expired: a long warning
}


def _geometry(wizard: WizardWindow) -> dict[str, QRect]:
    """Where every editor and label of the current page is, in the window's coordinates."""
    page = wizard.current_page()
    found = {}
    for widget in page.findChildren(QWidget):
        name = widget.objectName()
        if not name or name.endswith("_problem") or not widget.isVisible():
            continue
        found[name] = QRect(widget.mapTo(wizard, widget.rect().topLeft()), widget.size())
    return found


def _settle(qtbot, wizard: WizardWindow) -> None:
    for _ in range(3):  # a layout is recomputed on the next turns of the event loop
        qtbot.wait(20)
    wizard.current_page().updateGeometry()


def _moved(before: dict[str, QRect], after: dict[str, QRect]) -> list[str]:
    return [f"{name}: {before[name].getRect()} → {after[name].getRect()}"
            for name in before if name in after and after[name] != before[name]]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_message_at_a_field_moves_no_other_field(qtbot, main_window, lang: str) -> None:
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window)
    wizard.resize(1366, 768)
    _settle(qtbot, wizard)
    before = _geometry(wizard)
    assert "applicant_surname" in before and "applicant_iban" in before
    for field_id, value in BAD.items():
        type_text(qtbot, field(wizard, field_id), value)
        problem = wizard.current_page().findChild(QLabel, f"{field_id}_problem")
        assert problem.isVisible() and problem.text(), field_id  # the message is shown
        _settle(qtbot, wizard)
        assert _moved(before, _geometry(wizard)) == [], field_id
    wizard.next()  # refused: every empty required field says so at once
    assert wizard.session.step == "application"
    _settle(qtbot, wizard)
    assert wizard.current_page().findChild(QLabel, "applicant_surname_problem").isVisible()
    assert _moved(before, _geometry(wizard)) == []
    if os.environ.get("KOMEK_SCREENSHOTS"):  # to look at
        wizard.grab().save(str(Path(os.environ["KOMEK_SCREENSHOTS"]) / f"messages-{lang}.png"))
    # the message said at its field, whole where it is longer than the line (its tooltip)
    expiry = wizard.current_page().findChild(QLabel, "applicant_id_expiry_date_problem")
    expected = i18n.render(wizard.session.problems["applicant_id_expiry_date"][0].message)
    assert expiry.text() == expected
    assert expiry.shown_text() == expected or (
        expiry.shown_text().endswith("…") and expiry.toolTip() == expected)
    # and the message goes away again without moving anything
    type_text(qtbot, field(wizard, "applicant_id_expiry_date"),
              (dt.date.today() + dt.timedelta(days=400)).strftime("%d.%m.%Y"))
    _settle(qtbot, wizard)
    assert not expiry.isVisible()
    assert _moved(before, _geometry(wizard)) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_message_at_a_family_cell_moves_neither_the_table_nor_the_details(
        qtbot, main_window, lang: str) -> None:
    main_window.switch_language(lang)
    wizard = new_wizard(qtbot, main_window)
    wizard.resize(1366, 768)
    wizard.go_to("family")
    page = wizard.current_page()
    _settle(qtbot, wizard)
    before = _geometry(wizard)
    assert "family_members" in before
    type_cell(qtbot, page.table, 0, "member_iin", "12345")  # too short
    page.table.setCurrentIndex(page.model.index(0, 0))
    _settle(qtbot, wizard)
    assert page.cell_problem.text()
    assert _moved(before, _geometry(wizard)) == []
