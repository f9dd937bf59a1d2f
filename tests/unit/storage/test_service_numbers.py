"""Registration numbers per service's journal, and revision 0013 (a service on every row)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from desktop.storage.database import HEAD_REVISION, Database
from desktop.storage.migrate import alembic_config
from desktop.storage.registration import (
    DESK_SETTING,
    ENROLLED_OFFICE_SETTING,
    RegistrationNumber,
    allocate_registration_number,
)
from desktop.storage.settings import write_setting
from tests.support.storage import connect


@pytest.mark.parametrize(("text", "parts"), [
    ("AKT-05-2026-BS-000007", ("AKT-05", 2026, None, "BS", 7)),
    ("AKT-05-2026-2-BS-000007", ("AKT-05", 2026, 2, "BS", 7)),
    ("AKT-05-2026-2-000123", ("AKT-05", 2026, 2, "", 123)),
    ("AKT-05-2026-000123", ("AKT-05", 2026, None, "", 123)),
    ("akt-ak-02-2026-3-sp-000001", ("AKT-AK-02", 2026, 3, "SP", 1)),
])
def test_a_number_tells_its_service_and_reads_back(text: str, parts: tuple) -> None:
    number = RegistrationNumber.parse(text)
    assert (number.office_code, number.year, number.desk, number.marker, number.seq) == parts
    assert str(number) == text.upper()


@pytest.mark.parametrize("text", ["AKT-05-2026-B-000001", "AKT-05-2026-ABCD-000001",
                                  "AKT-05-2026-BS-2-000001", "AKT-05-2026-B5-000001"])
def test_a_marker_is_two_or_three_letters_after_the_desk(text: str) -> None:
    with pytest.raises(ValueError):
        RegistrationNumber.parse(text)


def test_a_marker_that_is_not_one_is_refused_when_numbering() -> None:
    with pytest.raises(ValueError):
        RegistrationNumber("AKT-05", 2026, 1, None, "bs")


def test_each_service_counts_its_own_numbers(db: Database) -> None:
    with db.session() as s:
        issued = [str(allocate_registration_number(s, "AKT-05", 2026, marker=m, service=c))
                  for m, c in (("BS", "unemployed_certificate"), ("", "asp"),
                               ("BS", "unemployed_certificate"), ("NP", "employment_referral"))]
    assert issued == ["AKT-05-2026-BS-000001", "AKT-05-2026-000001", "AKT-05-2026-BS-000002",
                      "AKT-05-2026-NP-000001"]


def test_an_enrolled_desks_service_numbers_carry_desk_and_marker(db: Database) -> None:
    with db.session() as s:
        write_setting(s, DESK_SETTING, "3")
        write_setting(s, ENROLLED_OFFICE_SETTING, "AKT-05")
    with db.session() as s:
        number = allocate_registration_number(s, "AKT-05", 2026, marker="DP",
                                              service="child_benefit")
    assert str(number) == "AKT-05-2026-3-DP-000001"


def _rows(path: Path, sql: str) -> list[tuple]:
    connection = connect(path)  # the desk database is encrypted
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_revision_0013_makes_every_earlier_application_asps_and_keeps_its_counters(
        tmp_path: Path) -> None:
    path = tmp_path / "komek.sqlite3"
    with Database.open(path) as db:
        with db.session() as s:
            allocate_registration_number(s, "AKT-05", 2026)
            allocate_registration_number(s, "AKT-05", 2026, marker="BS",
                                         service="unemployed_certificate")
        with db.engine.begin() as c:
            command.downgrade(alembic_config(c), "0012_conflict_fields")
    assert _rows(path, "SELECT version_num FROM alembic_version") == [("0012_conflict_fields",)]
    assert _rows(path, "SELECT office_code, year, desk, last_seq FROM registration_counters") \
        == [("AKT-05", 2026, 0, 1)]  # the other journal's counter cannot stay
    connection = connect(path)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(applications)")}
    connection.close()
    assert "service" not in columns
    with Database.open(path) as db:
        assert db.revision() == HEAD_REVISION
        with db.engine.connect() as c:
            assert c.exec_driver_sql(
                "SELECT marker, last_seq FROM registration_counters").fetchall() == [("", 1)]
            assert c.exec_driver_sql("SELECT dflt_value FROM pragma_table_info('applications')"
                                     " WHERE name = 'service'").scalar() == "'asp'"
            indexes = {r[1] for r in c.exec_driver_sql("PRAGMA index_list(applications)")}
            assert "ix_applications_service_registered" in indexes
        with db.session() as s:
            assert str(allocate_registration_number(s, "AKT-05", 2026)) == \
                "AKT-05-2026-000002"
