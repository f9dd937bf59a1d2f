"""Read a case for its window, and the work waiting for one person today."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.domain.case_changes import Termination
from desktop.domain.case_path import MAIN_ACTIONS, Action, available_actions, waiting_statuses
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import StepTerm, compute_deadlines
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.roles import OfficeKind, Role
from desktop.services.accounts import CurrentUser, executors
from desktop.services.case_decisions import (
    TERMINATED,
    later_decisions,
    latest_decision,
    termination_of,
    terms_of,
    terms_on,
)
from desktop.services.case_state import (
    CaseNotFoundError,
    assistance_ended,
    case_step_due,
    facts_of,
    peek_state,
    reported_changes,
)
from desktop.services.service_paths import case_path, schedule
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    CaseStateRecord,
    CommissionActRecord,
    DecisionRecord,
    MemberRecord,
    StaffRecord,
)

__all__ = ["REGISTRATION", "CaseEvent", "CaseView", "LaterDecision", "WorkItem", "load_case",
           "my_work"]

_MAIN = tuple(a for a in Action if a in MAIN_ACTIONS)


@dataclass(frozen=True)
class CaseEvent:
    at: dt.datetime
    action: str
    actor_name: str
    from_status: str
    to_status: str
    note: str
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class LaterDecision:
    """A recalculation (``terms``) or the termination (``termination``), as taken."""

    decided_on: dt.date
    decided_by: str
    terms: DecisionTerms | None = None
    termination: Termination | None = None


@dataclass(frozen=True)
class CaseView:
    application_id: str
    registration_number: str
    applicant_name: str
    iin: str
    family_size: int
    channel: str
    status: CaseStatus
    office_code: str
    registered_on: dt.date | None
    service_due: dt.date | None
    step_due: dt.date | None
    executor_name: str
    events: tuple[CaseEvent, ...]
    actions: tuple[Action, ...]  # what the user may do now
    commission_members: str = ""
    draft: DecisionTerms | None = None
    trace: tuple[dict[str, object], ...] = ()  # the draft's trace in the reader's language
    final: DecisionTerms | None = None
    later: tuple[LaterDecision, ...] = ()
    in_force: DecisionTerms | None = None  # what pays today
    members: tuple[tuple[str, str], ...] = ()  # (member id, full name), for a reported change
    # False: the rules in force give the step awaited no term, it is due with the service
    step_term_known: bool = True
    service: str = ASP  # the catalogue's code of the case's service
    awaited: tuple[StepTerm, ...] = ()  # the steps awaited now with their terms (the service's)
    step_due_at: dt.datetime | None = None  # a step of minutes and hours: the moment it is due
    service_due_at: dt.datetime | None = None  # a service shorter than a working day

    @property
    def termination(self) -> Termination | None:
        return next((d.termination for d in self.later if d.termination), None)


def _later(row: DecisionRecord) -> LaterDecision:
    if row.outcome == TERMINATED:
        return LaterDecision(row.decided_on, row.decided_by_name,
                             termination=termination_of(row))
    return LaterDecision(row.decided_on, row.decided_by_name, terms=terms_of(row))


# The registration, first in a case's history (it is the journal's, not a case event).
REGISTRATION = "register"


def _registration(s: Session, record: ApplicationRecord) -> tuple[CaseEvent, ...]:
    if record.registered_at is None or not record.registration_number:
        return ()
    staff = s.get(StaffRecord, record.registered_by) if record.registered_by else None
    return (CaseEvent(record.registered_at, REGISTRATION, staff.full_name if staff else "",
                      CaseStatus.DRAFT.value, CaseStatus.REGISTERED.value, "",
                      {"registration_number": record.registration_number}),)


def load_case(db: Database, application_id: str, user: CurrentUser, lang: str,
              today: dt.date | None = None, parameters: Parameters | None = None) -> CaseView:
    """The case as its window shows it; ``parameters`` give the step's own term to a case
    that has taken no step yet (without them it is due with the service)."""
    today = today or dt.date.today()
    with db.session() as s:
        record = s.get(ApplicationRecord, application_id)
        if record is None:
            raise CaseNotFoundError(application_id)
        state = peek_state(s, record, parameters)
        since = state.status_since.astimezone() if state.status_since else None
        awaited = case_step_due(record, since.date(), parameters, since_at=since) \
            if parameters is not None and since is not None else None
        facts = facts_of(record, state, assistance_ended(s, record, state, today))
        events = s.scalars(select(CaseEventRecord).where(
            CaseEventRecord.application_id == application_id).order_by(CaseEventRecord.at))
        act = s.scalars(select(CommissionActRecord).where(
            CommissionActRecord.application_id == application_id).order_by(
            CommissionActRecord.recorded_at.desc()).limit(1)).first()
        draft = latest_decision(s, application_id, "draft")
        final = latest_decision(s, application_id, "final")
        later = later_decisions(s, application_id)
        calculated = next((r for r in reversed(later) if r.outcome != TERMINATED), draft)
        trace = tuple(json.loads(calculated.trace).get(lang, [])) if calculated else ()
        members = tuple((m.id, " ".join(p for p in (m.surname, m.first_name, m.patronymic) if p))
                        for m in s.scalars(select(MemberRecord).where(
                            MemberRecord.application_id == application_id).order_by(
                            MemberRecord.position)))
        view = CaseView(
            application_id, record.registration_number or "", record.applicant_name,
            record.applicant_iin, record.family_size, record.channel, facts.status,
            record.office_code, record.registered_on, record.due_date, state.step_due,
            state.executor_name,
            _registration(s, record) + tuple(
                CaseEvent(e.at, e.action, e.actor_name, e.from_status, e.to_status, e.note,
                          _data(e.data)) for e in events),
            tuple(available_actions(user.actor, facts, path=case_path(record.service))),
            act.members_present if act else "", terms_of(draft) if draft else None, trace,
            terms_of(final) if final else None, tuple(_later(r) for r in later),
            terms_on(s, application_id, today) if final else None, members,
            awaited is None or awaited.from_regulation, record.service,
            awaited.terms if awaited else (), awaited.due_at if awaited else None,
            _service_due_at(record, parameters))
    return view


def _service_due_at(record: ApplicationRecord, parameters: Parameters | None
                    ) -> dt.datetime | None:
    """The moment a service shorter than a working day is due (a certificate in 10 minutes),
    counted from the registration as it was at registration; None for a longer one."""
    if parameters is None or record.registered_at is None or record.service == ASP:
        return None
    declared = schedule(record.service, record.application_date, parameters)
    if declared is None or Channel(record.channel) not in declared.channels:
        return None
    return compute_deadlines(record.application_date, Channel(record.channel), declared,
                             parameters.calendar,
                             accepted_at=record.registered_at.astimezone()).service_due_at


def _data(text: str) -> dict[str, object]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class WorkItem:
    application_id: str
    registration_number: str
    applicant_name: str
    status: CaseStatus
    due: dt.date | None
    actions: tuple[Action, ...]
    service: str = ASP
    due_at: dt.datetime | None = None  # a step of minutes and hours: the moment it is due
    channel: str = ""  # where it was taken: a result goes back there (the ЦОН or the akim)

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today

    def due_today(self, today: dt.date) -> bool:
        return self.due == today


def my_work(db: Database, user: CurrentUser, limit: int = 500,
            parameters: Parameters | None = None) -> list[WorkItem]:
    """The cases waiting for a step ``user`` may take, the earliest due first; then the
    reported changes waiting for the executor's recalculation. A visa is not offered while
    the office has no responsible executor to name (it cannot be taken)."""
    a, st = ApplicationRecord, CaseStateRecord
    with db.engine.connect() as connection:  # the services this desk has cases of
        codes = sorted(str(c) for c in connection.execute(select(a.service).distinct())
                       .scalars())
    paths = {code: case_path(code) for code in codes or ["asp"]}
    statuses = sorted({s.value for p in paths.values() for s in waiting_statuses(user.roles, p)})
    if not statuses:
        return []
    skip = frozenset() if executors(db, user.office_id) else frozenset({Action.VISA})
    due = func.coalesce(st.step_due, a.due_date)
    query = (select(a, st).outerjoin(st, st.application_id == a.id)
             .where(a.status.in_(statuses)).order_by(due.is_(None), due, a.registered_on))
    if user.office_kind is OfficeKind.AKIMAT:
        query = query.where(a.office_code == user.office_code)
    else:
        query = query.where(or_(a.office_code == user.office_code,
                                a.office_district == user.district))
    items: list[WorkItem] = []
    with db.session() as s:
        for record, state in s.execute(query.limit(limit * 4)):
            state = state or peek_state(s, record, parameters)
            actions = [a for a in available_actions(user.actor, facts_of(record, state), _MAIN,
                                                    paths.get(record.service)
                                                    or case_path(record.service))
                       if a not in skip]
            if actions:
                due_at = _step_due_at(record, state, parameters)
                items.append(WorkItem(record.id, record.registration_number or "",
                                      record.applicant_name, CaseStatus(record.status),
                                      state.step_due or record.due_date, tuple(actions),
                                      record.service, due_at, record.channel))
            if len(items) >= limit:
                break
        items += _pending_recalculations(s, user, limit - len(items))
    return items


def _step_due_at(record: ApplicationRecord, state: CaseStateRecord,
                 parameters: Parameters | None) -> dt.datetime | None:
    """The moment the step awaited is due, for a service whose steps take minutes and hours
    (АСП's are counted in working days: no moment)."""
    if parameters is None or record.service == ASP or state.status_since is None:
        return None
    since = state.status_since.astimezone()
    awaited = case_step_due(record, since.date(), parameters, since_at=since)
    return awaited.due_at if awaited else None


def _pending_recalculations(s: Session, user: CurrentUser, limit: int) -> list[WorkItem]:
    """Delivered cases with a reported change the executor has not recalculated yet."""
    if limit <= 0 or Role.EXECUTOR not in user.roles:
        return []
    a, ev = ApplicationRecord, CaseEventRecord
    query = (select(a).where(a.status == CaseStatus.DELIVERED.value, select(ev.id).where(
        ev.application_id == a.id, ev.action == Action.REPORT_CHANGE.value).exists())
        .order_by(a.registered_on))
    if user.office_kind is OfficeKind.AKIMAT:
        query = query.where(a.office_code == user.office_code)
    else:
        query = query.where(or_(a.office_code == user.office_code,
                                a.office_district == user.district))
    items: list[WorkItem] = []
    today = dt.date.today()
    for record in s.scalars(query):
        state = peek_state(s, record)
        facts = facts_of(record, state, assistance_ended(s, record, state, today))
        if not available_actions(user.actor, facts, (Action.RECALCULATE,),
                                 case_path(record.service)):
            continue
        done = sum(1 for r in later_decisions(s, record.id) if r.outcome != TERMINATED)
        if len(reported_changes(s, record.id)) > done:
            items.append(WorkItem(record.id, record.registration_number or "",
                                  record.applicant_name, CaseStatus(record.status), None,
                                  (Action.RECALCULATE,), record.service))
            if len(items) >= limit:
                break
    return items
