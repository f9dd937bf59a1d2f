"""Ownership on both ways a push is written, called directly on a fresh district database:
the fast way of a first sync (records taken as new, the akimat's case records stored from
their text without being decoded) and the usual way record by record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import orjson
import psycopg
import pytest
from sqlalchemy import insert

from desktop.storage.ids import office_id
from desktop.sync.server import db, push
from desktop.sync.server.nodes import Node
from desktop.sync.server.push import apply_push
from desktop.sync.server.schema import offices

pytestmark = pytest.mark.postgres

NORTH = Node("node-north", "AKT-05", "akimat")
SOUTH = Node("node-south", "AKT-07", "akimat")


@pytest.fixture
def engine(server_db: str) -> Iterator[Any]:
    engine = db.make_engine(server_db, pool_size=1)
    with engine.begin() as connection:
        connection.execute(insert(offices), [
            {"code": node.office_code, "kind": node.kind, "created_at": dt.datetime.now(dt.UTC)}
            for node in (NORTH, SOUTH)])
    yield engine
    engine.dispose()


def _change(table: str, record_id: str, data: dict[str, Any] | None, version: int = 1,
            base: int = 0) -> dict[str, Any]:
    return {"t": table, "id": record_id, "v": version, "b": base,
            "d": None if data is None else orjson.dumps(
                {**data, "id": record_id, "version": version}).decode()}


def _push(engine: Any, node: Node, seq: int, changes: list[dict[str, Any]]) -> list[Any]:
    body = orjson.dumps({"node": node.id, "seq": seq, "changes": changes})
    with engine.begin() as connection:
        return [(r["s"], r.get("r"), r.get("f")) for r in
                apply_push(connection, node, body)["results"]]


def _data(database: str, table: str, record_id: str) -> dict[str, Any] | None:
    with psycopg.connect(database) as connection:
        row = connection.execute("SELECT data FROM records WHERE table_name = %s AND id = %s",
                                 (table, record_id)).fetchone()
    return row[0] if row else None


REGISTERED = {"office_code": "AKT-05", "status": "registered", "channel": "akim",
              "applicant_iin": "900101300126"}


def test_the_fast_way_writes_only_new_records_of_the_akimats_own_office(engine, server_db):
    south_staff = _change("staff", "s-staff", {"office_id": office_id("AKT-07"),
                                                "full_name": "Оңтүстік"})
    assert _push(engine, SOUTH, 1, [
        _change("offices", office_id("AKT-07"), {"code": "AKT-07", "kind": "akimat"}),
        south_staff]) == [("ok", None, None)] * 2
    assert _push(engine, NORTH, 1, [
        _change("offices", office_id("AKT-05"), {"code": "AKT-05", "kind": "akimat"}),
        _change("applications", "a1", REGISTERED),
        _change("members", "m1", {"application_id": "a1", "iin": "900101300126"})]) == \
        [("ok", None, None)] * 3

    # a first batch again (every change based on 0): the fast way is tried, and each
    # record it cannot take as new sends the batch the usual way, where the stored versions
    # decide: north's member with another IIN is a conflict (nothing written), south's
    # operator a record of another office (refused, its data not given away)
    decoded: list[str] = []
    original = push._decode
    try:
        push._decode = lambda change: (decoded.append(change["t"]), original(change))[1]
        answer = _push(engine, NORTH, 2, [
            _change("members", "m2", {"application_id": "a1", "iin": "850505400123"}),
            _change("members", "m1", {"application_id": "a1", "iin": "111111111111"}),
            _change("staff", "s-staff", {"office_id": office_id("AKT-05"),
                                         "full_name": "Бөгде"})])
    finally:
        push._decode = original
    assert answer == [("ok", None, None), ("conflict", None, None),
                      ("refused", "not_owner", None)]
    assert decoded.count("members") == 2  # decided record by record, after the fast way
    assert _data(server_db, "members", "m1")["iin"] == "900101300126"
    assert _data(server_db, "staff", "s-staff")["full_name"] == "Оңтүстік"

    # on the fast way itself the decoded records are checked like any: a staff record
    # made new under another office's office is refused, the akimat's case records are
    # written without being decoded, under its own office
    decoded.clear()
    try:
        push._decode = lambda change: (decoded.append(change["t"]), original(change))[1]
        answer = _push(engine, NORTH, 3, [
            _change("staff", "n-staff", {"office_id": office_id("AKT-07"),
                                         "full_name": "Бөгде"}),
            _change("case_events", "e1", {"application_id": "a1", "action": "visa"}),
            _change("members", "m3", {"application_id": "a1"})])
    finally:
        push._decode = original
    assert answer == [("refused", "not_owner", None), ("ok", None, None), ("ok", None, None)]
    assert decoded == ["staff"]  # the fast way was kept: no record went the usual way
    assert _data(server_db, "staff", "n-staff") is None
    with psycopg.connect(server_db) as connection:
        scopes = dict(connection.execute(
            "SELECT id, scope FROM records WHERE id IN ('e1', 'm3')").fetchall())
    assert scopes == {"e1": "AKT-05", "m3": "AKT-05"}


def test_a_change_based_on_an_old_version_is_a_conflict_before_it_is_checked(engine):
    """What a registered case lets change is checked when the change would be written: one
    based on an older version is kept as a conflict for a person (whose resolution, pushed
    against the stored version, is checked then). Ownership is checked first, always."""
    assert _push(engine, NORTH, 1, [_change("applications", "a1", REGISTERED)]) == \
        [("ok", None, None)]
    assert _push(engine, NORTH, 2, [_change("applications", "a1", {
        **REGISTERED, "status": "sent_to_commission"}, version=2, base=1)]) == \
        [("ok", None, None)]
    # based on version 1: a conflict, whatever it says
    assert _push(engine, NORTH, 3, [_change("applications", "a1", {
        **REGISTERED, "applicant_iin": "111111111111"}, version=2, base=1)]) == \
        [("conflict", None, None)]
    # against the stored version: the IIN is refused
    assert _push(engine, NORTH, 4, [_change("applications", "a1", {
        **REGISTERED, "status": "sent_to_commission", "applicant_iin": "111111111111"},
        version=3, base=2)]) == [("refused", "registered", "applicant_iin")]
    # another office's record: refused even with an old base (no conflict, no data back)
    assert _push(engine, SOUTH, 1, [_change("applications", "a1", REGISTERED, version=2,
                                            base=1)]) == [("refused", "outside_scope", None)]
