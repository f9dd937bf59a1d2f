"""Assess one application: the rule set in force decides, every figure is explained.

``assess(application, parameters)`` returns an ``Assessment``: the outcome (assigned,
refused, documents not accepted), the figures (per-capita income, poverty line, monthly
amount, period), the refusal grounds with their articles and a ``trace`` of steps, each with
its inputs, figures and legal reference, ready for the review page and the calculation sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from desktop.domain.family import EXCLUSION_TEXTS, MemberFacts, member_facts
from desktop.domain.farm import FarmLine, farm_income
from desktop.domain.iin import ZeroCenturyPolicy
from desktop.domain.income import (
    INCOME_KIND_NAMES,
    IncomeLine,
    IncomeTreatment,
    classify_incomes,
)
from desktop.domain.issues import InvalidApplicationError, Issue, Severity
from desktop.domain.model import Application, IncomeKind, MemberStatus, RefusalCode
from desktop.domain.money import Money
from desktop.domain.parameters import Parameters, PovertyLine, PovertyLineTable
from desktop.domain.quarters import Quarter, income_quarter, quarter_text, remaining_months
from desktop.domain.refusal import (
    INTAKE_CODES,
    RefusalGround,
    commission_refusals,
    intake_refusals,
    numbered_list,
    prior_event_refusals,
)
from desktop.domain.rulesets import (
    Comparison,
    EmploymentRule,
    References,
    RuleSet,
    rule_set_for,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep
from desktop.domain.validation import errors, validate_application, validate_codes


class Outcome(StrEnum):
    ASSIGNED = "assigned"  # назначено / тағайындалды
    REFUSED = "refused"  # отказано в назначении / тағайындаудан бас тартылды
    NOT_ACCEPTED = "not_accepted"  # отказано в приеме документов / қабылдаудан бас тартылды


class AssistanceType(StrEnum):
    UNCONDITIONAL = "unconditional"  # безусловная денежная помощь (БДП), art. 121
    CONDITIONAL = "conditional"  # обусловленная денежная помощь (ОДП / ШАК), art. 122


OUTCOME_TEXTS = {
    Outcome.ASSIGNED: Text("Assistance is assigned"),
    Outcome.REFUSED: Text("Assignment of assistance is refused"),
    Outcome.NOT_ACCEPTED: Text("Acceptance of the documents is refused"),
}
ASSISTANCE_TYPE_TEXTS = {
    AssistanceType.UNCONDITIONAL: Text("unconditional cash assistance"),
    AssistanceType.CONDITIONAL: Text("conditional cash assistance"),
}


@dataclass(frozen=True, slots=True)
class MonthlyPayment:
    year: int
    month: int
    amount: int  # tiyn


@dataclass(frozen=True, slots=True)
class Assessment:
    """The decision the rules give, with every figure and the trace that explains it."""

    outcome: Outcome
    rule_set: RuleSet
    application_date: dt.date
    application_quarter: Quarter
    income_quarter: Quarter
    refusals: tuple[RefusalGround, ...]
    warnings: tuple[Issue, ...]
    trace: tuple[TraceStep, ...]
    members: tuple[MemberFacts, ...] = ()
    members_counted: int = 0
    members_entitled: int = 0
    income_lines: tuple[IncomeLine, ...] = ()
    farm_lines: tuple[FarmLine, ...] = ()
    family_income: int = 0  # tiyn, counted income of the income quarter incl. farm
    per_capita_income: int = 0  # tiyn a month
    poverty_line: PovertyLine | None = None
    eligible: bool = False  # by income alone
    monthly_base: int = 0  # (line − per capita) × entitled members; 0 unless assigned
    children_supplemented: int = 0
    child_supplement: int = 0  # a month, all children; 0 unless assigned
    monthly_amount: int = 0  # base + child supplement; 0 unless assigned
    payments: tuple[MonthlyPayment, ...] = ()
    period_amount: int = 0
    assistance_type: AssistanceType | None = None
    social_contract_required: bool = False
    # members refused in person (2013-2017: unregistered unemployed): not entitled, still
    # counted; the family's refusal only when no member is left entitled
    member_refusals: tuple[RefusalGround, ...] = ()

    @property
    def assigned(self) -> bool:
        return self.outcome is Outcome.ASSIGNED


# Texts without parameters are made once: the trace is built for every assessment.
_RULE_SET = Text("Rule set")
_APPLICATION_DATE = Text("Application date")
_SET_OF_DOCUMENTS = Text("Set of documents")
_DOCUMENTS_PRESENTED = Text("Documents presented")
_DOCUMENTS_COMPLETE = Text("The set of documents is complete and valid.")
_DOCUMENTS_COMPLETE_ONLY = Text("The set of documents is complete.")  # validity not a ground
_FAMILY_MEMBERS_ENTERED = Text("Family members entered")
_FAMILY_MEMBERS_COUNTED = Text("Family members counted")
_MEMBERS_ENTITLED = Text("Family members entitled to assistance")
_FAMILY_COMPOSITION = Text("Family composition")
_INCOME_PERIOD = Text("Income period")
_QUARTER_OF_APPLICATION = Text("Quarter of application")
_INCOMES_OF_THE_FAMILY = Text("Incomes of the family")
_PERSONAL_SUBSIDIARY_FARM = Text("Personal subsidiary farm")
_PER_CAPITA_INCOME = Text("Per-capita income")
_AGGREGATE_INCOME = Text("Aggregate income of the family")
_MONTHS = Text("Months")
_POVERTY_LINE = Text("Poverty line")
_REGION = Text("Region")
_QUARTER = Text("Quarter")
_SOURCE = Text("Source")
_GROUNDS_FOR_REFUSAL = Text("Grounds for refusal")
_GROUND = Text("Ground")
_NO_GROUND_FOUND = Text("There is no ground for refusal.")
_AMOUNT_OF_ASSISTANCE = Text("Amount of assistance")
_KIND_OF_ASSISTANCE = Text("Kind of assistance")
_ABLE_BODIED_MEMBER = Text("Able-bodied member")
_ASSIGNMENT_PERIOD = Text("Assignment period")
_FROM = Text("From")
_TO = Text("To")
_AMOUNT_A_MONTH = Text("Amount a month")
_RULE_BELOW = Text("Eligible when per-capita income is below the poverty line.")
_RULE_NOT_ABOVE = Text("Eligible when per-capita income does not exceed the poverty line.")
_ELIGIBILITY_BY_INCOME = Text("Eligibility by income")
_RULE = Text("Rule")
_RULE_BELOW_FIGURE = Figure(_RULE, _RULE_BELOW)
_RULE_NOT_ABOVE_FIGURE = Figure(_RULE, _RULE_NOT_ABOVE)
_CHILD_SUPPLEMENT = Text("Additional payment for children")
_NO_CHILD_OF_AGE = Text("No child of this age: no additional payment.")
_MRP = Text("Monthly calculation index (MRP)")
_MRPS_PER_CHILD = Text("MRPs per child")
_DECISION = Text("Decision")
_NOT_ENTITLED = Text("Family member not entitled")
_ONE_TIME_PAYMENT = Text("One-time payment of conditional cash assistance")
_ONE_TIME_PAYMENT_AGREED = Text(
    "only with the consent of the employment commission; its amount is not calculated here")


@dataclass(frozen=True, slots=True)
class PreparedAssessment:
    """Everything of an assessment that does not depend on the poverty line.

    ``prepare`` computes it once; ``decide`` finishes it with a poverty-line table. When the
    administrator enters or corrects a quarter's line, a district is re-assessed by calling
    ``decide`` again on the prepared applications (other parameter changes need ``prepare``).
    """

    application: Application
    rule_set: RuleSet
    application_quarter: Quarter
    income_quarter: Quarter
    warnings: tuple[Issue, ...]
    trace: tuple[TraceStep, ...]  # the steps up to per-capita income
    intake: tuple[RefusalGround, ...]  # not empty: the documents are not accepted
    members: tuple[MemberFacts, ...] = ()
    members_counted: int = 0
    members_entitled: int = 0
    income_lines: tuple[IncomeLine, ...] = ()
    farm_lines: tuple[FarmLine, ...] = ()
    family_income: int = 0
    per_capita_income: int = 0
    other_refusals: tuple[RefusalGround, ...] = ()  # commission, earlier events
    child_supplement: int = 0
    children_supplemented: int = 0
    assistance_type: AssistanceType | None = None
    later_steps: tuple[TraceStep, ...] = ()  # child supplement and kind of assistance
    member_refusals: tuple[RefusalGround, ...] = ()  # 2013-2017 unregistered unemployed


def assess(
    application: Application,
    parameters: Parameters,
    *,
    validate: bool = True,
    check_documents: bool = True,
    policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT,
) -> Assessment:
    """Assess an application under the rule set in force on its date.

    Raises ``InvalidApplicationError`` when the application has errors (with JSON pointers)
    and ``ParameterError`` when a parameter it needs is missing (a poverty line, MRP, norms).
    """
    return Assessor(parameters, validate=validate, check_documents=check_documents,
                    policy=policy).assess(application)


def prepare(
    application: Application,
    parameters: Parameters,
    *,
    validate: bool = True,
    check_documents: bool = True,
    policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT,
) -> PreparedAssessment:
    """The part of the assessment that the poverty line does not change."""
    return Assessor(parameters, validate=validate, check_documents=check_documents,
                    policy=policy).prepare(application)


def decide(prepared: PreparedAssessment, poverty_lines: PovertyLineTable) -> Assessment:
    """Finish a prepared assessment with the poverty line of its region and quarter."""
    return _Decider(poverty_lines).decide(prepared)


@dataclass(slots=True)
class _Day:
    """What every application of one day shares under one parameter set."""

    rule_set: RuleSet
    rule_set_step: TraceStep
    gap: Issue | None  # the rules of a day no legal text covers: a warning
    application_quarter: Quarter
    income_quarter: Quarter
    income_period_step: TraceStep
    intake_steps: dict[int, TraceStep]  # a complete set, by the number of documents
    family_steps: dict[int, TraceStep]  # everyone counted and entitled, by family size
    # by the number of children of the supplement's ages: the amount, the children it is
    # paid for and its step (none where the rule set has no supplement)
    supplements: dict[int, tuple[int, int, tuple[TraceStep, ...]]]


class Assessor:
    """Assesses applications with one parameter set, sharing what they have in common.

    ``assess``, ``prepare`` and ``decide`` give exactly what the module's functions of the
    same names give for one application; each application is validated in full. Parameters
    must not change while an assessor is in use (make a new one for new parameters).
    """

    __slots__ = (
        "_days",
        "_decider",
        "_rule_sets",
        "check_documents",
        "parameters",
        "policy",
        "validate",
    )

    def __init__(self, parameters: Parameters, *, validate: bool = True,
                 check_documents: bool = True,
                 policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT) -> None:
        self.parameters = parameters
        self.validate = validate
        self.check_documents = check_documents
        self.policy = policy
        self._days: dict[dt.date, _Day] = {}
        self._rule_sets: dict[dt.date, RuleSet] = {}
        self._decider = _Decider(parameters.poverty_lines)

    def assess(self, application: Application) -> Assessment:
        return self._decider.decide(self.prepare(application))

    def decide(self, prepared: PreparedAssessment) -> Assessment:
        """Finish a prepared assessment with this parameter set's poverty lines (a district
        is re-decided this way after the administrator enters a quarter's line)."""
        return self._decider.decide(prepared)

    def prepare(self, application: Application) -> PreparedAssessment:
        """The part of the assessment that the poverty line does not change."""
        parameters = self.parameters
        day = application.application_date
        warnings: list[Issue] = []
        if self.validate:
            rule_set, issues = _checked(application, parameters, self.policy,
                                        self._rule_set_for)
            warnings.extend(issues)
        else:
            rule_set = self._rule_set_for(day)
        shared = self._day(day, rule_set)
        if shared.gap is not None:
            warnings.append(shared.gap)
        refs = rule_set.references
        trace: list[TraceStep] = [shared.rule_set_step]
        application_quarter = shared.application_quarter
        period = shared.income_quarter

        if self.check_documents:
            intake = intake_refusals(application, rule_set)
            if intake:
                trace.append(_intake_step(rule_set, len(application.documents), intake))
                return PreparedAssessment(application, rule_set, application_quarter, period,
                                          tuple(warnings), tuple(trace), tuple(intake))
            count = len(application.documents)
            step = shared.intake_steps.get(count)
            if step is None:
                step = shared.intake_steps[count] = _intake_step(rule_set, count, intake)
            trace.append(step)
        # --- family -----------------------------------------------------------------------
        pension_age = parameters.pension_age
        carer_child_age = rule_set.carer_child_age
        facts = [member_facts(m, day, pension_age, carer_child_age)
                 for m in application.members]
        counted = [f for f in facts if f.counted]
        if not counted:
            raise InvalidApplicationError([Issue("family.none_counted", Text(
                "No family member is counted in the family: everyone is excluded."),
                "/members")])
        excluded_ids = frozenset(f.member.member_id for f in facts if not f.counted)
        lines = classify_incomes(application.incomes, period, rule_set, excluded_ids)
        member_refusals: list[RefusalGround] = []
        if rule_set.employment_rule is EmploymentRule.UNREGISTERED_NOT_ENTITLED:
            member_refusals = _unregistered_unemployed(counted, lines, rule_set)
        refused_ids = {ground.member_id for ground in member_refusals}
        entitled = [f for f in counted
                    if f.entitled and f.member.member_id not in refused_ids]
        if len(facts) == len(counted) == len(entitled) and not member_refusals:
            # everyone counted and entitled: the step of any family of this size
            family_step = shared.family_steps.get(len(facts))
            if family_step is None:
                family_step = shared.family_steps[len(facts)] = _family_step(
                    refs, facts, counted, entitled, member_refusals)
            counted_figure = family_step.figures[-1]  # entered, counted
        else:
            family_step = _family_step(refs, facts, counted, entitled, member_refusals)
            counted_figure = Figure(_FAMILY_MEMBERS_COUNTED, len(counted))
        trace.append(family_step)

        # --- income -----------------------------------------------------------------------
        trace.append(shared.income_period_step)
        names: dict[str, str] = {}
        counted_income = 0
        not_counted = 0
        income_figures: list[Figure] = []
        for income_line in lines:
            entry = income_line.entry
            if income_line.treatment is IncomeTreatment.COUNTED:
                counted_income += entry.amount
                value: object = Money(entry.amount)
            else:
                if income_line.treatment is IncomeTreatment.EXCLUDED:
                    not_counted += entry.amount
                value = Text("{amount}: {reason}", amount=Money(entry.amount),
                             reason=income_line.reason)
            name = names.get(entry.member_id)
            if name is None:
                name = names[entry.member_id] = application.member(entry.member_id).name.full
            income_figures.append(Figure(Text("{member}: {kind}", member=name,
                                              kind=INCOME_KIND_NAMES[entry.kind]), value))
        trace.append(TraceStep(
            "income", _INCOMES_OF_THE_FAMILY, tuple(income_figures),
            Text("Income counted: {counted}; not counted: {excluded}.",
                 counted=Money(counted_income), excluded=Money(not_counted)),
            refs.income))

        farm_lines: list[FarmLine] = []
        if application.livestock or application.land:
            farm_lines = farm_income(
                application.livestock, application.land,
                region=application.office.region, district=application.office.district,
                on=period.first_day, months=rule_set.income_months, table=parameters.farm,
                working_animals_excluded=rule_set.working_animals_excluded,
                rounding=rule_set.per_capita_rounding)
            farm_total = sum(farm_line.income for farm_line in farm_lines)
            trace.append(TraceStep(
                "farm", _PERSONAL_SUBSIDIARY_FARM,
                tuple(Figure(f.description,
                             Text("{amount}: {reason}", amount=Money(f.income),
                                  reason=f.reason))
                      for f in farm_lines),
                Text("Income from the personal subsidiary farm: {amount}.",
                     amount=Money(farm_total)),
                refs.farm))
        else:
            farm_total = 0
        family_income = counted_income + farm_total

        # --- per capita, line, eligibility ------------------------------------------------
        months = rule_set.income_months
        per_capita = rule_set.per_capita_rounding.divide(family_income, len(counted) * months)
        income_money = Money(family_income)
        trace.append(TraceStep(
            "per_capita", _PER_CAPITA_INCOME,
            (Figure(_AGGREGATE_INCOME, income_money), counted_figure,
             Figure(_MONTHS, months)),
            Text("{income} ÷ {members} ÷ {months} = {per_capita} a month.",
                 income=income_money, members=len(counted), months=months,
                 per_capita=Money(per_capita)),
            refs.per_capita))
        if application.commission is None:
            warnings.append(Issue("commission.missing", Text(
                "The district commission's conclusion is not recorded: the result is "
                "provisional."), "/commission", Severity.WARNING))
        other = commission_refusals(application, rule_set)
        other.extend(prior_event_refusals(application, rule_set))
        supplement, children, later = self._child_supplement(shared, rule_set, entitled, day)
        assistance_type = _assistance_type(rule_set, counted)
        if assistance_type is not None:
            one_time = () if assistance_type is not AssistanceType.CONDITIONAL \
                or not rule_set.one_time_conditional_payment else (
                    Figure(_ONE_TIME_PAYMENT, _ONE_TIME_PAYMENT_AGREED),)
            later = (*later, TraceStep(
                "assistance_type", _KIND_OF_ASSISTANCE,
                (*(Figure(_ABLE_BODIED_MEMBER, f.member.name.full)
                   for f in counted if f.able_bodied), *one_time),
                Text("{kind}; a social contract is required.",
                     kind=ASSISTANCE_TYPE_TEXTS[assistance_type])
                if assistance_type is AssistanceType.CONDITIONAL
                else Text("{kind}.", kind=ASSISTANCE_TYPE_TEXTS[assistance_type]),
                refs.assistance_type))
        return PreparedAssessment(
            application=application,
            rule_set=rule_set,
            application_quarter=application_quarter,
            income_quarter=period,
            warnings=tuple(warnings),
            trace=tuple(trace),
            intake=(),
            members=tuple(facts),
            members_counted=len(counted),
            members_entitled=len(entitled),
            income_lines=tuple(lines),
            farm_lines=tuple(farm_lines),
            family_income=family_income,
            per_capita_income=per_capita,
            other_refusals=tuple(other),
            child_supplement=supplement,
            children_supplemented=children,
            assistance_type=assistance_type,
            later_steps=later,
            member_refusals=tuple(member_refusals),
        )

    def _rule_set_for(self, day: dt.date) -> RuleSet:
        """``rule_set_for`` of this parameter set, once a day (its error is raised again)."""
        rule_set = self._rule_sets.get(day)
        if rule_set is None:
            rule_set = self._rule_sets[day] = rule_set_for(day, self.parameters.rule_sets)
        return rule_set

    def _day(self, day: dt.date, rule_set: RuleSet) -> _Day:
        shared = self._days.get(day)
        if shared is None:
            gaps: list[Issue] = []
            step = _rule_set_step(rule_set, day, gaps)
            application_quarter = Quarter.of(day)
            period = income_quarter(day)
            shared = self._days[day] = _Day(
                rule_set, step, gaps[0] if gaps else None, application_quarter, period,
                _income_period_step(rule_set, day, application_quarter, period), {}, {}, {})
        return shared

    def _child_supplement(self, shared: _Day, rule_set: RuleSet,
                          entitled: Sequence[MemberFacts], day: dt.date,
                          ) -> tuple[int, int, tuple[TraceStep, ...]]:
        if rule_set.child_supplement_mrp is None:
            return 0, 0, ()
        low, high = rule_set.child_supplement_ages
        children = sum(1 for f in entitled if low <= f.age <= high)
        known = shared.supplements.get(children)
        if known is None:
            steps: list[TraceStep] = []
            total, supplemented = _child_supplement(rule_set, children, self.parameters, day,
                                                    steps)
            known = shared.supplements[children] = (total, supplemented, tuple(steps))
        return known


