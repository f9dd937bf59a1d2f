"""What the head is told is missing in a decision, in the words of the case's service."""

import datetime as dt

from desktop.domain.decision import DecisionTerms, Outcome
from desktop.services.cases import decision_problems

PERIOD = dict(period_start=dt.date(2026, 11, 1), period_end=dt.date(2026, 11, 30))


def said(code: str, terms: DecisionTerms) -> list[str]:
    return [problem.msgid for problem in decision_problems(code, terms)]


def test_asp_keeps_its_monthly_amount_and_its_grounds():
    assert said("asp", DecisionTerms(Outcome.ASSIGNED, **PERIOD)) == [
        "Enter the monthly amount of the assistance."]
    assert said("asp", DecisionTerms(Outcome.REFUSED)) == [
        "Choose at least one ground for the refusal."]


def test_a_one_time_payment_is_not_asked_for_a_monthly_amount():
    assert said("rural_fuel", DecisionTerms(Outcome.ASSIGNED, **PERIOD)) == [
        "Enter the amount of the assistance."]
    assert said("rural_fuel", DecisionTerms(Outcome.ASSIGNED, monthly_amount=4_500_000,
                                            **PERIOD)) == []
    assert said("rural_fuel", DecisionTerms(Outcome.ASSIGNED, monthly_amount=4_500_000)) == [
        "Enter the period of the assistance."]


def test_another_services_refusal_asks_its_ground_as_written():
    assert said("unemployed_registration", DecisionTerms(Outcome.REFUSED)) == [
        "Write the ground for the refusal."]
    assert said("unemployed_registration",
                DecisionTerms(Outcome.REFUSED, note="не явился в срок")) == []
    assert said("unemployed_registration", DecisionTerms(Outcome.ASSIGNED)) == []
