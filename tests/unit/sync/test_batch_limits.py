"""The desk keeps its push batches within the server's limits: at most MAX_CHANGES changes,
MAX_PUSH_BYTES bytes and MAX_PUSH_ITEMS values (json_items) each; a batch that would pass
one is formed again from fewer records, and no record is lost or sent twice."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.demo.generate import fill_demo
from desktop.storage.database import Database
from desktop.storage.outbox import enqueue_untracked
from desktop.sync import scopes
from desktop.sync.client import batches
from desktop.sync.protocol import json_items


@pytest.fixture
def db(tmp_path):
    database = Database.open(tmp_path / "desk.sqlite3")
    fill_demo(database, 20, seed=3)
    with database.session() as session:
        enqueue_untracked(session, scopes.synced_tables())
    yield database
    database.close()


def _all_batches(db: Database) -> list[batches.Batch]:
    formed = []
    with db.engine.begin() as connection:
        while (batch := batches.form_batch(connection, "node-1")) is not None:
            formed.append(batch)
    return formed


def _records(db: Database) -> set[tuple[str, str]]:
    with db.engine.connect() as connection:
        return {(name, row[0]) for name in scopes.synced_tables()
                for row in connection.exec_driver_sql(f"SELECT id FROM {name}")}


@pytest.mark.parametrize(("limit", "value"), [("MAX_PUSH_BYTES", 40_000),
                                              ("MAX_PUSH_ITEMS", 1_500),
                                              ("MAX_CHANGES", 50)])
def test_every_batch_keeps_within_the_limits(db, monkeypatch, limit, value):
    monkeypatch.setattr(batches, limit, value)
    formed = _all_batches(db)
    assert len(formed) > 3
    sent: list[tuple[str, str]] = []
    for batch in formed:
        body = batch.body.encode("utf-8")
        assert len(body) <= batches.MAX_PUSH_BYTES
        assert json_items(body) <= batches.MAX_PUSH_ITEMS
        assert batch.records <= batches.MAX_CHANGES
        sent += [(c["t"], c["id"]) for c in orjson.loads(body)["changes"]]
    assert [b.seq for b in formed] == list(range(1, len(formed) + 1))
    assert len(sent) == len(set(sent))  # none twice
    assert set(sent) == _records(db)  # none lost


def test_a_batch_size_asked_beyond_the_limit_is_cut_to_it(db, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_RECORDS", 10**6)  # KOMEK_SYNC_BATCH_RECORDS
    monkeypatch.setattr(batches, "MAX_CHANGES", 120)
    assert {b.records for b in _all_batches(db)[:-1]} == {120}


def test_a_single_record_beyond_the_limit_is_still_sent_alone(db, monkeypatch):
    """It cannot be split: the server answers it with too_large, which the person sees."""
    monkeypatch.setattr(batches, "MAX_PUSH_BYTES", 10)
    with db.engine.begin() as connection:
        formed = [batches.form_batch(connection, "node-1") for _ in range(3)]
    assert [b.records for b in formed if b] == [1, 1, 1]


def _values(decoded: object) -> int:
    """How many values ``decoded`` holds, itself included (an object's keys not counted)."""
    if isinstance(decoded, dict):
        return 1 + sum(_values(value) for value in decoded.values())
    if isinstance(decoded, list):
        return 1 + sum(_values(value) for value in decoded)
    return 1


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=4), inner,
                                                                max_size=5),
    max_leaves=40)


@given(_JSON)
def test_json_items_bounds_the_values_a_body_decodes_to(value: object) -> None:
    body = orjson.dumps(value)
    assert json_items(body) >= _values(orjson.loads(body))
    # every comma and bracket, those inside strings too
    assert json_items(body) == sum(body.count(mark) for mark in (b",", b"{", b"[")) + 1
