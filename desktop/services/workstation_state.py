"""What the window's start reads of the workstation before the journal's first page: its
settings, its office and operator, whether it has accounts, with SQLAlchemy Core alone.

The ORM and the models are imported after the first page (``desktop.ui.app``); these reads
are the only ones before it, so they are written here against ``desktop.storage.core_tables``
and serve everyone afterwards too (``desktop.services.workstation`` re-exports them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.storage import core_tables as t
from desktop.storage.database import Database

__all__ = ["OFFICE_KEY", "STAFF_KEY", "WorkstationSetup", "get_setting", "has_accounts",
           "load_setup", "set_setting"]

OFFICE_KEY = "workstation.office_id"
STAFF_KEY = "workstation.staff_id"


@dataclass
class WorkstationSetup:
    region: str
    district: str
    office_kind: str  # "district_office" | "akimat"
    office_name_kk: str
    office_name_ru: str
    office_code: str
    operator_full_name: str
    operator_position: str


def load_setup(db: Database) -> WorkstationSetup | None:
    """This workstation's office and operator, or None before the first-run setup."""
    office, staff = t.offices.c, t.staff.c
    with db.transaction() as connection:
        office_id = connection.execute(
            select(t.settings.c.value).where(t.settings.c.key == OFFICE_KEY)).scalar()
        staff_id = connection.execute(
            select(t.settings.c.value).where(t.settings.c.key == STAFF_KEY)).scalar()
        if not office_id or not staff_id:
            return None
        found_office = connection.execute(
            select(office.region, office.district, office.kind, office.name_kk, office.name_ru,
                   office.code).where(office.id == office_id)).first()
        found_staff = connection.execute(
            select(staff.full_name, staff.position).where(staff.id == staff_id)).first()
    if found_office is None or found_staff is None:
        return None
    return WorkstationSetup(*found_office, *found_staff)


def has_accounts(db: Database) -> bool:
    """Whether anyone has an account at this workstation (then nobody works without one)."""
    with db.transaction() as connection:
        return bool(connection.execute(select(func.count()).select_from(t.accounts)).scalar())


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    return db.setting(key, default)


def set_setting(db: Database, key: str, value: str | None) -> None:
    db.put_setting(key, value)
