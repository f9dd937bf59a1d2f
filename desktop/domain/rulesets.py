"""Effective-dated rule sets: which law decides an application of a given date, and how.

Each rule set names its legal source. The structure of the law (who counts, the comparison
with the poverty line, the child supplement, conditional assistance, the refusal grounds)
is code here; the figures (poverty lines, MRP, norms, deadlines) and the points the research
could not confirm (rounding, some income exclusions) are parameters (``parameters.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from desktop.domain.issues import InvalidApplicationError, Issue
from desktop.domain.model import Channel, DocumentKind, IncomeKind, IncomeSource, RefusalCode
from desktop.domain.money import Rounding
from desktop.domain.text import Text


class Comparison(StrEnum):
    """How per-capita income is compared with the poverty line to be eligible."""

    BELOW = "below"  # strictly below: Law of 2001, regulations 2013–2018
    NOT_ABOVE = "not_above"  # not exceeding (equal is eligible): Social Code art. 120 p.1

    def eligible(self, per_capita: int, line: int) -> bool:
        return per_capita < line if self is Comparison.BELOW else per_capita <= line


class EmploymentRule(StrEnum):
    """What an able-bodied member without work means for the family."""

    # 2013 regulation item 10 subpar. 2 (seed 004 RU 57, KZ 899): assistance is refused "to the
    # unemployed not registered with the employment bodies" -- to those persons, not to their
    # family. They stay family members (per-capita income is the family's income per member,
    # item 1 subpar. 2), but they are not entitled: they leave the amount's multiplier.
    UNREGISTERED_NOT_ENTITLED = "unregistered_not_entitled"
    CONDITIONAL = "conditional"  # from 2018: conditional assistance with a social contract


@dataclass(frozen=True, slots=True)
class References:
    """The legal reference of each step of the assessment, in the rule set's own words."""

    family: Text
    income_period: Text
    income: Text
    farm: Text
    per_capita: Text
    poverty_line: Text
    eligibility: Text
    amount: Text
    child_supplement: Text
    period: Text
    assistance_type: Text
    refusals: Mapping[RefusalCode, Text]
    refusal_grounds: Text  # the list of grounds as a whole


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One regime: its source, the span its text gives, and how it decides.

    ``effective_from`` and ``effective_to`` are the days the source's own text puts it in force
    (docs/rules.md, "Rule sets"). A date after ``effective_to`` and before the next rule set
    is in no text of the seeds; ``rule_set_for`` decides it by this rule set, the last one in
    force before it, and the assessment says so (``ruleset.gap``).
    """

    id: str
    title: Text
    effective_from: dt.date
    effective_to: dt.date | None  # last day its text is in force, inclusive
    comparison: Comparison
    employment_rule: EmploymentRule
    references: References
    deadline_schedule: str  # id of a schedule in the deadline parameters
    channels: tuple[Channel, ...]
    excluded_sources: frozenset[IncomeSource]
    excluded_kinds: frozenset[IncomeKind] = frozenset()
    income_months: int = 3
    child_supplement_mrp: Fraction | None = None  # MRPs per child per month
    child_supplement_ages: tuple[int, int] = (1, 6)  # inclusive
    carer_child_age: int = 3  # a carer of a child younger than this is exempt/unconditional
    bar_months: int = 6  # the six-month periods of art. 128 subpars. 4–6
    per_capita_rounding: Rounding = field(default_factory=Rounding)
    amount_rounding: Rounding = field(default_factory=Rounding)
    required_documents: tuple[DocumentKind, ...] = (
        DocumentKind.APPLICATION,
        DocumentKind.IDENTITY_DOCUMENT,
        DocumentKind.FAMILY_COMPOSITION,
        DocumentKind.INCOME_INFORMATION,
        DocumentKind.FARM_INFORMATION,
        DocumentKind.RESIDENCE_REGISTRATION,
    )
    survey_refusal_ground: bool = False
    working_animals_excluded: bool = False
    # Expired documents refuse acceptance only where the text says so: first in 2018
    # (seed 000 lines 76, 104); until then only an incomplete set (seed 002 RU 7420, KZ 1409).
    refuses_expired_documents: bool = True
    # 2018: a one-time payment of conditional assistance with the employment commission's
    # consent (seed 000 line 80). Named in the trace; its amount is not in the seeds.
    one_time_conditional_payment: bool = False

    def in_force(self, day: dt.date) -> bool:
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


# Documents that need not be presented when the data comes from state information systems
# (2015 regulation item 4; service passport, seed 003).
WAIVABLE_DOCUMENTS = frozenset(
    {DocumentKind.IDENTITY_DOCUMENT, DocumentKind.RESIDENCE_REGISTRATION}
)

_BASE_EXCLUSIONS = frozenset(
    {
        IncomeSource.TARGETED_SOCIAL_ASSISTANCE,
        IncomeSource.HOUSING_ASSISTANCE,
        IncomeSource.BURIAL_BENEFIT,
        IncomeSource.DISABLED_CHILD_BENEFIT,
    }
)
_EXCLUSIONS_2019 = _BASE_EXCLUSIONS | {
    IncomeSource.LARGE_FAMILY_ALLOWANCE,
    IncomeSource.MOTHER_HEROINE_BENEFIT,
    IncomeSource.RELOCATION_PAYMENT,
}


_LAW_2001 = Text("Law of the Republic of Kazakhstan of 17.07.2001 No. 246-II "
                 "“On state targeted social assistance”")
_STATE_SERVICES = Text("Law of the Republic of Kazakhstan of 15.04.2013 “On state services”, "
                       "art. 20 p.2")


def _law_2001_references(regulation: Text, intake: Text,
                         refusals: Mapping[RefusalCode, Text], grounds: Text) -> References:
    """The references of a rule set under the Law of 2001; ``refusals`` overrides the Law
    for the grounds its regulation words itself."""
    law = _LAW_2001
    eligibility = Text("{law}: assistance to persons (families) with per-capita income below "
                       "the poverty line; {regulation}", law=law, regulation=regulation)
    return References(
        family=Text("{law}, art. 1 (family, per-capita income); {regulation}",
                    law=law, regulation=regulation),
        income_period=Text("Income sheet of the regulation: income of the quarter before the "
                           "quarter of application; {regulation}", regulation=regulation),
        income=Text("Rules for calculating aggregate income (order No. 237-п of 28.07.2009 "
                    "as amended)"),
        farm=Text("Rules for calculating aggregate income (order No. 237-п of 28.07.2009 "
                  "as amended): personal subsidiary farming"),
        per_capita=Text("{law}, art. 1: per-capita income is the share of the family's aggregate "
                        "income per member per month", law=law),
        poverty_line=Text("Poverty line of the region for the quarter of application"),
        eligibility=eligibility,
        amount=Text("{law}: the difference between the poverty line and per-capita income, "
                    "for each family member", law=law),
        child_supplement=Text("No child supplement in this rule set"),
        period=Text("{law}: assigned for the quarter from the month of application", law=law),
        assistance_type=Text("{law} as amended from 01.01.2018: unconditional and conditional "
                             "cash assistance", law=law),
        refusals={
            RefusalCode.INCOMPLETE_DOCUMENTS: intake,
            RefusalCode.EXPIRED_DOCUMENTS: intake,
            RefusalCode.INCOME_ABOVE_LINE: law,
            RefusalCode.INCOME_NOT_BELOW_LINE: eligibility,
            RefusalCode.SURVEY_REFUSED: law,
            RefusalCode.NO_NEED: Text("{law}; conclusion of the district commission "
                                      "on the need for assistance", law=law),
            RefusalCode.EMPLOYMENT_MEASURES_REFUSED: law,
            RefusalCode.UNREGISTERED_UNEMPLOYED: law,
            RefusalCode.SOCIAL_CONTRACT_BROKEN: law,
            RefusalCode.FALSE_INFORMATION: law,
            **refusals,
        },
        refusal_grounds=grounds,
    )


_REG_2013 = Text("regulation of the Aktogay district akimat of 30.01.2013 No. 03/10")
_REG_2015 = Text("regulation of the North Kazakhstan oblast akimat of 10.08.2015 No. 294")
_REG_2018 = Text("regulation of the Kyzylorda oblast akimat of 11.04.2018 No. 1092")

# The 2013 regulation words its grounds itself (item 10, seed 004 RU 55-59, KZ 897-901).
_REFERENCES_2013 = _law_2001_references(
    _REG_2013,
    # no refusal to accept in the text: the coupon is given "after all the necessary
    # documents" of item 13 are handed in (item 12)
    Text("{regulation}, items 12 and 13", regulation=_REG_2013),
    {
        RefusalCode.INCOME_ABOVE_LINE: Text("{regulation}, item 10 subpar. 1",
                                            regulation=_REG_2013),
        # equal to the line: item 10 subpar. 1 refuses only above it; the service is for
        # families below the line (item 1 subpar. 4, item 2)
        RefusalCode.INCOME_NOT_BELOW_LINE: Text("{regulation}, item 1 subpar. 4 and item 2",
                                                regulation=_REG_2013),
        RefusalCode.UNREGISTERED_UNEMPLOYED: Text("{regulation}, item 10 subpar. 2",
                                                  regulation=_REG_2013),
        RefusalCode.EMPLOYMENT_MEASURES_REFUSED: Text("{regulation}, item 10 subpars. 2 and 3",
                                                      regulation=_REG_2013),
    },
    Text("{regulation}, item 10", regulation=_REG_2013),
)
_REFERENCES_2015 = _law_2001_references(
    _REG_2015,
    # the centre refuses an incomplete set (item 9 subpar. 2; seed 002 RU 7420, KZ 1409)
    Text("{regulation}, item 9 subpar. 2", regulation=_REG_2015),
    {}, _LAW_2001)
_REFERENCES_2018 = _law_2001_references(
    _REG_2018,
    # an incomplete set and (or) expired documents (item 6 subpar. 2; seed 000 lines 76, 104)
    Text("{law}; {regulation}, item 6 subpar. 2", law=_STATE_SERVICES, regulation=_REG_2018),
    {}, _LAW_2001)

_SOCIAL_CODE_REFERENCES = References(
    family=Text("Social Code, art. 120 p.5"),
    income_period=Text("Social Code, art. 127 p.2"),
    income=Text("Social Code, art. 127 p.1; rules for calculating aggregate income "
                "(order No. 181 of 26.05.2023)"),
    farm=Text("Social Code, art. 127 p.1; rules for calculating aggregate income "
              "(order No. 181 of 26.05.2023)"),
    per_capita=Text("Social Code, art. 127 p.2"),
    poverty_line=Text("Social Code, art. 120 p.4; order No. 160 of 19.05.2023"),
    eligibility=Text("Social Code, art. 120 p.1"),
    amount=Text("Social Code, art. 126 p.1"),
    child_supplement=Text("Social Code, art. 126 p.2"),
    period=Text("Social Code, art. 123 p.3"),
    assistance_type=Text("Social Code, arts. 121–122"),
    refusals={
        RefusalCode.INCOMPLETE_DOCUMENTS: Text(
            "Law of the Republic of Kazakhstan of 15.04.2013 “On state services”, art. 20 p.2"),
        RefusalCode.EXPIRED_DOCUMENTS: Text(
            "Law of the Republic of Kazakhstan of 15.04.2013 “On state services”, art. 20 p.2"),
        RefusalCode.INCOME_ABOVE_LINE: Text("Social Code, art. 128 subpar. 1"),
        RefusalCode.INCOME_NOT_BELOW_LINE: Text("Social Code, art. 120 p.1"),
        RefusalCode.SURVEY_REFUSED: Text("Social Code, art. 128 subpar. 2"),
        RefusalCode.NO_NEED: Text("Social Code, art. 128 subpar. 3; art. 125 p.1"),
        RefusalCode.EMPLOYMENT_MEASURES_REFUSED: Text("Social Code, art. 128 subpar. 4"),
        RefusalCode.SOCIAL_CONTRACT_BROKEN: Text("Social Code, art. 128 subpar. 5"),
        RefusalCode.FALSE_INFORMATION: Text("Social Code, art. 128 subpar. 6"),
        RefusalCode.UNREGISTERED_UNEMPLOYED: Text("Social Code, art. 128 subpar. 4"),
    },
    refusal_grounds=Text("Social Code, art. 128"),
)

LAW_2001_REG_2013 = RuleSet(
    id="law2001-2013",
    title=Text("Law of 2001 on targeted social assistance, as applied by the regulation of 2013"),
    # Registered on 05.03.2013, in force from its first official publication (not earlier);
    # repealed by the resolution of 02.05.2013 No. 12/02 (seed 004 lines 3, 17).
    effective_from=dt.date(2013, 3, 5),
    effective_to=dt.date(2013, 5, 1),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.UNREGISTERED_NOT_ENTITLED,
    references=_REFERENCES_2013,
    deadline_schedule="reg2013",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    carer_child_age=7,
    working_animals_excluded=True,
    # item 13 (seed 004 RU 72-78, KZ 914-921): the application gives the identity document's
    # details; the document itself is not in the list
    required_documents=(
        DocumentKind.APPLICATION,
        DocumentKind.FAMILY_COMPOSITION,
        DocumentKind.INCOME_INFORMATION,
        DocumentKind.FARM_INFORMATION,
        DocumentKind.RESIDENCE_REGISTRATION,
    ),
    refuses_expired_documents=False,
)
LAW_2001_REG_2015 = RuleSet(
    id="law2001-2015",
    title=Text("Law of 2001 on targeted social assistance, as applied by the regulation of 2015"),
    # Registered on 11.09.2015, in force ten calendar days after its first official
    # publication (seed 002 lines 3, 28): 22.09.2015 at the earliest. Repealed by the
    # resolution of 26.05.2016 No. 181, itself in force ten days after its publication: the
    # text holds at least until 05.06.2016 (seed 002 lines 3, 5).
    effective_from=dt.date(2015, 9, 22),
    effective_to=dt.date(2016, 6, 5),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.UNREGISTERED_NOT_ENTITLED,
    references=_REFERENCES_2015,
    deadline_schedule="reg2015",
    channels=(Channel.DISTRICT_OFFICE, Channel.STATE_CORPORATION, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    carer_child_age=7,
    working_animals_excluded=True,
    refuses_expired_documents=False,
)
LAW_2001_REG_2018 = RuleSet(
    id="law2001-2018",
    title=Text("Law of 2001 on targeted social assistance in the new format from 2018, "
               "as applied by the regulation of 2018"),
    # Registered on 23.04.2018, in force ten calendar days after its first official
    # publication (seed 000 lines 7, 25): 04.05.2018 at the earliest. The Law as amended from
    # 01.04.2019 follows (the regulation itself held until 16.02.2020 at least, line 9).
    effective_from=dt.date(2018, 5, 4),
    effective_to=dt.date(2019, 3, 31),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.CONDITIONAL,
    references=_REFERENCES_2018,
    deadline_schedule="reg2018",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    working_animals_excluded=True,
    one_time_conditional_payment=True,
)
LAW_2001_2019 = RuleSet(
    id="law2001-2019",
    title=Text("Law of 2001 on targeted social assistance as amended from 01.04.2019"),
    # Secondary sources only (rules-research.md §1.4): no text of the seeds.
    effective_from=dt.date(2019, 4, 1),
    effective_to=dt.date(2023, 6, 30),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.CONDITIONAL,
    references=_REFERENCES_2018,
    deadline_schedule="reg2018",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_EXCLUSIONS_2019,
    excluded_kinds=frozenset({IncomeKind.SCHOLARSHIP}),
    working_animals_excluded=True,
)
SOCIAL_CODE_2023 = RuleSet(
    id="social-code-2023",
    title=Text("Social Code of the Republic of Kazakhstan of 20.04.2023 No. 224-VII, chapter 11"),
    effective_from=dt.date(2023, 7, 1),
    effective_to=None,
    comparison=Comparison.NOT_ABOVE,
    employment_rule=EmploymentRule.CONDITIONAL,
    references=_SOCIAL_CODE_REFERENCES,
    deadline_schedule="social-code",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_EXCLUSIONS_2019,
    excluded_kinds=frozenset({IncomeKind.SCHOLARSHIP}),
    child_supplement_mrp=Fraction(3, 2),
    survey_refusal_ground=True,
)

RULE_SETS: tuple[RuleSet, ...] = (
    LAW_2001_REG_2013,
    LAW_2001_REG_2015,
    LAW_2001_REG_2018,
    LAW_2001_2019,
    SOCIAL_CODE_2023,
)
RULE_SETS_BY_ID: Mapping[str, RuleSet] = {rule_set.id: rule_set for rule_set in RULE_SETS}


def rule_set_for(day: dt.date, rule_sets: tuple[RuleSet, ...] = RULE_SETS) -> RuleSet:
    """The rule set that decides an application of ``day``: the one whose text is in force,
    or, on a day no text of the seeds covers, the last one in force before it (its
    ``in_force(day)`` is then false: the assessment warns). Before the first text there is
    none: ``InvalidApplicationError`` at ``/application_date``."""
    earlier = [rule_set for rule_set in rule_sets if rule_set.effective_from <= day]
    if not earlier:
        first = min(rule_set.effective_from for rule_set in rule_sets)
        raise InvalidApplicationError([Issue("ruleset.none", Text(
            "No rule set is in force on {date}: Kömek assesses applications from {first}, "
            "the earliest date its legal texts give.", date=day, first=first),
            "/application_date")])
    return max(earlier, key=lambda rule_set: rule_set.effective_from)
