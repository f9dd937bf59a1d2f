"""The JSON interchange format of one application (docs/interchange.md), both ways.

``application_from_json`` reads a loaded JSON object into an ``Application`` and reports every
wrong field with its JSON pointer; ``application_to_json`` writes it back (export, sync);
``assessment_to_json`` writes an assessment with its trace, texts rendered by the caller.
Field names are those of ``model.py``, so a pointer from the validation points into the file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import Any

from desktop.domain.assessment import OUTCOME_TEXTS, Assessment
from desktop.domain.issues import InvalidApplicationError, Issue
from desktop.domain.model import (
    AbsenceReason,
    AccountType,
    Address,
    Applicant,
    Application,
    BankAccount,
    Channel,
    CommissionConclusion,
    Consents,
    DisabilityGroup,
    DocumentKind,
    ExclusionReason,
    FamilyMember,
    IdentityDocument,
    IdentityDocumentKind,
    IncomeEntry,
    IncomeEvidence,
    IncomeKind,
    IncomeSource,
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    MemberStatus,
    NoNeedCriterion,
    Office,
    PersonName,
    PresentedDocument,
    PriorEvent,
    PriorEventKind,
    Relationship,
    Representative,
    ResidenceStatus,
    Sex,
)
from desktop.domain.money import Money, tenge
from desktop.domain.quarters import Quarter
from desktop.domain.reader import NUMBER_LIMIT, Reader, pointer_join
from desktop.domain.service_details import normalized
from desktop.domain.service_rules import ServiceAssessment
from desktop.domain.text import Text
from desktop.domain.trace import TraceStep

SERVICE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FORMAT = "komek.application"
ASSESSMENT_FORMAT = "komek.assessment"
VERSION = 1

Renderer = Callable[[Text], str]


def application_from_json(document: Any) -> Application:
    """An ``Application`` from a loaded JSON document, or ``InvalidApplicationError``."""
    reader = Reader()
    data = reader.object(document, "")
    if reader.issues:
        raise InvalidApplicationError(reader.issues)
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        reader.problem("/format", Text("“{value}” is not one of: {choices}.", value=fmt,
                                       choices=FORMAT), "input.format")
    version = data.get("version", VERSION)
    if version != VERSION:
        reader.problem("/version", Text(
            "Format version {version} is not supported; this program reads version {supported}.",
            version=version, supported=VERSION), "input.version")
    reader.no_other_keys(data, "", {
        "format", "version", "application_id", "registration_number",
        "family_registration_number", "application_date", "channel", "office", "applicant",
        "representative", "members", "incomes", "livestock", "land", "documents",
        "commission", "prior_events", "consents", "service", "details"})
    day = reader.date(data, "application_date", "", required=True)
    channel = reader.choice(data, "channel", "", Channel, required=True)
    office = _office(reader, reader.object(data.get("office"), "/office"), "/office") \
        if "office" in data else None
    if office is None:
        reader.problem("/office", Text("This field is required."), "input.required")
    applicant = _applicant(reader, reader.object(data.get("applicant"), "/applicant"),
                           "/applicant") if "applicant" in data else None
    if applicant is None:
        reader.problem("/applicant", Text("This field is required."), "input.required")
    representative = None
    if data.get("representative") is not None:
        representative = _representative(
            reader, reader.object(data["representative"], "/representative"), "/representative")
    members = reader.each(data, "members", "", _member)
    if "members" not in data:
        reader.problem("/members", Text("This field is required."), "input.required")
    incomes = reader.each(data, "incomes", "", _income)
    livestock = reader.each(data, "livestock", "", _livestock)
    land = reader.each(data, "land", "", _land)
    documents = reader.each(data, "documents", "", _document)
    commission = None
    if data.get("commission") is not None:
        commission = _commission(reader, reader.object(data["commission"], "/commission"),
                                 "/commission")
    prior_events = reader.each(data, "prior_events", "", _prior_event)
    consents = Consents()
    if data.get("consents") is not None:
        c = reader.object(data["consents"], "/consents")
        reader.no_other_keys(c, "/consents",
                             {"personal_data", "income_reconciliation", "protected_information"})
        consents = Consents(reader.flag(c, "personal_data", "/consents"),
                            reader.flag(c, "income_reconciliation", "/consents"),
                            reader.flag(c, "protected_information", "/consents"))
    service = reader.text(data, "service", "") or "asp"
    if not SERVICE_CODE.match(service):
        reader.problem("/service", Text("“{value}” is not a service code.", value=service[:40]),
                       "input.service")
    details: dict[str, Any] = {}
    if data.get("details") is not None:
        raw_details = reader.object(data["details"], "/details")
        try:
            details = normalized(raw_details)
        except InvalidApplicationError as error:
            reader.issues.extend(error.issues)
    if reader.issues or day is None or channel is None or office is None or applicant is None:
        raise InvalidApplicationError(reader.issues)
    return Application(
        application_date=day,
        channel=channel,
        office=office,
        applicant=applicant,
        members=tuple(members),
        incomes=tuple(incomes),
        livestock=tuple(livestock),
        land=tuple(land),
        documents=tuple(documents),
        representative=representative,
        commission=commission,
        prior_events=tuple(prior_events),
        consents=consents,
        application_id=reader.text(data, "application_id", ""),
        registration_number=reader.text(data, "registration_number", ""),
        family_registration_number=reader.text(data, "family_registration_number", ""),
        service=service,
        details=details,
    )


def _office(reader: Reader, d: dict[str, Any], p: str) -> Office:
    reader.no_other_keys(d, p, {"code", "region", "district", "locality", "name"})
    return Office(reader.text(d, "code", p, required=True), reader.text(d, "region", p,
                  required=True), reader.text(d, "district", p), reader.text(d, "locality", p),
                  reader.text(d, "name", p))


def _name(reader: Reader, d: dict[str, Any], p: str) -> PersonName:
    reader.no_other_keys(d, p, {"surname", "first_name", "patronymic"})
    return PersonName(reader.text(d, "surname", p, required=True),
                      reader.text(d, "first_name", p, required=True),
                      reader.text(d, "patronymic", p))


def _address(reader: Reader, d: dict[str, Any], p: str) -> Address:
    reader.no_other_keys(d, p, {"region", "district", "locality", "street", "house", "flat"})
    return Address(*(reader.text(d, key, p) for key in
                     ("region", "district", "locality", "street", "house", "flat")))


def _optional_address(reader: Reader, d: dict[str, Any], key: str, p: str) -> Address | None:
    if d.get(key) is None:
        return None
    where = pointer_join(p, key)
    return _address(reader, reader.object(d[key], where), where)


def _identity(reader: Reader, d: dict[str, Any], key: str, p: str) -> IdentityDocument | None:
    if d.get(key) is None:
        return None
    where = pointer_join(p, key)
    doc = reader.object(d[key], where)
    reader.no_other_keys(doc, where, {"kind", "number", "issuer", "issue_date", "expiry_date",
                                      "series"})
    kind = reader.choice(doc, "kind", where, IdentityDocumentKind, required=True,
                         default=IdentityDocumentKind.OTHER)
    return IdentityDocument(kind or IdentityDocumentKind.OTHER,
                            reader.text(doc, "number", where, required=True),
                            reader.text(doc, "issuer", where),
                            reader.date(doc, "issue_date", where),
                            reader.date(doc, "expiry_date", where),
                            reader.text(doc, "series", where))


def _applicant(reader: Reader, d: dict[str, Any], p: str) -> Applicant:
    reader.no_other_keys(d, p, {"member_id", "address", "phone", "identity_document",
                                "bank_account", "occupation"})
    bank = None
    if d.get("bank_account") is not None:
        where = f"{p}/bank_account"
        b = reader.object(d["bank_account"], where)
        reader.no_other_keys(b, where, {"bank_name", "iban", "account_type"})
        bank = BankAccount(reader.text(b, "bank_name", where),
                           reader.text(b, "iban", where, required=True),
                           reader.choice(b, "account_type", where, AccountType,
                                         default=AccountType.CARD) or AccountType.CARD)
    return Applicant(
        member_id=reader.text(d, "member_id", p, required=True),
        address=_optional_address(reader, d, "address", p) or Address(),
        phone=reader.text(d, "phone", p),
        identity_document=_identity(reader, d, "identity_document", p),
        bank_account=bank,
        occupation=reader.text(d, "occupation", p),
    )


def _representative(reader: Reader, d: dict[str, Any], p: str) -> Representative:
    reader.no_other_keys(d, p, {"name", "iin", "identity_document", "phone",
                                "power_of_attorney_number", "power_of_attorney_date",
                                "power_of_attorney_notary", "power_of_attorney_valid_until"})
    return Representative(
        name=_name(reader, reader.object(d.get("name"), f"{p}/name"), f"{p}/name"),
        iin=reader.text(d, "iin", p),
        identity_document=_identity(reader, d, "identity_document", p),
        phone=reader.text(d, "phone", p),
        power_of_attorney_number=reader.text(d, "power_of_attorney_number", p),
        power_of_attorney_date=reader.date(d, "power_of_attorney_date", p),
        power_of_attorney_notary=reader.text(d, "power_of_attorney_notary", p),
        power_of_attorney_valid_until=reader.date(d, "power_of_attorney_valid_until", p),
    )


def _member(reader: Reader, d: dict[str, Any], p: str) -> FamilyMember | None:
    reader.no_other_keys(d, p, {
        "member_id", "name", "relationship", "iin", "birth_date", "sex", "registered_address",
        "actual_address", "residence_status", "disability", "statuses", "excluded", "absence",
        "place_of_work_or_study", "unemployment_certificate"})
    relationship = reader.choice(d, "relationship", p, Relationship, required=True)
    if "name" not in d:
        reader.problem(f"{p}/name", Text("This field is required."), "input.required")
    name = _name(reader, reader.object(d.get("name", {}), f"{p}/name"), f"{p}/name")
    if relationship is None:
        return None
    return FamilyMember(
        member_id=reader.text(d, "member_id", p, required=True),
        name=name,
        relationship=relationship,
        iin=reader.text(d, "iin", p),
        birth_date=reader.date(d, "birth_date", p),
        sex=reader.choice(d, "sex", p, Sex),
        registered_address=_optional_address(reader, d, "registered_address", p),
        actual_address=_optional_address(reader, d, "actual_address", p),
        residence_status=reader.choice(d, "residence_status", p, ResidenceStatus,
                                       default=ResidenceStatus.CITIZEN)
        or ResidenceStatus.CITIZEN,
        disability=reader.choice(d, "disability", p, DisabilityGroup),
        statuses=frozenset(reader.choices(d, "statuses", p, MemberStatus)),
        excluded=reader.choice(d, "excluded", p, ExclusionReason),
        absence=reader.choice(d, "absence", p, AbsenceReason),
        place_of_work_or_study=reader.text(d, "place_of_work_or_study", p),
        unemployment_certificate=reader.text(d, "unemployment_certificate", p),
    )


def read_amount(reader: Reader, d: dict[str, Any], key: str, p: str) -> int:
    """An amount in tenge: a JSON number with at most two decimals or a string ``"123.45"``."""
    value = d.get(key)
    where = pointer_join(p, key)
    if value is None:
        reader.problem(where, Text("This field is required."), "input.required")
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        reader.problem(where, Text("An amount in tenge is expected here."), "input.type")
        return 0
    try:
        tiyn = tenge(repr(value) if isinstance(value, float) else value)
    except (ValueError, ZeroDivisionError):
        reader.problem(where, Text(
            "An amount in tenge with at most two decimals is expected here."), "input.amount")
        return 0
    if abs(tiyn) >= NUMBER_LIMIT * 100:
        reader.problem(where, Text("The amount must be less than {limit} tenge.",
                                   limit=NUMBER_LIMIT), "input.range")
        return 0
    return tiyn


def _income(reader: Reader, d: dict[str, Any], p: str) -> IncomeEntry | None:
    reader.no_other_keys(d, p, {"member_id", "kind", "amount", "quarter", "evidence", "source",
                                "month", "payer", "note"})
    kind = reader.choice(d, "kind", p, IncomeKind, required=True)
    quarter = reader.quarter(d, "quarter", p, required=True)
    amount = read_amount(reader, d, "amount", p)
    month = reader.integer(d, "month", p, default=0, minimum=1) if "month" in d else 0
    if kind is None or quarter is None:
        return None
    return IncomeEntry(
        member_id=reader.text(d, "member_id", p, required=True),
        kind=kind,
        amount=amount,
        quarter=quarter,
        evidence=reader.choice(d, "evidence", p, IncomeEvidence,
                               default=IncomeEvidence.DOCUMENTED) or IncomeEvidence.DOCUMENTED,
        source=reader.choice(d, "source", p, IncomeSource, default=IncomeSource.GENERAL)
        or IncomeSource.GENERAL,
        month=month or None,
        payer=reader.text(d, "payer", p),
        note=reader.text(d, "note", p),
    )


def _livestock(reader: Reader, d: dict[str, Any], p: str) -> LivestockHolding | None:
    reader.no_other_keys(d, p, {"kind", "heads", "age_years", "working_animal"})
    kind = reader.choice(d, "kind", p, LivestockKind, required=True)
    heads = reader.integer(d, "heads", p, required=True)
    age = reader.integer(d, "age_years", p)
    if kind is None:
        return None
    return LivestockHolding(kind, heads, age, reader.flag(d, "working_animal", p))


def _land(reader: Reader, d: dict[str, Any], p: str) -> LandHolding | None:
    reader.no_other_keys(d, p, {"kind", "area_m2", "year_issued"})
    kind = reader.choice(d, "kind", p, LandKind, required=True)
    area = reader.integer(d, "area_m2", p)
    year = reader.integer(d, "year_issued", p, minimum=1900) if "year_issued" in d else None
    if kind is None:
        return None
    return LandHolding(kind, area, year)


def _document(reader: Reader, d: dict[str, Any], p: str) -> PresentedDocument | None:
    reader.no_other_keys(d, p, {"kind", "member_id", "title", "number", "issue_date",
                                "expiry_date", "original_shown", "copy_taken", "sheets",
                                "from_state_systems"})
    kind = reader.choice(d, "kind", p, DocumentKind, required=True)
    document = PresentedDocument(
        kind=kind or DocumentKind.OTHER,
        member_id=reader.text(d, "member_id", p),
        title=reader.text(d, "title", p),
        number=reader.text(d, "number", p),
        issue_date=reader.date(d, "issue_date", p),
        expiry_date=reader.date(d, "expiry_date", p),
        original_shown=reader.flag(d, "original_shown", p),
        copy_taken=reader.flag(d, "copy_taken", p),
        sheets=reader.integer(d, "sheets", p, default=1),
        from_state_systems=reader.flag(d, "from_state_systems", p),
    )
    return document if kind is not None else None


def _commission(reader: Reader, d: dict[str, Any], p: str) -> CommissionConclusion:
    reader.no_other_keys(d, p, {"survey_date", "survey_refused", "need_confirmed",
                                "no_need_criteria", "note"})
    return CommissionConclusion(
        survey_date=reader.date(d, "survey_date", p),
        survey_refused=reader.flag(d, "survey_refused", p),
        need_confirmed=reader.flag(d, "need_confirmed", p, default=True),
        no_need_criteria=tuple(reader.choices(d, "no_need_criteria", p, NoNeedCriterion)),
        note=reader.text(d, "note", p),
    )


def _prior_event(reader: Reader, d: dict[str, Any], p: str) -> PriorEvent | None:
    reader.no_other_keys(d, p, {"kind", "date", "member_id", "note"})
    kind = reader.choice(d, "kind", p, PriorEventKind, required=True)
    date = reader.date(d, "date", p, required=True)
    if kind is None or date is None:
        return None
    return PriorEvent(kind, date, reader.text(d, "member_id", p), reader.text(d, "note", p))


# --- writing ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Dataclasses, enums, dates and collections as JSON values; empty fields left out."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Quarter):
        return str(value)
    if isinstance(value, frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        result = {}
        for f in fields(value):
            item = getattr(value, f.name)
            if item is None or item == "" or item == () or item == frozenset() or item == {}:
                continue
            result[f.name] = _plain(item)
        return result
    return value


def _tenge_text(tiyn: int) -> str:
    return f"{tiyn // 100}.{tiyn % 100:02d}" if tiyn >= 0 else f"-{_tenge_text(-tiyn)}"


def application_to_json(application: Application) -> dict[str, Any]:
    """The interchange document of an application (amounts as tenge strings)."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    plain = _plain(application)
    for index, entry in enumerate(application.incomes):
        plain["incomes"][index]["amount"] = _tenge_text(entry.amount)
    if plain.get("service") == "asp":
        del plain["service"]  # АСП's files read as they always have
    document.update(plain)
    return document


