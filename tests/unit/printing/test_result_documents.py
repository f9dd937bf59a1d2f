"""Every result document a provided service of the catalogue declares loads, fills every one
of its blanks and prints in Kazakh and Russian: each value is on the page, inside the frame,
nothing drawn over anything, the fonts embedded, a reprint stamped."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.catalog import load_catalogue
from desktop.catalog.model import ResultDocument, ResultKind, Service
from desktop.formspec.model import LocalizedText
from desktop.printing import samples
from desktop.printing.records import OfficeInfo, Staff
from desktop.printing.result_document import ResultFacts, render_result

OFFICE = OfficeInfo(
    name=LocalizedText("Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
                       "Отдел занятости и социальных программ Актогайского района"),
    address=LocalizedText("Ақтоғай ауылы, Абай көшесі, 12", "село Актогай, улица Абая, 12"),
    phone="8 (71037) 2-11-45")
# Per source, a value as a case gives it, distinct enough to be found on the page.
VALUES: dict[str, object] = {
    "applicant.name": "Серікбаева Әйгерім Нұрғалиқызы",
    "applicant.iin": "880512450137",
    "applicant.birth_date": "12.05.1988",
    "applicant.address": LocalizedText("Ақтоғай ауылы, Бейбітшілік көшесі, 7",
                                       "село Актогай, улица Бейбитшилик, 7"),
    "office.name": OFFICE.name,
    "registration.number": "AKT-01-2026-BS-000017",
    "registration.date": "18.11.2026",
    "issue.date": "20.11.2026",
    "validity.end": "04.12.2026",
    "referral.kind": LocalizedText("қоғамдық жұмыстарға жолдама",
                                   "направление на общественные работы"),
    "unemployed.since": "03.11.2026",
    "decision.date": "19.11.2026",
    "decision.amount": "14 750,00 ₸",
    "decision.period": LocalizedText("01.11.2026 бастап 31.12.2026 дейін",
                                     "с 01.11.2026 по 31.12.2026"),
    "decision.grounds": "Жан басына шаққандағы табыс шектен асады / доход выше порога",
    "residence.zone": LocalizedText("Төтенше радиациялық қатер аймағы",
                                    "Зона чрезвычайного радиационного риска"),
    "residence.years": LocalizedText("1953 жылдан бастап 1971 жылды қоса алғанда",
                                     "с 1953 по 1971 год включительно"),
    "certificate.original": "СП-004512",
    "disability.items": LocalizedText(
        "Бөлмелік кресло-арба — 1 дана (30.06.2027 дейін); Серуендеуге арналған кресло-арба — "
        "2 дана", "Кресло-коляска комнатная — 1 шт. (до 30.06.2027); Кресло-коляска "
        "прогулочная — 2 шт."),
}
DISABILITY = ("prosthetic_aid", "hearing_vision_aids", "personal_assistant", "wheelchairs",
              "sanatorium_treatment")


def _results() -> list[tuple[Service, ResultDocument]]:
    return [(service, result) for service in load_catalogue() if service.takes_applications
            for result in service.results if result.form is not None]


def _said(value: object, lang: str) -> str:
    return value.text(lang) if isinstance(value, LocalizedText) else str(value)


def test_every_provided_service_but_asp_prints_each_of_its_results_from_a_form():
    covered = {service.code for service, _r in _results()}
    expected = {s.code for s in load_catalogue() if s.takes_applications and s.code != "asp"}
    assert covered == expected
    for service in load_catalogue():
        if service.takes_applications and service.code != "asp":
            # a payment is the ГЦВП's (Semipalatinsk): another body's, with no paper here
            assert all(r.form is not None for r in service.results
                       if r.kind is not ResultKind.PAYMENT), service.code


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(("service", "result"), _results(),
                         ids=lambda v: v.code if isinstance(v, Service) else v.id)
def test_a_result_fills_every_blank_in_both_languages(pdf, layout, tmp_path, service, result,
                                                      lang):
    app = samples.sample_application()
    form = result.form
    assert form is not None
    values = {name: VALUES[source] for name, source in form.blanks.items()}
    facts = ResultFacts("AKT-01-2026-BS-000017", dt.date(2026, 11, 20), OFFICE,
                        Staff("Жақсыбеков Ерлан Маратұлы", "басшы"),
                        Staff("Сейтқали Әлия Нұрланқызы"), values)  # type: ignore[arg-type]
    page = pdf(render_result(app, form, facts, lang))
    assert page.has(form.heading.text(lang))
    for name, value in values.items():
        assert page.has(_said(value, lang)), (name, lang)
    for line in form.lines:
        if line.caption is not None:
            assert page.has(line.caption.text(lang))
    assert page.has("AKT-01-2026-BS-000017")
    assert layout(page) == []
    assert all(page.fonts().values())
    assert page.pages() == 1
    if form.addressee:
        assert page.has(app.applicant_member.name.full)
    again = pdf(render_result(app, form, facts, lang, duplicate=True))
    assert again.has({"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}[lang])


def test_the_disability_services_notify_the_term_and_the_programmes_items():
    printed = {(service.code, result.outcome): result.form for service, result in _results()
               if service.code in DISABILITY}
    for code in DISABILITY:
        notification = printed[(code, "assigned")]
        assert notification is not None
        assert {"decision.period", "disability.items"} <= notification.sources()
        assert printed[(code, "refused")] is not None
