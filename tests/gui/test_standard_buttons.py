"""Qt's standard buttons speak Kazakh and Russian, from Kömek's catalog: nothing English (the
Russian "OK" of Qt's catalog is Latin) and no «Бас тарту» on a Cancel button (i18n/glossary.md)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from desktop import i18n
from desktop.services.workstation import set_setting
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.sync.conflicts_dialog import ConflictsDialog

B = QDialogButtonBox.StandardButton
EXPECTED = {
    "kk": {B.Ok: "Жарайды", B.Cancel: "Болдырмау", B.Close: "Жабу", B.Yes: "&Иә", B.No: "&Жоқ",
           B.Save: "Сақтау"},
    "ru": {B.Ok: "ОК", B.Cancel: "Отмена", B.Close: "Закрыть", B.Yes: "&Да", B.No: "&Нет",
           B.Save: "Сохранить"},
}
LATIN_ONLY = re.compile(r"^[A-Za-z& ]+$")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_button_box_and_message_box(qtbot, db: Database, lang: str):
    LanguageController(remember=lambda code: set_setting(db, "language", code)).switch(lang)
    box = QDialogButtonBox(B.Ok | B.Cancel | B.Close | B.Yes | B.No | B.Save)
    qtbot.addWidget(box)
    texts = {standard: box.button(standard).text() for standard in EXPECTED[lang]}
    assert texts == EXPECTED[lang]
    message = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    shown = [button.text() for button in message.buttons()]
    assert sorted(shown) == sorted([EXPECTED[lang][B.Yes], EXPECTED[lang][B.No]])
    assert not any(LATIN_ONLY.match(text) for text in shown + list(texts.values()))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_conflicts_dialog_closes_in_the_interface_language(qtbot, db: Database, lang: str):
    LanguageController(remember=lambda code: set_setting(db, "language", code)).switch(lang)
    dialog = ConflictsDialog(db)
    qtbot.addWidget(dialog)
    boxes = dialog.findChildren(QDialogButtonBox)
    assert [box.button(B.Close).text() for box in boxes] == [i18n._("Close")]
    assert i18n._("Close") == EXPECTED[lang][B.Close]
