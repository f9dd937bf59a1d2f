"""The special social services in the case window (services.md §16-17): the executor's
assessment of need taken in its form (a conclusion missing is said there, nothing typed is
lost) and shown in the history; for home care, the care worker assigned and the visits
recorded in their dialog, each problem under its field in the user's language."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.decision import DecisionTerms
from desktop.services.home_care import home_care_of
from desktop.ui.cases.home_care_dialog import HomeCareDialog
from desktop.ui.cases.step_forms import NeedAssessmentForm
from tests.gui.cases.test_service_case_window import opened, registered
from tests.support.case_world import DAY, World, case_parameters, world
from tests.support.wizard_driver import type_text

__all__ = ["case_parameters", "world"]

END = dt.date(2027, 11, 30)
SAID = {
    "kk": {"assess": "Мұқтаждықты бағалау", "assessed": "Мұқтаждық бағаланды",
           "conclusion": "Мұқтаждықты бағалаудың қорытындысын жазыңыз.",
           "worker": "Күтім жасайтын қызметкердің тегін, атын және әкесінің атын енгізіңіз.",
           "hours": "Сағатты санмен енгізіңіз, мысалы, 2 немесе 1,5.",
           "button": "Күтім жасайтын қызметкер және барулар…"},
    "ru": {"assess": "Оценить нуждаемость", "assessed": "Нуждаемость оценена",
           "conclusion": "Напишите заключение оценки нуждаемости.",
           "worker": "Введите фамилию, имя и отчество социального работника по уходу.",
           "hours": "Введите часы числом, например, 2 или 1,5.",
           "button": "Социальный работник и посещения…"},
}


def _shots(tmp_path: Path) -> Path:
    """Where the screenshots go: KOMEK_SHOTS when set (to look at them), else the test's."""
    folder = Path(os.environ.get("KOMEK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_need_is_assessed_and_home_care_visits_are_recorded(qtbot, world: World, lang,
                                                                monkeypatch, tmp_path):
    i18n.set_language(lang)
    shots = _shots(tmp_path)
    users = world.users
    app_id = registered(world, "home_care", seed=4)
    world.cases.visa(users["head"], app_id, users["exec"].account_id or "")
    executor = opened(qtbot, world, "exec", app_id)
    assert SAID[lang]["assess"] in [b.text() for b in executor.buttons.values()]
    assert not executor.home_care_button.isVisible()  # nothing to assign before the decision

    def assess(form: NeedAssessmentForm) -> int:
        form.show()
        form.reliable.setChecked(True)
        form.ok_button.click()  # no conclusion: said in the form, which stays open
        assert not form.submitted and form.problem.text() == SAID[lang]["conclusion"]
        form.conclusion.setPlainText("Одинокая, передвигается с трудом; противопоказаний нет")
        assert form.grab().save(str(shots / f"need-assessment-{lang}.png"))
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(NeedAssessmentForm, "exec", assess)
    executor.take(Action.PREPARE_DRAFT)
    assert executor.labels["status"].text() == SAID[lang]["assessed"]
    assert "Одинокая, передвигается с трудом" in executor.history.toPlainText()

    world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED, None, 0, DAY, END))
    desk = opened(qtbot, world, "desk", app_id)
    assert desk.home_care_button.isVisible()
    assert desk.home_care_button.text().replace("&", "") == SAID[lang]["button"]

    def shown(dialog: HomeCareDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        return 0

    monkeypatch.setattr(HomeCareDialog, "exec", shown)
    qtbot.mouseClick(desk.home_care_button, Qt.MouseButton.LeftButton)
    dialog = desk.home_care
    assert dialog is not None
    dialog.today = DAY + dt.timedelta(days=5)
    assert END.strftime("%d.%m.%Y") in dialog.term.text()

    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)  # no name typed
    assert dialog.problems["worker"].isVisibleTo(dialog)
    assert dialog.problems["worker"].text() == SAID[lang]["worker"]
    type_text(qtbot, dialog.worker, "Серікова Айгүл")
    type_text(qtbot, dialog.assigned_on, DAY.strftime("%d%m%Y"))
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert not dialog.problems["worker"].isVisibleTo(dialog)
    assert "Серікова Айгүл" in dialog.current.text()

    visit_day = (DAY + dt.timedelta(days=3)).strftime("%d%m%Y")
    type_text(qtbot, dialog.visit_date, visit_day)
    type_text(qtbot, dialog.hours, "два")
    type_text(qtbot, dialog.done, "Уборка, покупка продуктов")
    qtbot.mouseClick(dialog.visit_button, Qt.MouseButton.LeftButton)
    assert dialog.problems["hours"].text() == SAID[lang]["hours"]
    assert dialog.done.text() == "Уборка, покупка продуктов"  # nothing typed is lost
    assert home_care_of(world.db, app_id).visits == ()
    type_text(qtbot, dialog.hours, "1,5")
    qtbot.keyClick(dialog.done, Qt.Key.Key_Return)
    assert not any(label.isVisibleTo(dialog) for label in dialog.problems.values())
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(4)] == [
        (DAY + dt.timedelta(days=3)).strftime("%d.%m.%Y"), "1,5", "Уборка, покупка продуктов",
        "Серікова Айгүл"]
    assert dialog.hours.text() == "" and dialog.done.text() == ""  # ready for the next one
    care = home_care_of(world.db, app_id)
    assert care.minutes == 90 and care.assignment is not None
    qtbot.wait(10)  # the layout settles once the problems are gone
    assert dialog.grab().save(str(shots / f"home-care-{lang}.png"))
    assert desk.grab().save(str(shots / f"home-care-case-{lang}.png"))
