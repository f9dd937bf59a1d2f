"""Two desks of one office make one ``offices`` record, on the server and at every desk."""

from __future__ import annotations

import uuid
from dataclasses import replace

import psycopg
import pytest
from sqlalchemy import text

from desktop.services.workstation import current_office_and_staff, load_setup, save_setup
from desktop.storage.database import Database
from desktop.storage.ids import office_id
from desktop.sync.client.conflicts import open_conflicts

pytestmark = pytest.mark.postgres


def _server_offices(database: str, code: str) -> list[tuple[str, dict[str, object]]]:
    with psycopg.connect(database) as connection:
        return [(r[0], r[1]) for r in connection.execute(
            "SELECT id, data FROM records WHERE table_name = 'offices' AND NOT deleted "
            "AND data ->> 'code' = %s", (code,))]


def _server_refs(database: str, table: str) -> dict[str, str]:
    """id -> office_id of the live ``table`` records (staff, applications) on the server."""
    with psycopg.connect(database) as connection:
        return {r[0]: r[1] for r in connection.execute(
            "SELECT id, data ->> 'office_id' FROM records WHERE table_name = %s "
            "AND NOT deleted", (table,))}


def _server_conflicts(database: str) -> list[object]:
    with psycopg.connect(database) as connection:
        return list(connection.execute("SELECT table_name, record_id, reason FROM conflicts"))


def _desk_offices(desk, code: str) -> list[tuple[str, str, str]]:
    with desk.db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(
            "SELECT id, name_kk, name_ru FROM offices WHERE code = :code"), {"code": code})]


def _desk_refs(desk, table: str) -> dict[str, str]:
    with desk.db.engine.connect() as connection:
        return {r[0]: r[1] for r in connection.execute(text(
            f"SELECT id, office_id FROM {table}"))}


def _make_legacy(desk) -> tuple[str, object]:
    """Turn ``desk`` into a database of before office ids were derived: its office under a
    random id (what every desk made until then), at revision 0010, reopened (so revision
    0011 runs as it would at an upgrade). Returns the random id."""
    old = office_id(desk.office_code)
    legacy = str(uuid.uuid4())
    path = desk.db.path
    with desk.db.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        for statement in ("UPDATE offices SET id = :new WHERE id = :old",
                          "UPDATE staff SET office_id = :new WHERE office_id = :old",
                          "UPDATE applications SET office_id = :new WHERE office_id = :old",
                          "UPDATE settings SET value = :new WHERE value = :old"):
            connection.execute(text(statement), {"new": legacy, "old": old})
    return legacy, path


def _reopen_at_0010(desk, path) -> None:
    with desk.db.engine.begin() as connection:
        for later in ("ALTER TABLE sync_conflicts DROP COLUMN problem",  # revision 0012
                      "ALTER TABLE sync_conflicts DROP COLUMN field"):
            connection.exec_driver_sql(later)
        connection.exec_driver_sql(
            "UPDATE alembic_version SET version_num = '0010_registration_desks'")
    desk.db.close()
    desk.db = Database.open(path)  # migrates to head: revision 0011 re-keys the office


def test_two_desks_of_one_office_set_up_offline_make_one_office(server, desks,
                                                                 district_rows):
    first, second = desks("AKT-05"), desks("AKT-05")
    district = desks("AUD-01", "district")
    # the first desk left the Russian name empty: the second fills it in, nobody chooses
    save_setup(first.db, replace(load_setup(first.db), office_name_ru=""))
    save_setup(second.db, replace(load_setup(second.db), operator_full_name="Сейітова Айгүл"))
    first.fill(3, seed=1)  # (registered offline at both, numbers would be duplicates:
    # a separate matter, docs/sync.md "Registration numbers across desks")
    operators = {current_office_and_staff(d.db)[1] for d in (first, second)}
    assert current_office_and_staff(first.db)[0] == current_office_and_staff(second.db)[0] \
        == office_id("AKT-05")
    for desk in (first, second, district):
        desk.enrol(server)

    reports = [desk.sync() for desk in (first, second, district, first, second, district)]
    reports += [desk.sync(check=True) for desk in (first, second, district)]

    assert [(r.conflicts, r.refused) for r in reports] == [(0, 0)] * len(reports)
    offices = _server_offices(server.database, "AKT-05")
    assert [i for i, _ in offices] == [office_id("AKT-05")]
    assert offices[0][1]["name_ru"] == "Офис AKT-05" and offices[0][1]["name_kk"] == "Кеңсе AKT-05"
    staff = _server_refs(server.database, "staff")
    for desk in (first, second, district):
        assert open_conflicts(desk.db) == []
        assert _desk_offices(desk, "AKT-05") == [(office_id("AKT-05"), "Кеңсе AKT-05",
                                                  "Офис AKT-05")]
        assert desk.ids("offices")[office_id("AKT-05")] == \
            district_rows("offices")[("offices", office_id("AKT-05"))]
        here = _desk_refs(desk, "staff")
        assert operators <= set(here)  # both operators, everywhere
        assert {i: here[i] for i in staff} == staff  # every staff row, same office
        assert all(here[i] == office_id("AKT-05") for i in operators)
    assert _server_conflicts(server.database) == []
    assert set(_server_refs(server.database, "applications").values()) == {office_id("AKT-05")}


