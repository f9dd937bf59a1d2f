"""Print a stored application's document: render it, log the print, mark reprints as duplicates.

Every print of a document for an application goes through :func:`print_document` (or, inside a
transaction that already holds the application, :func:`log_print`): one audit row
``print.<kind>`` per print, with the operator, the time, and ``changes`` holding the language
and whether it was a duplicate. A document printed once already for an application is
printed again with the ТЕЛНҰСҚА / ДУБЛИКАТ stamp, whoever prints it and in whichever language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.catalog import ASP
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import Application, short_name
from desktop.domain.parameters import Parameters
from desktop.domain.text import Text
from desktop.formspec.model import FormSpec, LocalizedText
from desktop.printing.records import (
    Decision,
    DocumentProblem,
    IntakeRefusal,
    JournalEntry,
    OfficeInfo,
    RefusedDocument,
    Registration,
    Staff,
)
from desktop.services.accounts import CurrentUser
from desktop.services.print_log import PRINT_ACTION, DocumentKind, log_print, times_printed
from desktop.services.workstation import area_line
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    AuditRecord,
    DecisionRecord,
    JournalEntryRecord,
    OfficeRecord,
    StaffRecord,
)
from desktop.storage.repositories.applications import ApplicationNotFoundError, get_application

__all__ = [
    "DOCUMENTS",
    "DocumentKind",
    "DocumentSpec",
    "NotPrintableError",
    "PrintRecord",
    "PrintSubject",
    "PrintedDocument",
    "application_id_for_number",
    "available_documents",
    "journal_entries",
    "log_print",
    "preview_document",
    "print_document",
    "print_history",
    "print_journal",
    "print_subject",
    "record_journal_print",
    "record_print",
    "refused_intake_for_iin",
    "registration_of",
    "times_printed",
]


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    kind: DocumentKind
    label: Text  # as the print dialog lists it
    registered: bool  # True: needs a registered application; False: a refusal at intake


# The one table of printable documents, in the order the dialog lists them.
DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec(DocumentKind.APPLICATION, Text("Application with the tear-off coupon"), True),
    DocumentSpec(DocumentKind.COUPON, Text("Tear-off coupon"), True),
    DocumentSpec(DocumentKind.FAMILY, Text("Family composition sheet"), True),
    DocumentSpec(DocumentKind.INCOME, Text("Income sheet"), True),
    DocumentSpec(DocumentKind.FARM, Text("Personal subsidiary farm sheet"), True),
    DocumentSpec(DocumentKind.CALCULATION, Text("Calculation sheet"), True),
    DocumentSpec(DocumentKind.PACKET, Text("Whole packet (application, sheets, calculation)"),
                 True),
    DocumentSpec(DocumentKind.NOTIFICATION, Text("Notification of the decision"), True),
    # a service of the catalogue: its certificate, referral or notification (its heading
    # names it in the dialog: PrintSubject.result_title)
    DocumentSpec(DocumentKind.RESULT, Text("Result document of the service"), True),
    DocumentSpec(DocumentKind.REFUSAL_SLIP, Text("Refusal to accept documents (slip)"), False),
)
SPECS: dict[DocumentKind, DocumentSpec] = {spec.kind: spec for spec in DOCUMENTS}


@dataclass(frozen=True, slots=True)
class PrintedDocument:
    kind: DocumentKind
    application_id: str
    registration_number: str  # "" for a refusal at intake
    lang: str
    pdf: bytes
    duplicate: bool
    file_stem: str  # a file name without ".pdf", e.g. "AKT-05-2026-000123-coupon-kk"


@dataclass(frozen=True, slots=True)
class PrintRecord:
    """One logged print of a document (from the audit log)."""

    kind: str
    at: dt.datetime
    actor_name: str
    lang: str
    duplicate: bool


class NotPrintableError(ValueError):
    """This document cannot be printed for this application (``message`` says why)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


@cache
def _forms() -> Mapping[str, FormSpec]:
    from desktop.formspec import load_all

    return load_all()


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time as the desk's wall-clock time, as the coupon prints it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None)


def _office(session: Session, record: ApplicationRecord, app: Application) -> OfficeInfo:
    office = session.get(OfficeRecord, record.office_id) if record.office_id else None
    return OfficeInfo(
        name=LocalizedText(office.name_kk, office.name_ru) if office else app.office.name,
        address=LocalizedText(office.address_kk, office.address_ru) if office else "",
        phone=office.phone if office else "",
        area=area_line(app.office.locality, app.office.district),
        code=app.office.code)


