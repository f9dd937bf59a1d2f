"""Home care's care worker and visits (services.md §17) recorded at one desk of the district
office reach its other desk through the server, and no akimat; a visit whose duration was
forged is refused by the server with its reason, and everything else keeps flowing; a visit
once stored is never rewritten."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from desktop.domain.assessment import Outcome
from desktop.domain.decision import DecisionTerms
from desktop.domain.home_care import CareAssignment, CareVisit
from desktop.domain.need_assessment import NeedAssessment
from desktop.services.home_care import assign_care_worker, home_care_of, record_visit
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

END = dt.date(2027, 11, 30)
LATER = DAY + dt.timedelta(days=7)


def _cared_for(work: Casework, seed: int) -> str:
    """A home care case arranged by the head, its care worker assigned and two visits."""
    head, executor, desk = work.users["head"], work.users["exec"], work.users["head"]
    app_id = work.register(seed=seed, service="home_care")
    work.cases.visa(head, app_id, executor.actor_id or "")
    work.cases.prepare_draft(executor, app_id, NeedAssessment(
        True, False, True, "Одинокая, нуждается в постороннем уходе"))
    work.cases.decide(head, app_id, DecisionTerms(Outcome.ASSIGNED, None, 0, DAY, END))
    assign_care_worker(work.desk.db, desk, app_id, CareAssignment("Серікова Айгүл", DAY), LATER)
    for offset, minutes, done in ((1, 90, "Уборка, стирка"), (3, 120, "Покупка продуктов")):
        record_visit(work.desk.db, desk, app_id,
                     CareVisit(DAY + dt.timedelta(days=offset), minutes, done), LATER)
    return app_id


def test_the_care_worker_and_the_visits_reach_the_offices_other_desk_and_no_akimat(
        server, desks, held_by, tmp_path):
    office, other, village = (desks("AUD-01", "district"), desks("AUD-01", "district"),
                              desks("AKT-05"))
    for desk in (office, other, village):
        desk.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    app_id = _cared_for(work, seed=1)
    synced(office)
    synced(other, village)
    here, there = home_care_of(office.db, app_id), home_care_of(other.db, app_id)
    assert there == here
    assert there.assignment == CareAssignment("Серікова Айгүл", DAY)
    assert [(v.visit.minutes, v.visit.done) for v in there.visits] == [
        (90, "Уборка, стирка"), (120, "Покупка продуктов")]
    assert there.term == (DAY, END)
    assert not any(table.startswith("home_care") for table, _id in held_by(village))


def test_a_forged_duration_is_refused_and_the_rest_flows(server, desks, tmp_path):
    office = desks("AUD-01", "district")
    office.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    app_id = _cared_for(work, seed=2)
    with office.db.engine.begin() as c:  # as a tampered desk would send it: 100 hours
        c.exec_driver_sql("UPDATE home_care_visits SET quarter_hours = 400 "
                          "WHERE work_done = 'Покупка продуктов'")
        forged = c.exec_driver_sql("SELECT id FROM home_care_visits "
                                   "WHERE work_done = 'Покупка продуктов'").scalar_one()
        kept = c.exec_driver_sql("SELECT id FROM home_care_visits "
                                 "WHERE work_done = 'Уборка, стирка'").scalar_one()
    report = office.sync()
    assert report.refused == 1 and report.accepted > 0
    assert refused_fields(office.db) == [("home_care_visits", "quarter_hours", "range")]
    assert server_record(server.database, "home_care_visits", forged) is None
    assert server_record(server.database, "home_care_visits", kept)[1]["quarter_hours"] == 6
    assert server_record(server.database, "applications", app_id) is not None


def test_a_visit_once_stored_is_not_rewritten(server, desks, tmp_path):
    """A visit is written once: an edit pushed for it (its hours made more) is refused, the
    stored visit stays as it was; a correction is a new record."""
    office = desks("AUD-01", "district")
    office.enrol(server)
    work = Casework(office, parameters(tmp_path / "params"), Clock())
    _cared_for(work, seed=3)
    synced(office)
    with office.db.engine.connect() as c:
        visit = c.exec_driver_sql("SELECT id FROM home_care_visits "
                                  "WHERE work_done = 'Уборка, стирка'").scalar_one()
    version, data = server_record(server.database, "home_care_visits", visit)
    body = orjson.dumps({"node": office.db.node_id, "seq": 300_000,
                         "changes": [{"t": "home_care_visits", "id": visit, "v": version + 1,
                                      "b": version, "d": orjson.dumps(
                                          {**data, "quarter_hours": 40,
                                           "version": version + 1}).decode()}]})
    with open_transport(office.db) as transport:
        [result] = transport.push(body)["results"]
    assert (result["s"], result.get("f")) == ("refused", "quarter_hours")
    assert server_record(server.database, "home_care_visits", visit) == (version, data)
