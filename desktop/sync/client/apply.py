"""Apply pulled changes to the desk's tables (Core statements: no outbox rows, no ORM).

A change of a record that has a change of this desk not yet acknowledged, or an open
conflict, is not applied: the local side stays, and the server's side goes into the conflict
(or will meet the local change at its push). Foreign keys are not checked while a pull runs
(:func:`desktop.sync.client.connection.sync_connection`): a page may bring a member before the
application it belongs to, which a later page brings.

A pulled record that does not meet its table's definition (``desktop.sync.records``: a
server from before it checked records may hold one), or that the desk's own constraints
refuse, is not stored: it is kept as a conflict of kind ``unapplied`` naming the field and
the problem, and the pull goes on; nothing a server sends stops a desk's pulls.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, ProgrammingError

from desktop.storage.base import utcnow
from desktop.storage.ids import office_id
from desktop.storage.models import ConflictRecord, OutboxRecord
from desktop.sync import scopes
from desktop.sync.client import codec
from desktop.sync.protocol import DUPLICATE_NUMBER, FieldProblem, RefusalReason
from desktop.sync.records import Problem, validate

_CHUNK = 500
# A conflict kind that holds nothing back: the record was accepted, but another application
# of the office holds its registration number (the server's ``dup``: the other one's id,
# version, node and data); kept for a person to see, the record still syncs.
DUPLICATE = "duplicate"
REFUSED = "refused"  # a change the server would not take: set aside, never holds others back
UNAPPLIED = "unapplied"  # a pulled change this desk cannot store
STORED = "stored"  # an unapplied record's later version, stored
_OUTBOX = OutboxRecord.__table__
_CONFLICTS = ConflictRecord.__table__
# what SQLite (or the decoding of a value) raises for a row it will not store: a duplicate
# key, a NOT NULL, a value of a type it cannot bind; never a full disk or a locked file
_UNSTORABLE = (IntegrityError, InterfaceError, ProgrammingError, DataError, ValueError,
               TypeError, OverflowError)


@dataclass
class ApplyCounts:
    applied: int = 0
    deleted: int = 0
    held: int = 0  # kept local: a change of this desk is pending, or a conflict is open
    unapplied: int = 0  # could not be stored (invalid, a duplicate key): kept as a conflict
    superseded: int = 0  # an office under an id of before ids were derived: not stored


def _held(connection: Connection, name: str, ids: list[str]
          ) -> tuple[set[str], set[str], set[str]]:
    """(ids with pending local changes, ids with an open conflict that holds pulls back,
    ids pulled before and not stored: tried again, the conflict settled if they are)."""
    pending: set[str] = set()
    conflicted: set[str] = set()
    unstored: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        pending.update(connection.execute(
            select(_OUTBOX.c.record_id).where(_OUTBOX.c.table_name == name,
                                              _OUTBOX.c.record_id.in_(chunk))).scalars())
        for record_id, kind in connection.execute(
                select(_CONFLICTS.c.record_id, _CONFLICTS.c.kind).where(
                    _CONFLICTS.c.table_name == name, _CONFLICTS.c.record_id.in_(chunk),
                    _CONFLICTS.c.resolved_at.is_(None), _CONFLICTS.c.kind != DUPLICATE)):
            (unstored if kind == UNAPPLIED else conflicted).add(record_id)
    return pending, conflicted, unstored


def _full_row(table: Table, data: dict[str, Any]) -> dict[str, Any]:
    row = codec.decode(table.name, data)
    for column in table.columns:
        if column.name not in row:
            default = column.default
            row[column.name] = default.arg if default is not None and getattr(
                default, "is_scalar", False) else None
    return row


def _upsert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    statement = sqlite_insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.id],
        set_={c.name: statement.excluded[c.name] for c in table.columns if c.name != "id"})
    connection.execute(statement, rows)


def _theirs_into_conflicts(connection: Connection, name: str,
                           changes: list[dict[str, Any]]) -> None:
    for change in changes:
        connection.execute(_CONFLICTS.update().where(
            _CONFLICTS.c.table_name == name, _CONFLICTS.c.record_id == change["id"],
            _CONFLICTS.c.resolved_at.is_(None)).values(
            theirs=json.dumps(change["d"], ensure_ascii=False),
            theirs_version=int(change["v"])))


def _unapplied(connection: Connection, change: dict[str, Any],
               problem: Problem | None = None) -> None:
    """Keep a pulled change this desk cannot store as a conflict for a person: invalid
    (``problem``), or refused by the desk's constraints. One open conflict per record: a
    record pulled again (a later page, the consistency check) updates it."""
    reason, mine = "duplicate_key", None
    if problem is not None:
        reason = RefusalReason.INVALID.value
    else:
        holder = _number_holder(connection, change)
        if holder is not None:  # another desk's application under a number this desk holds
            reason, mine = DUPLICATE_NUMBER, codec.encode(holder._mapping, "applications")
    values = {
        "reason": reason, "base_version": 0, "mine_version": 0,
        "theirs_version": int(change["v"]), "mine": json.dumps(mine, ensure_ascii=False),
        "theirs": json.dumps(change["d"], ensure_ascii=False), "base": "null",
        "theirs_node": "", "detected_at": utcnow(),
        "field": problem.field if problem else "",
        "problem": problem.problem.value if problem else "",
    }
    existing = connection.execute(select(_CONFLICTS.c.id).where(
        _CONFLICTS.c.table_name == change["t"], _CONFLICTS.c.record_id == change["id"],
        _CONFLICTS.c.kind == UNAPPLIED, _CONFLICTS.c.resolved_at.is_(None))).scalar()
    if existing is not None:
        connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == existing)
                           .values(**values))
        return
    connection.execute(_CONFLICTS.insert().values(
        id=str(uuid.uuid4()), kind=UNAPPLIED, table_name=change["t"],
        record_id=change["id"], resolution="", **values))


def _invalid(change: dict[str, Any]) -> Problem | None:
    """Why a pulled change's record does not meet its table's definition (None: it does,
    or it is a delete). Its id must be the change's: the desk stores it under that id."""
    data = change["d"]
    if data is None:
        return None
    if not isinstance(data, dict):
        return Problem("", FieldProblem.MALFORMED)
    problem = validate(str(change["t"]), data)
    if problem is None and data.get("id") != change["id"]:
        problem = Problem("id", FieldProblem.IDENTITY)
    return problem


