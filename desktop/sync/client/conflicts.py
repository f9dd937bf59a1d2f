"""Conflicts kept for a person: both sides field by field, and their resolution.

A resolution is an ordinary local change based on the server's current version, so the next
push is accepted and every desk receives it: *theirs* takes the server's side, *mine* sends
this desk's side again, *merged* sends a record built field by field from both.

A wizard draft is merged inside its state (:mod:`desktop.sync.client.drafts`): a conflict
whose two desks changed different fields is settled at the acknowledgement, without a
person (:func:`merge_automatically`); one that remains lists only the fields both desks
changed, and every resolution keeps the other fields merged (*theirs* and *mine* take that
side for each of those fields).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import ConflictRecord
from desktop.sync.client import codec
from desktop.sync.client.apply import DUPLICATE, _full_row, _upsert
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.drafts import DRAFTS, is_draft, merge_records, same_record
from desktop.sync.protocol import BOOKKEEPING, DUPLICATE_NUMBER

THEIRS, MINE, MERGED = "theirs", "mine", "merged"
ACKNOWLEDGED = "acknowledged"  # a duplicate registration number seen by a person
AUTOMATIC = "merged_automatically"  # a draft's desks changed different fields
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
    def is_draft(self) -> bool:
        """A wizard draft changed at two desks: merged inside its state, field by field."""
        return self.kind == "conflict" and is_draft(self.table, self.mine, self.theirs)

    @property
    def registration_number(self) -> str:
        return str((self.mine or {}).get("registration_number") or "")

    def fields(self) -> list[FieldDiff]:
        """Every field that differs between the two sides (bookkeeping columns left out);
        of a wizard draft, the fields of its state that both desks changed (see
        :func:`desktop.domain.draft_merge.merge_states` for their names)."""
        if self.is_draft:
            assert self.mine is not None and self.theirs is not None
            return [FieldDiff(c.key, c.base, c.mine, c.theirs)
                    for c in merge_records(self.base, self.mine, self.theirs).clashes]
        names = sorted((set(self.mine or {}) | set(self.theirs or {})) - BOOKKEEPING)
        base = self.base or {}
        return [FieldDiff(n, base.get(n), (self.mine or {}).get(n), (self.theirs or {}).get(n))
                for n in names if (self.mine or {}).get(n) != (self.theirs or {}).get(n)]

    def merged(self, choices: dict[str, str] | None = None) -> dict[str, Any]:
        """The record built from both sides: for each differing field the side in
        ``choices`` (``mine``/``theirs``), else the suggestion (a clash keeps mine)."""
        if self.is_draft:
            assert self.mine is not None and self.theirs is not None
            return merge_records(self.base, self.mine, self.theirs, choices).record
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
        found = [_as_held(connection, c) for c in found]
    return [replace(c, application=names.get(c.application_id, "")) for c in found]


def _as_held(connection: Connection, conflict: Conflict) -> Conflict:
    """A draft's conflict with this desk's side as the desk holds it now: the wizard may
    have saved it again since (it is not pushed while the conflict is open), and a
    resolution must not drop that."""
    if not conflict.is_draft:
        return conflict
    table = codec.table(DRAFTS)
    row = connection.execute(select(table).where(table.c.id == conflict.record_id)).first()
    return replace(conflict, mine=codec.encode(row._mapping)) if row is not None else conflict


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
        conflict = _as_held(connection, _conflict(row))
        if conflict.is_duplicate_number:
            connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == conflict_id)
                               .values(resolved_at=utcnow(), resolution=ACKNOWLEDGED))
            return
        server_version = conflict.theirs_version
        connection.exec_driver_sql(
            "DELETE FROM sync_outbox WHERE table_name = ? AND record_id = ?",
            (conflict.table, conflict.record_id))
        if conflict.is_draft:  # each field both changed from the side chosen, the rest merged
            if choice != MERGED:
                choices = {diff.name: choice for diff in conflict.fields()}
            data = conflict.merged(choices)
            assert conflict.theirs is not None
            _settle(connection, conflict, data, resend=not same_record(data, conflict.theirs))
        elif conflict.kind == "conflict":
            _settle(connection, conflict, None if choice == THEIRS else
                    conflict.mine if choice == MINE else conflict.merged(choices),
                    resend=choice != THEIRS)
        elif choice == THEIRS and conflict.kind != "refused":
            _write(connection, conflict.table, conflict.record_id, conflict.theirs,
                   server_version)
        connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == conflict_id)
                           .values(resolved_at=utcnow(), resolution=choice))


def _settle(connection: Connection, conflict: Conflict, data: dict[str, Any] | None, *,
            resend: bool) -> None:
    """Store the outcome of a conflict: the server's side as it is, or (``resend``) ``data``
    (None: a delete) as a new version based on the server's, queued for the next push."""
    if not resend:
        _write(connection, conflict.table, conflict.record_id, conflict.theirs,
               conflict.theirs_version)
    else:
        _write(connection, conflict.table, conflict.record_id, data,
               conflict.theirs_version + 1)
        connection.exec_driver_sql(
            "INSERT INTO sync_outbox (table_name, record_id, op, at) VALUES (?, ?, ?, ?)",
            (conflict.table, conflict.record_id, "delete" if data is None else "upsert",
             utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")))
    connection.exec_driver_sql(
        "INSERT INTO sync_known (table_name, record_id, version, sent) "
        "VALUES (?, ?, ?, NULL) ON CONFLICT (table_name, record_id) "
        "DO UPDATE SET version = excluded.version, sent = NULL",
        (conflict.table, conflict.record_id, conflict.theirs_version))


def merge_automatically(connection: Connection, change: dict[str, Any],
                        result: dict[str, Any]) -> bool:
    """Settle the server's conflict answer to a wizard draft without a person when the two
    desks changed different fields: the merged draft is stored and queued as a new version
    based on the server's (the server keeps its own conflict row, settled when it arrives).
    A trace is kept as a resolved conflict. False: a person decides (same field changed at
    both, the base unknown, the draft deleted at either side)."""
    if change["t"] != DRAFTS or result.get("base") is None:
        return False
    table = codec.table(DRAFTS)
    row = connection.execute(select(table).where(table.c.id == change["id"])).first()
    theirs = result.get("theirs")
    mine = codec.encode(row._mapping) if row is not None else None
    if not is_draft(DRAFTS, mine, theirs):
        return False
    assert mine is not None and theirs is not None
    try:
        merge = merge_records(result["base"], mine, theirs)
    except (TypeError, ValueError, KeyError, AttributeError):
        return False  # a state of a shape not foreseen: a person sees it, the sync goes on
    if merge.clashes:
        return False
    now = utcnow()
    conflict = Conflict(str(uuid.uuid4()), "conflict", DRAFTS, str(change["id"]), "", mine,
                        theirs, result["base"], int(result["v"]), str(result.get("node") or ""))
    _settle(connection, conflict, merge.record,
            resend=not same_record(merge.record, theirs))
    connection.execute(_CONFLICTS.insert().values(
        id=conflict.id, kind=conflict.kind, table_name=DRAFTS, record_id=conflict.record_id,
        reason="", base_version=int(change["b"]), mine_version=int(change["v"]),
        theirs_version=conflict.theirs_version, mine=json.dumps(mine, ensure_ascii=False),
        theirs=json.dumps(theirs, ensure_ascii=False),
        base=json.dumps(result["base"], ensure_ascii=False), theirs_node=conflict.theirs_node,
        detected_at=now, resolved_at=now, resolution=AUTOMATIC))
    return True