def _staff(session: Session, staff_id: str | None, *, short: bool = False) -> Staff | None:
    """The person as printed; ``short``: surname and initials, as the coupon writes them."""
    staff = session.get(StaffRecord, staff_id) if staff_id else None
    if staff is None:
        return None
    return Staff(short_name(staff.full_name) if short else staff.full_name, staff.position)


def registration_of(session: Session, record: ApplicationRecord,
                  app: Application) -> Registration:
    """The registration facts of a registered application, as its coupon prints them."""
    assert record.registered_at is not None
    registered_at = _local(record.registered_at)
    return Registration(
        number=record.registration_number or "", registered_at=registered_at,
        due_date=record.due_date or registered_at.date(),
        accepted_by=_staff(session, record.registered_by, short=True) or Staff(""),
        office=_office(session, record, app), documents_count=len(app.documents),
        family_number=app.family_registration_number)


def _refusal(session: Session, record: ApplicationRecord, app: Application) -> IntakeRefusal:
    """The slip as it was made at intake: the journal entry names the refused documents."""
    entry = session.execute(
        select(JournalEntryRecord).where(
            JournalEntryRecord.application_id == record.id,
            JournalEntryRecord.status == CaseStatus.REFUSED_INTAKE.value)
        .order_by(JournalEntryRecord.at.desc()).limit(1)).scalar_one_or_none()
    documents = _forms()["documents"]
    expiry = {str(d.kind): d.expiry_date for d in app.documents}
    refused: list[RefusedDocument] = []
    for item in (entry.note if entry else "").split(", "):
        kind, _sep, problem = item.partition(":")
        if not kind or not problem:
            continue
        refused.append(RefusedDocument(documents.document(kind).slip_name,
                                       DocumentProblem(problem),
                                       expiry.get(kind) if problem == "expired" else None))
    employee = _staff(session, entry.staff_id if entry else None, short=True) or Staff("")
    day = record.registered_on or app.application_date
    return IntakeRefusal(office=_office(session, record, app), documents=tuple(refused),
                         employee=employee, date=day, executor=employee)


def _record(session: Session, application_id: str) -> ApplicationRecord:
    record = session.get(ApplicationRecord, application_id)
    if record is None:
        raise ApplicationNotFoundError(application_id)
    return record


def _is_registered(record: ApplicationRecord) -> bool:
    return record.registered_at is not None and bool(record.registration_number)


def _final_decision(session: Session, application_id: str) -> DecisionRecord | None:
    from desktop.services.case_decisions import latest_decision

    return latest_decision(session, application_id, "final")


def _kinds_for(session: Session, record: ApplicationRecord) -> list[DocumentKind]:
    if record.status == CaseStatus.REFUSED_INTAKE.value:
        return [DocumentKind.REFUSAL_SLIP]
    if not _is_registered(record):
        return []
    if record.service != ASP:
        # its coupon, and its result once decided or issued; АСП's sheets are not its own
        from desktop.services.results import result_title

        has_result = result_title(session, record) is not None
        return [DocumentKind.COUPON, *([DocumentKind.RESULT] if has_result else [])]
    decided = _final_decision(session, record.id) is not None
    return [spec.kind for spec in DOCUMENTS if spec.registered
            and spec.kind is not DocumentKind.RESULT  # АСП's result is its notification
            and (decided or spec.kind is not DocumentKind.NOTIFICATION)]


def _decision(session: Session, record: ApplicationRecord) -> Decision:
    """The head's latest decision as its notification prints it, signed for the office of
    this workstation (where the decision is issued), the case's executor named, as the case
    window prints it (``case_decisions.notification_document``; the same print log kind)."""
    from desktop.services.case_decisions import notification_facts
    from desktop.services.case_state import peek_state

    row = _final_decision(session, record.id)
    if row is None:
        raise NotPrintableError(Text("No decision has been made on this application yet."))
    issuer = _issuer(session, record)
    return notification_facts(session, row, issuer, peek_state(session, record).executor_name)