def _number_holder(connection: Connection, change: dict[str, Any]) -> Any:
    """The local application that holds the registration number of a pulled application
    of another id (two desks numbered before enrolment), else None."""
    number = (change["d"] or {}).get("registration_number") \
        if change["t"] == "applications" else None
    if not number:
        return None
    table = codec.table("applications")
    return connection.execute(select(table).where(table.c.registration_number == number,
                                                  table.c.id != change["id"])).first()


def rekey_office(connection: Connection, old: str, new: str) -> None:
    """Give the local office ``old`` the id ``new``, and point what refers to it there
    (foreign keys are off while a pull runs). Not queued: the office is another desk's,
    which sends its own records with the new id."""
    values = {"old": old, "new": new}
    connection.execute(text("UPDATE offices SET id = :new WHERE id = :old"), values)
    for table in ("staff", "applications", "accounts"):
        connection.execute(text(f"UPDATE {table} SET office_id = :new WHERE office_id = :old"),
                           values)
    connection.execute(text("UPDATE settings SET value = :new "
                            "WHERE key = 'workstation.office_id' AND value = :old"), values)
    connection.execute(text("DELETE FROM sync_known WHERE table_name = 'offices' "
                            "AND record_id = :old"), values)


def _reconcile_offices(connection: Connection, changes: list[dict[str, Any]]) -> list[str]:
    """Pulled offices against the rows this desk holds for their codes; returns the ids of
    those not to store.

    * An office under the id derived from its code, where this desk holds the code under
      another id (an office another desk made before ids were derived, pulled then): the
      local row takes the district's id, so the pulled record replaces it.
    * An office under a random id (made by a desk of before ids were derived) for a code
      this desk holds under its derived id: the same office, which that desk re-keys when
      it is upgraded (revision 0011) and deletes at the district. Not stored (the code is
      unique) and not a conflict: nobody needs to choose.

    Either way an ``unapplied`` conflict kept for a second row of that code is settled:
    there is one office now."""
    table = codec.table("offices")
    superseded = []
    coded = [(change, str(change["d"]["code"])) for change in changes
             if (change["d"] or {}).get("code")]
    # the derived ones first: a local row re-keyed by one is what a random one is met with
    coded.sort(key=lambda item: item[0]["id"] != office_id(item[1]))
    for change, code in coded:
        derived = office_id(code)
        holder = connection.execute(select(table.c.id).where(table.c.code == code)).scalar()
        if change["id"] == derived:
            if holder is not None and holder != derived:
                rekey_office(connection, str(holder), derived)
        elif holder == derived:
            superseded.append(str(change["id"]))
        else:
            continue
        _settle_office_conflicts(connection, code)
    return superseded


