"""Registration numbers: sequential per office and year, never repeated, given back on rollback."""

from __future__ import annotations

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
