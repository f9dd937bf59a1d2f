"""The daily consistency check's digests are kept ready (``record_digests``, revision s0004):
whatever writes ``records`` (a first sync's COPY, an edit's upsert, a delete, a conflict and
its resolution, a batch rolled back and applied again, an administrator's own SQL), the kept
digests equal those computed from the stored records, and the check still finds a desk or a
server whose records differ and repairs them."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text

from desktop.demo.samples import sample_application
from desktop.storage.models import MemberRecord
from desktop.storage.repositories.applications import load_application, save_draft
from desktop.sync.client.conflicts import MINE, open_conflicts, resolve
from desktop.sync.server.pull import DIGESTS_FROM_SCRATCH

pytestmark = pytest.mark.postgres


def _kept(database: str) -> dict[tuple[str, str], tuple[int, int]]:
    with psycopg.connect(database) as connection:
        return {(t, s): (n, f) for t, s, n, f in connection.execute(
            "SELECT table_name, scope, n, folded FROM record_digests WHERE n <> 0")}


def _from_scratch(database: str) -> dict[tuple[str, str], tuple[int, int]]:
    with psycopg.connect(database) as connection:
        return {(t, s): (n, f) for t, s, n, f in connection.execute(DIGESTS_FROM_SCRATCH)}


def _agree(database: str) -> dict[tuple[str, str], tuple[int, int]]:
    kept = _kept(database)
    assert kept == _from_scratch(database)
    with psycopg.connect(database) as connection:  # no count left below zero either
        assert connection.execute("SELECT count(*) FROM record_digests WHERE n < 0 OR "
                                  "(n = 0 AND folded <> 0)").fetchone() == (0,)
    return kept


def _sql(database: str, statement: str, *params: Any) -> None:
    with psycopg.connect(database) as connection:
        connection.execute(statement, params)  # type: ignore[arg-type]


def test_kept_digests_equal_a_computation_from_scratch_after_every_kind_of_write(
        server, desks):
    database = server.database
    assert _agree(database) == {}
    north = desks("AKT-05")
    north.fill(12, seed=71)
    north.enrol(server)
    north.sync()  # a first sync: COPYed into records
    first = _agree(database)
    assert first[("applications", "AKT-05")][0] == 12

    district = desks("AUD-01", "district")
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()
    district.sync()
    _agree(database)

    # edits at both desks: one is taken, the other is a conflict, then resolved
    mine = load_application(district.db, app.application_id)
    save_draft(district.db, replace(mine, applicant=replace(mine.applicant,
                                                            phone="+7 700 333 33 33")))
    theirs = load_application(north.db, app.application_id)
    save_draft(north.db, replace(theirs, applicant=replace(theirs.applicant,
                                                           phone="+7 700 444 44 44")))
    assert north.sync().conflicts == 0
    _agree(database)
    assert district.sync().conflicts == 1
    _agree(database)
    resolve(district.db, open_conflicts(district.db)[0].id, MINE)
    district.sync()
    north.sync()
    _agree(database)

    # a delete: a member taken off the draft
    draft = load_application(north.db, app.application_id)
    assert len(draft.members) >= 2
    save_draft(north.db, replace(draft, members=draft.members[:-1]))
    north.sync()
    kept = _agree(database)
    with psycopg.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM records WHERE deleted").fetchone()[0]
    assert kept[("members", "AKT-05")][0] == first[("members", "AKT-05")][0] + \
        len(draft.members) - 1

    # a batch taken as new whose record the server holds after all: the COPY is rolled
    # back with its savepoint and the batch applied again record by record
    with north.db.engine.connect() as connection:
        member = connection.execute(select(MemberRecord.id, MemberRecord.version)).first()
    from desktop.sync.server import db
    from desktop.sync.server.nodes import Node
    from desktop.sync.server.push import apply_push
    from tests.support.sync_records import valid_record

    node_id = str(psycopg.connect(database).execute(
        "SELECT id FROM nodes WHERE office_code = 'AKT-05'").fetchone()[0])
    stored = psycopg.connect(database).execute(
        "SELECT data::text FROM records WHERE table_name = 'members' AND id = %s",
        (member.id,)).fetchone()[0]
    fresh = valid_record("intake_drafts", "d-renumbered", 1, office_code="AKT-05")
    body = json.dumps({"node": node_id, "seq": 900, "changes": [
        {"t": "intake_drafts", "id": "d-renumbered", "v": 1, "b": 0, "d": json.dumps(fresh)},
        {"t": "members", "id": member.id, "v": member.version, "b": 0, "d": stored}]}).encode()
    engine = db.make_engine(database, pool_size=1)
    try:
        with engine.begin() as connection:
            answer = apply_push(connection, Node(node_id, "AKT-05", "akimat"), body)
    finally:
        engine.dispose()
    # the member, the same version again, is taken as the one held
    assert [(r["s"], r["v"]) for r in answer["results"]] == [("ok", 1), ("ok", member.version)]
    _agree(database)

    # an administrator's own SQL, every kind of statement
    _sql(database, "UPDATE records SET version = version + 1 WHERE table_name = 'incomes'")
    _agree(database)
    _sql(database, "UPDATE records SET deleted = true WHERE table_name = 'land_holdings'")
    _agree(database)
    _sql(database, "UPDATE records SET scope = 'AKT-07' WHERE table_name = 'prior_events'")
    _agree(database)
    _sql(database, "DELETE FROM records WHERE table_name = 'presented_documents'")
    _agree(database)
    _sql(database, "INSERT INTO records (table_name, id, scope, version, data, deleted, "
         "cursor, changed_by, updated_at) SELECT 'incomes', 'c' || substr(id, 2), scope, 1, data, "
         "false, nextval('change_cursor'), changed_by, now() FROM records "
         "WHERE table_name = 'incomes'")
    _agree(database)
    _sql(database, "TRUNCATE records CASCADE")
    assert _agree(database) == {}


def test_the_check_still_finds_a_desk_that_differs_and_repairs_it(server, desks):
    north = desks("AKT-05")
    north.fill(6, seed=72)
    north.enrol(server)
    north.sync()
    assert north.sync(check=True).check.diverged == []

    # a row changed and a row lost at the desk, behind the desk's back (no outbox)
    with north.db.engine.begin() as connection:
        changed, lost = connection.execute(text(
            "SELECT id FROM members ORDER BY id LIMIT 2")).scalars().all()
        connection.execute(text("UPDATE members SET version = version + 7 WHERE id = :id"),
                           {"id": changed})
        connection.execute(text("DELETE FROM incomes WHERE member_id = :id"), {"id": lost})
        connection.execute(text("DELETE FROM members WHERE id = :id"), {"id": lost})
    report = north.sync(check=True).check
    assert ("members", "AKT-05") in report.diverged
    assert report.fetched >= 2
    assert north.sync(check=True).check.diverged == []
    assert lost in north.ids("members")
    assert north.ids("members")[changed] == server_version(server.database, changed)


def server_version(database: str, record_id: str) -> int:
    with psycopg.connect(database) as connection:
        row = connection.execute("SELECT version FROM records WHERE table_name = 'members' "
                                 "AND id = %s", (record_id,)).fetchone()
    assert row is not None
    return int(row[0])


def test_the_check_still_finds_a_server_that_lost_a_record_and_the_desk_sends_it_again(
        server, desks):
    north = desks("AKT-05")
    north.fill(6, seed=73)
    north.enrol(server)
    north.sync()
    with psycopg.connect(server.database) as connection:
        lost = connection.execute("SELECT id FROM records WHERE table_name = 'members' "
                                  "ORDER BY id LIMIT 1").fetchone()[0]
        # a row lost on the server, as by an administrator's mistake: the kept digest
        # follows what is stored, so the desk's no longer matches it
        connection.execute("DELETE FROM records WHERE table_name = 'members' AND id = %s",
                           (lost,))
    _agree(server.database)
    report = north.sync(check=True)
    assert ("members", "AKT-05") in report.check.diverged
    assert report.check.requeued == 1
    assert server_version(server.database, lost) >= 1  # sent again, stored again
    assert _agree(server.database)
    assert north.sync(check=True).check.diverged == []
