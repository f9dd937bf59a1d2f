"""Where a registered case stands, read from storage: its state row, the facts the case path
needs, whether the assistance period is over, and the changes of circumstances reported.

The steps (``cases``), the decisions (``case_decisions``), the documents (``printouts``) and
the queries (``case_queries``) all read a case this way; none of them has to import another
to do so.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.domain.case_changes import ReportedChange
from desktop.domain.case_deadlines import StepDue, step_due
from desktop.domain.case_path import Action, CaseFacts
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.text import Text
from desktop.services.service_paths import schedule, waiting
from desktop.storage.base import utcnow
from desktop.storage.ids import case_state_id
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    CaseStateRecord,
    DecisionRecord,
)

__all__ = ["CaseNotFoundError", "assistance_ended", "case_step_due", "facts_of", "peek_state",
           "reported_changes", "state_of"]


class CaseNotFoundError(LookupError):
    def __init__(self, application_id: str) -> None:
        super().__init__(application_id)
        self.message = Text("The application was not found. It may have been deleted.")


def reported_changes(session: Session, application_id: str) -> list[ReportedChange]:
    """The changes of circumstances reported that may change the amount, in reported order."""
    events = session.scalars(select(CaseEventRecord).where(
        CaseEventRecord.application_id == application_id,
        CaseEventRecord.action == Action.REPORT_CHANGE.value).order_by(
        CaseEventRecord.at, CaseEventRecord.created_at))
    changes = [ReportedChange.from_data(json.loads(e.data), e.note) for e in events]
    return [c for c in changes if c.recalculable]


def case_step_due(record: ApplicationRecord, since: dt.date, params: Parameters,
                  since_at: dt.datetime | None = None) -> StepDue | None:
    """The term of the step the case waits for, counted from ``since`` (the day it reached
    its status) by its service's steps and terms (АСП's: the schedule of the rule set in force
    on the application date); with ``since_at`` (that moment, local time) a step of another
    service taking minutes and hours is due at a moment (АСП's steps keep their days)."""
    calendar = params.calendar
    return step_due(CaseStatus(record.status), Channel(record.channel), since=since,
                    accepted_on=calendar.acceptance_day(record.application_date),
                    service_due=record.due_date,
                    schedule=schedule(record.service, record.application_date, params),
                    calendar=calendar, waiting=waiting(record.service),
                    since_at=None if record.service == ASP else since_at)


def peek_state(session: Session, record: ApplicationRecord,
               params: Parameters | None = None) -> CaseStateRecord:
    """The case's state row, or an unsaved one made from the application (a case gets its
    row at its first step). The step awaited then is due by its own term counted from the
    registration, when ``params`` are given; else with the service."""
    state = session.execute(select(CaseStateRecord).where(
        CaseStateRecord.application_id == record.id)).scalar_one_or_none()
    if state is None:
        since = record.registered_at or utcnow()
        local = since.astimezone()
        due = case_step_due(record, record.registered_on or local.date(), params,
                            since_at=local if record.registered_at else None) \
            if params is not None else None
        state = CaseStateRecord(id=case_state_id(record.id), application_id=record.id,
                                status=record.status, status_since=since,
                                executor_name="", assigned=False,
                                step_due=due.due if due else record.due_date)
    return state


def state_of(session: Session, record: ApplicationRecord) -> CaseStateRecord:
    """The case's state row, added to the session when it was missing."""
    state = peek_state(session, record)
    if state not in session:
        session.add(state)
    return state


def facts_of(record: ApplicationRecord, state: CaseStateRecord,
             ended: bool = False) -> CaseFacts:
    return CaseFacts(CaseStatus(record.status), Channel(record.channel), record.office_code,
                     record.office_district, state.executor_id, state.assigned, ended)


def assistance_ended(session: Session, record: ApplicationRecord, state: CaseStateRecord,
                     today: dt.date) -> bool:
    """The period the head assigned is over (a change, recalculation or termination no
    longer applies: the family applies again for the next quarter, art. 123 p.3)."""
    if not state.assigned or record.status != CaseStatus.DELIVERED.value:
        return False
    end = session.scalar(select(DecisionRecord.period_end).where(
        DecisionRecord.application_id == record.id, DecisionRecord.stage == "final")
        .order_by(DecisionRecord.created_at.desc()).limit(1))
    return end is not None and end < today
