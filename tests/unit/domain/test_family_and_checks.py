"""Family checks and classification, the other input checks, money and rounding."""

from __future__ import annotations

import dataclasses
import datetime as dt
from fractions import Fraction

import pytest

from desktop.domain.assessment import assess
from desktop.domain.family import PensionAge, age_in_years, member_facts, validate_family
from desktop.domain.iban import make_kz_iban
from desktop.domain.issues import InvalidApplicationError, Severity
from desktop.domain.model import (
    BankAccount,
    DisabilityGroup,
    DocumentKind,
    ExclusionReason,
    FamilyMember,
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    MemberStatus,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Representative,
    Sex,
)
from desktop.domain.money import Money, Rounding, RoundingMode, tenge
from desktop.domain.text import Text
from desktop.domain.validation import validate_application
from tests.support.domain_factories import REGION, application, member, parameters

D = dt.date
DAY = D(2025, 5, 15)
PENSION = PensionAge({2001: 63 * 12}, {2001: 58 * 12, 2023: 61 * 12})


def codes(issues: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(issue.code, issue.pointer) for issue in issues}


def test_family_structure_errors() -> None:
    a = member("a", Relationship.APPLICANT, D(1980, 1, 1))
    b = member("b", Relationship.APPLICANT, D(1982, 1, 1))
    twin = dataclasses.replace(member("c", Relationship.CHILD, D(2010, 1, 1)), member_id="a")
    found = codes(validate_family(application([a, b, twin], DAY)))
    assert ("family.applicant_count", "/members") in found
    assert ("member.duplicate_id", "/members/2/member_id") in found
    empty = dataclasses.replace(application([a], DAY), members=())
    assert ("family.empty", "/members") in codes(validate_family(empty))
    assert ("applicant.member", "/applicant/member_id") in codes(validate_family(empty))
    wrong = application([dataclasses.replace(a, relationship=Relationship.SPOUSE), b], DAY)
    found = codes(validate_family(wrong))
    assert ("applicant.relationship", "/members/0/relationship") in found


def test_member_field_errors() -> None:
    zero = FamilyMember("z", PersonName("Тест", "Ә"), Relationship.APPLICANT, iin="980109050588")
    found = codes(validate_family(application([zero], DAY)))
    assert {("iin.century_zero", "/members/0/iin"), ("member.birth_date", "/members/0/birth_date"),
            ("member.sex", "/members/0/sex")} <= found
    a = member("a", Relationship.APPLICANT, D(1980, 1, 1))
    swapped = dataclasses.replace(a, sex=Sex.MALE)
    assert ("member.sex_iin", "/members/0/sex") in codes(validate_family(application([swapped],
                                                                                 DAY)))
    unborn = FamilyMember("u", PersonName("Т", "Т"), Relationship.APPLICANT,
                          birth_date=D(2026, 1, 1), sex=Sex.FEMALE)
    issues = validate_family(application([unborn], DAY))
    assert ("member.birth_future", "/members/0/birth_date") in codes(issues)
    no_iin = [i for i in issues if i.code == "member.no_iin"]
    assert no_iin and no_iin[0].severity is Severity.WARNING


def test_other_input_checks_have_pointers() -> None:
    a = member("a", Relationship.APPLICANT, D(1980, 1, 1))
    app = application(
        [a], DAY, office=Office("X", ""),
        representative=Representative(PersonName("Ө", "Н"), iin="900101300127"),
        livestock=(LivestockHolding(LivestockKind.COW, -1),),
        land=(LandHolding(LandKind.GARDEN, -5),),
        documents=(PresentedDocument(DocumentKind.OTHER, member_id="ghost"),))
    app = dataclasses.replace(app, applicant=dataclasses.replace(
        app.applicant, bank_account=BankAccount("Б", make_kz_iban("601", "0000000012345")[:-1]
                                                 + "X")))
    found = codes(validate_application(app))
    assert {("iban.checksum", "/applicant/bank_account/iban"),
            ("iin.check_digit", "/representative/iin"), ("office.region", "/office/region"),
            ("livestock.negative", "/livestock/0"), ("land.negative", "/land/0/area_m2"),
            ("document.member", "/documents/0/member_id")} <= found
    with pytest.raises(InvalidApplicationError):
        assess(app, parameters())


