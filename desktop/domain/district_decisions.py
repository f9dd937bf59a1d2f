"""The maslikhat's decisions on social assistance: the district's own data, effective-dated.

Two services pay what the district's representative body (маслихат / мәслихат) decides: the
assistance to categories of citizens in need (``local_assistance``) and the fuel assistance to
social-sphere specialists in rural settlements (``rural_fuel``). Neither amount nor category is
in any seed: each district's administrator enters its maslikhat's decision as it is published,
with its number, date and the day it takes force, as the poverty lines are entered
(``komek services add-decision FILE``). The document ``maslikhat_decisions`` holds them::

    decisions:
      - district: "Ақтоғай ауданы"          # as the district's offices are set up
        number: "12/3"
        date: 2025-12-20
        in_force: {from: 2026-01-01, to: null}
        source: "Решение маслихата ... от 20.12.2025 № 12/3"
        confirmed: true
        categories:
          - id: large_families
            title: {kk: "...", ru: "..."}
            payment: one_time               # or monthly, with months: n
            amount: "20000.00"              # tenge; or amount_mrp: "5" (times the MRP)
            income_limit_pm: "1"            # optional: per capita at most 1 × subsistence min.
            min_age: 18                     # optional: the applicant's age, inclusive
            documents: [hardship_act]       # optional: documents the category needs
            conditions: {kk: "...", ru: "..."}
        fuel:                               # optional: the fuel assistance of the same decision
          amount_mrp: "6"
          spheres: [health, education, social_protection, culture, sport, veterinary]
        home_education:                     # optional: the reimbursement of the costs of home
          amount_mrp: "6"                   # education of a child with a disability, per child
          per: quarter                      # or month: the amount is a quarter's (or a month's)

The reimbursement of home education (``home_education``) is the maslikhat's by the Law of
11.07.2002 No. 343 "О социальной и медико-педагогической коррекционной поддержке детей с
ограниченными возможностями", article 16 subparagraph 4): each district decides its order and
amount, per month or per quarter (docs/services.md, "Home education of children with
disabilities").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from desktop.domain.issues import Issue, ParameterError
from desktop.domain.model import DocumentKind
from desktop.domain.money import tenge
from desktop.domain.reader import Reader, pointer_join
from desktop.domain.text import Text

__all__ = ["DOCUMENT", "PAYMENTS", "PERIODS", "SPHERES", "Category", "FuelAssistance",
           "HomeEducation", "Localized", "MaslikhatDecision", "Payment", "decision_on",
           "parse_decisions"]

DOCUMENT = "maslikhat_decisions"
PAYMENTS = ("one_time", "monthly")
Payment = str
# The social sphere of the fuel assistance: as fuel_application.yaml's choices.
# what the home education amount is given for: a month, or a quarter (three months)
PERIODS = ("month", "quarter")
SPHERES = ("health", "education", "social_protection", "culture", "sport", "veterinary")


@dataclass(frozen=True, slots=True)
class Localized:
    kk: str
    ru: str

    def text(self, lang: str) -> str:
        return self.kk if lang == "kk" else self.ru


@dataclass(frozen=True, slots=True)
class Category:
    """A category of citizens in need and what the decision gives it."""

    id: str
    title: Localized
    payment: Payment
    amount: int = 0  # tiyn; 0 when given in MRP
    amount_mrp: Fraction | None = None
    months: int = 1  # monthly payment: for how many months
    income_limit_pm: Fraction | None = None  # per capita at most this × subsistence minimum
    min_age: int | None = None
    max_age: int | None = None
    documents: tuple[DocumentKind, ...] = ()
    conditions: Localized | None = None


@dataclass(frozen=True, slots=True)
class FuelAssistance:
    amount: int = 0  # tiyn; 0 when given in MRP
    amount_mrp: Fraction | None = None
    spheres: tuple[str, ...] = SPHERES


@dataclass(frozen=True, slots=True)
class HomeEducation:
    """The reimbursement of the costs of home education of a child with a disability: the
    amount for each child, for a month or a quarter."""

    amount: int = 0  # tiyn; 0 when given in MRP
    amount_mrp: Fraction | None = None
    per: str = "month"  # one of PERIODS

    @property
    def months(self) -> int:
        return 3 if self.per == "quarter" else 1


@dataclass(frozen=True, slots=True)
class MaslikhatDecision:
    district: str
    number: str
    date: dt.date
    effective_from: dt.date
    effective_to: dt.date | None
    source: str
    confirmed: bool = True
    categories: tuple[Category, ...] = ()
    fuel: FuelAssistance | None = None
    home_education: HomeEducation | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None
                                               or day <= self.effective_to)

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    @property
    def title(self) -> Text:
        return Text("Decision of the maslikhat of {date} No. {number}",
                    date=self.date, number=self.number)


def _same_district(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def decision_on(decisions: tuple[MaslikhatDecision, ...], district: str,
                day: dt.date) -> MaslikhatDecision:
    """The district's decision in force on ``day`` (the latest taking force, if several)."""
    found = [d for d in decisions if _same_district(d.district, district) and d.in_force(day)]
    if not found:
        raise ParameterError([Issue("maslikhat.missing", Text(
            "No decision of the maslikhat of “{district}” is in force on {date}: the district "
            "administrator must enter it before this application can be decided.",
            district=district, date=day), "/office/district")])
    return max(found, key=lambda d: d.effective_from)


