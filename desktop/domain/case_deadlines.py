"""The deadline of the step a case waits for, from the regulation's step table for its channel.

A step's term runs from the day the case reached its present status (the day it came into the
hands of the person who acts next), counted in working days on the calendar; a term in hours or
minutes ends on that working day. A term counted "from the registration of the application"
(2013 akim channel) ends that many working days after acceptance. When the rules in force give
no term for the step (the Social Code's step terms are not in the seeds), the step is due with
the service itself. No step may pass the service's own deadline either.

``WAITING_STEPS`` is АСП's table; every other service's comes from its declared steps (each
names the statuses it is awaited in; ``desktop.catalog``) and is passed as ``waiting=``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus
from desktop.domain.deadlines import (
    MINUTES_PER_WORKING_DAY,
    STEP_NAMES,
    DeadlineSchedule,
    StepTerm,
)
from desktop.domain.model import Channel
from desktop.domain.text import Text
from desktop.domain.working_time import OFFICE_HOURS, WorkingHours, add_working_minutes

__all__ = ["WAITING_STEPS", "StepDue", "step_due"]

S = CaseStatus
_OFFICE = (Channel.DISTRICT_OFFICE, Channel.STATE_CORPORATION)
_ALL = tuple(Channel)

# (status, channels) → the schedule steps that must be done to leave that status.
_TABLE: tuple[tuple[CaseStatus, tuple[Channel, ...], tuple[str, ...]], ...] = (
    (S.REGISTERED, _OFFICE, ("pass_to_head", "visa", "commission_order")),
    (S.REGISTERED, (Channel.AKIM,), ("commission_order", "to_commission")),
    (S.VISA, _OFFICE, ("to_commission",)),
    (S.VISA, (Channel.AKIM,), ("calculation", "draft_result", "draft_decision")),
    (S.SENT_TO_COMMISSION, _ALL, ("commission_survey",)),
    (S.COMMISSION_CONCLUDED, _OFFICE, ("receive_at_office", "calculation", "draft_result",
                                       "draft_decision")),
    (S.COMMISSION_CONCLUDED, (Channel.AKIM,), ("transfer_to_office", "transfer_to_centre")),
    (S.RETURNED_FOR_REWORK, (Channel.AKIM,), ("transfer_to_office", "transfer_to_centre")),
    (S.SENT_TO_DISTRICT, (Channel.AKIM,), ("receive_at_office",)),
    (S.RECEIVED_BY_DISTRICT, (Channel.AKIM,), ("visa",)),
    (S.DRAFT_DECISION, _ALL, ("check_and_visa", "decision")),
    (S.DRAFT_CHECKED, _ALL, ("decision",)),
    (S.ASSIGNED, _ALL, ("notification", "issue_result", "send_result", "register_result",
                        "result_to_akim")),
    (S.REFUSED, _ALL, ("notification", "issue_result", "send_result", "register_result",
                       "result_to_akim")),
    (S.SENT_TO_AKIM, (Channel.AKIM,), ("issue_result",)),
)
WAITING_STEPS: Mapping[tuple[CaseStatus, Channel], tuple[str, ...]] = {
    (status, channel): steps for status, channels, steps in _TABLE for channel in channels
}


@dataclass(frozen=True, slots=True)
class StepDue:
    due: dt.date
    steps: tuple[str, ...]  # the schedule steps counted (empty: the service's deadline)
    title: Text  # what is awaited
    terms: tuple[StepTerm, ...] = ()  # the terms of ``steps``, as the schedule gives them
    # the moment it is due when the steps take less than a working day in all (minutes and
    # hours, no working days) and the moment the case reached its status is known
    due_at: dt.datetime | None = None

    @property
    def from_regulation(self) -> bool:
        return bool(self.steps)


def step_due(status: CaseStatus, channel: Channel, *, since: dt.date, accepted_on: dt.date,
             service_due: dt.date | None, schedule: DeadlineSchedule | None,
             calendar: WorkingCalendar,
             waiting: Mapping[tuple[CaseStatus, Channel], tuple[str, ...]] | None = None,
             since_at: dt.datetime | None = None, hours: WorkingHours = OFFICE_HOURS,
             ) -> StepDue | None:
    """When the step awaited in ``status`` is due (None: nothing is awaited, or no term).

    ``since_at``: the moment (local wall-clock time) the case reached ``status``; steps of
    minutes and hours alone are then due at a moment counted in the office's working
    ``hours`` (``due_at``), as a certificate of 10 minutes is."""
    if status in CLOSED_STATUSES or status is S.DRAFT:
        return None
    wanted = (WAITING_STEPS if waiting is None else waiting).get((status, channel), ())
    plan = schedule.channels.get(channel) if schedule is not None else None
    terms = [t for t in (plan.steps if plan else ()) if t.step in wanted]
    if not terms:
        if service_due is None:
            return None
        return StepDue(service_due, (), Text("Service deadline"))
    start = calendar.acceptance_day(since)
    days = sum(t.working_days for t in terms if not t.from_acceptance)
    minutes = sum(t.minutes for t in terms if not t.from_acceptance)
    due = calendar.add_working_days(start, days + minutes // MINUTES_PER_WORKING_DAY)
    for term in terms:
        if term.from_acceptance:
            due = max(due, calendar.add_working_days(accepted_on, term.working_days))
    due_at = None
    if since_at is not None and days == 0 and minutes < MINUTES_PER_WORKING_DAY \
            and not any(t.from_acceptance for t in terms):
        due_at = add_working_minutes(since_at, minutes, calendar, hours)
        due = due_at.date()
    if service_due is not None and due > service_due:  # the service's deadline binds them
        due, due_at = service_due, None
    names = tuple(t.step for t in terms)
    return StepDue(due, names, STEP_NAMES[names[-1]], tuple(terms), due_at)
