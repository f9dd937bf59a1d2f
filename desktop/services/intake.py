"""Intake use cases: start an application, register it with its coupon, or refuse to accept.

Each use case runs in one transaction: the application, its journal entry, the audit rows, the
draft's state and (at an akimat) the transfer-registry line are written together, and the PDF
is made inside it, so a failure leaves nothing half-done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import Deadlines, compute_deadlines
from desktop.domain.intake_session import DocumentIssue, IntakeSession, office_values
from desktop.domain.model import Application, Channel, FamilyMember, Office, short_name
from desktop.domain.parameters import Parameters
from desktop.domain.rulesets import RULE_SETS_BY_ID, rule_set_for
from desktop.domain.text import Text
from desktop.formspec import load_all
from desktop.formspec.model import FormSpec, LocalizedText
from desktop.parameters.store import load_parameters
from desktop.printing.coupon import render_coupon
from desktop.printing.records import (
    DocumentProblem,
    IntakeRefusal,
    OfficeInfo,
    RefusedDocument,
    Registration,
    Staff,
)
from desktop.printing.refusal_slip import render_refusal_slip
from desktop.printing.service_coupon import render_service_coupon
from desktop.services.drafts import REGISTERED as REGISTERED_DRAFT
from desktop.services.drafts import close_draft, write_draft
from desktop.services.print_log import DocumentKind, log_print
from desktop.services.service_forms import session_setup
from desktop.services.service_paths import marker as service_marker
from desktop.services.service_paths import schedule as service_schedule
from desktop.services.service_paths import service as service_of
from desktop.services.workstation import (
    area_line,
    current_office_and_staff,
    load_setup,
    place_name,
)
from desktop.storage.audit import append_audit
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    DraftRecord,
    JournalEntryRecord,
    OfficeRecord,
    StaffRecord,
    TransferRecord,
)
from desktop.storage.registration import allocate_registration_number
from desktop.storage.repositories.applications import load_application, store_application

__all__ = [
    "IntakeContext",
    "IntakeDoneAlreadyError",
    "IntakeNotReadyError",
    "RefusalResult",
    "RegistrationResult",
    "intake_context",
    "new_session",
    "open_application",
    "refusal_problems",
    "refuse_intake",
    "register",
    "register_problems",
    "short_name",
]


class IntakeNotReadyError(ValueError):
    """Registration or refusal is not possible yet; ``messages`` say why."""

    def __init__(self, messages: list[Text]) -> None:
        super().__init__("; ".join(m.msgid for m in messages))
        self.messages = messages


class IntakeDoneAlreadyError(IntakeNotReadyError):
    """The same registration or refusal was made before: a second call registers nothing."""


@dataclass(frozen=True)
class IntakeContext:
    """This workstation's office and operator, the forms and the parameters."""

    db: Database
    forms: Mapping[str, FormSpec]
    parameters: Parameters
    office: Office
    office_info: OfficeInfo
    channel: Channel
    staff_id: str | None
    staff: Staff


@dataclass(frozen=True)
class RegistrationResult:
    application: Application
    number: str
    registered_at: dt.datetime
    due_date: dt.date
    deadlines: Deadlines
    coupon_pdf: bytes
    transfer_due: dt.date | None = None


@dataclass(frozen=True)
class RefusalResult:
    application: Application
    documents: tuple[DocumentIssue, ...]
    slip_pdf: bytes


@cache
def _forms() -> Mapping[str, FormSpec]:
    return load_all()


def _region_code(parameters: Parameters, name: str) -> str:
    for region in parameters.regions.values():
        if name in (region.code, region.name_kk, region.name_ru):
            return region.code
    return ""


