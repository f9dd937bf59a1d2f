"""Who is in the family, who is counted, who is able-bodied: checks and classification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.iin import ZeroCenturyPolicy, check_iin
from desktop.domain.issues import Issue, Severity
from desktop.domain.model import (
    CARE_STATUSES,
    Application,
    DisabilityGroup,
    ExclusionReason,
    FamilyMember,
    MemberStatus,
    Relationship,
    ResidenceStatus,
    Sex,
)
from desktop.domain.text import Text

EXCLUSION_TEXTS: Mapping[ExclusionReason, Text] = {
    ExclusionReason.FULL_STATE_SUPPORT: Text("on full state support"),
    ExclusionReason.CONSCRIPT_SERVICE: Text("in conscript military service"),
    ExclusionReason.DEPRIVATION_OF_LIBERTY: Text("in a place of deprivation of liberty"),
    ExclusionReason.COMPULSORY_TREATMENT: Text("in compulsory treatment"),
}
ENTITLED_RESIDENCE = frozenset(ResidenceStatus) - {ResidenceStatus.FOREIGNER_TEMPORARY}
SEVERE_DISABILITY = frozenset({DisabilityGroup.GROUP_1, DisabilityGroup.GROUP_2})


@dataclass(frozen=True, slots=True, eq=False)
class PensionAge:
    """Pension age (Social Code art. 207 p.1) in months, by sex, for a calendar year."""

    men: Mapping[int, int]  # year -> months; the last year given holds for later years
    women: Mapping[int, int]

    def months(self, sex: Sex, year: int) -> int:
        return _pension_months(self, sex, year)


@lru_cache(maxsize=1024)
def _pension_months(age: PensionAge, sex: Sex, year: int) -> int:
    table = age.men if sex is Sex.MALE else age.women
    known = [y for y in table if y <= year]
    return table[max(known)] if known else table[min(table)]


def age_in_months(birth_date: dt.date, on: dt.date) -> int:
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    if on.day < birth_date.day:
        months -= 1
    return months


def age_in_years(birth_date: dt.date, on: dt.date) -> int:
    return age_in_months(birth_date, on) // 12


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """A member as the rules see them on the application date."""

    member: FamilyMember
    birth_date: dt.date
    sex: Sex
    age: int
    counted: bool  # in the family count (art. 120 p.5)
    entitled: bool  # АСП is assigned to this member
    able_bodied: bool  # трудоспособный: 18 to pension age, not disability I/II (art. 1 sp.43)
    exempt: bool  # not obliged to take part in employment measures (art. 122 p.4)
    carer: bool


def validate_family(
    application: Application, policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT
) -> list[Issue]:
    """Every problem of the family block, with the JSON pointer of the field."""
    issues: list[Issue] = []
    seen_ids: dict[str, int] = {}
    seen_iins: dict[str, int] = {}
    applicants = 0
    for index, member in enumerate(application.members):
        where = f"/members/{index}"
        if member.member_id in seen_ids:
            issues.append(Issue("member.duplicate_id", Text(
                "Two family members have the same key “{key}”.", key=member.member_id),
                f"{where}/member_id"))
        seen_ids[member.member_id] = index
        if member.relationship is Relationship.APPLICANT:
            applicants += 1
        issues.extend(_member_issues(member, where, application.application_date, policy))
        if member.iin:
            first = seen_iins.get(member.iin)
            if first is not None:
                issues.append(Issue("member.duplicate_iin", Text(
                    "This IIN is already entered for family member {number}.",
                    number=first + 1), f"{where}/iin"))
            else:
                seen_iins[member.iin] = index
    if not application.members:
        issues.append(Issue("family.empty", Text("The family has no members."), "/members"))
    elif applicants != 1:
        issues.append(Issue("family.applicant_count", Text(
            "Exactly one family member must be the applicant; {count} are marked so.",
            count=applicants), "/members"))
    if application.applicant.member_id not in seen_ids:
        issues.append(Issue("applicant.member", Text(
            "The applicant refers to a family member that is not in the family."),
            "/applicant/member_id"))
    elif application.members[seen_ids[application.applicant.member_id]].relationship \
            is not Relationship.APPLICANT:
        issues.append(Issue("applicant.relationship", Text(
            "The applicant's row in the family must have the relationship “applicant”."),
            f"/members/{seen_ids[application.applicant.member_id]}/relationship"))
    return issues


def _member_issues(
    member: FamilyMember, where: str, on: dt.date, policy: ZeroCenturyPolicy
) -> list[Issue]:
    issues: list[Issue] = []
    decoded_birth: dt.date | None = None
    decoded_sex: Sex | None = None
    if member.iin:
        result = check_iin(member.iin, policy)
        if result.issues:
            issues.extend(issue.at(f"{where}/iin") for issue in result.issues)
        if result.info is not None:
            decoded_birth, decoded_sex = result.info.birth_date, result.info.sex
    if member.birth_date is not None and decoded_birth is not None \
            and member.birth_date != decoded_birth:
        issues.append(Issue("member.birth_date_iin", Text(
            "The birth date {entered} does not match the IIN, which gives {decoded}.",
            entered=member.birth_date, decoded=decoded_birth), f"{where}/birth_date"))
    if member.sex is not None and decoded_sex is not None and member.sex is not decoded_sex:
        issues.append(Issue("member.sex_iin", Text(
            "The sex entered does not match the 7th digit of the IIN."), f"{where}/sex"))
    birth = member.birth_date or decoded_birth
    if birth is None:
        issues.append(Issue("member.birth_date", Text(
            "The birth date is needed (it cannot be read from the IIN)."),
            f"{where}/birth_date"))
    elif birth > on:
        issues.append(Issue("member.birth_future", Text(
            "The birth date {date} is after the application date.", date=birth),
            f"{where}/birth_date"))
    if (member.sex or decoded_sex) is None:
        issues.append(Issue("member.sex", Text(
            "The sex is needed (it cannot be read from the IIN)."), f"{where}/sex"))
    if not member.iin:
        issues.append(Issue("member.no_iin", Text(
            "No IIN is entered for this family member."), f"{where}/iin", Severity.WARNING))
    return issues


def member_facts(
    member: FamilyMember, on: dt.date, pension_age: PensionAge, carer_child_age: int
) -> MemberFacts:
    """Classify one member. The member must have passed ``validate_family``."""
    birth = member.birth_date
    sex = member.sex
    if birth is None or sex is None:
        info = check_iin(member.iin).info
        birth = birth or (info.birth_date if info else None)
        sex = sex or (info.sex if info else None)
    if birth is None or sex is None:
        raise ValueError(f"member {member.member_id} has no birth date or sex")
    months = age_in_months(birth, on)
    statuses = member.statuses
    of_pension_age = months >= pension_age.months(sex, on.year) \
        or MemberStatus.PENSIONER in statuses
    able_bodied = (
        months >= 18 * 12
        and not of_pension_age
        and member.disability not in SEVERE_DISABILITY
        and MemberStatus.LONG_TERM_ILLNESS not in statuses
    )
    carer = bool(statuses & CARE_STATUSES) or (
        MemberStatus.CARING_CHILD_UNDER_7 in statuses and carer_child_age >= 7
    )
    exempt = able_bodied and (
        carer
        or MemberStatus.FULL_TIME_STUDENT in statuses
        or MemberStatus.PERMANENT_EMPLOYMENT in statuses
        or MemberStatus.INPATIENT_OVER_MONTH in statuses
        or member.disability is not None
    )
    counted = member.excluded is None
    return MemberFacts(
        member=member,
        birth_date=birth,
        sex=sex,
        age=months // 12,
        counted=counted,
        entitled=counted and member.residence_status in ENTITLED_RESIDENCE,
        able_bodied=able_bodied and counted,
        exempt=exempt,
        carer=carer,
    )