def _settle_office_conflicts(connection: Connection, code: str) -> None:
    for conflict in connection.execute(select(_CONFLICTS.c.id, _CONFLICTS.c.theirs).where(
            _CONFLICTS.c.table_name == "offices", _CONFLICTS.c.kind == "unapplied",
            _CONFLICTS.c.resolved_at.is_(None))).all():
        if (json.loads(conflict.theirs) or {}).get("code") == code:
            connection.execute(_CONFLICTS.update().where(
                _CONFLICTS.c.id == conflict.id).values(resolved_at=utcnow(),
                                                       resolution="same_office"))


def _store(connection: Connection, table: Table, changes: list[dict[str, Any]],
           counts: ApplyCounts) -> list[dict[str, Any]]:
    """Write upserts and deletes of one table; returns the changes that were stored."""
    upserts = [c for c in changes if c["d"] is not None]
    deletes = [c["id"] for c in changes if c["d"] is None]
    try:
        with connection.begin_nested():
            if upserts:
                _upsert(connection, table, [_full_row(table, c["d"]) for c in upserts])
            for start in range(0, len(deletes), _CHUNK):
                connection.execute(table.delete().where(
                    table.c.id.in_(deletes[start:start + _CHUNK])))
        counts.applied += len(upserts)
        counts.deleted += len(deletes)
        return changes
    except _UNSTORABLE:
        pass
    stored = []
    for change in changes:  # one by one: keep the ones that fit, hold the rest for a person
        try:
            with connection.begin_nested():
                if change["d"] is None:
                    connection.execute(table.delete().where(table.c.id == change["id"]))
                else:
                    _upsert(connection, table, [_full_row(table, change["d"])])
            stored.append(change)
            counts.applied += 1
        except _UNSTORABLE:
            counts.unapplied += 1
            _unapplied(connection, change)
    return stored


def _settle_unapplied(connection: Connection, name: str, ids: list[str]) -> None:
    """Records pulled before and not stored that are stored now (corrected where they were
    made): their conflicts are settled, nobody has anything to choose."""
    if ids:
        connection.execute(_CONFLICTS.update().where(
            _CONFLICTS.c.table_name == name, _CONFLICTS.c.record_id.in_(ids),
            _CONFLICTS.c.kind == UNAPPLIED, _CONFLICTS.c.resolved_at.is_(None))
            .values(resolved_at=utcnow(), resolution=STORED))


def apply_changes(connection: Connection, changes: Iterable[dict[str, Any]]) -> ApplyCounts:
    """Apply pulled changes (``{"t", "id", "v", "d"}``) in the caller's transaction."""
    counts = ApplyCounts()
    by_table: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for change in changes:
        if change["t"] in scopes.SYNCED:
            by_table[change["t"]][change["id"]] = change  # the last one of a record wins
    for name, latest in by_table.items():
        table = codec.table(name)
        for record_id, change in list(latest.items()):
            problem = _invalid(change)
            if problem is not None:  # not stored, named for a person; the pull goes on
                del latest[record_id]
                counts.unapplied += 1
                _unapplied(connection, change, problem)
        pending, conflicted, unstored = _held(connection, name, list(latest))
        if name == "offices":
            for record_id in _reconcile_offices(connection, list(latest.values())):
                del latest[record_id]
                counts.superseded += 1
        held = [c for i, c in latest.items() if i in pending or i in conflicted]
        counts.held += len(held)
        _theirs_into_conflicts(connection, name, [c for c in held if c["id"] in conflicted])
        stored = _store(connection, table,
                        [c for i, c in latest.items() if i not in pending and i not in conflicted],
                        counts)
        if unstored:
            _settle_unapplied(connection, name, [c["id"] for c in stored
                                                 if c["id"] in unstored])
        if stored:
            connection.exec_driver_sql(
                "INSERT INTO sync_known (table_name, record_id, version, sent) "
                "VALUES (?, ?, ?, NULL) ON CONFLICT (table_name, record_id) "
                "DO UPDATE SET version = excluded.version, sent = NULL",
                [(name, c["id"], int(c["v"])) for c in stored])
    return counts


def adopt(connection: Connection, change: dict[str, Any], result: dict[str, Any]) -> None:
    """Store the server's record that the server accepted this desk's create of as the same
    record (an office, whose id is derived from its code, made at another desk too): the
    desk then holds exactly the district's record, at its version. Left alone when the desk
    changed the record again since the batch was formed (that change goes out based on it)."""
    table = codec.table(str(change["t"]))
    version = connection.execute(select(table.c.version).where(
        table.c.id == change["id"])).scalar()
    if version != int(change["v"]):
        return
    _upsert(connection, table, [_full_row(table, result["d"])])
    connection.exec_driver_sql(
        "UPDATE sync_known SET sent = NULL WHERE table_name = ? AND record_id = ?",
        (str(change["t"]), str(change["id"])))
