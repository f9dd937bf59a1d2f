"""The printed blanks are the edition of the rule set in force on the application date.

Each regime's application (2014: the 2013 rules by the gap rule; 2016; 2018; 2025) is
rendered for real and read back with pypdf: it carries its own edition's small print, its
place of intake and coupon title, and never another edition's source line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from desktop.domain.model import Channel
from desktop.formspec import load_all
from desktop.printing.application import render_application
from desktop.printing.coupon import render_coupon
from desktop.printing.family_sheet import render_family_sheet
from desktop.printing.farm_sheet import render_farm_sheet
from desktop.printing.income_sheet import render_income_sheet
from desktop.printing.refusal_slip import render_refusal_slip
from desktop.printing.samples import OFFICE, sample_application, sample_refusal, sample_registration

# application date -> (edition id, texts only that edition prints, per language)
REGIMES = {
    dt.date(2014, 6, 10): ("aktogay-2013", {"kk": ["Жыртпалы талон"], "ru": []}),
    dt.date(2016, 3, 15): ("nko-2015", {"kk": [], "ru": []}),
    dt.date(2018, 6, 11): ("kzo-2018", {
        "kk": ['«Халықты жұмыспен қамту орталығы» коммуналдық мемлекеттік мекемесі'],
        "ru": ['КГУ «Центр занятости населения»']}),
    dt.date(2025, 3, 17): ("social-code-2023", {"kk": ["№ 227"], "ru": ["№ 227"]}),
}
FORMS = load_all()


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pypdf_text(pdf, data: bytes) -> str:
    """The text pypdf extracts from every page, without whitespace (lines wrap)."""
    return flat(" ".join(pdf(data).page_texts()))


def dated(day: dt.date, channel: Channel = Channel.DISTRICT_OFFICE):
    app = sample_application(application_date=day)
    number = f"AKT-05-{day.year}-000017"
    return dataclasses.replace(app, registration_number=number, channel=channel)


def sources(form_id: str, lang: str) -> dict[str, str]:
    return {e.id: e.legal_source.text(lang) for e in FORMS[form_id].editions}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("day", list(REGIMES), ids=lambda d: str(d.year))
def test_application_prints_the_edition_in_force(pdf, layout, day, lang):
    edition_id, only_here = REGIMES[day]
    app = dated(day)
    data = render_application(app, sample_registration(app), lang)
    text = pypdf_text(pdf, data)
    own = sources("application", lang)
    assert flat(own[edition_id]) in text
    for other, line in own.items():
        if line != own[edition_id]:
            assert flat(line) not in text, f"{other}'s source line on a {day} application"
    for word in only_here[lang]:
        assert flat(word) in text
    if lang == "kk":  # the coupon's name: "жыртпалы талон" in 2013, "үзбелі талон" after
        assert (flat("Үзбелі талон") in text) is (edition_id != "aktogay-2013")
    for other_id, other_words in REGIMES.values():
        for word in other_words[lang]:
            if other_id != edition_id and word not in only_here[lang]:
                assert flat(word) not in text, f"{other_id}'s {word!r} on a {day} application"
    # the consent of the 2015 text, carried over where no other text is found
    assert flat({"kk": "дербес деректерімді жинауға және өңдеуге келісім беремін",
                 "ru": "Даю согласие на сбор и обработку моих персональных данных"}[lang]) \
        in text
    doc = pdf(data)
    assert doc.pages() == 1
    assert layout(doc) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_2015_application_is_the_official_one_and_names_no_gap(pdf, lang):
    app = dated(dt.date(2016, 3, 15))
    text = pypdf_text(pdf, render_application(app, sample_registration(app), lang))
    assert flat({"kk": "Нысан: «Мемлекеттік атаулы әлеуметтік көмек тағайындау» мемлекеттік "
                       "көрсетілетін қызмет регламентіне 2-қосымша",
                 "ru": "Форма: приложение 2 к регламенту государственной услуги"}[lang]) in text
    assert flat({"kk": "дереккөздерде табылмады", "ru": "в источниках не найдена"}[lang]) \
        not in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_2018_coupon_names_the_employment_centre(pdf, layout, lang):
    app = dated(dt.date(2018, 6, 11))
    data = render_coupon(app, sample_registration(app), lang)
    text = pypdf_text(pdf, data)
    assert flat(REGIMES[dt.date(2018, 6, 11)][1][lang][0]) in text
    assert flat(sources("application", lang)["kzo-2018"]) in text
    assert layout(pdf(data)) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_2018_refusal_slip_is_the_employment_centres(pdf, layout, lang):
    app = dated(dt.date(2018, 6, 11))
    refusal = dataclasses.replace(sample_refusal(), date=dt.date(2018, 6, 11))
    data = render_refusal_slip(app, refusal, lang)
    text = pypdf_text(pdf, data)
    assert flat(REGIMES[dt.date(2018, 6, 11)][1][lang][0]) in text
    assert flat(OFFICE.name.text(lang)) not in text
    assert flat(sources("refusal_slip", lang)["kzo-2018"]) in text
    assert flat({"kk": "Тағайындауға өтінішті қабылдаудан бас тарту туралы қолхат",
                 "ru": "Расписка об отказе в приеме документов"}[lang]) in text
    assert layout(pdf(data)) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_2016_refusal_slip_keeps_the_office_and_the_2015_title(pdf, lang):
    app = dated(dt.date(2016, 3, 15))
    refusal = dataclasses.replace(sample_refusal(), date=dt.date(2016, 3, 15))
    text = pypdf_text(pdf, render_refusal_slip(app, refusal, lang))
    assert flat(OFFICE.name.text(lang)) in text
    assert flat(sources("refusal_slip", lang)["nko-2015"]) in text
    assert flat("Тағайындауға өтінішті") not in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("form_id,render", [
    ("family", render_family_sheet), ("income", render_income_sheet),
    ("farm", render_farm_sheet)])
def test_sheets_print_their_edition(pdf, layout, form_id, render, lang):
    for day, (edition_id, _words) in REGIMES.items():
        data = render(dated(day), lang)
        text = pypdf_text(pdf, data)
        own = sources(form_id, lang)
        assert flat(own[edition_id]) in text, (form_id, day)
        assert all(flat(line) not in text for other, line in own.items()
                   if line != own[edition_id]), (form_id, day)
        assert layout(pdf(data)) == [], (form_id, day)


def test_the_state_corporation_channel_names_the_centre_of_2015(pdf):
    app = dated(dt.date(2016, 3, 15), Channel.STATE_CORPORATION)
    text = pypdf_text(pdf, render_application(app, sample_registration(app), "ru"))
    assert flat('РГП «Центр обслуживания населения»') in text
