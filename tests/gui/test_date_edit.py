"""One date widget everywhere a date is typed: digits with or without dots, Tab leaves the
field, what cannot be a date stays as typed and is said at the field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from desktop import i18n
from desktop.ui.cases.step_forms import ChangeForm, TerminationForm
from desktop.ui.date_edit import DateEdit
from desktop.ui.printing.journal_dialog import JournalPeriodDialog


def _focused(qtbot, widget: QWidget) -> None:
    widget.window().show()
    qtbot.waitExposed(widget.window())
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


@pytest.mark.parametrize("typed", ["15032019", "15.03.2019"])
def test_a_date_is_typed_as_digits_with_or_without_dots(qtbot, typed: str) -> None:
    edit = DateEdit()
    qtbot.addWidget(edit)
    changed: list[object] = []
    edit.dateChanged.connect(changed.append)
    qtbot.keyClicks(edit, typed)
    assert edit.value() == dt.date(2019, 3, 15) and len(changed) == 1
    edit.tidy()  # what leaving the field does
    assert edit.text() == "15.03.2019"
    qtbot.keyClicks(edit, "x/-")  # only digits and dots are taken
    assert edit.text() == "15.03.2019"


def test_tab_leaves_the_date_and_twelve_is_not_a_month(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    edit = DateEdit(objectName="born")
    after = QLineEdit(objectName="after")
    layout.addWidget(edit)
    layout.addWidget(after)
    _focused(qtbot, edit)
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    assert edit.text() == "12" and edit.value() is None  # kept as typed, not a date


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_step_form_says_a_date_is_not_a_date_and_keeps_the_rest(qtbot, lang: str) -> None:
    i18n.set_language(lang)
    form = TerminationForm(dt.date(2026, 12, 1))
    qtbot.addWidget(form)
    form.show()
    form.date.clear()
    qtbot.keyClicks(form.date, "3102")
    form.note.setText("көшіп кетті")
    form.accept()
    assert form.isVisible() and form.result() == 0
    assert form.problem.text() == i18n._(
        "{field}: enter a date as dd.mm.yyyy, for example 15.03.2019 or 15032019.").format(
            field=i18n._("Termination date"))
    assert form.date.text() == "3102" and form.note.text() == "көшіп кетті"
    form.date.clear()
    qtbot.keyClicks(form.date, "01122026")
    assert form.stop.text() == i18n.format_date(dt.date(2027, 1, 1))
    form.accept()
    assert form.result() == 1 and form.value().date == dt.date(2026, 12, 1)


def test_the_change_form_takes_a_birth_date_as_digits(qtbot) -> None:
    form = ChangeForm(dt.date(2026, 12, 1), (("m1", "Тестова Айгүл"), ("m2", "Тестов Ерлан")),
                      "m1")
    qtbot.addWidget(form)
    form.birth_date.clear()
    qtbot.keyClicks(form.birth_date, "10112026")
    assert form.birth_date.value() == dt.date(2026, 11, 10)


def test_the_journal_period_keeps_a_mistyped_date(qtbot, configured_db) -> None:
    dialog = JournalPeriodDialog(configured_db, today=dt.date(2026, 12, 6))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start.clear()
    qtbot.keyClicks(dialog.start, "0112")
    assert dialog.open_preview() is None
    assert dialog.isVisible() and dialog.start.text() == "0112"
    assert dialog.message.text() == i18n._(
        "Enter the dates as dd.mm.yyyy, for example 15.03.2019 or 15032019.")
