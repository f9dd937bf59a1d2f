"""The terms of a draft or final decision: assign (kind, amount, period) or refuse (grounds).

The executor's draft is made from the assessment (the calculation with its trace); the head
may sign it as it is or change it, and the terms are checked the same way either time.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.domain.assessment import Assessment, AssistanceType, Outcome
from desktop.domain.model import RefusalCode
from desktop.domain.refusal import INTAKE_CODES
from desktop.domain.text import Text

__all__ = ["DECISION_GROUNDS", "GROUND_LABELS", "DecisionTerms", "draft_from_assessment",
           "terms_problems"]

# The grounds a head may tick when refusing assignment (Social Code art. 128; 2013 item 10).
GROUND_LABELS: Mapping[RefusalCode, Text] = {
    RefusalCode.INCOME_ABOVE_LINE: Text("Per-capita income above the poverty line"),
    RefusalCode.INCOME_NOT_BELOW_LINE: Text("Per-capita income equal to the poverty line "
                                            "(Law of 2001: assistance below the line)"),
    RefusalCode.NO_NEED: Text("The district commission found no need"),
    RefusalCode.SURVEY_REFUSED: Text("The applicant refused the survey"),
    RefusalCode.EMPLOYMENT_MEASURES_REFUSED: Text("Employment measures refused"),
    RefusalCode.SOCIAL_CONTRACT_BROKEN: Text("Social contract not fulfilled"),
    RefusalCode.FALSE_INFORMATION: Text("False information or documents submitted"),
    RefusalCode.UNREGISTERED_UNEMPLOYED: Text("Unemployed person not registered with the "
                                              "employment body"),
}
DECISION_GROUNDS = tuple(GROUND_LABELS)


@dataclass(frozen=True, slots=True)
class DecisionTerms:
    outcome: Outcome  # ASSIGNED or REFUSED
    assistance_type: AssistanceType | None = None
    monthly_amount: int = 0  # tiyn a month, the whole family
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    refusal_codes: tuple[RefusalCode, ...] = ()
    note: str = ""  # free-text ground, or a remark on the assignment

    @property
    def assigned(self) -> bool:
        return self.outcome is Outcome.ASSIGNED


def draft_from_assessment(assessment: Assessment) -> DecisionTerms:
    """What the rules give: the executor's draft decision."""
    if not assessment.assigned:
        codes = tuple(dict.fromkeys(g.code for g in assessment.refusals))
        return DecisionTerms(Outcome.REFUSED, refusal_codes=codes)
    start = end = None
    if assessment.payments:
        first, last = assessment.payments[0], assessment.payments[-1]
        start = dt.date(first.year, first.month, 1)
        end = dt.date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
    return DecisionTerms(Outcome.ASSIGNED, assessment.assistance_type,
                         assessment.monthly_amount, start, end)


def terms_problems(terms: DecisionTerms) -> list[Text]:
    """What is missing or wrong in the terms (empty: they may be signed)."""
    problems: list[Text] = []
    if terms.outcome is Outcome.ASSIGNED:
        if terms.monthly_amount <= 0:
            problems.append(Text("Enter the monthly amount of the assistance."))
        if terms.period_start is None or terms.period_end is None:
            problems.append(Text("Enter the period of the assistance."))
        elif terms.period_end < terms.period_start:
            problems.append(Text("The period ends before it begins."))
    elif terms.outcome is Outcome.REFUSED:
        if not terms.refusal_codes and not terms.note.strip():
            problems.append(Text("Choose at least one ground for the refusal."))
        if any(code in INTAKE_CODES for code in terms.refusal_codes):
            problems.append(Text("Documents were accepted: refusal to accept them is not a "
                                 "ground for refusing assignment."))
    else:
        problems.append(Text("A decision either assigns assistance or refuses it."))
    return problems