def _issuer(session: Session, record: ApplicationRecord) -> CurrentUser:
    """This workstation's office, issuing what the Documents menu prints."""
    from desktop.services.results import ResultNotReadyError, workstation_issuer

    try:
        return workstation_issuer(session, record)
    except ResultNotReadyError as error:
        raise NotPrintableError(error.message) from error


def available_documents(db: Database, application_id: str) -> list[DocumentKind]:
    """The documents this application can print, in the order of :data:`DOCUMENTS`."""
    with db.session() as session:
        return _kinds_for(session, _record(session, application_id))


def application_id_for_number(db: Database, number: str) -> str | None:
    """The id of the application with this registration number (any letter case)."""
    with db.session() as session:
        found: str | None = session.execute(select(ApplicationRecord.id).where(
            func.upper(ApplicationRecord.registration_number) == number.strip().upper())
        ).scalar_one_or_none()
        return found


def _render(kind: DocumentKind, session: Session, record: ApplicationRecord, app: Application,
            lang: str, duplicate: bool, parameters: Parameters | None,
            executor: Staff | None) -> bytes:
    from desktop.printing.application import render_application
    from desktop.printing.calculation import render_calculation
    from desktop.printing.coupon import render_coupon
    from desktop.printing.family_sheet import render_family_sheet
    from desktop.printing.farm_sheet import render_farm_sheet
    from desktop.printing.income_sheet import render_income_sheet
    from desktop.printing.notification import render_notification
    from desktop.printing.packet import render_packet
    from desktop.printing.refusal_slip import render_refusal_slip

    if kind is DocumentKind.REFUSAL_SLIP:
        return render_refusal_slip(app, _refusal(session, record, app), lang, duplicate)
    if kind is DocumentKind.NOTIFICATION:
        return render_notification(app, _decision(session, record), lang, duplicate)
    if kind is DocumentKind.RESULT:
        from desktop.services.results import ResultNotReadyError, render_case_result

        try:
            return render_case_result(session, record, app, _issuer(session, record), lang,
                                      duplicate, dt.date.today(), parameters)[0]
        except ResultNotReadyError as error:
            raise NotPrintableError(error.message) from error
    registration = registration_of(session, record, app)
    if kind is DocumentKind.APPLICATION:
        return render_application(app, registration, lang, duplicate)
    if kind is DocumentKind.COUPON and record.service != ASP:  # that service's own coupon
        from desktop.printing.service_coupon import render_service_coupon
        from desktop.services.service_paths import service

        return render_service_coupon(app, registration, service(record.service).title, lang,
                                     duplicate)
    if kind is DocumentKind.COUPON:
        return render_coupon(app, registration, lang, duplicate)
    if kind is DocumentKind.FAMILY:
        return render_family_sheet(app, lang, duplicate)
    if kind is DocumentKind.INCOME:
        return render_income_sheet(app, lang, duplicate)
    if kind is DocumentKind.FARM:
        return render_farm_sheet(app, lang, duplicate)
    from desktop.domain.assessment import assess
    from desktop.parameters.store import load_parameters

    assessment = assess(app, parameters or load_parameters(), validate=False)
    if kind is DocumentKind.CALCULATION:
        return render_calculation(app, assessment, lang, duplicate, executor)
    return render_packet(app, registration, assessment, lang, duplicate, executor)


def print_document(db: Database, kind: DocumentKind | str, application_id: str, lang: str,
                   actor_id: str | None = None, *, parameters: Parameters | None = None,
                   force_duplicate: bool = False, to_file: bool | None = None
                   ) -> PrintedDocument:
    """Render ``kind`` for the stored application and log the print, in one transaction.

    Raises ``NotPrintableError`` when the application has no such document (a refusal slip
    for a registered application, a coupon for a refused one), ``ApplicationNotFoundError``,
    and ``desktop.domain.issues.DomainError`` when the calculation lacks a parameter (nothing
    is logged then).
    """
    return _make(db, DocumentKind(kind), application_id, lang, actor_id, parameters,
                 force_duplicate, log=True, to_file=to_file)


def preview_document(db: Database, kind: DocumentKind | str, application_id: str, lang: str,
                     actor_id: str | None = None, *, parameters: Parameters | None = None
                     ) -> PrintedDocument:
    """The document as the next print would give it (duplicate stamp included), not logged:
    for an on-screen preview only, never for paper or a file."""
    return _make(db, DocumentKind(kind), application_id, lang, actor_id, parameters, False,
                 log=False)


