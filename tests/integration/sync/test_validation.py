"""The district server stores only records that meet their table's definition, and a desk
never stalls on one record: a refused record is set aside, named, and everything else flows;
its correction is sent and stored. A pulled record the desk cannot store is set aside the
same way and the pull goes on. All against the real server over HTTP and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from desktop.cli.sync import EXIT_SET_ASIDE
from desktop.demo.samples import sample_application
from desktop.services import drafts
from desktop.services.intake import intake_context, new_session
from desktop.startup import ExitCode
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.bundles import export_bundle, import_reply
from desktop.sync.client.conflicts import correct, open_conflicts
from desktop.sync.client.engine import open_transport
from desktop.sync.client.status import sync_status
from desktop.sync.protocol import FieldProblem

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]
NUL_SURNAME = "Сейт\x00қали"


def _komek(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def _draft(desk, surname: str) -> str:
    """A wizard draft with the applicant's surname typed (or pasted) as given."""
    session = new_session(intake_context(desk.db))
    session.set_value("applicant_surname", surname)
    return drafts.save_draft(desk.db, session)


def _retype(desk, draft_id: str, surname: str) -> None:
    """The person opens the draft in the wizard and types the surname again."""
    context = intake_context(desk.db)
    session = drafts.open_draft(desk.db, context.forms, draft_id)
    session.set_value("applicant_surname", surname)
    drafts.save_draft(desk.db, session)


def _set_aside(desk):
    return [c for c in open_conflicts(desk.db) if c.set_aside]


@pytest.mark.parametrize("corrected_in", ["the wizard", "the conflicts view"])
def test_a_nul_in_a_draft_sets_aside_that_draft_alone_and_its_correction_is_stored(
        server, desks, district_rows, corrected_in):
    north = desks("AKT-05")
    north.enrol(server)
    bad = _draft(north, NUL_SURNAME)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))

    report = north.sync()
    assert report.refused == 1 and report.accepted > 10
    held = district_rows()
    assert ("intake_drafts", bad) not in held
    assert ("applications", app.application_id) in held  # the rest of the batch is stored
    [refused] = _set_aside(north)
    assert (refused.table, refused.record_id, refused.kind, refused.reason, refused.problem) \
        == ("intake_drafts", bad, "refused", "invalid", "control_character")
    assert refused.field == "state"  # the typed text, before its copy in applicant_name
    assert sync_status(north.db).set_aside == 1

    # later changes keep flowing, and the refused draft does not come back by itself
    later = save_draft(north.db, sample_application(office_code="AKT-05", surname="Омаров",
                                                    iin="850505400127"))
    report = north.sync()
    assert (report.refused, report.accepted > 0) == (0, True)
    assert ("applications", later.application_id) in district_rows()
    assert [c.id for c in _set_aside(north)] == [refused.id]

    if corrected_in == "the wizard":
        _retype(north, bad, "Сейтқали")
    else:
        assert refused.suggestion() == refused.mine["state"].replace("\\u0000", "")
        assert correct(north.db, refused.id) is None
    report = north.sync()
    assert (report.refused, report.accepted) == (0, 1)
    assert ("intake_drafts", bad) in district_rows()
    assert _set_aside(north) == [] and sync_status(north.db).pending == 0
    with psycopg.connect(server.database) as connection:
        [data] = connection.execute("SELECT data FROM records WHERE id = %s", (bad,)).fetchone()
    assert data["applicant_name"] == "Сейтқали" and "\\u0000" not in data["state"]


def _corrupt(desk, table: str, record_id: str, **values: Any) -> None:
    """Write values straight into the desk's SQLite (as a bug or a hand-edited file would)
    and queue the record, as any change is queued."""
    with desk.db.engine.begin() as connection:
        for column, value in values.items():
            connection.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                               {"v": value, "id": record_id})
        connection.execute(text("INSERT INTO sync_outbox (table_name, record_id, op, at) "
                                "VALUES (:t, :id, 'upsert', '2026-11-20 09:00:00.000000')"),
                           {"t": table, "id": record_id})


