"""Generated test data: applications with checksum-valid IINs of invented people, parameters."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from desktop.domain.iban import make_kz_iban
from desktop.domain.iin import make_iin
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
    IncomeKind,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Sex,
)
from desktop.domain.parameters import Parameters, parse_parameters
from desktop.domain.quarters import Quarter
from desktop.parameters.store import read_documents, shipped_dir

REGION = "karaganda"
_serials = itertools.count(1)
_SHIPPED: dict[str, Any] | None = None


def iin_for(birth_date: dt.date, sex: Sex) -> str:
    """A valid IIN; the serial runs on so two calls never give the same number."""
    while True:
        try:
            return make_iin(birth_date, sex, next(_serials) % 10_000)
        except ValueError:
            continue


def member(member_id: str, relationship: Relationship, birth_date: dt.date,
           sex: Sex = Sex.FEMALE, **changes: Any) -> FamilyMember:
    return FamilyMember(
        member_id=member_id,
        name=PersonName(f"Тестова{member_id}", "Айгүл", "Сериковна"),
        relationship=relationship,
        iin=iin_for(birth_date, sex),
        birth_date=birth_date,
        sex=sex,
        **changes,
    )


FULL_SET = (
    DocumentKind.APPLICATION, DocumentKind.IDENTITY_DOCUMENT, DocumentKind.FAMILY_COMPOSITION,
    DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION,
    DocumentKind.RESIDENCE_REGISTRATION,
)


def documents(kinds: Iterable[DocumentKind] = FULL_SET) -> tuple[PresentedDocument, ...]:
    return tuple(PresentedDocument(kind, original_shown=True) for kind in kinds)


def application(members: list[FamilyMember], day: dt.date, incomes: Iterable[IncomeEntry] = (),
                channel: Channel = Channel.DISTRICT_OFFICE, region: str = REGION,
                **changes: Any) -> Application:
    values: dict[str, Any] = {
        "application_date": day,
        "channel": channel,
        "office": Office("KAR-01", region, "Актогайский район"),
        "applicant": Applicant(
            members[0].member_id, Address(region, "Актогайский район", "Актогай", "Бокейхана", "7"),
            "87001234567", None,
            BankAccount("Тест банк", make_kz_iban("601", "0000000012345")),
        ),
        "members": tuple(members),
        "incomes": tuple(incomes),
        "documents": documents(),
        "commission": CommissionConclusion(survey_date=day),
    }
    values.update(changes)
    return Application(**values)


def monthly_income(member_id: str, quarter: Quarter, tenge_a_month: int,
                   kind: IncomeKind = IncomeKind.EMPLOYMENT, **changes: Any) -> list[IncomeEntry]:
    return [IncomeEntry(member_id, kind, tenge_a_month * 100, quarter, month=m, **changes)
            for m in quarter.months]


def shipped_documents() -> dict[str, Any]:
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = read_documents(shipped_dir())
    return dict(_SHIPPED)


def parameters(lines: dict[tuple[str, str], str | int] | None = None,
               farm: dict[str, Any] | None = None, rules: dict[str, Any] | None = None,
               ) -> Parameters:
    """Shipped parameters plus an overlay with the given poverty lines (region, "YYYY-Qn")."""
    overlay: dict[str, Any] = {}
    if lines:
        overlay["poverty_lines"] = {"poverty_lines": [
            {"region": region, "quarter": quarter, "amount": amount, "source": "test"}
            for (region, quarter), amount in lines.items()]}
    if farm is not None:
        overlay["farm_norms"] = farm
    if rules is not None:
        overlay["rules"] = rules
    return parse_parameters(shipped_documents(), overlay)