@dataclass(frozen=True, slots=True)
class _Line:
    """A region's poverty line for a quarter with what every family's trace shows of it."""

    line: PovertyLine
    step: TraceStep
    unconfirmed: Issue | None  # the warning when the line is not confirmed
    money: Money
    figure: Figure


class _Decider:
    """Finishes prepared assessments with one poverty-line table; the line's step of a region
    and quarter, and the steps every assigned family of a rule set shares, are made once."""

    __slots__ = ("_common", "_lines", "_periods", "poverty_lines")

    def __init__(self, poverty_lines: PovertyLineTable) -> None:
        self.poverty_lines = poverty_lines
        self._lines: dict[tuple[str, Quarter], _Line] = {}
        self._periods: dict[dt.date, tuple[tuple[int, ...], Figure, Figure, Figure]] = {}
        self._common: dict[int, tuple[References, TraceStep, TraceStep]] = {}

    def decide(self, prepared: PreparedAssessment) -> Assessment:
        rule_set = prepared.rule_set
        refs = rule_set.references
        application = prepared.application
        day = application.application_date
        application_quarter = prepared.application_quarter
        warnings = list(prepared.warnings)
        trace = list(prepared.trace)
        if prepared.intake:
            trace.append(_decision_step(Outcome.NOT_ACCEPTED, prepared.intake,
                                        refs.refusals[RefusalCode.INCOMPLETE_DOCUMENTS]))
            return Assessment(Outcome.NOT_ACCEPTED, rule_set, day, application_quarter,
                              prepared.income_quarter, prepared.intake, tuple(warnings),
                              tuple(trace))
        per_capita = prepared.per_capita_income
        known = self._line(application.office.region, application_quarter, refs)
        line = known.line
        if known.unconfirmed is not None:
            warnings.append(known.unconfirmed)
        trace.append(known.step)
        eligible = rule_set.comparison.eligible(per_capita, line.amount)
        # the same values in several figures and sentences are the same objects
        pc = Money(per_capita)
        pc_figure = Figure(_PER_CAPITA_INCOME, pc)
        trace.append(_eligibility_step(rule_set, pc, known.money, eligible,
                                       (pc_figure, known.figure)))

        refusals: list[RefusalGround] = []
        if not eligible:
            refusals.append(_income_ground(rule_set, per_capita, line.amount, pc, known.money))
        refusals.extend(prepared.other_refusals)
        if prepared.member_refusals and not prepared.members_entitled:
            refusals.extend(prepared.member_refusals)  # nobody is left to assign it to
        _, no_ground_step, assigned_step = self._common_steps(refs)
        if refusals or prepared.member_refusals:
            trace.append(TraceStep(
                "refusal_grounds", _GROUNDS_FOR_REFUSAL,
                (*(Figure(_GROUND, g.text) for g in refusals),
                 *(Figure(_NOT_ENTITLED, g.text) for g in prepared.member_refusals
                   if g not in refusals)),
                _NO_GROUND_FOUND if not refusals
                else Text("Grounds for refusal found: {count}.", count=len(refusals)),
                refs.refusal_grounds))
        else:
            trace.append(no_ground_step)

        outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
        entitled = prepared.members_entitled
        difference = max(line.amount - per_capita, 0)
        base = rule_set.amount_rounding.divide(difference * entitled, 1)
        trace.append(TraceStep(
            "amount", _AMOUNT_OF_ASSISTANCE,
            (known.figure, pc_figure, Figure(_MEMBERS_ENTITLED, entitled)),
            Text("({line} − {per_capita}) × {members} = {amount} a month.",
                 line=known.money, per_capita=pc, members=entitled, amount=Money(base)),
            refs.amount))
        trace.extend(prepared.later_steps)
        supplement = prepared.child_supplement
        children = prepared.children_supplemented
        monthly = base + supplement
        if outcome is not Outcome.ASSIGNED:
            base = supplement = monthly = children = 0
        month_numbers, start, end, month_count = self._period(day, application_quarter)
        payments = tuple([MonthlyPayment(day.year, m, monthly) for m in month_numbers]) \
            if outcome is Outcome.ASSIGNED else ()
        period_amount = monthly * len(payments)
        monthly_money = Money(monthly)
        trace.append(TraceStep(
            "period", _ASSIGNMENT_PERIOD,
            (start, end, month_count, Figure(_AMOUNT_A_MONTH, monthly_money)),
            Text("{amount} a month × {months} months = {total}.", amount=monthly_money,
                 months=len(month_numbers), total=Money(period_amount)),
            refs.period))
        if outcome is Outcome.ASSIGNED and monthly == 0:
            warnings.append(Issue("amount.zero", Text(
                "The family is eligible, but the amount of assistance is zero."), "",
                Severity.WARNING))
        trace.append(assigned_step if outcome is Outcome.ASSIGNED
                     else _decision_step(outcome, refusals, refs.eligibility))
        assistance_type = prepared.assistance_type
        return Assessment(
            outcome=outcome,
            rule_set=rule_set,
            application_date=day,
            application_quarter=application_quarter,
            income_quarter=prepared.income_quarter,
            refusals=tuple(refusals),
            warnings=tuple(warnings),
            trace=tuple(trace),
            members=prepared.members,
            members_counted=prepared.members_counted,
            members_entitled=entitled,
            income_lines=prepared.income_lines,
            farm_lines=prepared.farm_lines,
            family_income=prepared.family_income,
            per_capita_income=per_capita,
            poverty_line=line,
            eligible=eligible,
            monthly_base=base,
            children_supplemented=children,
            child_supplement=supplement,
            monthly_amount=monthly,
            payments=payments,
            period_amount=period_amount,
            assistance_type=assistance_type,
            social_contract_required=outcome is Outcome.ASSIGNED
            and assistance_type is AssistanceType.CONDITIONAL,
            member_refusals=prepared.member_refusals,
        )

    def _line(self, region: str, quarter: Quarter, refs: References) -> _Line:
        """The line of a region and quarter, its step and its warning when not confirmed."""
        known = self._lines.get((region, quarter))
        if known is not None and known.step.legal_reference is refs.poverty_line:
            return known
        line = self.poverty_lines.get(region, quarter)
        unconfirmed = None if line.sourced.confirmed else Issue(
            "poverty_line.unconfirmed", Text(
                "The poverty line used is not confirmed: {source}.", source=line.source),
            "/office/region", Severity.WARNING)
        step = TraceStep(
            "poverty_line", _POVERTY_LINE,
            (Figure(_REGION, line.region_name),
             Figure(_QUARTER, quarter_text(quarter)),
             Figure(_SOURCE, line.source)),
            Text("The poverty line is {line}.", line=Money(line.amount)),
            refs.poverty_line)
        money = Money(line.amount)
        known = self._lines[(region, quarter)] = _Line(line, step, unconfirmed, money,
                                                       Figure(_POVERTY_LINE, money))
        return known

    def _period(self, day: dt.date, quarter: Quarter,
                ) -> tuple[tuple[int, ...], Figure, Figure, Figure]:
        """The months of the assignment from ``day`` and the figures that do not depend on
        the amount."""
        known = self._periods.get(day)
        if known is None:
            month_numbers = remaining_months(day)
            known = self._periods[day] = (
                month_numbers,
                Figure(_FROM, dt.date(day.year, month_numbers[0], 1)),
                Figure(_TO, quarter.last_day),
                Figure(_MONTHS, len(month_numbers)))
        return known

    def _common_steps(self, refs: References) -> tuple[References, TraceStep, TraceStep]:
        """The steps of a rule set that are the same for every family: no ground for refusal,
        and the decision to assign."""
        known = self._common.get(id(refs))
        if known is None or known[0] is not refs:
            known = self._common[id(refs)] = (
                refs,
                TraceStep("refusal_grounds", _GROUNDS_FOR_REFUSAL, (), _NO_GROUND_FOUND,
                          refs.refusal_grounds),
                _decision_step(Outcome.ASSIGNED, (), refs.eligibility))
        return known


