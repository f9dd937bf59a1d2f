"""Every document: filled fields in both languages, embedded fonts, metadata, layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from desktop.i18n import render
from desktop.printing import samples as s
from desktop.printing.application import render_application
from desktop.printing.calculation import render_calculation
from desktop.printing.certificate import render_certificate
from desktop.printing.coupon import render_coupon
from desktop.printing.family_sheet import render_family_sheet
from desktop.printing.farm_sheet import render_farm_sheet
from desktop.printing.income_sheet import render_income_sheet
from desktop.printing.journal import render_journal
from desktop.printing.notification import decision_of, render_notification
from desktop.printing.packet import render_packet
from desktop.printing.records import DecisionKind, Staff
from desktop.printing.refusal_slip import render_refusal_slip
from desktop.printing.transfer_registry import render_transfer_registry

APP = s.sample_application()
REG = s.sample_registration(APP)
ASSESSED = s.assessed_application()
ASSESSMENT = s.sample_assessment(ASSESSED)
BIG = s.sample_application(members=12, long_names=True)

DOCUMENTS: dict[str, Callable[[str, bool], bytes]] = {
    "application": lambda lang, dup: render_application(APP, REG, lang, dup),
    "coupon": lambda lang, dup: render_coupon(APP, REG, lang, dup),
    "refusal_slip": lambda lang, dup: render_refusal_slip(APP, s.sample_refusal(), lang, dup),
    "family": lambda lang, dup: render_family_sheet(BIG, lang, dup),
    "income": lambda lang, dup: render_income_sheet(BIG, lang, dup),
    "farm": lambda lang, dup: render_farm_sheet(APP, lang, dup),
    "calculation": lambda lang, dup: render_calculation(ASSESSED, ASSESSMENT, lang, dup),
    "notification": lambda lang, dup: render_notification(
        ASSESSED, s.sample_decision(), lang, dup),
    "refusal": lambda lang, dup: render_notification(
        ASSESSED, s.sample_decision(DecisionKind.REFUSAL), lang, dup),
    "certificate": lambda lang, dup: render_certificate(ASSESSED, s.sample_certificate(), lang,
                                                        dup),
    "journal": lambda lang, dup: render_journal(s.sample_journal(), s.OFFICE,
                                                dt.date(2026, 3, 1), dt.date(2026, 3, 31),
                                                lang, dup),
    "registry": lambda lang, dup: render_transfer_registry(s.sample_batch(), lang, dup),
    "packet": lambda lang, dup: render_packet(APP, REG, ASSESSMENT, lang, dup),
}
STAMP = {"kk": "ТЕЛНҰСҚА", "ru": "ДУБЛИКАТ"}
OTHER = {"kk": "ru", "ru": "kk"}
# A word each document prints only in its language (official or catalog wording).
MARKS = {"kk": ("Нысан", "ЖСН", "Өтініш", "Отбасы", "бет", "АӘК", "Тіркеу", "Құжат"),
         "ru": ("Форма", "ИИН", "Заявлен", "Страница", "семьи", "АСП", "Регистрац", "Документ")}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_document_language_fonts_metadata_layout(pdf, layout, name, lang):
    doc = pdf(DOCUMENTS[name](lang, True))
    text = doc.text()
    assert STAMP[lang] in text and STAMP[OTHER[lang]] not in text
    assert "Page " not in text  # the footer is translated
    assert any(word in text for word in MARKS[lang])
    fonts = doc.fonts()
    assert fonts and all(fonts.values()), fonts
    meta = doc.metadata()
    assert meta["/Creator"].startswith("Kömek ")
    assert meta["/Title"]
    assert layout(doc) == []


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_document_is_reproducible_and_unstamped_by_default(name):
    first = DOCUMENTS[name]("kk", False)
    assert first == DOCUMENTS[name]("kk", False)
    assert first != DOCUMENTS[name]("kk", True)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_family_sheet_twelve_members(pdf, lang):
    doc = pdf(render_family_sheet(BIG, lang, commission_member=Staff("Байжанов Ерлан")))
    for member in BIG.members:
        assert doc.has(member.iin)
        assert doc.has(member.name.full), member.name.full
        assert doc.has(member.birth_date.strftime("%d.%m.%Y"))
    assert doc.has("Байжанов Ерлан")
    assert doc.has("2026 жылғы «20» наурызда" if lang == "kk" else "«20» марта 2026 года")
    assert doc.has("Жұбайы (зайыбы)" if lang == "kk" else "Супруг (супруга)")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_income_sheet_amounts_and_quarter(pdf, lang):
    doc = pdf(render_income_sheet(APP, lang))
    for amount in ("240 000,00", "63 450,50", "15 000,00", "30 000,00"):
        assert doc.has(amount), amount
    assert doc.has("2025 жылғы 4-тоқсанда" if lang == "kk" else "в 4 квартале 2025 года")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_farm_sheet_holdings(pdf, lang):
    doc = pdf(render_farm_sheet(APP, lang, akim=Staff("Нұрпейісов Бауыржан")))
    for value in ("0,12 га", "600 м²", "1996", "12", "Нұрпейісов Бауыржан"):
        assert doc.has(value), value
    assert doc.has("Түйе, інген" if lang == "kk" else "Верблюды, верблюдицы")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_calculation_shows_the_trace(pdf, lang):
    doc = pdf(render_calculation(ASSESSED, ASSESSMENT, lang))
    assert doc.has("2 323,00 ₸")  # per-capita income
    assert doc.has("12 422,00 ₸")  # poverty line
    assert doc.has("50 495,00 ₸")  # a month
    assert doc.has("100 990,00 ₸")  # for the period
    assert doc.has("от трудовой деятельности" if lang == "ru"
                   else "Еңбек қызметінен түскен табыс")
    assert len(ASSESSMENT.trace) >= 8
    for step in ASSESSMENT.trace:  # every step with its title and legal reference
        assert doc.has(render(step.title, lang))
        assert doc.has(render(step.legal_reference, lang))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_notification_from_the_assessment(pdf, lang):
    decision = decision_of(ASSESSMENT, number="N-1", date=dt.date(2018, 5, 25),
                           office=s.OFFICE, head=s.HEAD)
    doc = pdf(render_notification(ASSESSED, decision, lang))
    for value in ("50 495,00 ₸", "01.05.2018", "30.06.2018", "N-1", s.HEAD.name,
                  ASSESSED.applicant_member.name.full):
        assert doc.has(value), value


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_refusal_notification_quotes_the_grounds(pdf, lang):
    decision = s.sample_decision(DecisionKind.REFUSAL)
    doc = pdf(render_notification(ASSESSED, decision, lang))
    ground = decision.grounds[0]
    assert doc.has(ground.text.text(lang))
    assert doc.has(ground.reference.text(lang))
    assert doc.has("бас тарту туралы хабарлама" if lang == "kk" else "об отказе в назначении")


@pytest.mark.parametrize("belongs", [True, False])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_certificate(pdf, lang, belongs):
    facts = s.sample_certificate(belongs)
    doc = pdf(render_certificate(ASSESSED, facts, lang))
    assert doc.has(facts.number) and doc.has("04.06.2018")
    negative = "табылмайтынын" if lang == "kk" else "не является"
    assert doc.has(negative) is not belongs
    assert doc.has("2018 жылғы 2-тоқсанда" if lang == "kk" else "в 2 квартале 2018 года")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_journal_period_filter(pdf, lang):
    entries = s.sample_journal()
    doc = pdf(render_journal(entries, s.OFFICE, dt.date(2026, 3, 3), dt.date(2026, 3, 5),
                             lang))
    numbers = [e.registration.number for e in entries]
    assert [doc.has(n) for n in numbers] == [False, True, True, True, False, False, False,
                                             False]
    assert doc.has("03.03.2026 – 05.03.2026" if lang == "kk"
                   else "с 03.03.2026 по 05.03.2026")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_transfer_registry(pdf, lang):
    batch = s.sample_batch()
    doc = pdf(render_transfer_registry(batch, lang))
    for item in batch.items:
        assert doc.has(item.registration.number)
        assert doc.has(item.application.applicant_member.iin)
    assert doc.has("40")  # total sheets
    assert doc.has("Тапсырылатын құжаттар тізілімі" if lang == "kk"
                   else "Реестр передаваемых документов")


def test_packet_has_every_part(pdf):
    doc = pdf(render_packet(APP, REG, ASSESSMENT, "ru"))
    for title in ("Заявление", "Сведения о составе семьи заявителя",
                  "Сведения о полученных доходах", "Сведения о наличии личного подсобного",
                  "Расчет назначения АСП"):
        assert doc.has(title), title


def test_a_footer_names_each_distinct_number_once():
    from desktop.printing.document import footer_of

    assert footer_of("AKT-01-2024-000001", "AKT-01-2024-000001") == "AKT-01-2024-000001"
    assert footer_of("AKT-01-2024-000001", "С-12") == "AKT-01-2024-000001 С-12"
    assert footer_of(None, "С-12", "") == "С-12"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_desk_number_in_the_journal_breaks_after_a_hyphen(pdf, layout, lang):
    """A desk's number is wider than the journal's number column: it goes on two lines
    after a hyphen, each group whole, not cut inside the sequence."""
    from dataclasses import replace

    entries = [replace(e, registration=replace(e.registration,
                                               number=f"AKT-05-2026-2-{n:06d}"))
               for n, e in enumerate(s.sample_journal(3), start=1)]
    doc = pdf(render_journal(entries, s.OFFICE, dt.date(2026, 3, 1), dt.date(2026, 3, 31),
                             lang))
    assert layout(doc) == []
    words = {w.text for w in doc.words()}
    assert {"AKT-05-2026-2-", "000001", "000002", "000003"} <= words
