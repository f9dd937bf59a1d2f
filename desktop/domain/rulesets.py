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

from desktop.domain.issues import Issue, ParameterError
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
    """What an able-bodied member means for the family."""

    REFUSE_UNREGISTERED = "refuse_unregistered"  # 2013: refuse if unemployed, not registered
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
    id: str
    title: Text
    effective_from: dt.date
    effective_to: dt.date | None  # last day in force, inclusive
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


def _law_2001_references(regulation: Text, refusal_item: Text) -> References:
    law = Text("Law of the Republic of Kazakhstan of 17.07.2001 No. 246-II "
               "“On state targeted social assistance”")
    intake = Text("Law of the Republic of Kazakhstan of 15.04.2013 “On state services”, "
                  "art. 20 p.2; {regulation}", regulation=regulation)
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
        eligibility=Text("{law}: assistance to persons (families) with per-capita income below "
                         "the poverty line; {regulation}", law=law, regulation=regulation),
        amount=Text("{law}: the difference between the poverty line and per-capita income, "
                    "for each family member", law=law),
        child_supplement=Text("No child supplement in this rule set"),
        period=Text("{law}: assigned for the quarter from the month of application", law=law),
        assistance_type=Text("{law} as amended from 01.01.2018: unconditional and conditional "
                             "cash assistance", law=law),
        refusals={
            RefusalCode.INCOMPLETE_DOCUMENTS: intake,
            RefusalCode.EXPIRED_DOCUMENTS: intake,
            RefusalCode.INCOME_ABOVE_LINE: refusal_item,
            RefusalCode.SURVEY_REFUSED: law,
            RefusalCode.NO_NEED: Text("{law}; conclusion of the district commission "
                                      "on the need for assistance", law=law),
            RefusalCode.EMPLOYMENT_MEASURES_REFUSED: refusal_item,
            RefusalCode.UNREGISTERED_UNEMPLOYED: refusal_item,
            RefusalCode.SOCIAL_CONTRACT_BROKEN: law,
            RefusalCode.FALSE_INFORMATION: law,
        },
        refusal_grounds=refusal_item,
    )


_REG_2013 = Text("regulation of the Aktogay district akimat of 30.01.2013 No. 03/10")
_REG_2015 = Text("regulation of the North Kazakhstan oblast akimat of 10.08.2015 No. 294")
_REG_2018 = Text("regulation of the Kyzylorda oblast akimat of 11.04.2018 No. 1092")
_REG_2013_ITEM_10 = Text("regulation of the Aktogay district akimat of 30.01.2013 No. 03/10, "
                         "item 10")
_LAW_2001 = Text("Law of the Republic of Kazakhstan of 17.07.2001 No. 246-II "
                 "“On state targeted social assistance”")

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
    effective_from=dt.date(2013, 1, 1),
    effective_to=dt.date(2015, 8, 9),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.REFUSE_UNREGISTERED,
    references=_law_2001_references(_REG_2013, _REG_2013_ITEM_10),
    deadline_schedule="reg2013",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    carer_child_age=7,
    working_animals_excluded=True,
)
LAW_2001_REG_2015 = RuleSet(
    id="law2001-2015",
    title=Text("Law of 2001 on targeted social assistance, as applied by the regulation of 2015"),
    effective_from=dt.date(2015, 8, 10),
    effective_to=dt.date(2017, 12, 31),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.REFUSE_UNREGISTERED,
    references=_law_2001_references(_REG_2015, _LAW_2001),
    deadline_schedule="reg2015",
    channels=(Channel.DISTRICT_OFFICE, Channel.STATE_CORPORATION, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    carer_child_age=7,
    working_animals_excluded=True,
)
LAW_2001_REG_2018 = RuleSet(
    id="law2001-2018",
    title=Text("Law of 2001 on targeted social assistance in the new format from 2018, "
               "as applied by the regulation of 2018"),
    effective_from=dt.date(2018, 1, 1),
    effective_to=dt.date(2019, 3, 31),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.CONDITIONAL,
    references=_law_2001_references(_REG_2018, _LAW_2001),
    deadline_schedule="reg2018",
    channels=(Channel.DISTRICT_OFFICE, Channel.AKIM),
    excluded_sources=_BASE_EXCLUSIONS,
    working_animals_excluded=True,
)
LAW_2001_2019 = RuleSet(
    id="law2001-2019",
    title=Text("Law of 2001 on targeted social assistance as amended from 01.04.2019"),
    effective_from=dt.date(2019, 4, 1),
    effective_to=dt.date(2023, 6, 30),
    comparison=Comparison.BELOW,
    employment_rule=EmploymentRule.CONDITIONAL,
    references=_law_2001_references(_REG_2018, _LAW_2001),
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
    """The rule set in force on the application date."""
    for rule_set in rule_sets:
        if rule_set.in_force(day):
            return rule_set
    raise ParameterError([Issue("ruleset.none", Text(
        "No rule set is in force on {date}: Kömek assesses applications from 01.01.2013.",
        date=day), "/application_date")])
