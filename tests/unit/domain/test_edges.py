"""Less travelled paths: farm norms per land kind, wrong JSON types, the line table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.domain.assessment import assess
from desktop.domain.farm import FarmNormTable, farm_income
from desktop.domain.interchange import application_from_json, application_to_json
from desktop.domain.issues import InvalidApplicationError, ParameterError
from desktop.domain.model import (
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    Relationship,
)
from desktop.domain.money import Rounding
from desktop.domain.parameters import PovertyLine, Sourced, parse_parameters
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import (
    REGION,
    application,
    member,
    parameters,
    shipped_documents,
)

D = dt.date
NORMS = {"norms": [{"region": REGION, "from": "2019-01-01", "source": "test",
                    "livestock": [{"kind": "mare", "monthly_per_head": 3000}],
                    "land": {"garden": 500}}]}


def test_land_without_a_norm_and_working_animals_under_the_2001_law() -> None:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    app = application(family, D(2020, 5, 5),
                      livestock=(LivestockHolding(LivestockKind.MARE, 1, 5, working_animal=True),),
                      land=(LandHolding(LandKind.GARDEN, 1000),
                            LandHolding(LandKind.DACHA, 600)))
    with pytest.raises(ParameterError) as error:
        assess(app, parameters({(REGION, "2020-Q2"): 20000}, farm=NORMS))
    assert [(i.code, i.pointer) for i in error.value.issues] == [
        ("farm.no_land_norm", "/land/1")]
    app = application(family, D(2020, 5, 5),
                      livestock=(LivestockHolding(LivestockKind.MARE, 1, 5, working_animal=True),),
                      land=(LandHolding(LandKind.GARDEN, 1000),))
    result = assess(app, parameters({(REGION, "2020-Q2"): 20000}, farm=NORMS))
    assert [(line.counted, line.income) for line in result.farm_lines] == [
        (False, 0), (True, 150_00)]  # 0.1 ha x 500 x 3 months


def test_farm_without_holdings_needs_no_norms() -> None:
    assert farm_income((), (), region="x", district="", on=D(2025, 1, 1), months=3,
                       table=FarmNormTable(), working_animals_excluded=False,
                       rounding=Rounding()) == []


def test_land_only_without_norms_reports_the_region() -> None:
    with pytest.raises(ParameterError) as error:
        farm_income((), (LandHolding(LandKind.GARDEN, 100),), region="x", district="",
                    on=D(2025, 1, 1), months=3, table=FarmNormTable(),
                    working_animals_excluded=False, rounding=Rounding())
    assert error.value.issues[0].code == "farm.no_norms"


def document() -> dict[str, Any]:
    family = [member("a", Relationship.APPLICANT, D(1950, 1, 1))]
    return application_to_json(application(family, D(2025, 5, 15)))


def pointers(doc: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(InvalidApplicationError) as error:
        application_from_json(doc)
    return {(i.pointer, i.code) for i in error.value.issues}


def test_wrong_json_types_are_reported() -> None:
    doc = document()
    del doc["members"]
    doc["incomes"] = [{"member_id": 5, "kind": "other", "amount": True, "quarter": "2025-Q1",
                       "month": "May"},
                      {"member_id": "a", "kind": "other", "quarter": "2025-Q1"}]
    doc["prior_events"] = [{"kind": "false_information", "date": 20240101}, 7]
    doc["consents"] = {"personal_data": "yes"}
    doc["land"] = [{"kind": "moon"}]
    found = pointers(doc)
    assert {("/members", "input.required"), ("/incomes/0/member_id", "input.type"),
            ("/incomes/0/amount", "input.type"), ("/incomes/0/month", "input.type"),
            ("/incomes/1/amount", "input.required"), ("/prior_events/0/date", "input.date"),
            ("/prior_events/1", "input.type"), ("/consents/personal_data", "input.type"),
            ("/land/0/kind", "input.choice")} <= found
    doc = document()
    del doc["members"][0]["name"]
    doc["representative"] = {"name": {"surname": "Ө"}, "identity_document": {"kind": "passport"}}
    found = pointers(doc)
    assert {("/members/0/name", "input.required"),
            ("/representative/name/first_name", "input.required"),
            ("/representative/identity_document/number", "input.required")} <= found


def test_poverty_line_table_with_a_new_line() -> None:
    params = parameters()
    line = PovertyLine(REGION, Quarter(2030, 1), 1, Sourced("test"))
    table = params.poverty_lines.with_line(line)
    assert table.get(REGION, Quarter(2030, 1)) is line
    with pytest.raises(ParameterError):
        params.poverty_lines.get(REGION, Quarter(2030, 1))


def test_amounts_of_a_wrong_type_and_duplicate_years_in_parameters() -> None:
    docs = shipped_documents()
    docs["mrp"] = {"values": [{"from": "2020-01-01", "amount": [1], "source": "x"},
                              {"from": "2021-01-01", "source": "x"}]}
    docs["calendar"] = dict(docs["calendar"], kurban_ait=[
        {"date": "2025-06-06", "source": "x"}, {"date": "2025-06-07", "source": "x"}])
    with pytest.raises(ParameterError) as error:
        parse_parameters(docs)
    found = {(i.pointer, i.code) for i in error.value.issues}
    assert {("mrp#/values/0/amount", "input.type"), ("mrp#/values/1/amount", "input.required"),
            ("calendar#/kurban_ait/1", "input.duplicate")} <= found
