"""A region's poverty line for a quarter, computed from the published figures it is set from.

The line applies to the quarter of application; it is computed from figures of the quarter
before it. The act that computes it is the one in force for that quarter of application:

* 2013 – 2017 (Law No. 246-II of 17.07.2001, rules of decree No. 537 of 08.04.2000, the
  minister's order for each quarter): 40 % of the subsistence minimum of the past quarter;
* 2018 – I quarter 2019 (the minister's order "On determining the size of the poverty line"
  of 2017): 50 %;
* II quarter 2019 – II quarter 2023 (the same order as amended in 2019): 70 %;
* from 1 July 2023 (Social Code art. 120, order No. 160 of 19.05.2023): 70 % of the
  regional subsistence minimum of the quarter before the quarter of application;
* from 1 January 2025 (order No. 160 as amended by order No. 473 of 20.12.2024): 35 % of the
  median income of that quarter, but not less than 70 % of the regional subsistence minimum
  of the same quarter: the larger of the two.

Money is integer tiyn. The acts do not say how the line is rounded; every line published is
whole tenge and 50 % of 22 941 was published as 11 471, so the line is rounded to the whole
tenge, halves up (``LINE_ROUNDING``; docs/rules.md says where this is not confirmed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from desktop.domain.issues import DomainError, Issue
from desktop.domain.money import Money, Rounding, RoundingMode
from desktop.domain.quarters import Quarter, quarter_text
from desktop.domain.text import Text

LINE_ROUNDING = Rounding(RoundingMode.HALF_UP, 100)  # to the whole tenge, halves up
_SHOWN = Rounding(RoundingMode.HALF_UP, 1)  # a share as shown in the formula: to the tiyn


class LineFigure(StrEnum):
    """A published figure a line is computed from (the field it is entered in)."""

    SUBSISTENCE_MINIMUM = "subsistence_minimum"  # regional, of the quarter before
    MEDIAN_INCOME = "median_income"  # of the quarter before


@dataclass(frozen=True, slots=True)
class Act:
    """A legal act as cited: its number and date as data, its citation in both languages."""

    number: str  # "" when the research did not find it
    date: dt.date | None
    citation: Text


LAW_2001 = Act("246-II", dt.date(2001, 7, 17), Text(
    "Law of the Republic of Kazakhstan of 17.07.2001 No. 246-II "
    "“On state targeted social assistance”"))
RULES_2000 = Act("537", dt.date(2000, 4, 8), Text(
    "Rules for determining the poverty line, approved by decree of the Government of the "
    "Republic of Kazakhstan of 08.04.2000 No. 537"))
QUARTERLY_ORDERS = Act("", None, Text(
    "Orders of the Minister of Labour and Social Protection of the Population of the Republic "
    "of Kazakhstan determining the poverty line for each quarter"))
ORDER_2017 = Act("", None, Text(
    "Order of the Minister of Labour and Social Protection of the Population of the Republic "
    "of Kazakhstan “On determining the size of the poverty line” of 2017, as amended in 2019"))
SOCIAL_CODE = Act("224-VII", dt.date(2023, 4, 20), Text(
    "Social Code of the Republic of Kazakhstan of 20.04.2023 No. 224-VII, article 120"))
ORDER_160 = Act("160", dt.date(2023, 5, 19), Text(
    "Order of the Minister of Labour and Social Protection of the Population of the Republic "
    "of Kazakhstan of 19.05.2023 No. 160 “On determining the size of the poverty line”"))
ORDER_473 = Act("473", dt.date(2024, 12, 20), Text(
    "Order of the Minister of Labour and Social Protection of the Population of the Republic "
    "of Kazakhstan of 20.12.2024 No. 473 amending order No. 160 (in force from 06.01.2025)"))


@dataclass(frozen=True, slots=True)
class LineRule:
    """How the line of the quarters ``first`` … ``last`` (inclusive) is computed."""

    id: str
    first: Quarter
    last: Quarter | None  # None: in force
    subsistence_percent: int  # of the regional subsistence minimum of the quarter before
    median_percent: int | None  # of the median income of the quarter before; None: not used
    acts: tuple[Act, ...]

    def governs(self, quarter: Quarter) -> bool:
        return self.first <= quarter and (self.last is None or quarter <= self.last)

    @property
    def figures(self) -> tuple[LineFigure, ...]:
        """The figures this rule needs, in the order the forms ask for them."""
        if self.median_percent is None:
            return (LineFigure.SUBSISTENCE_MINIMUM,)
        return (LineFigure.SUBSISTENCE_MINIMUM, LineFigure.MEDIAN_INCOME)

    @property
    def statement(self) -> Text:
        """The rule in one sentence, as the dialog shows it before figures are entered."""
        if self.median_percent is None:
            return Text("{percent} per cent of the regional subsistence minimum of the quarter "
                        "before the quarter of application.", percent=self.subsistence_percent)
        return Text("{median_percent} per cent of the median income of the quarter before the "
                    "quarter of application, but not less than {percent} per cent of the regional "
                    "subsistence minimum of that quarter.", median_percent=self.median_percent,
                    percent=self.subsistence_percent)

    @property
    def sources(self) -> Text:
        """The acts, cited in the reader's language and joined by semicolons."""
        text = self.acts[0].citation
        for act in self.acts[1:]:
            text = Text("{first}; {second}", first=text, second=act.citation)
        return text


