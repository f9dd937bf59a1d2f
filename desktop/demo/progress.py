"""Where a generated application stands on a given day: its steps on the case path, dated on
the working-day calendar, the head's decision and what happened after it.

An office like a real one: old cases are closed (the notification issued, a few withdrawn, a
few terminated), recent ones are spread over every step of their route, and only a few stall
past their deadline.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Protocol

from desktop.domain.case_status import CaseStatus as S
from desktop.domain.model import Channel

# Working days from registration to the result when the parameters give none (process.md §7).
SERVICE_DAYS = {Channel.DISTRICT_OFFICE: 5, Channel.STATE_CORPORATION: 6, Channel.AKIM: 20}

# The case path of each channel, from registration to the notification handed over
# (case_path.py); ``None`` stands for the head's decision: assigned or refused.
OFFICE_ROUTE = (S.REGISTERED, S.VISA, S.SENT_TO_COMMISSION, S.COMMISSION_CONCLUDED,
                S.DRAFT_DECISION, None, S.DELIVERED)
CORPORATION_ROUTE = (S.REGISTERED, S.VISA, S.SENT_TO_COMMISSION, S.COMMISSION_CONCLUDED,
                     S.DRAFT_DECISION, None, S.SENT_TO_AKIM, S.DELIVERED)
AKIM_ROUTE = (S.REGISTERED, S.SENT_TO_COMMISSION, S.COMMISSION_CONCLUDED, S.SENT_TO_DISTRICT,
              S.RECEIVED_BY_DISTRICT, S.VISA, S.DRAFT_DECISION, None, S.SENT_TO_AKIM,
              S.DELIVERED)
ROUTES = {Channel.DISTRICT_OFFICE: OFFICE_ROUTE, Channel.STATE_CORPORATION: CORPORATION_ROUTE,
          Channel.AKIM: AKIM_ROUTE}



class Calendar(Protocol):
    """What the demo needs of ``desktop.domain.calendar.WorkingCalendar``."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...

    def working_days_between(self, start: dt.date, end: dt.date) -> int: ...


class Weekdays:
    """Monday to Friday, no holidays: for a demo without parameters."""

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5:
                days -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        return sum(1 for n in range(1, (end - start).days + 1)
                   if (start + dt.timedelta(days=n)).weekday() < 5)


@dataclass(frozen=True, slots=True)
class DemoDecision:
    assigned: bool
    decided_on: dt.date
    monthly_amount: int = 0  # tiyn
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    status: S
    registered: bool
    due_date: dt.date | None
    steps: tuple[tuple[S, dt.date], ...]  # journal entries: status and the day it was reached
    registered_time: dt.time = dt.time(10)
    decision: DemoDecision | None = None
    terminated_on: dt.date | None = None  # the assistance stopped (art. 129), case closed
    # a change of circumstances reported after the notification and recalculated:
    # (the day reported and recalculated, the new amount a month from the month of the change)
    recalculated: tuple[dt.date, int] | None = None