def _value(value: object, render: Renderer) -> Any:
    if isinstance(value, Text):
        return render(value)
    if isinstance(value, Money):
        return str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool | int | str):
        return value
    return str(value)


def issue_to_json(issue: Issue, render: Renderer) -> dict[str, Any]:
    return {"code": issue.code, "severity": issue.severity.value, "pointer": issue.pointer,
            "message": render(issue.message)}


def assessment_to_json(assessment: Assessment, render: Renderer) -> dict[str, Any]:
    """An assessment with its trace; every text rendered by ``render`` (one language)."""
    line = assessment.poverty_line
    return {
        "format": ASSESSMENT_FORMAT,
        "version": VERSION,
        "outcome": assessment.outcome.value,
        "outcome_text": render(OUTCOME_TEXTS[assessment.outcome]),
        "rule_set": {"id": assessment.rule_set.id, "title": render(assessment.rule_set.title)},
        "application_date": assessment.application_date.isoformat(),
        "application_quarter": str(assessment.application_quarter),
        "income_quarter": str(assessment.income_quarter),
        "members_counted": assessment.members_counted,
        "members_entitled": assessment.members_entitled,
        "family_income_tiyn": assessment.family_income,
        "per_capita_income_tiyn": assessment.per_capita_income,
        "poverty_line_tiyn": line.amount if line else None,
        "eligible_by_income": assessment.eligible,
        "monthly_base_tiyn": assessment.monthly_base,
        "children_supplemented": assessment.children_supplemented,
        "child_supplement_tiyn": assessment.child_supplement,
        "monthly_amount_tiyn": assessment.monthly_amount,
        "period_amount_tiyn": assessment.period_amount,
        "payments": [{"year": p.year, "month": p.month, "amount_tiyn": p.amount}
                     for p in assessment.payments],
        "assistance_type": assessment.assistance_type.value
        if assessment.assistance_type else None,
        "social_contract_required": assessment.social_contract_required,
        "refusals": [
            {"code": g.code.value, "text": render(g.text),
             "legal_reference": render(g.legal_reference),
             "until": g.until.isoformat() if g.until else None}
            for g in assessment.refusals
        ],
        "member_refusals": [
            {"code": g.code.value, "member_id": g.member_id, "text": render(g.text),
             "legal_reference": render(g.legal_reference)}
            for g in assessment.member_refusals
        ],
        "warnings": [issue_to_json(w, render) for w in assessment.warnings],
        "trace": trace_to_json(assessment.trace, render),
    }


