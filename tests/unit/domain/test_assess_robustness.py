"""``komek assess`` never crashes: every input gives exit 0, 2 or 3 and JSON (Hypothesis).

Documents in the shape of docs/interchange.md are mutated field by field (wrong types, huge
numbers, dates far out, missing and unknown keys) and byte by byte (cut, spliced, non-UTF-8,
deep nesting); the command answers each one with the assessment, or with the errors and their
JSON pointers, never with a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import i18n
from desktop.cli import assess as cli
from desktop.domain.interchange import MAX_DOCUMENT_BYTES, MAX_NESTING, application_to_json
from desktop.domain.model import (
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    MemberStatus,
    PriorEvent,
    PriorEventKind,
    Relationship,
    Sex,
)
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import REGION, application, member, monthly_income, parameters

# Each property stays within a few seconds: the runs are in-process, parameters loaded once.
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
FARM_NORMS = {"norms": [{"region": REGION, "from": "2020-01-01", "source": "test norms",
                         "livestock": [{"kind": "cow", "monthly_per_head": 5000}],
                         "land": {"garden": 800}}]}
PARAMETERS = parameters({(REGION, "2025-Q2"): 40000}, farm=FARM_NORMS)
HUGE_NUMBER = b"9" * 5000  # more digits than Python reads as an integer by default (4 300)


def base_document() -> dict[str, Any]:
    family = [member("a", Relationship.APPLICANT, dt.date(1980, 2, 3), Sex.MALE,
                     statuses=frozenset({MemberStatus.PERMANENT_EMPLOYMENT})),
              member("b", Relationship.CHILD, dt.date(2021, 1, 1))]
    app = application(family, dt.date(2025, 5, 15),
                      monthly_income("a", Quarter(2025, 1), 45_000),
                      livestock=(LivestockHolding(LivestockKind.COW, 2, 3),),
                      land=(LandHolding(LandKind.GARDEN, 600),),
                      prior_events=(PriorEvent(PriorEventKind.FALSE_INFORMATION,
                                               dt.date(2024, 1, 1)),))
    return application_to_json(app)


BASE = base_document()
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.dates().map(dt.date.isoformat),
    st.builds("{:04d}-Q{}".format, st.integers(1, 9999), st.integers(0, 5)),
    st.from_regex(r"[0-9]{12}", fullmatch=True),
    st.sampled_from(["", "1e40", "1E+30", "9" * 40, "NaN", "-Infinity", "{", "}", "{x}",
                     "{…}", "9999-12-31", "0001-01-01", "2012-12-31", "2015-09-21",
                     "state_corporation", "nowhere", "KZ00", "-0.005"]),
)
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """The base document with one to four places replaced, removed or added to."""
    document: Any = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(document)))
        value = draw(VALUES)
        if not path:
            document = value
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = value
        elif action == "add" and isinstance(parent, list):
            parent.append(value)
        else:
            parent[path[-1]] = value
    return document


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """The base document's text cut, spliced with junk, a huge number or deep nesting."""
    text = json.dumps(BASE, ensure_ascii=False).encode("utf-8")
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    insert = draw(st.one_of(
        st.binary(max_size=20),
        st.just(HUGE_NUMBER),
        st.integers(1, 3 * MAX_NESTING).map(lambda n: b"[" * n + b"]" * n),
        st.just(b"[" * 100_000),
        st.just("\ufeff".encode()),
        st.just(b"\xff\xfe"),
    ))
    return text[:start] + insert + text[end:]


def run_assess(path: Path, lang: str = "ru") -> tuple[int, str]:
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.run(parser.parse_args(["assess", str(path), "--lang", lang]))
    return code, out.getvalue()


@pytest.fixture
def cached_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real parameters, loaded once instead of at every run of the command."""
    monkeypatch.setattr(cli, "load_parameters", lambda *args, **kwargs: PARAMETERS)


def answered(code: int, output: str) -> dict[str, Any]:
    assert code in (0, 2, 3)
    result = json.loads(output)
    assert result["format"] == ("komek.assessment" if code == 0 else "komek.errors")
    if code:
        assert result["errors"] and all(e["message"] for e in result["errors"])
    return result


@SETTINGS
@given(document=mutated_documents())
def test_every_mutated_document_is_answered(tmp_path: Path, cached_parameters: None,
                                            document: Any) -> None:
    path = tmp_path / "application.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    answered(*run_assess(path))


@SETTINGS
@given(data=mutated_bytes())
def test_every_mutated_file_is_answered(tmp_path: Path, cached_parameters: None,
                                        data: bytes) -> None:
    path = tmp_path / "application.json"
    path.write_bytes(data)
    answered(*run_assess(path, "kk"))


@pytest.mark.parametrize(("content", "code", "pointer"), [
    (b"null", "input.type", ""),
    (b'{"office": 5}', "input.type", "/office"),
    (b"[]", "input.type", ""),
    (b'{"version": ' + HUGE_NUMBER + b"}", "input.number", ""),
    (b"[" * 100_000 + b"]" * 100_000, "input.nesting", ""),
    (b"[" * (MAX_NESTING + 1) + b"]" * (MAX_NESTING + 1), "input.nesting", ""),
    (b"\xff\xfe{}", "input.encoding", ""),
    (b" " * (MAX_DOCUMENT_BYTES + 1), "input.too_large", ""),
])
def test_bad_files_get_exit_2_and_a_message(tmp_path: Path, content: bytes, code: str,
                                            pointer: str) -> None:
    path = tmp_path / "application.json"
    path.write_bytes(content)
    for lang in i18n.LANGUAGES:
        exit_code, output = run_assess(path, lang)
        errors = answered(exit_code, output)["errors"]
        assert exit_code == 2
        found = next(e for e in errors if e["code"] == code)
        assert found["pointer"] == pointer


def test_an_object_expected_names_it_with_its_braces(tmp_path: Path) -> None:
    path = tmp_path / "application.json"
    path.write_bytes(b'{"office": 5}')
    errors = answered(*run_assess(path, "ru"))["errors"]
    office = next(e for e in errors if e["pointer"] == "/office")
    assert office["message"] == "Здесь ожидается объект ({…})."


def test_a_byte_order_mark_is_allowed(tmp_path: Path, cached_parameters: None) -> None:
    path = tmp_path / "application.json"
    path.write_bytes("\ufeff".encode() + json.dumps(BASE, ensure_ascii=False).encode())
    code, output = run_assess(path)
    assert code == 0, output
    assert answered(code, output)["outcome"] in ("assigned", "refused", "not_accepted")


@pytest.mark.parametrize(("place", "value"), [
    (("incomes", 0, "amount"), "1e40"),
    (("incomes", 0, "amount"), "1000000000000000"),
    (("livestock", 0, "heads"), 10 ** 16),
    (("land", 0, "area_m2"), -(10 ** 15)),
])
def test_numbers_beyond_any_field_are_an_input_error(tmp_path: Path, place: tuple[Any, ...],
                                                     value: object) -> None:
    document = copy.deepcopy(BASE)
    target = document
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    path = tmp_path / "application.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, output = run_assess(path)
    errors = answered(code, output)["errors"]
    assert code == 2
    pointer = "/" + "/".join(str(part) for part in place)
    assert [(e["code"], e["pointer"]) for e in errors] == [("input.range", pointer)]
