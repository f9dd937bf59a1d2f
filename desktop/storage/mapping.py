"""Conversion between the domain ``Application`` and its ORM records (no session work here)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import Any, TypeVar

from desktop.domain import model as m
from desktop.domain.quarters import Quarter
from desktop.domain.service_details import normalized
from desktop.storage.ids import new_id
from desktop.storage.models import (
    ApplicationRecord,
    DocumentRecord,
    IncomeRecord,
    LandRecord,
    LivestockRecord,
    MemberRecord,
    PriorEventRecord,
    RepresentativeRecord,
)
from desktop.storage.textkeys import member_name_key, name_keys

E = TypeVar("E", bound=StrEnum)
_ADDRESS_FIELDS = ("region", "district", "locality", "street", "house", "flat")


def _enum(kind: type[E], value: str | None) -> E | None:
    return None if value is None else kind(value)


def _join(values: Any) -> str:
    return ",".join(sorted(str(v) for v in values))


def _split(kind: Callable[[str], E], value: str) -> list[E]:
    return [kind(v) for v in value.split(",") if v]


def _is_uuid(value: str) -> bool:
    try:
        return len(value) == 36 and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def with_storage_ids(app: m.Application) -> m.Application:
    """The application with a UUIDv7 for itself and for every member id that is not a UUID yet;
    references to members (applicant, incomes, documents, prior events) follow the new ids."""
    mapping = {
        member.member_id: member.member_id if _is_uuid(member.member_id) else new_id()
        for member in app.members
    }
    if len(mapping) != len(app.members):
        raise ValueError("two family members share one member_id")

    def ref(member_id: str) -> str:
        return mapping.get(member_id, member_id)

    return replace(
        app,
        application_id=app.application_id if _is_uuid(app.application_id) else new_id(),
        applicant=replace(app.applicant, member_id=ref(app.applicant.member_id)),
        members=tuple(replace(x, member_id=mapping[x.member_id]) for x in app.members),
        incomes=tuple(replace(x, member_id=ref(x.member_id)) for x in app.incomes),
        documents=tuple(replace(x, member_id=ref(x.member_id)) for x in app.documents),
        prior_events=tuple(replace(x, member_id=ref(x.member_id)) for x in app.prior_events),
    )


# --- domain -> records -------------------------------------------------------------------------


def _address_columns(prefix: str, address: m.Address | None) -> dict[str, str | None]:
    return {
        f"{prefix}_{name}": (None if address is None else getattr(address, name))
        for name in _ADDRESS_FIELDS
    }


def _id_doc_columns(doc: m.IdentityDocument | None) -> dict[str, Any]:
    if doc is None:
        return {
            "id_doc_kind": None, "id_doc_number": "", "id_doc_series": "", "id_doc_issuer": "",
            "id_doc_issue_date": None, "id_doc_expiry_date": None,
        }
    return {
        "id_doc_kind": doc.kind.value, "id_doc_number": doc.number, "id_doc_series": doc.series,
        "id_doc_issuer": doc.issuer, "id_doc_issue_date": doc.issue_date,
        "id_doc_expiry_date": doc.expiry_date,
    }


def family_size(app: m.Application) -> int:
    """Members counted in the family (those excluded under art. 120 p.5 are not)."""
    return sum(1 for member in app.members if member.excluded is None)


def application_columns(app: m.Application) -> dict[str, Any]:
    """The scalar columns of ``applications`` for ``app`` (ids must be storage ids)."""
    applicant = app.applicant
    address = applicant.address
    bank = applicant.bank_account
    commission = app.commission
    try:
        head = app.applicant_member
    except KeyError:
        head = None
    name = head.name.full if head else ""
    columns: dict[str, Any] = {
        "office_code": app.office.code,
        "office_region": app.office.region,
        "office_district": app.office.district,
        "office_locality": app.office.locality,
        "office_name": app.office.name,
        "application_date": app.application_date,
        "channel": app.channel.value,
        "registration_number": app.registration_number or None,
        "family_registration_number": app.family_registration_number,
        "applicant_member_id": applicant.member_id or None,
        **{f"applicant_{k}": getattr(address, k) for k in _ADDRESS_FIELDS},
        "applicant_phone": applicant.phone,
        "applicant_occupation": applicant.occupation,
        **_id_doc_columns(applicant.identity_document),
        "bank_name": bank.bank_name if bank else None,
        "bank_iban": bank.iban if bank else "",
        "bank_account_type": bank.account_type.value if bank else m.AccountType.CARD.value,
        "consent_personal_data": app.consents.personal_data,
        "consent_income_reconciliation": app.consents.income_reconciliation,
        "consent_protected_information": app.consents.protected_information,
        "commission_recorded": commission is not None,
        "commission_survey_date": commission.survey_date if commission else None,
        "commission_survey_refused": commission.survey_refused if commission else False,
        "commission_need_confirmed": commission.need_confirmed if commission else True,
        "commission_no_need_criteria": (
            ",".join(c.value for c in commission.no_need_criteria) if commission else ""
        ),
        "commission_note": commission.note if commission else "",
        "applicant_name": name,
        "applicant_iin": head.iin if head else "",
        "family_size": family_size(app),
        **name_keys(name),
        "service": app.service,
        "service_details": json.dumps(normalized(app.details), ensure_ascii=False,
                                      sort_keys=True) if app.details else "{}",
    }
    return columns


def member_columns(member: m.FamilyMember, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "surname": member.name.surname,
        "first_name": member.name.first_name,
        "patronymic": member.name.patronymic,
        "relationship_": member.relationship.value,
        "iin": member.iin,
        "birth_date": member.birth_date,
        "sex": member.sex.value if member.sex else None,
        **_address_columns("reg", member.registered_address),
        **_address_columns("act", member.actual_address),
        "residence_status": member.residence_status.value,
        "disability": member.disability.value if member.disability else None,
        "statuses": _join(member.statuses),
        "excluded": member.excluded.value if member.excluded else None,
        "absence": member.absence.value if member.absence else None,
        "place_of_work_or_study": member.place_of_work_or_study,
        "unemployment_certificate": member.unemployment_certificate,
        "name_fold": member_name_key(member.name.surname, member.name.first_name,
                                     member.name.patronymic),
    }


def income_columns(income: m.IncomeEntry, position: int) -> dict[str, Any]:
    return {
        "position": position,
        "member_id": income.member_id,
        "kind": income.kind.value,
        "amount": income.amount,
        "quarter": str(income.quarter),
        "evidence": income.evidence.value,
        "source": income.source.value,
        "month": income.month,
        "payer": income.payer,
        "note": income.note,
    }


def livestock_columns(item: m.LivestockHolding, position: int) -> dict[str, Any]:
    return {
        "position": position, "kind": item.kind.value, "heads": item.heads,
        "age_years": item.age_years, "working_animal": item.working_animal,
    }


def land_columns(item: m.LandHolding, position: int) -> dict[str, Any]:
    return {
        "position": position, "kind": item.kind.value, "area_m2": item.area_m2,
        "year_issued": item.year_issued,
    }


def document_columns(doc: m.PresentedDocument, position: int) -> dict[str, Any]:
    return {
        "position": position, "kind": doc.kind.value, "member_id": doc.member_id or None,
        "title": doc.title, "number": doc.number, "issue_date": doc.issue_date,
        "expiry_date": doc.expiry_date, "original_shown": doc.original_shown,
        "copy_taken": doc.copy_taken, "sheets": doc.sheets,
        "from_state_systems": doc.from_state_systems,
    }


def prior_event_columns(event: m.PriorEvent, position: int) -> dict[str, Any]:
    return {
        "position": position, "kind": event.kind.value, "date": event.date,
        "member_id": event.member_id, "note": event.note,
    }


def representative_columns(rep: m.Representative) -> dict[str, Any]:
    return {
        "surname": rep.name.surname, "first_name": rep.name.first_name,
        "patronymic": rep.name.patronymic, "iin": rep.iin, **_id_doc_columns(rep.identity_document),
        "phone": rep.phone, "poa_number": rep.power_of_attorney_number,
        "poa_date": rep.power_of_attorney_date, "poa_notary": rep.power_of_attorney_notary,
        "poa_valid_until": rep.power_of_attorney_valid_until,
    }


def _set(record: Any, values: dict[str, Any]) -> list[str]:
    """Assign the values that differ; returns the names of the changed attributes."""
    changed = []
    for name, value in values.items():
        if getattr(record, name, None) != value:
            setattr(record, name, value)
            changed.append(name)
    return changed


def apply_application(
    app: m.Application, record: ApplicationRecord, origin_node: str | None = None
) -> list[str]:
    """Write ``app`` (with storage ids, see :func:`with_storage_ids`) into ``record``.

    Members are updated in place by id so their ids stay stable; incomes, holdings, documents
    and earlier events are replaced as lists. Returns the names of what changed, for the audit.
    """
    changed = _set(record, application_columns(app))
    by_id = {member.id: member for member in record.members}
    members = []
    for position, member in enumerate(app.members):
        row = by_id.get(member.member_id)
        if row is None:
            row = MemberRecord(id=member.member_id, origin_node=origin_node)
        if _set(row, member_columns(member, position)):
            changed.append(f"members.{member.member_id}")
        members.append(row)
    if [r.id for r in record.members] != [r.id for r in members]:
        changed.append("members")
    record.members = members

    def rebuild(attr: str, kind: type, items: Any, columns: Callable[..., dict[str, Any]]) -> None:
        new = [columns(item, i) for i, item in enumerate(items)]
        current = getattr(record, attr)
        same = len(current) == len(new) and all(
            all(getattr(r, k) == v for k, v in row.items())
            for r, row in zip(current, new, strict=True)
        )
        if not same:
            setattr(
                record,
                attr,
                [kind(application_id=record.id, origin_node=origin_node, **row) for row in new],
            )
            changed.append(attr)

    rebuild("incomes", IncomeRecord, app.incomes, income_columns)
    rebuild("livestock", LivestockRecord, app.livestock, livestock_columns)
    rebuild("land", LandRecord, app.land, land_columns)
    rebuild("documents", DocumentRecord, app.documents, document_columns)
    rebuild("prior_events", PriorEventRecord, app.prior_events, prior_event_columns)

    if app.representative is None:
        if record.representative is not None:
            record.representative = None
            changed.append("representative")
    else:
        values = representative_columns(app.representative)
        if record.representative is None:
            record.representative = RepresentativeRecord(origin_node=origin_node, **values)
            changed.append("representative")
        elif _set(record.representative, values):
            changed.append("representative")
    return changed


# --- records -> domain -------------------------------------------------------------------------


def _address(record: Any, prefix: str) -> m.Address | None:
    values = {name: getattr(record, f"{prefix}_{name}") for name in _ADDRESS_FIELDS}
    if all(value is None for value in values.values()):
        return None
    return m.Address(**{k: v or "" for k, v in values.items()})


def _id_doc(record: Any) -> m.IdentityDocument | None:
    if record.id_doc_kind is None:
        return None
    return m.IdentityDocument(
        kind=m.IdentityDocumentKind(record.id_doc_kind),
        number=record.id_doc_number,
        issuer=record.id_doc_issuer,
        issue_date=record.id_doc_issue_date,
        expiry_date=record.id_doc_expiry_date,
        series=record.id_doc_series,
    )


def _member(row: MemberRecord) -> m.FamilyMember:
    return m.FamilyMember(
        member_id=row.id,
        name=m.PersonName(row.surname, row.first_name, row.patronymic),
        relationship=m.Relationship(row.relationship_),
        iin=row.iin,
        birth_date=row.birth_date,
        sex=_enum(m.Sex, row.sex),
        registered_address=_address(row, "reg"),
        actual_address=_address(row, "act"),
        residence_status=m.ResidenceStatus(row.residence_status),
        disability=_enum(m.DisabilityGroup, row.disability),
        statuses=frozenset(_split(m.MemberStatus, row.statuses)),
        excluded=_enum(m.ExclusionReason, row.excluded),
        absence=_enum(m.AbsenceReason, row.absence),
        place_of_work_or_study=row.place_of_work_or_study,
        unemployment_certificate=row.unemployment_certificate,
    )


def _representative(row: RepresentativeRecord | None) -> m.Representative | None:
    if row is None:
        return None
    return m.Representative(
        name=m.PersonName(row.surname, row.first_name, row.patronymic),
        iin=row.iin,
        identity_document=_id_doc(row),
        phone=row.phone,
        power_of_attorney_number=row.poa_number,
        power_of_attorney_date=row.poa_date,
        power_of_attorney_notary=row.poa_notary,
        power_of_attorney_valid_until=row.poa_valid_until,
    )


def to_domain(record: ApplicationRecord) -> m.Application:
    """The domain application held by ``record`` and its child records."""
    r = record
    commission = None
    if r.commission_recorded:
        commission = m.CommissionConclusion(
            survey_date=r.commission_survey_date,
            survey_refused=r.commission_survey_refused,
            need_confirmed=r.commission_need_confirmed,
            no_need_criteria=tuple(_split(m.NoNeedCriterion, r.commission_no_need_criteria)),
            note=r.commission_note,
        )
    bank = None
    if r.bank_name is not None:
        bank = m.BankAccount(r.bank_name, r.bank_iban, m.AccountType(r.bank_account_type))
    return m.Application(
        application_id=r.id,
        application_date=r.application_date,
        channel=m.Channel(r.channel),
        office=m.Office(
            code=r.office_code,
            region=r.office_region,
            district=r.office_district,
            locality=r.office_locality,
            name=r.office_name,
        ),
        applicant=m.Applicant(
            member_id=r.applicant_member_id or "",
            address=m.Address(**{k: getattr(r, f"applicant_{k}") for k in _ADDRESS_FIELDS}),
            phone=r.applicant_phone,
            identity_document=_id_doc(r),
            bank_account=bank,
            occupation=r.applicant_occupation,
        ),
        members=tuple(_member(row) for row in r.members),
        incomes=tuple(
            m.IncomeEntry(
                member_id=i.member_id,
                kind=m.IncomeKind(i.kind),
                amount=i.amount,
                quarter=Quarter.parse(i.quarter),
                evidence=m.IncomeEvidence(i.evidence),
                source=m.IncomeSource(i.source),
                month=i.month,
                payer=i.payer,
                note=i.note,
            )
            for i in r.incomes
        ),
        livestock=tuple(
            m.LivestockHolding(m.LivestockKind(x.kind), x.heads, x.age_years, x.working_animal)
            for x in r.livestock
        ),
        land=tuple(m.LandHolding(m.LandKind(x.kind), x.area_m2, x.year_issued) for x in r.land),
        documents=tuple(
            m.PresentedDocument(
                kind=m.DocumentKind(d.kind),
                member_id=d.member_id or "",
                title=d.title,
                number=d.number,
                issue_date=d.issue_date,
                expiry_date=d.expiry_date,
                original_shown=d.original_shown,
                copy_taken=d.copy_taken,
                sheets=d.sheets,
                from_state_systems=d.from_state_systems,
            )
            for d in r.documents
        ),
        representative=_representative(r.representative),
        commission=commission,
        prior_events=tuple(
            m.PriorEvent(m.PriorEventKind(e.kind), e.date, e.member_id, e.note)
            for e in r.prior_events
        ),
        consents=m.Consents(
            personal_data=r.consent_personal_data,
            income_reconciliation=r.consent_income_reconciliation,
            protected_information=r.consent_protected_information,
        ),
        registration_number=r.registration_number or "",
        family_registration_number=r.family_registration_number,
        service=r.service or "asp",
        details=_details(r.service_details),
    )


def _details(text: str | None) -> dict[str, Any]:
    """The stored service data; a value that is not a JSON object (a record damaged
    elsewhere) reads as none rather than stopping the application from opening."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
