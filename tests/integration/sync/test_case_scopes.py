"""The case after registration syncs with its application's office: the district sees every
case, an akimat only its own, in both directions."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import psycopg
import pytest

from desktop.demo.samples import sample_application
from desktop.storage.base import utcnow
from desktop.storage.models import (
    CaseEventRecord,
    CaseStateRecord,
    CertificateIssueRecord,
    DecisionRecord,
)
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.status import sync_status

pytestmark = pytest.mark.postgres

TODAY = dt.date(2026, 11, 20)


def _event(db, application_id: str, office_code: str, action: str = "visa") -> str:
    with db.session() as s:
        event = CaseEventRecord(application_id=application_id, action=action,
                                from_status="registered", to_status="visa", at=utcnow(),
                                on_date=TODAY, actor_name="Оператор", office_code=office_code)
        s.add(event)
        s.flush()
        return event.id


def _decision(db, application_id: str) -> tuple[str, str]:
    with db.session() as s:
        decision = DecisionRecord(application_id=application_id, stage="final",
                                  outcome="assigned", assistance_type="unconditional",
                                  monthly_amount=4_500_000, decided_on=TODAY,
                                  decided_by_name="Басшы", number="AUD-01-2026-D00001")
        state = CaseStateRecord(application_id=application_id, status="assigned",
                                status_since=utcnow(), executor_name="Басшы")
        s.add_all([decision, state])
        s.flush()
        return decision.id, state.id


def _scopes(server, table: str) -> dict[str, str]:
    with psycopg.connect(server.database) as connection:
        return dict(connection.execute(
            "SELECT id, scope FROM records WHERE table_name = %s AND NOT deleted",
            (table,)).fetchall())


def test_a_district_decision_reaches_the_akimat_that_registered_it_and_no_other(
        server, desks, held_by):
    north, south = desks("AKT-05"), desks("AKT-07")
    district = desks("AUD-01", "district")
    for desk in (north, south, district):
        desk.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north_event = _event(north.db, app.application_id, "AKT-05", "send_to_district")
    north.sync()
    district.sync()
    assert ("case_events", north_event) in held_by(district)

    decision, state = _decision(district.db, app.application_id)
    district_event = _event(district.db, app.application_id, "AUD-01", "assign")
    report = district.sync()
    assert (report.refused, report.conflicts) == (0, 0)
    assert _scopes(server, "case_decisions")[decision] == "AKT-05"  # the application's office
    assert _scopes(server, "case_events")[district_event] == "AKT-05"

    north.sync()
    south.sync()
    for record in (("case_decisions", decision), ("case_states", state),
                   ("case_events", district_event)):
        assert record in held_by(north)
        assert record not in held_by(south)
    assert sync_status(north.db).pending == 0


def test_an_akimat_can_neither_push_nor_pull_another_offices_case_events(
        server, desks, held_by):
    north, south = desks("AKT-05"), desks("AKT-07")
    for desk in (north, south):
        desk.enrol(server)
    theirs = save_draft(south.db, sample_application(office_code="AKT-07"))
    # a step south takes on its own case (a visa is the district's: refused from an akimat)
    their_event = _event(south.db, theirs.application_id, "AKT-07", "withdraw")
    south.sync()

    # north holds a copy of south's application under its id (say, typed in again) and one
    # of an application the server has never seen, and records case events on both
    copy = save_draft(north.db, replace(sample_application(office_code="AKT-07"),
                                        application_id=theirs.application_id))
    unknown = save_draft(north.db, sample_application(office_code="AKT-07"))
    forged = [_event(north.db, copy.application_id, "AKT-05"),
              _event(north.db, unknown.application_id, "AKT-05")]
    report = north.sync()
    assert report.refused >= 4 and report.accepted > 0  # north's own office and operator
    on_server = _scopes(server, "case_events")
    assert set(on_server) == {their_event}
    assert on_server[their_event] == "AKT-07"
    assert sync_status(north.db).conflicts >= 4  # kept and shown, not dropped
    with north.db.engine.connect() as connection:
        refused = {row[0] for row in connection.exec_driver_sql(
            "SELECT record_id FROM sync_conflicts WHERE kind = 'refused' "
            "AND table_name = 'case_events'")}
    assert refused == set(forged)

    assert ("case_events", their_event) not in held_by(north)  # not pulled either


def test_a_certificate_belongs_to_the_office_that_issued_it(server, desks, held_by):
    north, south = desks("AKT-05"), desks("AKT-07")
    district = desks("AUD-01", "district")
    for desk in (north, south, district):
        desk.enrol(server)
    with north.db.session() as s:
        certificate = CertificateIssueRecord(
            number="AKT-05-2026-C00001", office_code="AKT-05", year=2026, seq=1,
            iin="900101300126", belongs=False, quarter="2026-Q4", issued_on=TODAY,
            issued_at=utcnow(), language="kk")
        s.add(certificate)
        s.flush()
        number = certificate.id
    for desk in (north, south, district):
        desk.sync()
    assert _scopes(server, "certificate_issues") == {number: "AKT-05"}
    assert ("certificate_issues", number) in held_by(district)
    assert ("certificate_issues", number) not in held_by(south)
