"""Every field validator answers any value with problems, never an exception (Hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.formspec import load_all
from desktop.formspec.model import FieldSpec, FieldType
from desktop.formspec.validate import Problem, validate_row, validate_value

FORMS = load_all()
TODAY = dt.date(2026, 3, 2)
SETTINGS = settings(max_examples=400, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _every_field() -> list[FieldSpec]:
    specs: list[FieldSpec] = []
    for form in FORMS.values():
        for spec in form.fields():
            specs.append(spec)
            if spec.type is FieldType.TABLE:
                specs.extend(spec.columns)
    return specs


FIELDS = _every_field()
NUMBERS_AS_TEXT = st.sampled_from([
    "1e40", "1E+30", "9" * 40, "-" + "9" * 40, "NaN", "sNaN", "-Infinity", "Infinity",
    "1,5", "12.345", "0.001", "1e-40", "99999999999999999999999999999.99", "45 000,50",
])
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from([10 ** 5000, -(10 ** 4400)]),
    st.floats(), st.decimals(), st.text(max_size=40), NUMBERS_AS_TEXT,
    st.dates(), st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.lists(st.text(max_size=5), max_size=3), st.frozensets(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


def _problems_are_problems(found: object) -> None:
    assert isinstance(found, list)
    assert all(isinstance(p, Problem) and p.code and p.message.msgid for p in found)


@SETTINGS
@given(spec=st.sampled_from(FIELDS), value=VALUES, required=st.booleans())
def test_every_field_answers_every_value(spec: FieldSpec, value: object,
                                         required: bool) -> None:
    _problems_are_problems(validate_value(spec, value, required=required, today=TODAY))


@SETTINGS
@given(spec=st.sampled_from([f for f in FIELDS if f.type in (
    FieldType.MONEY, FieldType.INTEGER, FieldType.DECIMAL)]), value=NUMBERS_AS_TEXT)
def test_every_number_field_answers_numbers_out_of_range(spec: FieldSpec, value: str) -> None:
    _problems_are_problems(validate_value(spec, value, today=TODAY))


@settings(SETTINGS, max_examples=120)
@given(data=st.data())
def test_every_table_row_answers(data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([f for f in FIELDS if f.type is FieldType.TABLE]))
    row = {column.id: data.draw(VALUES) for column in table.columns}
    found = validate_row(table, row, today=TODAY)
    for problems in found.values():
        _problems_are_problems(problems)


@pytest.mark.parametrize("value", ["1e40", "1E+30", "9" * 40, Decimal("1e40"),
                                   10 ** 20, "9" * 16])
def test_a_sum_of_money_too_large_is_a_problem_at_the_field(value: object) -> None:
    amount = FORMS["income"].field("income_amount")
    assert [p.code for p in validate_value(amount, value, today=TODAY)] == [
        "number.too_many_digits"]


@pytest.mark.parametrize("value", ["NaN", "sNaN", "-Infinity", Decimal("NaN"),
                                   float("nan"), float("inf")])
def test_not_a_number_is_a_problem_at_the_field(value: object) -> None:
    amount = FORMS["income"].field("income_amount")
    assert [p.code for p in validate_value(amount, value, today=TODAY)] == ["number.format"]


def test_the_largest_sum_a_field_takes_still_passes() -> None:
    amount = FORMS["income"].field("income_amount")
    assert validate_value(amount, "9" * 15 + ",99", today=TODAY) == []
