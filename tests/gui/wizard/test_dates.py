"""The wizard's dates: typed as eight digits they are taken, and written with their dots once
the field is left; Tab goes on to the next field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.date_edit import DateEdit
from tests.support.wizard_driver import field, new_wizard


def test_an_id_card_date_typed_as_digits_is_taken(qtbot, main_window) -> None:
    wizard = new_wizard(qtbot, main_window)
    edit = field(wizard, "applicant_id_issue_date")
    assert isinstance(edit, DateEdit)
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit, timeout=2000)
    qtbot.keyClicks(edit, "15032019")
    assert "applicant_id_issue_date" not in {k for k, v in wizard.session.problems.items()
                                             if v}
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not edit
    assert edit.text() == "15.03.2019"
    assert wizard.session.value("applicant_id_issue_date") == "15.03.2019"
