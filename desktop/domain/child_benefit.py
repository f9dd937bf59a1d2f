"""The state benefit for children under eighteen (services.md §4): eligibility and amount.

The regulation (seed 002, 2015) annexes the family, income and farm sheets of АСП and leaves
the test and the amount to the Law of 28.06.2005 No. 63 "О государственных пособиях семьям,
имеющим детей", which is not in the seeds. What this module applies, each part from the
service parameter document ``child_benefit`` (``resources/services/child_benefit.yaml`` and the
administrator's overlay), so that a confirmed reading changes data, not code:

* the family and its income are counted as for АСП on the same date (the same sheets: the rule
  set in force, its members counted, its quarter of income and its per-capita income);
* the family is eligible when its per-capita income is **below** the cost of the food basket of
  its region for the quarter of application (``food_basket``);
* the benefit is ``mrp_per_child`` monthly calculation indices a month for each child under
  eighteen counted in the family, for the months left in the quarter of application.

The benefit ended on 31.12.2017, folded into АСП (``forms/services/child_benefit``): an
application dated later is refused here with that reason. Every part not confirmed by a text
says so in the trace and as a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from desktop.domain.assessment import Outcome, prepare
from desktop.domain.issues import InvalidApplicationError, Issue, ParameterError, Severity
from desktop.domain.model import Application, Relationship
from desktop.domain.money import Money, Rounding, tenge
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter, quarter_text, remaining_months
from desktop.domain.reader import Reader, pointer_join
from desktop.domain.service_rules import (
    ServiceAssessment,
    ServiceRefusal,
    decision_step,
    read_documents,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["LAST_DAY", "PARAMETERS", "ChildBenefitParameters", "FoodBasket", "assess",
           "parse_parameters"]

SERVICE = "child_benefit"
PARAMETERS = ("child_benefit",)
LAST_DAY = dt.date(2017, 12, 31)  # folded into АСП from 01.01.2018 (services.md §4)
_NOT_CHILDREN = frozenset({Relationship.APPLICANT, Relationship.SPOUSE, Relationship.PARTNER})
_HALF_UP = Rounding()


@dataclass(frozen=True, slots=True)
class FoodBasket:
    region: str
    quarter: Quarter
    amount: int  # tiyn a person a month
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class ChildBenefitParameters:
    food_basket: Mapping[tuple[str, Quarter], FoodBasket]
    mrp_per_child: Fraction
    source: str  # where the test and the amount come from
    confirmed: bool


def _parse(reader: Reader, document: Any) -> ChildBenefitParameters:
    data = reader.object(document, "")
    reader.no_other_keys(data, "", {"food_basket", "mrp_per_child", "source", "confirmed",
                                    "note"})
    baskets: dict[tuple[str, Quarter], FoodBasket] = {}
    for where, item in reader.items(data.get("food_basket"), "/food_basket"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"region", "quarter", "amount", "source",
                                            "confirmed", "note"})
        region = reader.text(entry, "region", where, required=True)
        quarter = reader.quarter(entry, "quarter", where, required=True)
        raw = entry.get("amount")
        amount = 0
        try:
            if isinstance(raw, bool) or not isinstance(raw, int | str):
                raise ValueError
            amount = tenge(raw)
        except (ValueError, ZeroDivisionError):
            reader.problem(pointer_join(where, "amount"), Text(
                "An amount in tenge with at most two decimals is expected here."),
                "input.amount")
        if amount <= 0 and raw is not None:
            reader.problem(pointer_join(where, "amount"), Text(
                "The amount must be more than zero."), "input.range")
        source = reader.text(entry, "source", where, required=True)
        if quarter is None or not region:
            continue
        if (region, quarter) in baskets:
            reader.problem(where, Text(
                "The food basket of “{region}” for {quarter} is given twice.", region=region,
                quarter=quarter_text(quarter)), "input.duplicate")
        baskets[(region, quarter)] = FoodBasket(region, quarter, amount, source,
                                                reader.flag(entry, "confirmed", where, True))
    per_child = Fraction(1)
    raw_mrp = data.get("mrp_per_child")
    if raw_mrp is not None:
        try:
            if isinstance(raw_mrp, bool) or not isinstance(raw_mrp, int | str):
                raise InvalidOperation
            per_child = Fraction(Decimal(str(raw_mrp).replace(",", ".")))
        except (InvalidOperation, ValueError):
            reader.problem("/mrp_per_child", Text("A number such as 1 or 1.5 is expected "
                                                  "here."), "input.type")
        if not 0 < per_child <= 100:
            reader.problem("/mrp_per_child", Text(
                "The number must be more than 0 and at most {limit}.", limit=100),
                "input.range")
    return ChildBenefitParameters(baskets, per_child,
                                  reader.text(data, "source", "", required=True),
                                  reader.flag(data, "confirmed", "", default=False))


def parse_parameters(documents: Mapping[str, Any]) -> ChildBenefitParameters:
    """The service's parameter document, checked (``ParameterError`` with every problem)."""
    parsed: ChildBenefitParameters = read_documents(
        documents, PARAMETERS, {"child_benefit": _parse})["child_benefit"]
    return parsed


