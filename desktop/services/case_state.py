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

from desktop.domain.case_changes import ReportedChange
from desktop.domain.case_path import Action, CaseFacts
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Channel
from desktop.domain.text import Text
from desktop.storage.base import utcnow
from desktop.storage.ids import case_state_id
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    CaseStateRecord,
    DecisionRecord,
)

__all__ = ["CaseNotFoundError", "assistance_ended", "facts_of", "peek_state",
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


def peek_state(session: Session, record: ApplicationRecord) -> CaseStateRecord:
    """The case's state row, or an unsaved one made from the application (cases registered
    before revision 0007 have none until their next step)."""
    state = session.execute(select(CaseStateRecord).where(
        CaseStateRecord.application_id == record.id)).scalar_one_or_none()
    if state is None:
        state = CaseStateRecord(id=case_state_id(record.id), application_id=record.id,
                                status=record.status,
                                status_since=record.registered_at or utcnow(),
                                executor_name="", assigned=False, step_due=record.due_date)
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
