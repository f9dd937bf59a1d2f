"""Reimbursement of the costs of home education of children with disabilities (§8).

The regulations (seed 002, 2015: KZ 2393-2711, RU 8426-8734; seed 000, 2018: lines 185-296)
say how the application goes and that its result is the "notification of the assignment of the
benefit" (KZ 2406, RU 8439), but not who is entitled nor how much: both are the maslikhat's.
The Law of 11.07.2002 No. 343 "О социальной и медико-педагогической коррекционной поддержке
детей с ограниченными возможностями", article 16 subparagraph 4), gives the district's
representative body the order and the amount of the reimbursement of the costs of educating at
home, by an individual curriculum, children with disabilities; each district's decision states
it in monthly calculation indices (MRP) a month or a quarter for each child (docs/services.md).
What this module applies, each part from the decision in force for the office's district on
the application date (``desktop.domain.district_decisions``, its ``home_education`` part):

* the child (``details.child_iin``) is under eighteen on the application date and has a
  disability (``details.disability_group``, from the disability record or the certificate),
  whose term (``details.disability_until``, empty when without a term) has not ended;
* the child is taught at home by an individual curriculum (the school's certificate of
  appendix 3 and the PMPK conclusion are documents of the set) until
  ``details.home_education_until``, a day not before the application date;
* the amount is the decision's for each child: in tenge, or its MRPs at the MRP of the year;
  a quarter's amount is paid as a third each month of the quarter;
* the period runs from the first day of the month of application to the earliest of the end of
  the month the home education ends, the end of the disability's term, the day before the
  child turns eighteen and 31 December: the MRP changes each 1 January, so the next year's
  amount is assigned again on the new MRP (recalculated per year).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from desktop.domain.assessment import Outcome
from desktop.domain.disability import GROUP_LABELS, DisabilityGroup
from desktop.domain.district_decisions import DOCUMENT, MaslikhatDecision, decision_on
from desktop.domain.family import age_in_years
from desktop.domain.iin import check_iin
from desktop.domain.issues import InvalidApplicationError, Issue, ParameterError, Severity
from desktop.domain.local_assistance import parse_parameters as _parse
from desktop.domain.model import Application
from desktop.domain.money import Money, Rounding
from desktop.domain.parameters import Parameters
from desktop.domain.service_rules import (
    ServiceAssessment,
    ServiceRefusal,
    decision_step,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["ADULT_AGE", "DISABILITY_GROUPS", "LAW", "PARAMETERS", "assess", "parse_parameters"]

SERVICE = "home_education"
PARAMETERS = (DOCUMENT,)
ADULT_AGE = 18
# the groups a child's disability may be recorded with (desktop.domain.disability)
DISABILITY_GROUPS = frozenset({"child", "group_1", "group_2", "group_3"})
LAW = Text("Law of 11.07.2002 No. 343 on the social and medical-pedagogical correctional "
           "support of children with disabilities, article 16 subparagraph 4")
_HALF_UP = Rounding()


def parse_parameters(documents: Mapping[str, Any]) -> tuple[MaslikhatDecision, ...]:
    return _parse(documents)


def _date(value: Any) -> dt.date | None:
    """A date of the application's details: a date, or ISO text as stored."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _number(value: Fraction) -> str:
    """A number of MRPs as the desk writes it (6,5; 3), never a fraction such as 13/2."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return format(exact.normalize(), "f").replace(".", ",")


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _eve_of_birthday(birth: dt.date, age: int) -> dt.date:
    """The day before the child turns ``age`` (29 February counts as 1 March)."""
    try:
        birthday = birth.replace(year=birth.year + age)
    except ValueError:
        birthday = dt.date(birth.year + age, 3, 1)
    return birthday - dt.timedelta(days=1)


def assess(application: Application, parameters: Parameters,
           service_parameters: tuple[MaslikhatDecision, ...]) -> ServiceAssessment:
    """Decide the reimbursement for ``application`` (see the module docstring)."""
    day = application.application_date
    decision = decision_on(service_parameters, application.office.district, day)
    home = decision.home_education
    if home is None:
        raise ParameterError([Issue("maslikhat.no_home_education", Text(
            "The maslikhat's decision in force on {date} sets no reimbursement of the costs "
            "of home education: the district administrator must enter the decision that does.",
            date=day), "/office/district")])
    details = application.details
    child_iin = str(details.get("child_iin") or "").strip()
    info = check_iin(child_iin).info if child_iin else None
    if info is None or info.birth_date is None:
        raise InvalidApplicationError([Issue("home_education.child_iin", Text(
            "Enter the child's IIN: the child's age is read from it."), "/details/child_iin")])
    until = _date(details.get("home_education_until"))
    if until is None:
        raise InvalidApplicationError([Issue("home_education.until", Text(
            "Enter the day until which the child is taught at home, as the school's "
            "certificate states."), "/details/home_education_until")])
    group = str(details.get("disability_group") or "")
    disability_until = _date(details.get("disability_until"))
    reference = Text("Decision of the maslikhat of {date} No. {number}", date=decision.date,
                     number=decision.number)
    warnings: list[Issue] = []
    if not decision.confirmed:
        warnings.append(Issue("maslikhat.unconfirmed", Text(
            "The maslikhat's decision used is not confirmed: {source}.",
            source=decision.source), "/office/district", Severity.WARNING))
    trace = [TraceStep(
        "decision_in_force", Text("Decision of the maslikhat"),
        (Figure(Text("Application date"), day), Figure(Text("Source"), decision.source)),
        Text("The decision in force on {date} sets the reimbursement of the costs of home "
             "education.", date=day), LAW)]
    refusals: list[ServiceRefusal] = []

    birth = info.birth_date
    age = age_in_years(birth, day)
    child_ok = age < ADULT_AGE
    trace.append(TraceStep(
        "child_age", Text("Age of the child"),
        (Figure(Text("Date of birth"), birth), Figure(Text("Age"), age)),
        Text("The child is under eighteen.") if child_ok
        else Text("The child is eighteen or older."), LAW))
    if not child_ok:
        refusals.append(ServiceRefusal("child_adult", Text(
            "The reimbursement is for children under eighteen; the child is {age}.", age=age),
            LAW))

    disabled = group in DISABILITY_GROUPS
    term_ok = disability_until is None or disability_until >= day
    trace.append(TraceStep(
        "disability", Text("Disability of the child"),
        (Figure(Text("Disability"), GROUP_LABELS[DisabilityGroup(group)] if disabled
                else Text("not stated")),
         Figure(Text("Established until"), disability_until
                if disability_until is not None else Text("without a term"))),
        Text("The child has a disability in force on the application date.")
        if disabled and term_ok else
        Text("The child has no disability in force on the application date."), LAW))
    if not disabled:
        refusals.append(ServiceRefusal("no_disability", Text(
            "The reimbursement is for children with disabilities; no disability of the child "
            "is stated."), LAW))
    elif not term_ok:
        refusals.append(ServiceRefusal("disability_ended", Text(
            "The child's disability was established until {date}, before the application.",
            date=disability_until), LAW))

    taught = until >= day
    trace.append(TraceStep(
        "home_education", Text("Education at home"),
        (Figure(Text("Taught at home until"), until),),
        Text("The child is taught at home by an individual curriculum until {date}.",
             date=until) if taught else
        Text("The home education ended on {date}, before the application.", date=until),
        reference))
    if not taught:
        refusals.append(ServiceRefusal("home_education_ended", Text(
            "The child is no longer taught at home: the certificate's term ended on {date}.",
            date=until), reference))

    mrp = parameters.mrp.on(day)
    stated = home.amount if home.amount_mrp is None else _HALF_UP.apply(
        home.amount_mrp * mrp.amount)
    monthly = _HALF_UP.apply(Fraction(stated, home.months))
    figures_amount: tuple[Figure, ...] = (
        (Figure(Text("Monthly calculation index (MRP)"), Money(mrp.amount)),
         Figure(Text("MRPs"), _number(home.amount_mrp))) if home.amount_mrp is not None else ())
    trace.append(TraceStep(
        "amount", Text("Amount of the reimbursement"),
        (*figures_amount,
         Figure(Text("For a quarter") if home.per == "quarter" else Text("For a month"),
                Money(stated))),
        Text("{stated} a quarter for each child: {monthly} a month.", stated=Money(stated),
             monthly=Money(monthly)) if home.per == "quarter" else
        Text("{monthly} a month for each child.", monthly=Money(monthly)), reference))

    outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
    start = day.replace(day=1)
    ends = [(_month_end(until), Text("the end of the home education")),
            (_eve_of_birthday(birth, ADULT_AGE), Text("the eve of the child's eighteenth "
                                                       "birthday")),
            (dt.date(day.year, 12, 31), Text("the end of the year of the MRP"))]
    if disability_until is not None:
        ends.append((disability_until, Text("the end of the disability's term")))
    end, why = min(ends, key=lambda pair: pair[0])
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if outcome is Outcome.ASSIGNED:
        trace.append(TraceStep(
            "period", Text("Assignment period"),
            (Figure(Text("From"), start), Figure(Text("To"), end),
             Figure(Text("Months"), months)),
            Text("From the month of application to {why}: {amount} a month × {months} months "
                 "= {total}.", why=why, amount=Money(monthly), months=months,
                 total=Money(monthly * months)), reference))
    trace.append(decision_step(refusals, Text("The reimbursement is assigned"),
                               Text("Assignment of the reimbursement is refused"), reference))
    assigned = outcome is Outcome.ASSIGNED
    return ServiceAssessment(
        SERVICE, outcome, day, tuple(trace), tuple(refusals), tuple(warnings),
        monthly_amount=monthly if assigned else 0,
        period_start=start if assigned else None,
        period_end=end if assigned else None,
        figures={"decision": decision.number, "per": home.per, "stated_tiyn": stated,
                 "monthly_tiyn": monthly, "months": months if assigned else 0,
                 "child_age": age})
