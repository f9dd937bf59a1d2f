"""The case path after registration: each step one transaction, allowed by role and office.

Every step checks the case path (``desktop.domain.case_path``) for the user's roles and office,
moves the status, recomputes the step's due date on the working-day calendar, and writes a
case event, a journal entry and an audit row (who, when, what, before/after) together. A step
the user may not take raises ``ActionNotAllowedError`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.domain.assessment import Outcome
from desktop.domain.case_changes import (
    ReportedChange,
    Termination,
    amended_application,
    change_problems,
    recalculated_terms,
    recalculation_start,
    termination_problems,
)
from desktop.domain.case_path import (
    Action,
    ActionNotAllowedError,
    require_action,
    target_status,
)
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms, terms_problems
from desktop.domain.issues import DomainError
from desktop.domain.model import NoNeedCriterion
from desktop.domain.need_assessment import NeedAssessment, need_assessment_problems
from desktop.domain.parameters import Parameters
from desktop.domain.roles import Role, parse_roles
from desktop.domain.text import Text
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import (
    RECALCULATION,
    TERMINATED,
    _row,
    draft_decision,
    final_decision,
    later_decisions,
    latest_decision,
    render_trace,
    service_draft,
    terms_of,
)
from desktop.services.case_state import (
    CaseNotFoundError,
    assistance_ended,
    case_step_due,
    facts_of,
    peek_state,
    reported_changes,
    state_of,
)
from desktop.services.service_paths import case_path, service
from desktop.storage.audit import append_audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import (
    AccountRecord,
    ApplicationRecord,
    CaseEventRecord,
    CaseStateRecord,
    CommissionActRecord,
    DecisionRecord,
    JournalEntryRecord,
)
from desktop.storage.repositories.applications import get_application

# CaseNotFoundError and the readers of a case's state live in case_state; they are named
# here too, where the callers of the case path have always found them.
__all__ = ["CaseInputError", "CaseNotFoundError", "CaseService", "ConclusionInput",
           "assistance_ended", "facts_of", "peek_state", "reported_changes", "state_of"]


class CaseInputError(ValueError):
    """What the user entered for a step is incomplete; ``messages`` say what to fix."""

    def __init__(self, messages: list[Text]) -> None:
        super().__init__("; ".join(m.msgid for m in messages))
        self.messages = messages


@dataclass(frozen=True)
class ConclusionInput:
    """The survey act and the conclusion of the district commission."""

    survey_date: dt.date
    need_confirmed: bool
    survey_refused: bool = False
    criteria: tuple[NoNeedCriterion, ...] = ()
    members_present: tuple[str, ...] = ()
    act_number: str = ""
    note: str = ""


Apply = Callable[[Session, ApplicationRecord, CaseStateRecord], Mapping[str, Any]]


# A key an ``apply`` may return: facts for the case event only, never for the audit log.
EVENT_ONLY = "_event"


def _period_problems(terms: DecisionTerms) -> list[Text]:
    if terms.period_start is None or terms.period_end is None:
        return [Text("Enter the period the decision states: from and to.")]
    if terms.period_end < terms.period_start:
        return [Text("The period ends before it begins.")]
    return []


def decision_problems(code: str, terms: DecisionTerms) -> list[Text]:
    """What is missing in the head's decision on a case of service ``code``: АСП's terms are
    checked in full; a service that computes needs an amount and a period when it assigns; a
    service that computes nothing (a registration of the unemployed) only a ground when it
    refuses, and a period when it assigns if its result prints the decision's period (the
    term of provision of a disability service)."""
    if code == ASP:
        return terms_problems(terms)
    if terms.outcome is Outcome.REFUSED:
        # another service's form takes the ground as a text (its rule may also give codes)
        grounded = terms.note.strip() or terms.refusal_codes
        return [] if grounded else [Text("Write the ground for the refusal.")]
    if terms.outcome is not Outcome.ASSIGNED:
        return [Text("A decision either assigns assistance or refuses it.")]
    if not service(code).computes:
        return _period_problems(terms) if service(code).decision_states_period else []
    # the amount is not always monthly (a one-time payment for fuel): said without "monthly"
    problems = [p for p in terms_problems(terms)
                if p.msgid != "Enter the monthly amount of the assistance."]
    if terms.monthly_amount <= 0:
        problems.insert(0, Text("Enter the amount of the assistance."))
    return problems


# Steps that may follow themselves: two different changes of circumstances in a row; the
# recalculation guards itself (one per change reported).
_REPEATABLE = frozenset({Action.REPORT_CHANGE, Action.RECALCULATE})


def last_event(session: Session, application_id: str) -> CaseEventRecord | None:
    return session.scalars(select(CaseEventRecord).where(
        CaseEventRecord.application_id == application_id).order_by(
        CaseEventRecord.at.desc(), CaseEventRecord.created_at.desc()).limit(1)).first()


def _not_taken_already(session: Session, record: ApplicationRecord, action: Action) -> None:
    """A step is taken once: the same step again on a case that has not moved since (a double
    click, a second window on the case) is refused, saying when and by whom it was taken."""
    last = last_event(session, record.id)
    if last is None or last.action != action.value or last.to_status != record.status \
            or action in _REPEATABLE:
        return
    raise ActionNotAllowedError(action, Text(
        "This step was taken already on {date} at {time} by {name}.",
        date=last.at.astimezone().strftime("%d.%m.%Y"),
        time=last.at.astimezone().strftime("%H:%M"), name=last.actor_name))


def _same_change(session: Session, application_id: str, change: ReportedChange) -> bool:
    """The last event is this very change of circumstances (recorded twice by mistake)."""
    last = last_event(session, application_id)
    if last is None or last.action != Action.REPORT_CHANGE.value or last.note != change.note:
        return False
    try:
        data = json.loads(last.data or "{}")
    except ValueError:
        return False
    wanted = json.loads(json.dumps(change.to_data(), ensure_ascii=False, default=str))
    return isinstance(data, dict) and all(data.get(k) == v for k, v in wanted.items())


class CaseService:
    """The steps of the case path for one database; ``clock`` gives "now" (tests fix it)."""

    def __init__(self, db: Database, parameters: Parameters | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.db = db
        self._parameters = parameters
        self.clock = clock or utcnow

    @cached_property
    def parameters(self) -> Parameters:
        if self._parameters is None:
            from desktop.parameters.store import load_parameters

            self._parameters = load_parameters()
        return self._parameters

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    # --- the steps -------------------------------------------------------------------

    def visa(self, user: CurrentUser, application_id: str, executor_id: str) -> CaseStatus:
        def apply(s: Session, _r: ApplicationRecord, state: CaseStateRecord) -> dict[str, Any]:
            account = s.get(AccountRecord, executor_id)
            if account is None or Role.EXECUTOR not in parse_roles(account.roles):
                raise CaseInputError([Text("Choose the responsible executor.")])
            before = state.executor_name
            state.executor_id, state.executor_name = account.id, account.full_name
            return {"executor": (before or None, account.full_name)}
        return self.step(user, application_id, Action.VISA, apply=apply)

    def record_conclusion(self, user: CurrentUser, application_id: str,
                          act: ConclusionInput) -> CaseStatus:
        def apply(s: Session, record: ApplicationRecord, _st: CaseStateRecord) -> dict[str, Any]:
            self._check_act(act)
            criteria = ",".join(c.value for c in act.criteria)
            s.add(CommissionActRecord(
                application_id=record.id, act_number=act.act_number,
                survey_date=act.survey_date, survey_refused=act.survey_refused,
                need_confirmed=act.need_confirmed and not act.survey_refused,
                no_need_criteria=criteria, members_present="\n".join(act.members_present),
                note=act.note, recorded_by=user.actor_id, recorded_at=self.clock(),
                origin_node=self.db.node_id or None))
            record.commission_recorded = True
            record.commission_survey_date = act.survey_date
            record.commission_survey_refused = act.survey_refused
            record.commission_need_confirmed = act.need_confirmed and not act.survey_refused
            record.commission_no_need_criteria = criteria
            record.commission_note = act.note
            return {"need_confirmed": (None, record.commission_need_confirmed),
                    "no_need_criteria": (None, criteria)}
        return self.step(user, application_id, Action.RECORD_CONCLUSION, apply=apply)

    def _check_act(self, act: ConclusionInput) -> None:
        problems = []
        if act.survey_date > self.today():
            problems.append(Text("The survey date cannot be in the future."))
        if not act.members_present:
            problems.append(Text("Enter the members of the commission present."))
        if not act.need_confirmed and not act.criteria and not act.survey_refused:
            problems.append(Text("Tick the criteria for which there is no need."))
        if problems:
            raise CaseInputError(problems)

    def prepare_draft(self, user: CurrentUser, application_id: str,
                      assessment: NeedAssessment | None = None) -> DecisionTerms:
        """The calculation by the rules in force, kept with its trace as the draft decision;
        for a service whose executor assesses the need (the special social services), the
        assessment, recorded with the step, drafts the result."""

        drafted: list[DecisionTerms] = []

        def apply(s: Session, record: ApplicationRecord, _st: CaseStateRecord) -> dict[str, Any]:
            if record.service != ASP and service(record.service).assesses_need:
                return self._assessed(assessment, drafted)
            if record.service != ASP and not service(record.service).computes:
                # nothing to calculate (a registration, a referral): the executor drafts the
                # result by hand, and the head signs or refuses it
                drafted.append(DecisionTerms(Outcome.ASSIGNED))
                return {"draft_outcome": (None, Outcome.ASSIGNED.value)}
            make = draft_decision if record.service == ASP else service_draft
            terms, row = make(s, record, self.parameters, user, self.today())
            row.origin_node = self.db.node_id or None
            s.add(row)
            drafted.append(terms)
            return {"draft_outcome": (None, terms.outcome.value),
                    "monthly_amount": (None, terms.monthly_amount)}
        self.step(user, application_id, Action.PREPARE_DRAFT, apply=apply)
        return drafted[0]

    @staticmethod
    def _assessed(assessment: NeedAssessment | None,
                  drafted: list[DecisionTerms]) -> dict[str, Any]:
        if assessment is None:
            raise CaseInputError([Text("Record the assessment of need: whether the person "
                                       "needs the special social services, and why.")])
        problems = need_assessment_problems(assessment)
        if problems:
            raise CaseInputError(list(problems.values()))
        outcome = Outcome.ASSIGNED if assessment.arrange else Outcome.REFUSED
        drafted.append(DecisionTerms(outcome, note="" if assessment.arrange
                                     else " ".join(assessment.conclusion.split())))
        return {"draft_outcome": (None, outcome.value),
                EVENT_ONLY: {"need_assessment": assessment.to_data()}}

    def decide(self, user: CurrentUser, application_id: str, terms: DecisionTerms) -> CaseStatus:
        """The head's decision: assign (kind, amount, period) or refuse (grounds)."""

        def apply(s: Session, record: ApplicationRecord, state: CaseStateRecord) -> dict[str, Any]:
            problems = decision_problems(record.service, terms)
            if problems:
                raise CaseInputError(problems)
            s.add(final_decision(record, terms, user, self.today(), self.db.node_id))
            state.assigned = terms.assigned
            return {"outcome": (None, terms.outcome.value),
                    "monthly_amount": (None, terms.monthly_amount)}
        action = Action.ASSIGN if terms.assigned else Action.REFUSE
        return self.step(user, application_id, action, apply=apply)

    # --- after the assignment ------------------------------------------------------------

    def report_change(self, user: CurrentUser, application_id: str,
                      change: ReportedChange) -> CaseStatus:
        """Record a change of circumstances (art. 126 p.3); the executor recalculates later.

        The change itself (members, incomes) goes to the case event; the audit row gets only
        what changed and when."""

        def apply(s: Session, record: ApplicationRecord, _st: CaseStateRecord) -> dict[str, Any]:
            final = latest_decision(s, record.id, "final")
            start = terms_of(final).period_start if final else None
            problems = change_problems(change, get_application(s, record.id), self.today(),
                                       start)
            if problems:
                raise CaseInputError(problems)
            if _same_change(s, record.id, change):
                raise CaseInputError([Text("This change of circumstances is recorded "
                                           "already.")])
            return {"change_kinds": (None, ",".join(sorted(change.kinds))),
                    "change_date": (None, change.change_date.isoformat()),
                    EVENT_ONLY: change.to_data()}
        return self.step(user, application_id, Action.REPORT_CHANGE, note=change.note,
                         apply=apply)

    def recalculate(self, user: CurrentUser, application_id: str) -> list[DecisionTerms]:
        """One new decision per reported change not yet recalculated: the rules engine on the
        family as amended by every change up to that one, from the month the law gives."""
        from desktop.domain.assessment import assess

        made: list[DecisionTerms] = []

        def apply(s: Session, record: ApplicationRecord, _st: CaseStateRecord) -> dict[str, Any]:
            changes = reported_changes(s, record.id)
            done = sum(1 for row in later_decisions(s, record.id) if row.outcome != TERMINATED)
            final = latest_decision(s, record.id, "final")
            if done >= len(changes) or final is None:
                raise CaseInputError([Text("No reported change is waiting for "
                                           "recalculation.")])
            app = get_application(s, record.id)
            assigned = terms_of(final)
            for n in range(done, len(changes)):
                try:
                    assessment = assess(amended_application(app, changes[:n + 1]),
                                        self.parameters, validate=False, check_documents=False)
                except DomainError as error:
                    raise CaseInputError([i.message for i in error.issues]) from error
                start = recalculation_start(changes[n], app.application_date, assigned)
                terms = recalculated_terms(assessment, assigned, start)
                row = _row(record, terms, RECALCULATION, user, self.today())
                row.number = record.registration_number or ""
                row.per_capita_income = assessment.per_capita_income
                row.trace = render_trace(assessment)
                row.origin_node = self.db.node_id or None
                s.add(row)
                s.flush()  # created_at orders the rulings
                made.append(terms)
            last = made[-1]
            return {"outcome": (None, last.outcome.value),
                    "monthly_amount": (None, last.monthly_amount),
                    "period_start": (None, last.period_start)}
        self.step(user, application_id, Action.RECALCULATE, apply=apply)
        return made

    def terminate(self, user: CurrentUser, application_id: str,
                  termination: Termination) -> CaseStatus:
        """Stop the assistance on a ground of art. 129: the family is a recipient up to the
        termination date; payments stop from the next month."""

        def apply(s: Session, record: ApplicationRecord, _st: CaseStateRecord) -> dict[str, Any]:
            final = latest_decision(s, record.id, "final")
            assigned = terms_of(final) if final else None
            problems = termination_problems(termination, assigned, self.today())
            if problems:
                raise CaseInputError(problems)
            s.add(DecisionRecord(
                application_id=record.id, stage=RECALCULATION, outcome=TERMINATED,
                assistance_type=None, monthly_amount=0, period_start=termination.date,
                period_end=assigned.period_end if assigned else None,
                refusal_codes=termination.ground.value, note=termination.note,
                number=record.registration_number or "", decided_on=self.today(),
                decided_by=user.actor_id, decided_by_name=user.full_name,
                per_capita_income=0, trace="[]", origin_node=self.db.node_id or None))
            return {"ground": (None, termination.ground.value),
                    "termination_date": (None, termination.date.isoformat()),
                    "payments_stop_from": (None, termination.stop_from.isoformat())}
        return self.step(user, application_id, Action.TERMINATE, note=termination.note,
                         apply=apply)

    def step(self, user: CurrentUser, application_id: str, action: Action, *,
             note: str = "", apply: Apply | None = None) -> CaseStatus:
        """Take one step in one transaction; returns the new status."""
        now = self.clock()
        with self.db.session() as s:
            record = s.get(ApplicationRecord, application_id)
            if record is None:
                raise CaseNotFoundError(application_id)
            state = state_of(s, record)
            _not_taken_already(s, record, action)
            facts = facts_of(record, state, assistance_ended(s, record, state,
                                                             now.astimezone().date()))
            path = case_path(record.service)
            require_action(user.actor, action, facts, path)
            target = target_status(action, facts, path)
            changes: dict[str, Any] = dict(apply(s, record, state) if apply else {})
            event_only = changes.pop(EVENT_ONLY, {})
            before = record.status
            if target.value != before:
                record.status = state.status = target.value
                state.status_since = now
                s.add(JournalEntryRecord(application_id=record.id, at=now, status=target.value,
                                         previous_status=before, staff_id=user.staff_id,
                                         note=note, origin_node=self.db.node_id or None))
                changes["status"] = (before, target.value)
            state.step_due = self._step_due(record, now)
            s.add(CaseEventRecord(
                application_id=record.id, action=action.value, from_status=before,
                to_status=target.value, at=now, on_date=now.astimezone().date(),
                account_id=user.actor_id, actor_name=user.full_name,
                office_code=user.office_code, note=note,
                data=json.dumps({**{k: v[1] for k, v in changes.items()}, **event_only},
                                ensure_ascii=False, default=str),
                origin_node=self.db.node_id or None))
            append_audit(s, action=f"case.{action.value}", table_name="applications",
                         record_id=record.id, actor_id=user.actor_id, node=self.db.node_id,
                         changes=changes)
            return target

    def _step_due(self, record: ApplicationRecord, now: dt.datetime) -> dt.date | None:
        """The due date of the step the case now waits for, by its service's steps and
        terms (АСП's: the rule set's schedule)."""
        local = now.astimezone()
        due = case_step_due(record, local.date(), self.parameters, since_at=local)
        return due.due if due else None

