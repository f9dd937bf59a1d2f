"""A case's result document: chosen, filled, rendered, issued and logged.

A service of the catalogue declares its result documents (``results:``) with their printed
form and where each blank is filled from (``desktop.formspec.result_form.BLANK_SOURCES``).
Here a case gets its result (the first whose ``when`` the case meets: its decision's outcome,
its application's details), each blank its value from the case, and the document is rendered
by ``desktop.printing.result_document``. Every print is logged as the print log's ``result``
document, so a reprint is stamped as a duplicate like every other document.

:func:`issue_result` is the one-sitting end of a short service: the issue step of the case's
path, the document made and its print logged, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.catalog import ASP, catalogue_index
from desktop.catalog.model import ResultDocument
from desktop.domain.case_path import Action, available_actions
from desktop.domain.case_status import CaseStatus
from desktop.domain.disability import UNIT_LABELS, ProgrammeEntry
from desktop.domain.model import Application
from desktop.domain.parameters import Parameters
from desktop.domain.roles import OfficeKind
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.i18n import LANGUAGES, format_date, format_money, render
from desktop.parameters.store import load_parameters
from desktop.printing.records import Staff, Wording
from desktop.printing.result_document import ResultFacts, render_result
from desktop.printing.words import full_address
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import _office, latest_decision
from desktop.services.case_state import CaseNotFoundError, facts_of, peek_state
from desktop.services.cases import CaseService
from desktop.services.certificates import _head
from desktop.services.disabilities import disability_in
from desktop.services.print_log import DocumentKind, log_print, times_printed
from desktop.services.service_paths import case_path
from desktop.services.service_paths import service as service_of
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    DecisionRecord,
    OfficeRecord,
)
from desktop.storage.repositories.applications import get_application

__all__ = [
    "ISSUING_ACTIONS",
    "RESULT",
    "IssuedResult",
    "ResultNotReadyError",
    "case_result",
    "has_own_result",
    "issue_offered",
    "issue_result",
    "record_result_print",
    "render_case_result",
    "result_document",
    "result_title",
    "workstation_issuer",
]

RESULT = DocumentKind.RESULT
# The steps that hand a result over: its date is the day of the first of them.
ISSUING_ACTIONS = (Action.ISSUE_RESULT, Action.ISSUE_NOTIFICATION, Action.SEND_RESULT)
# A case whose result exists: decided, or issued at once.
_HAS_RESULT = frozenset({CaseStatus.ASSIGNED.value, CaseStatus.REFUSED.value,
                         CaseStatus.SENT_TO_AKIM.value, CaseStatus.DELIVERED.value,
                         CaseStatus.TERMINATED.value})
UNEMPLOYED_REGISTRATION = "unemployed_registration"  # the service whose decision says since when
_REGISTERED_UNEMPLOYED = (CaseStatus.ASSIGNED.value, CaseStatus.SENT_TO_AKIM.value,
                          CaseStatus.DELIVERED.value)


class ResultNotReadyError(ValueError):
    """The case's result cannot be made (yet); ``message`` says why, for the user."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


@dataclass(frozen=True, slots=True)
class IssuedResult:
    """A result document made for a case, in one language."""

    application_id: str
    registration_number: str
    lang: str
    pdf: bytes
    duplicate: bool
    title: LocalizedText  # the form's heading, as the print dialog names the document
    file_stem: str  # "AKT-01-2026-BS-000001-result": no name of the family in it


def _record(s: Session, application_id: str) -> ApplicationRecord:
    record = s.get(ApplicationRecord, application_id)
    if record is None:
        raise CaseNotFoundError(application_id)
    return record


def case_result(s: Session, record: ApplicationRecord,
                app: Application | None = None) -> ResultDocument | None:
    """The result document this case gets (None for АСП, whose notification is its own
    printout, or a case its service gives none)."""
    if record.service == ASP:
        return None
    final = latest_decision(s, record.id, "final")
    details = (app or get_application(s, record.id)).details
    found = service_of(record.service).result_for(final.outcome if final else None, details)
    return found if found is not None and found.form is not None else None


