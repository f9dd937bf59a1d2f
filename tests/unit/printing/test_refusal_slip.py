"""The refusal-to-accept slip: two copies, the office wording, missing and expired lists."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.formspec.model import LocalizedText
from desktop.printing.records import DocumentProblem, RefusedDocument
from desktop.printing.refusal_slip import render_refusal_slip
from desktop.printing.samples import OFFICE, sample_refusal


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_slip_fields(pdf, app, refusal, lang):
    doc = pdf(render_refusal_slip(app, refusal, lang))
    assert doc.pages() == 2  # one copy per side
    for page in doc.page_texts():
        assert "2" in page
    for value in (app.applicant_member.name.full, OFFICE.name.text(lang),
                  OFFICE.address.text(lang), refusal.employee.name, "Омарова Әсем Ерланқызы",
                  "8 (71037) 2-10-45", "17.03.2026", "01.02.2026"):
        assert doc.text().count(value.split()[0]) >= 2, value
        assert doc.has(value), value
    for document in refusal.documents:
        assert doc.has(document.name.text(lang))


def test_slip_kazakh(pdf, app, refusal):
    doc = pdf(render_refusal_slip(app, refusal, "kk"))
    assert doc.has("Құжаттарды қабылдаудан бас тарту туралы қолхат")
    assert doc.has("жоқ құжаттардың атауы:")
    assert doc.has("ұсынбауыңызға байланысты мемлекеттік қызмет көрсетуге "
                   "«Мемлекеттік атаулы әлеуметтік көмек тағайындау»")
    assert doc.has("Қолданылу мерзімі өткен құжаттар:")
    assert doc.has("Алдым:")
    assert "Халыққа қызмет көрсету орталығы" not in doc.text()
    assert "Расписка" not in doc.text()


def test_slip_russian(pdf, app, refusal):
    doc = pdf(render_refusal_slip(app, refusal, "ru"))
    assert doc.has("Расписка об отказе в приеме документов")
    assert doc.has("Наименование отсутствующих документов:")
    assert doc.has("на оказание государственной услуги «Назначение государственной адресной "
                   "социальной помощи» ввиду представления Вами неполного пакета документов")
    assert doc.has("Настоящая расписка составлена в 2 экз., по одному для каждой стороны.")
    assert doc.has("Экземпляр 1 из 2") and doc.has("Экземпляр 2 из 2")
    assert doc.has("(работника услугодателя)")
    assert "Центр обслуживания населения" not in doc.text()


def test_slip_state_corporation_keeps_the_seed_wording(pdf, app):
    doc = pdf(render_refusal_slip(app, sample_refusal(department="3"), "ru"))
    assert doc.has("отдел № 3 филиала РГП «Центр обслуживания населения»")
    assert doc.has("(работника ЦОН)")


def test_long_missing_list_continues_on_the_next_page(pdf, layout, app):
    names = tuple(
        RefusedDocument(LocalizedText(f"құжат № {n}: өте ұзын атауы бар анықтама " * 3,
                                      f"документ № {n}: справка с очень длинным названием " * 3),
                        DocumentProblem.EXPIRED if n % 5 == 0 else DocumentProblem.MISSING,
                        expired_on=dt.date(2026, 1, n % 28 + 1) if n % 5 == 0 else None)
        for n in range(1, 41))
    doc = pdf(render_refusal_slip(app, sample_refusal(names), "ru"))
    assert doc.pages() >= 4
    assert doc.has("40)")
    assert layout(doc) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_slip_layout(pdf, layout, app, refusal, lang):
    assert layout(pdf(render_refusal_slip(app, refusal, lang, duplicate=True))) == []