RULES: tuple[LineRule, ...] = (
    LineRule("law2001-40", Quarter(2013, 1), Quarter(2017, 4), 40, None,
             (LAW_2001, RULES_2000, QUARTERLY_ORDERS)),
    LineRule("law2001-50", Quarter(2018, 1), Quarter(2019, 1), 50, None, (LAW_2001, ORDER_2017)),
    LineRule("law2001-70", Quarter(2019, 2), Quarter(2023, 2), 70, None, (LAW_2001, ORDER_2017)),
    LineRule("order160", Quarter(2023, 3), Quarter(2024, 4), 70, None, (SOCIAL_CODE, ORDER_160)),
    LineRule("order160-473", Quarter(2025, 1), None, 70, 35,
             (SOCIAL_CODE, ORDER_160, ORDER_473)),
)


def rule_for(quarter: Quarter) -> LineRule | None:
    """The rule that computes the line of ``quarter`` (of application); None before 2013."""
    return next((rule for rule in RULES if rule.governs(quarter)), None)


def rule_by_id(rule_id: str) -> LineRule | None:
    return next((rule for rule in RULES if rule.id == rule_id), None)


@dataclass(frozen=True, slots=True)
class LineFigures:
    """The published figures of the quarter before the quarter of application, in tiyn."""

    subsistence_minimum: int | None = None  # regional subsistence minimum
    median_income: int | None = None

    def get(self, figure: LineFigure) -> int | None:
        if figure is LineFigure.SUBSISTENCE_MINIMUM:
            return self.subsistence_minimum
        return self.median_income


@dataclass(frozen=True, slots=True)
class ComputedLine:
    """A line computed by its rule: the figures, each share exact, the line rounded."""

    quarter: Quarter
    rule: LineRule
    figures: LineFigures
    from_subsistence_minimum: Fraction  # tiyn, exact
    from_median_income: Fraction | None  # tiyn, exact; None when the rule does not use it
    amount: int  # tiyn, rounded to the whole tenge

    @property
    def formula(self) -> Text:
        """The computation with its figures, in a sentence of the reader's language."""
        rule = self.rule
        minimum = self.figures.subsistence_minimum or 0
        line = Money(self.amount)
        from_minimum = Money(_SHOWN.apply(self.from_subsistence_minimum))
        if self.from_median_income is None:
            return Text("{percent} % × {minimum} (subsistence minimum of {period}) = "
                        "{from_minimum}; rounded to the tenge: {line}.",
                        percent=rule.subsistence_percent, minimum=Money(minimum),
                        period=quarter_text(self.quarter.previous()),
                        from_minimum=from_minimum, line=line)
        return Text("The larger of {median_percent} % × {median} (median income of {period}) = "
                    "{from_median} and {percent} % × {minimum} (subsistence minimum) = "
                    "{from_minimum}; rounded to the tenge: {line}.",
                    median_percent=rule.median_percent,
                    median=Money(self.figures.median_income or 0),
                    period=quarter_text(self.quarter.previous()),
                    from_median=Money(_SHOWN.apply(self.from_median_income)),
                    percent=rule.subsistence_percent, minimum=Money(minimum),
                    from_minimum=from_minimum, line=line)


class LineFigureError(DomainError):
    """The figures cannot give a line; each issue's pointer names its field
    (``subsistence_minimum``, ``median_income``, or ``quarter`` when no rule applies)."""


def compute_line(quarter: Quarter, figures: LineFigures) -> ComputedLine:
    """The line of ``quarter`` computed by the rule in force for it from ``figures``.

    Raises ``LineFigureError`` naming each field that is missing, not positive, or not used
    by the rule of that quarter.
    """
    rule = rule_for(quarter)
    if rule is None:
        raise LineFigureError([Issue("poverty_line.no_rule", Text(
            "No act known to Kömek computes the poverty line for {quarter}: enter the line "
            "itself.", quarter=quarter_text(quarter)), "quarter")])
    issues: list[Issue] = []
    for figure in LineFigure:
        value = figures.get(figure)
        field = figure.value
        if figure in rule.figures:
            if value is None:
                issues.append(Issue("input.required", _REQUIRED[figure], field))
            elif value <= 0:
                issues.append(Issue("input.range", Text(
                    "The figure must be greater than zero."), field))
        elif value is not None:
            issues.append(Issue("poverty_line.figure_not_used", Text(
                "For {quarter} the median income does not enter the poverty line (it does from "
                "1 January 2025, order No. 473): leave it empty.",
                quarter=quarter_text(quarter)), field))
    if issues:
        raise LineFigureError(issues)
    minimum = figures.subsistence_minimum or 0
    from_minimum = Fraction(minimum * rule.subsistence_percent, 100)
    from_median = None
    exact = from_minimum
    if rule.median_percent is not None:
        from_median = Fraction((figures.median_income or 0) * rule.median_percent, 100)
        exact = max(from_median, from_minimum)
    return ComputedLine(quarter, rule, figures, from_minimum, from_median,
                        LINE_ROUNDING.apply(exact))


_REQUIRED = {
    LineFigure.SUBSISTENCE_MINIMUM: Text(
        "Enter the region's subsistence minimum of the quarter before."),
    LineFigure.MEDIAN_INCOME: Text("Enter the median income of the quarter before."),
}
