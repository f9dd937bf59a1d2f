"""What the window's start reads of the workstation before the journal's first page: its
settings, its office and operator, whether it has accounts, in SQL text.

SQLAlchemy is imported after the first page (``desktop.ui.app``); these reads are the only
ones before it besides the journal's, so they are written here in SQL text over the
database's own connection (``Database.transaction``) and serve everyone afterwards too
(``desktop.services.workstation`` re-exports them). The models own the columns named here;
the tests run every read against a database the migrations made.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    with db.transaction() as sql:
        office_id = sql.scalar("SELECT value FROM settings WHERE key = ?", (OFFICE_KEY,))
        staff_id = sql.scalar("SELECT value FROM settings WHERE key = ?", (STAFF_KEY,))
        if not office_id or not staff_id:
            return None
        found_office = sql.rows("SELECT region, district, kind, name_kk, name_ru, code "
                                "FROM offices WHERE id = ?", (office_id,))
        found_staff = sql.rows("SELECT full_name, position FROM staff WHERE id = ?",
                               (staff_id,))
    if not found_office or not found_staff:
        return None
    return WorkstationSetup(*found_office[0], *found_staff[0])


def has_accounts(db: Database) -> bool:
    """Whether anyone has an account at this workstation (then nobody works without one)."""
    with db.transaction() as sql:
        return sql.scalar("SELECT 1 FROM accounts LIMIT 1") is not None


def get_setting(db: Database, key: str, default: str | None = None) -> str | None:
    return db.setting(key, default)


def set_setting(db: Database, key: str, value: str | None) -> None:
    db.put_setting(key, value)