def test_offices_that_really_differ_are_a_conflict_for_a_person(server, desks):
    first, second = desks("AKT-05"), desks("AKT-05")
    save_setup(second.db, replace(load_setup(second.db), office_name_ru="Другое название"))
    for desk in (first, second):
        desk.enrol(server)
    first.sync()
    report = second.sync()
    assert report.conflicts == 1
    [conflict] = open_conflicts(second.db)
    assert (conflict.table, conflict.record_id) == ("offices", office_id("AKT-05"))


def test_a_desk_of_before_derived_ids_enrols_where_the_district_knows_the_office(
        server, desks, district_rows):
    current, old = desks("AKT-05"), desks("AKT-05")
    save_setup(old.db, replace(load_setup(old.db), operator_full_name="Сейітова Айгүл"))
    old.fill(3, seed=4)
    current.enrol(server)
    current.sync()  # the district knows the office now
    legacy, path = _make_legacy(old)
    assert _desk_offices(old, "AKT-05")[0][0] == legacy
    _reopen_at_0010(old, path)

    assert _desk_offices(old, "AKT-05")[0][0] == office_id("AKT-05")
    assert set(_desk_refs(old, "applications").values()) == {office_id("AKT-05")}
    assert set(_desk_refs(old, "staff").values()) == {office_id("AKT-05")}
    assert current_office_and_staff(old.db)[0] == office_id("AKT-05")
    old.enrol(server)
    reports = [desk.sync() for desk in (old, current, old, current)]
    assert [(r.conflicts, r.refused) for r in reports] == [(0, 0)] * 4
    for desk in (old, current):
        assert open_conflicts(desk.db) == []
        assert [o[0] for o in _desk_offices(desk, "AKT-05")] == [office_id("AKT-05")]
        assert set(_desk_refs(desk, "staff")) == set(_server_refs(server.database, "staff"))
    assert [i for i, _ in _server_offices(server.database, "AKT-05")] == [office_id("AKT-05")]
    assert _server_conflicts(server.database) == []


def test_an_enrolled_desk_of_before_derived_ids_moves_the_district_to_one_office(
        server, desks, district_rows):
    old, current = desks("AKT-05"), desks("AKT-05")
    district = desks("AUD-01", "district")
    save_setup(current.db, replace(load_setup(current.db), operator_full_name="Сейітова Айгүл"))
    old.fill(3, seed=5)
    legacy, path = _make_legacy(old)
    for desk in (old, district):
        desk.enrol(server)
    old.sync()  # in the field: the district holds the office under its random id
    district.sync()
    assert _desk_offices(district, "AKT-05")[0][0] == legacy
    current.enrol(server)
    current.sync()  # a desk of the new version meets the old record: not stored, no conflict
    assert open_conflicts(current.db) == []
    assert [o[0] for o in _desk_offices(current, "AKT-05")] == [office_id("AKT-05")]

    _reopen_at_0010(old, path)  # the old desk is upgraded
    reports = [desk.sync() for desk in (old, current, district, old, current, district)]
    reports += [desk.sync(check=True) for desk in (old, current, district)]

    assert [(r.conflicts, r.refused) for r in reports] == [(0, 0)] * len(reports)
    assert [i for i, _ in _server_offices(server.database, "AKT-05")] == [office_id("AKT-05")]
    assert set(_server_refs(server.database, "applications").values()) == {office_id("AKT-05")}
    assert set(_server_refs(server.database, "staff").values()) == \
        {office_id("AKT-05"), office_id("AUD-01")}
    for desk in (old, current, district):
        assert open_conflicts(desk.db) == []
        assert [o[0] for o in _desk_offices(desk, "AKT-05")] == [office_id("AKT-05")]
        assert set(_desk_refs(desk, "staff")) == set(_server_refs(server.database, "staff"))
        assert set(_desk_refs(desk, "applications").values()) <= {office_id("AKT-05")}
    assert _server_conflicts(server.database) == []
