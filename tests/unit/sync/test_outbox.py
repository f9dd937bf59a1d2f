"""The outbox is written by the storage layer, in the same transaction as each change."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, OutboxRecord, SettingRecord
from desktop.storage.outbox import enqueue_untracked, pending_count, synced_tables
from desktop.storage.repositories.applications import save_draft


def _outbox(db: Database) -> list[tuple[str, str]]:
    with db.session() as s:
        return [(r.table_name, r.op) for r in s.execute(
            select(OutboxRecord).order_by(OutboxRecord.seq)).scalars()]


def test_a_saved_application_queues_every_record_it_wrote(db: Database):
    app = save_draft(db, sample_application())
    rows = _outbox(db)
    tables = {t for t, _ in rows}
    assert {"applications", "members", "incomes"} <= tables
    assert all(op == "upsert" for _, op in rows)
    with db.session() as s:
        assert pending_count(s) == len({(r.table_name, r.record_id) for r in s.execute(
            select(OutboxRecord)).scalars()})
    assert app.application_id


def test_updates_and_deletes_are_queued_and_local_settings_are_not(db: Database):
    app = save_draft(db, sample_application())
    before = len(_outbox(db))
    with db.session() as s:
        s.add(SettingRecord(key="x", value="y"))
    assert len(_outbox(db)) == before
    with db.session() as s:
        record = s.get(ApplicationRecord, app.application_id)
        assert record is not None
        record.applicant_phone = "+7 700 000 00 00"
    assert _outbox(db)[-1] == ("applications", "upsert")
    with db.session() as s:
        s.delete(s.get(ApplicationRecord, app.application_id))
    deleted = {t for t, op in _outbox(db) if op == "delete"}
    assert {"applications", "members"} <= deleted


def test_a_rolled_back_change_leaves_no_outbox_row(db: Database):
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(ApplicationRecord(application_date=sample_application().application_date,
                                channel="akim"))
        s.flush()
        raise RuntimeError("power cut")
    assert _outbox(db) == []


def test_records_written_around_the_orm_are_enqueued_once(db: Database):
    save_draft(db, sample_application())
    with db.session() as s:
        s.execute(OutboxRecord.__table__.delete())
        assert enqueue_untracked(s) > 0
        assert enqueue_untracked(s) == 0


def test_records_loaded_in_bulk_are_queued_application_by_application(db: Database):
    """A bulk-loaded desk's records are queued as entry queues them: each application
    followed by its own records (parents before children), so a push batch holds whole
    applications, not one table's records naming another batch's."""
    from desktop.demo.generate import fill_demo

    fill_demo(db, 6, seed=5)
    with db.session() as s:
        s.execute(OutboxRecord.__table__.delete())
        queued = enqueue_untracked(s)
        rows = [(r.table_name, r.record_id) for r in s.execute(
            select(OutboxRecord).order_by(OutboxRecord.seq)).scalars()]
        owner = {(name, record_id): application for name in synced_tables()
                 if name != "applications" and "application_id" in
                 OutboxRecord.metadata.tables[name].c
                 for record_id, application in s.execute(
                     select(OutboxRecord.metadata.tables[name].c.id,
                            OutboxRecord.metadata.tables[name].c.application_id))}
    assert queued == len(rows) and len({a for a in owner.values()}) >= 6
    rank = {name: n for n, name in enumerate(synced_tables())}
    current, seen, last_rank = None, set(), -1
    for name, record_id in rows:
        if name == "applications":
            assert record_id not in seen  # each application's records come together
            current, last_rank = record_id, rank[name]
            seen.add(record_id)
        elif (name, record_id) in owner:
            assert owner[(name, record_id)] == current, (name, record_id)
            assert rank[name] >= last_rank  # parents before children
            last_rank = rank[name]
        else:
            assert current is None  # the records of no application come first


def test_synced_tables_are_in_foreign_key_order():
    tables = synced_tables()
    assert tables.index("offices") < tables.index("applications") < tables.index("members")
    assert tables.index("members") < tables.index("incomes")
    assert "settings" not in tables and "sync_outbox" not in tables


def test_a_member_taken_out_of_a_draft_is_queued_as_a_delete(db: Database):
    """The ORM deletes the member as an orphan of the application's collection; it is in no
    session list, and before the outbox listened to each deleted row it was never queued, so
    the server and the other desks kept the member for ever."""
    app = save_draft(db, sample_application())
    dropped = app.members[-1]
    save_draft(db, replace(app, members=app.members[:-1]))
    with db.session() as s:
        rows = [(r.table_name, r.record_id, r.op) for r in s.execute(
            select(OutboxRecord).where(OutboxRecord.op == "delete")).scalars()]
    assert rows == [("members", dropped.member_id, "delete")]


def test_a_failed_flush_queues_no_delete_later(db: Database):
    app = save_draft(db, sample_application())
    with pytest.raises(RuntimeError), db.session() as s:
        s.delete(s.get(ApplicationRecord, app.application_id))
        s.flush()
        raise RuntimeError("power cut")
    with db.session() as s:
        s.add(SettingRecord(key="x", value="y"))
        record = s.get(ApplicationRecord, app.application_id)
        assert record is not None
        record.applicant_phone = "+7 700 000 00 01"
    assert [op for _, op in _outbox(db)].count("delete") == 0


def test_every_synced_table_has_a_scope_rule():
    from desktop.sync import scopes

    assert set(synced_tables()) == set(scopes.SYNCED)
    for name in ("case_states", "case_events", "commission_acts", "case_decisions",
                 "application_amendments"):
        assert name in scopes.BY_APPLICATION
    assert scopes.BY_OFFICE_CODE["certificate_issues"] == "office_code"


def test_a_new_database_gets_the_outbox_where_a_closed_one_lived():
    """SQLAlchemy's event registry keys listeners by ``id()`` and keeps the entry after its
    target is gone, so ``event.contains`` said "already listening" for a new sessionmaker
    allocated at a dead one's address. The desk opened then wrote no outbox row at all: in a
    long test run, once in a while, a draft saved right after enrolment never reached the
    server. Freeing each sessionmaker before the next makes CPython reuse the address
    almost every time, so this failed within the first few rounds."""
    import gc

    from sqlalchemy.orm import sessionmaker

    from desktop.storage import outbox

    without = 0
    for _ in range(30):
        sessions = sessionmaker()
        outbox.install(sessions)
        outbox.install(sessions)  # installing twice still listens once
        without += len(sessions().dispatch.after_flush) != 1
        del sessions
        # the young generations hold the dead sessionmaker; a full collection walks every
        # object of a long test run (seconds each, late in the suite)
        gc.collect(1)
    assert without == 0


def test_a_batch_marks_its_records_rows_and_only_those(db: Database):
    """The scanned range is marked in one statement: a later row of a record in the batch
    is marked with it, rows of records beyond the limit and of a record in an open
    conflict stay for later."""
    import uuid

    from desktop.storage.models import ConflictRecord
    from desktop.sync.client import batches

    first = save_draft(db, sample_application())
    save_draft(db, sample_application())
    with db.session() as s:
        record = s.get(ApplicationRecord, first.application_id)
        assert record is not None
        record.applicant_phone = "+7 700 000 00 01"
    with db.session() as s:
        rows = list(s.execute(select(OutboxRecord).order_by(OutboxRecord.seq)).scalars())
        held = rows[1]
        s.add(ConflictRecord(id=str(uuid.uuid4()), table_name=held.table_name,
                             record_id=held.record_id))
    taken = {(r.table_name, r.record_id) for r in rows[:3]} - {
        (held.table_name, held.record_id)}
    with db.engine.begin() as connection:
        batch = batches.form_batch(connection, "node-1", limit=2)
    assert batch is not None and batch.records == 2
    with db.session() as s:
        for row in s.execute(select(OutboxRecord)).scalars():
            key = (row.table_name, row.record_id)
            assert (row.batch_seq == batch.seq) == (key in taken), key
    assert (rows[0].table_name, rows[0].record_id) == ("applications", first.application_id)
    assert any(r.record_id == first.application_id for r in rows[3:])  # a later row
