"""Read and write workstation settings (key/value) inside a session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.storage.models import SettingRecord


def read_setting(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(SettingRecord, key)
    return row.value if row is not None else default


def write_setting(session: Session, key: str, value: str | None) -> None:
    """Store ``value`` under ``key``; ``None`` removes the setting."""
    row = session.get(SettingRecord, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SettingRecord(key=key, value=value))
    elif row.value != value:
        row.value = value
