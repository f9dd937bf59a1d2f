"""New application (Ctrl+N) asks which service first: the real chooser over a real journal."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.catalog import catalogue_index
from desktop.ui.wizard.service_chooser import CODE
from tests.support.chooser_driver import new_wizard, open_chooser, take
from tests.support.keyboard import Keyboard
from tests.support.windows import open_main_window


def shown_elsewhere(chooser) -> list[str]:
    return [chooser.elsewhere.item(r).data(CODE) for r in range(chooser.elsewhere.count())
            if not chooser.elsewhere.item(r).isHidden()]


@pytest.mark.parametrize(("lang", "typed"), [("kk", "жұмыссыз"), ("kk", "жумыссыз"),
                                             ("ru", "безработ"), ("ru", "справка безраб")])
def test_the_list_narrows_as_the_name_is_typed(qtbot, main_window, lang, typed):
    main_window.switch_language(lang)
    chooser = open_chooser(qtbot, main_window)
    everything = chooser.visible_codes()
    assert "asp" in everything and "unemployed_registration" in everything
    Keyboard().type(typed, chooser.filter)
    found = chooser.visible_codes()
    expected = {"unemployed_certificate"} if "справка" in typed else \
        {"unemployed_registration", "unemployed_certificate"}
    assert set(found) == expected
    assert chooser.current_code() == found[0]  # the first one left is highlighted
    chooser.filter.clear()
    assert chooser.visible_codes() == everything


def test_the_desks_most_used_service_comes_first(qtbot, desk):
    """The desk's journal holds three АСП applications: АСП first, with its count; the rest
    in the catalogue's order."""
    window = open_main_window(qtbot, desk.db)
    chooser = open_chooser(qtbot, window)
    codes = chooser.visible_codes()
    in_order = [s.code for s in catalogue_index().available_on(dt.date.today())]
    assert codes[0] == "asp"
    assert codes[1:] == [c for c in in_order if c != "asp"]
    assert "(3 " in chooser.list.item(0).text()


def test_a_service_not_provided_here_is_shown_greyed_and_cannot_be_chosen(qtbot, main_window):
    i18n.set_language("ru")
    chooser = open_chooser(qtbot, main_window)
    elsewhere = shown_elsewhere(chooser)
    assert {"kandas_status", "burial_payment"} <= set(elsewhere)
    assert "kandas_status" not in chooser.visible_codes()
    row = elsewhere.index("kandas_status")
    item = chooser.elsewhere.item(row)
    assert item.flags() == Qt.ItemFlag.NoItemFlags  # neither selectable nor enabled
    assert "Управление координации занятости" in item.text()  # where the applicant goes
    Keyboard().type("оралман", chooser.filter)
    assert chooser.visible_codes() == [] and shown_elsewhere(chooser) == ["kandas_status"]
    assert not chooser.ok_button.isEnabled()
    qtbot.mouseDClick(chooser.elsewhere.viewport(), Qt.MouseButton.LeftButton,
                      pos=chooser.elsewhere.visualItemRect(item).center())
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    assert chooser.isVisible() and main_window.desk.windows == []
    assert chooser.empty.isVisible()


def test_esc_cancels_and_enter_takes_the_highlighted_service(qtbot, main_window):
    chooser = open_chooser(qtbot, main_window)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Escape)
    assert not chooser.isVisible() and main_window.desk.windows == []
    chooser = open_chooser(qtbot, main_window)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Down)
    second = chooser.visible_codes()[1]
    assert chooser.current_code() == second
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Up)
    take(qtbot, chooser, "asp")
    wizard = main_window.desk.windows[-1]
    assert wizard.session.service == "asp"
    assert wizard.current_page().step == "application"


def test_a_double_click_takes_a_service(qtbot, main_window):
    chooser = open_chooser(qtbot, main_window)
    item = chooser.list.item(0)
    centre = chooser.list.visualItemRect(item).center()
    qtbot.mouseClick(chooser.list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(chooser.list.viewport(), Qt.MouseButton.LeftButton,
                      pos=chooser.list.visualItemRect(item).center())
    assert main_window.desk.windows and main_window.desk.windows[-1].session.service == \
        item.data(CODE)


def test_the_asp_wizard_opens_through_the_chooser_as_before(qtbot, main_window):
    wizard = new_wizard(qtbot, main_window)
    assert [s for s, _p in wizard.session.steps] == [
        "application", "family", "income", "farm", "documents", "review"]
