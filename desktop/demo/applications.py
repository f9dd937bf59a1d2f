"""Plain generated applications for tests and benchmarks: one office, the full set of documents,
members of invented people whose IINs the caller makes (checksum-valid, never real)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from desktop.domain.iban import make_kz_iban
from desktop.domain.model import (
    Address,
    Applicant,
    Application,
    BankAccount,
    Channel,
    CommissionConclusion,
    DocumentKind,
    FamilyMember,
    IncomeEntry,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Sex,
)

REGION = "karaganda"
FULL_SET = (
    DocumentKind.APPLICATION, DocumentKind.IDENTITY_DOCUMENT, DocumentKind.FAMILY_COMPOSITION,
    DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION,
    DocumentKind.RESIDENCE_REGISTRATION,
)
_IBAN = make_kz_iban("601", "0000000012345")


def documents(kinds: Iterable[DocumentKind] = FULL_SET) -> tuple[PresentedDocument, ...]:
    """Each kind presented once, its original shown."""
    return tuple(PresentedDocument(kind, original_shown=True) for kind in kinds)


def member(member_id: str, relationship: Relationship, birth_date: dt.date,
           sex: Sex = Sex.FEMALE, *, iin: str, **changes: Any) -> FamilyMember:
    """A member named after its key (``Тестоваm1 Айгүл Сериковна``)."""
    return FamilyMember(
        member_id=member_id,
        name=PersonName(f"Тестова{member_id}", "Айгүл", "Сериковна"),
        relationship=relationship,
        iin=iin,
        birth_date=birth_date,
        sex=sex,
        **changes,
    )


def application(members: list[FamilyMember], day: dt.date, incomes: Iterable[IncomeEntry] = (),
                channel: Channel = Channel.DISTRICT_OFFICE, region: str = REGION,
                **changes: Any) -> Application:
    """An application received by a district office of ``region`` on ``day``, the first
    member its applicant, with every document and the commission's survey of that day."""
    values: dict[str, Any] = {
        "application_date": day,
        "channel": channel,
        "office": Office("KAR-01", region, "Актогайский район"),
        "applicant": Applicant(
            members[0].member_id, Address(region, "Актогайский район", "Актогай", "Бокейхана", "7"),
            "87001234567", None, BankAccount("Тест банк", _IBAN),
        ),
        "members": tuple(members),
        "incomes": tuple(incomes),
        "documents": documents(),
        "commission": CommissionConclusion(survey_date=day),
    }
    values.update(changes)
    return Application(**values)
