"""Dates, money and quarters as offices write them (glossary C.4)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from desktop import i18n
from desktop.domain.text import Text

NBSP = "\u00a0"


def test_money_in_both_languages():
    for lang in ("kk", "ru"):
        assert i18n.format_money(123_456_750, lang) == f"1{NBSP}234{NBSP}567,50{NBSP}₸"
    assert i18n.format_money(0, "ru") == f"0,00{NBSP}₸"
    assert i18n.format_money(-1_500, "kk") == f"-15,00{NBSP}₸"


@given(st.integers(min_value=0, max_value=10**13))
def test_money_keeps_every_tiyn(tiyn: int):
    text = i18n.format_amount(tiyn, "ru").replace(NBSP, "").replace(",", "")
    assert int(text) == tiyn


def test_date_is_day_month_year():
    assert i18n.format_date(dt.date(2026, 3, 21)) == "21.03.2026"
    assert i18n.format_date(None) == ""


def test_quarter_by_name():
    assert i18n.format_quarter(2026, 1, "kk") == "2026 жылғы I тоқсан"
    assert i18n.format_quarter(2026, 3, "ru") == "III квартал 2026 года"


def test_render_nests_texts_and_formats_dates():
    inner = Text("Date")
    outer = Text("Database: {path}", path=inner)
    assert i18n.render(outer, "ru") == "База данных: Дата"
    assert "21.03.2026" in i18n.render(Text("Operator: {name}", name=dt.date(2026, 3, 21)), "kk")


def test_switch_tells_listeners():
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    try:
        i18n.set_language("ru")
        i18n.set_language("ru")
        i18n.set_language("kk")
    finally:
        unsubscribe()
    assert heard == ["ru", "kk"]


def test_unknown_language_is_an_error():
    try:
        i18n.set_language("en")
    except i18n.UnknownLanguageError:
        pass
    else:  # pragma: no cover
        raise AssertionError("en accepted")


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_money_matches_the_cldr_pattern_of_both_locales(tiyn: int):
    from decimal import Decimal

    from babel.numbers import format_decimal

    for lang, locale in i18n.BABEL_LOCALES.items():
        expected = format_decimal(Decimal(tiyn) / 100, format="#,##0.00", locale=locale)
        expected = expected.replace("\u202f", NBSP).replace(" ", NBSP)
        assert i18n.format_amount(tiyn, lang) == expected
