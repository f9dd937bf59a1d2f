"""Terms of minutes and hours counted in the office's working time; a service due at a moment."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import load_index
from desktop.domain.deadlines import compute_deadlines
from desktop.domain.model import Channel
from desktop.domain.working_time import OFFICE_HOURS, WorkingHours, add_working_minutes
from tests.support.domain_factories import parameters

CALENDAR = parameters().calendar
MONDAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def test_minutes_inside_a_working_period_are_simply_added():
    assert add_working_minutes(at(MONDAY, 10, 0), 10, CALENDAR) == at(MONDAY, 10, 10)


def test_a_term_running_into_lunch_goes_on_after_it():
    # 13.00-14.30 is the lunch break of the 2015 offices (seed 002)
    assert add_working_minutes(at(MONDAY, 12, 55), 10, CALENDAR) == at(MONDAY, 14, 35)


def test_a_term_running_past_closing_goes_on_at_the_next_opening():
    assert add_working_minutes(at(MONDAY, 17, 25), 10, CALENDAR) == at(MONDAY + dt.timedelta(1),
                                                                        9, 5)


def test_accepted_on_a_day_off_it_counts_from_the_next_working_morning():
    saturday = dt.date(2026, 3, 7)
    # 8 March (International Women's Day) falls on Sunday: Monday 9 March is a day off too
    assert add_working_minutes(at(saturday, 11, 0), 30, CALENDAR) == at(dt.date(2026, 3, 10),
                                                                        9, 30)


def test_before_opening_it_counts_from_the_opening_and_zero_minutes_change_nothing():
    assert add_working_minutes(at(MONDAY, 7, 40), 15, CALENDAR) == at(MONDAY, 9, 15)
    assert add_working_minutes(at(MONDAY, 7, 40), 0, CALENDAR) == at(MONDAY, 7, 40)
    with pytest.raises(ValueError):
        add_working_minutes(at(MONDAY, 9), -1, CALENDAR)


def test_a_days_work_of_minutes_spans_its_periods_exactly():
    day_minutes = sum((dt.datetime.combine(MONDAY, b) - dt.datetime.combine(MONDAY, a)).seconds
                      // 60 for a, b in OFFICE_HOURS.periods)
    assert day_minutes == 7 * 60
    assert add_working_minutes(at(MONDAY, 9), day_minutes, CALENDAR) == at(MONDAY, 17, 30)
    assert add_working_minutes(at(MONDAY, 9), day_minutes + 1, CALENDAR) == \
        at(MONDAY + dt.timedelta(1), 9, 1)


def test_working_periods_must_be_in_order():
    with pytest.raises(ValueError):
        WorkingHours(((dt.time(14), dt.time(18)), (dt.time(9), dt.time(13))))


def test_a_certificate_of_ten_minutes_is_due_at_a_moment_the_same_day():
    certificate = load_index().get("unemployed_certificate").schedule()
    assert certificate is not None
    deadlines = compute_deadlines(MONDAY, Channel.DISTRICT_OFFICE, certificate, CALENDAR,
                                  accepted_at=at(MONDAY, 11, 20))
    assert deadlines.service_due_at == at(MONDAY, 11, 30)
    assert deadlines.service_due == MONDAY
    late = compute_deadlines(MONDAY, Channel.DISTRICT_OFFICE, certificate, CALENDAR,
                             accepted_at=at(MONDAY, 17, 25))
    assert late.service_due_at == at(MONDAY + dt.timedelta(1), 9, 5)
    assert late.service_due == MONDAY + dt.timedelta(1)


def test_a_service_of_working_days_has_no_due_moment():
    registration = load_index().get("unemployed_registration").schedule()
    assert registration is not None
    deadlines = compute_deadlines(MONDAY, Channel.DISTRICT_OFFICE, registration, CALENDAR,
                                  accepted_at=at(MONDAY, 11, 20))
    assert deadlines.service_due_at is None
    # 10 min + 2 h + 1 wd + 2 wd + 1 wd + 10 min: four working days (services.md §1)
    assert deadlines.service_due == CALENDAR.add_working_days(MONDAY, 4)


def test_the_maslikhat_assistance_may_take_twenty_working_days_when_papers_are_lost():
    assistance = load_index().get("local_assistance").schedule()
    assert assistance is not None
    deadlines = compute_deadlines(MONDAY, Channel.DISTRICT_OFFICE, assistance, CALENDAR)
    assert deadlines.extended_due == CALENDAR.add_working_days(MONDAY, 20)


def test_the_child_benefit_is_due_when_its_coupon_says():
    benefit = load_index().get("child_benefit").schedule()
    assert benefit is not None
    office = compute_deadlines(MONDAY, Channel.DISTRICT_OFFICE, benefit, CALENDAR)
    assert office.service_due == CALENDAR.add_working_days(MONDAY, 7)  # the coupon's 7 wd
    akim = compute_deadlines(MONDAY, Channel.AKIM, benefit, CALENDAR)
    assert akim.service_due > office.service_due