def _family_step(refs: References, facts: Sequence[MemberFacts],
                 counted: Sequence[MemberFacts], entitled: Sequence[MemberFacts],
                 member_refusals: Sequence[RefusalGround]) -> TraceStep:
    family_figures = [
        Figure(_FAMILY_MEMBERS_ENTERED, len(facts)),
        *(Figure(Text("Not counted: {name}", name=f.member.name.full),
                 EXCLUSION_TEXTS[f.member.excluded])
          for f in facts if f.member.excluded is not None),
        Figure(_FAMILY_MEMBERS_COUNTED, len(counted)),
        *(Figure(_NOT_ENTITLED, ground.text) for ground in member_refusals),
    ]
    if len(entitled) != len(counted):
        family_figures.append(Figure(_MEMBERS_ENTITLED, len(entitled)))
    return TraceStep(
        "family", _FAMILY_COMPOSITION, tuple(family_figures),
        Text("{count} family members are counted.", count=len(counted)), refs.family)


def _intake_step(rule_set: RuleSet, documents: int,
                 intake: Sequence[RefusalGround]) -> TraceStep:
    return TraceStep(
        "intake", _SET_OF_DOCUMENTS,
        (Figure(_DOCUMENTS_PRESENTED, documents),),
        numbered_list([g.text for g in intake]) if intake
        else _DOCUMENTS_COMPLETE if rule_set.refuses_expired_documents
        else _DOCUMENTS_COMPLETE_ONLY,
        rule_set.references.refusals[RefusalCode.INCOMPLETE_DOCUMENTS],
    )


