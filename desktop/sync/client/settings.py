"""The desk's sync settings, kept in the workstation's ``settings`` table (never the secret)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.storage.base import utcnow
from desktop.storage.models import SettingRecord

SERVER_URL = "sync.server_url"
OFFICE_CODE = "sync.office_code"
OFFICE_KIND = "sync.office_kind"
SERVER_CERT = "sync.server_cert"  # the pinned certificate (PEM, public)
CURSOR = "sync.cursor"
NEXT_BATCH = "sync.next_batch"
LAST_SUCCESS = "sync.last_success"
LAST_ERROR = "sync.last_error"
LAST_CHECK = "sync.last_check"

_SETTINGS = SettingRecord.__table__


def read(connection: Connection, key: str, default: str | None = None) -> str | None:
    value = connection.execute(select(_SETTINGS.c.value).where(_SETTINGS.c.key == key)).scalar()
    return default if value is None else str(value)


def write(connection: Connection, key: str, value: str | None) -> None:
    if value is None:
        connection.execute(_SETTINGS.delete().where(_SETTINGS.c.key == key))
        return
    statement = sqlite_insert(_SETTINGS).values(key=key, value=value, updated_at=utcnow())
    connection.execute(statement.on_conflict_do_update(
        index_elements=["key"], set_={"value": value, "updated_at": utcnow()}))


@dataclass(frozen=True, slots=True)
class Enrolment:
    """Where this desk syncs and as whom (the secret is in the credential store)."""

    node_id: str
    server_url: str
    office_code: str
    office_kind: str
    server_cert: str | None

    @property
    def is_district(self) -> bool:
        return self.office_kind == "district"


def enrolment(connection: Connection, node_id: str) -> Enrolment | None:
    url = read(connection, SERVER_URL)
    if not url:
        return None
    return Enrolment(node_id, url, read(connection, OFFICE_CODE) or "",
                     read(connection, OFFICE_KIND) or "akimat", read(connection, SERVER_CERT))
