"""Working-day calendar: holidays, the weekend shift and its exceptions, transfers, counting."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.calendar import CalendarData, FixedHoliday, WorkingCalendar
from tests.support.domain_factories import parameters

D = dt.date


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return parameters().calendar


@pytest.mark.parametrize("day", [
    D(2020, 3, 24), D(2020, 3, 25),  # Nauryz Sat 21 - Mon 23: two days moved (research §5.2)
    D(2026, 3, 9),  # 8 March on Sunday
    D(2026, 3, 24), D(2026, 3, 25),  # Nauryz 21-22 on Sat-Sun
    D(2026, 5, 11), D(2026, 8, 31), D(2026, 10, 26),  # 9 May, 30 August, 25 October
    D(2025, 10, 27), D(2024, 3, 25), D(2024, 7, 8),
    D(2025, 1, 3),  # transferred from Sunday 5 January 2025
    D(2025, 6, 6), D(2026, 5, 27),  # Kurban Ait
])
def test_days_off(calendar: WorkingCalendar, day: dt.date) -> None:
    assert day.weekday() < 5
    assert not calendar.is_working_day(day)


@pytest.mark.parametrize("day", [
    D(2024, 1, 8),  # 7 January 2024 was a Sunday and is never moved
    D(2024, 6, 17),  # Kurban Ait 2024 on Sunday 16 June: never moved
    D(2026, 3, 26), D(2021, 10, 25),  # Republic Day became a day off only in 2022
    D(2022, 12, 1),  # First President's Day was removed in 2022
])
def test_working_days(calendar: WorkingCalendar, day: dt.date) -> None:
    assert calendar.is_working_day(day)


def test_transferred_weekend_day_is_worked(calendar: WorkingCalendar) -> None:
    assert calendar.is_working_day(D(2025, 1, 5))  # a Sunday worked
    assert calendar.is_working_day(D(2023, 7, 1))  # a Saturday worked
    assert not calendar.is_working_day(D(2025, 1, 4))


def test_reasons_name_the_holiday(calendar: WorkingCalendar) -> None:
    off = calendar.days_off(2026)
    assert off[D(2026, 3, 21)].msgid == "Nauryz meyramy"
    assert off[D(2026, 3, 9)].params["date"] == D(2026, 3, 8)
    assert calendar.days_off(2025)[D(2025, 1, 3)].params["date"] == D(2025, 1, 5)


def test_counting_skips_the_day_of_acceptance(calendar: WorkingCalendar) -> None:
    assert calendar.add_working_days(D(2026, 2, 2), 1) == D(2026, 2, 3)
    assert calendar.add_working_days(D(2026, 2, 2), 0) == D(2026, 2, 2)
    # Friday + 1 working day = Monday
    assert calendar.add_working_days(D(2026, 2, 6), 1) == D(2026, 2, 9)


def test_counting_across_new_year(calendar: WorkingCalendar) -> None:
    # 29.12.2025 (Mon) + 5 wd: 30, 31 Dec, (1, 2 Jan holidays, 3-4 weekend), 5, 6, (7 off), 8
    assert calendar.add_working_days(D(2025, 12, 29), 5) == D(2026, 1, 8)


def test_counting_across_nauryz(calendar: WorkingCalendar) -> None:
    # 2026: 20 March (Fri) + 3 wd skips 21-22 (weekend, holidays), 23 (holiday), 24-25 (moved)
    assert calendar.add_working_days(D(2026, 3, 20), 3) == D(2026, 3, 30)


def test_counting_across_a_transferred_day_off(calendar: WorkingCalendar) -> None:
    # 2023: Friday 7 July rested, Saturday 1 July worked
    assert calendar.add_working_days(D(2023, 6, 30), 1) == D(2023, 7, 1)
    assert calendar.add_working_days(D(2023, 7, 6), 1) == D(2023, 7, 10)
    # Sat 1 (worked), 3, 4, 5, (6 Capital Day, 7 transferred), 10
    assert calendar.working_days_between(D(2023, 6, 30), D(2023, 7, 10)) == 5
    assert calendar.working_days_between(D(2023, 7, 10), D(2023, 7, 10)) == 0


def test_submitted_on_a_day_off_is_accepted_the_next_working_day(
        calendar: WorkingCalendar) -> None:
    assert calendar.acceptance_day(D(2026, 3, 21)) == D(2026, 3, 26)
    assert calendar.acceptance_day(D(2026, 3, 26)) == D(2026, 3, 26)


def test_calendar_days_end_on_the_next_working_day(calendar: WorkingCalendar) -> None:
    assert calendar.add_calendar_days(D(2026, 2, 4), 30) == D(2026, 3, 6)
    assert calendar.add_calendar_days(D(2026, 2, 5), 30) == D(2026, 3, 10)  # Sat, Sun, 9 March


def test_years_without_kurban_ait_are_reported(calendar: WorkingCalendar) -> None:
    assert calendar.has_complete_data(2026)
    assert calendar.years_without_data([2025, 2026, 2027]) == [2027]


def test_negative_terms_are_refused(calendar: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 1, 5), -1)


def test_a_december_holiday_on_saturday_moves_into_january() -> None:
    data = CalendarData((FixedHoliday("independence_day", 12, 31),))
    calendar = WorkingCalendar(data)
    # 31.12.2022 was a Saturday: the day off moves to Monday 2 January 2023.
    assert not calendar.is_working_day(D(2023, 1, 2))
    assert calendar.is_working_day(D(2023, 1, 3))