def _income_period_step(rule_set: RuleSet, day: dt.date, application_quarter: Quarter,
                        period: Quarter) -> TraceStep:
    return TraceStep(
        "income_period", _INCOME_PERIOD,
        (Figure(_APPLICATION_DATE, day),
         Figure(_QUARTER_OF_APPLICATION, quarter_text(application_quarter)),
         Figure(_INCOME_PERIOD, quarter_text(period))),
        Text("Incomes received in {quarter} are taken.", quarter=quarter_text(period)),
        rule_set.references.income_period)


def _checked(application: Application, parameters: Parameters, policy: ZeroCenturyPolicy,
             rule_set_of: Callable[[dt.date], RuleSet]) -> tuple[RuleSet, list[Issue]]:
    """The rule set and the warnings of a valid application; ``InvalidApplicationError`` with
    every error at once: the fields' own checks, a date before any rule set, and codes the
    parameters or the rule set do not know (a region, a channel)."""
    issues = validate_application(application, policy)
    rule_set: RuleSet | None = None
    try:
        rule_set = rule_set_of(application.application_date)
    except InvalidApplicationError as error:
        issues.extend(error.issues)
    else:
        issues.extend(validate_codes(application, parameters.regions, rule_set))
    found = errors(issues)
    if found or rule_set is None:
        raise InvalidApplicationError(found)
    return rule_set, issues