def _quarter_end(day: dt.date) -> dt.date:
    month = (day.month - 1) // 3 * 3 + 3
    following = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def progress(rng: random.Random, channel: Channel, received: dt.date, today: dt.date, *,
             family_size: int = 4, service_due: dt.date | None = None,
             calendar: Calendar | None = None, last: S | None = None,
             route: tuple[S | None, ...] | None = None,
             withdrawable: frozenset[S] | None = None, amounts: bool = True,
             changes: bool = True, assigned: bool | None = None) -> Progress:
    """A plausible state for an application received on ``received``, seen on ``today``.

    ``service_due`` is the service's deadline (computed from the deadline schedule by the
    caller) on the working-day ``calendar``. ``last``: the furthest status of the route this
    desk's own steps lead to (an akimat's: sent to the district office, whose steps its desk
    does not take); None: the whole route.

    ``route``: the service's statuses (``desktop.demo.routes``; АСП's of the channel when
    None), ``None`` in it for the head's decision; ``withdrawable``: the statuses its path
    lets the applicant withdraw from (any before the close when None); ``amounts``: an
    assignment states a monthly amount and a quarter (АСП's; another service's decision is
    completed by the caller); ``assigned``: the outcome when the service's rules decided
    it (drawn when None); ``changes``: the path has the changes after the result
    (termination, recalculation). A service due the day it is received (a certificate) is
    taken through its route that day.
    """
    add = (calendar or Weekdays()).add_working_days
    between = (calendar or Weekdays()).working_days_between
    age = (today - received).days
    if age <= 14 and rng.random() < 0.08:
        return Progress(S.DRAFT, False, None, ())
    if rng.random() < 0.02:
        return Progress(S.REFUSED_INTAKE, False, None, ((S.REFUSED_INTAKE, received),))
    due = service_due or add(received, SERVICE_DAYS[channel])
    at = dt.time(rng.randint(9, 17), rng.randint(0, 59))
    route = route or ROUTES[channel]
    # the route's steps spread over the working days to the deadline, the last on time
    if due <= received:  # a service of minutes: registered and issued in one sitting
        dates = [received] * len(route)
    else:
        span = max(between(received, due), len(route) - 1)
        finish = max(1, span - rng.randint(0, max(span // 4, 1)))
        dates = [received] + [add(received, max(1, round(i * finish / (len(route) - 1))))
                              for i in range(1, len(route))]
    drawn = rng.random() < 0.78
    assigned = drawn if assigned is None else assigned
    statuses = [s if s is not None else (S.ASSIGNED if assigned else S.REFUSED) for s in route]
    reached = sum(1 for d in dates if d <= today)
    # A few recent cases stall at a step and run past their deadline.
    recent = (today - due).days <= 20
    if recent and reached > 1 and rng.random() < 0.1 and due > received:
        reached = rng.randint(1, min(reached, len(route) - 1))
    elif reached < len(route) and today > due:  # not stalled: done by the deadline
        reached = len(route)
    end = len(route) if last is None else route.index(last) + 1
    reached = min(reached, end)
    steps = list(zip(statuses[:reached], dates[:reached], strict=True))
    if reached < end and rng.random() < 0.015 and (
            withdrawable is None or steps[-1][0] in withdrawable):  # the applicant withdrew
        steps.append((S.WITHDRAWN, min(today, add(steps[-1][1], 1))))
    decision = None
    decided = next((d for s, d in steps if s in (S.ASSIGNED, S.REFUSED)), None)
    if decided is not None:
        if assigned and not amounts:
            decision = DemoDecision(True, decided)
        elif assigned:
            members = max(1, family_size - rng.randint(0, 1))
            amount = members * rng.randrange(4_000_00, 18_000_00, 50_00)
            decision = DemoDecision(True, decided, amount, received.replace(day=1),
                                    _quarter_end(received))
        else:
            decision = DemoDecision(False, decided)
    terminated_on = None
    if changes and decision is not None and decision.assigned \
            and steps[-1][0] is S.DELIVERED and rng.random() < 0.05:
        assert decision.period_end is not None
        last = min(decision.period_end, today)
        if last > steps[-1][1]:  # the family moved away before the quarter ended
            terminated_on = steps[-1][1] + dt.timedelta(
                days=rng.randint(1, (last - steps[-1][1]).days))
            steps.append((S.TERMINATED, terminated_on))
    recalculated = None
    if changes and decision is not None and decision.assigned and terminated_on is None \
            and steps[-1][0] is S.DELIVERED and rng.random() < 0.06:
        assert decision.period_end is not None
        last = min(decision.period_end, today)
        if last > steps[-1][1]:  # a new income found: a smaller amount from then on
            day = steps[-1][1] + dt.timedelta(days=rng.randint(1, (last - steps[-1][1]).days))
            recalculated = (day, decision.monthly_amount * rng.randint(50, 90) // 100)
    return Progress(steps[-1][0], True, due, tuple(steps), at, decision, terminated_on,
                    recalculated)
