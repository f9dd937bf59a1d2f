"""Interchange JSON: round trip, every wrong field reported with its JSON pointer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from desktop import i18n
from desktop.domain.assessment import assess
from desktop.domain.interchange import (
    application_from_json,
    application_to_json,
    assessment_to_json,
    unreadable_file,
    unreadable_json,
)
from desktop.domain.issues import InvalidApplicationError
from desktop.domain.model import (
    CommissionConclusion,
    DocumentKind,
    IdentityDocument,
    IdentityDocumentKind,
    LandHolding,
    LandKind,
    LivestockHolding,
    LivestockKind,
    MemberStatus,
    NoNeedCriterion,
    PersonName,
    PriorEvent,
    PriorEventKind,
    Relationship,
    Representative,
)
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import (
    FULL_SET,
    REGION,
    application,
    documents,
    member,
    monthly_income,
    parameters,
)

D = dt.date


def sample_document() -> dict[str, Any]:
    family = [member("a", Relationship.APPLICANT, D(1980, 2, 3),
                     statuses=frozenset({MemberStatus.PERMANENT_EMPLOYMENT})),
              member("b", Relationship.CHILD, D(2021, 1, 1))]
    app = application(
        family, D(2025, 5, 15), monthly_income("a", Quarter(2025, 1), 45_000),
        representative=Representative(PersonName("Өкілов", "Нұрлан"), power_of_attorney_number="12",
                                      power_of_attorney_date=D(2025, 1, 10)),
        livestock=(LivestockHolding(LivestockKind.POULTRY, 10, 1),),
        land=(LandHolding(LandKind.PROPERTY_SHARE, 0, 1995),),
        commission=CommissionConclusion(D(2025, 5, 16), need_confirmed=False,
                                        no_need_criteria=(NoNeedCriterion.MORE_THAN_ONE_CAR,)),
        prior_events=(PriorEvent(PriorEventKind.FALSE_INFORMATION, D(2024, 1, 1)),),
        registration_number="KAR-01-2025-000001",
        documents=documents((*FULL_SET, DocumentKind.POWER_OF_ATTORNEY)))
    identity = IdentityDocument(IdentityDocumentKind.ID_CARD, "012345678", "МВД РК",
                                D(2020, 1, 1), D(2030, 1, 1))
    app = dataclasses.replace(app, applicant=dataclasses.replace(
        app.applicant, identity_document=identity))
    return application_to_json(app)


def test_round_trip_through_json_text() -> None:
    document = sample_document()
    text = json.dumps(document, ensure_ascii=False)
    again = application_from_json(json.loads(text))
    assert application_to_json(again) == document
    assert document["incomes"][0]["amount"] == "45000.00"
    assert document["members"][0]["statuses"] == ["permanent_employment"]


def errors_of(document: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(InvalidApplicationError) as error:
        application_from_json(document)
    return {(issue.pointer, issue.code) for issue in error.value.issues}


def test_each_wrong_field_has_its_pointer() -> None:
    document = sample_document()
    document["members"][1]["birth_date"] = "2021-02-30"
    document["members"][0]["relationship"] = "uncle"
    document["incomes"][2]["amount"] = "12.345"
    document["incomes"][1]["quarter"] = "2025Q1"
    document["channel"] = "post"
    document["surprise"] = 1
    document["livestock"][0]["heads"] = -1
    document["members"][1]["statuses"] = ["flying"]
    found = errors_of(document)
    assert ("/members/1/birth_date", "input.date") in found
    assert ("/members/0/relationship", "input.choice") in found
    assert ("/incomes/2/amount", "input.amount") in found
    assert ("/incomes/1/quarter", "input.quarter") in found
    assert ("/channel", "input.choice") in found
    assert ("/surprise", "input.unknown_field") in found
    assert ("/livestock/0/heads", "input.range") in found
    assert ("/members/1/statuses/0", "input.choice") in found


def test_required_parts_and_types() -> None:
    assert errors_of([]) == {("", "input.type")}  # type: ignore[arg-type]
    found = errors_of({"format": "other", "version": 9, "members": "x"})
    assert {("/format", "input.format"), ("/version", "input.version"),
            ("/application_date", "input.required"), ("/office", "input.required"),
            ("/applicant", "input.required"), ("/members", "input.type")} <= found


def test_validation_pointers_point_into_the_same_document() -> None:
    document = sample_document()
    document["members"][1]["iin"] = document["members"][1]["iin"][:11] + "x"
    app = application_from_json(document)
    with pytest.raises(InvalidApplicationError) as error:
        assess(app, parameters({(REGION, "2025-Q2"): 40000}))
    assert "/members/1/iin" in {i.pointer for i in error.value.issues}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_assessment_json_is_rendered_in_one_language(lang: str) -> None:
    app = application_from_json(sample_document())
    farm = {"non_income_declarations": [{"region": REGION, "from": "2020-01-01",
                                         "livestock": True, "land": True, "source": "test"}]}
    result = assess(app, parameters({(REGION, "2025-Q2"): 40000}, farm=farm))
    output = assessment_to_json(result, lambda text: i18n.render(text, lang))
    json.dumps(output, ensure_ascii=False)
    assert output["outcome"] == "refused"
    assert [r["code"] for r in output["refusals"]] == ["no_need"]
    assert output["trace"][0]["code"] == "rule_set"
    texts = [step["result"] for step in output["trace"]]
    assert all("{" not in text for text in texts)
    assert output["rule_set"]["title"] != result.rule_set.title.msgid  # translated


def test_file_level_issues() -> None:
    assert unreadable_json("Expecting value", 3, 7).message.params["line"] == 3
    assert unreadable_file("no such file").code == "input.file"
