"""This workstation's office and operator, the reference list of offices, and settings."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Protocol

from sqlalchemy.orm import Session

from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.paths import resources_dir

# read before the journal's first page, in SQL text without SQLAlchemy: a module of their own
from desktop.services.workstation_state import (
    OFFICE_KEY,
    STAFF_KEY,
    WorkstationSetup,
    get_setting,
    load_setup,
    set_setting,
)
from desktop.storage.audit import append_audit
from desktop.storage.database import Database
from desktop.storage.ids import office_id
from desktop.storage.models import (
    AccountRecord,
    ApplicationRecord,
    KnownVersionRecord,
    OfficeRecord,
    StaffRecord,
)
from desktop.storage.settings import read_setting, write_setting
from desktop.storage.textkeys import mend_lookalikes, sort_key

__all__ = [
    "OFFICE_KINDS",
    "ReferenceOffice",
    "SetupInvalidError",
    "WorkstationSetup",
    "get_setting",
    "load_setup",
    "office_name",
    "office_sort_key",
    "reference_offices",
    "save_setup",
    "set_setting",
    "validate_office_code",
]

OFFICE_KINDS = ("district_office", "akimat")
_CODE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


@dataclass(frozen=True)
class ReferenceOffice:
    region: str
    district: str
    kind: str
    name_kk: str
    name_ru: str
    address_kk: str
    address_ru: str
    phone: str


class SetupInvalidError(ValueError):
    """The setup cannot be saved; ``message`` says why, for the user."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


def validate_office_code(code: str) -> Text | None:
    """None if ``code`` can prefix registration numbers, else why not.

    2–12 characters: capital Latin letters A–Z, digits, and single hyphens between them
    (e.g. ``AKT-05``). Latin only, so the number reads the same in both languages and on any
    keyboard layout.
    """
    if not 2 <= len(code) <= 12:
        return Text("The office code must be 2 to 12 characters long.")
    if not _CODE.match(code):
        return Text(
            "The office code may contain only capital Latin letters A–Z, digits and single "
            "hyphens between them, e.g. AKT-05."
        )
    return None


@cache
def _entries() -> tuple[dict[str, Any], ...]:
    """The reference offices as the file gives them."""
    with (resources_dir() / "reference" / "offices.json").open(encoding="utf-8") as handle:
        return tuple(json.load(handle))


@cache
def _reference() -> tuple[ReferenceOffice, ...]:
    entries = _entries()
    return tuple(
        ReferenceOffice(
            region=entry["region"],
            district=entry["district"],
            kind=entry["kind"],
            name_kk=mend_lookalikes(entry.get("name_kk") or ""),
            name_ru=entry.get("name_ru") or "",
            address_kk=mend_lookalikes(entry.get("address_kk") or ""),
            address_ru=entry.get("address_ru") or "",
            phone=entry.get("phone") or "",
        )
        for entry in entries
        if entry.get("kind") in OFFICE_KINDS and entry.get("region") and entry.get("district")
    )


@cache
def _place_names() -> dict[str, LocalizedText]:
    """Each region, district and locality the reference offices name, under its Russian
    name and its Kazakh one, in both languages."""
    names: dict[str, LocalizedText] = {}
    for entry in _entries():
        for russian, kazakh in (("region", "region_kk"), ("district", "district_kk"),
                                ("locality_ru", "locality_kk")):
            ru, kk = entry.get(russian), mend_lookalikes(entry.get(kazakh) or "")
            if ru and kk:
                names[ru] = names[kk] = LocalizedText(kk, ru)
    return names


def place_name(name: str) -> LocalizedText:
    """A region's, district's or locality's name in both languages («Актогайский район» and
    «Ақтоғай ауданы»), given in either; a name the reference offices do not know (typed at
    setup) is the same in both."""
    return _place_names().get(name) or LocalizedText(name, name)


def area_line(*places: str) -> LocalizedText | str:
    """Places (a locality, a district, a region), those given, joined into a form's line of
    where an office is, each language's line with its own names: a Kazakh blank printed
    «Актогайский район, Карагандинская область» before. "" when none is given."""
    named = [place_name(place) for place in places if place]
    if not named:
        return ""
    return LocalizedText(", ".join(n.kk for n in named), ", ".join(n.ru for n in named))


def reference_offices() -> list[ReferenceOffice]:
    """District departments and akimats named in the regulations (public reference data).

    Kazakh names and addresses get the Latin ``i`` of the source text mended to ``і``.
    """
    return list(_reference())


class NamedOffice(Protocol):
    """An office with its names: a reference office, or one of the database's."""

    @property
    def name_kk(self) -> str: ...

    @property
    def name_ru(self) -> str: ...


def office_name(office: NamedOffice, lang: str) -> str:
    """An office's name in ``lang`` (Kazakh falls back to Russian)."""
    return office.name_ru if lang == "ru" else (office.name_kk or office.name_ru)


def office_sort_key(office: ReferenceOffice, lang: str) -> str:
    """Order of offices in a list: by the name inside «…» (not by «Государственное учреждение»
    that starts every Russian name), in the alphabet of ``lang``."""
    name = office_name(office, lang)
    start, end = name.find("«"), name.rfind("»")
    return sort_key(name[start + 1:end] if 0 <= start < end else name)


