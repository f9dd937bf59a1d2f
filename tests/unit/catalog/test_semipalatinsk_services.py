"""§9 of seed 002 (services.md): the citizens affected by the nuclear tests at the
Semipalatinsk test site, as two catalogue entries of one regulation: the registration with the
one-time compensation (appendix 2; Σ 18 wd + 7 h, prolonged by a month, item 5) and the
certificate or its duplicate (appendix 3; Σ 3 wd + 9 h), each at the office and the ЦОН."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultKind
from desktop.domain.deadlines import add_months, compute_deadlines
from desktop.domain.model import Channel, DocumentKind

CATALOGUE = load_catalogue()
COMPENSATION = CATALOGUE.get("semipalatinsk_compensation")
CERTIFICATE = CATALOGUE.get("semipalatinsk_certificate")


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("service", [COMPENSATION, CERTIFICATE], ids=lambda s: s.code)
def test_both_entries_load_in_both_languages(service, lang):
    assert service.takes_applications and service.available_on(dt.date(2026, 3, 2))
    assert service.title.text(lang) and service.short_title.text(lang)
    assert set(service.channel_ids) == {Channel.DISTRICT_OFFICE, Channel.STATE_CORPORATION}
    assert all(d.id in {k.value for k in DocumentKind}
               for d in service.checklist(Channel.DISTRICT_OFFICE))
    court = next(d for d in service.documents if d.id == "court_decision")
    assert court.kind == "court_decision" and court.requirement == "conditional"
    assert {"kk": "соттың шешімі", "ru": "решение суда"}[lang] in court.name.text(lang)
    assert service.coupon is not None and service.coupon.text is not None
    commission = next(s for s in service.steps if s.id == "special_commission_decision")
    assert commission.actor == "special_commission"


def test_the_markers_are_the_services_own():
    assert (COMPENSATION.marker, CERTIFICATE.marker) == ("YK", "YU")


def _sums(service, channel):
    plan = service.schedule()
    assert plan is not None
    steps = plan.channels[channel].steps
    return sum(t.working_days for t in steps), sum(t.minutes for t in steps)


def test_registration_takes_18_working_days_and_7_hours_at_the_office():
    assert _sums(COMPENSATION, Channel.DISTRICT_OFFICE) == (18, 7 * 60)
    # the ЦОН adds its check, registration and consent (5 + 5 + 5 min), the courier's day,
    # the office's reception (30 min) and the hand-over (20 min); no registration at the office
    assert _sums(COMPENSATION, Channel.STATE_CORPORATION) == (19, 7 * 60 - 30 + 15 + 30 + 20)


def test_the_certificate_takes_3_working_days_and_9_hours_at_the_office():
    assert _sums(CERTIFICATE, Channel.DISTRICT_OFFICE) == (3, 9 * 60)


def test_the_registration_may_be_prolonged_by_a_month(calendar):
    plan = COMPENSATION.schedule()
    assert plan is not None
    deadlines = compute_deadlines(dt.date(2026, 3, 2), Channel.DISTRICT_OFFICE, plan, calendar)
    assert deadlines.extended_due is not None
    assert deadlines.extended_due >= add_months(deadlines.service_due, 1)
    assert calendar.is_working_day(deadlines.extended_due)
    assert (deadlines.extended_due - add_months(deadlines.service_due, 1)).days < 5
    certificate_plan = CERTIFICATE.schedule()
    assert certificate_plan is not None
    assert compute_deadlines(dt.date(2026, 3, 2), Channel.DISTRICT_OFFICE, certificate_plan,
                             calendar).extended_due is None


def test_a_month_later_is_the_same_day_or_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_the_results_the_decision_the_certificate_its_duplicate_and_the_payment():
    decision = COMPENSATION.result_for("assigned", {})
    assert decision is not None and decision.kind is ResultKind.DECISION
    assert decision.form is not None and decision.form.blanks["amount"] == "decision.amount"
    assert COMPENSATION.result("payment").kind is ResultKind.PAYMENT  # the ГЦВП pays
    assert COMPENSATION.rules == "semipalatinsk" and COMPENSATION.computes
    first = CERTIFICATE.result_for("assigned", {"certificate_request": "certificate"})
    again = CERTIFICATE.result_for("assigned", {"certificate_request": "duplicate"})
    assert first is not None and again is not None
    assert first.kind is again.kind is ResultKind.CARD
    assert first.form is not None and again.form is not None
    assert "ДУБЛИКАТ" in again.form.heading.ru and "ТЕЛНҰСҚА" in again.form.heading.kk
    assert "ДУБЛИКАТ" not in first.form.heading.ru
    assert first.form.blanks["number"] == "registration.number"
    refusal = CERTIFICATE.result_for("refused", {"certificate_request": "certificate"})
    assert refusal is not None and refusal.form is not None
    assert refusal.form.blanks["grounds"] == "decision.grounds"