def _rule_set_step(rule_set: RuleSet, day: dt.date, warnings: list[Issue]) -> TraceStep:
    figures = (Figure(_APPLICATION_DATE, day), Figure(_RULE_SET, rule_set.title))
    if rule_set.in_force(day):
        return TraceStep("rule_set", _RULE_SET, figures,
                         Text("The rules in force on {date} apply.", date=day), rule_set.title)
    # No text of the seeds is in force on this day (docs/rules.md): the last one before it
    # decides, and every page made from the assessment says so.
    gap = Text("No legal text known to Kömek is in force on {date}; the rules of the last one "
               "in force before it apply (in force by its own text until {end}).",
               date=day, end=rule_set.effective_to)
    warnings.append(Issue("ruleset.gap", gap, "/application_date", Severity.WARNING))
    return TraceStep("rule_set", _RULE_SET, figures, gap, rule_set.title)


def _income_ground(rule_set: RuleSet, per_capita: int, line: int, pc: Money,
                   pl: Money) -> RefusalGround:
    """The income ground that applies: above the line, or (Law of 2001) equal to it."""
    refs = rule_set.references.refusals
    if per_capita > line:
        return RefusalGround(RefusalCode.INCOME_ABOVE_LINE, Text(
            "The per-capita income {per_capita} exceeds the poverty line {line}.",
            per_capita=pc, line=pl), refs[RefusalCode.INCOME_ABOVE_LINE])
    return RefusalGround(RefusalCode.INCOME_NOT_BELOW_LINE, Text(
        "The per-capita income {per_capita} equals the poverty line {line}: assistance is "
        "paid to families whose per-capita income is below the poverty line.",
        per_capita=pc, line=pl), refs[RefusalCode.INCOME_NOT_BELOW_LINE])


