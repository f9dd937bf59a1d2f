"""Issue 17: drafts and the certificate's people are found by name in either spelling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.demo.samples import sample_application
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services import certificates
from desktop.services.drafts import list_open_drafts, save_draft
from desktop.services.intake import intake_context, new_session
from desktop.services.journal import SearchKind, search_kind
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database
from desktop.storage.repositories.applications import save_draft as store

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def context(db: Database, tmp_path: Path):
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Бөлім", office_name_ru="Отдел",
        office_code="AKT-01", operator_full_name="Сейтқали Әлия", operator_position="маман"))
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(DAY)])
    return intake_context(db, parameters=load_parameters(overlay_dir=overlay))


def test_open_drafts_are_found_by_either_spelling_or_by_iin(context):
    ids = {}
    for seed, surname in enumerate(("Серікбаева", "Сериков", "Қасымова")):
        session = new_session(context, DAY)
        fill_family(session, 2, seed=seed)
        session.set_value("applicant_surname", surname)
        ids[surname] = save_draft(context.db, session)
    db = context.db

    def found(typed: str) -> set[str]:
        return {d.draft_id for d in list_open_drafts(db, typed)}

    assert found("") == set(ids.values())
    assert found("серикбаева") == found("СЕРІКБАЕВА") == {ids["Серікбаева"]}
    assert found("сери") == found("Сері") == {ids["Серікбаева"], ids["Сериков"]}
    assert found("касым") == found("Қасым") == {ids["Қасымова"]}
    assert found("Ахметов") == set()
    iin = next(d.applicant_iin for d in list_open_drafts(db) if d.draft_id == ids["Сериков"])
    assert found(iin[:8]) == {ids["Сериков"]}


def test_the_certificate_finds_any_member_by_name_in_either_spelling(db: Database):
    store(db, sample_application(surname="Серікбаева", first_name="Әсел", iin="900101400122"))
    store(db, sample_application(surname="Сериков", first_name="Нұрлан", iin="900101300126"))

    def iins(typed: str) -> list[str]:
        return [p.iin for p in certificates.search_people(db, typed)]

    assert iins("серикбаева асел") == iins("СЕРІКБАЕВА ӘСЕЛ") == ["900101400122"]
    assert "900101300126" in iins("Сериков Нурлан")
    assert all(p.name.startswith(("Серікбаева", "Сериков"))
               for p in certificates.search_people(db, "сери"))
    assert iins("Ахметов") == [] and iins("  ") == []
    person = certificates.search_people(db, "серикбаева асел")[0]
    assert person.name.startswith("Серікбаева Әсел") and person.birth_date is not None


def test_what_a_search_looked_in_is_told() -> None:
    assert search_kind("серикбаева") is SearchKind.NAME
    assert search_kind("9001") is SearchKind.IIN
    assert search_kind("AKT-05") is SearchKind.NUMBER
    assert search_kind("KOMEK|AKT-05-2026-000001|x") is SearchKind.NUMBER
    assert search_kind("  ") is SearchKind.NONE
