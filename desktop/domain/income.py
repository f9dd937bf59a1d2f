"""The family's incomes of the income period: counted, excluded by the rule set, or outside."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.issues import Issue
from desktop.domain.model import Application, IncomeEntry, IncomeKind, IncomeSource
from desktop.domain.quarters import Quarter, quarter_text
from desktop.domain.rulesets import RuleSet
from desktop.domain.text import Text

INCOME_KIND_NAMES: Mapping[IncomeKind, Text] = {
    IncomeKind.EMPLOYMENT: Text("from labour activity"),
    IncomeKind.PENSIONS_AND_BENEFITS: Text("pensions, benefits"),
    IncomeKind.ENTREPRENEURSHIP: Text("from entrepreneurial activity"),
    IncomeKind.SCHOLARSHIP: Text("scholarships"),
    IncomeKind.ALIMONY: Text("alimony"),
    IncomeKind.OTHER: Text("other kinds of income"),
}
INCOME_SOURCE_NAMES: Mapping[IncomeSource, Text] = {
    IncomeSource.GENERAL: Text("income"),
    IncomeSource.TARGETED_SOCIAL_ASSISTANCE: Text("targeted social assistance"),
    IncomeSource.HOUSING_ASSISTANCE: Text("housing assistance"),
    IncomeSource.BURIAL_BENEFIT: Text("one-time burial benefit"),
    IncomeSource.DISABLED_CHILD_BENEFIT: Text("benefit for a child with a disability"),
    IncomeSource.LARGE_FAMILY_ALLOWANCE: Text("allowance to a large family"),
    IncomeSource.MOTHER_HEROINE_BENEFIT: Text(
        "benefit to a mother awarded the «Altyn alka» or «Kumis alka» pendant"),
    IncomeSource.RELOCATION_PAYMENT: Text("one-time relocation payment"),
    IncomeSource.EMPLOYMENT_MEASURES: Text("income from active employment measures"),
    IncomeSource.RENT_OR_SALE: Text("rent or sale of property"),
    IncomeSource.DEPOSIT_INTEREST: Text("deposit interest"),
    IncomeSource.MONEY_TRANSFERS: Text("money transfers"),
    IncomeSource.GIFTS_AND_INHERITANCE: Text("gifts and inheritance"),
    IncomeSource.LOANS: Text("credits and microcredits received"),
    IncomeSource.WINNINGS: Text("winnings"),
    IncomeSource.HOUSING_CERTIFICATE: Text("housing certificate"),
}


_COUNTED = Text("counted")  # made once: every counted income of a district says it


class IncomeTreatment(StrEnum):
    COUNTED = "counted"
    EXCLUDED = "excluded"  # a kind the rule set does not count as income
    OTHER_PERIOD = "other_period"  # received outside the income quarter


@dataclass(frozen=True, slots=True)
class IncomeLine:
    entry: IncomeEntry
    index: int  # position in ``Application.incomes`` (JSON pointer /incomes/<index>)
    treatment: IncomeTreatment
    reason: Text


def validate_incomes(application: Application) -> list[Issue]:
    issues: list[Issue] = []
    member_ids = {member.member_id for member in application.members}
    for index, entry in enumerate(application.incomes):
        where = f"/incomes/{index}"
        if entry.member_id not in member_ids:
            issues.append(Issue("income.member", Text(
                "This income belongs to a family member that is not in the family."),
                f"{where}/member_id"))
        if entry.amount < 0:
            issues.append(Issue("income.negative", Text(
                "An income cannot be negative."), f"{where}/amount"))
        if entry.month is not None and entry.month not in entry.quarter.months:
            issues.append(Issue("income.month", Text(
                "Month {month} is not in the quarter {quarter}.", month=entry.month,
                quarter=quarter_text(entry.quarter)), f"{where}/month"))
    return issues


def classify_incomes(
    incomes: tuple[IncomeEntry, ...], period: Quarter, rule_set: RuleSet,
    excluded_members: frozenset[str],
) -> list[IncomeLine]:
    """Each income with how it is treated and why. Incomes of members not counted in the
    family are not counted either (their income is not the family's)."""
    lines: list[IncomeLine] = []
    reference = rule_set.references.income
    for index, entry in enumerate(incomes):
        if entry.quarter != period:
            lines.append(IncomeLine(entry, index, IncomeTreatment.OTHER_PERIOD, Text(
                "received in {quarter}, not in the income period",
                quarter=quarter_text(entry.quarter))))
        elif entry.member_id in excluded_members:
            lines.append(IncomeLine(entry, index, IncomeTreatment.EXCLUDED, Text(
                "the member is not counted in the family")))
        elif entry.source in rule_set.excluded_sources:
            lines.append(IncomeLine(entry, index, IncomeTreatment.EXCLUDED, Text(
                "{source} is not counted as income ({reference})",
                source=INCOME_SOURCE_NAMES[entry.source], reference=reference)))
        elif entry.kind in rule_set.excluded_kinds:
            lines.append(IncomeLine(entry, index, IncomeTreatment.EXCLUDED, Text(
                "income of the kind “{kind}” is not counted ({reference})",
                kind=INCOME_KIND_NAMES[entry.kind], reference=reference)))
        else:
            lines.append(IncomeLine(entry, index, IncomeTreatment.COUNTED, _COUNTED))
    return lines
