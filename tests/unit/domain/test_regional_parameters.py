"""Regions by date and by name, lines with their sources and figures, regional figures: all
validated on load, each problem with its document and pointer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.domain.issues import ParameterError
from desktop.domain.parameters import parse_parameters
from desktop.domain.poverty_line import LineFigure, compute_line
from desktop.domain.quarters import Quarter
from desktop.i18n import render
from tests.support.domain_factories import shipped_documents

SHIPPED = parse_parameters(shipped_documents())


def broken(**documents: Any) -> set[tuple[str, str]]:
    base = shipped_documents()
    base.update(documents)
    with pytest.raises(ParameterError) as error:
        parse_parameters(base)
    return {(issue.pointer, issue.code) for issue in error.value.issues}


def line(**fields: Any) -> dict[str, Any]:
    return {"poverty_lines": [{"region": "aktobe", "quarter": "2026-Q2", "amount": 40000,
                               "source": "Постановление акимата № 1", **fields}]}


def test_regions_have_their_official_names_today():
    regions = SHIPPED.regions
    assert (regions["abai"].name_kk, regions["abai"].name_ru) == ("Абай облысы", "область Абай")
    assert regions["zhetisu"].name_ru == "область Жетісу"
    assert regions["ulytau"].name_ru == "область Ұлытау"
    assert regions["turkistan"].name_ru == "Туркестанская область"
    assert regions["shymkent"].name_kk == "Шымкент қаласы"


@pytest.mark.parametrize(("code", "quarter", "exists"), [
    ("south_kazakhstan", Quarter(2018, 2), True),   # renamed on 19.06.2018
    ("south_kazakhstan", Quarter(2018, 3), False),  # no «Южно-Казахстанская» after 2018
    ("turkistan", Quarter(2018, 1), False),
    ("turkistan", Quarter(2018, 2), True),
    ("shymkent", Quarter(2018, 1), False),          # a city of republican significance from then
    ("abai", Quarter(2022, 1), False),              # formed 08.06.2022
    ("abai", Quarter(2022, 2), True),
    ("ulytau", Quarter(2026, 4), True),
    ("karaganda", Quarter(2013, 1), True),
])
def test_a_region_exists_in_the_quarters_of_its_days(code, quarter, exists):
    assert SHIPPED.regions[code].exists_in(quarter) is exists


def test_the_capital_is_named_as_it_was_on_the_day():
    astana = SHIPPED.regions["astana"]
    assert astana.name_on(dt.date(2019, 3, 22)).ru == "город Астана"
    assert astana.name_on(dt.date(2019, 3, 23)).ru == "город Нур-Султан"
    assert astana.name_on(dt.date(2022, 9, 16)).kk == "Нұр-Сұлтан қаласы"
    assert astana.name_on(dt.date(2022, 9, 17)).kk == "Астана қаласы"
    assert astana.name_on().ru == "город Астана"


def test_shipped_lines_carry_the_region_name_and_source_in_each_language():
    aktobe = SHIPPED.poverty_lines.get("aktobe", Quarter(2026, 1))
    assert aktobe.amount == 37_060_00 and not aktobe.sourced.confirmed
    assert render(aktobe.region_name, "kk") == "Ақтөбе облысы"
    assert render(aktobe.region_name, "ru") == "Актюбинская область"
    assert aktobe.sourced.url.startswith("https://") and aktobe.sourced.read == dt.date(2026, 12, 6)
    karaganda = SHIPPED.poverty_lines.get("karaganda", Quarter(2018, 1))
    assert render(karaganda.source, "ru") == \
        "государственный сайт social-balkhash.gov.kz, статья 838"
    assert render(karaganda.source, "kk") == \
        "social-balkhash.gov.kz мемлекеттік сайты, 838-мақала"
    assert karaganda.computed is not None and karaganda.computed.amount == karaganda.amount
    capital = SHIPPED.poverty_lines.get("astana", Quarter(2020, 1))
    assert render(capital.region_name, "ru") == "город Нур-Султан"


def test_every_shipped_line_with_figures_is_the_line_its_figures_give():
    with_basis = [ln for ln in SHIPPED.poverty_lines.lines.values() if ln.basis is not None]
    assert len(with_basis) >= 4
    for shipped in with_basis:
        assert compute_line(shipped.quarter, shipped.basis).amount == shipped.amount  # type: ignore[arg-type]


def test_a_line_whose_figures_give_another_line_is_refused():
    found = broken(poverty_lines=line(basis={"subsistence_minimum": 52943,
                                             "median_income": 105886}))
    assert ("poverty_lines#/poverty_lines/0/amount", "poverty_line.basis") in found


def test_figures_the_act_of_the_quarter_does_not_use_or_needs_are_refused():
    unused = broken(poverty_lines=line(quarter="2024-Q2", amount=31500,
                                       basis={"subsistence_minimum": 45000,
                                              "median_income": 90000}))
    assert ("poverty_lines#/poverty_lines/0/basis/median_income",
            "poverty_line.figure_not_used") in unused
    missing = broken(poverty_lines=line(basis={"subsistence_minimum": 52943}))
    assert ("poverty_lines#/poverty_lines/0/basis/median_income", "input.required") in missing
    early = broken(poverty_lines=line(quarter="2012-Q4", basis={"subsistence_minimum": 1}))
    assert ("poverty_lines#/poverty_lines/0", "poverty_line.no_rule") in early
    junk = broken(poverty_lines=line(basis={"subsistence_minimum": 0, "average": 1}))
    assert ("poverty_lines#/poverty_lines/0/basis/subsistence_minimum", "input.range") in junk
    assert ("poverty_lines#/poverty_lines/0/basis/average", "input.unknown_field") in junk


def test_a_line_for_a_region_that_did_not_exist_in_its_quarter_is_refused():
    found = broken(poverty_lines=line(region="south_kazakhstan", quarter="2019-Q1"))
    assert ("poverty_lines#/poverty_lines", "poverty_line.region_period") in found
    assert ("poverty_lines#/poverty_lines", "poverty_line.region_period") in broken(
        poverty_lines=line(region="abai", quarter="2021-Q4"))


def test_sources_in_two_languages_need_both_and_a_real_address():
    found = broken(poverty_lines=line(source={"kk": "Әкімдік қаулысы", "en": "Resolution"},
                                      url="ftp://example", read="yesterday"))
    assert ("poverty_lines#/poverty_lines/0/source/ru", "input.required") in found
    assert ("poverty_lines#/poverty_lines/0/source/en", "input.unknown_field") in found
    assert ("poverty_lines#/poverty_lines/0/url", "input.url") in found
    assert ("poverty_lines#/poverty_lines/0/read", "input.date") in found


def test_regions_are_read_strictly():
    found = broken(regions={"regions": [
        {"code": "x", "name_kk": "Х", "name_ru": "Х", "from": "2020-01-01", "until": "2019-01-01",
         "capital": True},
        {"code": "x", "name_kk": "Х", "name_ru": "Х",
         "former_names": [{"until": "soon", "name_kk": "Y", "name_ru": "Y"}]},
    ]})
    assert ("regions#/regions/0/until", "input.range") in found
    assert ("regions#/regions/0/capital", "input.unknown_field") in found
    assert ("regions#/regions/1", "input.duplicate") in found
    assert ("regions#/regions/1/former_names/0/until", "input.date") in found


def test_regional_figures_are_read_by_month_or_quarter_with_their_sources():
    figures = SHIPPED.regional_figures.of("astana", Quarter(2025, 3))
    assert [(f.period, f.amount) for f in figures] == [("2025-08", 66_204_00),
                                                         ("2025-09", 65_696_00)]
    assert all(f.figure is LineFigure.SUBSISTENCE_MINIMUM and f.monthly and not
               f.sourced.confirmed for f in figures)
    assert "Бюро национальной статистики" in render(figures[0].sourced.text, "ru")
    assert "Ұлттық статистика бюросы" in render(figures[0].sourced.text, "kk")
    documents = shipped_documents()
    pm = dict(documents["subsistence_minimum"])
    pm["regional"] = [
        {"region": "atlantis", "period": "2025-08", "amount": 1, "source": "x"},
        {"region": "aktobe", "period": "2025-13", "amount": 1, "source": "x"},
        {"region": "aktobe", "period": "2025-Q4", "amount": 0, "source": "x"},
    ]
    found = broken(subsistence_minimum=pm,
                   median_income={"regional": [
                       {"region": "aktobe", "period": "2025-10", "amount": 1, "source": "x"},
                       {"region": "aktobe", "period": "2025-Q4", "amount": 100000, "source": "x"},
                       {"region": "aktobe", "period": "2025-Q4", "amount": 100000, "source": "x"},
                   ]})
    assert ("subsistence_minimum#/regional/1/period", "input.period") in found
    assert ("subsistence_minimum#/regional/2/amount", "input.range") in found
    assert ("median_income#/regional/0/period", "input.period") in found
    assert ("median_income#/regional/2", "input.duplicate") in found
    unknown = broken(subsistence_minimum={"values": pm["values"], "regional": [
        {"region": "atlantis", "period": "2025-08", "amount": 1, "source": "x"}]})
    assert ("subsistence_minimum#/regional", "regional_figure.region") in unknown


def test_a_missing_line_names_the_region_not_its_code():
    with pytest.raises(ParameterError) as error:
        SHIPPED.poverty_lines.get("ulytau", Quarter(2026, 4))
    (issue,) = error.value.issues
    assert "область Ұлытау" in render(issue.message, "ru")
    assert "ulytau" not in render(issue.message, "ru") + render(issue.message, "kk")
