"""Ownership on both ways a push is written, called directly on a fresh district database:
the fast way of a first sync (records taken as new, an akimat's run of case records read by
their shape and stored from their text without being decoded) and the usual way record by
record. Every record meets its table's definition, so what decides is whose it is."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import psycopg
import pytest
from sqlalchemy import insert

from desktop.domain.iin import make_iin
from desktop.domain.model import Sex
from desktop.storage.ids import office_id
from desktop.sync.server import db, push
from desktop.sync.server.nodes import Node
from desktop.sync.server.push import apply_push
from desktop.sync.server.schema import offices

pytestmark = pytest.mark.postgres

NORTH = Node("node-north", "AKT-05", "akimat")
SOUTH = Node("node-south", "AKT-07", "akimat")
IIN = make_iin(dt.date(1990, 1, 1), Sex.MALE, 12)
OTHER_IIN = make_iin(dt.date(1985, 5, 5), Sex.FEMALE, 40)
_RECORD: dict[str, Callable[..., dict[str, Any]]] = {}


@pytest.fixture(autouse=True)
def _records(record) -> None:
    _RECORD["make"] = record


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
    """A change whose record meets its definition: ``data`` over a valid record's values."""
    return {"t": table, "id": record_id, "v": version, "b": base,
            "d": None if data is None else json.dumps(
                _RECORD["make"](table, record_id, version, **data), ensure_ascii=False,
                separators=(",", ":"))}


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


@pytest.fixture
def spies(monkeypatch) -> dict[str, list[str]]:
    """The tables of the records decoded one by one (``read``: checked as they came;
    ``again``: decoded by the usual way after the fast way gave up) and of the runs the fast
    way accepted whole (``runs``)."""
    seen: dict[str, list[str]] = {"read": [], "again": [], "runs": []}
    read, decoded, accept_run = push._read, push._decoded, push._accept_run

    def spy_read(change: dict[str, Any]) -> None:
        seen["read"].append(change["t"])
        read(change)

    def spy_decoded(change: dict[str, Any]) -> None:
        seen["again"].append(change["t"])
        decoded(change)

    def spy_accept_run(run: list[dict[str, Any]], *args: Any) -> bool:
        accepted = accept_run(run, *args)
        if accepted:
            seen["runs"].append(run[0]["t"])
        return accepted

    monkeypatch.setattr(push, "_read", spy_read)
    monkeypatch.setattr(push, "_decoded", spy_decoded)
    monkeypatch.setattr(push, "_accept_run", spy_accept_run)
    return seen


def _registered(office: str = "AKT-05") -> dict[str, Any]:
    return {"office_code": office, "status": "registered", "channel": "akim",
            "applicant_iin": IIN}


def test_the_fast_way_writes_only_new_records_of_the_akimats_own_office(engine, server_db,
                                                                        spies):
    south_staff = _change("staff", "s-staff", {"office_id": office_id("AKT-07"),
                                                "full_name": "Оңтүстік"})
    assert _push(engine, SOUTH, 1, [
        _change("offices", office_id("AKT-07"), {"code": "AKT-07", "kind": "akimat"}),
        south_staff]) == [("ok", None, None)] * 2
    assert _push(engine, NORTH, 1, [
        _change("offices", office_id("AKT-05"), {"code": "AKT-05", "kind": "akimat"}),
        _change("applications", "a1", _registered()),
        _change("members", "m1", {"application_id": "a1", "iin": IIN})]) == \
        [("ok", None, None)] * 3

    # a first batch again (every change based on 0, the runs in the order of foreign keys):
    # the fast way is tried, the members' run too, and the record it cannot take as new
    # sends the batch the usual way, where the stored versions decide: north's member with
    # another IIN is a conflict (nothing written), south's operator a record of another
    # office (refused, its data not given away)
    for seen in spies.values():
        seen.clear()
    answer = _push(engine, NORTH, 2, [
        _change("staff", "s-staff", {"office_id": office_id("AKT-05"), "full_name": "Бөгде"}),
        _change("members", "m2", {"application_id": "a1", "iin": OTHER_IIN}),
        _change("members", "m1", {"application_id": "a1", "iin": OTHER_IIN})])
    assert answer == [("refused", "not_owner", None), ("ok", None, None),
                      ("conflict", None, None)]
    assert spies["again"].count("members") == 2  # decided record by record, after the fast way
    assert _data(server_db, "members", "m1")["iin"] == IIN
    assert _data(server_db, "staff", "s-staff")["full_name"] == "Оңтүстік"

    # on the fast way itself the decoded records are checked like any: a staff record made
    # new under another office's office is refused; the akimat's runs of case records of its
    # own application are accepted whole, without being decoded, under its own office
    for seen in spies.values():
        seen.clear()
    answer = _push(engine, NORTH, 3, [
        _change("staff", "n-staff", {"office_id": office_id("AKT-07"), "full_name": "Бөгде"}),
        _change("case_events", "e1", {"application_id": "a1",
                                      "action": "refer_to_commission"}),
        _change("members", "m3", {"application_id": "a1", "iin": OTHER_IIN})])
    assert answer == [("refused", "not_owner", None), ("ok", None, None), ("ok", None, None)]
    assert spies["read"] == ["staff"]  # the others were read by their shape
    assert spies["again"] == []  # the fast way was kept: no record went the usual way
    assert spies["runs"] == ["case_events", "members"]
    assert _data(server_db, "staff", "n-staff") is None
    with psycopg.connect(server_db) as connection:
        scopes = dict(connection.execute(
            "SELECT id, scope FROM records WHERE id IN ('e1', 'm3')").fetchall())
    assert scopes == {"e1": "AKT-05", "m3": "AKT-05"}


