"""The refusal is titled in the words of the regime that decided it, and cites its ground."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.domain.assessment import Outcome, assess
from desktop.domain.model import Application, IncomeEntry, IncomeKind
from desktop.domain.parameters import Parameters, PovertyLine, Sourced
from desktop.domain.quarters import Quarter
from desktop.i18n import render
from desktop.parameters.store import load_parameters
from desktop.printing import samples as s
from desktop.printing.notification import decision_of, render_notification
from desktop.printing.records import DecisionKind

# (application date, title kk, title ru): seed 004 KZ 883 / RU 41 for 2013; seed 000:58 for
# 2018 (Russian: the same result in 002 RU 10694); today's wording otherwise.
TITLES = [
    (dt.date(2013, 4, 15), "Қызмет көрсетуден бас тарту туралы дәлелді жауап",
     "Мотивированный ответ об отказе в предоставлении услуги"),
    (dt.date(2016, 2, 15), "Мемлекеттік атаулы әлеуметтік көмек тағайындаудан бас тарту туралы "
     "хабарлама", "Уведомление об отказе в назначении государственной адресной социальной "
     "помощи"),
    (dt.date(2018, 6, 15), "Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап",
     "Мотивированный ответ об отказе в оказании государственной услуги"),
    (dt.date(2025, 5, 15), "Мемлекеттік атаулы әлеуметтік көмек тағайындаудан бас тарту туралы "
     "хабарлама", "Уведомление об отказе в назначении государственной адресной социальной "
     "помощи"),
]


def refused_on(day: dt.date) -> Application:
    """The sample family, moved to ``day`` with an income far above any line."""
    app = s.assessed_application()
    incomes = (IncomeEntry(app.members[0].member_id, IncomeKind.EMPLOYMENT, 9_000_000_00,
                           Quarter.of(day).previous()),)
    return replace(app, application_date=day, incomes=incomes)


def parameters_with_line(day: dt.date) -> Parameters:
    params = load_parameters(use_overlay=False)
    line = PovertyLine("karaganda", Quarter.of(day), 20_000_00, Sourced("test line"))
    return replace(params, poverty_lines=params.poverty_lines.with_line(line))


@pytest.mark.parametrize(("day", "kk", "ru"), TITLES)
def test_the_refusal_is_titled_by_its_regime(pdf, day: dt.date, kk: str, ru: str) -> None:
    app = refused_on(day)
    assessment = assess(app, parameters_with_line(day), check_documents=False)
    assert assessment.outcome is Outcome.REFUSED
    decision = decision_of(assessment, number="N-1", date=day, office=s.OFFICE, head=s.HEAD)
    assert decision.kind is DecisionKind.REFUSAL
    for lang, title in (("kk", kk), ("ru", ru)):
        doc = pdf(render_notification(app, decision, lang))
        assert doc.has(title), (lang, title)
        ground = assessment.refusals[0]
        assert doc.has(render(ground.legal_reference, lang))
