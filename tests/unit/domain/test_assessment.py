"""Assessment: the worked examples of rules-research.md and every branch of the decision."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from desktop.domain.assessment import AssistanceType, Outcome, assess
from desktop.domain.issues import InvalidApplicationError, ParameterError
from desktop.domain.model import (
    CommissionConclusion,
    DisabilityGroup,
    DocumentKind,
    ExclusionReason,
    FamilyMember,
    IncomeEntry,
    IncomeKind,
    IncomeSource,
    MemberStatus,
    NoNeedCriterion,
    PresentedDocument,
    PriorEvent,
    PriorEventKind,
    RefusalCode,
    Relationship,
    ResidenceStatus,
    Sex,
)
from desktop.domain.quarters import Quarter
from desktop.domain.text import as_written
from tests.support.domain_factories import (
    REGION,
    application,
    documents,
    member,
    monthly_income,
    parameters,
)

D = dt.date
MINISTRY_DAY = D(2019, 2, 15)


def ministry_family() -> list[FamilyMember]:
    """Mother and four children (MTSZN video, 2019; rules-research.md §3.1 example 1)."""
    mother = member("m", Relationship.APPLICANT, D(1984, 4, 2),
                    statuses=frozenset({MemberStatus.CARING_CHILD_UNDER_3}))
    children = [member(f"c{i}", Relationship.CHILD, D(2008 + 2 * i, 5, 1), Sex.MALE)
                for i in range(4)]
    return [mother, *children]


def test_ministry_example_2019() -> None:
    # 50 000 a month, family of 5: per capita 10 000; line 14 849 -> 4 849 x 5 = 24 245
    app = application(ministry_family(), MINISTRY_DAY,
                      monthly_income("m", Quarter(2018, 4), 50_000))
    result = assess(app, parameters({(REGION, "2019-Q1"): 14849}))
    assert result.rule_set.id == "law2001-2018"
    assert result.outcome is Outcome.ASSIGNED
    assert result.family_income == 150_000_00
    assert result.per_capita_income == 10_000_00
    assert result.monthly_base == 24_245_00
    assert result.monthly_amount == 24_245_00
    assert [(p.month, p.amount) for p in result.payments] == [(2, 24_245_00), (3, 24_245_00)]
    assert result.period_amount == 48_490_00
    assert result.assistance_type is AssistanceType.UNCONDITIONAL


def social_code_family() -> list[FamilyMember]:
    """Family of 5 with two children aged 1-6 on 15.05.2025 (rules-research.md example 2)."""
    return [
        member("a", Relationship.APPLICANT, D(1990, 1, 10), Sex.MALE,
               statuses=frozenset({MemberStatus.PERMANENT_EMPLOYMENT})),
        member("b", Relationship.SPOUSE, D(1992, 6, 1),
               statuses=frozenset({MemberStatus.CARING_CHILD_UNDER_3})),
        member("c", Relationship.CHILD, D(2015, 3, 3)),
        member("d", Relationship.CHILD, D(2020, 7, 7)),
        member("e", Relationship.CHILD, D(2023, 9, 9), Sex.MALE),
    ]


def test_social_code_example_with_child_supplement() -> None:
    # Q1 2025 income 300 000 -> 20 000 per capita; line 35 000 (hypothetical in the research)
    # -> 75 000; plus 2 x 1.5 x 3 932 = 11 796; assigned for May and June 2025.
    incomes = [IncomeEntry("a", IncomeKind.EMPLOYMENT, 300_000_00, Quarter(2025, 1))]
    app = application(social_code_family(), D(2025, 5, 15), incomes)
    result = assess(app, parameters({(REGION, "2025-Q2"): 35000}))
    assert result.rule_set.id == "social-code-2023"
    assert result.income_quarter == Quarter(2025, 1)
    assert result.per_capita_income == 20_000_00
    assert result.monthly_base == 75_000_00
    assert result.children_supplemented == 2
    assert result.child_supplement == 11_796_00
    assert result.monthly_amount == 86_796_00
    assert [p.month for p in result.payments] == [5, 6]
    assert result.assistance_type is AssistanceType.CONDITIONAL
    assert result.social_contract_required
    steps = [step.code for step in result.trace]
    assert steps == ["rule_set", "intake", "family", "income_period", "income", "per_capita",
                     "poverty_line", "eligibility", "refusal_grounds", "amount",
                     "child_supplement", "assistance_type", "period", "decision"]
    assert all(step.legal_reference.msgid for step in result.trace)


@pytest.mark.parametrize(("day", "rule_set"), [
    (D(2013, 3, 5), "law2001-2013"), (D(2014, 5, 5), "law2001-2013"),
    (D(2015, 9, 22), "law2001-2015"), (D(2016, 5, 5), "law2001-2015"),
    (D(2018, 5, 4), "law2001-2018"),
    (D(2019, 3, 31), "law2001-2018"), (D(2019, 4, 1), "law2001-2019"),
    (D(2023, 6, 30), "law2001-2019"), (D(2023, 7, 1), "social-code-2023"),
])
def test_the_rule_set_in_force_on_the_application_date_decides(day: dt.date,
                                                               rule_set: str) -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    quarter = str(Quarter.of(day))
    result = assess(application(family, day), parameters({(REGION, quarter): 10000}))
    assert result.rule_set.id == rule_set


def test_no_rule_set_before_the_first_text_is_an_input_error() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    for day in (D(2012, 5, 5), D(2013, 3, 4)):
        with pytest.raises(InvalidApplicationError) as error:
            assess(application(family, day), parameters())
        issue = error.value.issues[0]
        assert (issue.code, issue.pointer) == ("ruleset.none", "/application_date")
        assert issue.message.params["first"] == D(2013, 3, 5)


def at_the_line(day: dt.date, line: int) -> Outcome:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    incomes = monthly_income("a", Quarter.of(day).previous(), line)
    result = assess(application(family, day, incomes),
                    parameters({(REGION, str(Quarter.of(day))): line}))
    assert result.per_capita_income == line * 100
    return result.outcome


def test_income_equal_to_the_line_is_refused_under_the_law_of_2001() -> None:
    assert at_the_line(D(2020, 5, 5), 20000) is Outcome.REFUSED


def test_income_equal_to_the_line_is_eligible_under_the_social_code() -> None:
    assert at_the_line(D(2024, 5, 5), 30000) is Outcome.ASSIGNED


def test_missing_poverty_line_is_a_specific_error_never_zero() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    with pytest.raises(ParameterError) as error:
        assess(application(family, D(2025, 5, 15)), parameters({(REGION, "2025-Q1"): 1}))
    issue = error.value.issues[0]
    assert issue.code == "poverty_line.missing"
    # the region by its name in the reader's language, never its code
    assert issue.message.params["region"] == as_written("Қарағанды облысы",
                                                        "Карагандинская область")
    assert issue.message.params["quarter"].params == {"roman": "II", "year": 2025}


def test_excluded_incomes_are_shown_not_dropped() -> None:
    quarter = Quarter(2025, 1)
    incomes = [
        IncomeEntry("a", IncomeKind.PENSIONS_AND_BENEFITS, 90_000_00, quarter,
                    source=IncomeSource.TARGETED_SOCIAL_ASSISTANCE),
        IncomeEntry("a", IncomeKind.SCHOLARSHIP, 30_000_00, quarter),
        IncomeEntry("a", IncomeKind.PENSIONS_AND_BENEFITS, 120_000_00, quarter),
        IncomeEntry("a", IncomeKind.EMPLOYMENT, 50_000_00, Quarter(2024, 4)),
    ]
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    result = assess(application(family, D(2025, 5, 15), incomes),
                    parameters({(REGION, "2025-Q2"): 50000}))
    treatments = [line.treatment.value for line in result.income_lines]
    assert treatments == ["excluded", "excluded", "counted", "other_period"]
    assert result.family_income == 120_000_00
    income_step = next(s for s in result.trace if s.code == "income")
    assert len(income_step.figures) == 4
    assert income_step.result.params["excluded"].tiyn == 120_000_00


def test_members_not_counted_neither_count_nor_bring_income() -> None:
    family = [
        member("a", Relationship.APPLICANT, D(1970, 1, 1), disability=DisabilityGroup.GROUP_2),
        member("b", Relationship.CHILD, D(2004, 1, 1), Sex.MALE,
               excluded=ExclusionReason.CONSCRIPT_SERVICE),
    ]
    quarter = Quarter(2025, 1)
    incomes = [IncomeEntry("a", IncomeKind.PENSIONS_AND_BENEFITS, 60_000_00, quarter),
               IncomeEntry("b", IncomeKind.OTHER, 90_000_00, quarter)]
    result = assess(application(family, D(2025, 5, 15), incomes),
                    parameters({(REGION, "2025-Q2"): 40000}))
    assert result.members_counted == 1
    assert result.per_capita_income == 20_000_00
    assert result.monthly_amount == 20_000_00
    assert result.assistance_type is AssistanceType.UNCONDITIONAL


def test_a_member_without_permanent_residence_is_counted_but_not_entitled() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1)),
              member("b", Relationship.SPOUSE, D(1952, 1, 1), Sex.MALE,
                     residence_status=ResidenceStatus.FOREIGNER_TEMPORARY)]
    result = assess(application(family, D(2025, 5, 15)),
                    parameters({(REGION, "2025-Q2"): 40000}))
    assert (result.members_counted, result.members_entitled) == (2, 1)
    assert result.monthly_amount == 40_000_00


def test_intake_refusal_lists_missing_and_expired_documents() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    docs = (*documents([DocumentKind.APPLICATION, DocumentKind.FAMILY_COMPOSITION,
                        DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION]),
            PresentedDocument(DocumentKind.IDENTITY_DOCUMENT, expiry_date=D(2025, 1, 1)))
    result = assess(application(family, D(2025, 5, 15), documents=docs), parameters())
    assert result.outcome is Outcome.NOT_ACCEPTED
    codes = [g.code for g in result.refusals]
    assert codes == [RefusalCode.INCOMPLETE_DOCUMENTS, RefusalCode.EXPIRED_DOCUMENTS]
    missing = result.refusals[0].text.params["documents"]
    assert [p.msgid for p in missing.params.values()] == [
        "document confirming registration at the place of residence"]
    assert result.trace[-1].code == "decision"


def test_documents_from_state_systems_need_not_be_presented() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    docs = (*documents([DocumentKind.APPLICATION, DocumentKind.FAMILY_COMPOSITION,
                        DocumentKind.INCOME_INFORMATION, DocumentKind.FARM_INFORMATION]),
            PresentedDocument(DocumentKind.IDENTITY_DOCUMENT, from_state_systems=True),
            PresentedDocument(DocumentKind.RESIDENCE_REGISTRATION, from_state_systems=True))
    result = assess(application(family, D(2025, 5, 15), documents=docs),
                    parameters({(REGION, "2025-Q2"): 40000}))
    assert result.outcome is Outcome.ASSIGNED


def refusals_for(**changes: object) -> list[RefusalCode]:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2025, 5, 15), **changes)
    result = assess(app, parameters({(REGION, "2025-Q2"): 40000}))
    assert (result.outcome is Outcome.REFUSED) == bool(result.refusals)
    if result.refusals:
        assert result.monthly_amount == 0 and result.period_amount == 0
    return [g.code for g in result.refusals]


def test_commission_grounds() -> None:
    assert refusals_for(commission=CommissionConclusion(survey_refused=True)) == [
        RefusalCode.SURVEY_REFUSED]
    no_need = CommissionConclusion(need_confirmed=False, no_need_criteria=(
        NoNeedCriterion.MORE_THAN_ONE_CAR, NoNeedCriterion.PROFIT_PREMISES))
    assert refusals_for(commission=no_need) == [RefusalCode.NO_NEED]
    assert refusals_for(commission=CommissionConclusion(need_confirmed=False)) == [
        RefusalCode.NO_NEED]


@pytest.mark.parametrize(("kind", "code"), [
    (PriorEventKind.REFUSED_EMPLOYMENT_MEASURES, RefusalCode.EMPLOYMENT_MEASURES_REFUSED),
    (PriorEventKind.SOCIAL_CONTRACT_BROKEN, RefusalCode.SOCIAL_CONTRACT_BROKEN),
    (PriorEventKind.FALSE_INFORMATION, RefusalCode.FALSE_INFORMATION),
])
def test_six_month_bars(kind: PriorEventKind, code: RefusalCode) -> None:
    # application on 15.05.2025: an event on 16.11.2024 still bars (until 15.05.2025),
    # one on 15.11.2024 no longer does (until 14.05.2025); a later event is ignored.
    assert refusals_for(prior_events=(PriorEvent(kind, D(2024, 11, 16)),)) == [code]
    assert refusals_for(prior_events=(PriorEvent(kind, D(2024, 11, 15)),)) == []
    assert refusals_for(prior_events=(PriorEvent(kind, D(2025, 6, 1)),)) == []


def test_the_bar_says_until_when() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2025, 5, 15), prior_events=(
        PriorEvent(PriorEventKind.FALSE_INFORMATION, D(2024, 12, 31)),))
    ground = assess(app, parameters({(REGION, "2025-Q2"): 40000})).refusals[0]
    assert ground.until == D(2025, 6, 29)


def test_conditional_assistance_for_an_able_bodied_member() -> None:
    family = [member("a", Relationship.APPLICANT, D(1990, 1, 1), Sex.MALE),
              member("b", Relationship.SPOUSE, D(1991, 1, 1))]
    result = assess(application(family, D(2025, 5, 15)),
                    parameters({(REGION, "2025-Q2"): 40000}))
    assert result.assistance_type is AssistanceType.CONDITIONAL
    assert result.social_contract_required
    assert "a social contract is required" in next(
        s for s in result.trace if s.code == "assistance_type").result.msgid


def test_only_able_bodied_member_caring_gives_unconditional_assistance() -> None:
    family = [member("a", Relationship.APPLICANT, D(1990, 1, 1),
                     statuses=frozenset({MemberStatus.CARING_ELDERLY_OVER_80})),
              member("b", Relationship.PARENT, D(1940, 1, 1))]
    result = assess(application(family, D(2025, 5, 15)),
                    parameters({(REGION, "2025-Q2"): 40000}))
    assert result.assistance_type is AssistanceType.UNCONDITIONAL
    assert not result.social_contract_required


def test_2013_unregistered_unemployed_member_is_not_entitled() -> None:
    # the ground is the person's (seed 004 RU 57, KZ 899): the others are assigned; the
    # full case is in test_old_regimes.py
    family = [member("a", Relationship.APPLICANT, D(1980, 1, 1), Sex.MALE),
              member("b", Relationship.SPOUSE, D(1982, 1, 1),
                     statuses=frozenset({MemberStatus.REGISTERED_JOB_SEEKER})),
              member("c", Relationship.PARENT, D(1975, 1, 1),
                     statuses=frozenset({MemberStatus.CARING_CHILD_UNDER_7})),
              member("d", Relationship.CHILD, D(2012, 1, 1))]
    lines = {(REGION, "2014-Q2"): 8000}
    result = assess(application(family, D(2014, 5, 5)), parameters(lines))
    assert result.outcome is Outcome.ASSIGNED and result.refusals == ()
    assert [g.code for g in result.member_refusals] == [RefusalCode.UNREGISTERED_UNEMPLOYED]
    assert result.member_refusals[0].member_id == "a"
    assert (result.members_counted, result.members_entitled) == (4, 3)
    employed = monthly_income("a", Quarter(2014, 1), 1000)
    working = assess(application(family, D(2014, 5, 5), employed), parameters(lines))
    assert working.member_refusals == () and working.members_entitled == 4


def test_invalid_application_lists_every_error_with_its_pointer() -> None:
    first = member("a", Relationship.APPLICANT, D(1980, 1, 1))
    twin = dataclasses.replace(member("b", Relationship.CHILD, D(2010, 1, 1)), iin=first.iin)
    app = application([first, twin], D(2025, 5, 15),
                      [IncomeEntry("zz", IncomeKind.OTHER, -5, Quarter(2025, 1), month=7)])
    with pytest.raises(InvalidApplicationError) as error:
        assess(app, parameters())
    pointers = {(i.code, i.pointer) for i in error.value.issues}
    assert ("member.duplicate_iin", "/members/1/iin") in pointers
    assert ("member.birth_date_iin", "/members/1/birth_date") in pointers
    assert ("income.member", "/incomes/0/member_id") in pointers
    assert ("income.negative", "/incomes/0/amount") in pointers
    assert ("income.month", "/incomes/0/month") in pointers


def test_farm_income_through_the_norms_table() -> None:
    from desktop.domain.model import LandHolding, LandKind, LivestockHolding, LivestockKind

    farm = {"norms": [{
        "region": REGION, "from": "2024-01-01", "source": "test norms",
        "livestock": [{"kind": "cow", "min_age": 2, "max_age": 99, "monthly_per_head": 5000},
                      {"kind": "cow", "min_age": 0, "max_age": 1, "monthly_per_head": 0},
                      {"kind": "mare", "monthly_per_head": 3000}],
        "land": {"household_plot": 1200}}]}
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2025, 5, 15),
                      livestock=(LivestockHolding(LivestockKind.COW, 2, 4),
                                 LivestockHolding(LivestockKind.COW, 1, 0),
                                 LivestockHolding(LivestockKind.MARE, 1, 6, working_animal=True)),
                      land=(LandHolding(LandKind.HOUSEHOLD_PLOT, 2500),))
    result = assess(app, parameters({(REGION, "2025-Q2"): 40000}, farm=farm))
    incomes = [line.income for line in result.farm_lines]
    # 2 x 5000 x 3; 0; mare counted under the Social Code: 3000 x 3; 0.25 ha x 1200 x 3
    assert incomes == [30_000_00, 0, 9_000_00, 900_00]
    assert result.family_income == 39_900_00
    assert [s.code for s in result.trace].count("farm") == 1

    declared = dict(farm, non_income_declarations=[{
        "region": REGION, "district": "Актогайский район", "from": "2025-01-01",
        "livestock": True, "land": True, "source": "akimat decision (test)"}])
    result = assess(app, parameters({(REGION, "2025-Q2"): 40000}, farm=declared))
    assert result.family_income == 0
    assert not any(line.counted for line in result.farm_lines)


def test_farm_without_norms_is_a_specific_error() -> None:
    from desktop.domain.model import LivestockHolding, LivestockKind

    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2025, 5, 15),
                      livestock=(LivestockHolding(LivestockKind.SHEEP_GOAT, 10, 2),))
    with pytest.raises(ParameterError) as error:
        assess(app, parameters({(REGION, "2025-Q2"): 40000}))
    assert error.value.issues[0].code == "farm.no_norms"
    farm = {"norms": [{"region": REGION, "from": "2024-01-01", "source": "test",
                       "livestock": [{"kind": "cow", "monthly_per_head": 1}]}]}
    with pytest.raises(ParameterError) as error:
        assess(app, parameters({(REGION, "2025-Q2"): 40000}, farm=farm))
    assert error.value.issues[0].code == "farm.no_livestock_norm"
    assert error.value.issues[0].pointer == "/livestock/0"


def test_rounding_is_a_rule_set_parameter() -> None:
    family = [member(x, Relationship.APPLICANT if x == "a" else Relationship.CHILD,
                     D(1950, 1, 1) if x == "a" else D(2010, 1, 1)) for x in "abc"]
    incomes = [IncomeEntry("a", IncomeKind.OTHER, 100_000_01, Quarter(2025, 1))]
    lines = {(REGION, "2025-Q2"): 40000}
    exact = assess(application(family, D(2025, 5, 15), incomes), parameters(lines))
    assert exact.per_capita_income == 11_111_11  # 10 000 001 / 9 = 1 111 111.2 tiyn
    whole = {"rule_sets": {"social-code-2023": {
        "per_capita_rounding": {"mode": "up", "unit": 100},
        "amount_rounding": {"mode": "down", "unit": 100}}}}
    rounded = assess(application(family, D(2025, 5, 15), incomes), parameters(lines, rules=whole))
    assert rounded.per_capita_income == 11_112_00
    assert rounded.monthly_base == (40_000_00 - 11_112_00) * 3


def test_warnings_for_unconfirmed_line_and_missing_commission() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2022, 8, 1), region="astana", commission=None)
    codes = {w.code for w in assess(app, parameters()).warnings}
    assert {"poverty_line.unconfirmed", "commission.missing"} <= codes