def _make(db: Database, kind: DocumentKind, application_id: str, lang: str,
          actor_id: str | None, parameters: Parameters | None, force_duplicate: bool, *,
          log: bool, to_file: bool | None = None) -> PrintedDocument:
    with db.session() as session:
        record = _record(session, application_id)
        if kind not in _kinds_for(session, record):
            if kind is DocumentKind.NOTIFICATION and _is_registered(record):
                raise NotPrintableError(Text("No decision has been made on this application "
                                             "yet."))
            raise NotPrintableError(Text("This document cannot be printed for this "
                                         "application."))
        app = get_application(session, application_id)
        duplicate = force_duplicate or times_printed(session, kind, application_id) > 0
        executor = _staff(session, actor_id)
        pdf = _render(kind, session, record, app, lang, duplicate, parameters, executor)
        if log:
            log_print(session, kind, application_id, lang, actor_id=actor_id,
                      node=db.node_id, force_duplicate=duplicate, to_file=to_file)
        number = record.registration_number or ""
    stem = "-".join(p for p in (number or "refusal", str(kind), lang) if p)
    return PrintedDocument(kind, application_id, number, lang, pdf, duplicate, stem)


def record_print(db: Database, kind: DocumentKind | str, application_id: str, lang: str,
                 actor_id: str | None = None, *, to_file: bool | None = None) -> bool:
    """Log a print of a document rendered before by :func:`preview_document` (the preview
    window prints the very PDF it shows); True if it was a duplicate."""
    kind = DocumentKind(kind)
    with db.session() as session:
        if kind not in _kinds_for(session, _record(session, application_id)):
            raise NotPrintableError(Text("This document cannot be printed for this "
                                         "application."))
        return log_print(session, kind, application_id, lang, actor_id=actor_id,
                         node=db.node_id, to_file=to_file)


@dataclass(frozen=True, slots=True)
class PrintSubject:
    """What the print dialog shows about an application before anything is printed."""

    application_id: str
    registration_number: str
    applicant_name: str
    kinds: tuple[DocumentKind, ...]
    printed: Mapping[str, int]  # document kind -> times printed so far
    result_title: LocalizedText | None = None  # the heading of the service's result document

    def label(self, spec: DocumentSpec, lang: str) -> str:
        """How the dialog names a document: the result by its own heading."""
        from desktop.i18n import render

        if spec.kind is DocumentKind.RESULT and self.result_title is not None:
            return self.result_title.text(lang)
        return render(spec.label, lang)


def print_subject(db: Database, application_id: str) -> PrintSubject:
    with db.session() as session:
        record = _record(session, application_id)
        counts = dict(session.execute(
            select(AuditRecord.action, func.count()).where(
                AuditRecord.record_id == application_id,
                AuditRecord.action.startswith(PRINT_ACTION))
            .group_by(AuditRecord.action)).all())
        kinds = tuple(_kinds_for(session, record))
        title = None
        if DocumentKind.RESULT in kinds:
            from desktop.services.results import result_title

            title = result_title(session, record)
        return PrintSubject(
            application_id, record.registration_number or "", record.applicant_name, kinds,
            {action.removeprefix(PRINT_ACTION): int(n) for action, n in counts.items()},
            title)


def print_history(db: Database, application_id: str) -> list[PrintRecord]:
    """Every logged print of this application's documents, oldest first."""
    import json

    with db.session() as session:
        rows = session.execute(
            select(AuditRecord.action, AuditRecord.at, AuditRecord.changes, StaffRecord.full_name)
            .outerjoin(StaffRecord, StaffRecord.id == AuditRecord.actor_id)
            .where(AuditRecord.record_id == application_id,
                   AuditRecord.action.startswith(PRINT_ACTION))
            .order_by(AuditRecord.seq)).all()
    history = []
    for action, at, changes, name in rows:
        values = json.loads(changes or "{}")
        history.append(PrintRecord(
            kind=action.removeprefix(PRINT_ACTION), at=at, actor_name=name or "",
            lang=str((values.get("language") or [None, ""])[1] or ""),
            duplicate=bool((values.get("duplicate") or [None, False])[1])))
    return history