def trace_to_json(trace: tuple[TraceStep, ...], render: Renderer) -> list[dict[str, Any]]:
    """Each step of a trace with its figures, texts rendered by ``render``."""
    return [
        {"code": step.code, "title": render(step.title),
         "figures": [{"label": render(f.label), "value": _value(f.value, render)}
                     for f in step.figures],
         "result": render(step.result),
         "legal_reference": render(step.legal_reference)}
        for step in trace
    ]


def service_assessment_to_json(assessment: ServiceAssessment,
                               render: Renderer) -> dict[str, Any]:
    """The decision of a service other than АСП, with its trace, in the language of
    ``render``; the same format as АСП's, with the fields every service has."""
    return {
        "format": ASSESSMENT_FORMAT,
        "version": VERSION,
        "service": assessment.service,
        "outcome": assessment.outcome.value,
        "outcome_text": render(OUTCOME_TEXTS[assessment.outcome]),
        "application_date": assessment.application_date.isoformat(),
        "monthly_amount_tiyn": assessment.monthly_amount,
        "one_time_amount_tiyn": assessment.one_time_amount,
        "period_start": assessment.period_start.isoformat() if assessment.period_start
        else None,
        "period_end": assessment.period_end.isoformat() if assessment.period_end else None,
        "figures": dict(assessment.figures),
        "refusals": [{"code": r.code, "text": render(r.text),
                      "legal_reference": render(r.legal_reference)}
                     for r in assessment.refusals],
        "warnings": [issue_to_json(w, render) for w in assessment.warnings],
        "trace": trace_to_json(assessment.trace, render),
    }


