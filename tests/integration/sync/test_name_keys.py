"""Issue 17: the spelling keys of names are made at each desk, never taken from the wire."""

from __future__ import annotations

import json

import psycopg
import pytest

from desktop.demo.samples import sample_application
from desktop.services import certificates
from desktop.services.journal import Journal
from desktop.storage.repositories.applications import save_draft
from desktop.storage.textkeys import spelling_key

pytestmark = pytest.mark.postgres


def _server_data(database: str, table: str, record_id: str) -> dict:
    with psycopg.connect(database) as connection:
        (data,) = connection.execute(
            "SELECT data FROM records WHERE table_name = %s AND id = %s",
            (table, record_id)).fetchone()
    return data if isinstance(data, dict) else json.loads(data)


def test_a_pulled_family_is_found_in_either_spelling_whatever_the_record_said(server, desks):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    for desk in (north, district):
        desk.enrol(server)
    app = save_draft(north.db, sample_application(surname="Серікбаева", first_name="Әсел",
                                                  iin="900101400122"))
    north.sync()

    stored = _server_data(server.database, "applications", app.application_id)
    assert stored["applicant_name"].startswith("Серікбаева")
    assert "applicant_fold" not in stored  # each desk makes it from the name
    member = app.members[0].member_id
    assert "name_fold" not in _server_data(server.database, "members", member)

    # a record as a hostile (or old) desk could send it: keys that point elsewhere
    with psycopg.connect(server.database) as connection:
        connection.execute(
            "UPDATE records SET data = (data::jsonb || %s::jsonb)::json "
            "WHERE table_name = 'applications' "
            "AND id = %s", (json.dumps({"applicant_fold": "жоқ", "applicant_search": "жоқ",
                                        "applicant_sort": "жоқ"}), app.application_id))
        connection.execute(
            "UPDATE records SET data = (data::jsonb || '{\"name_fold\": \"жоқ\"}'::jsonb)::json "
            "WHERE table_name = 'members' AND id = %s", (member,))

    district.sync()
    journal = Journal(district.db)
    for typed in ("серикбаева", "СЕРІКБАЕВА", "Серікбаева Әсел", "серикбаева асел"):
        assert [r.application_id for r in journal.page(0, 10, typed)] == [app.application_id]
        assert [r.application_id for r in journal.page(0, 10, typed, sort="applicant_name",
                                                        descending=False)] == \
            [app.application_id]
    assert journal.count("жоқ") == 0
    people = certificates.search_people(district.db, "серикбаева асел")
    assert [p.iin for p in people] == ["900101400122"]
    with district.db.engine.connect() as connection:
        fold = connection.exec_driver_sql(
            "SELECT applicant_fold FROM applications WHERE id = ?",
            (app.application_id,)).scalar()
    assert fold == spelling_key(stored["applicant_name"])