def _eligibility_step(rule_set: RuleSet, pc: Money, pl: Money, eligible: bool,
                      figures: tuple[Figure, Figure]) -> TraceStep:
    """The comparison of per-capita income ``pc`` with the line ``pl``; ``figures`` show
    both."""
    if rule_set.comparison is Comparison.BELOW:
        rule = _RULE_BELOW_FIGURE
        result = (Text("{per_capita} is below {line}: the family is eligible by income.",
                       per_capita=pc, line=pl) if eligible else
                  Text("{per_capita} is not below {line}: the family is not eligible by income.",
                       per_capita=pc, line=pl))
    else:
        rule = _RULE_NOT_ABOVE_FIGURE
        result = (Text("{per_capita} does not exceed {line}: the family is eligible by income.",
                       per_capita=pc, line=pl) if eligible else
                  Text("{per_capita} exceeds {line}: the family is not eligible by income.",
                       per_capita=pc, line=pl))
    return TraceStep("eligibility", _ELIGIBILITY_BY_INCOME,
                     (*figures, rule), result,
                     rule_set.references.eligibility)


def _child_supplement(
    rule_set: RuleSet, children: int, parameters: Parameters, day: dt.date,
    trace: list[TraceStep],
) -> tuple[int, int]:
    """The supplement a month for ``children`` entitled members of the supplement's ages, and
    the number it is paid for; its step is added to ``trace``."""
    if rule_set.child_supplement_mrp is None:
        return 0, 0
    low, high = rule_set.child_supplement_ages
    if not children:
        trace.append(TraceStep(
            "child_supplement", _CHILD_SUPPLEMENT,
            (Figure(Text("Children aged {low} to {high}", low=low, high=high), 0),),
            _NO_CHILD_OF_AGE,
            rule_set.references.child_supplement))
        return 0, 0
    mrp = parameters.mrp.on(day)
    per_child = rule_set.amount_rounding.apply(rule_set.child_supplement_mrp * mrp.amount)
    total = per_child * children
    trace.append(TraceStep(
        "child_supplement", _CHILD_SUPPLEMENT,
        (Figure(Text("Children aged {low} to {high}", low=low, high=high), children),
         Figure(_MRP, Money(mrp.amount)),
         Figure(_MRPS_PER_CHILD, _decimal(rule_set.child_supplement_mrp))),
        Text("{children} × {per_child} = {total} a month.", children=children,
             per_child=Money(per_child), total=Money(total)),
        rule_set.references.child_supplement))
    return total, children


