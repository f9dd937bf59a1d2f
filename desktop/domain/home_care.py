"""Home care as the district office keeps it (services.md §17): the care worker assigned to the
person once the documents are arranged, and each visit the worker made.

The regulation of seed 002 ends with the notification stating the term of the special social
services in home care; who comes to the person and what was done on each visit is the office's
own record of the service it arranged. A visit is kept with its day, its duration and what was
done, so that the office can say how many hours of care a person received in a period.

Pure Python: ``desktop.services.home_care`` keeps an assignment and the visits as rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desktop.domain.text import Text

__all__ = [
    "MAX_VISIT_MINUTES",
    "QUARTER",
    "CareAssignment",
    "CareVisit",
    "assignment_problems",
    "minutes_from_hours",
    "visit_problems",
]

MAX_VISIT_MINUTES = 12 * 60  # a visit of more than a working day and a half is a typing slip
QUARTER = 15  # a visit is counted in quarters of an hour, as time sheets are
MAX_NAME = 300
MAX_DONE = 1000


@dataclass(frozen=True, slots=True)
class CareAssignment:
    """The care worker (социальный работник по уходу) assigned, from a day."""

    worker: str
    assigned_on: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class CareVisit:
    """One visit: its day, how long it took (minutes, in quarters of an hour) and what was
    done."""

    day: dt.date
    minutes: int
    done: str


def minutes_from_hours(typed: str) -> int | None:
    """The minutes of a duration typed in hours ("2", "1,5", "1.25"); None when it does not
    read as a number."""
    text = typed.strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return None
    if not hours.is_finite():
        return None
    return int((hours * 60).to_integral_value())


def assignment_problems(assignment: CareAssignment, *, decided_on: dt.date | None,
                        today: dt.date) -> dict[str, Text]:
    """What is wrong with an assignment as typed, by field, in the user's words."""
    problems: dict[str, Text] = {}
    worker = " ".join(assignment.worker.split())
    if not worker:
        problems["worker"] = Text("Enter the care worker's surname, name and patronymic.")
    elif len(worker) > MAX_NAME:
        problems["worker"] = Text("At most {count} characters.", count=MAX_NAME)
    if assignment.assigned_on > today:
        problems["assigned_on"] = Text("The date cannot be later than today.")
    elif decided_on is not None and assignment.assigned_on < decided_on:
        problems["assigned_on"] = Text(
            "The care worker cannot be assigned before the documents were arranged ({day}).",
            day=decided_on.strftime("%d.%m.%Y"))
    if len(assignment.note) > MAX_DONE:
        problems["note"] = Text("At most {count} characters.", count=MAX_DONE)
    return problems


def visit_problems(visit: CareVisit, *, assigned_on: dt.date | None, today: dt.date,
                   earlier: Sequence[CareVisit] = ()) -> dict[str, Text]:
    """What is wrong with a visit as typed, by field (``day``, ``hours``, ``done``), in the
    user's words; ``earlier``: the visits already recorded for the person."""
    problems: dict[str, Text] = {}
    if assigned_on is None:
        problems["worker"] = Text("Assign the care worker first: a visit is the care worker's.")
    if visit.day > today:
        problems["day"] = Text("The date cannot be later than today.")
    elif assigned_on is not None and visit.day < assigned_on:
        problems["day"] = Text("The visit cannot be before the care worker was assigned "
                               "({day}).", day=assigned_on.strftime("%d.%m.%Y"))
    if not (0 < visit.minutes <= MAX_VISIT_MINUTES):
        problems["hours"] = Text("Enter the hours of the visit: more than 0 and at most {n}.",
                                 n=MAX_VISIT_MINUTES // 60)
    elif visit.minutes % QUARTER:
        problems["hours"] = Text("Enter the hours in quarters of an hour, for example 1, 1,25 "
                                 "or 1,5.")
    else:
        same_day = sum(v.minutes for v in earlier if v.day == visit.day)
        if same_day + visit.minutes > 24 * 60:
            problems["hours"] = Text("The visits of one day cannot add up to more than 24 "
                                     "hours.")
    done = " ".join(visit.done.split())
    if not done:
        problems["done"] = Text("Say what was done on the visit.")
    elif len(done) > MAX_DONE:
        problems["done"] = Text("At most {count} characters.", count=MAX_DONE)
    return problems
