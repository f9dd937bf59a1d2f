"""The aid provided on a disability case reaches every desk of the office and the person
leaves the waiting register there too; no akimat holds it; a forged quantity is refused by
the server with its reason and the rest flows; an akimat cannot write a provision into the
district's case."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import orjson
import pytest

from desktop.domain.aid_provision import AidProvision
from desktop.domain.assessment import Outcome
from desktop.domain.decision import DecisionTerms
from desktop.services import reports
from desktop.services.aid_provisions import provisions_of, record_provision
from desktop.sync.client.engine import open_transport
from tests.support.casework import (
    DAY,
    Casework,
    Clock,
    parameters,
    refused_fields,
    server_record,
    synced,
)

pytestmark = pytest.mark.postgres

_SEQ = itertools.count(300_000)  # batch numbers far from the desk's own


def _drawn_up(work: Casework, seed: int) -> str:
    app_id = work.register(seed=seed, service="wheelchairs")
    users = work.users
    work.cases.visa(users["head"], app_id, users["exec"].account_id or "")
    work.cases.prepare_draft(users["exec"], app_id)
    work.cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.ASSIGNED, None, 0, DAY, dt.date(2027, 12, 31)))
    return app_id


def _chair(quantity: int = 1) -> AidProvision:
    return AidProvision("wheelchairs", DAY, "Кресло-коляска комнатная", quantity,
                        "ТОО «Мед-Техника»", "договор № 7")


def _waiting(desk: Any) -> list[str]:
    chairs = next(t for t in reports.waiting_registers(desk.db, DAY, DAY)
                  if str(t.title.params["title"].ru) == "Очередь на кресло-коляску")
    return [row[1] for row in chairs.rows]


def test_the_aid_provided_reaches_the_offices_other_desk_and_no_akimat(
        server, desks, held_by, tmp_path):
    front, back = desks("AUD-01", "district"), desks("AUD-01", "district")
    village = desks("AKT-05")
    for desk in (front, back, village):
        desk.enrol(server)
    work = Casework(front, parameters(tmp_path / "params"), Clock())
    provided, waits = _drawn_up(work, seed=1), _drawn_up(work, seed=2)
    synced(front, back)
    assert len(_waiting(back)) == 2
    record_provision(front.db, provided, _chair(), work.users["head"], today=DAY)
    synced(front, back, village)
    assert [p.provision for p in provisions_of(back.db, provided)] == [_chair()]
    assert _waiting(back) == _waiting(front) == [
        server_record(server.database, "applications", waits)[1]["registration_number"]]
    assert not any(table == "aid_provisions" for table, _id in held_by(village))


def test_a_forged_quantity_is_refused_and_the_rest_flows(server, desks, tmp_path):
    office = desks("AUD-01", "district")
    office.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    good, bad = _drawn_up(work, seed=3), _drawn_up(work, seed=4)
    record_provision(office.db, good, _chair(), work.users["head"], today=DAY)
    record_provision(office.db, bad, _chair(), work.users["head"], today=DAY)
    with office.db.engine.begin() as c:  # as a tampered desk would send it
        c.exec_driver_sql("UPDATE aid_provisions SET quantity = 0 WHERE application_id = ?",
                          (bad,))
    report = office.sync()
    assert report.refused == 1 and report.accepted > 0
    assert refused_fields(office.db) == [("aid_provisions", "quantity", "range")]
    good_id = provisions_of(office.db, good)[0].id
    assert server_record(server.database, "aid_provisions", good_id) is not None


def test_an_akimat_cannot_write_a_provision_into_the_districts_case(server, desks, tmp_path):
    office, village = desks("AUD-01", "district"), desks("AKT-05")
    for desk in (office, village):
        desk.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    app_id = _drawn_up(work, seed=5)
    synced(office)
    forged = {"id": "0194f3a0-0000-7000-8000-000000000001", "version": 1,
              "created_at": "2026-11-20T05:30:00", "updated_at": "2026-11-20T05:30:00",
              "origin_node": village.db.node_id, "application_id": app_id,
              "queue": "wheelchairs", "provided_on": DAY.isoformat(), "item": "Кресло",
              "quantity": 1, "supplier": "", "note": "", "recorded_by": None,
              "recorded_by_name": ""}
    body = orjson.dumps({"node": village.db.node_id, "seq": next(_SEQ), "changes": [
        {"t": "aid_provisions", "id": forged["id"], "v": 1, "b": 0,
         "d": orjson.dumps(forged).decode()}]})
    with open_transport(village.db) as transport:
        [result] = transport.push(body)["results"]
    assert (result["s"], result.get("r")) == ("refused", "outside_scope"), result
    assert server_record(server.database, "aid_provisions", forged["id"]) is None


def test_a_provision_stored_is_not_changed_afterwards(server, desks, tmp_path):
    office = desks("AUD-01", "district")
    office.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    app_id = _drawn_up(work, seed=6)
    provision_id = record_provision(office.db, app_id, _chair(), work.users["head"], today=DAY)
    synced(office)
    stored = server_record(server.database, "aid_provisions", provision_id)
    assert stored is not None
    version, data = stored
    edited = {**data, "quantity": 5, "version": version + 1}
    body = orjson.dumps({"node": office.db.node_id, "seq": next(_SEQ), "changes": [
        {"t": "aid_provisions", "id": provision_id, "v": version + 1, "b": version,
         "d": orjson.dumps(edited).decode()}]})
    with open_transport(office.db) as transport:
        [result] = transport.push(body)["results"]
    assert (result["s"], result.get("f")) == ("refused", "quantity"), result
    assert server_record(server.database, "aid_provisions", provision_id)[1]["quantity"] == 1