def intake_context(db: Database, *, parameters: Parameters | None = None) -> IntakeContext:
    """The context of this workstation (its office, operator and channel).

    The accepting person (принявший / қабылдаған) is the person at the keyboard
    (``db.acting_staff_id``, bound at log-in, as for every audited action), so the coupon,
    the journal and the audit log name who actually took the documents; without accounts,
    the workstation's operator from the setup.
    """
    parameters = parameters or load_parameters()
    setup = load_setup(db)
    office_id, staff_id = current_office_and_staff(db)
    if setup is None:
        raise IntakeNotReadyError([Text("Set up the workstation's office and operator first.")])
    with db.session() as session:
        record = session.get(OfficeRecord, office_id)
        address = LocalizedText(record.address_kk or "-", record.address_ru or "-") \
            if record and (record.address_kk or record.address_ru) else ""
        phone = record.phone if record else ""
        acting = session.get(StaffRecord, db.acting_staff_id) if db.acting_staff_id else None
    office = Office(setup.office_code, _region_code(parameters, setup.region), setup.district,
                    "", setup.office_name_ru or setup.office_name_kk)
    name = LocalizedText(setup.office_name_kk or setup.office_name_ru,
                         setup.office_name_ru or setup.office_name_kk)
    info = OfficeInfo(name=name, address=address, phone=phone,
                      area=area_line(setup.district, setup.region), code=setup.office_code)
    channel = Channel.AKIM if setup.office_kind == "akimat" else Channel.DISTRICT_OFFICE
    staff = Staff(short_name(setup.operator_full_name), setup.operator_position)
    if acting is not None:
        staff_id = acting.id
        staff = Staff(short_name(acting.full_name), acting.position or setup.operator_position)
    return IntakeContext(db, _forms(), parameters, office, info, channel, staff_id, staff)


def new_session(context: IntakeContext, today: dt.date | None = None, *,
                service: str = ASP, lang: str = "") -> IntakeSession:
    """A new application of ``service`` (АСП's when none is named); ``lang``, the language
    the desk works in: the applicant's district starts as the office's in it («Ақтоғай
    ауданы» on a Kazakh desk, «Актогайский район» on a Russian one), else as the setup
    names it."""
    day = today or dt.date.today()
    rule_set = rule_set_for(day, context.parameters.rule_sets)
    forms, setup = session_setup(service, context.channel, context.forms)
    # the office's place names (its district) in the desk's language
    defaults = {field_id: place_name(value).text(lang) if lang and value else value
                for field_id, value in office_values(context.office).items()}
    return IntakeSession(forms, channel=context.channel, office=context.office,
                         application_date=day, rule_set_id=rule_set.id,
                         office_defaults=defaults, **setup)


def open_application(context: IntakeContext, application_id: str) -> IntakeSession:
    """A stored application in the wizard, read-only (registered documents are immutable)."""
    app = load_application(context.db, application_id)
    rule_set = rule_set_for(app.application_date, context.parameters.rule_sets)
    forms, setup = session_setup(app.service, app.channel, context.forms)
    session = IntakeSession.from_application(forms, app, rule_set.id, **setup)
    session.read_only = True
    return session


def deadlines_for(context: IntakeContext, session: IntakeSession,
                  accepted_at: dt.datetime | None = None) -> Deadlines:
    """The step and service deadlines of the session's service: АСП's from its rule set's
    schedule; another service's from the terms its catalogue entry declares, a service of a
    few minutes due at a moment counted from ``accepted_at``."""
    if session.service == ASP:
        rule_set = RULE_SETS_BY_ID[session.rule_set_id]
        schedule = context.parameters.deadlines[rule_set.deadline_schedule]
        return compute_deadlines(session.application_date, session.channel, schedule,
                                 context.parameters.calendar)
    declared = service_schedule(session.service, session.application_date, context.parameters)
    if declared is None:
        raise IntakeNotReadyError([Text("The service declares no terms for its steps.")])
    return compute_deadlines(session.application_date, session.channel, declared,
                             context.parameters.calendar, accepted_at=accepted_at)


def register_problems(session: IntakeSession) -> list[Text]:
    """Why ``session`` cannot be registered (empty: it can), before anything is written."""
    if session.read_only:
        return [Text("This application is registered already.")]
    return _not_ready(session)