def _check(setup: WorkstationSetup) -> None:
    problem = validate_office_code(setup.office_code)
    if problem is not None:
        raise SetupInvalidError(problem)
    if setup.office_kind not in OFFICE_KINDS:
        raise SetupInvalidError(Text("Choose whether this is a district office or an akimat."))
    if not (setup.office_name_kk.strip() or setup.office_name_ru.strip()):
        raise SetupInvalidError(Text("Enter the office's name."))
    if not setup.operator_full_name.strip():
        raise SetupInvalidError(Text("Enter the operator's full name."))


def _assign(record: object, values: dict[str, str]) -> dict[str, tuple[str, str]]:
    changes = {}
    for name, value in values.items():
        before = getattr(record, name)
        if before != value:
            changes[name] = (before, value)
            setattr(record, name, value)
    return changes


def _office_of_code(session: Session, code: str) -> OfficeRecord | None:
    """The office with ``code``: under its derived id, or a row made before ids were
    derived (revision 0011 re-keys those; a pulled one may still arrive)."""
    office = session.get(OfficeRecord, office_id(code))
    if office is None:
        office = session.query(OfficeRecord).filter_by(code=code).one_or_none()
    return office


def _drop_if_unused(session: Session, office: OfficeRecord) -> None:
    """Delete the workstation's former office when nothing refers to it and the district
    server never had it (a code mistyped at setup and corrected): an office the server
    holds is reference data other desks may use."""
    session.flush()
    for model in (StaffRecord, AccountRecord, ApplicationRecord):
        if session.query(model.id).filter(model.office_id == office.id).first() is not None:
            return
    if session.get(KnownVersionRecord, ("offices", office.id)) is not None:
        return
    session.delete(office)


def save_setup(db: Database, setup: WorkstationSetup) -> None:
    """Create or update this workstation's office and operator; audited.

    Raises SetupInvalidError when a field is not acceptable (see :func:`validate_office_code`).
    Changing the office code later changes the prefix of the numbers issued from then on.
    An office's id is derived from its code (:func:`desktop.storage.ids.office_id`), so
    every desk of one office makes the same record; a new code is another office: the
    operator and the workstation's accounts move to it, the former office stays for the
    applications registered under its code (and is deleted when nothing refers to it and
    the district server never had it).
    """
    setup = WorkstationSetup(**{k: v.strip() for k, v in asdict(setup).items()})
    _check(setup)
    with db.session() as session:
        current_id = read_setting(session, OFFICE_KEY)
        current = session.get(OfficeRecord, current_id) if current_id else None
        office = _office_of_code(session, setup.office_code)
        created_office = current is None and office is None
        if office is None:
            office = OfficeRecord(id=office_id(setup.office_code), code=setup.office_code,
                                  origin_node=db.node_id)
            if current is not None:  # the workstation's office under a new code
                for name in ("kind", "region", "district", "locality", "name_kk", "name_ru",
                             "address_kk", "address_ru", "phone"):
                    setattr(office, name, getattr(current, name))
            session.add(office)
        former = current if current is not None and current.id != office.id else None
        office_changes = _assign(
            office,
            {
                "code": setup.office_code,
                "kind": setup.office_kind,
                "region": setup.region,
                "district": setup.district,
                "name_kk": setup.office_name_kk,
                "name_ru": setup.office_name_ru,
            },
        )
        if former is not None and former.code != office.code:
            office_changes["code"] = (former.code, office.code)
        session.flush()
        staff_id = read_setting(session, STAFF_KEY)
        staff = session.get(StaffRecord, staff_id) if staff_id else None
        created_staff = staff is None or staff.full_name != setup.operator_full_name
        if created_staff:
            # a different person is a different staff record; the old one stays for history
            if staff is not None:
                staff.active = False
            staff = StaffRecord(office_id=office.id, full_name="", origin_node=db.node_id)
            session.add(staff)
        assert staff is not None
        staff_changes = _assign(
            staff,
            {
                "office_id": office.id,
                "full_name": setup.operator_full_name,
                "position": setup.operator_position,
            },
        )
        session.flush()
        if former is not None:
            for account in session.query(AccountRecord).filter_by(office_id=former.id):
                account.office_id = office.id
            _drop_if_unused(session, former)
        write_setting(session, OFFICE_KEY, office.id)
        write_setting(session, STAFF_KEY, staff.id)
        if office_changes:
            append_audit(
                session,
                action="office.create" if created_office else "office.update",
                table_name="offices",
                record_id=office.id,
                actor_id=staff.id,
                node=db.node_id,
                changes=office_changes,
            )
        if staff_changes:
            append_audit(
                session,
                action="staff.create" if created_staff else "staff.update",
                table_name="staff",
                record_id=staff.id,
                actor_id=staff.id,
                node=db.node_id,
                changes=staff_changes,
            )


def acting_staff(db: Database) -> str | None:
    """Who is at the keyboard, as a staff id: the logged-in account's staff member, else the
    workstation's operator (no accounts, or a command run headless)."""
    return db.acting_staff_id or current_office_and_staff(db)[1]


def current_office_and_staff(db: Database) -> tuple[str | None, str | None]:
    """Ids of this workstation's office and operator (None before setup)."""
    with db.session() as session:
        return read_setting(session, OFFICE_KEY), read_setting(session, STAFF_KEY)
