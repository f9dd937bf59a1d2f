"""The poverty line of a quarter from its published figures, by the act in force for the quarter.

Sources of the rules (docs/rules.md, "Poverty lines"):
* order No. 160 of 19.05.2023 p.1 subpar. 1: from 1 July 2023, 70 % of the subsistence minimum
  computed for the quarter before the quarter of application;
* the same order as amended by order No. 473 of 20.12.2024 (in force 06.01.2025): from 1 January
  2025, 35 % of the median income of the quarter before, but not less than 70 % of the regional
  subsistence minimum of that quarter;
* before 1 July 2023, under the Law of 17.07.2001 No. 246-II: 40 % (to 2017), 50 % (2018 to
  March 2019), 70 % (April 2019 to June 2023) of the subsistence minimum of the past quarter.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.poverty_line import (
    LINE_ROUNDING,
    ORDER_160,
    ORDER_473,
    RULES,
    LineFigureError,
    LineFigures,
    compute_line,
    rule_for,
)
from desktop.domain.quarters import Quarter
from desktop.i18n import render

T = 100  # tiyn in a tenge


@pytest.mark.parametrize(("quarter", "rule_id"), [
    (Quarter(2013, 1), "law2001-40"),
    (Quarter(2017, 4), "law2001-40"),
    (Quarter(2018, 1), "law2001-50"),   # 50 % from 1 January 2018
    (Quarter(2019, 1), "law2001-50"),
    (Quarter(2019, 2), "law2001-70"),   # 70 % from 1 April 2019
    (Quarter(2023, 2), "law2001-70"),   # the Law of 2001 until 30 June 2023
    (Quarter(2023, 3), "order160"),     # order No. 160 p.1 subpar. 1: from 1 July 2023
    (Quarter(2024, 4), "order160"),
    (Quarter(2025, 1), "order160-473"),  # order No. 473: from 1 January 2025
    (Quarter(2026, 4), "order160-473"),  # today's quarter
])
def test_the_act_in_force_for_the_quarter_of_application(quarter, rule_id):
    rule = rule_for(quarter)
    assert rule is not None and rule.id == rule_id


def test_before_2013_no_act_is_known_and_the_line_must_be_typed():
    assert rule_for(Quarter(2012, 4)) is None
    with pytest.raises(LineFigureError) as error:
        compute_line(Quarter(2012, 4), LineFigures(30_000 * T))
    (issue,) = error.value.issues
    assert issue.pointer == "quarter" and issue.code == "poverty_line.no_rule"


def test_the_rules_cover_every_quarter_from_2013_without_overlap():
    quarter = Quarter(2013, 1)
    while quarter <= Quarter(2030, 4):
        assert sum(rule.governs(quarter) for rule in RULES) == 1, quarter
        quarter = quarter.next()


def test_the_orders_are_cited_with_number_and_date_in_both_languages():
    assert (ORDER_160.number, ORDER_160.date) == ("160", dt.date(2023, 5, 19))
    assert (ORDER_473.number, ORDER_473.date) == ("473", dt.date(2024, 12, 20))
    assert render(ORDER_160.citation, "ru") == (
        "Приказ Министра труда и социальной защиты населения Республики Казахстан от 19 мая "
        "2023 года № 160 «Об определении размера черты бедности»")
    assert render(ORDER_160.citation, "kk") == (
        "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрінің 2023 жылғы "
        "19 мамырдағы № 160 «Кедейлік шегінің мөлшерін айқындау туралы» бұйрығы")
    acts = rule_for(Quarter(2026, 4)).sources  # type: ignore[union-attr]
    for lang, number in (("ru", "№ 473"), ("kk", "№ 473 бұйрығы")):
        assert number in render(acts, lang)
        assert "Social Code" not in render(acts, lang)


@pytest.mark.parametrize(("quarter", "minimum", "line"), [
    (Quarter(2017, 3), 22_636, 9_054_00),   # Karaganda: 40 % of 22 636 = 9 054,40 (published 9 054)
    (Quarter(2018, 1), 22_941, 11_471_00),  # 50 % of 22 941 = 11 470,50 published as 11 471: up
    (Quarter(2018, 2), 24_844, 12_422_00),  # 50 % of 24 844
    (Quarter(2020, 2), 33_590, 23_513_00),  # Almaty: 70 % of 33 590
    (Quarter(2023, 3), 40_567, 28_397_00),  # the ministry's example for order No. 160: 28 397
])
def test_published_lines_follow_from_their_figures(quarter, minimum, line):
    assert compute_line(quarter, LineFigures(minimum * T)).amount == line


def test_from_2025_the_larger_of_35_per_cent_of_the_median_and_70_per_cent_of_the_minimum():
    quarter = Quarter(2026, 1)
    by_median = compute_line(quarter, LineFigures(50_000 * T, 120_000 * T))
    assert by_median.amount == 42_000 * T  # 35 % of 120 000 > 70 % of 50 000 = 35 000
    by_floor = compute_line(quarter, LineFigures(60_000 * T, 100_000 * T))
    assert by_floor.amount == 42_000 * T  # 70 % of 60 000 > 35 % of 100 000 = 35 000
    aktobe = compute_line(quarter, LineFigures(52_943 * T, 105_886 * T))
    assert aktobe.from_median_income == Fraction(3_706_010)  # 37 060,10 ₸ exact
    assert aktobe.amount == 37_060 * T  # rounded to the tenge


def test_the_formula_says_the_figures_and_the_result_in_each_language():
    computed = compute_line(Quarter(2026, 1), LineFigures(52_943 * T, 105_886 * T))
    ru = render(computed.formula, "ru")
    kk = render(computed.formula, "kk")
    for text in (ru, kk):
        for figure in ("105\u00a0886,00\u00a0₸", "52\u00a0943,00\u00a0₸", "37\u00a0060,10\u00a0₸",
                       "37\u00a0060,00\u00a0₸", "35 %", "70 %"):
            assert figure in text
    assert "медианный доход, IV квартал 2025 года" in ru
    assert "медианалық табыс, 2025 жылғы IV тоқсан" in kk
    older = compute_line(Quarter(2020, 2), LineFigures(33_590 * T))
    assert "прожиточный минимум, I квартал 2020 года" in render(older.formula, "ru")


def test_each_missing_or_unused_figure_is_named_at_its_field():
    with pytest.raises(LineFigureError) as error:
        compute_line(Quarter(2025, 2), LineFigures())
    assert {i.pointer for i in error.value.issues} == {"subsistence_minimum", "median_income"}
    with pytest.raises(LineFigureError) as error:
        compute_line(Quarter(2024, 3), LineFigures(45_000 * T, 90_000 * T))
    (issue,) = error.value.issues
    assert issue.pointer == "median_income" and issue.code == "poverty_line.figure_not_used"
    assert "приказ № 473" in render(issue.message, "ru")
    with pytest.raises(LineFigureError) as error:
        compute_line(Quarter(2025, 2), LineFigures(0, -5))
    assert {i.code for i in error.value.issues} == {"input.range"}


# --- properties over every quarter and figure -------------------------------------------------

quarters = st.builds(Quarter, st.integers(2013, 2035), st.integers(1, 4))
amounts = st.integers(1, 10_000_000 * T)  # 1 tiyn to ten million tenge


def _line(quarter: Quarter, minimum: int, median: int) -> int:
    rule = rule_for(quarter)
    assert rule is not None
    return compute_line(quarter, LineFigures(
        minimum, median if rule.median_percent is not None else None)).amount


@given(quarters, amounts, amounts)
def test_a_line_is_never_negative_and_whole_tenge(quarter, minimum, median):
    line = _line(quarter, minimum, median)
    assert line >= 0 and line % T == 0


@given(quarters, amounts, amounts, st.integers(0, 1_000_000 * T))
def test_a_line_never_falls_when_a_figure_rises(quarter, minimum, median, more):
    line = _line(quarter, minimum, median)
    assert _line(quarter, minimum + more, median) >= line
    assert _line(quarter, minimum, median + more) >= line


@given(quarters, amounts, amounts)
def test_the_floor_of_the_subsistence_minimum_holds(quarter, minimum, median):
    rule = rule_for(quarter)
    assert rule is not None
    floor = LINE_ROUNDING.apply(Fraction(minimum * rule.subsistence_percent, 100))
    computed = compute_line(quarter, LineFigures(
        minimum, median if rule.median_percent is not None else None))
    assert computed.amount >= floor
    exact = max(computed.from_subsistence_minimum, computed.from_median_income or 0)
    assert abs(computed.amount - exact) <= T // 2  # only the rounding to the tenge
