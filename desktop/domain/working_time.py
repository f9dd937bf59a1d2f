"""Terms in minutes and hours, counted in the office's working time.

Several services finish within a sitting: a certificate to an unemployed person in 10 minutes
(seed 002, the regulation's steps of 2 + 1 + 1 + 2 + 2 + 2 minutes), a referral in 30. Their
due moment is the moment of acceptance plus the minutes of the steps, counted only while the
office works: a term that runs past closing time goes on at the next opening, past a lunch
break after it, and past a day off on the next working day of the calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.calendar import WorkingCalendar

__all__ = ["OFFICE_HOURS", "WorkingHours", "add_working_minutes"]


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """The periods of a working day in which the office receives and works, in order."""

    periods: tuple[tuple[dt.time, dt.time], ...]
    source: str = ""

    def __post_init__(self) -> None:
        previous = dt.time.min
        for start, end in self.periods:
            if not previous <= start < end:
                raise ValueError("working periods must be in order and not overlap")
            previous = end


# The district offices of the 2015 regulations (seed 002, RU 6124 and each office's row):
# "С понедельника по пятницу с 9.00 часов до 17.30 часов с перерывом на обед с 13.00 часов
# до 14.30 часов".
OFFICE_HOURS = WorkingHours(
    ((dt.time(9, 0), dt.time(13, 0)), (dt.time(14, 30), dt.time(17, 30))),
    "seed 002 RU 6124")


def add_working_minutes(start: dt.datetime, minutes: int, calendar: WorkingCalendar,
                        hours: WorkingHours = OFFICE_HOURS) -> dt.datetime:
    """The moment ``minutes`` of working time after ``start`` (local wall-clock time).

    A start outside working time counts from the next opening. Zero minutes give ``start``
    itself: nothing is to be done."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    if minutes == 0:
        return start
    moment = start
    left = dt.timedelta(minutes=minutes)
    while True:
        day = moment.date()
        if calendar.is_working_day(day):
            for opens, closes in hours.periods:
                begin = dt.datetime.combine(day, opens, moment.tzinfo)
                end = dt.datetime.combine(day, closes, moment.tzinfo)
                if moment >= end:
                    continue
                moment = max(moment, begin)
                if moment + left <= end:
                    return moment + left
                left -= end - moment
                moment = end
        following = calendar.next_working_day(day)  # strictly after ``day``
        moment = dt.datetime.combine(following, dt.time.min, start.tzinfo)