def _fraction(reader: Reader, data: dict[str, Any], key: str, pointer: str) -> Fraction | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidOperation
        number = Fraction(Decimal(str(value).strip().replace(",", ".")))
    except (InvalidOperation, ValueError):
        reader.problem(pointer_join(pointer, key), Text(
            "A number such as 1 or 1.5 is expected here."), "input.type")
        return None
    if number <= 0 or number > 10_000:
        reader.problem(pointer_join(pointer, key), Text(
            "The number must be more than 0 and at most {limit}.", limit=10_000), "input.range")
        return None
    return number


def _amount(reader: Reader, data: dict[str, Any], pointer: str) -> tuple[int, Fraction | None]:
    """``amount`` in tenge or ``amount_mrp``: exactly one of the two."""
    mrp = _fraction(reader, data, "amount_mrp", pointer)
    raw = data.get("amount")
    if (raw is None) == ("amount_mrp" not in data):
        reader.problem(pointer, Text("Give either the amount in tenge or the amount in MRP."),
                       "input.required")
        return 0, mrp
    if raw is None:
        return 0, mrp
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        reader.problem(pointer_join(pointer, "amount"), Text(
            "An amount in tenge is expected here."), "input.type")
        return 0, None
    try:
        amount = tenge(raw)
    except (ValueError, ZeroDivisionError):
        reader.problem(pointer_join(pointer, "amount"), Text(
            "An amount in tenge with at most two decimals is expected here."), "input.amount")
        return 0, None
    if amount <= 0:
        reader.problem(pointer_join(pointer, "amount"), Text(
            "The amount must be more than zero."), "input.range")
    return amount, None


def _localized(reader: Reader, data: dict[str, Any], key: str, pointer: str,
               required: bool) -> Localized | None:
    if data.get(key) is None:
        if required:
            reader.problem(pointer_join(pointer, key), Text("This field is required."),
                           "input.required")
        return None
    where = pointer_join(pointer, key)
    value = reader.object(data[key], where)
    reader.no_other_keys(value, where, {"kk", "ru"})
    kk = reader.text(value, "kk", where, required=True)
    ru = reader.text(value, "ru", where, required=True)
    return Localized(kk, ru) if kk and ru else None


def _filled(reader: Reader, data: dict[str, Any], key: str, pointer: str) -> str:
    """A required text that is not empty either."""
    value = reader.text(data, key, pointer, required=True)
    if not value and isinstance(data.get(key), str):
        reader.problem(pointer_join(pointer, key), Text("This field is required."),
                       "input.required")
    return value