def unreadable_json(message: str, line: int, column: int) -> Issue:
    """The issue for a file that is not JSON at all (the CLI and the import use it)."""
    return Issue("input.json", Text(
        "The file is not valid JSON: {error} (line {line}, column {column}).",
        error=message, line=line, column=column), "")


def unreadable_file(error: str) -> Issue:
    return Issue("input.file", Text("The file cannot be read: {error}", error=error), "")


# One application with a large family and a year of monthly incomes is some tens of kilobytes;
# a file many times larger is not an application, and is refused before it is parsed.
MAX_DOCUMENT_BYTES = 1024 * 1024
# The format itself nests six levels (/members/0/registered_address/region); deeper is not it.
MAX_NESTING = 32


def too_large(size: int) -> Issue:
    return Issue("input.too_large", Text(
        "The file is larger than {limit} KB, more than one application ever takes "
        "({size} bytes).", limit=MAX_DOCUMENT_BYTES // 1024, size=size), "")


def parse_document(data: bytes) -> Any:
    """The JSON value of the bytes of one interchange document, or ``InvalidApplicationError``
    with what is wrong: larger than ``MAX_DOCUMENT_BYTES``, not UTF-8, not JSON, a number of
    more digits than Python reads, or nested deeper than ``MAX_NESTING``."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidApplicationError([too_large(len(data))])
    try:
        text = data.decode("utf-8-sig")  # a byte order mark (Windows Notepad) is allowed
    except UnicodeDecodeError as error:
        raise InvalidApplicationError([Issue("input.encoding", Text(
            "The file is not UTF-8 text: byte {offset} cannot be read.",
            offset=error.start), "")]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidApplicationError([unreadable_json(error.msg, error.lineno, error.colno)]) \
            from None
    except ValueError:  # an integer of more digits than Python converts (sys.int_info)
        raise InvalidApplicationError([Issue("input.number", Text(
            "The file holds a number of more than {digits} digits: no field takes such a "
            "number.", digits=sys.get_int_max_str_digits()), "")]) from None
    except RecursionError:
        raise InvalidApplicationError([too_deep()]) from None
    if _depth_exceeds(document, MAX_NESTING):
        raise InvalidApplicationError([too_deep()])
    return document


def too_deep() -> Issue:
    return Issue("input.nesting", Text(
        "Objects and lists in the file are nested more than {limit} levels deep.",
        limit=MAX_NESTING), "")


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than ``limit`` (walked without recursion)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False