def result_title(s: Session, record: ApplicationRecord) -> LocalizedText | None:
    """The heading of the case's result once it exists (decided or issued); else None."""
    if record.status not in _HAS_RESULT:
        return None
    result = case_result(s, record)
    return result.form.heading if result is not None and result.form is not None else None


def workstation_issuer(s: Session, record: ApplicationRecord) -> CurrentUser:
    """The office of this workstation as the issuer of a document printed from the Documents
    menu (where the decision or the result is issued), without a person."""
    from desktop.services.workstation import OFFICE_KEY
    from desktop.storage.settings import read_setting

    office_id = read_setting(s, OFFICE_KEY) or record.office_id
    office = s.get(OfficeRecord, office_id) if office_id else None
    if office is None:
        raise ResultNotReadyError(Text("Set up the workstation's office and operator first."))
    return CurrentUser(None, "", "", frozenset(), office.id, office.code,
                       OfficeKind(office.kind), office.district, None)


def _issue_day(s: Session, record: ApplicationRecord, today: dt.date) -> dt.date:
    """The day the result was handed over (a reprint keeps its dates), today before that."""
    day = s.scalar(select(CaseEventRecord.on_date).where(
        CaseEventRecord.application_id == record.id,
        CaseEventRecord.action.in_([a.value for a in ISSUING_ACTIONS]))
        .order_by(CaseEventRecord.at).limit(1))
    return day or today


def _unemployed_since(s: Session, record: ApplicationRecord) -> dt.date:
    """The day of the head's decision registering the applicant as unemployed (the journal's
    latest registration of the unemployed for the same IIN that stands)."""
    a, d = ApplicationRecord, DecisionRecord
    day = s.scalar(select(d.decided_on).join(a, a.id == d.application_id).where(
        a.service == UNEMPLOYED_REGISTRATION, a.applicant_iin == record.applicant_iin,
        a.status.in_(_REGISTERED_UNEMPLOYED), d.stage == "final", d.outcome == "assigned")
        .order_by(d.decided_on.desc()).limit(1))
    if day is None:
        raise ResultNotReadyError(Text(
            "The journal holds no registration of this applicant as unemployed (IIN {iin}): "
            "register them first ({service}), then issue the certificate.",
            iin=record.applicant_iin, service=service_of(UNEMPLOYED_REGISTRATION).short_title))
    return day


def _quantity(entry: ProgrammeEntry, lang: str) -> str:
    number = entry.quantity.normalize()
    digits = f"{number:f}" if number != number.to_integral() else str(int(number))
    said = f"{digits.replace('.', ',')} {render(UNIT_LABELS[entry.unit], lang)}"
    if entry.until is not None:
        said += f" ({render(Text('until {date}', date=format_date(entry.until)), lang)})"
    return said


def _programme_items(s: Session, record: ApplicationRecord) -> Wording:
    """The items of the person's rehabilitation programme that the case's service provides
    (its ``programme_items``), each with its quantity, unit and term, from the person's
    disability record; without one, the notification is not made and the desk is told to
    enter the programme first."""
    entry = service_of(record.service)
    items = entry.programme_items
    disability = disability_in(s, record.applicant_iin)
    found = disability.entries_of({i.id for i in items}) if disability is not None else ()
    if not found:
        raise ResultNotReadyError(Text(
            "The rehabilitation programme of this person (IIN {iin}) holds none of the items "
            "{service} provides: enter them in the person's disability record (Cases → "
            "Persons with disabilities…), then print the notification.",
            iin=record.applicant_iin, service=entry.short_title))
    titles = {item.id: item.title for item in items}
    return _both(lambda lang: "; ".join(
        f"{titles[e.item].text(lang)} — {_quantity(e, lang)}" for e in found))


def _both(make: Callable[[str], str]) -> LocalizedText:
    kk, ru = (make(lang) for lang in LANGUAGES)
    return LocalizedText(kk, ru)


