"""Where a generated application stands on a given day: status, due date, journal steps."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from desktop.domain.case_status import CaseStatus as S
from desktop.domain.model import Channel

# Working days from registration to the result (process.md §7, 2015 sums rounded up).
SERVICE_DAYS = {Channel.DISTRICT_OFFICE: 5, Channel.STATE_CORPORATION: 6, Channel.AKIM: 20}
# Fixed public holidays (rules-research.md §5.1), enough for plausible demo due dates; the real
# deadlines come from desktop.domain.calendar.
_HOLIDAYS = {(1, 1), (1, 2), (1, 7), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9),
             (7, 6), (8, 30), (10, 25), (12, 16)}

OFFICE_ROUTE = (S.REGISTERED, S.VISA, S.SENT_TO_COMMISSION, S.COMMISSION_CONCLUDED,
                S.DRAFT_DECISION)
AKIM_ROUTE = (S.REGISTERED, S.SENT_TO_COMMISSION, S.COMMISSION_CONCLUDED, S.SENT_TO_DISTRICT,
              S.RECEIVED_BY_DISTRICT, S.VISA, S.DRAFT_DECISION)


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and (day.month, day.day) not in _HOLIDAYS:
            days -= 1
    return day


@dataclass(frozen=True, slots=True)
class Progress:
    status: S
    registered: bool
    due_date: dt.date | None
    steps: tuple[tuple[S, dt.date], ...]  # journal entries: status and the day it was reached
    registered_time: dt.time = dt.time(10)


def progress(rng: random.Random, channel: Channel, received: dt.date, today: dt.date) -> Progress:
    """A plausible state for an application received on ``received``, seen on ``today``."""
    age = (today - received).days
    if age <= 14 and rng.random() < 0.12:
        return Progress(S.DRAFT, False, None, ())
    if rng.random() < 0.02:
        return Progress(S.REFUSED_INTAKE, False, None, ((S.REFUSED_INTAKE, received),))
    total = SERVICE_DAYS[channel]
    due = add_working_days(received, total)
    route = AKIM_ROUTE if channel is Channel.AKIM else OFFICE_ROUTE
    span = max((due - received).days, 1)
    late = rng.random() < 0.04  # a few cases stall and run past their deadline
    done = min(age / span, 0.99 if late else 2.0)
    if done >= 1.0:
        final = rng.choices((S.ASSIGNED, S.REFUSED, S.DELIVERED, S.WITHDRAWN), (70, 18, 10, 2))[0]
        steps = [(route[0], received), (final, min(due, today))]
    else:
        step = route[min(int(done * len(route)), len(route) - 1)]
        steps = [(route[0], received)]
        if step is not route[0]:
            steps.append((step, received + dt.timedelta(days=int(done * span))))
    at = dt.time(rng.randint(9, 17), rng.randint(0, 59))
    return Progress(steps[-1][0], True, due, tuple(steps), at)
