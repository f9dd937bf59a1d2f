"""Kazakhstan's working-day calendar (five-day week) built from holiday data.

Rules (rules-research.md §5): Saturday and Sunday are days off; public holidays are days off;
when a holiday falls on a day off, the next working day after the holiday is a day off
(Law "О праздниках" art. 5), except 7 January and the first day of Kurban Ait, which are never
moved (Labour Code art. 84 p.5). The Government or the Minister may transfer days off in a
given year (a Saturday is worked, a weekday rested). Kurban Ait dates and transfers are data,
known only a few months ahead; a year without its Kurban Ait date is flagged, never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop.domain.text import Text

ONE_DAY = dt.timedelta(days=1)

HOLIDAY_NAMES: Mapping[str, Text] = {
    "new_year": Text("New Year"),
    "orthodox_christmas": Text("Orthodox Christmas"),
    "womens_day": Text("International Women's Day"),
    "nauryz": Text("Nauryz meyramy"),
    "unity_day": Text("Day of Unity of the People of Kazakhstan"),
    "defender_day": Text("Defender of the Fatherland Day"),
    "victory_day": Text("Victory Day"),
    "capital_day": Text("Capital Day"),
    "constitution_day": Text("Constitution Day"),
    "republic_day": Text("Republic Day"),
    "first_president_day": Text("Day of the First President"),
    "independence_day": Text("Independence Day"),
    "kurban_ait": Text("Kurban Ait"),
}


@dataclass(frozen=True, slots=True)
class FixedHoliday:
    """A holiday on the same date every year, in force in the years given."""

    code: str
    month: int
    day: int
    moves: bool = True  # False: not moved when on a day off (7 January)
    first_year: int = 1
    last_year: int = 9999

    def in_year(self, year: int) -> dt.date | None:
        if self.first_year <= year <= self.last_year:
            return dt.date(year, self.month, self.day)
        return None


@dataclass(frozen=True, slots=True)
class DayOffTransfer:
    """A transfer of a day off: ``worked`` becomes a working day, ``rested`` a day off."""

    worked: dt.date
    rested: dt.date
    source: str = ""


@dataclass(frozen=True, slots=True)
class CalendarData:
    fixed: tuple[FixedHoliday, ...]
    kurban_ait: Mapping[int, dt.date] = field(default_factory=dict)  # first day, by year
    transfers: tuple[DayOffTransfer, ...] = ()


@dataclass(frozen=True, slots=True)
class DayOff:
    date: dt.date
    reason: Text


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days; years are computed lazily."""

    def __init__(self, data: CalendarData) -> None:
        self.data = data
        self._years: dict[int, dict[dt.date, Text]] = {}
        self._worked: dict[int, frozenset[dt.date]] = {}

    def has_complete_data(self, year: int) -> bool:
        """Whether the Kurban Ait date of ``year`` is known (transfers may still be missing)."""
        return year in self.data.kurban_ait

    def days_off(self, year: int) -> dict[dt.date, Text]:
        """The days off of ``year`` other than ordinary weekends, each with its reason
        (the holiday, or the holiday it was moved from, or a transfer)."""
        cached = self._years.get(year)
        if cached is None:
            cached = self._compute(year)
            self._years[year] = cached
        return cached

    def _compute(self, year: int) -> dict[dt.date, Text]:
        holidays: dict[dt.date, tuple[str, bool]] = {}
        for holiday in self.data.fixed:
            for y in (year - 1, year):  # a holiday late in December may move into January
                date = holiday.in_year(y)
                if date is not None:
                    holidays[date] = (holiday.code, holiday.moves)
        for y in (year - 1, year):
            kurban = self.data.kurban_ait.get(y)
            if kurban is not None:
                holidays[kurban] = ("kurban_ait", False)
        off: dict[dt.date, Text] = {d: HOLIDAY_NAMES[code] for d, (code, _) in holidays.items()}
        for date in sorted(holidays):
            code, moves = holidays[date]
            if not moves or date.weekday() < 5:
                continue
            shifted = date + ONE_DAY
            while shifted.weekday() >= 5 or shifted in off:
                shifted += ONE_DAY
            off[shifted] = Text("day off moved from {holiday} ({date})",
                                holiday=HOLIDAY_NAMES[code], date=date)
        worked: set[dt.date] = set()
        for transfer in self.data.transfers:
            if transfer.worked.year == year or transfer.rested.year == year:
                worked.add(transfer.worked)
                off[transfer.rested] = Text("day off transferred from {date}",
                                            date=transfer.worked)
        result = {d: reason for d, reason in off.items() if d.year == year}
        for date in worked:
            result.pop(date, None)
        self._worked[year] = frozenset(d for d in worked if d.year == year)
        return result

    def is_working_day(self, date: dt.date) -> bool:
        off = self.days_off(date.year)
        if date in off:
            return False
        if date.weekday() >= 5:
            return date in self._worked[date.year]
        return True

    def next_working_day(self, date: dt.date) -> dt.date:
        """The first working day strictly after ``date``."""
        date += ONE_DAY
        while not self.is_working_day(date):
            date += ONE_DAY
        return date

    def acceptance_day(self, date: dt.date) -> dt.date:
        """An application handed in on a day off counts as accepted on the next working day
        (seed 001: "келесі жұмыс күні")."""
        return date if self.is_working_day(date) else self.next_working_day(date)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The day on which a term of ``days`` working days ends, counted from the day after
        ``start`` (the day of acceptance is not counted). ``days == 0`` gives ``start``."""
        if days < 0:
            raise ValueError("a term cannot be negative")
        date = start
        for _ in range(days):
            date = self.next_working_day(date)
        return date

    def add_calendar_days(self, start: dt.date, days: int) -> dt.date:
        """A term in calendar days; when it ends on a day off it moves to the next working day."""
        end = start + dt.timedelta(days=days)
        return end if self.is_working_day(end) else self.next_working_day(end)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
        count = 0
        date = start
        while date < end:
            date += ONE_DAY
            if self.is_working_day(date):
                count += 1
        return count

    def years_without_data(self, years: Iterable[int]) -> list[int]:
        return sorted({y for y in years if not self.has_complete_data(y)})
