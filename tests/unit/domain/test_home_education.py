"""The reimbursement of the costs of home education of children with disabilities (§8).

The regulations (seed 002, 2015: KZ 2393-2711, RU 8426-8734; seed 000, 2018: lines 185-296)
give the procedure and the result, "жәрдемақы тағайындау туралы хабарлама" / "уведомление о
назначении пособия" (KZ 2406, RU 8439; seed 000 line 204), but no amount: the amount is the
district maslikhat's (Law of 11.07.2002 No. 343, article 16 subparagraph 4), in MRP for each
child a month or a quarter. The school's certificate (appendix 3, KZ 2661-2678, RU 8694-8707)
and the PMPK conclusion (KZ 2417, RU 8450) show the home education; the disability certificate
(KZ 2418, RU 8451) the child's disability.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.domain import home_education
from desktop.domain.assessment import Outcome
from desktop.domain.district_decisions import parse_decisions
from desktop.domain.issues import InvalidApplicationError, ParameterError
from desktop.domain.model import Relationship, Sex
from desktop.domain.reader import Reader
from tests.support.domain_factories import application, iin_for, member, parameters

PARAMS = parameters()
DAY = dt.date(2016, 2, 10)  # the 2015 regulation in force; the MRP of 2016 is 2 121 tenge
DISTRICT = "Актогайский район"  # the district of domain_factories' office
CHILD_BORN = dt.date(2006, 9, 14)
DECISION = {
    "district": DISTRICT, "number": "39-2", "date": "2016-01-18",
    "in_force": {"from": "2016-01-01", "to": None},
    "source": "Решение маслихата № 39-2",
    "home_education": {"amount_mrp": "6.5", "per": "quarter"},
}


def decisions(**home: Any) -> Any:
    decision = dict(DECISION, home_education=home) if home else DECISION
    return home_education.parse_parameters({"maslikhat_decisions": {"decisions": [decision]}})


def case(**details: Any) -> Any:
    people = [member("m1", Relationship.APPLICANT, dt.date(1984, 5, 2))]
    own = {"child_iin": iin_for(CHILD_BORN, Sex.FEMALE), "disability_group": "child",
           "disability_until": "2017-09-14", "home_education_until": "2016-05-25", **details}
    return application(people, DAY, service="home_education", details=own)


def test_a_quarters_mrps_are_paid_a_third_a_month_until_the_home_education_ends():
    decided = home_education.assess(case(), PARAMS, decisions())
    assert decided.outcome is Outcome.ASSIGNED
    mrp = PARAMS.mrp.on(DAY).amount
    assert mrp == 212_100  # 2 121 tenge in 2016 (resources/params/mrp.yaml)
    # 6.5 MRP a quarter: 13 786.50 tenge, 4 595.50 a month
    assert decided.figures["stated_tiyn"] == 1_378_650
    assert decided.monthly_amount == 459_550
    # from the month of application to the end of the month of the certificate's term
    assert (decided.period_start, decided.period_end) == (dt.date(2016, 2, 1),
                                                          dt.date(2016, 5, 31))
    assert decided.figures["months"] == 4
    amount = next(s for s in decided.trace if s.code == "amount")
    assert [f.value for f in amount.figures][1] == "6,5"  # MRPs, as the desk writes them
    assert [s.code for s in decided.trace] == [
        "decision_in_force", "child_age", "disability", "home_education", "amount", "period",
        "decision"]


def test_a_monthly_amount_is_the_decisions_mrps_and_ends_with_the_year_of_the_mrp():
    decided = home_education.assess(case(home_education_until="2017-05-25"), PARAMS,
                                    decisions(amount_mrp="3", per="month"))
    assert decided.monthly_amount == 3 * 212_100
    # the MRP changes on 1 January: the next year is assigned again on the new MRP
    assert decided.period_end == dt.date(2016, 12, 31)


def test_an_amount_in_tenge_and_the_disabilitys_term_end_the_period():
    decided = home_education.assess(
        case(disability_until="2016-04-10", home_education_until="2016-05-25"), PARAMS,
        decisions(amount="10000", per="month"))
    assert decided.monthly_amount == 1_000_000
    assert decided.period_end == dt.date(2016, 4, 10)


def test_the_eve_of_the_eighteenth_birthday_ends_the_period():
    born = dt.date(1998, 3, 20)
    decided = home_education.assess(
        case(child_iin=iin_for(born, Sex.MALE), disability_until=None,
             home_education_until="2016-05-25"), PARAMS, decisions())
    assert decided.period_end == dt.date(2016, 3, 19)


@pytest.mark.parametrize(("details", "code"), [
    ({"child_iin": iin_for(dt.date(1997, 1, 5), Sex.MALE)}, "child_adult"),
    ({"disability_group": ""}, "no_disability"),
    ({"disability_until": "2016-01-31"}, "disability_ended"),
    ({"home_education_until": "2016-01-31"}, "home_education_ended"),
])
def test_each_ground_of_refusal(details: dict[str, Any], code: str):
    decided = home_education.assess(case(**details), PARAMS, decisions())
    assert decided.outcome is Outcome.REFUSED
    assert [r.code for r in decided.refusals] == [code]
    assert decided.monthly_amount == 0 and decided.period_start is None


def test_the_childs_iin_and_the_term_of_home_education_are_needed():
    with pytest.raises(InvalidApplicationError) as error:
        home_education.assess(case(child_iin="123"), PARAMS, decisions())
    assert error.value.issues[0].pointer == "/details/child_iin"
    with pytest.raises(InvalidApplicationError) as error:
        home_education.assess(case(home_education_until=""), PARAMS, decisions())
    assert error.value.issues[0].pointer == "/details/home_education_until"


def test_a_decision_without_home_education_cannot_decide_it():
    without = {k: v for k, v in DECISION.items() if k != "home_education"}
    parsed = home_education.parse_parameters({"maslikhat_decisions": {"decisions": [without]}})
    with pytest.raises(ParameterError) as error:
        home_education.assess(case(), PARAMS, parsed)
    assert error.value.issues[0].code == "maslikhat.no_home_education"


def test_the_decisions_home_education_part_is_checked_with_its_pointers():
    reader = Reader()
    parse_decisions(reader, {"decisions": [dict(DECISION, home_education={
        "amount_mrp": "-1", "per": "week"})]})
    pointers = {issue.pointer for issue in reader.issues}
    assert {"/decisions/0/home_education/amount_mrp",
            "/decisions/0/home_education/per"} <= pointers
