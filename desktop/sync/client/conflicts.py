"""Conflicts kept for a person: both sides field by field, and their resolution.

A resolution is an ordinary local change based on the server's current version, so the next
push is accepted and every desk receives it: *theirs* takes the server's side, *mine* sends
this desk's side again, *merged* sends a record built field by field from both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import ConflictRecord
from desktop.sync.client import codec
from desktop.sync.client.apply import DUPLICATE, _full_row, _upsert
from desktop.sync.client.connection import sync_connection
from desktop.sync.protocol import BOOKKEEPING, DUPLICATE_NUMBER

THEIRS, MINE, MERGED = "theirs", "mine", "merged"
ACKNOWLEDGED = "acknowledged"  # a duplicate registration number seen by a person
_CONFLICTS = ConflictRecord.__table__


@dataclass(frozen=True, slots=True)
class FieldDiff:
    name: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def suggestion(self) -> str:
        """Which side a merge takes by default: the side that changed it, or ``clash``."""
        if self.mine == self.theirs:
            return "same"
        if self.mine == self.base:
            return THEIRS
        if self.theirs == self.base:
            return MINE
        return "clash"


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    kind: str  # conflict | refused | unapplied
    table: str
    record_id: str
    reason: str
    mine: dict[str, Any] | None
    theirs: dict[str, Any] | None
    base: dict[str, Any] | None
    theirs_version: int
    theirs_node: str
    # the application the record is part of, as people know it: its registration number,
    # else its applicant's name ("" when the record belongs to no application here)
    application: str = ""

    @property
    def application_id(self) -> str:
        if self.table == "applications":
            return self.record_id
        return str((self.mine or self.theirs or {}).get("application_id") or "")

    @property
    def is_duplicate_number(self) -> bool:
        """Two applications with one registration number: ``theirs`` is the other one (its
        own record), so there is nothing to take from it, only to acknowledge. Either this
        desk's application, accepted by the server (kind ``duplicate``), or another desk's,
        pulled but not stored here since this desk's numbers are unique (kind
        ``unapplied``, ``mine`` is the local application holding the number)."""
        return self.kind == DUPLICATE or self.reason == DUPLICATE_NUMBER

    @property
    def registration_number(self) -> str:
        return str((self.mine or {}).get("registration_number") or "")

    def fields(self) -> list[FieldDiff]:
        """Every field that differs between the two sides (bookkeeping columns left out)."""
        names = sorted((set(self.mine or {}) | set(self.theirs or {})) - BOOKKEEPING)
        base = self.base or {}
        return [FieldDiff(n, base.get(n), (self.mine or {}).get(n), (self.theirs or {}).get(n))
                for n in names if (self.mine or {}).get(n) != (self.theirs or {}).get(n)]

    def merged(self, choices: dict[str, str] | None = None) -> dict[str, Any]:
        """The record built from both sides: for each differing field the side in
        ``choices`` (``mine``/``theirs``), else the suggestion (a clash keeps mine)."""
        result = dict(self.theirs or self.mine or {})
        for diff in self.fields():
            side = (choices or {}).get(diff.name) or diff.suggestion
            result[diff.name] = diff.theirs if side == THEIRS else diff.mine
        return result


def _conflict(row: Any) -> Conflict:
    return Conflict(row.id, row.kind, row.table_name, row.record_id, row.reason,
                    json.loads(row.mine), json.loads(row.theirs), json.loads(row.base),
                    row.theirs_version, row.theirs_node)


def open_conflicts(db: Database) -> list[Conflict]:
    with db.engine.connect() as connection:
        rows = connection.execute(select(_CONFLICTS).where(_CONFLICTS.c.resolved_at.is_(None))
                                  .order_by(_CONFLICTS.c.detected_at))
        found = [_conflict(r) for r in rows]
        applications = codec.table("applications")
        ids = sorted({c.application_id for c in found} - {""})
        names = {row.id: row.registration_number or row.applicant_name for row in
                 connection.execute(select(applications.c.id,
                                           applications.c.registration_number,
                                           applications.c.applicant_name)
                                    .where(applications.c.id.in_(ids)))} if ids else {}
    return [replace(c, application=names.get(c.application_id, "")) for c in found]


def _write(connection: Connection, table: str, record_id: str, data: dict[str, Any] | None,
           version: int) -> None:
    target = codec.table(table)
    if data is None:
        connection.execute(target.delete().where(target.c.id == record_id))
        return
    _upsert(connection, target, [_full_row(target, {**data, "id": record_id,
                                                    "version": version})])


def resolve(db: Database, conflict_id: str, choice: str,
            choices: dict[str, str] | None = None) -> None:
    """Resolve a conflict with ``theirs``, ``mine`` or ``merged`` (fields per ``choices``).
    A duplicate registration number is only marked seen (any choice): its two sides are two
    applications, both kept as they are."""
    with sync_connection(db) as connection, connection.begin():
        row = connection.execute(select(_CONFLICTS).where(_CONFLICTS.c.id == conflict_id)
                                 ).first()
        if row is None or row.resolved_at is not None:
            return
        conflict = _conflict(row)
        if conflict.is_duplicate_number:
            connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == conflict_id)
                               .values(resolved_at=utcnow(), resolution=ACKNOWLEDGED))
            return
        server_version = conflict.theirs_version
        connection.exec_driver_sql(
            "DELETE FROM sync_outbox WHERE table_name = ? AND record_id = ?",
            (conflict.table, conflict.record_id))
        resend = conflict.kind == "conflict" and choice != THEIRS
        if choice == THEIRS and conflict.kind != "refused":
            _write(connection, conflict.table, conflict.record_id, conflict.theirs,
                   server_version)
        elif resend:
            data = conflict.mine if choice == MINE else conflict.merged(choices)
            _write(connection, conflict.table, conflict.record_id, data, server_version + 1)
            connection.exec_driver_sql(
                "INSERT INTO sync_outbox (table_name, record_id, op, at) VALUES (?, ?, ?, ?)",
                (conflict.table, conflict.record_id, "delete" if data is None else "upsert",
                 utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")))
        if conflict.kind == "conflict":
            connection.exec_driver_sql(
                "INSERT INTO sync_known (table_name, record_id, version, sent) "
                "VALUES (?, ?, ?, NULL) ON CONFLICT (table_name, record_id) "
                "DO UPDATE SET version = excluded.version, sent = NULL",
                (conflict.table, conflict.record_id, server_version))
        connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == conflict_id)
                           .values(resolved_at=utcnow(), resolution=choice))