def test_the_fast_way_accepts_no_run_of_another_offices_application(engine, server_db,
                                                                    spies):
    """An akimat's run of new records that would be accepted whole but for their
    application, held in another office: decided record by record, each refused as another
    office's, nothing written."""
    assert _push(engine, SOUTH, 1, [_change("applications", "s1", _registered("AKT-07"))]) == \
        [("ok", None, None)]
    for seen in spies.values():
        seen.clear()
    answer = _push(engine, NORTH, 1, [
        _change("case_events", "e9", {"application_id": "s1", "action": "visa"}),
        _change("members", "m8", {"application_id": "s1", "iin": IIN}),
        _change("members", "m9", {"application_id": "s1", "iin": OTHER_IIN})])
    assert answer == [("refused", "outside_scope", None)] * 3
    assert spies["runs"] == [] and spies["again"] == []
    for table, record_id in (("case_events", "e9"), ("members", "m8"), ("members", "m9")):
        assert _data(server_db, table, record_id) is None


def test_a_family_record_of_a_registered_application_pushed_alone_is_refused(engine):
    """The application a stored record belongs to is read with its status when the record
    comes without it, so a registered family is kept whoever sends one of its records."""
    assert _push(engine, NORTH, 1, [
        _change("applications", "a1", _registered()),
        _change("members", "m1", {"application_id": "a1", "iin": IIN})]) == \
        [("ok", None, None)] * 2
    assert _push(engine, NORTH, 2, [
        _change("members", "m1", {"application_id": "a1", "iin": OTHER_IIN}, version=2,
                base=1)]) == [("refused", "registered", "iin")]
    assert _push(engine, NORTH, 3, [
        _change("members", "m1", None, version=2, base=1)]) == \
        [("refused", "registered", None)]


def test_a_change_based_on_an_old_version_is_a_conflict_before_it_is_checked(engine):
    """What a registered case lets change is checked when the change would be written: one
    based on an older version is kept as a conflict for a person (whose resolution, pushed
    against the stored version, is checked then). Ownership is checked first, always."""
    assert _push(engine, NORTH, 1, [_change("applications", "a1", _registered())]) == \
        [("ok", None, None)]
    assert _push(engine, NORTH, 2, [_change("applications", "a1", {
        **_registered(), "status": "sent_to_commission"}, version=2, base=1)]) == \
        [("ok", None, None)]
    # based on version 1: a conflict, whatever it says
    assert _push(engine, NORTH, 3, [_change("applications", "a1", {
        **_registered(), "applicant_iin": OTHER_IIN}, version=2, base=1)]) == \
        [("conflict", None, None)]
    # against the stored version: the IIN is refused
    assert _push(engine, NORTH, 4, [_change("applications", "a1", {
        **_registered(), "status": "sent_to_commission", "applicant_iin": OTHER_IIN},
        version=3, base=2)]) == [("refused", "registered", "applicant_iin")]
    # another office's record: refused even with an old base (no conflict, no data back)
    assert _push(engine, SOUTH, 1, [_change("applications", "a1", _registered(), version=2,
                                            base=1)]) == [("refused", "outside_scope", None)]


