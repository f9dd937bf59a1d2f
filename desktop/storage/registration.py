"""Human registration numbers, offline-safe: office code, year, that office's sequence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.storage.models import ApplicationRecord

_NUMBER = re.compile(r"^(?P<office>[A-Z0-9-]+)-(?P<year>\d{4})-(?P<seq>\d{6,})$")


@dataclass(frozen=True, slots=True)
class RegistrationNumber:
    office_code: str
    year: int
    seq: int

    def __str__(self) -> str:
        return f"{self.office_code}-{self.year:04d}-{self.seq:06d}"

    @classmethod
    def parse(cls, value: str) -> RegistrationNumber:
        match = _NUMBER.match(value.strip().upper())
        if not match:
            raise ValueError(f"not a registration number: {value!r}")
        return cls(match["office"], int(match["year"]), int(match["seq"]))


def reserve_registration_numbers(
    session: Session, office_code: str, year: int, count: int
) -> int:
    """Reserve ``count`` consecutive sequence numbers; returns the first of them.

    Runs inside the caller's transaction: if it rolls back, the numbers are given back too, so
    numbers have no gaps. The counter is created on first use from the highest number already
    on an application (a database restored or imported without counters can never issue a
    number twice).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    last = session.execute(
        text(
            "UPDATE registration_counters SET last_seq = last_seq + :count "
            "WHERE office_code = :office AND year = :year RETURNING last_seq"
        ),
        {"office": office_code, "year": year, "count": count},
    ).scalar()
    if last is None:
        highest = session.execute(
            select(func.max(ApplicationRecord.registration_seq)).where(
                ApplicationRecord.office_code == office_code,
                ApplicationRecord.registration_year == year,
            )
        ).scalar()
        last = (highest or 0) + count
        session.execute(
            text(
                "INSERT INTO registration_counters (office_code, year, last_seq) "
                "VALUES (:office, :year, :seq)"
            ),
            {"office": office_code, "year": year, "seq": last},
        )
    return int(last) - count + 1


def allocate_registration_number(
    session: Session, office_code: str, year: int
) -> RegistrationNumber:
    """The next number of ``office_code`` in ``year``, taken inside the caller's transaction."""
    return RegistrationNumber(
        office_code, year, reserve_registration_numbers(session, office_code, year, 1)
    )