def _choice_label(record: ApplicationRecord, app: Application, detail: str,
                  missing: Text) -> Wording:
    """The label of the choice the application made for ``details.<detail>``."""
    value = str(app.details.get(detail, ""))
    for form in catalogue_index().forms(record.service).values():  # its own sheets only
        for field in form.fields():
            if field.binding == f"details.{detail}":
                choice = field.choice(value)
                if choice is not None:
                    return choice.label
    raise ResultNotReadyError(missing)


def _referral_kind(record: ApplicationRecord, app: Application) -> Wording:
    return _choice_label(record, app, "referral_kind",
                         Text("The application names no kind of referral."))


def _residence_years(app: Application) -> Wording:
    start, end = app.details.get("residence_from"), app.details.get("residence_to")
    if not isinstance(start, int) or not isinstance(end, int):
        raise ResultNotReadyError(Text("The application states no years of residence."))
    return Text("from {start} to {end} inclusive", start=str(start), end=str(end))


def _values(s: Session, record: ApplicationRecord, app: Application, result: ResultDocument,
            issuer: CurrentUser, day: dt.date, parameters: Parameters | None
            ) -> dict[str, Wording]:
    """Each blank of the result's form, from its declared source."""
    assert result.form is not None
    member = app.applicant_member
    final = latest_decision(s, record.id, "final")

    def decision() -> DecisionRecord:
        if final is None:
            raise ResultNotReadyError(Text("The head has not decided on this application "
                                           "yet."))
        return final

    def value(source: str) -> Wording:
        if source == "applicant.name":
            return member.name.full
        if source == "applicant.iin":
            return member.iin
        if source == "applicant.birth_date":
            return format_date(member.birth_date)
        if source == "applicant.address":
            return _both(lambda lang: full_address(app.applicant.address, lang))
        if source == "office.name":
            return _office(s, issuer).name
        if source == "registration.number":
            return record.registration_number or ""
        if source == "registration.date":
            return format_date(record.registered_on)
        if source == "issue.date":
            return format_date(day)
        if source == "validity.end":
            assert result.validity_working_days is not None
            calendar = (parameters or load_parameters()).calendar
            return format_date(calendar.add_working_days(day, result.validity_working_days))
        if source == "referral.kind":
            return _referral_kind(record, app)
        if source == "unemployed.since":
            return format_date(_unemployed_since(s, record))
        if source == "residence.zone":
            return _choice_label(record, app, "residence_zone", Text(
                "The application names no zone of residence."))
        if source == "residence.years":
            return _residence_years(app)
        if source == "certificate.original":
            return str(app.details.get("original_certificate_number") or "").strip() or "—"
        if source == "disability.items":
            return _programme_items(s, record)
        row = decision()
        if source == "decision.date":
            return format_date(row.decided_on)
        if source == "decision.amount":
            return _both(lambda lang: format_money(row.monthly_amount, lang))
        if source == "decision.period":
            if row.period_start is None or row.period_end is None:
                raise ResultNotReadyError(Text("The head's decision on this application "
                                               "states no period."))
            return Text("from {start} to {end}", start=format_date(row.period_start),
                        end=format_date(row.period_end))
        if source == "decision.grounds":
            return row.note.strip() or "—"
        raise ValueError(f"unknown blank source {source!r}")  # the catalogue checks them

    return {name: value(source) for name, source in result.form.blanks.items()}


def _facts(s: Session, record: ApplicationRecord, app: Application, result: ResultDocument,
           issuer: CurrentUser, today: dt.date, parameters: Parameters | None) -> ResultFacts:
    day = _issue_day(s, record, today)
    final = latest_decision(s, record.id, "final")
    head = Staff(final.decided_by_name) if final is not None else _head(s, issuer)
    executor_name = peek_state(s, record).executor_name or issuer.full_name
    return ResultFacts(record.registration_number or "", day, _office(s, issuer), head,
                       Staff(executor_name) if executor_name else None,
                       _values(s, record, app, result, issuer, day, parameters))


