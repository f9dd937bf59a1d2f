"""Record definitions: read from the desk's own tables, never raising on any JSON value, and
the shape a first sync's texts are read by never accepting what the field check refuses."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import model as m
from desktop.domain.case_status import CaseStatus
from desktop.domain.iin import make_iin
from desktop.storage.base import Base
from desktop.sync import scopes
from desktop.sync.protocol import FieldProblem
from desktop.sync.records import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    TEXT,
    Problem,
    definition,
    read_text,
    read_texts,
    validate,
)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
TABLES = sorted(scopes.SYNCED)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=8)


def valid(table: str, **values: Any) -> dict[str, Any]:
    """Every column in the table's order, as a desk writes it (not the columns each desk
    makes for itself), meeting the definition."""
    found = definition(table)
    assert found is not None
    record: dict[str, Any] = {}
    for field in found.fields.values():
        if field.name in scopes.LOCAL_COLUMNS.get(table, ()):
            continue
        default = Base.metadata.tables[table].columns[field.name].default
        if field.name in values:
            record[field.name] = values[field.name]
        elif field.name in ("id", "application_id", "member_id", "office_id"):
            record[field.name] = "01a24d3b-378d-7727-bc66-eca884ec5988"
        elif default is not None and default.is_scalar and not field.office and not (
                field.choices and default.arg == ""):
            record[field.name] = default.arg
        elif field.nullable:
            record[field.name] = None
        elif field.choices is not None:
            record[field.name] = sorted(field.choices)[0]
        elif field.check == "iin":
            record[field.name] = make_iin(dt.date(1990, 1, 1), m.Sex.FEMALE, 1)
        elif field.check == "quarter":
            record[field.name] = "2026-Q4"
        elif field.json is not None:
            record[field.name] = "{}"
        elif field.office:
            record[field.name] = "AKT-05"
        else:
            record[field.name] = {DATE: "2026-11-20", DATETIME: "2026-11-20 09:00:00.000000",
                                  INTEGER: 1, BOOLEAN: False}.get(field.kind, "x")
    return record


def desk_text(record: dict[str, Any]) -> str:
    """The record's JSON as SQLite's json_object writes it at a desk."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def test_every_synced_table_is_defined_from_its_model():
    for table in TABLES:
        found = definition(table)
        assert found is not None, table
        assert list(found.fields) == [c.name for c in Base.metadata.tables[table].columns]
    assert definition("accounts") is None  # never synced: no definition to send it by
    date = definition("applications").fields["application_date"]
    assert (date.kind, date.required, date.nullable) == (DATE, True, False)
    surname = definition("members").fields["surname"]
    assert (surname.kind, surname.length, surname.required) == (TEXT, 200, True)
    assert definition("members").fields["relationship"].choices == \
        frozenset(r.value for r in m.Relationship)
    assert definition("journal_entries").fields["status"].choices == \
        frozenset(s.value for s in CaseStatus)
    assert definition("members").fields["iin"].check == "iin"
    assert definition("incomes").fields["member_id"].refers == "members"
    assert definition("staff").fields["office_id"].refers == "offices"
    assert definition("intake_drafts").fields["applicant_iin"].check is None  # as typed
    assert [f.name for f in definition("applications").offices] == ["office_code"]


@pytest.mark.parametrize("table", TABLES)
def test_a_valid_record_passes_and_has_the_shape_of_one(table):
    record = valid(table)
    assert validate(table, record) is None
    read = read_text(table, desk_text(record))
    assert read is not None and read["id"] == record["id"] and read["version"] == 1


def test_a_column_each_desk_makes_for_itself_is_not_in_the_shape():
    """A member's name key is never sent (each desk makes it from the name): a member as a
    desk writes it has the shape; a text that carries the key all the same is decoded and
    checked, and passes."""
    record = valid("members")
    assert "name_fold" not in record
    assert read_text("members", desk_text(record)) is not None
    with_key = {**record, "name_fold": "сейтқали"}
    assert read_text("members", desk_text(with_key)) is None
    assert validate("members", with_key) is None


CASES = [
    ("members", {"position": "1"}, "position", FieldProblem.TYPE),
    ("members", {"position": True}, "position", FieldProblem.TYPE),
    ("members", {"birth_date": "2026-02-30"}, "birth_date", FieldProblem.DATE),
    ("members", {"birth_date": "20.11.2026"}, "birth_date", FieldProblem.DATE),
    ("members", {"relationship": "neighbour"}, "relationship", FieldProblem.CHOICE),
    ("members", {"statuses": "pensioner,astronaut"}, "statuses", FieldProblem.CHOICE),
    ("members", {"surname": "Ә" * 201}, "surname", FieldProblem.LENGTH),
    ("members", {"surname": "Сейт\x00қали"}, "surname", FieldProblem.CONTROL_CHARACTER),
    ("members", {"surname": "Сейт\nқали"}, "surname", FieldProblem.CONTROL_CHARACTER),
    ("members", {"surname": "Сейт\x85қали"}, "surname", FieldProblem.CONTROL_CHARACTER),
    ("members", {"iin": "900101300127"}, "iin", FieldProblem.IIN),
    ("members", {"surname": None}, "surname", FieldProblem.REQUIRED),
    ("incomes", {"month": 13}, "month", FieldProblem.RANGE),
    ("incomes", {"quarter": "2026-Q5"}, "quarter", FieldProblem.DATE),
    ("members", {"position": 2 ** 63}, "position", FieldProblem.TOO_LARGE),
    ("members", {"nickname": "Әке"}, "nickname", FieldProblem.UNKNOWN_FIELD),
    ("members", {"nick\x00name": 1}, "?", FieldProblem.UNKNOWN_FIELD),  # never echoed
    ("applications", {"bank_iban": "KZ000000000000000000"}, "bank_iban", FieldProblem.IBAN),
    ("intake_drafts", {"state": "[]"}, "state", FieldProblem.TYPE),
    ("intake_drafts", {"state": '{"values": {"surname": "a\\u0000"}}'}, "state",
     FieldProblem.CONTROL_CHARACTER),
    ("case_events", {"data": "{not json"}, "data", FieldProblem.TYPE),
    ("case_events", {"at": "yesterday"}, "at", FieldProblem.DATE),
]


