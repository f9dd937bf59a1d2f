"""Changes of circumstances, recalculation and termination (pure rules; Hypothesis over dates
and families)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.assessment import AssistanceType, Outcome, assess
from desktop.domain.case_changes import (
    ChangeKind,
    IncomeAddition,
    NewMember,
    ReportedChange,
    Termination,
    TerminationGround,
    amended_application,
    change_problems,
    payments_stop_from,
    recalculated_terms,
    recalculation_start,
    termination_problems,
    termination_ruling,
    terms_in_force,
)
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import IncomeKind, Relationship, Sex
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import REGION, application, member, monthly_income, parameters

SETTINGS = settings(max_examples=80, deadline=None)
DAY = dt.date(2025, 5, 14)
days = st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31))
kinds = st.frozensets(st.sampled_from(list(ChangeKind)), min_size=1)


def family() -> list:
    return [member("a", Relationship.APPLICANT, dt.date(1985, 3, 1)),
            member("b", Relationship.SPOUSE, dt.date(1987, 6, 2), Sex.MALE),
            member("c", Relationship.CHILD, dt.date(2015, 9, 3)),
            member("d", Relationship.CHILD, dt.date(2019, 1, 4), Sex.MALE)]


def app():  # type: ignore[no-untyped-def]
    people = family()
    quarter = Quarter.of(DAY).previous()
    return application(people, DAY, monthly_income("b", quarter, 60_000)
                       + monthly_income("d", quarter, 5_000))


def terms(start: dt.date, end: dt.date, amount: int = 1_000_000) -> DecisionTerms:
    return DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, amount, start, end)


@SETTINGS
@given(days)
def test_payments_stop_from_the_first_of_the_next_month(day: dt.date) -> None:
    stop = payments_stop_from(day)
    assert stop.day == 1 and stop > day
    assert (stop.year * 12 + stop.month) - (day.year * 12 + day.month) == 1


@SETTINGS
@given(kinds, days, days, days)
def test_recalculation_starts_on_a_month_within_the_period(
        change_kinds: frozenset[ChangeKind], change_day: dt.date, applied: dt.date,
        period_start: dt.date) -> None:
    change = ReportedChange(change_kinds, change_day)
    start = recalculation_start(change, applied, terms(period_start, period_start))
    assert start.day == 1 or start == period_start
    assert start >= period_start
    base = change_day if change_kinds & {ChangeKind.MEMBER_LEFT, ChangeKind.MEMBER_JOINED} \
        else applied
    assert start == max(base.replace(day=1), period_start)


@SETTINGS
@given(st.lists(st.tuples(days, st.integers(0, 5_000_000)), min_size=1, max_size=5), days,
       days)
def test_nothing_is_in_force_after_a_termination(
        recalculations: list[tuple[dt.date, int]], ended: dt.date, day: dt.date) -> None:
    start, end = dt.date(2015, 1, 1), dt.date(2035, 12, 31)
    rulings = [(start, terms(start, end))]
    rulings += [(s, terms(s, end, amount)) for s, amount in recalculations]
    before = terms_in_force(day, rulings)
    after = terms_in_force(day, [*rulings, termination_ruling(ended)])
    if day > ended:
        assert after is None
    else:
        assert after == before


def test_a_later_ruling_replaces_the_earlier_from_its_day() -> None:
    q = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    first, second = terms(*q, 1_000_000), terms(dt.date(2025, 5, 1), q[1], 700_000)
    rulings = [(q[0], first), (dt.date(2025, 5, 1), second)]
    assert terms_in_force(dt.date(2025, 4, 30), rulings) == first
    assert terms_in_force(dt.date(2025, 5, 1), rulings) == second
    assert terms_in_force(dt.date(2025, 7, 1), rulings) is None
    refused = DecisionTerms(Outcome.REFUSED, period_start=dt.date(2025, 6, 1), period_end=q[1])
    assert terms_in_force(dt.date(2025, 6, 2), [*rulings, (dt.date(2025, 6, 1), refused)]) \
        is None


@SETTINGS
@given(st.sets(st.sampled_from(["b", "c", "d"])), st.integers(0, 3), st.integers(1, 10**9))
def test_the_amended_family(left: set[str], joined: int, income: int) -> None:
    original = app()
    born = DAY - dt.timedelta(days=3)
    change = ReportedChange(
        frozenset({ChangeKind.MEMBER_LEFT, ChangeKind.MEMBER_JOINED, ChangeKind.INCOME}), DAY,
        left=tuple(sorted(left)),
        joined=tuple(NewMember("Жаңа", f"Бала{i}", Relationship.CHILD, born, Sex.MALE)
                     for i in range(joined)),
        incomes=(IncomeAddition("a", IncomeKind.ALIMONY, income),))
    amended = amended_application(original, [change])
    assert len(amended.members) == 4 - len(left) + joined
    assert not {i.member_id for i in amended.incomes} & left
    assert sum(i.amount for i in amended.incomes if i.member_id == "a") == income
    assert ReportedChange.from_data(change.to_data()) == change
    assert amended.application_date == original.application_date


def test_a_birth_lowers_the_per_capita_income_and_raises_the_amount() -> None:
    params = parameters({(REGION, str(Quarter.of(DAY))): 40_000_00})
    original = app()
    before = assess(original, params, validate=False, check_documents=False)
    birth = ReportedChange(frozenset({ChangeKind.MEMBER_JOINED}), dt.date(2025, 6, 3),
                           joined=(NewMember("Т", "Б", Relationship.CHILD, dt.date(2025, 5, 1),
                                             Sex.FEMALE),))
    after = assess(amended_application(original, [birth]), params, validate=False,
                   check_documents=False)
    assert after.per_capita_income < before.per_capita_income
    assert after.monthly_amount > before.monthly_amount
    current = terms(dt.date(2025, 5, 1), dt.date(2025, 6, 30))
    start = recalculation_start(birth, DAY, current)
    new = recalculated_terms(after, current, start)
    assert new.period_start == dt.date(2025, 6, 1) and new.period_end == dt.date(2025, 6, 30)
    assert new.monthly_amount == after.monthly_amount


def test_change_and_termination_problems() -> None:
    original = app()
    today = dt.date(2025, 6, 10)
    ok = ReportedChange(frozenset({ChangeKind.MEMBER_LEFT}), today, left=("c",))
    assert change_problems(ok, original, today, dt.date(2025, 5, 1)) == []
    problems = [
        ReportedChange(frozenset(), today),
        ReportedChange(frozenset({ChangeKind.OTHER}), today + dt.timedelta(days=1)),
        ReportedChange(frozenset({ChangeKind.MEMBER_LEFT}), today, left=("a",)),
        ReportedChange(frozenset({ChangeKind.MEMBER_LEFT}), today, left=("zz",)),
        ReportedChange(frozenset({ChangeKind.MEMBER_JOINED}), today),
        ReportedChange(frozenset({ChangeKind.INCOME}), today),
        ReportedChange(frozenset({ChangeKind.MEMBER_LEFT}), dt.date(2025, 4, 1), left=("c",)),
    ]
    for change in problems:
        assert change_problems(change, original, today, dt.date(2025, 5, 1)), change
    current = terms(dt.date(2025, 5, 1), dt.date(2025, 6, 30))
    ground = TerminationGround.APPLICANT_DIED
    assert termination_problems(Termination(ground, today), current, today) == []
    assert termination_problems(Termination(ground, today + dt.timedelta(1)), current, today)
    assert termination_problems(Termination(ground, dt.date(2025, 4, 2)), current, today)
    assert termination_problems(Termination(ground, dt.date(2025, 7, 2)), current,
                                dt.date(2025, 8, 1))
    assert Termination(ground, dt.date(2025, 12, 31)).stop_from == dt.date(2026, 1, 1)
