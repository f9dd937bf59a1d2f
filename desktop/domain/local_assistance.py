"""Social assistance to categories of citizens in need by decisions of the maslikhat (§6).

The categories, the amounts and their conditions are the district's: the maslikhat's decision
in force on the application date (``desktop.domain.district_decisions``). The application names
its category (``details.category``, from the sheet ``assistance_application``); the rules check
what that category's decision asks, each check in the trace:

* the category is one of the decision's;
* the applicant's age, when the category is bounded by age;
* the per-capita income of the household (the quarter before the quarter of application, as
  the income sheet gives it, over the people of the household sheet), when the category sets
  a limit in subsistence minimums;
* the documents the category names (an act of a difficult life situation, ...).

The amount is the decision's, in tenge or in monthly calculation indices, paid once or each
month for the months the decision says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desktop.domain.assessment import Outcome
from desktop.domain.district_decisions import (
    DOCUMENT,
    Category,
    MaslikhatDecision,
    decision_on,
    parse_decisions,
)
from desktop.domain.family import age_in_years
from desktop.domain.iin import check_iin
from desktop.domain.issues import InvalidApplicationError, Issue
from desktop.domain.model import Application
from desktop.domain.money import Money, Rounding
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import income_quarter, quarter_text
from desktop.domain.service_rules import (
    ServiceAssessment,
    ServiceRefusal,
    decision_step,
    read_documents,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["PARAMETERS", "assess", "parse_parameters"]

SERVICE = "local_assistance"
PARAMETERS = (DOCUMENT,)
_HALF_UP = Rounding()
_MONTHS_OF_INCOME = 3


def parse_parameters(documents: Mapping[str, Any]) -> tuple[MaslikhatDecision, ...]:
    found: tuple[MaslikhatDecision, ...] = read_documents(
        documents, PARAMETERS, {DOCUMENT: parse_decisions})[DOCUMENT]
    return found


def amount_of(category_amount: int, category_mrp: Any, parameters: Parameters,
              day: dt.date) -> tuple[int, TraceStep | None]:
    """The amount in tiyn: the decision's own, or its MRPs at the MRP of ``day``."""
    if category_mrp is None:
        return category_amount, None
    mrp = parameters.mrp.on(day)
    amount = _HALF_UP.apply(category_mrp * mrp.amount)
    return amount, TraceStep(
        "mrp", Text("Monthly calculation index (MRP)"),
        (Figure(Text("Monthly calculation index (MRP)"), Money(mrp.amount)),
         Figure(Text("MRPs"), str(category_mrp))),
        Text("{mrps} × {mrp} = {amount}.", mrps=str(category_mrp), mrp=Money(mrp.amount),
             amount=Money(amount)), Text("Decision of the maslikhat"))


def _age(application: Application, day: dt.date) -> int | None:
    try:
        member = application.applicant_member
    except KeyError:
        return None
    birth = member.birth_date
    if birth is None and member.iin:
        info = check_iin(member.iin).info
        birth = info.birth_date if info else None
    return age_in_years(birth, day) if birth else None


def _household_size(application: Application) -> int:
    household = application.details.get("household")
    if isinstance(household, list) and household:
        return len(household)
    return max(sum(1 for m in application.members if m.excluded is None), 1)


