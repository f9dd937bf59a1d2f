"""The rule modules of the catalogue: the child benefit, the maslikhat's categories, the fuel."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from desktop.domain import child_benefit, local_assistance, rural_fuel
from desktop.domain.assessment import Outcome
from desktop.domain.district_decisions import decision_on, parse_decisions
from desktop.domain.issues import InvalidApplicationError, ParameterError
from desktop.domain.model import DocumentKind, PresentedDocument, Relationship, Sex
from desktop.domain.quarters import Quarter
from desktop.domain.reader import Reader
from tests.support.domain_factories import REGION, application, member, monthly_income, parameters

PARAMS = parameters()
DAY = dt.date(2016, 2, 10)  # the 2015 regulation in force; income quarter 2015-Q4
DISTRICT = "Актогайский район"  # the district of domain_factories' office


def benefit_parameters(basket: str = "15000", per_child: str = "1") -> Any:
    return child_benefit.parse_parameters({"child_benefit": {
        "source": "test", "confirmed": True, "mrp_per_child": per_child,
        "food_basket": [{"region": REGION, "quarter": "2016-Q1", "amount": basket,
                         "source": "test"}]}})


def family(income_a_month: int) -> Any:
    people = [member("m1", Relationship.APPLICANT, dt.date(1988, 4, 2)),
              member("m2", Relationship.CHILD, dt.date(2010, 6, 1), Sex.MALE),
              member("m3", Relationship.CHILD, dt.date(1997, 1, 1), Sex.MALE)]  # 19: not a child
    return application(people, DAY, monthly_income("m1", Quarter(2015, 4), income_a_month),
                       service="child_benefit")


def test_a_family_below_the_food_basket_gets_one_mrp_a_month_for_each_child_under_18():
    decided = child_benefit.assess(family(30_000), PARAMS, benefit_parameters())
    # 30 000 a month over three members: 10 000 a person, below 15 000
    assert decided.outcome is Outcome.ASSIGNED
    assert decided.figures["per_capita_income_tiyn"] == 1_000_000
    assert decided.figures["children"] == 1
    mrp = PARAMS.mrp.on(DAY).amount
    assert decided.monthly_amount == mrp
    assert decided.period_start == dt.date(2016, 2, 1)
    assert decided.period_end == dt.date(2016, 3, 31)
    assert [s.code for s in decided.trace][-6:] == [
        "food_basket", "eligibility", "children", "amount", "period", "decision"]


def test_a_family_not_below_the_food_basket_is_refused():
    decided = child_benefit.assess(family(45_000), PARAMS, benefit_parameters())
    assert decided.outcome is Outcome.REFUSED
    assert [r.code for r in decided.refusals] == ["income_not_below_food_basket"]
    assert decided.monthly_amount == 0 and decided.period_start is None


def test_the_number_of_mrps_a_child_is_data():
    decided = child_benefit.assess(family(30_000), PARAMS, benefit_parameters(per_child="1.5"))
    mrp = PARAMS.mrp.on(DAY).amount
    assert decided.monthly_amount == (mrp * 3 + 1) // 2


def test_the_benefit_ended_with_2017_and_needs_the_food_basket_of_its_quarter():
    late = dataclasses.replace(family(30_000), application_date=dt.date(2018, 1, 9))
    with pytest.raises(InvalidApplicationError) as ended:
        child_benefit.assess(late, PARAMS, benefit_parameters())
    assert ended.value.issues[0].code == "child_benefit.ended"
    other_quarter = dataclasses.replace(family(30_000), application_date=dt.date(2016, 5, 4))
    with pytest.raises(ParameterError) as missing:
        child_benefit.assess(other_quarter, PARAMS, benefit_parameters())
    assert missing.value.issues[0].code == "food_basket.missing"


def test_an_unconfirmed_reading_warns():
    shipped = child_benefit.parse_parameters({"child_benefit": {
        "source": "not in the seeds", "confirmed": False, "mrp_per_child": "1",
        "food_basket": [{"region": REGION, "quarter": "2016-Q1", "amount": "15000",
                         "source": "estimate", "confirmed": False}]}})
    decided = child_benefit.assess(family(30_000), PARAMS, shipped)
    assert {"child_benefit.unconfirmed", "food_basket.unconfirmed"} <= {
        w.code for w in decided.warnings}


def test_the_parameters_are_checked_with_their_pointers():
    with pytest.raises(ParameterError) as error:
        child_benefit.parse_parameters({"child_benefit": {
            "mrp_per_child": "lots", "food_basket": [
                {"region": REGION, "quarter": "2016-Q5", "amount": "-3", "source": "x"}]}})
    pointers = {issue.pointer for issue in error.value.issues}
    assert {"child_benefit#/mrp_per_child", "child_benefit#/source",
            "child_benefit#/food_basket/0/quarter",
            "child_benefit#/food_basket/0/amount"} <= pointers


# --- the maslikhat's decisions ----------------------------------------------------------

DECISION = {
    "district": DISTRICT, "number": "12/3", "date": "2015-12-20",
    "in_force": {"from": "2016-01-01", "to": None}, "source": "Решение маслихата № 12/3",
    "categories": [
        {"id": "large_families", "title": {"kk": "Көпбалалы отбасылар",
                                           "ru": "Многодетные семьи"},
         "payment": "one_time", "amount": "20000", "income_limit_pm": "1",
         "documents": ["hardship_act"]},
        {"id": "veterans", "title": {"kk": "Ардагерлер", "ru": "Ветераны"},
         "payment": "monthly", "amount_mrp": "2", "months": 3, "min_age": 60},
    ],
    "fuel": {"amount_mrp": "6", "spheres": ["health", "education"]},
}


def decisions(*changes: dict[str, Any]) -> Any:
    docs = [DECISION, *changes]
    return local_assistance.parse_parameters({"maslikhat_decisions": {"decisions": docs}})


def assistance(category: str, income: int = 20_000, born: dt.date = dt.date(1980, 1, 1),
               documents: tuple[DocumentKind, ...] = (DocumentKind.HARDSHIP_ACT,)) -> Any:
    people = [member("m1", Relationship.APPLICANT, born)]
    return application(people, DAY, monthly_income("m1", Quarter(2015, 4), income),
                       service="local_assistance",
                       details={"category": category, "household": [{"full_name": "A"},
                                                                    {"full_name": "B"}]},
                       documents=tuple(PresentedDocument(k, original_shown=True)
                                       for k in documents))


def test_a_category_paid_once_checks_its_income_limit_and_documents():
    decided = local_assistance.assess(assistance("large_families"), PARAMS, decisions())
    # 20 000 a month over a household of two: 10 000 a person, within 1 × the minimum
    assert decided.outcome is Outcome.ASSIGNED, [r.text.msgid for r in decided.refusals]
    assert decided.one_time_amount == 2_000_000 and decided.monthly_amount == 0
    codes = [s.code for s in decided.trace]
    assert codes[:1] == ["decision_in_force"] and "income" in codes and "documents" in codes


def test_a_category_refuses_above_its_limit_or_without_its_document():
    decided = local_assistance.assess(assistance("large_families", income=200_000, documents=()),
                                      PARAMS, decisions())
    assert decided.outcome is Outcome.REFUSED
    assert [r.code for r in decided.refusals] == ["income_above_limit", "document_missing"]
    assert decided.one_time_amount == 0


def test_a_monthly_category_in_mrp_with_an_age_condition():
    old = local_assistance.assess(assistance("veterans", born=dt.date(1950, 5, 5)), PARAMS,
                                  decisions())
    assert old.outcome is Outcome.ASSIGNED
    assert old.monthly_amount == 2 * PARAMS.mrp.on(DAY).amount
    assert (old.period_start, old.period_end) == (dt.date(2016, 2, 1), dt.date(2016, 4, 30))
    young = local_assistance.assess(assistance("veterans", born=dt.date(1990, 5, 5)), PARAMS,
                                    decisions())
    assert [r.code for r in young.refusals] == ["age"]


def test_a_category_the_decision_does_not_have_is_wrong_input():
    with pytest.raises(InvalidApplicationError) as error:
        local_assistance.assess(assistance("astronauts"), PARAMS, decisions())
    assert error.value.issues[0].pointer == "/details/category"
    with pytest.raises(InvalidApplicationError):
        local_assistance.assess(assistance(""), PARAMS, decisions())


def test_the_decision_in_force_is_the_districts_latest():
    later = dict(DECISION, number="20/1", in_force={"from": "2016-02-01", "to": None},
                 categories=[])
    found = decisions(later)
    assert decision_on(found, DISTRICT, dt.date(2016, 1, 15)).number == "12/3"
    assert decision_on(found, "  актогайский   РАЙОН ", DAY).number == "20/1"
    with pytest.raises(ParameterError):
        decision_on(found, "Другой район", DAY)
    with pytest.raises(ParameterError):
        decision_on(found, DISTRICT, dt.date(2015, 12, 31))


def test_a_decision_is_checked_with_its_pointers():
    reader = Reader()
    parse_decisions(reader, {"decisions": [{
        "district": "", "number": "1", "date": "2016-13-01", "in_force": {"from": "2016-02-01",
                                                                          "to": "2016-01-01"},
        "source": "s", "categories": [
            {"id": "a", "title": {"kk": "А", "ru": "А"}, "payment": "weekly"},
            {"id": "a", "title": {"kk": "А", "ru": "А"}, "payment": "one_time", "amount": "1",
             "amount_mrp": "2"}],
        "fuel": {"amount": "5", "spheres": ["astronomy"]}}]})
    pointers = {issue.pointer for issue in reader.issues}
    assert {"/decisions/0/district", "/decisions/0/date", "/decisions/0/in_force/to",
            "/decisions/0/categories/0/payment", "/decisions/0/categories/0",
            "/decisions/0/categories/1", "/decisions/0/fuel/spheres/0"} <= pointers


# --- the fuel of rural specialists ----------------------------------------------------------

def fuel(sphere: str = "health", lives: bool = True, works: bool = True) -> Any:
    people = [member("m1", Relationship.APPLICANT, dt.date(1985, 3, 3))]
    return application(people, DAY, service="rural_fuel", details={
        "sphere": sphere, "lives_in_rural_settlement": lives,
        "works_in_rural_settlement": works})


def test_a_rural_specialist_of_a_covered_sphere_gets_the_decisions_amount_once():
    decided = rural_fuel.assess(fuel(), PARAMS, decisions())
    assert decided.outcome is Outcome.ASSIGNED
    assert decided.one_time_amount == 6 * PARAMS.mrp.on(DAY).amount


def test_the_fuel_needs_a_covered_sphere_and_to_live_and_work_in_the_village():
    assert [r.code for r in rural_fuel.assess(fuel("culture"), PARAMS, decisions()).refusals] \
        == ["sphere"]
    assert [r.code for r in rural_fuel.assess(fuel(works=False), PARAMS,
                                              decisions()).refusals] == ["not_rural"]
    with pytest.raises(InvalidApplicationError):
        rural_fuel.assess(fuel(""), PARAMS, decisions())


def test_a_decision_without_fuel_cannot_decide_it():
    without = dict(DECISION, number="20/1", in_force={"from": "2016-02-01", "to": None})
    del without["fuel"]
    with pytest.raises(ParameterError) as error:
        rural_fuel.assess(fuel(), PARAMS, decisions(without))
    assert error.value.issues[0].code == "maslikhat.no_fuel"
