"""The aid provided on a disability service's application ends its wait: recorded once the
documents are drawn up, checked at each field, and the waiting register keeps only who still
waits, in the order of registration, per kind of aid."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.aid_provision import AidProvision
from desktop.domain.assessment import Outcome
from desktop.i18n import render
from desktop.services import reports
from desktop.services.aid_provisions import (
    AidProvisionError,
    application_queue,
    provisions_of,
    record_provision,
)
from tests.support.case_world import DAY, World, drawn_up
from tests.unit.services.cases.test_service_cases import record, register_as


def _queue(world: World, title: str) -> list[str]:
    tables = {str(t.title.params["title"].ru): t
              for t in reports.waiting_registers(world.db, DAY, DAY)}
    return [row[1] for row in tables[title].rows]


def _chair(queue: str = "wheelchairs", **changes: object) -> AidProvision:
    values: dict[str, object] = {"queue": queue, "provided_on": DAY,
                                 "item": "Кресло-коляска комнатная", "quantity": 1,
                                 "supplier": "ТОО «Мед-Техника»", "note": "по договору № 7"}
    values.update(changes)
    return AidProvision(**values)  # type: ignore[arg-type]


def test_a_wheelchair_provided_leaves_the_register_and_the_rest_keep_their_order(
        world: World):
    start = world.clock()
    ids = [register_as(world, "wheelchairs", seed=10 + i,
                       when=start + dt.timedelta(minutes=10 * i),
                       details={"disability_group": "group_1"}) for i in range(3)]
    numbers = [record(world, i).registration_number for i in ids]
    assert _queue(world, "Очередь на кресло-коляску") == numbers
    drawn_up(world, ids[1])
    record_provision(world.db, ids[1], _chair(), world.users["desk"], today=DAY)
    assert _queue(world, "Очередь на кресло-коляску") == [numbers[0], numbers[2]]
    tables = reports.waiting_registers(world.db, DAY, DAY)
    chairs = next(t for t in tables if str(t.title.params["title"].ru)
                  == "Очередь на кресло-коляску")
    assert [row[0] for row in chairs.rows] == [1, 2]  # numbered again, no gap
    [provided] = provisions_of(world.db, ids[1])
    assert provided.provision == _chair()
    assert provided.recorded_by_name == world.users["desk"].full_name
    with world.db.engine.connect() as c:
        audit = c.exec_driver_sql("SELECT action, fields FROM audit_log "
                                  "WHERE table_name = 'aid_provisions'").fetchall()
    assert len(audit) == 1 and audit[0][0] == "aid.provided"
    assert "Мед-Техника" not in str(audit)  # the fields, never the values


def test_a_kind_of_aid_of_hearing_vision_hygiene_leaves_only_its_own_register(world: World):
    hearing = register_as(world, "hearing_vision_aids", seed=21,
                          details={"aid": "hearing_aids", "disability_group": "group_2"})
    hygiene = register_as(world, "hearing_vision_aids", seed=22,
                          details={"aid": "hygiene_aids", "disability_group": "child"})
    assert application_queue(world.db, hygiene) == "hygiene_aids"
    drawn_up(world, hygiene)
    with pytest.raises(AidProvisionError) as wrong:  # not the kind this application waits for
        record_provision(world.db, hygiene, _chair("hearing_aids", item="Подгузники"),
                         world.users["desk"], today=DAY)
    assert set(wrong.value.problems) == {"queue"}
    record_provision(world.db, hygiene, _chair("hygiene_aids", item="Подгузники", quantity=90),
                     world.users["desk"], today=DAY)
    assert _queue(world, "Очередь на обязательные гигиенические средства") == []
    assert _queue(world, "Очередь на сурдотехнические средства") == [
        record(world, hearing).registration_number]


def test_each_wrong_field_is_said_and_nothing_is_recorded(world: World):
    app_id = register_as(world, "wheelchairs", seed=31, details={"disability_group": "group_1"})
    drawn_up(world, app_id)
    with pytest.raises(AidProvisionError) as refused:
        record_provision(world.db, app_id, _chair(
            provided_on=DAY + dt.timedelta(days=1), item="  ", quantity=0,
            note="х" * 501), world.users["desk"], today=DAY)
    said = {k: render(v, "ru") for k, v in refused.value.problems.items()}
    assert said == {
        "provided_on": "Дата не может быть позже сегодняшней.",
        "item": "Укажите, что предоставлено.",
        "quantity": "Введите количество больше 0 и не более 10000.",
        "note": "Не более 500 символов.",
    }
    with pytest.raises(AidProvisionError) as early:
        record_provision(world.db, app_id, _chair(provided_on=DAY - dt.timedelta(days=1)),
                         world.users["desk"], today=DAY)
    assert "provided_on" in early.value.problems
    assert provisions_of(world.db, app_id) == []


def test_no_aid_is_recorded_before_the_documents_are_drawn_up_or_after_a_refusal(
        world: World):
    waiting = register_as(world, "wheelchairs", seed=41, details={"disability_group": "group_1"})
    with pytest.raises(AidProvisionError) as early:
        record_provision(world.db, waiting, _chair(), world.users["desk"], today=DAY)
    assert render(early.value.messages[0], "ru").startswith("Предоставленное средство")
    refused = register_as(world, "wheelchairs", seed=42, details={"disability_group": "group_1"})
    drawn_up(world, refused, Outcome.REFUSED)
    users = world.users
    with pytest.raises(AidProvisionError):
        record_provision(world.db, refused, _chair(), users["desk"], today=DAY)
    asp = register_as(world, "asp", seed=43)
    with pytest.raises(AidProvisionError):
        record_provision(world.db, asp, _chair(), users["desk"], today=DAY)
    drawn_up(world, waiting)
    with pytest.raises(AidProvisionError):  # the head decides, the desk hands over
        record_provision(world.db, waiting, _chair(), users["head"], today=DAY)
    assert all(provisions_of(world.db, i) == [] for i in (waiting, refused, asp))