def test_the_fast_way_stores_only_the_steps_the_akimat_takes(engine, server_db, spies):
    """An akimat's run of new case records is stored whole only when each is a step the
    akimat takes on its case's path (its application in an earlier batch, or in this one);
    a run with the district's visa or decision in it is decided record by record, and those
    alone are refused, naming the field that tells the step."""
    assert _push(engine, NORTH, 1, [_change("applications", "a1", _registered())]) == \
        [("ok", None, None)]
    for seen in spies.values():
        seen.clear()
    own = [_change("case_events", "e1", {"application_id": "a1",
                                          "action": "refer_to_commission"}),
           _change("case_events", "e2", {"application_id": "a1",
                                          "action": "record_conclusion"}),
           _change("case_events", "e3", {"application_id": "a1",
                                          "action": "send_to_district"}),
           _change("commission_acts", "c1", {"application_id": "a1"})]
    assert _push(engine, NORTH, 2, own) == [("ok", None, None)] * 4
    assert spies["runs"] == ["case_events", "commission_acts"]

    for seen in spies.values():
        seen.clear()
    answer = _push(engine, NORTH, 3, [
        _change("applications", "a2", {**_registered(), "applicant_iin": OTHER_IIN}),
        _change("case_events", "e4", {"application_id": "a1", "action": "withdraw"}),
        _change("case_events", "e5", {"application_id": "a1", "action": "visa"}),
        _change("case_events", "e6", {"application_id": "a2", "action": "assign"}),
        _change("case_decisions", "d1", {"application_id": "a1", "stage": "final",
                                         "outcome": "assigned",
                                         "monthly_amount": 99_999_900}),
        _change("case_decisions", "d2", {"application_id": "a2", "stage": "recalculation",
                                         "outcome": "terminated"})])
    assert answer == [("ok", None, None), ("ok", None, None),
                      ("refused", "not_owner", "action"), ("refused", "not_owner", "action"),
                      ("refused", "not_owner", "stage"), ("refused", "not_owner", "stage")]
    assert spies["runs"] == []
    for table, record_id in (("case_events", "e5"), ("case_events", "e6"),
                             ("case_decisions", "d1"), ("case_decisions", "d2")):
        assert _data(server_db, table, record_id) is None
    assert _data(server_db, "case_events", "e4")["action"] == "withdraw"


DISTRICT = Node("node-district", "AUD-01", "district")


def test_the_districts_steps_follow_the_path_of_the_cases_service(engine, server_db):
    """A district desk writes the steps of its side, by the path of the case's service from
    the catalogue (a registration of the unemployed computes nothing and has no commission):
    its decision is stored, a step its path does not have is refused, whoever sends it."""
    with engine.begin() as connection:
        connection.execute(insert(offices), [{"code": DISTRICT.office_code,
                                              "kind": DISTRICT.kind,
                                              "created_at": dt.datetime.now(dt.UTC)}])
    registered = {**_registered(DISTRICT.office_code), "channel": "district_office",
                  "service": "unemployed_registration"}
    assert _push(engine, DISTRICT, 1, [_change("applications", "u1", registered)]) == \
        [("ok", None, None)]
    assert _push(engine, DISTRICT, 2, [
        _change("case_events", "v1", {"application_id": "u1", "action": "visa"}),
        _change("case_events", "v2", {"application_id": "u1",
                                      "action": "refer_to_commission"}),
        _change("commission_acts", "v3", {"application_id": "u1"}),
        _change("case_decisions", "v4", {"application_id": "u1", "stage": "final",
                                         "outcome": "assigned"})]) == \
        [("ok", None, None), ("refused", "not_owner", "action"),
         ("refused", "not_owner", None), ("ok", None, None)]
    # the akimat's case: the district takes its own steps, not the akimat's commission
    assert _push(engine, NORTH, 1, [_change("applications", "a1", _registered())]) == \
        [("ok", None, None)]
    assert _push(engine, DISTRICT, 3, [
        _change("case_events", "w1", {"application_id": "a1",
                                      "action": "receive_at_district"}),
        _change("case_decisions", "w2", {"application_id": "a1", "stage": "draft"}),
        _change("commission_acts", "w3", {"application_id": "a1"})]) == \
        [("ok", None, None), ("ok", None, None), ("refused", "not_owner", None)]
