"""The same record changed at two desks: a conflict shown, both versions kept, resolved once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop.demo.samples import sample_application
from desktop.storage.models import ApplicationRecord, TransferRecord
from desktop.storage.repositories.applications import load_application, save_draft
from desktop.sync.client.conflicts import MERGED, open_conflicts, resolve

pytestmark = pytest.mark.postgres


def _phone(desk, application_id: str) -> str:
    with desk.db.session() as session:
        return session.execute(select(ApplicationRecord.applicant_phone).where(
            ApplicationRecord.id == application_id)).scalar_one()


def _history(database: str, table: str, record_id: str) -> list[int]:
    """Versions of a record the server holds as replaced (the current one is in records)."""
    import psycopg

    with psycopg.connect(database) as connection:
        return [r[0] for r in connection.execute(
            "SELECT version FROM record_history WHERE table_name = %s AND id = %s "
            "ORDER BY cursor", (table, record_id))]


def _draft_at_both(server, desks):
    """An akimat desk and the district desk, enrolled, both holding the akimat's draft."""
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.sync()
    district.sync()
    return north, district, app


def test_a_draft_edited_at_two_desks_keeps_both_and_merges_field_by_field(server, desks,
                                                                           district_rows):
    north, district, app = _draft_at_both(server, desks)

    mine = load_application(district.db, app.application_id)
    save_draft(district.db, replace(mine, applicant=replace(mine.applicant,
                                                            phone="+7 700 333 33 33")))
    theirs = load_application(north.db, app.application_id)
    save_draft(north.db, replace(theirs, applicant=replace(theirs.applicant,
                                                           occupation="тракторист")))
    assert north.sync().conflicts == 0
    assert district.sync().conflicts == 1

    conflicts = open_conflicts(district.db)
    assert [c.record_id for c in conflicts] == [app.application_id]
    conflict = conflicts[0]
    # the base both sides started from is the version the server replaced: from its history
    assert conflict.base is not None and conflict.base["applicant_occupation"] == \
        mine.applicant.occupation
    assert _history(server.database, "applications", app.application_id) == [1]
    fields = {f.name: f for f in conflict.fields()}
    assert fields["applicant_phone"].suggestion == "mine"
    assert fields["applicant_occupation"].suggestion == "theirs"
    assert _phone(district, app.application_id) == "+7 700 333 33 33"  # mine is kept here
    key = ("applications", app.application_id)
    assert district_rows()[key] == conflict.theirs_version  # theirs is kept on the server
    # the district's side stays out of the next pushes until a person decides
    assert district.sync().accepted == 0
    # the district's administrator sees it on the server, by ids only
    listing = server.cli("--lang", "ru", "conflicts")
    assert app.application_id in listing and "изменено на двух рабочих местах" in listing
    assert listing.endswith("Неразрешённых конфликтов: 1")
    assert mine.applicant.phone not in listing and "тракторист" not in listing
    assert server.cli("--lang", "kk", "conflicts", "--office", "AKT-07") == \
        "Шешілмеген қайшылықтар: 0"

    resolve(district.db, conflict.id, MERGED)
    assert district.sync().accepted == 1
    assert server.cli("--lang", "ru", "conflicts") == "Неразрешённых конфликтов: 0"
    settled = server.cli("--lang", "ru", "conflicts", "--all")
    assert app.application_id in settled and " разрешён " in settled
    north.sync()
    for desk in (north, district):
        record = load_application(desk.db, app.application_id)
        assert (record.applicant.phone, record.applicant.occupation) == \
            ("+7 700 333 33 33", "тракторист")
    assert open_conflicts(district.db) == []


def test_the_transfer_line_marked_sent_and_received_at_once_is_a_conflict(server, desks):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    with north.db.session() as session:
        session.add(TransferRecord(application_id=app.application_id,
                                   sender_office_code="AKT-05", registration_number="X",
                                   added_on=app.application_date))
    north.sync()
    district.sync()
    with north.db.session() as session:
        session.execute(select(TransferRecord)).scalar_one().sent_on = app.application_date
    with district.db.session() as session:
        session.execute(select(TransferRecord)).scalar_one().received_on = app.application_date
    north.sync()
    district.sync()
    [conflict] = open_conflicts(district.db)
    merged = conflict.merged()
    assert merged["sent_on"] and merged["received_on"]  # disjoint fields: both kept


def test_a_first_case_step_at_the_akimat_and_the_district_is_one_record_in_conflict(
        server, desks):
    """The akimat marks the case sent while the district, with the papers in hand, marks it
    received, both before syncing: one case state with two versions, shown to a person and
    resolved, not a second row that no desk can store."""
    import datetime as dt

    from desktop.storage.base import utcnow
    from desktop.storage.ids import case_state_id
    from desktop.storage.models import CaseStateRecord

    north, district, app = _draft_at_both(server, desks)
    for desk, status in ((north, "sent_to_district"), (district, "received_by_district")):
        with desk.db.session() as session:  # as CaseService makes a case's first state
            session.add(CaseStateRecord(id=case_state_id(app.application_id),
                                        application_id=app.application_id, status=status,
                                        status_since=utcnow(), executor_name="",
                                        assigned=False, step_due=dt.date(2026, 12, 1)))
    assert north.sync().conflicts == 0
    assert district.sync().conflicts == 1
    [conflict] = open_conflicts(district.db)
    assert (conflict.kind, conflict.table) == ("conflict", "case_states")
    fields = {f.name: (f.theirs, f.mine) for f in conflict.fields()}
    assert fields["status"] == ("sent_to_district", "received_by_district")
    resolve(district.db, conflict.id, MERGED, {"status": "mine"})
    district.sync()
    north.sync()
    for desk in (north, district):
        with desk.db.session() as session:
            states = session.scalars(select(CaseStateRecord)).all()
        assert [(s.id, s.status) for s in states] == \
            [(case_state_id(app.application_id), "received_by_district")]
        assert open_conflicts(desk.db) == []
