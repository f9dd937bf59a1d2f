"""Decision terms: checked before the head signs."""

from __future__ import annotations

import datetime as dt

from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.decision import DecisionTerms, terms_problems
from desktop.domain.model import RefusalCode


def test_assignment_needs_amount_and_a_period_in_order() -> None:
    assert len(terms_problems(DecisionTerms(Outcome.ASSIGNED))) == 2
    backwards = DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, 100,
                              dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert [p.msgid for p in terms_problems(backwards)] == ["The period ends before it begins."]


def test_refusal_needs_a_ground_and_never_an_intake_one() -> None:
    assert terms_problems(DecisionTerms(Outcome.REFUSED))
    assert not terms_problems(DecisionTerms(Outcome.REFUSED, note="other ground"))
    assert not terms_problems(DecisionTerms(Outcome.REFUSED,
                                            refusal_codes=(RefusalCode.NO_NEED,)))
    assert terms_problems(DecisionTerms(Outcome.REFUSED,
                                        refusal_codes=(RefusalCode.INCOMPLETE_DOCUMENTS,)))