def refusal_problems(session: IntakeSession) -> list[Text]:
    """Why the documents of ``session`` cannot be refused (empty: they can)."""
    if session.read_only:
        return [Text("This application is registered already.")]
    if not session.document_problems():
        return [Text("The set of documents is complete and valid: register the application.")]
    if not str(session.value("applicant_surname") or "").strip():
        return [Text("Enter the applicant's name: the slip is made out to the applicant.")]
    return []


def _not_ready(session: IntakeSession) -> list[Text]:
    messages = [problem.message for _key, problem in session.blocking_problems()]
    if messages:
        messages.insert(0, Text("Correct the fields marked in red before registering."))
    if session.document_problems():
        messages.append(Text("The set of documents is incomplete or has expired documents: "
                             "refuse to accept it and print the slip instead."))
    return messages


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).astimezone()


def register(context: IntakeContext, session: IntakeSession, lang: str,
             now: dt.datetime | None = None) -> RegistrationResult:
    """Number, journal, deadlines, coupon: the application is registered and read-only."""
    if session.read_only:
        raise IntakeNotReadyError([Text("This application is registered already.")])
    messages = _not_ready(session)
    if messages:
        raise IntakeNotReadyError(messages)
    moment = _now(now)
    day = session.application_date
    deadlines = deadlines_for(context, session, moment)
    db = context.db
    with db.session() as s:
        _not_registered_yet(s, session)
        number = allocate_registration_number(s, context.office.code, day.year,
                                              marker=service_marker(session.service),
                                              service=session.service)
        app = replace(session.to_application(), application_id="",
                      registration_number=str(number), family_registration_number=str(number))
        app = store_application(s, app, status=CaseStatus.REGISTERED,
                                actor_id=context.staff_id, node=db.node_id)
        record = s.get(ApplicationRecord, app.application_id)
        assert record is not None
        record.registration_year, record.registration_seq = number.year, number.seq
        record.registered_on, record.registered_at = day, moment
        record.registered_by, record.due_date = context.staff_id, deadlines.service_due
        _journal(s, app.application_id, CaseStatus.REGISTERED, moment, context, db.node_id)
        transfer_due = _transfer(s, context, session, app, deadlines, db.node_id)
        write_draft(s, session, node=db.node_id, staff_id=context.staff_id)
        close_draft(s, session.draft_id, app.application_id)
        registration = Registration(str(number), moment, deadlines.service_due, context.staff,
                                    context.office_info, session.documents_count())
        coupon = render_coupon(app, registration, lang) if session.service == ASP else \
            render_service_coupon(app, registration, service_of(session.service).title,
                                  lang)
        append_audit(s, action="application.register", table_name="applications",
                     record_id=app.application_id, actor_id=context.staff_id,
                     node=db.node_id, fields=["registration_number", "status"])
        log_print(s, DocumentKind.COUPON, app.application_id, lang,
                  actor_id=context.staff_id, node=db.node_id)
    session.application_id = app.application_id
    session.registration_number = str(number)
    session.read_only = True
    return RegistrationResult(app, str(number), moment, deadlines.service_due, deadlines,
                              coupon, transfer_due)


def _not_registered_yet(s: Session, session: IntakeSession) -> None:
    """A draft is registered once: a second call (a double click, a second window on the same
    draft) is refused with the number it was given."""
    draft = s.get(DraftRecord, session.draft_id) if session.draft_id else None
    if draft is None or draft.status != REGISTERED_DRAFT:
        return
    number = s.scalar(select(ApplicationRecord.registration_number).where(
        ApplicationRecord.id == draft.application_id)) or ""
    raise IntakeDoneAlreadyError([Text("This application is registered already: number "
                                       "{number}.", number=number)])


