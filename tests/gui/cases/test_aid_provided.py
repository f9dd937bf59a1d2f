"""The case window of a disability service records the aid provided once the documents are
drawn up: each wrong field is said under it and nothing typed is lost; after OK the window
shows the provision and the person is no longer in the waiting register."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.services import reports
from desktop.ui.cases.aid_form import AidProvidedForm
from tests.gui.cases.test_service_case_window import opened, registered
from tests.support.case_world import DAY, World, case_parameters, drawn_up, world

__all__ = ["case_parameters", "world"]


def _waiting(world: World) -> list[str]:
    chairs = next(t for t in reports.waiting_registers(world.db, DAY, DAY)
                  if str(t.title.params["title"].ru) == "Очередь на кресло-коляску")
    return [row[1] for row in chairs.rows]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_aid_provided_is_recorded_from_the_case_window(qtbot, world: World, lang: str,
                                                            monkeypatch, tmp_path):
    i18n.set_language(lang)
    app_id = registered(world, "wheelchairs", seed=3)
    early = opened(qtbot, world, "desk", app_id)
    assert not early.aid_button.isVisible()  # not before the head's decision
    assert early.labels["aid"].text() == {
        "kk": "әлі жоқ: адам кезекте күтуде",
        "ru": "пока нет: человек ждет в очереди"}[lang]
    drawn_up(world, app_id)
    number = early.labels["number"].text()
    assert _waiting(world) == [number]
    case = opened(qtbot, world, "desk", app_id)
    assert case.aid_button.isVisible()
    seen: list[AidProvidedForm] = []

    def fill(form: AidProvidedForm) -> int:
        seen.append(form)
        assert form.kind.text() == {"kk": "Кресло-арба кезегі",
                                    "ru": "Очередь на кресло-коляску"}[lang]
        form.provided_on.setText("31.12.2099")  # later than today
        form.item.setText("")
        form.supplier.setText("ТОО «Мед-Техника»")
        form.ok_button.click()
        assert form.isVisible() or not form.result()
        said = {name: label.text() for name, label in form.problems.items() if label.text()}
        assert said == {
            "provided_on": {"kk": "Күн бүгінгі күннен кейін болмауы керек.",
                            "ru": "Дата не может быть позже сегодняшней."}[lang],
            "item": {"kk": "Не берілгенін көрсетіңіз.",
                     "ru": "Укажите, что предоставлено."}[lang]}
        assert form.supplier.text() == "ТОО «Мед-Техника»"  # nothing typed is lost
        assert form.grab().save(str(tmp_path / f"aid-form-{lang}.png"))
        form.provided_on.setText(DAY.strftime("%d.%m.%Y"))
        form.item.setText("Кресло-коляска комнатная")
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(AidProvidedForm, "exec", fill)
    case.aid_button.click()
    assert len(seen) == 1
    assert "Кресло-коляска комнатная, 1 (ТОО «Мед-Техника»)" in case.labels["aid"].text()
    assert case.done_label.text()
    assert _waiting(world) == []
    assert case.grab().save(str(tmp_path / f"aid-case-{lang}.png"))
