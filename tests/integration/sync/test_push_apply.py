"""The server's application of push batches, called directly on a fresh district database:
the COPY of a first sync's new records, the staged upsert that moves replaced versions to
record_history, and the batch key (node, seq)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from desktop.sync.server import db
from desktop.sync.server.nodes import Node, RequestError
from desktop.sync.server.push import apply_push

pytestmark = pytest.mark.postgres

NORTH = Node("node-north", "AKT-05", "akimat")


@pytest.fixture
def engine(server_db: str) -> Iterator[Any]:
    engine = db.make_engine(server_db, pool_size=1)
    yield engine
    engine.dispose()


def _app(app_id: str, office: str, version: int, note: str, base: int = 0) -> dict[str, Any]:
    return {"t": "applications", "id": app_id, "v": version, "b": base,
            "d": {"id": app_id, "office_code": office, "version": version, "note": note}}


def _member(member_id: str, app_id: str, version: int = 1, base: int = 0) -> dict[str, Any]:
    return {"t": "members", "id": member_id, "v": version, "b": base,
            "d": {"id": member_id, "application_id": app_id, "version": version,
                  "surname": "Сейтқали\tӘлия\\n"}}


def _push(engine: Any, seq: int, changes: list[dict[str, Any]], node: Node = NORTH
          ) -> dict[str, Any]:
    body = json.dumps({"node": node.id, "seq": seq, "changes": changes},
                      ensure_ascii=False).encode("utf-8")
    with engine.begin() as connection:
        return apply_push(connection, node, body)


def _rows(engine: Any, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        return [tuple(r) for r in raw.execute(
            f"SELECT cursor, table_name, id, version, data FROM {table} ORDER BY cursor")]


def test_a_first_batch_is_copied_in_order_and_refused_changes_leave_no_row(engine):
    changes = [_app("a1", "AKT-05", 1, "первая"), _member("m1", "a1"),
               _app("x1", "AKT-07", 1, "чужая"),  # another office's: refused
               _member("m2", "a1"), _member("m3", "nowhere")]  # unknown application: refused
    answer = _push(engine, 1, changes)
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "refused", "ok", "refused"]
    rows = _rows(engine, "records")
    assert [(r[1], r[2]) for r in rows] == [("applications", "a1"), ("members", "m1"),
                                            ("members", "m2")]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # cursors in batch order
    assert rows[1][4]["surname"] == "Сейтқали\tӘлия\\n"  # COPY's special characters intact
    assert _rows(engine, "record_history") == []  # nothing was replaced

    # the same batch again: the stored answer, nothing written; another body: refused
    assert _push(engine, 1, changes) == answer
    assert _rows(engine, "records") == rows
    with pytest.raises(RequestError) as refused:
        _push(engine, 1, changes[:1])
    assert refused.value.status == 409


def test_a_replaced_version_moves_to_history_and_a_conflict_gets_its_base(engine):
    _push(engine, 1, [_app("a1", "AKT-05", 1, "первая"), _member("m1", "a1")])
    [first_app, _] = _rows(engine, "records")

    # a batch that replaces a stored version and names a new record twice (last one wins)
    answer = _push(engine, 2, [_app("a1", "AKT-05", 2, "вторая", base=1),
                               _member("m2", "a1"), _member("m2", "a1", version=2, base=1)])
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "ok"]
    current = {(r[1], r[2]): r for r in _rows(engine, "records")}
    assert current[("applications", "a1")][3] == 2
    assert current[("members", "m2")][3] == 2
    assert _rows(engine, "record_history") == [first_app]  # the replaced version, as it was

    # a change based on the replaced version is a conflict, with that version as its base
    answer = _push(engine, 3, [_app("a1", "AKT-05", 2, "иная", base=1)])
    [result] = answer["results"]
    assert result["s"] == "conflict" and result["v"] == 2
    assert result["base"]["note"] == "первая" and result["theirs"]["note"] == "вторая"


def test_a_batch_of_unconfirmed_records_the_server_holds_is_checked_after_all(engine):
    """Every change based on 0 is taken as new and COPYed without a look-up; one record the
    server holds (a renumbered batch, a desk restored from a backup) rolls that attempt back
    and the batch is checked record by record: no duplicate row, the conflict kept."""
    _push(engine, 1, [_app("a1", "AKT-05", 1, "первая"), _member("m1", "a1")])
    before = _rows(engine, "records")
    answer = _push(engine, 2, [_member("m9", "a1"), _member("m1", "a1"),  # arrived before
                               _app("a1", "AKT-05", 1, "другая")])  # same version, other data
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "conflict"]
    rows = _rows(engine, "records")
    assert rows[:2] == before  # untouched
    assert [(r[1], r[2]) for r in rows[2:]] == [("members", "m9")]  # written once
    assert _push(engine, 2, [_member("m9", "a1"), _member("m1", "a1"),
                             _app("a1", "AKT-05", 1, "другая")]) == answer  # the batch stored
    # a batch of new records only goes the fast way and lands in order
    answer = _push(engine, 3, [_member("m10", "a1"), _member("m11", "a1")])
    assert [r["s"] for r in answer["results"]] == ["ok", "ok"]
    assert [r[2] for r in _rows(engine, "records")][-2:] == ["m10", "m11"]
