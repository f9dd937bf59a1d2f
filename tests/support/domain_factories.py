"""Generated test data: applications with checksum-valid IINs of invented people, parameters."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from desktop.demo import applications
from desktop.demo.applications import FULL_SET, REGION, application, documents
from desktop.domain.iin import make_iin
from desktop.domain.model import FamilyMember, IncomeEntry, IncomeKind, Relationship, Sex
from desktop.domain.parameters import Parameters, parse_parameters
from desktop.domain.quarters import Quarter
from desktop.parameters.store import read_documents, shipped_dir

__all__ = ["FULL_SET", "REGION", "application", "documents", "iin_for", "member",
           "monthly_income", "parameters", "shipped_documents"]

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
    """A member with an IIN no other member of the tests has."""
    return applications.member(member_id, relationship, birth_date, sex,
                               iin=iin_for(birth_date, sex), **changes)


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
