"""Parameter documents are validated with clear errors: document name and JSON pointer."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.domain.issues import ParameterError
from desktop.domain.parameters import parse_parameters
from tests.support.domain_factories import shipped_documents


def broken(**documents: Any) -> set[tuple[str, str]]:
    base = shipped_documents()
    base.update(documents)
    with pytest.raises(ParameterError) as error:
        parse_parameters(base)
    return {(issue.pointer, issue.code) for issue in error.value.issues}


def test_malformed_documents_are_reported_with_document_and_pointer() -> None:
    found = broken(poverty_lines={"poverty_lines": [
        {"region": "astana", "quarter": "2025-Q5", "amount": 1, "source": "x"},
        {"region": "astana", "quarter": "2025-Q1", "amount": -3, "source": "x"},
        {"region": "astana", "quarter": "2025-Q2", "amount": "12.345", "source": "x"},
        {"region": "astana", "quarter": "2025-Q3", "amount": 0, "source": "x"},
        {"region": "astana", "quarter": "2025-Q3", "amount": 5},
    ]})
    assert ("poverty_lines#/poverty_lines/0/quarter", "input.quarter") in found
    assert ("poverty_lines#/poverty_lines/1/amount", "input.range") in found
    assert ("poverty_lines#/poverty_lines/2/amount", "input.amount") in found
    assert ("poverty_lines#/poverty_lines/3/amount", "input.range") in found
    assert ("poverty_lines#/poverty_lines/4", "input.duplicate") in found
    assert ("poverty_lines#/poverty_lines/4/source", "input.required") in found


def test_other_documents_are_validated_too() -> None:
    found = broken(
        calendar={"fixed_holidays": [{"code": "cat_day", "month": 2, "day": 2},
                                     {"code": "new_year", "month": 2, "day": 30}],
                  "transfers": [{"worked": "2026-01-05", "rested": "2026-01-06",
                                 "source": "x"}]},
        deadlines={"schedules": {"x": {"source": "x", "channels": {
            "post": {}, "akim": {"steps": [{"step": "teleport"}]}}}}},
        rules={"rule_sets": {"nope": {}, "social-code-2023": {
            "per_capita_rounding": {"mode": "sideways"}, "excluded_income_sources": ["gold"]}}},
        pension_age={"source": "x", "men": [], "women": [{"from_year": 2000, "years": 58}]},
        mrp={"values": [{"from": "2020-01-01", "amount": 1, "source": "x"},
                        {"from": "2020-01-01", "amount": 2, "source": "x"}]},
        farm_norms={"norms": [{"region": "x", "from": "2024-01-01", "source": "x",
                               "livestock": [{"kind": "dragon", "monthly_per_head": 1},
                                             {"kind": "cow", "min_age": 5, "max_age": 1,
                                              "monthly_per_head": 1}],
                               "land": {"moon": 1}}]},
        regions={"regions": [{"code": "x"}]},
    )
    expected = {
        ("calendar#/fixed_holidays/0/code", "input.choice"),
        ("calendar#/fixed_holidays/1", "input.date"),
        ("calendar#/transfers/0/worked", "input.date"),
        ("deadlines#/schedules/x/channels/post", "input.choice"),
        ("deadlines#/schedules/x/channels/akim/steps/0/step", "input.choice"),
        ("rules#/rule_sets/nope", "input.choice"),
        ("rules#/rule_sets/social-code-2023/per_capita_rounding/mode", "input.choice"),
        ("rules#/rule_sets/social-code-2023/excluded_income_sources/0", "input.choice"),
        ("pension_age#/men", "input.required"),
        ("mrp#/values/1", "input.duplicate"),
        ("farm_norms#/norms/0/livestock/0/kind", "input.choice"),
        ("farm_norms#/norms/0/livestock/1", "input.range"),
        ("farm_norms#/norms/0/land/moon", "input.choice"),
        ("regions#/regions/0/name_kk", "input.required"),
    }
    assert expected <= found


def test_unknown_and_missing_documents() -> None:
    with pytest.raises(ParameterError) as error:
        parse_parameters({"poverty_lines": {}, "weather": {}}, {"moon": {}})
    codes = {(i.pointer, i.code) for i in error.value.issues}
    assert ("weather", "params.unknown_document") in codes
    assert ("overlay/moon", "params.unknown_document") in codes
    assert ("mrp", "params.missing_document") in codes