def test_an_application_with_no_date_is_refused_named_and_its_family_follows_its_correction(
        server, desks, district_rows):
    north = desks("AKT-05")
    north.enrol(server)
    app = save_draft(north.db, replace(sample_application(office_code="AKT-05"),
                                       registration_number="AKT-05-2026-000042"))
    members = set(north.ids("members"))
    _corrupt(north, "applications", app.application_id, application_date="not-a-date")

    done = _komek("sync", "--db", str(north.db.path), "--lang", "ru")
    # a scheduled task tells records set aside from a full disk (the application's code)
    assert done.returncode == EXIT_SET_ASIDE != ExitCode.DISK_FULL, done.stderr
    assert "Traceback" not in done.stderr
    # the table, the record (by its registration number) and the field, as the form names it
    assert "Заявление AKT-05-2026-000042: Дата приема документов: " in done.stderr, done.stderr
    assert "Значение не является существующей датой" in done.stderr
    held = district_rows()
    assert ("applications", app.application_id) not in held
    assert not {("members", m) for m in members} & set(held)  # refused: their application
    by_record = {(c.table, c.record_id): c for c in _set_aside(north)}
    refused = by_record[("applications", app.application_id)]
    assert (refused.field, refused.problem) == ("application_date", "date")
    assert {(c.field, c.problem) for k, c in by_record.items() if k[0] == "members"} == \
        {("application_id", "reference")}
    assert ("offices", north.db.node_id) not in held  # nothing else held back:
    assert any(t == "staff" for t, _ in held)  # the office and operator went

    assert correct(north.db, refused.id, {"application_date": "2026-11-20"}) is None
    north.sync()  # the application goes, then (queued again at its acceptance) its family
    held = district_rows()
    assert ("applications", app.application_id) in held
    assert {("members", m) for m in members} <= set(held)
    assert _set_aside(north) == []
    assert _komek("sync", "--db", str(north.db.path)).returncode == 0


def test_records_of_an_invented_office_are_refused(server, desks, district_rows):
    district = desks("AUD-01", "district")
    district.enrol(server)
    junk = save_draft(district.db, sample_application(office_code="ZZZ-99"))
    honest = save_draft(district.db, sample_application(office_code="AUD-01"))
    report = district.sync()
    assert report.refused > 0
    held = district_rows()
    assert ("applications", junk.application_id) not in held
    assert ("applications", honest.application_id) in held
    by_record = {(c.table, c.record_id): c for c in _set_aside(district)}
    refused = by_record[("applications", junk.application_id)]
    assert (refused.field, refused.problem) == ("office_code", "reference")
    with psycopg.connect(server.database) as connection:
        assert connection.execute("SELECT count(*) FROM records WHERE scope = 'ZZZ-99' "
                                  "OR data ->> 'office_code' = 'ZZZ-99'").fetchone() == (0,)


def _insert_on_server(database: str, table: str, scope: str, data: dict[str, Any]) -> None:
    """A record as a server from before validation would hold it, written into PostgreSQL."""
    with psycopg.connect(database) as connection:
        connection.execute(
            "INSERT INTO records (table_name, id, scope, version, data, deleted, cursor, "
            "changed_by, updated_at) VALUES (%s, %s, %s, %s, %s, false, "
            "nextval('change_cursor'), 'an-old-node', now())",
            (table, data["id"], scope, data["version"], json.dumps(data)))


def test_a_pulled_invalid_record_is_set_aside_named_and_the_pull_goes_on(
        server, desks, record, held_by):
    north = desks("AKT-05")
    north.enrol(server)
    north.sync()
    bad_id, good_id = str(uuid.uuid4()), str(uuid.uuid4())
    _insert_on_server(server.database, "applications", "AKT-05", record(
        "applications", bad_id, office_code="AKT-05", application_date="not-a-date",
        registration_number="AKT-05-2026-000077"))
    _insert_on_server(server.database, "applications", "AKT-05", record(
        "applications", good_id, office_code="AKT-05", registration_number="AKT-05-2026-000078"))

    done = _komek("sync", "--db", str(north.db.path), "--lang", "kk")
    assert done.returncode == EXIT_SET_ASIDE and "Traceback" not in done.stderr, done.stderr
    assert "AKT-05-2026-000077" in done.stderr
    assert ("applications", good_id) in held_by(north)  # the cursor moved on past it
    assert ("applications", bad_id) not in held_by(north)
    [unapplied] = _set_aside(north)
    assert (unapplied.kind, unapplied.record_id, unapplied.field, unapplied.problem) == \
        ("unapplied", bad_id, "application_date", "date")
    report = north.sync()  # nothing stalls: the next sync has nothing to pull again
    assert report.pulled == 0 and report.unapplied == 0
    assert len(_set_aside(north)) == 1

    # corrected where it was made: the valid version is stored and the conflict settled
    with psycopg.connect(server.database) as connection:
        connection.execute(
            "UPDATE records SET version = 2, cursor = nextval('change_cursor'), data = "
            "jsonb_set(jsonb_set(data::jsonb, '{application_date}', '\"2026-11-20\"'), "
            "'{version}', '2')::json WHERE id = %s", (bad_id,))
    assert north.sync().pulled == 1
    assert ("applications", bad_id) in held_by(north)
    assert _set_aside(north) == []


