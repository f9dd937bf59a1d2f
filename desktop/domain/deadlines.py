"""Deadlines of each process step and of the whole service, per rule set and channel.

Terms are in working days from acceptance, the day of acceptance not counted (seed 003:
"құжаттар қабылданған күн мемлекеттік қызметті көрсету мерзіміне кірмейді"). Steps given in
minutes or hours add up in 8-hour working days (Labour Code: 40-hour five-day week); a
remainder shorter than a working day falls on the same day. A step whose term is counted
"from the registration of the application" (2013 akim channel, step 4) ends that many working
days after acceptance, whatever the steps before it took. The step tables are data
(``resources/params/deadlines.yaml``), taken from process.md §4–§7.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.calendar import WorkingCalendar
from desktop.domain.issues import Issue, ParameterError, Severity
from desktop.domain.model import Channel
from desktop.domain.text import Text
from desktop.domain.working_time import OFFICE_HOURS, WorkingHours, add_working_minutes

MINUTES_PER_WORKING_DAY = 8 * 60

STEP_NAMES: Mapping[str, Text] = {
    "registration": Text("Acceptance and registration of the documents"),
    "check": Text("Check of the application and the set of documents"),
    "consent": Text("Written consent to use protected information"),
    "pass_to_head": Text("Documents passed to the head"),
    "visa": Text("Visa of the head, executor named"),
    "commission_order": Text("Instruction to the district commission to survey the family"),
    "to_commission": Text("Documents sent to the district commission"),
    "commission_survey": Text("Survey and conclusion of the district commission"),
    "to_special_commission": Text("Documents sent to the special commission"),
    "special_commission_decision": Text("Decision of the special commission"),
    "transfer_to_provider": Text("Documents sent to the service provider"),
    "transfer_to_office": Text("Documents passed by the akim to the district office"),
    "transfer_to_centre": Text("Documents passed by the akim to the Employment Centre"),
    "receive_at_office": Text("Documents received and registered at the district office"),
    "calculation": Text("Calculation of the assistance and draft decision"),
    "employment_commission": Text("Agreement of the employment commission"),
    "draft_decision": Text("Electronic draft decision"),
    "check_and_visa": Text("Check of the documents and visa of the draft decision"),
    "draft_result": Text("Draft notification"),
    "decision": Text("Decision and signature of the head"),
    "register_result": Text("Result registered and sent"),
    "send_result": Text("Result sent to the State Corporation"),
    "result_to_akim": Text("Result sent to the akim"),
    "notification": Text("Notification of assignment or reasoned refusal"),
    "issue_result": Text("Result issued to the applicant"),
    "examination": Text("Examination of the documents and draft of the result"),
    "need_assessment": Text("Examination of the documents, assessment of the need and draft "
                            "of the result"),
}
CHANNEL_NAMES: Mapping[Channel, Text] = {
    Channel.DISTRICT_OFFICE: Text("district office"),
    Channel.AKIM: Text("akim of the village or rural district"),
    Channel.STATE_CORPORATION: Text("State Corporation"),
}


@dataclass(frozen=True, slots=True)
class StepTerm:
    step: str  # a key of STEP_NAMES
    working_days: int = 0
    minutes: int = 0
    from_acceptance: bool = False  # the term counts from acceptance, not from the last step


@dataclass(frozen=True, slots=True)
class ChannelSchedule:
    steps: tuple[StepTerm, ...]
    total_working_days: int | None = None  # stated total; else the steps' sum
    extension_calendar_days: int | None = None  # when other bodies must be asked
    source: str = ""
    # the longer term when documents are missing or lost (seed 002: 20 working days for the
    # maslikhat's social assistance); counted like the steps, from acceptance
    extension_working_days: int | None = None
    # the term prolonged by whole months beyond the service's own when more inquiries and
    # checks are needed (seed 002, the Semipalatinsk registration: "продлевается на один
    # месяц"): the same day of the month after, or the month's last day, then a working day
    extension_months: int | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


@dataclass(frozen=True, slots=True)
class DeadlineSchedule:
    id: str
    channels: Mapping[Channel, ChannelSchedule]
    source: str = ""


@dataclass(frozen=True, slots=True)
class StepDeadline:
    step: str
    title: Text
    term: Text
    due: dt.date


@dataclass(frozen=True, slots=True)
class Deadlines:
    channel: Channel
    submitted_on: dt.date
    accepted_on: dt.date  # the next working day when submitted on a day off
    steps: tuple[StepDeadline, ...]
    service_due: dt.date  # the date of the result on the coupon or receipt
    service_term: Text
    extended_due: dt.date | None
    source: str
    issues: tuple[Issue, ...]
    # the moment of the result when the whole service takes less than a working day (a
    # certificate in 10 minutes), counted in the office's working time; else None
    service_due_at: dt.datetime | None = None


def _term(working_days: int, minutes: int) -> Text:
    if working_days and minutes:
        return Text("{days} working days and {minutes} minutes", days=working_days,
                    minutes=minutes)
    if minutes:
        return Text("minutes: {minutes}", minutes=minutes)
    return Text("working days: {days}", days=working_days)


def term_text(working_days: int, minutes: int) -> Text:
    """A step's term as the regulation states it: working days, hours and minutes (a term of
    120 minutes reads "hours: 2")."""
    hours, minutes = divmod(minutes, 60)
    if working_days and hours and minutes:
        return Text("working days: {days}, hours: {hours}, minutes: {minutes}",
                    days=working_days, hours=hours, minutes=minutes)
    if working_days and hours:
        return Text("working days: {days}, hours: {hours}", days=working_days, hours=hours)
    if hours and minutes:
        return Text("hours: {hours}, minutes: {minutes}", hours=hours, minutes=minutes)
    if hours:
        return Text("hours: {hours}", hours=hours)
    return _term(working_days, minutes)


def compute_deadlines(
    submitted_on: dt.date,
    channel: Channel,
    schedule: DeadlineSchedule,
    calendar: WorkingCalendar,
    *,
    accepted_at: dt.datetime | None = None,
    hours: WorkingHours = OFFICE_HOURS,
) -> Deadlines:
    """Every step's due date and the service's, for an application submitted on a date.

    ``accepted_at`` (the moment of acceptance, local time): a service whose steps all fit in
    less than a working day is due at a moment, ``service_due_at``, counted in the office's
    working ``hours``; its due date is that moment's day."""
    plan = schedule.channels.get(channel)
    if plan is None:
        raise ParameterError([Issue("deadlines.channel", Text(
            "The rules in force on {date} provide no deadlines for applications received by "
            "the {channel}.", date=submitted_on, channel=CHANNEL_NAMES[channel]), "/channel")])
    accepted = calendar.acceptance_day(submitted_on)
    steps: list[StepDeadline] = []
    days = 0
    minutes = 0
    for term in plan.steps:
        if term.from_acceptance:
            total = days + minutes // MINUTES_PER_WORKING_DAY
            if term.working_days > total:
                days, minutes = term.working_days, 0
        else:
            days += term.working_days
            minutes += term.minutes
        due = calendar.add_working_days(accepted, days + minutes // MINUTES_PER_WORKING_DAY)
        steps.append(StepDeadline(term.step, STEP_NAMES[term.step],
                                  _term(term.working_days, term.minutes), due))
    total_days = plan.total_working_days
    if total_days is None:
        total_days = days + minutes // MINUTES_PER_WORKING_DAY
    service_due = calendar.add_working_days(accepted, total_days)
    due_at = None
    if accepted_at is not None and plan.total_working_days is None and days == 0 \
            and minutes < MINUTES_PER_WORKING_DAY:
        due_at = add_working_minutes(accepted_at, minutes, calendar, hours)
        service_due = due_at.date()
    extended = None
    if plan.extension_calendar_days is not None:
        extended = calendar.add_calendar_days(accepted, plan.extension_calendar_days)
    elif plan.extension_working_days is not None:
        extended = calendar.add_working_days(accepted, plan.extension_working_days)
    elif plan.extension_months is not None:
        extended = calendar.acceptance_day(add_months(service_due, plan.extension_months))
    last = max([service_due, extended or service_due, *(s.due for s in steps)])
    issues = [
        Issue("calendar.incomplete", Text(
            "The Kurban Ait date of {year} is not in the calendar: deadlines in {year} may be "
            "a day off.", year=year), "", Severity.WARNING)
        for year in calendar.years_without_data(range(accepted.year, last.year + 1))
    ]
    return Deadlines(
        channel=channel,
        submitted_on=submitted_on,
        accepted_on=accepted,
        steps=tuple(steps),
        service_due=service_due,
        service_term=_term(total_days, 0) if total_days or not minutes else _term(0, minutes),
        extended_due=extended,
        source=plan.source or schedule.source,
        issues=tuple(issues),
        service_due_at=due_at,
    )