@pytest.mark.parametrize(("table", "values", "field", "problem"), CASES)
def test_each_problem_is_named_with_its_field(table, values, field, problem):
    record = {**valid(table), **values}
    assert validate(table, record) == Problem(field, problem)
    assert read_text(table, desk_text(record)) is None  # the shape leaves it to the check


def test_free_text_keeps_its_line_breaks_and_a_missing_column_with_a_default_is_fine():
    record = valid("incomes", note="первая строка\nвторая\tстрока")
    assert validate("incomes", record) is None
    del record["payer"]
    assert validate("incomes", record) is None
    del record["amount"]
    assert validate("incomes", record) == Problem("amount", FieldProblem.REQUIRED)
    assert validate("members", {**valid("members"), "statuses": ""}) is None
    assert validate("members", {**valid("members"), "birth_date": "2024-02-29"}) is None
    assert read_text("members", desk_text(valid("members", birth_date="2024-02-29"))) is None


@SETTINGS
@given(table=st.sampled_from(TABLES), data=st.data())
def test_any_json_value_in_any_column_is_a_problem_or_valid_never_an_error(table, data):
    record = valid(table)
    column = data.draw(st.sampled_from(list(record)))
    record[column] = data.draw(JSON_VALUES)
    problem = validate(table, record)
    assert problem is None or (problem.field == column and
                               isinstance(problem.problem, FieldProblem))


@SETTINGS
@given(table=st.sampled_from(TABLES),
       record=st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=6))
def test_any_json_object_is_a_problem_or_valid_never_an_error(table, record):
    problem = validate(table, record)
    assert problem is None or isinstance(problem.problem, FieldProblem)


def _near(field_kind: str, length: int | None) -> st.SearchStrategy[Any]:
    """Values at the edges of what a column takes, as a desk could write them."""
    text = st.text(st.characters(codec="utf-8"), max_size=(length or 20) + 2)
    return st.one_of(
        text, st.just("Ә" * (length or 1)), st.just("Ә" * ((length or 1) + 1)),
        st.dates().map(dt.date.isoformat), st.datetimes().map(str),
        st.datetimes().map(lambda d: d.isoformat()), st.just("2023-02-29"),
        st.just("2024-02-29 10:00:00.000000"), st.integers(-(2 ** 64), 2 ** 64),
        st.sampled_from(["", "{}", "[]", "2026-Q4", "0000-Q1", "KZ86125KZT5004100100",
                         "900101300126", "900101300127", "null", None, True, 12, 13]))


@SETTINGS
@given(table=st.sampled_from(TABLES), data=st.data())
def test_a_text_the_shape_reads_is_one_the_check_passes(table, data):
    """The shape is stricter than the check, never looser: whatever it reads (without
    decoding) the check would have passed, with the same id, version and references."""
    found = definition(table)
    assert found is not None
    record = valid(table)
    for column in data.draw(st.lists(st.sampled_from(list(record)), max_size=3)):
        field = found.fields[column]
        record[column] = data.draw(_near(field.kind, field.length))
    text = desk_text(record)
    read = read_text(table, text)
    if read is None:
        return
    decoded = orjson.loads(text)
    assert validate(table, decoded) is None
    assert read == {k: decoded[k] for k in read}


@SETTINGS
@given(table=st.sampled_from(TABLES), data=st.data())
def test_texts_read_together_are_read_as_each_alone(table, data):
    """The server reads a run of texts joined by line breaks, in one call: each is read
    exactly as on its own, whatever the others hold (a line break, nothing, junk)."""
    found = definition(table)
    assert found is not None
    texts = []
    for _ in range(data.draw(st.integers(1, 5))):
        record = valid(table)
        for column in data.draw(st.lists(st.sampled_from(list(record)), max_size=2)):
            field = found.fields[column]
            record[column] = data.draw(_near(field.kind, field.length))
        texts.append(data.draw(st.sampled_from([
            desk_text(record), desk_text(record) + "\n", "", "junk", '{"id":"x"}\n{"id":"y"}'])))
    together = read_texts(table, texts)
    assert len(together) == len(texts)
    for text, read in zip(texts, together, strict=True):
        alone = read_text(table, text)
        assert (read is None) == (alone is None)
        if read is not None and alone is not None:
            by_name = dict(zip(found.columns, read, strict=True))
            assert int(by_name.pop("version")) == alone.pop("version")
            assert by_name == {k: "" if v is None else v for k, v in alone.items()}