def refused_intake_for_iin(db: Database, iin: str) -> str | None:
    """The id of the latest application refused at intake whose applicant has this IIN."""
    with db.session() as session:
        found: str | None = session.execute(
            select(ApplicationRecord.id).where(
                ApplicationRecord.applicant_iin == iin.strip(),
                ApplicationRecord.status == CaseStatus.REFUSED_INTAKE.value)
            .order_by(ApplicationRecord.application_date.desc(),
                      ApplicationRecord.created_at.desc()).limit(1)).scalar_one_or_none()
        return found


JOURNAL_KIND = "journal"


def _result(row: DecisionRecord | None, status: str) -> Text | str:
    """The journal's result column: the head's decision once made, not repeating the status
    ("assigned" beside the status "assigned" says the amount only)."""
    from desktop.i18n import format_money

    if row is None:
        return ""
    amount = format_money(row.monthly_amount)
    if row.outcome == "assigned":
        return (Text("{amount} a month", amount=amount) if status == CaseStatus.ASSIGNED.value
                else Text("assigned: {amount} a month", amount=amount))
    if row.outcome == status:  # refused, terminated: the status says it
        return ""
    return Text("refused") if row.outcome == "refused" else Text("terminated")


def journal_entries(session: Session, start: dt.date, end: dt.date) -> list[JournalEntry]:
    """The applications registered from ``start`` to ``end`` (inclusive), as the journal
    prints them: registration, status and the decision's result."""
    from desktop.domain.case_status import status_label

    records = session.execute(
        select(ApplicationRecord).where(
            ApplicationRecord.registered_on >= start, ApplicationRecord.registered_on <= end,
            ApplicationRecord.registration_number.is_not(None))
        .order_by(ApplicationRecord.registered_at, ApplicationRecord.registration_number)
    ).scalars().all()
    entries = []
    for record in records:
        if not _is_registered(record):
            continue
        app = get_application(session, record.id)
        entries.append(JournalEntry(app, registration_of(session, record, app),
                                    status_label(record.status),
                                    _result(_final_decision(session, record.id),
                                            record.status)))
    return entries


def _workstation_office(session: Session) -> OfficeInfo:
    from desktop.services.workstation import OFFICE_KEY
    from desktop.storage.settings import read_setting

    office_id = read_setting(session, OFFICE_KEY)
    office = session.get(OfficeRecord, office_id) if office_id else None
    if office is None:
        raise NotPrintableError(Text("Set up the workstation's office and operator first."))
    return OfficeInfo(
        name=LocalizedText(office.name_kk or office.name_ru, office.name_ru or office.name_kk),
        address=LocalizedText(office.address_kk, office.address_ru)
        if office.address_kk or office.address_ru else "",
        phone=office.phone, code=office.code)


def _period(start: dt.date, end: dt.date) -> str:
    if end < start:
        raise NotPrintableError(Text("The period ends before it starts."))
    return f"{start.isoformat()}/{end.isoformat()}"


def print_journal(db: Database, start: dt.date, end: dt.date, lang: str,
                  actor_id: str | None = None, *, force_duplicate: bool = False,
                  log: bool = True, to_file: bool | None = None) -> tuple[bytes, bool, int]:
    """The applications journal of the period, logged as ``print.journal`` with the period
    ``start/end`` as its record; printed again for the same period it is a duplicate.
    Returns the PDF, whether it is a duplicate, and how many applications it lists.
    ``log=False``: what the next print would be, for the preview (then
    :func:`record_journal_print` logs what the preview printed)."""
    from desktop.printing.journal import render_journal

    period = _period(start, end)
    with db.session() as session:
        office = _workstation_office(session)
        entries = journal_entries(session, start, end)
        duplicate = force_duplicate or times_printed(session, JOURNAL_KIND, period) > 0
        if log:
            log_print(session, JOURNAL_KIND, period, lang, actor_id=actor_id,
                      node=db.node_id, force_duplicate=duplicate, table_name="journal",
                      to_file=to_file)
        pdf = render_journal(entries, office, start, end, lang, duplicate)
    return pdf, duplicate, len(entries)


def record_journal_print(db: Database, start: dt.date, end: dt.date, lang: str,
                         actor_id: str | None = None, *, to_file: bool | None = None) -> bool:
    """Log a print of the journal the preview showed; True if it was a duplicate."""
    period = _period(start, end)
    with db.session() as session:
        return log_print(session, JOURNAL_KIND, period, lang, actor_id=actor_id,
                         node=db.node_id, table_name="journal", to_file=to_file)
