"""Calendar quarters (тоқсан / квартал): the unit of income periods and poverty lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

from desktop.domain.text import Text

_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


@total_ordering
@dataclass(frozen=True, slots=True)
class Quarter:
    """A calendar quarter: January–March is 1, April–June 2, July–September 3, October–December 4.

    Ordered by time; ``str()`` gives the ``YYYY-Qn`` form of JSON and parameter files.
    """

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1..4, not {self.number}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        """The quarter that contains ``day``."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2025-Q2"`` → ``Quarter(2025, 2)`` (the form used in JSON and parameter files)."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"not a quarter (expected YYYY-Qn): {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    @property
    def months(self) -> tuple[int, int, int]:
        first = 3 * (self.number - 1) + 1
        return (first, first + 1, first + 2)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.months[0], 1)

    @property
    def last_day(self) -> dt.date:
        last_month = self.months[2]
        day = 31 if last_month in (3, 12) else 30
        return dt.date(self.year, last_month, day)

    def contains(self, day: dt.date) -> bool:
        return Quarter.of(day) == self

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quarter):
            return NotImplemented
        return (self.year, self.number) < (other.year, other.number)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def income_quarter(application_date: dt.date) -> Quarter:
    """The calendar quarter before the quarter of application (Social Code art. 127 p.2).

    The same quarter-before-quarter period was used by the income sheet of the 2015 regulation.
    """
    return Quarter.of(application_date).previous()


def remaining_months(application_date: dt.date) -> tuple[int, ...]:
    """The months from the month of application to the end of its quarter (art. 123 p.3)."""
    quarter = Quarter.of(application_date)
    return tuple(m for m in quarter.months if m >= application_date.month)


ROMAN = ("I", "II", "III", "IV")


def quarter_text(quarter: Quarter) -> Text:
    """A quarter by name: «2025 жылғы II тоқсан» / «II квартал 2025 года» (same msgid as the UI)."""
    return Text("{roman} quarter {year}", roman=ROMAN[quarter.number - 1], year=quarter.year)
