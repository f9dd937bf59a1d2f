"""The desk's sync settings, kept in the workstation's ``settings`` table (never the secret)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.storage.base import utcnow
from desktop.storage.models import SettingRecord
from desktop.storage.registration import DESK_SETTING, ENROLLED_OFFICE_SETTING
from desktop.sync.protocol import MAX_DESK_NUMBER

SERVER_URL = "sync.server_url"
OFFICE_CODE = ENROLLED_OFFICE_SETTING
OFFICE_KIND = "sync.office_kind"
DESK_NUMBER = DESK_SETTING  # this desk's number within its office, from the server
SERVER_CERT = "sync.server_cert"  # the pinned certificate (PEM, public)
CURSOR = "sync.cursor"
NEXT_BATCH = "sync.next_batch"
LAST_SUCCESS = "sync.last_success"
LAST_ERROR = "sync.last_error"
LAST_CHECK = "sync.last_check"
SERVER_VERSION = "sync.server_version"  # the program version of the server at the last sync

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
    desk_number: int | None = None  # None: enrolled with a server before desk numbers

    @property
    def is_district(self) -> bool:
        return self.office_kind == "district"


def enrolment(connection: Connection, node_id: str) -> Enrolment | None:
    url = read(connection, SERVER_URL)
    if not url:
        return None
    desk = read(connection, DESK_NUMBER)
    return Enrolment(node_id, url, read(connection, OFFICE_CODE) or "",
                     read(connection, OFFICE_KIND) or "akimat", read(connection, SERVER_CERT),
                     int(desk) if desk and desk.isdigit() else None)


def remember_desk_number(connection: Connection, answer: Mapping[str, object]) -> None:
    """Keep the desk number the server's enrolment or status answer names (a desk enrolled
    before desk numbers learns its number at its next sync); registration numbers carry it
    from then on. An answer without one (an older server) changes nothing. The number is
    given once and never changes: a different one is ignored, so the desk's numbers keep
    one prefix."""
    desk = answer.get("desk_number")
    if not isinstance(desk, int) or isinstance(desk, bool) or not 1 <= desk <= MAX_DESK_NUMBER:
        return
    if read(connection, DESK_NUMBER) is None:
        write(connection, DESK_NUMBER, str(desk))
