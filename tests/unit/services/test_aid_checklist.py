"""§12's checklist follows the kind of aid chosen on the application (seed 002: hearing items
1-7, vision item 1, hygiene items 1-5), as the catalogue's data says: the documents' rows come
and go with the choice, a row with something marked stays, and what blocks registration or
goes on the refusal slip is the chosen kind's list."""

from __future__ import annotations

import datetime as dt

from desktop.domain.intake_session import DOCUMENTS
from desktop.services.intake import new_session

DAY = dt.date(2026, 11, 20)


def _kinds(session) -> list[str]:
    return [row["document_kind"] for row in session.rows(DOCUMENTS)]


def _missing(session) -> list[str]:
    return [i.document for i in session.document_problems() if i.problem == "missing"]


def test_the_checklist_follows_the_kind_of_aid(context):
    session = new_session(context, DAY, service="hearing_vision_aids")
    # no kind chosen yet: the documents every list has
    assert _kinds(session) == ["application", "rehabilitation_programme"]
    session.set_value("aid_kind", "hearing_aids")
    assert _kinds(session) == ["application", "identity_document", "birth_certificate",
                               "rehabilitation_programme", "veteran_certificate",
                               "pension_certificate", "medical_report"]
    assert _missing(session) == ["identity_document", "rehabilitation_programme"]
    session.set_value("aid_kind", "vision_aids")
    assert _kinds(session) == ["application", "rehabilitation_programme"]
    assert _missing(session) == ["rehabilitation_programme"]
    session.set_value("aid_kind", "hygiene_aids")
    assert _kinds(session) == ["application", "identity_document", "rehabilitation_programme",
                               "iin_document", "disability_certificate"]
    assert _missing(session) == ["identity_document", "rehabilitation_programme",
                                 "disability_certificate"]
    names = {i.document: i.name.ru for i in session.document_problems()}
    assert names["disability_certificate"] == "справка об инвалидности"


def test_a_marked_document_stays_when_the_kind_changes(context):
    session = new_session(context, DAY, service="hearing_vision_aids")
    session.set_value("aid_kind", "hearing_aids")
    row = next(r for r in session.rows(DOCUMENTS) if r["document_kind"] == "veteran_certificate")
    session.set_cell(DOCUMENTS, row["row_id"], "document_original_shown", True)
    session.set_value("aid_kind", "vision_aids")
    assert _kinds(session) == ["application", "rehabilitation_programme", "veteran_certificate"]
    # not on the vision list: it blocks nothing
    assert "veteran_certificate" not in {i.document for i in session.document_problems()}
    session.set_value("aid_kind", "hearing_aids")  # back: its row is the one marked
    assert [r["document_kind"] for r in session.rows(DOCUMENTS)].count(
        "veteran_certificate") == 1