def test_member_facts_read_birth_and_sex_from_the_iin() -> None:
    a = member("a", Relationship.APPLICANT, D(1990, 6, 15), Sex.MALE)
    facts = member_facts(dataclasses.replace(a, birth_date=None, sex=None), DAY, PENSION, 3)
    assert (facts.birth_date, facts.sex, facts.age, facts.able_bodied) == (
        D(1990, 6, 15), Sex.MALE, 34, True)
    with pytest.raises(ValueError):
        member_facts(FamilyMember("x", PersonName("Т", "Т"), Relationship.CHILD), DAY,
                     PENSION, 3)


@pytest.mark.parametrize(("changes", "able", "exempt"), [
    ({}, True, False),
    ({"disability": DisabilityGroup.GROUP_2}, False, False),
    ({"disability": DisabilityGroup.GROUP_3}, True, True),
    ({"statuses": frozenset({MemberStatus.LONG_TERM_ILLNESS})}, False, False),
    ({"statuses": frozenset({MemberStatus.PENSIONER})}, False, False),
    ({"statuses": frozenset({MemberStatus.FULL_TIME_STUDENT})}, True, True),
    ({"statuses": frozenset({MemberStatus.INPATIENT_OVER_MONTH})}, True, True),
    ({"statuses": frozenset({MemberStatus.CARING_CHILD_UNDER_7})}, True, False),
    ({"excluded": ExclusionReason.COMPULSORY_TREATMENT}, False, False),
])
def test_able_bodied_and_exempt(changes: dict[str, object], able: bool, exempt: bool) -> None:
    a = dataclasses.replace(member("a", Relationship.APPLICANT, D(1990, 1, 1), Sex.MALE),
                            **changes)
    facts = member_facts(a, DAY, PENSION, 3)
    assert (facts.able_bodied, facts.exempt) == (able, exempt)


def test_pension_age_by_year_and_sex() -> None:
    woman = member("w", Relationship.APPLICANT, D(1963, 1, 1))
    assert not member_facts(woman, D(2022, 6, 1), PENSION, 3).able_bodied  # 59 > 58
    assert member_facts(woman, D(2023, 6, 1), PENSION, 3).able_bodied  # 60 < 61
    assert PensionAge({2010: 1}, {2010: 2}).months(Sex.MALE, 2000) == 1  # before the table
    assert age_in_years(D(2000, 2, 29), D(2001, 2, 28)) == 0


@pytest.mark.parametrize(("mode", "value", "expected"), [
    (RoundingMode.HALF_UP, Fraction(5, 2), 3), (RoundingMode.HALF_UP, Fraction(-5, 2), -3),
    (RoundingMode.HALF_EVEN, Fraction(5, 2), 2), (RoundingMode.HALF_EVEN, Fraction(7, 2), 4),
    (RoundingMode.DOWN, Fraction(-7, 3), -2), (RoundingMode.DOWN, Fraction(7, 3), 2),
    (RoundingMode.UP, Fraction(7, 3), 3), (RoundingMode.UP, Fraction(-7, 3), -3),
    (RoundingMode.HALF_UP, Fraction(7, 3), 2), (RoundingMode.HALF_UP, 4, 4),
])
def test_rounding_modes(mode: RoundingMode, value: Fraction, expected: int) -> None:
    assert Rounding(mode).apply(value) == expected
    assert Rounding(mode).divide(value.numerator if isinstance(value, Fraction) else value,
                                 value.denominator if isinstance(value, Fraction) else 1) \
        == expected


def test_rounding_to_whole_tenge_and_negative_denominator() -> None:
    assert Rounding(RoundingMode.HALF_UP, 100).apply(648_750) == 648_800
    assert Rounding().divide(10, -4) == -3


def test_money_text_and_tenge_parsing() -> None:
    assert str(Money(123456789)) == "1\u00a0234\u00a0567,89\u00a0₸"
    assert f"{Money(-50)}" == "-0,50\u00a0₸"
    assert tenge("6487.5") == 648_750 and tenge(14849) == 1_484_900
    with pytest.raises(ValueError):
        tenge("1.005")


def test_text_is_hashable_and_compares_by_value() -> None:
    assert Text("x {a}", a=1) == Text("x {a}", a=1)
    assert len({Text("x {a}", a=1), Text("x {a}", a=1), Text("x {a}", a=2)}) == 2


def test_no_member_counted_is_an_error() -> None:
    a = dataclasses.replace(member("a", Relationship.APPLICANT, D(1980, 1, 1)),
                            excluded=ExclusionReason.DEPRIVATION_OF_LIBERTY)
    with pytest.raises(InvalidApplicationError) as error:
        assess(application([a], DAY), parameters({(REGION, "2025-Q2"): 1}))
    assert error.value.issues[0].code == "family.none_counted"