# a record of each problem, as a desk (or a hostile one) could send it: the values changed
# in a valid member, and the field and problem the server answers
PROBLEMS: dict[str, tuple[dict[str, Any], str]] = {
    FieldProblem.TYPE: ({"position": "1"}, "position"),
    FieldProblem.DATE: ({"birth_date": "2026-02-30"}, "birth_date"),
    FieldProblem.CHOICE: ({"relationship": "neighbour"}, "relationship"),
    FieldProblem.LENGTH: ({"surname": "Ә" * 201}, "surname"),
    FieldProblem.CONTROL_CHARACTER: ({"surname": "Сейт\x07қали"}, "surname"),
    FieldProblem.IIN: ({"iin": "900101300127"}, "iin"),
    FieldProblem.REQUIRED: ({"surname": None}, "surname"),
    FieldProblem.RANGE: ({}, "month"),  # an income's month 13, below
    FieldProblem.REFERENCE: ({"application_id": "no-such-application"}, "application_id"),
    FieldProblem.UNKNOWN_FIELD: ({"nickname": "Әке"}, "nickname"),
    FieldProblem.TOO_LARGE: ({"position": 2 ** 63}, "position"),
    FieldProblem.IDENTITY: ({"id": "another-id"}, "id"),
}


def _change(table: str, data: dict[str, Any] | str, form: str) -> dict[str, Any]:
    record_id = str(uuid.uuid4()) if isinstance(data, str) or data["id"] == "another-id" \
        else data["id"]
    if form == "text" and not isinstance(data, str):
        data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # a desk's form
    version = 1 if isinstance(data, str) else int(data["version"])
    return {"t": table, "id": record_id, "v": version, "b": 0, "d": data}


@pytest.mark.parametrize("form", ["text", "object"])
def test_each_problem_is_refused_with_its_field_and_the_rest_is_stored(
        server, desks, record, district_rows, form):
    north = desks("AKT-05")
    north.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()

    def member(**values: Any) -> dict[str, Any]:
        return record("members", str(uuid.uuid4()), application_id=app.application_id,
                      surname="Әбдірова", relationship="spouse", **values)

    changes = []
    for problem, (values, _field) in PROBLEMS.items():
        if problem == FieldProblem.RANGE:
            member_id = north.ids("members").popitem()[0]
            changes.append(_change("incomes", record(
                "incomes", str(uuid.uuid4()), application_id=app.application_id,
                member_id=member_id, kind="employment", amount=100, month=13), form))
        elif problem == FieldProblem.REQUIRED:
            data = member()
            del data["surname"]
            changes.append(_change("members", data, form))
        else:
            changes.append(_change("members", {**member(), **values}, form))
    account = record("applications", str(uuid.uuid4()), office_code="AKT-05",
                     bank_iban="KZ000000000000000000")
    changes.append(_change("applications", account, form))
    changes.append(_change("members", "[1, 2]", "text"))  # not a record at all
    valid = member()
    changes.append(_change("members", valid, form))

    body = json.dumps({"node": north.db.node_id, "seq": 1000, "changes": changes},
                      ensure_ascii=False).encode("utf-8")
    with open_transport(north.db) as transport:
        results = transport.push(body)["results"]
    answered = [(r["s"], r.get("r"), r.get("f"), r.get("p")) for r in results]
    expected = [("refused", "invalid", field, str(problem))
                for problem, (_values, field) in PROBLEMS.items()]
    expected += [("refused", "invalid", "bank_iban", "iban"),
                 ("refused", "invalid", "", "malformed"), ("ok", None, None, None)]
    assert answered == expected
    held = district_rows()
    assert ("members", valid["id"]) in held
    assert not {(c["t"], c["id"]) for c in changes[:-1]} & set(held)
    assert north.sync().refused == 0  # the desk's own batches go on after the server's answer


def test_a_bundle_is_checked_the_same_and_its_correction_goes_by_the_next_bundle(
        server, desks, district_rows, tmp_path):
    north = desks("AKT-05")
    north.enrol(server)
    bad = _draft(north, NUL_SURNAME)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    bundle, reply = tmp_path / "north.komek", tmp_path / "reply.komek"
    export_bundle(north.db, bundle)
    server.cli("import", str(bundle), "--reply", str(reply))
    held = district_rows()
    assert ("applications", app.application_id) in held
    assert ("intake_drafts", bad) not in held
    report = import_reply(north.db, reply)
    assert report.refused == 1 and report.acknowledged > 10
    [refused] = _set_aside(north)
    assert (refused.record_id, refused.field, refused.problem) == \
        (bad, "state", "control_character")
    assert sync_status(north.db).pending == 0

    _retype(north, bad, "Сейтқали")
    export_bundle(north.db, bundle)
    server.cli("import", str(bundle), "--reply", str(reply))
    assert ("intake_drafts", bad) in district_rows()
    assert import_reply(north.db, reply).refused == 0
    assert _set_aside(north) == []
