"""The document checklists say what process.md §3 lists, per rule set and channel."""

from __future__ import annotations

import pytest

from desktop.formspec import load_all

DOCS = load_all()["documents"]
FORMS_2015 = ["application", "family_composition", "income_information", "farm_information"]


@pytest.mark.parametrize("channel", ["district_office", "akim", "state_corporation"])
def test_2015_list_is_item_4_of_the_regulation_at_every_channel(channel: str) -> None:
    items = {i.document: i for i in DOCS.checklist("law2001-2015", channel)}
    required = {d for d, i in items.items() if i.requirement == "required"}
    assert required == {"identity_document", *FORMS_2015, "residence_registration"}
    assert items["identity_document"].waivable and items["residence_registration"].waivable
    contract = items["social_contract"]
    assert contract.requirement == "conditional"
    assert contract.presentation == "original_and_copy"  # "в подлиннике и копии для сверки"
    assert contract.condition is not None
    assert "активных мер содействия занятости" in contract.condition.ru


@pytest.mark.parametrize("channel", ["district_office", "akim"])
def test_2013_list_is_item_13_of_the_aktogay_regulation(channel: str) -> None:
    items = {i.document: i for i in DOCS.checklist("law2001-2013", channel)}
    assert list(items) == [*FORMS_2015, "residence_registration", "social_contract"]
    assert items["social_contract"].presentation == "copy"  # "копия социального контракта"
    name = items["residence_registration"].name
    assert name is not None and name.ru.startswith("копия документа, подтверждающего")


def test_channels_without_a_list_are_empty() -> None:
    assert DOCS.checklist("law2001-2013", "state_corporation") == []
    assert DOCS.checklist("law2001-2018", "state_corporation") == []
    assert DOCS.checklist("no-such-rule-set", "akim") == []


def test_lists_not_in_the_seeds_are_flagged_assumed() -> None:
    assumed = {c.rule_set: c.assumed for c in DOCS.checklists}
    assert assumed == {
        "law2001-2013": False,
        "law2001-2015": False,
        "law2001-2018": True,
        "law2001-2019": True,
        "social-code-2023": True,
    }


def test_every_document_has_official_slip_names_and_forms_point_to_files() -> None:
    forms = load_all()
    for doc in DOCS.documents:
        assert doc.slip_name.kk and doc.slip_name.ru
        if doc.from_form:
            assert doc.from_form in forms
    slip = {d.id: d.slip_name for d in DOCS.documents}
    assert slip["social_contract"].kk == "әлеуметтік келісімшарт"
    tail = "(адресная справка или справка акима сельского округа)"
    assert slip["residence_registration"].ru.endswith(tail)


def test_expiring_documents_are_marked() -> None:
    expiring = {d.id for d in DOCS.documents if d.expires}
    assert {"identity_document", "residence_registration", "power_of_attorney"} <= expiring
    assert not expiring & set(FORMS_2015)
