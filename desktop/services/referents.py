"""What the ids a record holds name, for a person reading the record: its office by name and
code, a staff member or a family member by name, an application by its registration number.

A synced record's references are ids (``office_id: d507733b-…``); the conflicts view showed
them as they are. Only what this workstation holds is named; an id it does not know stays
as it is (the district's IT administrator can still look it up).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.domain.model import PersonName
from desktop.services.workstation import office_name
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, MemberRecord, OfficeRecord, StaffRecord


def _office(record: OfficeRecord, lang: str) -> str:
    name = office_name(record, lang) or record.name_kk
    return f"{name} ({record.code})" if name else record.code


def _staff(record: StaffRecord, _lang: str) -> str:
    return record.full_name


def _member(record: MemberRecord, _lang: str) -> str:
    return PersonName(record.surname, record.first_name, record.patronymic).full


def _application(record: ApplicationRecord, _lang: str) -> str:
    return record.registration_number or record.applicant_name


# the columns that hold an id, the table each names, and how its record is named
_NAMED: dict[str, tuple[type, Callable[[Any, str], str]]] = {
    "office_id": (OfficeRecord, _office),
    "staff_id": (StaffRecord, _staff),
    "executor_id": (StaffRecord, _staff),
    "registered_by": (StaffRecord, _staff),
    "application_id": (ApplicationRecord, _application),
    "member_id": (MemberRecord, _member),
}


def referent_names(db: Database, data: Mapping[str, Any], lang: str) -> dict[str, str]:
    """For each column of ``data`` that holds an id this workstation knows, what it names,
    in ``lang``."""
    wanted = {column: value for column, value in data.items()
              if column in _NAMED and isinstance(value, str) and value}
    if not wanted:
        return {}
    names: dict[str, str] = {}
    with db.session() as session:
        for column, value in wanted.items():
            model, name = _NAMED[column]
            record = session.get(model, value)
            shown = name(record, lang) if record is not None else ""
            if shown:
                names[column] = shown
    return names