def render_case_result(s: Session, record: ApplicationRecord, app: Application,
                       issuer: CurrentUser, lang: str, duplicate: bool, today: dt.date,
                       parameters: Parameters | None) -> tuple[bytes, LocalizedText]:
    """The case's result rendered in ``lang`` (not logged), and its heading."""
    result = case_result(s, record, app)
    if result is None or result.form is None:
        raise ResultNotReadyError(Text("This service gives no result document for this "
                                       "application."))
    facts = _facts(s, record, app, result, issuer, today, parameters)
    return render_result(app, result.form, facts, lang, duplicate), result.form.heading


def _make(s: Session, record: ApplicationRecord, issuer: CurrentUser, lang: str,
          today: dt.date, parameters: Parameters | None, *, log: bool, node: str,
          actor_id: str | None, to_file: bool | None = None) -> IssuedResult:
    duplicate = times_printed(s, RESULT, record.id) > 0
    pdf, heading = render_case_result(s, record, get_application(s, record.id), issuer,
                                      lang, duplicate, today, parameters)
    if log:
        log_print(s, RESULT, record.id, lang, actor_id=actor_id, node=node,
                  force_duplicate=duplicate, to_file=to_file)
    number = record.registration_number or ""
    return IssuedResult(record.id, number, lang, pdf, duplicate, heading, f"{number}-{RESULT}")


def result_document(db: Database, application_id: str, user: CurrentUser | None, lang: str,
                    *, log: bool, today: dt.date | None = None,
                    parameters: Parameters | None = None, to_file: bool | None = None
                    ) -> IssuedResult:
    """The case's result in ``lang``, issued by ``user``'s office (None: this workstation's);
    ``log``: the print goes to the print log (a reprint is stamped as a duplicate)."""
    day = today or dt.date.today()
    with db.session() as s:
        record = _record(s, application_id)
        if record.status not in _HAS_RESULT:
            raise ResultNotReadyError(Text("The result of this application is not issued "
                                           "yet."))
        issuer = user or workstation_issuer(s, record)
        return _make(s, record, issuer, lang, day, parameters, log=log, node=db.node_id,
                     actor_id=user.actor_id if user else db.acting_staff_id, to_file=to_file)


def record_result_print(db: Database, application_id: str, user: CurrentUser | None,
                        lang: str, *, to_file: bool | None = None) -> bool:
    """Log a print of the result the preview showed; True if it was a duplicate."""
    with db.session() as s:
        record = _record(s, application_id)
        if record.status not in _HAS_RESULT or case_result(s, record) is None:
            raise ResultNotReadyError(Text("The result of this application is not issued "
                                           "yet."))
        return log_print(s, RESULT, application_id, lang,
                         actor_id=user.actor_id if user else db.acting_staff_id,
                         node=db.node_id, to_file=to_file)


def has_own_result(db: Database, application_id: str) -> bool:
    """Whether the case's result is its service's own document (every service but АСП,
    whose notification is its own printout)."""
    with db.session() as s:
        return _record(s, application_id).service != ASP


def issue_offered(db: Database, application_id: str, user: CurrentUser) -> bool:
    """Whether ``user`` may issue the case's result at once now (the issue step of its
    path, from ``registered``: a certificate or a referral given in one sitting)."""
    with db.session() as s:
        record = _record(s, application_id)
        path = case_path(record.service)
        if Action.ISSUE_RESULT not in path.actions():
            return False
        facts = facts_of(record, peek_state(s, record))
        return bool(available_actions(user.actor, facts, (Action.ISSUE_RESULT,), path))


def issue_result(cases: CaseService, user: CurrentUser, application_id: str, lang: str,
                 action: Action = Action.ISSUE_RESULT) -> IssuedResult:
    """Take the issue step of the case's path and make its result, in one transaction: the
    case is closed (``delivered``), the document made and its print logged as the original;
    a second call finds the step taken and changes nothing."""
    made: list[IssuedResult] = []

    def apply(s: Session, record: ApplicationRecord, _state: object) -> dict[str, object]:
        issued = _make(s, record, user, lang, cases.today(), cases.parameters, log=True,
                       node=cases.db.node_id, actor_id=user.actor_id)
        made.append(issued)
        return {"result_language": (None, lang)}

    cases.step(user, application_id, action, apply=apply)
    return made[0]
