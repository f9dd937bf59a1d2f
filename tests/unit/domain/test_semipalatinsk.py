"""The one-time compensation to citizens affected by the nuclear tests at the Semipalatinsk
test site: Article 12 of the Law of the Republic of Kazakhstan of 18.12.1992 No. 1787-XII
"О социальной защите граждан, пострадавших вследствие ядерных испытаний на Семипалатинском
испытательном ядерном полигоне":

    "1) чрезвычайного радиационного риска – в размере 5,23 месячного расчетного показателя за
    каждый год проживания в период с 1949 по 1965 год и 1,05 месячного расчетного показателя
    за каждый год проживания в период с 1966 по 1990 год;
    2) максимального радиационного риска – в размере 2,62 месячного расчетного показателя за
    каждый год проживания в период с 1949 по 1965 год и 1,05 ... с 1966 по 1990 год;"

and Article 10 (the affected lived there in 1949-1965 or 1966-1990). The rates of the other
zones are not confirmed: the amount is then to be checked (docs/services.md)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import semipalatinsk
from desktop.domain.assessment import Outcome
from desktop.domain.issues import InvalidApplicationError, ParameterError
from desktop.domain.model import Relationship
from desktop.domain.money import Rounding
from desktop.domain.semipalatinsk import ResidencePeriod, compensation, years_in
from desktop.parameters.services import load_service_documents
from tests.support.domain_factories import application, member, parameters

PARAMS = parameters()
DAY = dt.date(2016, 2, 10)  # the 2015 regulation in force
SHIPPED = semipalatinsk.parse_parameters(load_service_documents(("semipalatinsk",),
                                                                use_overlay=False))


def applying(zone: str, first: Any, last: Any, **details: Any) -> Any:
    people = [member("m1", Relationship.APPLICANT, dt.date(1950, 4, 2))]
    return application(people, DAY, service="semipalatinsk_compensation", details={
        "residence_zone": zone, "residence_from": first, "residence_to": last, **details})


def test_the_shipped_rates_are_article_12s_for_the_two_zones_confirmed():
    extreme, maximum = SHIPPED.rates["extreme"], SHIPPED.rates["maximum"]
    assert extreme.mrp_per_year == {"1949-1965": Fraction("5.23"),
                                    "1966-1990": Fraction("1.05")}
    assert maximum.mrp_per_year == {"1949-1965": Fraction("2.62"),
                                    "1966-1990": Fraction("1.05")}
    assert extreme.confirmed and maximum.confirmed
    for zone in ("increased", "minimal", "privileged"):
        assert not SHIPPED.rates[zone].confirmed
        assert set(SHIPPED.rates[zone].mrp_per_year.values()) == {None}
    assert "1787-XII" in SHIPPED.source and "статья 12" in SHIPPED.source


def test_a_year_counts_in_the_period_it_falls_in_both_ends_included():
    # "________ жылдан бастап ________ жылды қоса алғанда" (appendix 2): both years count
    assert years_in(1960, 1970, 1949, 1965) == 6  # 1960..1965
    assert years_in(1960, 1970, 1966, 1990) == 5  # 1966..1970
    assert years_in(1991, 2000, 1966, 1990) == 0
    assert years_in(1965, 1965, 1949, 1965) == 1


def test_extreme_zone_1960_to_1970_is_six_years_at_5_23_and_five_at_1_05():
    decided = semipalatinsk.assess(applying("extreme", 1960, 1970), PARAMS, SHIPPED)
    assert decided.outcome is Outcome.ASSIGNED
    indices = Fraction("5.23") * 6 + Fraction("1.05") * 5  # 36.63
    mrp = PARAMS.mrp.on(DAY).amount
    assert decided.one_time_amount == Rounding().apply(indices * mrp)
    assert decided.figures["mrp"] == "36.63"
    assert decided.warnings == ()
    assert decided.trace[-2].legal_reference.msgid.startswith("Law of 18.12.1992")


def test_maximum_zone_over_the_whole_span_of_the_tests():
    decided = semipalatinsk.assess(applying("maximum", 1949, 1990), PARAMS, SHIPPED)
    indices = Fraction("2.62") * 17 + Fraction("1.05") * 25
    assert decided.one_time_amount == Rounding().apply(indices * PARAMS.mrp.on(DAY).amount)


def test_no_year_within_1949_1990_is_refused_under_article_10():
    decided = semipalatinsk.assess(applying("extreme", 1991, 2005), PARAMS, SHIPPED)
    assert decided.outcome is Outcome.REFUSED and decided.one_time_amount == 0
    assert [r.code for r in decided.refusals] == ["no_year_in_1949_1990"]


@pytest.mark.parametrize("zone", ["increased", "minimal", "privileged"])
def test_a_zone_whose_rate_is_not_confirmed_gives_no_amount_but_a_warning(zone):
    decided = semipalatinsk.assess(applying(zone, 1955, 1975), PARAMS, SHIPPED)
    assert decided.outcome is Outcome.ASSIGNED  # recognised: Article 10
    assert decided.one_time_amount == 0 and decided.figures["amount_tiyn"] is None
    assert [w.code for w in decided.warnings] == ["semipalatinsk.rate_unconfirmed"]
    assert "To be checked" in decided.trace[-2].result.msgid


def test_an_administrators_confirmed_rate_is_applied():
    documents = load_service_documents(("semipalatinsk",), use_overlay=False)
    documents["semipalatinsk"]["zones"] = [{
        "zone": "minimal", "mrp_per_year": {"1949-1965": "1", "1966-1990": "0.5"},
        "source": "entered by the administrator", "confirmed": True}]
    rates = semipalatinsk.parse_parameters(documents)
    decided = semipalatinsk.assess(applying("minimal", 1960, 1969), PARAMS, rates)
    assert decided.figures["mrp"] == "8.00"  # 6 × 1 + 4 × 0.5


def test_a_received_compensation_is_for_the_head_to_check():
    decided = semipalatinsk.assess(applying("extreme", 1950, 1960, compensation_received=True),
                                   PARAMS, SHIPPED)
    assert "semipalatinsk.received" in [w.code for w in decided.warnings]


def test_the_years_are_checked_at_their_fields():
    with pytest.raises(InvalidApplicationError) as error:
        semipalatinsk.assess(applying("extreme", 1970, 1960), PARAMS, SHIPPED)
    assert error.value.issues[0].pointer == "/details/residence_to"
    with pytest.raises(InvalidApplicationError) as error:
        semipalatinsk.assess(applying("", None, 1960), PARAMS, SHIPPED)
    assert [i.pointer for i in error.value.issues] == ["/details/residence_zone",
                                                      "/details/residence_from"]


def test_the_parameters_are_checked_with_their_pointers():
    with pytest.raises(ParameterError) as error:
        semipalatinsk.parse_parameters({"semipalatinsk": {"source": "x", "zones": [
            {"zone": "extreme", "mrp_per_year": {"1949-1965": "many"}, "source": "x",
             "confirmed": True},
            {"zone": "nowhere", "source": "x"}]}})
    pointers = [i.pointer for i in error.value.issues]
    assert pointers == ["semipalatinsk#/zones/0/mrp_per_year/1949-1965",
                        "semipalatinsk#/zones/1/zone"]


RATES = SHIPPED.rates
years = st.integers(min_value=1900, max_value=2030)


@given(first=years, length=st.integers(min_value=0, max_value=80),
       zone=st.sampled_from(["extreme", "maximum"]))
def test_the_indices_are_the_rates_times_the_years_in_each_period(first, length, zone):
    last = first + length
    figures = compensation([ResidencePeriod(zone, first, last)], RATES)
    early = years_in(first, last, 1949, 1965)
    late = years_in(first, last, 1966, 1990)
    rate = RATES[zone].mrp_per_year
    assert figures.mrp == (rate["1949-1965"] or 0) * early + (rate["1966-1990"] or 0) * late
    assert figures.total_years == early + late <= 42


@given(spans=st.lists(st.tuples(years, st.integers(min_value=0, max_value=50)), min_size=1,
                      max_size=4))
def test_overlapping_periods_in_one_zone_count_each_year_once(spans):
    periods = [ResidencePeriod("extreme", a, a + n) for a, n in spans]
    lived = {y for p in periods for y in range(p.first_year, p.last_year + 1)}
    figures = compensation(periods, RATES)
    assert figures.total_years == len({y for y in lived if 1949 <= y <= 1990})
    # splitting a period in two at any year changes nothing
    first = periods[0]
    if first.last_year > first.first_year:
        cut = (first.first_year + first.last_year) // 2
        split = [ResidencePeriod("extreme", first.first_year, cut),
                 ResidencePeriod("extreme", cut + 1, first.last_year), *periods[1:]]
        assert compensation(split, RATES) == figures


@given(first=years, length=st.integers(min_value=0, max_value=80),
       zone=st.sampled_from(["extreme", "maximum"]))
def test_a_longer_residence_never_pays_less(first, length, zone):
    shorter = compensation([ResidencePeriod(zone, first, first + length)], RATES).mrp
    longer = compensation([ResidencePeriod(zone, first, first + length + 1)], RATES).mrp
    assert shorter is not None and longer is not None and longer >= shorter
