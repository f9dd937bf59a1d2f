"""Properties of the assessment over generated families (Hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop.domain.assessment import Outcome, assess
from desktop.domain.model import (
    FamilyMember,
    IncomeEntry,
    IncomeKind,
    MemberStatus,
    PersonName,
    Relationship,
    Sex,
)
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import REGION, application, iin_for, parameters

LINE = 40_000
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
PARAMS: dict[int, Parameters] = {}


def params_for(line: int) -> Parameters:
    if line not in PARAMS:
        PARAMS[line] = parameters({(REGION, q): line for q in ("2019-Q1", "2025-Q2")})
    return PARAMS[line]


@st.composite
def families(draw: st.DrawFn) -> list[FamilyMember]:
    size = draw(st.integers(1, 7))
    members = []
    for index in range(size):
        birth = draw(st.dates(dt.date(1940, 1, 1), dt.date(2018, 12, 31)))
        sex = draw(st.sampled_from(list(Sex)))
        statuses = draw(st.frozensets(st.sampled_from([
            MemberStatus.FULL_TIME_STUDENT, MemberStatus.CARING_CHILD_UNDER_3,
            MemberStatus.PERMANENT_EMPLOYMENT]), max_size=2))
        members.append(FamilyMember(
            member_id=f"m{index}", name=PersonName(f"Тест{index}", "Ерлан"),
            relationship=Relationship.APPLICANT if index == 0 else Relationship.CHILD,
            iin=iin_for(birth, sex), birth_date=birth, sex=sex, statuses=statuses))
    return members


def incomes_for(members: list[FamilyMember], amounts: list[int],
                quarter: Quarter) -> list[IncomeEntry]:
    return [IncomeEntry(members[i % len(members)].member_id, IncomeKind.EMPLOYMENT, amount,
                        quarter) for i, amount in enumerate(amounts)]


DAYS = st.sampled_from([dt.date(2025, 5, 15), dt.date(2025, 4, 1), dt.date(2019, 2, 15)])
AMOUNTS = st.lists(st.integers(0, 60_000_000), max_size=6)


@SETTINGS
@given(families(), AMOUNTS, st.integers(1, 50_000_000), DAYS)
def test_more_income_never_raises_the_amount(members: list[FamilyMember], amounts: list[int],
                                             extra: int, day: dt.date) -> None:
    quarter = Quarter.of(day).previous()
    before = assess(application(members, day, incomes_for(members, amounts, quarter)),
                    params_for(LINE))
    more = [*amounts, extra]
    after = assess(application(members, day, incomes_for(members, more, quarter)),
                   params_for(LINE))
    assert after.monthly_amount <= before.monthly_amount
    assert after.per_capita_income >= before.per_capita_income
    assert before.monthly_amount >= 0 and before.period_amount >= 0
    assert after.monthly_amount >= 0


@SETTINGS
@given(families(), st.integers(-3, 3), DAYS)
def test_at_and_around_the_line(members: list[FamilyMember], offset_tiyn: int,
                                day: dt.date) -> None:
    counted = len(members)
    quarter = Quarter.of(day).previous()
    total = LINE * 100 * counted * 3 + offset_tiyn * counted * 3
    assume(total >= 0)
    result = assess(application(members, day, incomes_for(members, [total], quarter)),
                    params_for(LINE))
    assert result.per_capita_income == LINE * 100 + offset_tiyn
    if offset_tiyn > 0:  # just above the line: refused under every rule set
        assert result.outcome is Outcome.REFUSED
    elif offset_tiyn == 0:  # at the line: the rule set's comparison decides
        expected = Outcome.ASSIGNED if result.rule_set.id == "social-code-2023" \
            else Outcome.REFUSED
        assert result.outcome is expected
    else:
        assert result.outcome is Outcome.ASSIGNED
        assert result.monthly_base == -offset_tiyn * counted


@SETTINGS
@given(families(), AMOUNTS, st.randoms(use_true_random=False), DAYS)
def test_permuting_members_changes_nothing(members: list[FamilyMember], amounts: list[int],
                                           random: object, day: dt.date) -> None:
    quarter = Quarter.of(day).previous()
    incomes = incomes_for(members, amounts, quarter)
    first = assess(application(members, day, incomes), params_for(LINE))
    shuffled = list(members)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    applicant = next(m for m in shuffled if m.relationship is Relationship.APPLICANT)
    app = application(shuffled, day, list(reversed(incomes)))
    app = dataclasses.replace(app, applicant=dataclasses.replace(
        app.applicant, member_id=applicant.member_id))
    second = assess(app, params_for(LINE))
    for field in ("outcome", "per_capita_income", "family_income", "monthly_amount",
                  "period_amount", "assistance_type", "members_counted", "child_supplement",
                  "refusals"):
        assert getattr(first, field) == getattr(second, field), field