def _checks(application: Application, category: Category, parameters: Parameters,
            reference: Text, trace: list[TraceStep]) -> list[ServiceRefusal]:
    day = application.application_date
    refusals = []
    if category.min_age is not None or category.max_age is not None:
        age = _age(application, day)
        low = category.min_age if category.min_age is not None else 0
        high = category.max_age if category.max_age is not None else 200
        fits = age is not None and low <= age <= high
        trace.append(TraceStep(
            "age", Text("Age of the applicant"),
            (Figure(Text("Age"), age if age is not None else "—"),
             Figure(Text("From"), low), Figure(Text("To"), high)),
            Text("The applicant's age fits the category.") if fits
            else Text("The applicant's age does not fit the category."), reference))
        if not fits:
            refusals.append(ServiceRefusal("age", Text(
                "The applicant's age does not fit the category {category}.",
                category=Text("{title}", title=category.title)), reference))
    if category.income_limit_pm is not None:
        period = income_quarter(day)
        income = sum(e.amount for e in application.incomes if e.quarter == period)
        size = _household_size(application)
        per_capita = _HALF_UP.divide(income, size * _MONTHS_OF_INCOME)
        minimum = parameters.subsistence_minimum.on(day)
        limit = _HALF_UP.apply(category.income_limit_pm * minimum.amount)
        fits = per_capita <= limit
        trace.append(TraceStep(
            "income", Text("Per-capita income"),
            (Figure(Text("Income period"), quarter_text(period)),
             Figure(Text("Aggregate income of the family"), Money(income)),
             Figure(Text("Family members counted"), size),
             Figure(Text("Subsistence minimum"), Money(minimum.amount)),
             Figure(Text("Limit of the category"), Money(limit))),
            Text("{per_capita} does not exceed {limit}.", per_capita=Money(per_capita),
                 limit=Money(limit)) if fits else
            Text("{per_capita} exceeds {limit}.", per_capita=Money(per_capita),
                 limit=Money(limit)), reference))
        if not fits:
            refusals.append(ServiceRefusal("income_above_limit", Text(
                "The per-capita income {per_capita} exceeds the category's limit {limit}.",
                per_capita=Money(per_capita), limit=Money(limit)), reference))
    presented = {d.kind for d in application.documents}
    for kind in category.documents:
        if kind not in presented:
            refusals.append(ServiceRefusal("document_missing", Text(
                "The category needs a document that is not presented: {document}.",
                document=kind.value), reference))
    if category.documents:
        trace.append(TraceStep(
            "documents", Text("Documents of the category"),
            tuple(Figure(Text("Document"), kind.value) for kind in category.documents),
            Text("The documents the category needs are presented.")
            if all(k in presented for k in category.documents)
            else Text("A document the category needs is not presented."), reference))
    return refusals


def assess(application: Application, parameters: Parameters,
           service_parameters: tuple[MaslikhatDecision, ...]) -> ServiceAssessment:
    day = application.application_date
    decision = decision_on(service_parameters, application.office.district, day)
    category_id = application.details.get("category")
    if not isinstance(category_id, str) or not category_id:
        raise InvalidApplicationError([Issue("local_assistance.category", Text(
            "Choose the category of the maslikhat's decision."), "/details/category")])
    category = decision.category(category_id)
    if category is None:
        raise InvalidApplicationError([Issue("local_assistance.category", Text(
            "The category “{category}” is not in the maslikhat's decision in force on {date}.",
            category=category_id, date=day), "/details/category")])
    reference = Text("Decision of the maslikhat of {date} No. {number}", date=decision.date,
                     number=decision.number)
    warnings = []
    if not decision.confirmed:
        warnings.append(Issue("maslikhat.unconfirmed", Text(
            "The maslikhat's decision used is not confirmed: {source}.",
            source=decision.source), "/office/district"))
    trace = [TraceStep(
        "decision_in_force", Text("Decision of the maslikhat"),
        (Figure(Text("Application date"), day), Figure(Text("Source"), decision.source),
         Figure(Text("Category"), Text("{title}", title=category.title))),
        Text("The decision in force on {date} applies.", date=day), reference)]
    refusals = _checks(application, category, parameters, reference, trace)
    amount, mrp_step = amount_of(category.amount, category.amount_mrp, parameters, day)
    if mrp_step is not None:
        trace.append(mrp_step)
    outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
    monthly = one_time = 0
    start = end = None
    if outcome is Outcome.ASSIGNED:
        start = day.replace(day=1)
        if category.payment == "monthly":
            monthly = amount
            last = start.month - 1 + category.months - 1
            end_month = dt.date(start.year + last // 12, last % 12 + 1, 1)
            end = (end_month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) \
                - dt.timedelta(days=1)
        else:
            one_time = amount
            end = None
    trace.append(TraceStep(
        "amount", Text("Amount of assistance"),
        (Figure(Text("Category"), Text("{title}", title=category.title)),
         Figure(Text("Amount a month") if category.payment == "monthly"
                else Text("One-time payment"), Money(amount))),
        Text("{amount} a month for {months} months.", amount=Money(monthly),
             months=category.months) if category.payment == "monthly" else
        Text("A one-time payment of {amount}.", amount=Money(one_time)), reference))
    trace.append(decision_step(refusals, Text("Social assistance is assigned"),
                               Text("Assignment of social assistance is refused"), reference))
    return ServiceAssessment(
        SERVICE, outcome, day, tuple(trace), tuple(refusals), tuple(warnings),
        monthly_amount=monthly, one_time_amount=one_time, period_start=start, period_end=end,
        figures={"category": category.id, "decision": decision.number,
                 "payment": category.payment, "amount_tiyn": amount})
