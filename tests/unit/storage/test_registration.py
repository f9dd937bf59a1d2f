"""Registration numbers: sequential per office and year, never repeated, given back on rollback."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.storage.database import Database
from desktop.storage.registration import RegistrationNumber, allocate_registration_number


def _next(db: Database, office: str, year: int) -> str:
    with db.session() as session:
        return str(allocate_registration_number(session, office, year))


def test_numbers_are_sequential_per_office_and_year_across_sessions(db: Database) -> None:
    issued = [_next(db, "AKT-05", 2026) for _ in range(3)]
    assert issued == ["AKT-05-2026-000001", "AKT-05-2026-000002", "AKT-05-2026-000003"]
    assert _next(db, "AKT-06", 2026) == "AKT-06-2026-000001"
    assert _next(db, "AKT-05", 2027) == "AKT-05-2027-000001"
    assert _next(db, "AKT-05", 2026) == "AKT-05-2026-000004"


def test_numbers_survive_closing_and_reopening(db: Database) -> None:
    _next(db, "AKT-05", 2026)
    db.close()
    with Database.open(db.path) as again:
        assert _next(again, "AKT-05", 2026) == "AKT-05-2026-000002"


def test_a_rolled_back_registration_gives_its_number_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        allocate_registration_number(session, "AKT-05", 2026)
        raise RuntimeError("printing failed")
    assert _next(db, "AKT-05", 2026) == "AKT-05-2026-000001"


def test_many_numbers_are_unique(db: Database) -> None:
    with db.session() as session:
        numbers = [str(allocate_registration_number(session, "X1", 2026)) for _ in range(500)]
    assert len(set(numbers)) == 500
    assert numbers[-1] == "X1-2026-000500"


def test_parse_is_the_inverse_of_str() -> None:
    number = RegistrationNumber("AKT-05", 2026, 123)
    assert str(number) == "AKT-05-2026-000123"
    assert RegistrationNumber.parse("akt-05-2026-000123") == number
    with pytest.raises(ValueError):
        RegistrationNumber.parse("AKT-05-26-1")


def _enrolled(db: Database, office: str, desk: int) -> None:
    """What enrolment leaves in the settings: the office and the desk number."""
    from desktop.storage.registration import DESK_SETTING, ENROLLED_OFFICE_SETTING
    from desktop.storage.settings import write_setting

    with db.session() as session:
        write_setting(session, ENROLLED_OFFICE_SETTING, office)
        write_setting(session, DESK_SETTING, str(desk))


def test_an_enrolled_desk_numbers_with_its_desk_number_and_its_own_counter(
        db: Database) -> None:
    assert _next(db, "AKT-05", 2026) == "AKT-05-2026-000001"  # standalone: the old form
    assert _next(db, "AKT-05", 2026) == "AKT-05-2026-000002"
    _enrolled(db, "AKT-05", 2)
    issued = [_next(db, "AKT-05", 2026) for _ in range(2)]
    assert issued == ["AKT-05-2026-2-000001", "AKT-05-2026-2-000002"]
    assert _next(db, "AKT-05", 2027) == "AKT-05-2027-2-000001"
    # the desk number is unique within the office it was given for, and only there
    assert _next(db, "AKT-06", 2026) == "AKT-06-2026-000001"


def test_two_desks_of_one_office_never_issue_the_same_number(tmp_path) -> None:
    issued: set[str] = set()
    for desk in (1, 2, 3):
        with Database.open(tmp_path / f"desk{desk}" / "komek.sqlite3") as db:
            _enrolled(db, "AKT-05", desk)
            for _ in range(50):
                number = _next(db, "AKT-05", 2026)
                assert RegistrationNumber.parse(number).desk == desk
                issued.add(number)
    assert len(issued) == 150


def test_a_desk_counter_starts_after_the_desks_own_highest_number(db: Database) -> None:
    """A database without the counter row (restored, imported) never issues a number twice;
    the other desks' numbers (pulled from the server) do not move this desk's counter."""
    from sqlalchemy import text

    from desktop.storage.models import ApplicationRecord

    _enrolled(db, "AKT-05", 2)
    _next(db, "AKT-05", 2026)
    with db.session() as session:
        for index, (number, seq) in enumerate(
                [("AKT-05-2026-2-000007", 7), ("AKT-05-2026-1-000040", 40),
                 ("AKT-05-2026-000090", 90)]):
            session.add(ApplicationRecord(
                id=f"a{index}", office_code="AKT-05", application_date=dt.date(2026, 3, 1),
                channel="district_office", registration_number=number,
                registration_year=2026, registration_seq=seq))
        session.execute(text("DELETE FROM registration_counters"))
    assert _next(db, "AKT-05", 2026) == "AKT-05-2026-2-000008"


@pytest.mark.parametrize(("text", "expected"), [
    ("AKT-05-2026-000123", RegistrationNumber("AKT-05", 2026, 123)),
    ("akt-05-2026-2-000123", RegistrationNumber("AKT-05", 2026, 123, 2)),
    (" AKT-05-2026-17-001234 ", RegistrationNumber("AKT-05", 2026, 1234, 17)),
    ("AKT-05-2026-999-000001", RegistrationNumber("AKT-05", 2026, 1, 999)),
    # an office code whose last group is digits, even four of them, is still read whole
    ("AB-1999-2026-000001", RegistrationNumber("AB-1999", 2026, 1)),
    ("AB-1999-2026-3-000001", RegistrationNumber("AB-1999", 2026, 1, 3)),
    ("X1-2026-1000000", RegistrationNumber("X1", 2026, 1000000)),
    # four digits before the sequence are always the year (so desk numbers stop at 999)
    ("AKT-05-2026-1000-000001", RegistrationNumber("AKT-05-2026", 1000, 1)),
])
def test_both_forms_parse_unambiguously_and_print_back(text: str,
                                                       expected: RegistrationNumber) -> None:
    assert RegistrationNumber.parse(text) == expected
    assert str(expected) == text.strip().upper()


@pytest.mark.parametrize("text", [
    "AKT-05-2026-0-000001",     # desk numbers start at 1
    "AKT-05-2026-02-000001",    # and have no leading zero: one spelling per number
    "AKT-05-2026-2-00001",      # sequences have six digits at least
    "2026-000001",
])
def test_malformed_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        RegistrationNumber.parse(text)
    with pytest.raises(ValueError):
        RegistrationNumber("AKT-05", 2026, 1, 0)
