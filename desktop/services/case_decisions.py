"""Decisions of a case: the executor's calculation and draft, the head's decision, the notice.

The draft keeps the calculation's trace rendered in both languages, as the executor saw it, so
the decision can be read later even after the parameters change.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.assessment import ASSISTANCE_TYPE_TEXTS, Assessment, AssistanceType, Outcome
from desktop.domain.case_changes import (
    Ruling,
    Termination,
    TerminationGround,
    termination_ruling,
    terms_in_force,
)
from desktop.domain.decision import GROUND_LABELS, DecisionTerms, draft_from_assessment
from desktop.domain.model import RefusalCode
from desktop.domain.parameters import Parameters
from desktop.domain.rulesets import RULE_SETS, rule_set_for
from desktop.domain.service_rules import ServiceAssessment
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.i18n import LANGUAGES, format_date, render
from desktop.printing.records import Decision, DecisionKind, OfficeInfo, RefusalGround, Staff
from desktop.services.accounts import CurrentUser
from desktop.services.case_state import CaseNotFoundError, peek_state
from desktop.services.print_log import log_print, times_printed
from desktop.services.service_rules import assess_application
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, DecisionRecord, OfficeRecord
from desktop.storage.repositories.applications import get_application

__all__ = [
    "NOTIFICATION",
    "NotificationDocument",
    "draft_decision",
    "final_decision",
    "later_decisions",
    "latest_decision",
    "notification_document",
    "notification_facts",
    "record_notification_print",
    "render_trace",
    "rulings",
    "terms_on",
]

# Stages and outcomes of ``case_decisions`` rows written after the head's decision.
RECALCULATION = "recalculation"
TERMINATED = "terminated"  # the outcome of a termination (the ground's code in refusal_codes)
NOTIFICATION = "notification"  # the print log's document kind


def render_trace(assessment: Assessment | ServiceAssessment) -> str:
    """The trace as JSON: per language, one entry per step with its figures and reference."""
    out: dict[str, list[dict[str, object]]] = {}
    for lang in LANGUAGES:
        out[lang] = [{
            "code": step.code,
            "title": render(step.title, lang),
            "figures": [f"{render(f.label, lang)}: {_value(f.value, lang)}"
                        for f in step.figures],
            "result": render(step.result, lang),
            "reference": render(step.legal_reference, lang),
        } for step in assessment.trace]
    return json.dumps(out, ensure_ascii=False)


def _value(value: object, lang: str) -> str:
    if isinstance(value, Text):
        return render(value, lang)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)  # Money prints as 1 234,50 ₸ in both languages


def draft_decision(session: Session, record: ApplicationRecord, parameters: Parameters,
                   user: CurrentUser, today: dt.date) -> tuple[DecisionTerms, DecisionRecord]:
    """Assess the stored application (with the commission's conclusion) and draft the terms."""
    from desktop.domain.assessment import assess

    app = get_application(session, record.id)
    assessment = assess(app, parameters, validate=False, check_documents=False)
    terms = draft_from_assessment(assessment)
    row = _row(record, terms, "draft", user, today)
    row.per_capita_income = assessment.per_capita_income
    row.trace = render_trace(assessment)
    return terms, row


def service_draft(session: Session, record: ApplicationRecord, parameters: Parameters,
                  user: CurrentUser, today: dt.date) -> tuple[DecisionTerms, DecisionRecord]:
    """The draft of a service other than АСП that computes: its rule module on the stored
    application. A refusal's grounds go to the note in both languages (they are the
    service's own, not АСП's codes); a one-time payment is kept as the amount of the month
    it is paid in."""
    app = get_application(session, record.id)
    decided = assess_application(app, parameters, check_documents=False)
    assert isinstance(decided, ServiceAssessment)
    if decided.assigned:
        start = decided.period_start or today
        end = decided.period_end or dt.date(
            start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        terms = DecisionTerms(Outcome.ASSIGNED, None,
                              decided.monthly_amount or decided.one_time_amount,
                              start.replace(day=1) if not decided.monthly_amount else start, end)
    else:
        grounds = "; ".join(" / ".join(render(r.text, lang) for lang in LANGUAGES)
                            for r in decided.refusals)
        terms = DecisionTerms(Outcome.REFUSED, note=grounds)
    row = _row(record, terms, "draft", user, today)
    per_capita = decided.figures.get("per_capita_income_tiyn")
    row.per_capita_income = per_capita if isinstance(per_capita, int) else 0
    row.trace = render_trace(decided)
    return terms, row


def final_decision(record: ApplicationRecord, terms: DecisionTerms, user: CurrentUser,
                   today: dt.date, node: str) -> DecisionRecord:
    row = _row(record, terms, "final", user, today)
    row.number = record.registration_number or ""
    row.origin_node = node or None
    return row


def _row(record: ApplicationRecord, terms: DecisionTerms, stage: str, user: CurrentUser,
         today: dt.date) -> DecisionRecord:
    return DecisionRecord(
        application_id=record.id, stage=stage, outcome=terms.outcome.value,
        assistance_type=terms.assistance_type.value if terms.assistance_type else None,
        monthly_amount=terms.monthly_amount, period_start=terms.period_start,
        period_end=terms.period_end,
        refusal_codes=",".join(code.value for code in terms.refusal_codes), note=terms.note,
        decided_on=today, decided_by=user.actor_id, decided_by_name=user.full_name,
        per_capita_income=0, trace="[]")


def latest_decision(session: Session, application_id: str, stage: str) -> DecisionRecord | None:
    return session.execute(
        select(DecisionRecord).where(DecisionRecord.application_id == application_id,
                                     DecisionRecord.stage == stage)
        .order_by(DecisionRecord.created_at.desc()).limit(1)).scalar_one_or_none()


def terms_of(row: DecisionRecord) -> DecisionTerms:
    return DecisionTerms(
        Outcome(row.outcome),
        AssistanceType(row.assistance_type) if row.assistance_type else None,
        row.monthly_amount, row.period_start, row.period_end,
        tuple(RefusalCode(c) for c in row.refusal_codes.split(",") if c), row.note)


def _office(session: Session, user: CurrentUser) -> OfficeInfo:
    office = session.get(OfficeRecord, user.office_id)
    assert office is not None
    name = LocalizedText(office.name_kk or office.name_ru, office.name_ru or office.name_kk)
    address = LocalizedText(office.address_kk, office.address_ru) \
        if office.address_kk or office.address_ru else ""
    return OfficeInfo(name=name, address=address, phone=office.phone, code=office.code)


def notification_facts(session: Session, row: DecisionRecord, user: CurrentUser,
                       executor_name: str) -> Decision:
    """The printed decision (notification of assignment or reasoned refusal)."""
    terms = terms_of(row)
    office = _office(session, user)
    head = Staff(row.decided_by_name)
    executor = Staff(executor_name) if executor_name else None
    if terms.assigned:
        kind = ASSISTANCE_TYPE_TEXTS.get(terms.assistance_type) if terms.assistance_type \
            else None
        return Decision(DecisionKind.ASSIGNMENT, row.number, row.decided_on, office, head,
                        executor, assistance_kind=kind or "", monthly_amount=row.monthly_amount,
                        period_start=row.period_start, period_end=row.period_end)
    # Each ground cites the article or item of the regime that decided the application.
    record = session.get(ApplicationRecord, row.application_id)
    rule_set = rule_set_for(record.application_date, RULE_SETS) if record is not None \
        and record.application_date >= RULE_SETS[0].effective_from else None
    references = rule_set.references.refusals if rule_set is not None else {}
    grounds = [RefusalGround(GROUND_LABELS[code], references.get(code, ""))
               for code in terms.refusal_codes if code in GROUND_LABELS]
    if terms.note.strip():
        grounds.append(RefusalGround(terms.note.strip()))
    return Decision(DecisionKind.REFUSAL, row.number, row.decided_on, office, head, executor,
                    grounds=tuple(grounds), rule_set_id=rule_set.id if rule_set else "")


def later_decisions(session: Session, application_id: str) -> list[DecisionRecord]:
    """The recalculations and the termination, oldest first."""
    return list(session.scalars(
        select(DecisionRecord).where(DecisionRecord.application_id == application_id,
                                     DecisionRecord.stage == RECALCULATION)
        .order_by(DecisionRecord.created_at)))


def termination_of(row: DecisionRecord) -> Termination:
    assert row.outcome == TERMINATED and row.period_start is not None
    return Termination(TerminationGround(row.refusal_codes), row.period_start, row.note)


def rulings(session: Session, application_id: str) -> list[Ruling]:
    """The head's decision, the recalculations and the termination, in the order taken."""
    rows = session.scalars(
        select(DecisionRecord).where(DecisionRecord.application_id == application_id,
                                     DecisionRecord.stage.in_(("final", RECALCULATION)))
        .order_by(DecisionRecord.created_at))
    found: list[Ruling] = []
    for row in rows:
        if row.outcome == TERMINATED:
            found.append(termination_ruling(termination_of(row).date))
        elif row.period_start is not None:
            found.append((row.period_start, terms_of(row)))
        else:  # a refusal has no period: in force from its date
            found.append((row.decided_on, terms_of(row)))
    return found


def terms_on(session: Session, application_id: str, day: dt.date) -> DecisionTerms | None:
    """The assignment that pays ``day`` for this application, or None."""
    return terms_in_force(day, rulings(session, application_id))


@dataclass(frozen=True, slots=True)
class NotificationDocument:
    application_id: str
    registration_number: str
    lang: str
    pdf: bytes
    duplicate: bool
    file_stem: str


class NoDecisionError(LookupError):
    def __init__(self) -> None:
        super().__init__("no final decision")
        self.message = Text("The head has not decided on this application yet.")


def notification_document(db: Database, application_id: str, user: CurrentUser, lang: str,
                          *, log: bool) -> NotificationDocument:
    """The notification of the head's decision in ``lang``; ``log``: write the print to the
    audit log (a reprint is stamped as a duplicate, as every other document)."""
    from desktop.printing.notification import render_notification

    with db.session() as s:
        record = s.get(ApplicationRecord, application_id)
        if record is None:
            raise CaseNotFoundError(application_id)
        row = latest_decision(s, application_id, "final")
        if row is None:
            raise NoDecisionError()
        facts = notification_facts(s, row, user, peek_state(s, record).executor_name)
        duplicate = times_printed(s, NOTIFICATION, application_id) > 0
        pdf = render_notification(get_application(s, application_id), facts, lang, duplicate)
        if log:
            log_print(s, NOTIFICATION, application_id, lang, actor_id=user.actor_id,
                      node=db.node_id, force_duplicate=duplicate)
        number = record.registration_number or ""
    return NotificationDocument(application_id, number, lang, pdf, duplicate,
                                f"{number}-{NOTIFICATION}")


def record_notification_print(db: Database, application_id: str, user: CurrentUser,
                              lang: str, *, to_file: bool | None = None) -> bool:
    """Log a print of the notification rendered before (the preview prints what it shows);
    True if it was a duplicate."""
    with db.session() as s:
        if latest_decision(s, application_id, "final") is None:
            raise NoDecisionError()
        return log_print(s, NOTIFICATION, application_id, lang, actor_id=user.actor_id,
                         node=db.node_id, to_file=to_file)
