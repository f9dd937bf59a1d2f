"""The person's disability entered once in its dialog (a bad quantity said at its row, nothing
typed lost), then taken by the wizard of a disability service when the IIN is typed: the
group, and the hours a year of the sign-language specialist."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from desktop.demo.intake_family import applicant_values, people
from desktop.services.disabilities import disability_of
from desktop.ui.cases.disability_dialog import QUANTITY, DisabilityDialog
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import field, fill, type_text


def _iin(seed: int = 0) -> str:
    return applicant_values(people(1, dt.date.today(), seed)[0])["applicant_iin"]


def test_the_disability_is_entered_once_and_the_wizard_takes_it(qtbot, main_window):
    main_window.switch_language("ru")
    user = main_window.cases_panel.user
    dialog = DisabilityDialog(main_window.context.db, user, user.office_code, main_window)
    qtbot.addWidget(dialog)
    iin = _iin(7)
    type_text(qtbot, dialog.iin, iin)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert "еще нет" in dialog.found.text()
    dialog.group.setCurrentIndex(dialog.group.findData("group_3"))
    type_text(qtbot, dialog.established, "01032025")
    type_text(qtbot, dialog.number, "ИПР-12")
    row = dialog.add_entry()
    item = dialog.table.cellWidget(row, 0)
    assert isinstance(item, QComboBox)
    item.setCurrentIndex(item.findData("sign_language"))
    dialog.table.item(row, QUANTITY).setText("0")
    assert not dialog.save()
    assert "Строка 1" in dialog.entries_problem.text()
    assert disability_of(main_window.context.db, iin) is None
    assert dialog.table.item(row, QUANTITY).text() == "0"  # kept, to be corrected
    dialog.table.item(row, QUANTITY).setText("60")
    type_text(qtbot, dialog.until, "31.02.2027")  # no such day: said at the field
    assert not dialog.save()
    assert dialog.problems["until"].isVisibleTo(dialog)
    type_text(qtbot, dialog.until, "")
    assert dialog.save(), dialog.entries_problem.text()
    assert "Сохранено" in dialog.message.text()
    dialog.close()

    wizard = new_wizard(qtbot, main_window, "personal_assistant")
    fill(qtbot, wizard, {"applicant_iin": iin})
    assert field(wizard, "disability_group").currentData() == "group_3"
    fill(qtbot, wizard, {"assistance_kind": "sign_language"})
    assert field(wizard, "hours_per_year").text() == "60"
    assert wizard.session.value("hours_per_year") == "60"