def assess(application: Application, parameters: Parameters,
           service_parameters: ChildBenefitParameters) -> ServiceAssessment:
    """Decide the benefit for ``application`` (see the module docstring)."""
    day = application.application_date
    if day > LAST_DAY:
        raise InvalidApplicationError([Issue("child_benefit.ended", Text(
            "The state benefit for children under eighteen ended on {date}: from 01.01.2018 "
            "it is part of targeted social assistance, for which the family applies instead.",
            date=LAST_DAY), "/application_date")])
    prepared = prepare(application, parameters, check_documents=False)
    warnings = list(prepared.warnings)
    quarter = Quarter.of(day)
    region = application.office.region
    basket = service_parameters.food_basket.get((region, quarter))
    if basket is None:
        raise ParameterError([Issue("food_basket.missing", Text(
            "No cost of the food basket is given for region “{region}” for {quarter}: the "
            "district administrator must add it before this application can be assessed.",
            region=region, quarter=quarter_text(quarter)), "/office/region")])
    reference = Text("{source}", source=service_parameters.source)
    if not service_parameters.confirmed:
        warnings.append(Issue("child_benefit.unconfirmed", Text(
            "The test and the amount of the child benefit are not confirmed by a legal text "
            "in Kömek: {source}.", source=service_parameters.source), "", Severity.WARNING))
    if not basket.confirmed:
        warnings.append(Issue("food_basket.unconfirmed", Text(
            "The cost of the food basket used is not confirmed: {source}.",
            source=basket.source), "/office/region", Severity.WARNING))
    trace = [TraceStep(
        "service", Text("Service"),
        (Figure(Text("Application date"), day),),
        Text("The family and its income are counted as for targeted social assistance on the "
             "same date: the same sheets."), reference), *prepared.trace]
    per_capita = prepared.per_capita_income
    trace.append(TraceStep(
        "food_basket", Text("Cost of the food basket"),
        (Figure(Text("Region"), region), Figure(Text("Quarter"), quarter_text(quarter)),
         Figure(Text("Source"), basket.source)),
        Text("The cost of the food basket is {amount} a person a month.",
             amount=Money(basket.amount)), reference))
    eligible = per_capita < basket.amount
    trace.append(TraceStep(
        "eligibility", Text("Eligibility by income"),
        (Figure(Text("Per-capita income"), Money(per_capita)),
         Figure(Text("Cost of the food basket"), Money(basket.amount))),
        Text("{per_capita} is below {basket}: the family is eligible by income.",
             per_capita=Money(per_capita), basket=Money(basket.amount)) if eligible else
        Text("{per_capita} is not below {basket}: the family is not eligible by income.",
             per_capita=Money(per_capita), basket=Money(basket.amount)), reference))
    children = [f for f in prepared.members
                if f.counted and f.age < 18 and f.member.relationship not in _NOT_CHILDREN]
    mrp = parameters.mrp.on(day)
    per_child = _HALF_UP.apply(service_parameters.mrp_per_child * mrp.amount)
    trace.append(TraceStep(
        "children", Text("Children under eighteen"),
        tuple(Figure(Text("Child"), f.member.name.full) for f in children),
        Text("Children under eighteen counted in the family: {count}.", count=len(children)),
        reference))
    refusals = []
    if not eligible:
        refusals.append(ServiceRefusal("income_not_below_food_basket", Text(
            "The per-capita income {per_capita} is not below the cost of the food basket "
            "{basket}.", per_capita=Money(per_capita), basket=Money(basket.amount)), reference))
    if not children:
        refusals.append(ServiceRefusal("no_child_under_18", Text(
            "No child under eighteen is counted in the family."), reference))
    outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
    monthly = per_child * len(children) if outcome is Outcome.ASSIGNED else 0
    trace.append(TraceStep(
        "amount", Text("Amount of the benefit"),
        (Figure(Text("Monthly calculation index (MRP)"), Money(mrp.amount)),
         Figure(Text("MRPs per child"), str(service_parameters.mrp_per_child)),
         Figure(Text("Children under eighteen"), len(children))),
        Text("{children} × {per_child} = {amount} a month.", children=len(children),
             per_child=Money(per_child), amount=Money(monthly)), reference))
    months = remaining_months(day)
    start = dt.date(day.year, months[0], 1)
    trace.append(TraceStep(
        "period", Text("Assignment period"),
        (Figure(Text("From"), start), Figure(Text("To"), quarter.last_day),
         Figure(Text("Months"), len(months))),
        Text("{amount} a month × {months} months = {total}.", amount=Money(monthly),
             months=len(months), total=Money(monthly * len(months))), reference))
    trace.append(decision_step(refusals, Text("The benefit is assigned"),
                               Text("Assignment of the benefit is refused"), reference))
    return ServiceAssessment(
        SERVICE, outcome, day, tuple(trace), tuple(refusals), tuple(warnings),
        monthly_amount=monthly,
        period_start=start if outcome is Outcome.ASSIGNED else None,
        period_end=quarter.last_day if outcome is Outcome.ASSIGNED else None,
        figures={"per_capita_income_tiyn": per_capita, "food_basket_tiyn": basket.amount,
                 "children": len(children), "per_child_tiyn": per_child,
                 "income_quarter": str(prepared.income_quarter)})