def _refused_already(s: Session, app: Application, day: dt.date,
                     note: str) -> ApplicationRecord | None:
    """The refusal of the same family on the same day for the same documents, if one was
    registered: it is registered once, however often the button is pressed."""
    try:
        head: FamilyMember | None = app.applicant_member
    except KeyError:
        head = None
    a, j = ApplicationRecord, JournalEntryRecord
    return s.scalars(select(a).join(j, j.application_id == a.id).where(
        a.status == CaseStatus.REFUSED_INTAKE.value, a.registered_on == day,
        a.applicant_iin == (head.iin if head else ""),
        a.applicant_name == (head.name.full if head else ""),
        j.status == CaseStatus.REFUSED_INTAKE.value, j.note == note).limit(1)).first()


def _journal(s: Session, application_id: str, status: CaseStatus, moment: dt.datetime,
             context: IntakeContext, node: str, note: str = "") -> None:
    s.add(JournalEntryRecord(application_id=application_id, at=moment, status=status.value,
                             previous_status=CaseStatus.DRAFT.value,
                             staff_id=context.staff_id, note=note, origin_node=node or None))


def _transfer(s: Session, context: IntakeContext, session: IntakeSession, app: Application,
              deadlines: Deadlines, node: str) -> dt.date | None:
    """At an akimat, the application joins the register of documents for the district.

    The hand-over is due on the schedule's ``transfer_to_office`` step; a schedule without
    that step (the Social Code's, whose step terms are not known) gives the service's own
    due date as the latest day."""
    if session.channel is not Channel.AKIM:
        return None
    due = next((step.due for step in deadlines.steps if step.step == "transfer_to_office"),
               deadlines.service_due)
    s.add(TransferRecord(application_id=app.application_id,
                         sender_office_code=context.office.code,
                         registration_number=app.registration_number,
                         added_on=session.application_date, transfer_due=due,
                         sheets=session.documents_count(), origin_node=node or None))
    return due


def refuse_intake(context: IntakeContext, session: IntakeSession, lang: str,
                  now: dt.datetime | None = None) -> RefusalResult:
    """The refusal slip for missing or expired documents; the draft stays open."""
    problems = refusal_problems(session)
    if problems:
        raise IntakeNotReadyError(problems)
    issues = tuple(session.document_problems())
    moment = _now(now)
    db = context.db
    note = ", ".join(f"{i.document}:{i.problem}" for i in issues)
    with db.session() as s:
        app = replace(session.to_application(), application_id="", registration_number="",
                      family_registration_number="")
        earlier = _refused_already(s, app, session.application_date, note)
        if earlier is not None:
            at = earlier.registered_at.astimezone() if earlier.registered_at else moment
            raise IntakeDoneAlreadyError([Text(
                "The refusal to accept these documents was registered already today at "
                "{time}; print its slip again from the Documents menu.",
                time=at.strftime("%H:%M"))])
        app = store_application(s, app, status=CaseStatus.REFUSED_INTAKE,
                                actor_id=context.staff_id, node=db.node_id)
        record = s.get(ApplicationRecord, app.application_id)
        assert record is not None
        record.registered_on, record.registered_at = session.application_date, moment
        _journal(s, app.application_id, CaseStatus.REFUSED_INTAKE, moment, context,
                 db.node_id, note)
        write_draft(s, session, node=db.node_id, staff_id=context.staff_id).refused_at = moment
        refusal = IntakeRefusal(
            office=context.office_info,
            documents=tuple(RefusedDocument(i.name, DocumentProblem(i.problem), i.expired_on)
                            for i in issues),
            employee=context.staff, date=session.application_date, executor=context.staff,
            service="" if session.service == ASP else service_of(session.service).title)
        slip = render_refusal_slip(app, refusal, lang)
        append_audit(s, action="application.refuse_intake", table_name="applications",
                     record_id=app.application_id, actor_id=context.staff_id,
                     node=db.node_id, fields=["status"])
        log_print(s, DocumentKind.REFUSAL_SLIP, app.application_id, lang,
                  actor_id=context.staff_id, node=db.node_id)
    return RefusalResult(app, issues, slip)
