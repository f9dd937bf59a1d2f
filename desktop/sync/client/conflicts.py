"""Conflicts kept for a person: both sides field by field, and their resolution.

A resolution is an ordinary local change based on the server's current version, so the next
push is accepted and every desk receives it: *theirs* takes the server's side, *mine* sends
this desk's side again, *merged* sends a record built field by field from both.

A wizard draft is merged inside its state (:mod:`desktop.sync.client.drafts`): a conflict
whose two desks changed different fields is settled at the acknowledgement, without a
person (:func:`merge_automatically`); one that remains lists only the fields both desks
changed, and every resolution keeps the other fields merged (*theirs* and *mine* take that
side for each of those fields).

A record the server refused (kind ``refused``; as invalid, with the field and the problem)
is corrected and sent again (:func:`correct`): the values the person typed are written to
the local record as an ordinary local change, which the next push sends. Correcting it in
the program as usual does the same, without this view.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import ConflictRecord
from desktop.sync.client import codec
from desktop.sync.client.apply import DUPLICATE, REFUSED, UNAPPLIED, _full_row, _upsert
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.drafts import DRAFTS, is_draft, merge_records, same_record
from desktop.sync.protocol import BOOKKEEPING, DUPLICATE_NUMBER, FieldProblem
from desktop.sync.records import TEXT, Problem, definition, validate

THEIRS, MINE, MERGED = "theirs", "mine", "merged"
ACKNOWLEDGED = "acknowledged"  # a duplicate registration number seen by a person
AUTOMATIC = "merged_automatically"  # a draft's desks changed different fields
CORRECTED = "corrected"  # a refused record corrected in the conflicts view and sent again
# Unicode's control characters, but a line break, carriage return or tab of a free text
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
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
    # a record refused as invalid (or pulled and not stored as invalid): the column the
    # server named and what is wrong with it (a FieldProblem value), else ""
    field: str = ""
    problem: str = ""

    @property
    def set_aside(self) -> bool:
        """A record the server refused, or one pulled that this desk could not store: kept
        for a person, holding nothing else back."""
        return self.kind in (REFUSED, UNAPPLIED) and not self.is_duplicate_number

    @property
    def correctable(self) -> bool:
        """This desk's record, refused by the server as invalid: the person can correct the
        field and send it again."""
        return self.kind == REFUSED and bool(self.problem) and self.mine is not None

    def suggestion(self) -> Any:
        """The refused field's value as the person is offered to send it: without its
        control characters when they are the problem, else as it is."""
        value = (self.mine or {}).get(self.field)
        if self.problem == FieldProblem.CONTROL_CHARACTER.value and isinstance(value, str):
            return without_controls(self.table, self.field, value)
        return value

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
                    row.theirs_version, row.theirs_node, field=row.field, problem=row.problem)


def without_controls(table: str, column: str, value: str) -> str:
    """``value`` of ``table.column`` without control characters (a free text keeps its line
    breaks and tabs; a JSON text, such as a draft's state, loses them inside its texts)."""
    found = definition(table)
    field = found.fields.get(column) if found is not None else None
    if field is not None and field.json is not None:
        try:
            return json.dumps(_strip(json.loads(value)), ensure_ascii=False)
        except ValueError:
            pass
    return (_CONTROL if field is not None and field.free_text else _CONTROL_IN_LINE).sub(
        "", value)


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {_strip(k): _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


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


def _named(conflict: Conflict) -> tuple[str, str] | None:
    """(table, id) of the record a conflict's record was refused for naming, if it was."""
    if conflict.kind != REFUSED or conflict.problem != FieldProblem.REFERENCE.value:
        return None
    found = definition(conflict.table)
    field = found.fields.get(conflict.field) if found is not None else None
    named = (conflict.mine or {}).get(conflict.field)
    if field is None or field.refers is None or not named:
        return None
    return field.refers, str(named)


def waiting(conflicts: list[Conflict], queued: set[tuple[str, str]] | None = None
            ) -> tuple[list[Conflict], list[Conflict]]:
    """The conflicts to show a person, and those that only wait for another record: refused
    because the record they name (their application, a member) was refused too and is
    among ``conflicts``, or is corrected and waiting to be sent (``queued``). Those go by
    themselves once it is accepted, so a family of twenty records refused for its
    application's date is one thing to correct."""
    refused = {(c.table, c.record_id) for c in conflicts if c.kind == REFUSED}
    refused |= queued or set()
    shown: list[Conflict] = []
    behind: list[Conflict] = []
    for conflict in conflicts:
        (behind if _named(conflict) in refused else shown).append(conflict)
    return shown, behind


def queued_referents(db: Database, conflicts: list[Conflict]) -> set[tuple[str, str]]:
    """Of the records that refused records name, those with a change waiting to be sent
    (corrected, not accepted yet)."""
    wanted = {key for key in map(_named, conflicts) if key is not None}
    if not wanted:
        return set()
    with db.engine.connect() as connection:
        return {key for key in wanted if connection.exec_driver_sql(
            "SELECT 1 FROM sync_outbox WHERE table_name = ? AND record_id = ?", key).first()}


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
        if conflict.is_duplicate_number or (conflict.kind == UNAPPLIED and conflict.problem):
            # two applications, both kept; or a record received that cannot be stored here
            # (corrected where it was made, it comes again): there is nothing to take
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


def correct(db: Database, conflict_id: str, values: dict[str, Any] | None = None
            ) -> Problem | None:
    """Send a refused record again, corrected: ``values`` (column -> JSON value, as the
    person typed them) are written to the local record, and where the server refused a
    control character every text of the record loses its control characters (a draft's
    copied name and its state hold the same typed text). The record goes out with the next
    push as an ordinary local change; the refusal is settled (a new one is kept if the
    server refuses it again). Returns the problem when the record is still invalid: then
    nothing is written."""
    with sync_connection(db) as connection, connection.begin():
        row = connection.execute(select(_CONFLICTS).where(_CONFLICTS.c.id == conflict_id)
                                 ).first()
        if row is None or row.resolved_at is not None or row.kind != REFUSED:
            return None
        conflict = _conflict(row)
        # read as stored (dates as text): the refused value may be one SQLAlchemy cannot read
        local = connection.exec_driver_sql(
            f"SELECT * FROM {codec.table(conflict.table).name} WHERE id = ?",
            (conflict.record_id,)).first()
        if local is not None:
            columns = [str(c) for c in local._fields]
            record = {**codec.encode_raw(conflict.table, columns, tuple(local)),
                      **(values or {})}
            if conflict.problem == FieldProblem.CONTROL_CHARACTER.value:
                found = definition(conflict.table)
                assert found is not None
                for field in found.fields.values():
                    if field.kind == TEXT and isinstance(record.get(field.name), str):
                        record[field.name] = without_controls(conflict.table, field.name,
                                                              record[field.name])
            problem = validate(conflict.table, record)
            if problem is not None:
                return problem
            now = utcnow()
            record.update(version=int(local.version) + 1, updated_at=now.isoformat())
            _write(connection, conflict.table, conflict.record_id, record, record["version"])
            connection.exec_driver_sql(
                "INSERT INTO sync_outbox (table_name, record_id, op, at) VALUES (?, ?, ?, ?)",
                (conflict.table, conflict.record_id, "upsert",
                 now.strftime("%Y-%m-%d %H:%M:%S.%f")))
        connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == conflict_id)
                           .values(resolved_at=utcnow(), resolution=CORRECTED))
    return None
