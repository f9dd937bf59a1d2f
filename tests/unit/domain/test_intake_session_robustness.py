"""The wizard's session takes whatever is typed: a problem at the field, never an exception.

Hypothesis types sequences of values into the application's fields and the tables' cells
(numbers of forty digits, ``NaN``, dates that do not exist, text in any script), adds rows, and
then asks what the wizard asks: the live assessment, the documents' problems, the blocking
problems, the draft. An application with no blocking problem converts to the domain.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.intake_session import INCOMES, ROW_ID, TABLES, IntakeSession, cell_key
from desktop.domain.model import Channel, Office
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter
from desktop.formspec import load_all
from desktop.formspec.model import Entry, FieldType
from desktop.parameters.store import load_parameters

DAY = dt.date(2026, 11, 20)
OFFICE = Office("AKT-01", "karaganda", "Актогайский район")
FORMS = load_all()
SETTINGS = settings(max_examples=120, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def _filled() -> IntakeSession:
    session = IntakeSession(FORMS, channel=Channel.DISTRICT_OFFICE, office=OFFICE,
                            application_date=DAY, rule_set_id="social-code-2023")
    fill_family(session, 3)
    return session


STATE = _filled().to_state()
_SPECS = _filled()
FIELDS = sorted(spec.id for spec in _SPECS._fields.values()
                if spec.entry is Entry.INPUT and spec.type is not FieldType.TABLE
                and spec.id not in _SPECS._table_of)
CELLS = sorted((table, column) for column, table in _SPECS._table_of.items()
               if _SPECS.field(column).entry is Entry.INPUT)
# What a widget can hold: text (any), a tick, nothing, a list of choice ids.
TYPED = st.one_of(
    st.none(), st.booleans(), st.text(max_size=30),
    st.sampled_from(["1e40", "1E+30", "9" * 40, "NaN", "-Infinity", "1,5", "12.345",
                     "31.02.2025", "01.01.0001", "31.12.9999", "r1", "r999", "{x}", "{…}"]),
    st.integers().map(str), st.decimals().map(str),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.lists(st.text(max_size=5), max_size=3),
)
ACTIONS = st.one_of(
    st.tuples(st.just("field"), st.sampled_from(FIELDS), TYPED),
    st.tuples(st.just("cell"), st.sampled_from(CELLS), TYPED),
    st.tuples(st.just("row"), st.sampled_from(TABLES), st.none()),
)


@pytest.fixture(scope="module")
def params(tmp_path_factory: pytest.TempPathFactory) -> Parameters:
    folder = tmp_path_factory.mktemp("overlay")
    return load_parameters(write_test_overlay(Path(folder), "karaganda", [Quarter.of(DAY)]))


def _act(session: IntakeSession, action: tuple[str, object, object]) -> None:
    kind, target, value = action
    if kind == "field":
        session.set_value(str(target), value)
    elif kind == "row":
        session.add_row(str(target))
    else:
        table, column = target  # type: ignore[misc]
        rows = session.rows(table) or [{ROW_ID: session.add_row(table)}]
        session.set_cell(table, rows[-1][ROW_ID], column, value)


@SETTINGS
@given(actions=st.lists(ACTIONS, min_size=1, max_size=6))
def test_whatever_is_typed_the_session_answers(params: Parameters,
                                               actions: list[tuple[str, object, object]],
                                               ) -> None:
    session = IntakeSession.from_state(FORMS, STATE)
    for action in actions:
        _act(session, action)
    live = session.assessment(params)
    assert live.assessment is not None or live.messages
    session.document_problems()
    blocking = session.blocking_problems()
    json.dumps(session.to_state())
    if not blocking:
        session.to_application()


@pytest.mark.parametrize("amount", ["9" * 40, "1e40", "1E+30", "NaN"])
def test_an_amount_out_of_range_is_a_problem_at_its_cell(params: Parameters,
                                                         amount: str) -> None:
    session = IntakeSession.from_state(FORMS, STATE)
    row = session.rows(INCOMES)[0][ROW_ID]
    session.set_cell(INCOMES, row, "income_amount", amount)
    (problem,) = session.problems[cell_key(INCOMES, row, "income_amount")]
    assert problem.code in ("number.too_many_digits", "number.format")
    assert session.assessment(params).assessment is not None  # the row is left out
    assert session.cell(INCOMES, row, "income_amount") == amount  # nothing typed is lost
