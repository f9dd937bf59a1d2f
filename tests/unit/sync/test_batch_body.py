"""A push batch's records as SQLite writes their JSON (the fast path of a first sync) must be
exactly the values the Python encoding gives: every column, booleans as true/false, dates
and UTC times as stored, Kazakh letters, quotes and line breaks intact."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from sqlalchemy.orm import Session

from desktop.demo.generate import fill_demo
from desktop.storage.database import Database
from desktop.storage.outbox import enqueue_untracked
from desktop.sync import scopes
from desktop.sync.client import batches, codec
from desktop.sync.records import definition, read_texts


def _python_encoding(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    raw = db.engine.raw_connection()
    try:
        found = {}
        for name in scopes.synced_tables():
            cursor = raw.execute(f"SELECT * FROM {name}")
            columns = [d[0] for d in cursor.description]
            for values in cursor:
                data = codec.encode_raw(name, columns, values)
                found[(name, data["id"])] = data
        return found
    finally:
        raw.close()


def _formed(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    with db.engine.begin() as connection:
        batch = batches.form_batch(connection, "node-1", limit=1_000_000)
    assert batch is not None
    changes = orjson.loads(batch.body)["changes"]
    assert [c["id"] for c in changes] == [c["id"] for c in batch.changes or []]
    # protocol 2: each record's JSON travels as a string (the text SQLite wrote)
    assert all(isinstance(c["d"], str) for c in changes)
    return {(c["t"], c["id"]): orjson.loads(c["d"]) for c in changes}


@pytest.mark.parametrize("sqlite_json", [True, False], ids=["sqlite-json", "python"])
def test_a_formed_batch_carries_every_record_as_its_columns(tmp_path, monkeypatch,
                                                            sqlite_json: bool):
    if not sqlite_json:  # the path of a table too wide for json_object
        monkeypatch.setattr(batches, "_JSON_COLUMNS", 0)
        batches._select.cache_clear()
    db = Database.open(tmp_path / "desk.sqlite3")
    try:
        fill_demo(db, 12, seed=7)
        raw = db.engine.raw_connection()
        try:  # text the encoders must carry as it is
            raw.execute("UPDATE applications SET applicant_house = ? WHERE rowid = "
                        "(SELECT min(rowid) FROM applications)",
                        ('Қарағанды, "Шұғыла"\\ көш.\n\t5',))
            raw.commit()
        finally:
            raw.close()
        with Session(db.engine) as session:
            enqueue_untracked(session)
            session.commit()
        expected = _python_encoding(db)
        formed = _formed(db)
    finally:
        batches._select.cache_clear()
        db.close()
    assert formed == expected
    flags = [(name, column) for name in scopes.synced_tables()
             for column in codec.booleans(name)]
    assert flags
    values = {type(data[column]) for (name, _), data in formed.items()
              for table, column in flags if table == name and data[column] is not None}
    assert values == {bool}
    assert any("Шұғыла" in str(data.get("applicant_house")) for data in formed.values())


def _demo_batch(db: Database) -> Any:
    """Twelve demo families queued for sync and formed into one batch (None: nothing)."""
    fill_demo(db, 12, seed=7)
    with Session(db.engine) as session:
        enqueue_untracked(session)
        session.commit()
    with db.engine.begin() as connection:
        return batches.form_batch(connection, "node-1", limit=1_000_000)


def test_a_kept_batch_is_compressed_and_sent_again_byte_for_byte(tmp_path):
    """The desk keeps a batch's body compressed (its WAL writes were half the desk's commit
    time on a LAN first sync), and reads back the very bytes it hashed; a batch kept as
    text by a desk of before is read as it was."""
    from desktop.sync.compression import decompress
    from desktop.sync.protocol import body_hash

    db = Database.open(tmp_path / "desk.sqlite3")
    try:
        formed = _demo_batch(db)
        assert formed is not None and formed.packed is not None
        raw = db.engine.raw_connection()
        try:
            kept, kept_hash = raw.execute("SELECT body, body_hash FROM sync_batches").fetchone()
            assert isinstance(kept, bytes) and len(kept) * 5 < len(formed.body.encode())
            assert decompress(kept, 1 << 30) == formed.body.encode("utf-8")
            assert kept_hash == body_hash(formed.body.encode("utf-8"))
        finally:
            raw.close()
        with db.engine.begin() as connection:
            again = batches.oldest_unacked(connection)
            assert again is not None
            assert (again.seq, again.body, again.packed) == (formed.seq, formed.body, kept)
            connection.exec_driver_sql("UPDATE sync_batches SET body = ?", (formed.body,))
            before = batches.oldest_unacked(connection)  # kept as text, as before
            assert before is not None
            assert (before.body, before.packed) == (formed.body, None)
    finally:
        db.close()


def test_every_record_a_desk_forms_has_the_shape_the_server_reads_it_by(tmp_path):
    """The server reads a first sync's records by their shape (desktop.sync.records) and
    decodes only those without it (and applications, offices and staff, which it reads
    whole): a column the desk does not send (a member's name key) kept in the shape would
    make every record of its table decoded and checked one by one. Only a leap day is left
    to the check (the shape has no calendar), and a JSON column's content (the shape takes
    an empty object or list only)."""
    db = Database.open(tmp_path / "desk.sqlite3")
    try:
        batch = _demo_batch(db)
    finally:
        db.close()
    assert batch is not None and batch.changes
    texts: dict[str, list[str]] = {}
    for change in batch.changes:
        texts.setdefault(change["t"], []).append(change["d"])
    assert {"applications", "members", "incomes", "case_events"} <= texts.keys()
    for table, found in texts.items():
        if table in ("applications", "offices", "staff"):
            continue
        unread = [text for text, read in zip(found, read_texts(table, found), strict=True)
                  if read is None]
        assert all(_left_to_the_check(table, text) for text in unread), (table, unread[:1])
    assert len(texts["members"]) > 12


def _left_to_the_check(table: str, text: str) -> bool:
    found = definition(table)
    assert found is not None
    data = orjson.loads(text)
    return "-02-29" in text or any(
        field.json is not None and data.get(field.name) not in ("{}", "[]")
        for field in found.fields.values())
