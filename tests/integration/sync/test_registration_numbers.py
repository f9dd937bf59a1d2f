"""Two desks of one office register offline: distinct numbers with desk numbers, and the
duplicates of desks that numbered before enrolment shown as conflicts, never dropped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from desktop.demo.intake_family import fill_family
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.amendments import amend
from desktop.services.intake import intake_context, new_session, register
from desktop.storage.models import ApplicationRecord
from desktop.storage.registration import RegistrationNumber
from desktop.sync.client import settings
from desktop.sync.client.conflicts import ACKNOWLEDGED, open_conflicts, resolve
from desktop.sync.client.status import sync_status
from desktop.sync.protocol import DUPLICATE_NUMBER
from tests.integration.sync.conftest import district_at

pytestmark = pytest.mark.postgres

DAY = dt.date(2026, 11, 20)


def _register(desk, overlay: Path, count: int) -> list[tuple[str, str]]:
    """``count`` families registered at ``desk`` through intake: (id, number) each."""
    context = intake_context(desk.db, parameters=load_parameters(overlay_dir=overlay))
    done = []
    for index in range(count):
        session = new_session(context, DAY)
        fill_family(session, 2 + index % 3)
        result = register(context, session, "ru",
                          now=dt.datetime(2026, 11, 20, 9, index, tzinfo=dt.UTC))
        done.append((result.application.application_id, result.number))
    return done


def _numbers(desk) -> dict[str, str]:
    with desk.db.session() as session:
        rows = session.execute(select(ApplicationRecord.id,
                                      ApplicationRecord.registration_number)
                               .where(ApplicationRecord.registration_number.is_not(None)))
        return {record_id: number for record_id, number in rows}


def _server_numbers(database: str) -> list[tuple[str, str]]:
    with psycopg.connect(database) as connection:
        return [tuple(r) for r in connection.execute(  # type: ignore[misc]
            "SELECT id, data ->> 'registration_number' FROM records WHERE table_name = "
            "'applications' AND NOT deleted AND data ->> 'registration_number' IS NOT NULL")]


def _server_conflicts(database: str) -> list[tuple[str, str, str]]:
    with psycopg.connect(database) as connection:
        return [tuple(r) for r in connection.execute(  # type: ignore[misc]
            "SELECT record_id, reason, theirs ->> 'id' FROM conflicts ORDER BY detected_at")]


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    from desktop.demo.intake_family import write_test_overlay

    return write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])


def test_two_enrolled_desks_of_one_office_issue_distinct_numbers(server, desks, overlay):
    front, back = desks("AKT-05"), desks("AKT-05")
    front.enrol(server)
    back.enrol(server)
    desk_numbers = []
    for desk in (front, back):
        with desk.db.engine.connect() as connection:
            enrolment = settings.enrolment(connection, desk.db.node_id)
        assert enrolment is not None
        desk_numbers.append(enrolment.desk_number)
    assert desk_numbers == [1, 2]

    # both work offline, then sync
    mine = _register(front, overlay, 4)
    theirs = _register(back, overlay, 3)
    assert [n for _, n in mine] == [f"AKT-05-2026-1-00000{i}" for i in range(1, 5)]
    assert [n for _, n in theirs] == [f"AKT-05-2026-2-00000{i}" for i in range(1, 4)]
    for desk in (front, back, front):
        assert desk.sync().conflicts == 0

    everything = dict(mine + theirs)
    assert len(set(everything.values())) == 7
    assert dict(_server_numbers(server.database)) == everything
    for desk in (front, back):
        assert _numbers(desk) == everything  # each desk's journal holds the office's numbers
        # nor any other conflict: both desks' ``offices`` row for AKT-05 is one record
        assert open_conflicts(desk.db) == []
    assert _server_conflicts(server.database) == []
    # numbering goes on after the sync, still per desk
    assert _register(back, overlay, 1)[0][1] == "AKT-05-2026-2-000004"


def test_numbers_issued_before_enrolment_at_two_desks_are_flagged_not_lost(
        server, desks, overlay):
    front, back = desks("AKT-05"), desks("AKT-05")
    # two standalone desks of one office: both number AKT-05-2026-000001, 000002
    mine = _register(front, overlay, 2)
    theirs = _register(back, overlay, 3)
    assert [n for _, n in mine] == ["AKT-05-2026-000001", "AKT-05-2026-000002"]
    assert [n for _, n in theirs] == ["AKT-05-2026-000001", "AKT-05-2026-000002",
                                      "AKT-05-2026-000003"]
    front.enrol(server)
    back.enrol(server)
    front.sync()
    back.sync()

    # every application reached the district, the duplicates included
    on_server = _server_numbers(server.database)
    assert sorted(i for i, _ in on_server) == sorted(i for i, _ in mine + theirs)
    # the district sees each duplicate: the later application, the reason, the other one
    flagged = _server_conflicts(server.database)
    assert sorted(flagged) == sorted((t[0], DUPLICATE_NUMBER, m[0])
                                     for m, t in zip(mine, theirs, strict=False))
    # and so does the desk that pushed them, as a duplicate to acknowledge
    shown = [c for c in open_conflicts(back.db) if c.kind == "duplicate"]
    assert sorted((c.record_id, c.registration_number, c.theirs["id"]) for c in shown) == \
        sorted((t[0], t[1], m[0]) for m, t in zip(mine, theirs, strict=False))
    assert {c.kind for c in shown} == {"duplicate"} and {c.reason for c in shown} == \
        {DUPLICATE_NUMBER}
    assert sync_status(back.db).conflicts >= 2
    # the other desk's applications under those numbers cannot join this desk's journal
    # (its numbers are unique): pulled, they are kept as unapplied conflicts, not dropped
    unapplied = [c for c in open_conflicts(back.db)
                 if c.kind == "unapplied" and c.table == "applications"]
    assert sorted((c.record_id, c.reason, c.registration_number, c.mine["id"])
                  for c in unapplied) == \
        sorted((m[0], DUPLICATE_NUMBER, m[1], t[0]) for m, t in zip(mine, theirs, strict=False))
    assert all(c.is_duplicate_number for c in unapplied)
    # the desk that pushed first learns of them at its next pull, the same way
    front.sync()
    assert sorted(c.record_id for c in open_conflicts(front.db) if c.is_duplicate_number) == \
        sorted(t[0] for t in theirs[:2])
    # a resend, a second sync: nothing is flagged twice
    back.sync()
    assert len(_server_conflicts(server.database)) == 2
    # an open duplicate holds nothing back: a later change of the application is pushed
    amend(back.db, theirs[0][0], {"applicant_phone": "8 777 000 11 22"},
          "Заявитель сменил номер телефона", now=dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC))
    assert back.sync().accepted >= 1
    with psycopg.connect(server.database) as connection:
        assert connection.execute(
            "SELECT data ->> 'applicant_phone' FROM records WHERE table_name = "
            "'applications' AND id = %s", (theirs[0][0],)).fetchone() == ("8 777 000 11 22",)
    assert len(_server_conflicts(server.database)) == 2

    # the duplicates hold nothing back: acknowledged, the record stays as it is
    for conflict in shown + unapplied:
        resolve(back.db, conflict.id, ACKNOWLEDGED)
    assert [c for c in open_conflicts(back.db) if c.is_duplicate_number] == []
    assert {i: n for i, n in _numbers(back).items() if i in dict(theirs)} == dict(theirs)

    # from the enrolment on, each desk numbers with its desk number: no new duplicates
    again = _register(front, overlay, 1) + _register(back, overlay, 1)
    assert [RegistrationNumber.parse(n).desk for _, n in again] == [1, 2]
    front.sync()
    back.sync()
    assert len(_server_conflicts(server.database)) == 2


def test_a_desk_enrolled_before_desk_numbers_learns_its_number_at_the_next_sync(
        server, desks, overlay):
    front = desks("AKT-05")
    front.enrol(server)
    with front.db.engine.begin() as connection:  # as an older program left it
        settings.write(connection, settings.DESK_NUMBER, None)
    assert _register(front, overlay, 1)[0][1] == "AKT-05-2026-000001"
    front.sync()
    assert _register(front, overlay, 1)[0][1] == "AKT-05-2026-1-000001"


def test_desk_numbers_are_never_reused_and_desks_enrolled_earlier_are_numbered(
        server, desks, postgres):
    front, back = desks("AKT-05"), desks("AKT-05")
    front.enrol(server)
    server.cli("revoke", "--node", front.db.node_id)
    back.enrol(server)  # the revoked desk's numbers stay in the journal: 2, not 1
    with back.db.engine.connect() as connection:
        enrolment = settings.enrolment(connection, back.db.node_id)
    assert enrolment is not None and enrolment.desk_number == 2

    # a district database from before desk numbers: its desks numbered per office
    from desktop.sync.server import db as server_db

    engine = district_at(postgres, f"old_district_{back.db.node_id[-8:]}",
                         "s0001_district_server")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO offices (code, kind, created_at) VALUES "
                "('AKT-05', 'akimat', now()), ('AKT-07', 'akimat', now())")
            for node, office, minutes in (("n-a", "AKT-05", 3), ("n-b", "AKT-07", 2),
                                          ("n-c", "AKT-05", 1), ("n-d", "AKT-05", 5)):
                connection.exec_driver_sql(
                    "INSERT INTO nodes (id, office_code, name, auth_hash, bundle_key, "
                    "enrolled_at) VALUES (%s, %s, '', '', '', now() + %s * interval "
                    "'1 minute')", (node, office, minutes))
        server_db.upgrade(engine)
        with engine.connect() as connection:
            numbered = dict(connection.exec_driver_sql(
                "SELECT id, desk_number FROM nodes").all())
    finally:
        engine.dispose()
    assert numbered == {"n-c": 1, "n-a": 2, "n-d": 3, "n-b": 1}
