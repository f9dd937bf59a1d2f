"""Quarters: the income quarter is the calendar quarter before the quarter of application."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.quarters import Quarter, income_quarter, quarter_text, remaining_months


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2025, 5, 15), Quarter(2025, 1)),  # rules-research.md §1.1 example
    (dt.date(2025, 1, 1), Quarter(2024, 4)),  # across New Year
    (dt.date(2024, 12, 31), Quarter(2024, 3)),
    (dt.date(2025, 3, 31), Quarter(2024, 4)),
    (dt.date(2025, 4, 1), Quarter(2025, 1)),
    (dt.date(2023, 7, 1), Quarter(2023, 2)),  # the Social Code's first day
])
def test_income_quarter(day: dt.date, expected: Quarter) -> None:
    assert income_quarter(day) == expected


@pytest.mark.parametrize(("day", "months"), [
    (dt.date(2025, 5, 15), (5, 6)),
    (dt.date(2025, 4, 1), (4, 5, 6)),
    (dt.date(2025, 12, 31), (12,)),
])
def test_remaining_months_of_the_quarter(day: dt.date, months: tuple[int, ...]) -> None:
    assert remaining_months(day) == months


def test_quarter_bounds_parse_and_order() -> None:
    assert Quarter(2024, 1).first_day == dt.date(2024, 1, 1)
    assert [Quarter(2025, n).last_day for n in range(1, 5)] == [
        dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30), dt.date(2025, 12, 31)]
    assert Quarter.parse("2025-Q2") == Quarter(2025, 2) and str(Quarter(2025, 2)) == "2025-Q2"
    assert Quarter(2024, 4) < Quarter(2025, 1) and Quarter(2024, 4).next() == Quarter(2025, 1)
    assert quarter_text(Quarter(2025, 3)).params == {"roman": "III", "year": 2025}
    with pytest.raises(TypeError):
        assert Quarter(2024, 1) < 5  # type: ignore[operator]


@pytest.mark.parametrize("text", ["2025-Q5", "2025Q1", "Q1-2025", ""])
def test_parse_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_quarter_number_is_checked() -> None:
    with pytest.raises(ValueError):
        Quarter(2025, 0)
    with pytest.raises(ValueError):
        Quarter(0, 1)


@given(st.dates(dt.date(1901, 1, 1), dt.date(2199, 12, 31)))
def test_every_day_is_in_exactly_its_quarter(day: dt.date) -> None:
    quarter = Quarter.of(day)
    assert quarter.first_day <= day <= quarter.last_day and quarter.contains(day)
    assert income_quarter(day).next() == quarter
    assert not income_quarter(day).contains(day)
