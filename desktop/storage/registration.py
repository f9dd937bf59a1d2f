"""Human registration numbers, offline-safe: office code, year, desk, that desk's sequence.

Two forms are issued and both are read back:

* ``AKT-05-2026-000123``: office, year, sequence. A desk that was never enrolled with a
  district server (standalone) issues these, as every desk did before desk numbers.
* ``AKT-05-2026-2-000123``: office, year, *desk number*, sequence. A desk enrolled with the
  district server gets a desk number (1, 2, …) that no other desk of its office has, and
  counts its own sequence per (office, year, desk): two desks of one office working
  offline can never issue the same number.

Why the desk number sits between the year and the sequence: office codes are hyphenated
groups that may end in digits (``AKT-05``), so a desk number before the year would read as
part of the office code (``AKT-05-2-2026-…`` is also office ``AKT-05-2``). After the year it
is unambiguous read from the end: the last group is the sequence (6 digits or more); the
group before it is the year when it has 4 digits (old form) or the desk number when it has
1 to 3 digits without a leading zero (new form); everything before the year is the office
code. The sequence stays last, where a person reads "number 123" and where the journal's
digits-only search looks, and a desk's numbers share one prefix (``AKT-05-2026-2-``).

**The service.** An office keeps one registration journal per kind of case, each with its
index, and numbers each journal on its own; Kömek does the same per service of the
catalogue. A service's *marker* (two or three capital Latin letters, declared in its
``service.yaml``) stands right before the sequence: ``AKT-05-2026-2-BS-000007`` is the 7th
certificate to an unemployed person this desk issued in 2026. АСП's marker is empty, so its
numbers are exactly as before (``AKT-05-2026-2-000123``). Read from the end, the marker is the
only group of letters between the year (or desk) and the sequence, so every form stays
unambiguous; a desk counts each (office, year, desk, marker) on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.storage.models import ApplicationRecord, SettingRecord
from desktop.sync.protocol import MAX_DESK_NUMBER

# Written at enrolment by desktop.sync.client.enrol (with the office it was enrolled for).
DESK_SETTING = "sync.desk_number"
ENROLLED_OFFICE_SETTING = "sync.office_code"
MAX_DESK = MAX_DESK_NUMBER  # three digits: never four, which would read as a year

MARKER = re.compile(r"^[A-Z]{2,3}$")
_NUMBER = re.compile(
    r"^(?P<office>[A-Z0-9-]+)-(?P<year>\d{4})(?:-(?P<desk>[1-9]\d{0,2}))?"
    r"(?:-(?P<marker>[A-Z]{2,3}))?-(?P<seq>\d{6,})$")


@dataclass(frozen=True, slots=True)
class RegistrationNumber:
    office_code: str
    year: int
    seq: int
    desk: int | None = None  # None: a number of a desk without a desk number (old form)
    marker: str = ""  # the service's journal ("" for АСП)

    def __post_init__(self) -> None:
        if self.desk is not None and not 1 <= self.desk <= MAX_DESK:
            raise ValueError(f"desk number out of range: {self.desk}")
        if self.marker and not MARKER.match(self.marker):
            raise ValueError(f"not a service marker: {self.marker!r}")

    def __str__(self) -> str:
        groups = [self.office_code, f"{self.year:04d}"]
        if self.desk is not None:
            groups.append(str(self.desk))
        if self.marker:
            groups.append(self.marker)
        return "-".join([*groups, f"{self.seq:06d}"])

    @classmethod
    def parse(cls, value: str) -> RegistrationNumber:
        """Either form, any letter case and surrounding spaces."""
        match = _NUMBER.match(value.strip().upper())
        if not match:
            raise ValueError(f"not a registration number: {value!r}")
        desk = int(match["desk"]) if match["desk"] else None
        return cls(match["office"], int(match["year"]), int(match["seq"]), desk,
                   match["marker"] or "")


def desk_number(session: Session, office_code: str) -> int | None:
    """This desk's number for ``office_code``: the one the district server gave it at
    enrolment, and only for the office it was enrolled for (a desk number is unique within
    one office). None: a standalone desk, or enrolled before desk numbers existed."""
    stored: dict[str, str] = {key: value for key, value in session.execute(
        select(SettingRecord.key, SettingRecord.value).where(
            SettingRecord.key.in_((DESK_SETTING, ENROLLED_OFFICE_SETTING))))}
    value, office = stored.get(DESK_SETTING), stored.get(ENROLLED_OFFICE_SETTING)
    if not value or not value.isdigit() or office != office_code:
        return None
    desk = int(value)
    return desk if 1 <= desk <= MAX_DESK else None


def reserve_registration_numbers(
    session: Session, office_code: str, year: int, count: int, desk: int | None = None,
    marker: str = "", service: str | None = None,
) -> int:
    """Reserve ``count`` consecutive sequence numbers of ``desk`` (None: the office's
    desk-less counter) in the journal ``marker`` of ``service`` (""/None: АСП's); returns the
    first of them.

    Runs inside the caller's transaction: if it rolls back, the numbers are given back too, so
    numbers have no gaps. The counter is created on first use from the highest number already
    on an application (a database restored or imported without counters can never issue a
    number twice): for a desk, the highest of that desk's numbers.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if marker and not MARKER.match(marker):
        raise ValueError(f"not a service marker: {marker!r}")
    key = {"office": office_code, "year": year, "desk": desk or 0, "count": count,
           "marker": marker}
    last = session.execute(
        text(
            "UPDATE registration_counters SET last_seq = last_seq + :count "
            "WHERE office_code = :office AND year = :year AND desk = :desk "
            "AND marker = :marker RETURNING last_seq"
        ),
        key,
    ).scalar()
    if last is None:
        query = select(func.max(ApplicationRecord.registration_seq)).where(
            ApplicationRecord.office_code == office_code,
            ApplicationRecord.registration_year == year,
        )
        if service is not None:
            query = query.where(ApplicationRecord.service == service)
        if desk:
            prefix = f"{office_code}-{year:04d}-{desk}-{marker + '-' if marker else ''}"
            query = query.where(func.substr(ApplicationRecord.registration_number, 1,
                                            len(prefix)) == prefix)
        last = (session.execute(query).scalar() or 0) + count
        session.execute(
            text(
                "INSERT INTO registration_counters (office_code, year, desk, marker, last_seq) "
                "VALUES (:office, :year, :desk, :marker, :seq)"
            ),
            {**key, "seq": last},
        )
    return int(last) - count + 1


def allocate_registration_number(
    session: Session, office_code: str, year: int, *, marker: str = "",
    service: str | None = None,
) -> RegistrationNumber:
    """The next number of this desk for ``office_code`` in ``year`` in the journal of
    ``service`` (its ``marker``; АСП's is ""), taken inside the caller's transaction (with
    the desk number when the desk has one)."""
    desk = desk_number(session, office_code)
    return RegistrationNumber(
        office_code, year,
        reserve_registration_numbers(session, office_code, year, 1, desk, marker, service),
        desk, marker)