def _category(reader: Reader, data: dict[str, Any], pointer: str) -> Category | None:
    reader.no_other_keys(data, pointer, {
        "id", "title", "payment", "amount", "amount_mrp", "months", "income_limit_pm",
        "min_age", "max_age", "documents", "conditions", "note"})
    ident = _filled(reader, data, "id", pointer)
    title = _localized(reader, data, "title", pointer, required=True)
    payment = _filled(reader, data, "payment", pointer)
    if payment and payment not in PAYMENTS:
        reader.problem(pointer_join(pointer, "payment"), Text(
            "“{value}” is not one of: {choices}.", value=payment, choices=", ".join(PAYMENTS)),
            "input.choice")
    amount, mrp = _amount(reader, data, pointer)
    months = reader.integer(data, "months", pointer, default=1, minimum=1)
    if months > 12:
        reader.problem(pointer_join(pointer, "months"), Text(
            "The number must be at most {limit}.", limit=12), "input.range")
    ages = (reader.integer(data, "min_age", pointer, default=-1, minimum=0)
            if "min_age" in data else None,
            reader.integer(data, "max_age", pointer, default=-1, minimum=0)
            if "max_age" in data else None)
    documents = reader.choices(data, "documents", pointer, DocumentKind)
    conditions = _localized(reader, data, "conditions", pointer, required=False)
    if not ident or title is None:
        return None
    return Category(ident, title, payment, amount, mrp, months,
                    _fraction(reader, data, "income_limit_pm", pointer),
                    ages[0] if ages[0] is not None and ages[0] >= 0 else None,
                    ages[1] if ages[1] is not None and ages[1] >= 0 else None,
                    tuple(documents), conditions)


def _fuel(reader: Reader, data: Any, pointer: str) -> FuelAssistance | None:
    if data is None:
        return None
    fuel = reader.object(data, pointer)
    reader.no_other_keys(fuel, pointer, {"amount", "amount_mrp", "spheres", "note"})
    amount, mrp = _amount(reader, fuel, pointer)
    spheres = []
    for where, value in reader.items(fuel.get("spheres"), pointer_join(pointer, "spheres")):
        if value not in SPHERES:
            reader.problem(where, Text("“{value}” is not one of: {choices}.", value=value,
                                       choices=", ".join(SPHERES)), "input.choice")
        else:
            spheres.append(value)
    return FuelAssistance(amount, mrp, tuple(spheres) if "spheres" in fuel else SPHERES)


def _home_education(reader: Reader, data: Any, pointer: str) -> HomeEducation | None:
    if data is None:
        return None
    part = reader.object(data, pointer)
    reader.no_other_keys(part, pointer, {"amount", "amount_mrp", "per", "note"})
    amount, mrp = _amount(reader, part, pointer)
    per = _filled(reader, part, "per", pointer)
    if per and per not in PERIODS:
        reader.problem(pointer_join(pointer, "per"), Text(
            "“{value}” is not one of: {choices}.", value=per, choices=", ".join(PERIODS)),
            "input.choice")
        per = ""
    return HomeEducation(amount, mrp, per or "month")


def _decision(reader: Reader, data: dict[str, Any], pointer: str) -> MaslikhatDecision | None:
    reader.no_other_keys(data, pointer, {"district", "number", "date", "in_force", "source",
                                         "confirmed", "categories", "fuel", "home_education",
                                         "note"})
    district = _filled(reader, data, "district", pointer)
    number = _filled(reader, data, "number", pointer)
    date = reader.date(data, "date", pointer, required=True)
    span = reader.object(data.get("in_force"), pointer_join(pointer, "in_force"))
    where = pointer_join(pointer, "in_force")
    reader.no_other_keys(span, where, {"from", "to"})
    start = reader.date(span, "from", where, required=True)
    end = reader.date(span, "to", where)
    if start and end and end < start:
        reader.problem(pointer_join(where, "to"), Text(
            "The decision ends before it takes force."), "input.range")
    categories = reader.each(data, "categories", pointer, _category)
    seen: set[str] = set()
    for index, category in enumerate(categories):
        if category.id in seen:
            reader.problem(pointer_join(pointer_join(pointer, "categories"), index), Text(
                "The category “{name}” is given twice.", name=category.id), "input.duplicate")
        seen.add(category.id)
    fuel = _fuel(reader, data.get("fuel"), pointer_join(pointer, "fuel"))
    home = _home_education(reader, data.get("home_education"),
                           pointer_join(pointer, "home_education"))
    source = _filled(reader, data, "source", pointer)
    if not (district and number and date and start):
        return None
    return MaslikhatDecision(district, number, date, start, end, source,
                             reader.flag(data, "confirmed", pointer, default=True),
                             tuple(categories), fuel, home)


def parse_decisions(reader: Reader, document: Any) -> tuple[MaslikhatDecision, ...]:
    """The decisions of the document, checked; problems go to ``reader``."""
    data = reader.object(document, "")
    reader.no_other_keys(data, "", {"decisions"})
    return tuple(reader.each(data, "decisions", "", _decision))
