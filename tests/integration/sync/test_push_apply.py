"""The server's application of push batches, called directly on a fresh district database:
the COPY of a first sync's new records, the staged upsert that moves replaced versions to
record_history, and the batch key (node, seq). Every test runs with the records as JSON
text (protocol 2, what a desk sends) and as objects (a bundle from before); every record
meets its table's definition unless a test says otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.sync.server import db, push
from desktop.sync.server.nodes import Node, RequestError
from desktop.sync.server.push import apply_push

pytestmark = pytest.mark.postgres

NORTH = Node("node-north", "AKT-05", "akimat")
SOUTH = Node("node-south", "AKT-07", "akimat")
DISTRICT = Node("node-district", "AKT", "district")
_FORM = {"text": True}
_RECORD: dict[str, Callable[..., dict[str, Any]]] = {}
# COPY's special characters as a name may hold them (a backslash, a quote, "\n" typed)
SURNAME = 'Сейтқали "Әлия" \\n'


@pytest.fixture(autouse=True)
def _district(enrolled_offices, record) -> None:
    enrolled_offices("AKT-05", "AKT-07")
    enrolled_offices("AKT", kind="district")
    _RECORD["make"] = record


@pytest.fixture(autouse=True, params=["text", "object"])
def record_form(request: pytest.FixtureRequest) -> Iterator[str]:
    _FORM["text"] = request.param == "text"
    yield request.param
    _FORM["text"] = True


@pytest.fixture
def engine(server_db: str) -> Iterator[Any]:
    # the offices the nodes are enrolled for, the district's, are made by _district
    engine = db.make_engine(server_db, pool_size=1)
    yield engine
    engine.dispose()


def _app(app_id: str, office: str, version: int, note: str, base: int = 0) -> dict[str, Any]:
    return {"t": "applications", "id": app_id, "v": version, "b": base,
            "d": _RECORD["make"]("applications", app_id, version, office_code=office,
                                 commission_note=note)}


def _member(member_id: str, app_id: str, version: int = 1, base: int = 0,
            surname: str = "Сейтқали") -> dict[str, Any]:
    return {"t": "members", "id": member_id, "v": version, "b": base,
            "d": _RECORD["make"]("members", member_id, version, application_id=app_id,
                                 surname=surname)}


def _push(engine: Any, seq: int, changes: list[dict[str, Any]], node: Node = NORTH
          ) -> dict[str, Any]:
    if _FORM["text"]:  # each record's JSON as a string, as a desk sends it
        changes = [{**c, "d": c["d"] if c["d"] is None or isinstance(c["d"], str) else
                    json.dumps(c["d"], ensure_ascii=False, separators=(",", ":"))}
                   for c in changes]
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
    changes = [_app("a1", "AKT-05", 1, "первая"), _member("m1", "a1", surname=SURNAME),
               _app("x1", "AKT-07", 1, "чужая"),  # another office's: refused
               _member("m2", "a1"), _member("m3", "nowhere")]  # unknown application: refused
    answer = _push(engine, 1, changes)
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "refused", "ok", "refused"]
    assert answer["results"][2]["r"] == "outside_scope"
    assert {k: answer["results"][4][k] for k in ("r", "f", "p")} == \
        {"r": "invalid", "f": "application_id", "p": "reference"}
    rows = _rows(engine, "records")
    assert [(r[1], r[2]) for r in rows] == [("applications", "a1"), ("members", "m1"),
                                            ("members", "m2")]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # cursors in batch order
    assert rows[1][4]["surname"] == SURNAME  # COPY's special characters intact
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
    assert result["base"]["commission_note"] == "первая"
    assert result["theirs"]["commission_note"] == "вторая"


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


def test_an_akimat_cannot_place_a_record_under_another_office_whatever_it_sends(
        engine, record_form, monkeypatch):
    """The records of an application's tables in the shape a desk writes are read from
    their text without being decoded (their application, id and version); any other text
    is decoded. Either way a record that names another office's application, an unknown
    one or one later in the batch is refused, and nothing of it is stored."""
    _push(engine, 1, [_app("s1", "AKT-07", 1, "южная")], node=SOUTH)
    before = _rows(engine, "records")
    twice = json.dumps(_member("m4", "a1")["d"], ensure_ascii=False)
    answer = _push(engine, 1, [
        _app("a1", "AKT-05", 1, "первая"), _member("m1", "a1"),
        _member("m2", "s1"),  # the other office's application
        _member("m3", "a2"), _app("a2", "AKT-05", 1, "вторая"),  # its application comes later
        {"t": "members", "id": "m4", "v": 1, "b": 0,  # the key twice: the last one counts
         "d": twice[:-1] + ', "application_id": "s1"}'},
        {"t": "members", "id": "m5", "v": 1, "b": 0,  # the key only deeper down
         "d": '{"id": "m5", "x": {"application_id": "a1"}}'},
        _member("m6", "a1")])
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "refused", "refused", "ok",
                                                   "refused", "refused", "ok"]
    rows = _rows(engine, "records")
    assert rows[:1] == before
    assert [(r[1], r[2]) for r in rows[1:]] == [("applications", "a1"), ("members", "m1"),
                                                ("applications", "a2"), ("members", "m6")]
    with engine.connect() as connection:
        scopes = {r[0]: r[1] for r in connection.connection.driver_connection.execute(
            "SELECT id, scope FROM records")}
    assert scopes == {"s1": "AKT-07", "a1": "AKT-05", "m1": "AKT-05", "a2": "AKT-05",
                      "m6": "AKT-05"}
    # an honest batch after it goes the fast way again: its members are not decoded
    decoded: list[str] = []
    validate = push.definitions.validate
    monkeypatch.setattr(push.definitions, "validate",
                        lambda table, data: (decoded.append(table), validate(table, data))[1])
    answer = _push(engine, 2, [_app("a3", "AKT-05", 1, "третья"), _member("m7", "a3"),
                               _member("m8", "a1")])
    assert [r["s"] for r in answer["results"]] == ["ok", "ok", "ok"]
    if record_form == "text":
        assert decoded == ["applications"]
    # a district desk's records are decided one by one, each in its application's office
    answer = _push(engine, 1, [_member("d1", "s1"), _member("d2", "a1")], node=DISTRICT)
    assert [r["s"] for r in answer["results"]] == ["ok", "ok"]
    with engine.connect() as connection:
        scopes = {r[0]: r[1] for r in connection.connection.driver_connection.execute(
            "SELECT id, scope FROM records WHERE id IN ('d1', 'd2')")}
    assert scopes == {"d1": "AKT-07", "d2": "AKT-05"}


def _texts() -> dict[str, tuple[str, tuple[str, str] | None]]:
    """Texts of record m1 as a desk (or a hostile one) could send them, and what the server
    answers: None for ``ok``, else the field and problem of the refusal."""
    valid = json.dumps(_member("m1", "a1", surname=SURNAME)["d"],  # not as a desk writes it
                       ensure_ascii=False)
    surname = json.dumps(SURNAME, ensure_ascii=False)
    return {
        # a line break and a row of COPY's text format for another office after it
        "copy_row": (valid + "\tf\tnode-north\t2026-01-01\n999\tmembers\tevil\tAKT-07\t1\t{}",
                     ("", "malformed")),
        # JSON's own white space: a raw tab and line breaks between the fields
        "white_space": (valid.replace(', "surname"', ',\t\n"surname"'), None),
        "indented": (json.dumps(json.loads(valid), ensure_ascii=False, indent="\t"), None),
        "nul": (valid.replace(surname, '"Сейтқали\\u0000"'), ("surname", "control_character")),
        "another_id": (valid.replace('"id": "m1"', '"id": "m9"'), ("id", "identity")),
        "not_json": (valid[:-1], ("", "malformed")),
        "not_an_object": ('["m1", "a1"]', ("", "malformed")),
    }


@pytest.mark.parametrize("case", ["copy_row", "white_space", "indented", "nul", "another_id",
                                  "not_json", "not_an_object"])
def test_a_record_text_cannot_add_a_row_and_a_malformed_one_is_refused_alone(engine, case):
    """Whatever the text of a record, it is stored as PostgreSQL reads it or refused on its
    own, named; the rest of the batch is stored, and nothing else is."""
    _push(engine, 1, [_app("a1", "AKT-05", 1, "первая")])
    before = _rows(engine, "records")
    text, refused = _texts()[case]
    answer = _push(engine, 2, [{"t": "members", "id": "m1", "v": 1, "b": 0, "d": text},
                               _member("m2", "a1")])
    first, second = answer["results"]
    assert second["s"] == "ok"
    if refused is None:
        assert first["s"] == "ok"
    else:
        assert (first["s"], first["r"], first["f"], first["p"]) == ("refused", "invalid",
                                                                    *refused)
    rows = _rows(engine, "records")
    assert rows[:1] == before
    assert [r[2] for r in rows[1:]] == (["m2"] if refused else ["m1", "m2"])
    if refused is None:
        assert rows[1][4] == json.loads(text)
    assert all(r[2] != "evil" for r in rows)


def test_the_answer_is_kept_without_its_plain_results_and_given_whole_again(engine):
    """push_batches keeps only the results that say more than "ok at the change's version";
    the same body resent gets the whole answer, and so does an answer an older server kept
    whole."""
    changes = [_app("a1", "AKT-05", 1, "первая"), _member("m1", "a1"),
               _app("x1", "AKT-07", 1, "чужая"), _member("m2", "a1")]
    answer = _push(engine, 1, changes)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        [kept] = [r[0] for r in raw.execute("SELECT response FROM push_batches")]
    assert kept == {"seq": 1, "count": 4, "other": {"2": answer["results"][2]}}
    assert _push(engine, 1, changes) == answer
    with engine.begin() as connection:
        raw = connection.connection.driver_connection
        raw.execute("UPDATE push_batches SET response = %s::jsonb", (json.dumps(answer),))
    assert _push(engine, 1, changes) == answer