def _decimal(value: Fraction) -> str:
    """``3/2`` → ``1,5``: a short decimal with the comma of both languages."""
    whole, rest = divmod(value, 1)
    if rest == 0:
        return str(whole)
    digits = str(float(rest))[2:6].rstrip("0")
    return f"{whole},{digits}"


def _assistance_type(rule_set: RuleSet, counted: Sequence[MemberFacts]) -> AssistanceType | None:
    if rule_set.employment_rule is not EmploymentRule.CONDITIONAL:
        return None
    able = [f for f in counted if f.able_bodied]
    if not able or (len(able) == 1 and able[0].carer):
        return AssistanceType.UNCONDITIONAL
    return AssistanceType.CONDITIONAL


def _unregistered_unemployed(
    counted: Sequence[MemberFacts], lines: Sequence[IncomeLine], rule_set: RuleSet
) -> list[RefusalGround]:
    earning = {
        line.entry.member_id for line in lines
        if line.treatment is IncomeTreatment.COUNTED and line.entry.amount > 0
        and line.entry.kind in (IncomeKind.EMPLOYMENT, IncomeKind.ENTREPRENEURSHIP)
    }
    grounds = []
    for facts in counted:
        member = facts.member
        if (facts.able_bodied and not facts.exempt and member.member_id not in earning
                and MemberStatus.REGISTERED_JOB_SEEKER not in member.statuses):
            grounds.append(RefusalGround(
                RefusalCode.UNREGISTERED_UNEMPLOYED,
                Text("Family member {name} is able-bodied, has no income from work and is not "
                     "registered with the employment body: assistance is not assigned to this "
                     "member, who is still counted in the family.", name=member.name.full),
                rule_set.references.refusals[RefusalCode.UNREGISTERED_UNEMPLOYED],
                member_id=member.member_id))
    return grounds


def _decision_step(outcome: Outcome, grounds: Sequence[RefusalGround],
                   reference: Text) -> TraceStep:
    return TraceStep(
        "decision", _DECISION,
        tuple(Figure(_GROUND, g.text) for g in grounds),
        OUTCOME_TEXTS[outcome],
        numbered_list([g.legal_reference for g in grounds]) if grounds else reference,
    )


__all__ = ["INTAKE_CODES", "Assessment", "Assessor", "AssistanceType", "MonthlyPayment",
           "Outcome", "PreparedAssessment", "assess", "decide", "prepare"]
