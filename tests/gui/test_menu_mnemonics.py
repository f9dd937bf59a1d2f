"""Every menu can be walked with the keyboard: the &-letters of a menu's items, and of the menu
bar's menus, are distinct in Kazakh and in Russian (a clash makes Alt+letter stop at the first
item and wait, instead of choosing)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMenu

from desktop.services.workstation import load_setup, set_setting
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow


def mnemonic(text: str) -> str | None:
    """The letter after a single "&" (a doubled "&&" is a literal ampersand)."""
    index = 0
    while (index := text.find("&", index)) != -1:
        if text[index + 1:index + 2] == "&":
            index += 2
            continue
        letter = text[index + 1:index + 2]
        return letter.casefold() or None
    return None


def clashes(titles: list[str]) -> list[tuple[str, list[str]]]:
    by_letter: dict[str, list[str]] = {}
    for title in titles:
        letter = mnemonic(title)
        if letter:
            by_letter.setdefault(letter, []).append(title)
    return [(letter, items) for letter, items in by_letter.items() if len(items) > 1]


def menus_of(menu: QMenu) -> list[QMenu]:
    found = [menu]
    for action in menu.actions():
        if action.menu() is not None:
            found += menus_of(action.menu())
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_mnemonics_are_distinct_in_every_menu(qtbot, configured_db: Database, lang: str):
    language = LanguageController(remember=lambda code: set_setting(configured_db, "language",
                                                                    code))
    window = MainWindow(AppContext(db=configured_db, language=language,
                                   setup=load_setup(configured_db)))
    qtbot.addWidget(window)
    window.show()
    language.switch(lang)
    bar = window.menuBar()
    top = [action for action in bar.actions() if action.menu() is not None]
    assert len(top) >= 5  # File, View, Cases, Documents, Synchronization, Help
    problems = []
    bar_titles = [action.text() for action in top if action.isVisible()]
    problems += [("menu bar", letter, items) for letter, items in clashes(bar_titles)]
    assert all(mnemonic(title) for title in bar_titles), bar_titles
    for action in top:
        for menu in menus_of(action.menu()):
            menu.aboutToShow.emit()  # menus that fill themselves when opened
            titles = [item.text() for item in menu.actions()
                      if not item.isSeparator() and item.isVisible()]
            problems += [(menu.title(), letter, items) for letter, items in clashes(titles)]
    assert problems == [], "\n".join(map(str, problems)) + "\n" + "\n".join(
        f"{m.title()}: {[a.text() for a in m.actions()]}" for t in top for m in menus_of(t.menu()))


def test_a_doubled_ampersand_is_not_a_mnemonic():
    assert mnemonic("R&&D &report") == "r"
    assert mnemonic("Fish && chips") is None
    assert clashes(["&Open", "&Office", "&Print"]) == [("o", ["&Open", "&Office"])]
