"""What the ids a record holds name, for a person reading the record: its office by name and
code, a staff member or a family member by name, an application by its registration number.

A synced record's references are ids (``office_id: d507733b-…``); the conflicts view showed
them as they are. Only what this workstation holds is named; an id it does not know stays
as it is (the district's IT administrator can still look it up).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, MemberRecord, OfficeRecord, StaffRecord


def _office(record: OfficeRecord, lang: str) -> str:
    name = (record.name_kk if lang == "kk" else record.name_ru) or record.name_ru or \
        record.name_kk
    return f"{name} ({record.code})" if name else record.code


def _person(record: MemberRecord) -> str:
    return " ".join(p for p in (record.surname, record.first_name, record.patronymic) if p)


# the columns that hold an id, the table each names, and how its record is named
_NAMED: dict[str, tuple[type, Callable[[Any, str], str]]] = {
    "office_id": (OfficeRecord, _office),
    "staff_id": (StaffRecord, lambda r, _lang: r.full_name),
    "executor_id": (StaffRecord, lambda r, _lang: r.full_name),
    "registered_by": (StaffRecord, lambda r, _lang: r.full_name),
    "application_id": (ApplicationRecord,
                       lambda r, _lang: r.registration_number or r.applicant_name),
    "member_id": (MemberRecord, lambda r, _lang: _person(r)),
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
            if record is not None and name(record, lang):
                names[column] = name(record, lang)
    return names
