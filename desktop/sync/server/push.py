"""Apply one push batch in one transaction and acknowledge it record by record.

Idempotent by ``(node, seq)``: the same body again gets the stored answer and changes
nothing; another body under the same key is refused (``batch_mismatch``). Batches of all
desks are applied one at a time (a transaction-level advisory lock), so change-feed cursors
are committed in increasing order and a pull never skips a change committed later.

Every record is checked against its table's definition (``desktop.sync.records``: types,
dates, enumerations, lengths, control characters, IIN and IBAN) and what it refers to must be
held here (its application, a member, an office, a staff member; an office code must be an
office of the district). A record that fails is refused on its own (``invalid``, with the
field and the problem); the rest of the batch is stored. A valid record is then checked
against the record as stored (:mod:`ownership`: whose it is, and what a registered case lets
change) before it is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from psycopg import DataError
from psycopg.errors import ProgramLimitExceeded, StatementTooComplex, UniqueViolation
from sqlalchemy import Connection, and_, insert, or_, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from desktop.sync import records as definitions
from desktop.sync import scopes
from desktop.sync.protocol import (
    BOOKKEEPING,
    CONFLICT,
    DUPLICATE_NUMBER,
    OK,
    REFUSED,
    ErrorCode,
    FieldProblem,
    RefusalReason,
    body_hash,
)
from desktop.sync.records import Problem
from desktop.sync.server import envelope, ownership
from desktop.sync.server.db import driver
from desktop.sync.server.nodes import Node, RequestError, with_district
from desktop.sync.server.schema import conflicts, offices, push_batches, record_history, records

LOCK_KEY = 0x6B6F6D656B  # "komek"


@dataclass(slots=True)
class Current:
    """A record as the server holds it. An application read only as the parent of the
    batch's stored records (:data:`_LOAD_PARENTS`) has in ``data`` just what the checks of
    :mod:`ownership` read: its status and channel; a record read only as one the batch's
    records refer to (:data:`_LOAD_REFERRED`) has no data at all."""

    scope: str
    version: int
    data: dict[str, Any] | None
    deleted: bool
    changed_by: str


_LOAD = text("""
SELECT r.table_name, r.id, r.scope, r.version, r.data, r.deleted, r.changed_by
FROM records AS r
JOIN jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(t text, id text)
  ON r.table_name = k.t AND r.id = k.id
""")
# The records a batch's records refer to (their application, a member, an office, a staff
# member): only whether they are held live, and their scope (an application's tells its
# records' office), not their data. Read on the driver's cursor: a first sync's later
# batches name thousands of applications of the batches before.
_LOAD_REFERRED = """
SELECT r.table_name, r.id, r.scope
FROM records AS r
JOIN jsonb_to_recordset(%s::jsonb) AS k(t text, id text)
  ON r.table_name = k.t AND r.id = k.id
WHERE NOT r.deleted
"""
# The applications whose stored records the batch changes or deletes, or whose case the
# batch's new steps are of (:data:`ownership.STEP_FIELDS`): their scope, and of their data
# only what tells whether they are registered and on which path (what the checks of
# :mod:`ownership` read), not their whole JSON.
_LOAD_PARENTS = text("""
SELECT r.id, r.scope, r.version, r.deleted, r.changed_by,
       jsonb_build_object('status', r.data -> 'status', 'channel', r.data -> 'channel',
                          'service', r.data -> 'service') AS data
FROM records AS r
WHERE r.table_name = 'applications' AND r.id = ANY(CAST(:ids AS text[]))
""")
# Tables whose records the server reads whole even in a first sync: an application's number
# and office, an office's code (a second create of it), a staff member's office.
_DECODED = frozenset({"applications", "offices", "staff"})

# A batch that replaces stored versions is COPYed into a temporary table (one per
# connection, emptied before each batch and at commit), then written to records by one
# statement, in batch order (a batch of new records is COPYed into records directly: see
# _writer). ``record_history`` holds the versions that were replaced: the version a record
# leaves is moved there by the same statement (the current version is the one in
# ``records``), so a first sync writes each record once. ``ON CONFLICT DO NOTHING``: a
# database from before this rule already holds every version there, the current one too.
_STAGE = """
CREATE TEMPORARY TABLE IF NOT EXISTS incoming_records (
    n int, table_name text, id text, scope text, version int, data json, deleted boolean
) ON COMMIT DELETE ROWS
"""
_UPSERT = """
INSERT INTO records (table_name, id, scope, version, data, deleted, cursor, changed_by,
                     updated_at)
SELECT table_name, id, scope, version, data, deleted, nextval('change_cursor'),
       :node, now()
FROM (SELECT * FROM incoming_records ORDER BY n) AS incoming
ON CONFLICT (table_name, id) DO UPDATE SET scope = excluded.scope,
    version = excluded.version, data = excluded.data, deleted = excluded.deleted,
    cursor = excluded.cursor, changed_by = excluded.changed_by,
    updated_at = excluded.updated_at
"""
# every statement of a WITH sees the table as it was before the statement: the CTE reads
# the versions the INSERT … ON CONFLICT replaces
_WRITE_REPLACING = text("""
WITH replaced AS (
    INSERT INTO record_history (cursor, table_name, id, version, data, deleted, node_id, at)
    SELECT r.cursor, r.table_name, r.id, r.version, r.data, r.deleted, r.changed_by,
           r.updated_at
    FROM records AS r JOIN incoming_records AS i ON r.table_name = i.table_name AND r.id = i.id
    ON CONFLICT (cursor) DO NOTHING
)
""" + _UPSERT)


def _parse(body: bytes, node: Node) -> tuple[int, list[dict[str, Any]]]:
    """The batch number and changes of ``body``, its envelope checked (``envelope``). A
    change's ``d`` is the record's JSON as a string (protocol 2), left undecoded here: see
    :func:`_read`."""
    return envelope.parse_batch(body, node.id)


def _read(change: dict[str, Any]) -> None:
    """Decode the record of ``change`` and check it against its table's definition, in
    place: ``problem`` is what is wrong with it (:class:`Problem`), or None; ``j`` keeps
    the text as sent, which the COPY writes as it is, and ``d`` becomes its column values.
    A body of protocol 1 (``d`` an object, a bundle from before) is taken too. A delete has
    nothing to check."""
    data, table = change["d"], str(change["t"])
    change["problem"] = None
    if data is None or table not in scopes.SYNCED:
        return
    if isinstance(data, str):
        change["j"] = data
        try:
            data = orjson.loads(data)
        except orjson.JSONDecodeError:
            data = None
    if not isinstance(data, dict):
        change["d"] = {}
        change["problem"] = Problem("", FieldProblem.MALFORMED)
        return
    change["d"] = data
    change["problem"] = definitions.validate(table, data) or _identity(change, data)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where a table's read (``records.read_texts``) holds what the server decides on."""

    names: tuple[str, ...]
    id: int
    version: int
    application: int | None  # the application_id of a table whose records follow it
    references: tuple[tuple[int, str], ...]  # (place, table it names) of each foreign key
    offices: tuple[int, ...]  # places of its office codes
    nullable: frozenset[str]  # captured columns where "" stands for null


@functools.cache
def _columns(table: str) -> _Columns:
    definition = _definition(table)
    names = definition.columns
    at = {name: number for number, name in enumerate(names)}
    return _Columns(names, at["id"], at["version"],
                    at.get("application_id") if table in scopes.BY_APPLICATION else None,
                    tuple((at[f.name], str(f.refers)) for f in definition.references),
                    tuple(at[f.name] for f in definition.offices),
                    frozenset(n for n in names if definition.fields[n].nullable))


def _runs(changes: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The batch as runs of consecutive changes of one table (a desk sends a table's records
    together, tables in the order of their foreign keys)."""
    return [list(run) for _table, run in itertools.groupby(changes, key=lambda c: c["t"])]


def _read_all(changes: list[dict[str, Any]], new: bool) -> set[tuple[str, str]]:
    """:func:`_read` every change of a batch; returns (table, id) of every record the valid
    records refer to. In a batch taken as new (``new``), the texts of a run of records of
    one table (but applications, offices and staff) are read together by their shape
    (``records.read_texts``); those that have it stay undecoded, the text is what is
    stored, and ``values`` holds the values read (a tuple, see :class:`_Columns`)."""
    referred: set[tuple[str, str]] = set()
    add = referred.add
    synced = scopes.SYNCED
    for run in _runs(changes) if new else [changes]:
        table = run[0]["t"]
        if new and table in synced and table not in _DECODED:
            texts = [c for c in run if c["d"].__class__ is str]
            at = _columns(table)
            held: list[tuple[str, ...]] = []  # the reads that are the changes' own records
            for change, read in zip(texts, definitions.read_texts(
                    table, [c["d"] for c in texts]), strict=True):
                if read is None:
                    continue
                change["values"] = read
                if read[at.id] != change["id"] or read[at.version] != str(change["v"]):
                    change["problem"] = Problem(
                        "id" if read[at.id] != change["id"] else "version",
                        FieldProblem.IDENTITY)
                    continue
                held.append(read)
            # what they name, each distinct value once (a run's records share their
            # application, a member its incomes): "" is a null
            for place, target in at.references:
                referred.update((target, value) for value in {read[place] for read in held}
                                if value)
        for change in run:
            if "values" in change:
                continue
            _read(change)
            table = change["t"]
            if change.get("problem") is None and change["d"] and table in synced:
                values = change["d"]
                for name, target in _references(table):
                    value = values.get(name)
                    if value:
                        add((target, str(value)))
    return referred


@functools.cache
def _references(table: str) -> tuple[tuple[str, str], ...]:
    """(column, table it names) of each foreign key of ``table``."""
    definition = definitions.definition(table)
    assert definition is not None
    return tuple((f.name, str(f.refers)) for f in definition.references)


def _definition(table: str) -> definitions.Definition:
    found = definitions.definition(table)
    assert found is not None, table
    return found


@functools.cache
def _named_tables() -> frozenset[str]:
    """Tables whose records other records name (by a foreign key): what a batch accepts of
    them is noted for the records after it."""
    return frozenset(target for table in scopes.SYNCED for _column, target in
                     _references(table))


def _identity(change: Mapping[str, Any], values: Mapping[str, Any]) -> Problem | None:
    """A record is stored and pulled as its own id and version: they must be the change's."""
    if values.get("id") != change["id"]:
        return Problem("id", FieldProblem.IDENTITY)
    if values.get("version") != change["v"]:
        return Problem("version", FieldProblem.IDENTITY)
    return None


def _values(change: dict[str, Any]) -> Mapping[str, Any]:
    """The column values of a change's record that the server reads: all of them, or those
    read from a text left undecoded (see :func:`_read_all`), by name."""
    data = change["d"]
    if data.__class__ is dict:
        return data  # type: ignore[no-any-return]
    values = change.get("values")
    if values.__class__ is tuple:
        at = _columns(str(change["t"]))
        values = change["values"] = {
            name: None if value == "" and name in at.nullable else value
            for name, value in zip(at.names, values, strict=True)}
        values["version"] = int(values["version"])
    return values or {}


def _decoded(change: dict[str, Any]) -> None:
    """Decode a record :func:`_read_all` left as text (it has the shape of a valid
    record), the text kept to be stored as it is."""
    if isinstance(change["d"], str):
        change["j"] = change["d"]
        change["d"] = orjson.loads(change["d"])
        change.pop("values", None)


def _district_offices(connection: Connection) -> frozenset[str]:
    """The codes of the district's offices: those the administrator enrolled desks for."""
    return frozenset(connection.execute(select(offices.c.code)).scalars())


def _unresolved(table: str, values: Mapping[str, Any], known: Mapping[tuple[str, str], Current],
                district: frozenset[str]) -> Problem | None:
    """The first column of a valid record naming what is not here: an office code that is no
    office of the district, a record the server does not hold (or deleted), in column
    order. Records of the batch count from the moment they are accepted."""
    definition = definitions.definition(table)
    assert definition is not None
    for field in definition.linked:
        value = values.get(field.name)
        if not value:
            if value == "" and field.refers is not None:  # "" names no record
                return Problem(field.name, FieldProblem.REFERENCE)
            continue
        if field.office and value not in district:
            return Problem(field.name, FieldProblem.REFERENCE)
        if field.refers is not None:
            found = known.get((field.refers, str(value)))
            if found is None or found.deleted:
                return Problem(field.name, FieldProblem.REFERENCE)
    return None


def _load(connection: Connection, changes: list[dict[str, Any]], batch: set[tuple[str, str]],
          referred: set[tuple[str, str]], *, own: bool = True) -> dict[tuple[str, str], Current]:
    """The server's side of every record the batch touches, and whether the records its
    records refer to (``referred``, from :func:`_read_all`) are held (an application with
    its scope; a staff member's office with its data, to tell whose it is). What the stored
    versions refer to is read as :mod:`ownership` needs it: the office a stored staff
    member is in (its data), the application a stored record is of (its status, channel
    and service), and so is the application of each new step of a case. ``own`` False:
    only the records referred to, the batch's own being taken as new (see
    :func:`apply_push`). ``batch``: the (table, id) of the batch's changes."""
    keys = set(batch)
    for change in changes:
        if change["t"] == "staff" and change.get("problem") is None and change["d"]:
            office = _values(change).get("office_id")
            if office:
                keys.add(("offices", str(office)))
    found: dict[tuple[str, str], Current] = {}
    key_list = sorted(keys if own else keys - batch)
    rows: Iterable[Any] = connection.execute(_LOAD, {"keys": orjson.dumps(
        [{"t": t, "id": i} for t, i in key_list]).decode()}) if key_list else ()
    for row in rows:
        found[(row.table_name, row.id)] = Current(row.scope, row.version, row.data,
                                                  row.deleted, row.changed_by)
    # what the stored versions refer to (a delete sends no data; a change may point
    # elsewhere): the office a staff member was in, the application a record was of
    parents: set[str] = set()
    stored_offices: set[tuple[str, str]] = set()
    for key, current in list(found.items()):
        if key in batch and current.data:
            _refers(key[0], current.data, parents, stored_offices)
    for change in changes:  # a new step is checked against its case's path
        if change["t"] in ownership.STEP_FIELDS and change.get("problem") is None and \
                change["d"] is not None and (change["t"], change["id"]) not in found:
            application = _application_of(change)
            if application:
                parents.add(application)
    stored_offices -= keys
    if stored_offices:
        for row in connection.execute(_LOAD, {"keys": orjson.dumps(
                [{"t": t, "id": i} for t, i in sorted(stored_offices)]).decode()}):
            found[(row.table_name, row.id)] = Current(row.scope, row.version, row.data,
                                                      row.deleted, row.changed_by)
    parents -= {record_id for table, record_id in keys if table == "applications"}
    if parents:
        for row in connection.execute(_LOAD_PARENTS, {"ids": sorted(parents)}):
            found[("applications", row.id)] = Current(row.scope, row.version, row.data,
                                                      row.deleted, row.changed_by)
    elsewhere = referred - keys - batch - stored_offices - {
        ("applications", record_id) for record_id in parents}
    if elsewhere:
        raw = driver(connection)
        held: dict[str, Current] = {}  # one per scope: a record referred to is only held
        with raw.cursor() as cursor:
            cursor.execute(_LOAD_REFERRED, (orjson.dumps(
                [{"t": t, "id": i} for t, i in elsewhere]).decode(),))
            for table, record_id, scope in cursor:
                current = held.get(scope)
                if current is None:
                    current = held[scope] = Current(scope, 0, None, False, "")
                found[(table, record_id)] = current
    return found


def _application_of(change: dict[str, Any]) -> str | None:
    """The application a valid change's record is of, as read (see :func:`_read_all`)."""
    values = change.get("values")
    if values.__class__ is tuple:
        place = _columns(str(change["t"])).application
        return (str(values[place]) or None) if place is not None else None
    data = change["d"]
    found = data.get("application_id") if isinstance(data, dict) else None
    return str(found) if found else None


def _refers(table: str, data: Mapping[str, Any], parents: set[str],
            offices: set[tuple[str, str]]) -> None:
    """Note the application and the office record stored ``data`` refers to."""
    if data.get("application_id"):
        parents.add(str(data["application_id"]))
    if table == "staff" and data.get("office_id"):
        offices.add(("offices", str(data["office_id"])))


def _bases(connection: Connection, wanted: list[tuple[str, str, int]]) -> dict[tuple[str, str],
                                                                               Any]:
    if not wanted:
        return {}
    rows = connection.execute(
        select(record_history.c.table_name, record_history.c.id, record_history.c.data)
        .where(or_(*(and_(record_history.c.table_name == t, record_history.c.id == i,
                          record_history.c.version == v) for t, i, v in wanted))))
    return {(r.table_name, r.id): r.data for r in rows}


def _refused_by_postgresql(error: Exception) -> bool:
    """Whether ``error`` is PostgreSQL (or psycopg for it) refusing what a record holds: a
    value it cannot store (\\u0000, a number out of range), or one beyond its limits (JSON
    nested too deep for its parser, a key too long for an index), as it is raised or as
    SQLAlchemy wraps it."""
    cause = getattr(error, "orig", None) if isinstance(error, StatementError) else error
    return isinstance(cause, DataError | ProgramLimitExceeded | StatementTooComplex)


def apply_push(connection: Connection, node: Node, body: bytes,
               compact: bool = False) -> dict[str, Any]:
    """Apply the batch ``body`` of ``node`` in the caller's transaction; the acknowledgement:
    one result per change, or, ``compact``, the results that are not plain "ok" by their
    place (as ``push_batches`` keeps it: protocol.answer_results)."""
    seq, changes = _parse(body, node)
    digest = body_hash(body)
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    prior = connection.execute(
        select(push_batches.c.body_hash, push_batches.c.response)
        .where(push_batches.c.node_id == node.id, push_batches.c.seq == seq)).first()
    if prior is not None:
        if prior.body_hash == digest:
            if compact and "other" in prior.response:
                return {**prior.response, "seq": seq}
            return _answer(prior.response, changes)
        raise RequestError(409, ErrorCode.BATCH_MISMATCH,
                           f"batch {seq} was received before with another content")
    node = with_district(connection, node)  # which offices a district desk answers for
    keys = {(c["t"], c["id"]) for c in changes}  # text (the envelope is checked)
    new = len(keys) == len(changes) and all(c["b"] == 0 and c["d"] is not None
                                            for c in changes)
    referred = _read_all(changes, new)  # every record against its table's definition
    district = _district_offices(connection)
    applied = None
    if new:
        # every change is a record the desk has never had confirmed (a first sync): taken
        # as new without looking its key up, and COPYed into records under a savepoint, so
        # that the primary key tells if one is there after all (a renumbered batch, a desk
        # restored from a backup); then the batch is applied again the usual way. So it is
        # when PostgreSQL refuses a record's text.
        try:
            with connection.begin_nested():
                known = _load(connection, changes, keys, referred, own=False)
                applied = _apply(connection, node, changes, known, district, len(changes))
        except (IntegrityError, UniqueViolation):
            applied = None
        except Exception as error:
            if not _refused_by_postgresql(error):
                raise
            applied = None
    if applied is None:
        for change in changes:
            _decoded(change)
        try:
            known = _load(connection, changes, keys, referred)
            # none of the batch's records is on the server yet (a first sync), each named once
            applied = _apply(connection, node, changes, known, district,
                             len(changes) if len(keys) == len(changes) and
                             keys.isdisjoint(known) else 0)
        except Exception as error:
            if not _refused_by_postgresql(error):
                raise
            raise RequestError(400, ErrorCode.BAD_REQUEST,
                               "malformed batch: a record PostgreSQL cannot store") from error
    results, lost, numbered = applied
    _keep_conflicts(connection, node, lost, results)
    _flag_duplicates(connection, node, numbered, results)
    kept = _kept(seq, results, changes)
    connection.execute(insert(push_batches).values(
        node_id=node.id, seq=seq, body_hash=digest, response=kept,
        received_at=dt.datetime.now(dt.UTC)))
    return kept if compact else _answer(kept, changes)


def _plain(result: Mapping[str, Any], change: Mapping[str, Any]) -> bool:
    return result.get("s") == OK and len(result) == 4 and type(change["v"]) is int \
        and result["v"] == change["v"]


def _kept(seq: int, results: Results, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer as ``push_batches`` keeps it: only the results that say more than "ok at
    the change's version" (by their place in the batch), since the same body resent holds
    the rest. A first sync's 5 000 plain results per batch cost PostgreSQL more than the
    rest of the batch's bookkeeping. (A None result is plain: see :data:`Results`.)"""
    other = {str(n): result for n, (result, change) in
             enumerate(zip(results, changes, strict=True))
             if result is not None and not _plain(result, change)}
    return {"seq": seq, "count": len(changes), "other": other}


def _answer(kept: Mapping[str, Any], changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer kept by :func:`_kept` for a body received again (the same bytes, so the
    same changes); one kept whole (before that form) is returned as it is."""
    if "results" in kept:
        return dict(kept)
    other = kept["other"]
    return {"seq": kept["seq"], "results": [
        other.get(str(n)) or {"t": str(c["t"]), "id": str(c["id"]), "s": OK, "v": c["v"]}
        for n, c in enumerate(changes)]}


def kept_answer(connection: Connection, node: Node, seq: int) -> dict[str, Any] | None:
    """The answer to batch ``seq`` of ``node`` as ``push_batches`` keeps it (compact, which
    the desk reads against its own copy of the batch: protocol.answer_results), with the
    hash of the body it answers; None when the node has no such batch. Only the node's own
    batches are looked up: the key is the authenticated node's id."""
    row = connection.execute(
        select(push_batches.c.body_hash, push_batches.c.response)
        .where(push_batches.c.node_id == node.id, push_batches.c.seq == seq)).first()
    if row is None:
        return None
    return {**row.response, "seq": seq, "hash": row.body_hash}


# table, id, scope, version, the record (its JSON text as sent, its values, or None for a
# delete) -> the cursor it was written under (0 when staged)
Write = Callable[[str, str, str, int, "dict[str, Any] | str | None"], int]

# each change's result in batch order; None: accepted at the change's own version (a run
# decided together, :func:`_accept_run`), which the kept answer does not list
Results = list["dict[str, Any] | None"]
Applied = tuple[Results, list[dict[str, Any]], dict[str, dict[str, Any]]]


def _apply(connection: Connection, node: Node, changes: list[dict[str, Any]],
           known: dict[tuple[str, str], Current], district: frozenset[str], new: int
           ) -> Applied:
    """Check and write the changes: their results, the conflicts, the applications whose
    registration number is to be checked. ``new``: none of the records is on the server
    (their number), so they are COPYed into ``records`` as they are checked (:func:`_writer`).
    ``district``: the codes of the district's offices."""
    numbered = _numbered(changes, known)
    results: Results = []
    lost: list[dict[str, Any]] = []
    with _writer(connection, node, new) as write:
        _check(node, changes, known, district, results, lost, write, new > 0)
    return results, lost, numbered


def _check(node: Node, changes: list[dict[str, Any]], known: dict[tuple[str, str], Current],
           district: frozenset[str], results: Results,
           lost: list[dict[str, Any]], write: Write, new: bool = False) -> None:
    """Decide each change in batch order: accepted ones go to ``write``, conflicts to
    ``lost``, every answer to ``results``. A record left as text (see :func:`_read_all`)
    is written as it is, decided on the values read from it. ``new``: a batch taken as
    new, whose runs of an akimat's records read by their shape are decided a run at a
    time when they all hold (:func:`_accept_run`)."""

    def application_scope(application_id: str) -> str | None:
        found = known.get(("applications", application_id))
        return found.scope if found else None

    def decide(change: dict[str, Any]) -> None:
        table, record_id = str(change["t"]), str(change["id"])
        version, base, data = int(change["v"]), int(change["b"]), change["d"]
        result: dict[str, Any] = {"t": table, "id": record_id}
        results.append(result)
        if table not in scopes.SYNCED:
            result.update(s=REFUSED, r=RefusalReason.UNKNOWN_TABLE.value)
            return
        values = _values(change)
        problem = change.get("problem")  # what is wrong with it (see _read_all)
        if problem is None and data is not None:
            problem = _unresolved(table, values, known, district)
        if problem is not None:
            result.update(s=REFUSED, r=RefusalReason.INVALID.value, f=problem.field,
                          p=problem.problem.value)
            return
        current = known.get((table, record_id))
        scope = (scopes.scope_of(table, values, application_scope) if data is not None
                 else None)
        if scope is None and current is None and table in scopes.BY_APPLICATION and \
                not node.is_district:
            # a case record of an application the server does not hold (refused, or never
            # sent): its office cannot be told, so an akimat may not place it in its own
            result.update(s=REFUSED, r=RefusalReason.SCOPE.value)
            return
        scope = scope or (current.scope if current else node.office_code)
        # whose it is, and what a registered case lets change, against the record as stored
        # (a record left as text is checked on the values read from it)
        refusal = ownership.check(node, table, scope, current, base,
                                  values if data is not None else None, known)
        if refusal is not None:
            result.update(refusal.result())
            return
        if current is None or current.version == base:
            write(table, record_id, scope, version, change.get("j", data))
            known[(table, record_id)] = Current(scope, version, data, data is None, node.id)
            result.update(s=OK, v=version)
        elif current.version == version and current.data == data and \
                current.deleted == (data is None):
            result.update(s=OK, v=version)  # this very change arrived before (another batch)
        elif not _same_create(node, table, record_id, base, data, current, known, result,
                              write):
            result.update(s=CONFLICT, v=current.version, theirs=current.data,
                          node=current.changed_by)
            lost.append({"change": change, "scope": current.scope, "current": current})

    claim = None if node.is_district else node.office_code
    runs = _runs(changes) if new and claim is not None else []
    if not runs or not _in_order(runs):
        for change in changes:
            decide(change)
        return
    for run in runs:
        # the records read by their shape together, the others (and all, where those do
        # not all hold) one by one, in batch order
        for readable, part in itertools.groupby(run, key=_readable):
            records_ = list(part)
            if not readable or not _accept_run(records_, claim or "", node, known, district,
                                               results, write):
                for change in records_:
                    decide(change)


def _readable(change: dict[str, Any]) -> bool:
    """A record read by its shape (see :func:`_read_all`) and nothing wrong with it."""
    return change.get("problem") is None and change.get("values").__class__ is tuple


@functools.cache
def _ranks() -> dict[str, int]:
    """Each synced table's place in the order of foreign keys (what is named comes first)."""
    return {table: rank for rank, table in enumerate(scopes.synced_tables())}


def _in_order(runs: list[list[dict[str, Any]]]) -> bool:
    """Whether the runs come in the order of foreign keys, so that what a run names in its
    own batch was decided in a run before it (a desk forms its batches so)."""
    ranks = _ranks()
    order = [ranks.get(str(run[0]["t"]), -1) for run in runs]
    return -1 not in order and order == sorted(order)


def _accept_run(run: list[dict[str, Any]], claim: str, node: Node,
                known: dict[tuple[str, str], Current], district: frozenset[str],
                results: Results, write: Write) -> bool:
    """Accept a run of an akimat's new records of one of an application's tables, all read
    by their shape (:func:`_readable`), when every record they name is held (or accepted
    earlier in the batch), live, every application they belong to is of the akimat's
    office, and every office code is the district's: each of them would be accepted on its
    own (:func:`_check`), and this decides them by the distinct values they name. False:
    decide them one by one.

    The run skips :func:`ownership.check` only where the check provably passes; anything
    else falls back to the record-by-record path, which calls it. For a record the server
    does not hold, the check asks that the writer owns the record's scope (what it may
    change of a stored version, and of a registered case, concerns stored versions alone)
    and, for a step of the case path, that the writer's side takes it
    (:func:`ownership.step_refusal`, asked here for each distinct application and step the
    run names). Here each record is:

    - new: its base is 0 and the server does not hold it. The run is decided only in a
      batch taken as new (``_check``'s ``new``), whose records are COPYed into ``records``
      itself: a record held there (live or deleted) breaks the primary key, the savepoint
      is rolled back and the batch decided again record by record, against what is stored
      (and a batch with a held record is then never taken as new). Every record named
      twice in a batch, or not based on 0, or a delete, keeps the batch from being new;
      none is in ``known`` (checked again below);
    - of an application the server holds live, of the akimat's own office (``claim`` is
      its office code, and no district desk's run is decided here): the scope of a record
      of an application's tables is its application's, so it is written under the
      akimat's own office, which the akimat owns (:meth:`Node.owns`)."""
    table = str(run[0]["t"])
    if node.is_district or claim != node.office_code or table not in scopes.BY_APPLICATION \
            or table in scopes.BY_OFFICE_CODE:
        return False
    for change in run:
        if change["b"] != 0 or change["d"].__class__ is not str or \
                (table, change["id"]) in known:
            return False
    at = _columns(table)
    reads: list[tuple[str, ...]] = [c["values"] for c in run]
    assert at.application is not None
    for application in {read[at.application] for read in reads}:
        parent = known.get(("applications", application))
        if parent is None or parent.deleted or parent.scope != claim:
            return False
    for place, target in at.references:
        if place == at.application:
            continue
        for value in {read[place] for read in reads} - {""}:  # "": null
            found = known.get((target, value))
            if found is None or found.deleted:
                return False
    for place in at.offices:
        if not {read[place] for read in reads} <= district | {""}:
            return False
    fields = ownership.STEP_FIELDS.get(table)
    if fields is not None:
        places = tuple(at.names.index(name) for name in fields)
        for application, *values in {(read[at.application], *(read[n] for n in places))
                                     for read in reads}:
            if ownership.step_refusal(node, table, claim, {
                    "application_id": application, **dict(zip(fields, values, strict=True))},
                    known) is not None:
                return False
    named = table in _named_tables()
    for change in run:
        # its id and version are the record's own (read: see _read_all)
        record_id, version = change["id"], change["v"]
        write(table, record_id, claim, version, change["d"])
        if named:
            known[(table, record_id)] = Current(claim, version, None, False, node.id)
    results.extend([None] * len(run))  # ok, each at its version
    return True


def _merged(theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any] | None:
    """``theirs`` with its empty fields filled from ``mine``; None when a field holds two
    different values (a person chooses)."""
    merged = dict(theirs)
    for key in (mine.keys() | theirs.keys()) - BOOKKEEPING:
        ours, stored = mine.get(key), theirs.get(key)
        if ours == stored or ours in ("", None):
            continue
        if stored not in ("", None):
            return None
        merged[key] = ours
    return merged


def _same_create(node: Node, table: str, record_id: str, base: int, data: Any,
                 current: Current, known: dict[tuple[str, str], Current],
                 result: dict[str, Any], write: Write) -> bool:
    """A record whose id is derived from its natural key (an office, from its code), created
    at two desks: the second create is the same record, not a conflict, when its fields
    agree or only fill fields the server's copy left empty. Accepted with the server's
    record (merged, as a new version, when it filled something), which the answer carries
    (``d``) for the desk to store. False: a real conflict."""
    if table not in scopes.KEYED_BY_CONTENT or base != 0 or data is None or current.deleted \
            or current.data is None:
        return False
    merged = _merged(current.data, data)
    if merged is None:
        return False
    version = current.version
    if merged != current.data:
        version += 1
        merged.update(version=version,
                      updated_at=dt.datetime.now(dt.UTC).isoformat())
        write(table, record_id, current.scope, version, merged)
        known[(table, record_id)] = Current(current.scope, version, merged, False, node.id)
    result.update(s=OK, v=version, d=merged)
    return True


_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_field(value: str) -> bytes:
    """``value`` as a field of COPY's text format."""
    if "\t" in value or "\n" in value or "\r" in value:
        value = value.translate(_COPY_SPECIAL)
    elif "\\" in value:  # a record's JSON text often holds some (its escapes)
        value = value.replace("\\", "\\\\")
    return value.encode("utf-8")


@functools.cache
def _copy_name(value: str) -> bytes:
    """A table name or a scope as a COPY field: a handful of values, each escaped once."""
    return _copy_field(value)


def _copy_row(first: bytes, table: str, record_id: str, scope: str, version: int,
              data: dict[str, Any] | str | None, end: bytes = b"\n") -> bytes:
    """``first``, table, id, scope, version, data and deleted as a row of COPY's text
    format, followed by ``end`` (the row's further fields and its line break). A record's
    JSON text as the desk sent it is escaped for COPY like any field (a line break or tab
    in it could otherwise end the row); values are encoded by orjson, which escapes every
    control character, so only its backslashes need doubling."""
    if data is None:
        document = b"\\N\tt"
    elif isinstance(data, str):
        document = _copy_field(data) + b"\tf"
    else:
        document = orjson.dumps(data).replace(b"\\", b"\\\\") + b"\tf"
    return b"%s\t%s\t%s\t%s\t%d\t%s%s" % (first, _copy_name(table), _copy_field(record_id),
                                         _copy_name(scope), version, document, end)


_FLUSH = 500  # rows per COPY message: PostgreSQL stores them while the next are checked


@contextlib.contextmanager
def _writer(connection: Connection, node: Node, new: int) -> Iterator[Write]:
    """Where the accepted changes go, in batch order.

    ``new``: the batch is that many records none of which the server holds (a first sync),
    so they are COPYed straight into ``records`` while the changes are checked, with
    cursors taken from the sequence beforehand (those of refused changes stay unused): the
    pushes' lock is held and only pushes write ``records``, so none of them can have
    appeared since :func:`_load` looked. Otherwise the changes are staged and upserted,
    the replaced versions moved to ``record_history``."""
    raw = driver(connection)
    if not new:
        writes: dict[tuple[str, str], tuple[str, int, dict[str, Any] | str | None]] = {}

        def stage(table: str, record_id: str, scope: str, version: int,
                  data: dict[str, Any] | str | None) -> int:
            writes[(table, record_id)] = (scope, version, data)
            return 0

        yield stage
        if not writes:
            return
        with raw.cursor() as cursor:
            cursor.execute(_STAGE)
            cursor.execute("TRUNCATE incoming_records")  # a bundle applies several batches
            with cursor.copy("COPY incoming_records (n, table_name, id, scope, version, "
                             "data, deleted) FROM STDIN") as copy:
                copy.write(b"".join(
                    _copy_row(b"%d" % n, table, record_id, *values)
                    for n, ((table, record_id), values) in enumerate(writes.items())))
        connection.execute(_WRITE_REPLACING, {"node": node.id})
        return
    with raw.cursor() as cursor:
        # the batch's cursors taken in one block: every writer of change_cursor (a push, a
        # bundle, a reference document) holds the pushes' lock, so no other can take one
        # between these two statements (one nextval per record cost PostgreSQL 4 ms a batch)
        first, now = cursor.execute("SELECT nextval('change_cursor'), now()::text").fetchone()
        if new > 1:
            cursor.execute("SELECT setval('change_cursor', %s)", (first + new - 1,))
        cursors = iter(range(first, first + new))
        end = b"\t%s\t%s\n" % (_copy_field(node.id), _copy_field(now))
        rows: list[bytes] = []
        with cursor.copy("COPY records (cursor, table_name, id, scope, version, data, "
                         "deleted, changed_by, updated_at) FROM STDIN") as copy:

            def send(table: str, record_id: str, scope: str, version: int,
                     data: dict[str, Any] | str | None) -> int:
                cursor: int = next(cursors)
                rows.append(_copy_row(b"%d" % cursor, table, record_id, scope, version, data,
                                      end))
                if len(rows) >= _FLUSH:
                    copy.write(b"".join(rows))
                    rows.clear()
                return cursor

            yield send
            if rows:
                copy.write(b"".join(rows))


# Live applications holding some registration numbers, oldest change first (the expression
# index of revision s0002 serves it). Their data is read only for the rare other holder: a
# first sync's batch finds each of its own applications here, thousands of them.
_HOLDERS = text("""
SELECT r.id, r.scope, r.version, r.data ->> 'registration_number' AS number, r.changed_by
FROM records AS r
WHERE r.table_name = 'applications' AND NOT r.deleted
  AND r.data ->> 'registration_number' = ANY(CAST(:numbers AS text[]))
ORDER BY r.cursor
""")


def _numbered(changes: list[dict[str, Any]],
              known: Mapping[tuple[str, str], Current]) -> dict[str, dict[str, Any]]:
    """The batch's applications that bring a registration number their record did not have
    on the server (a registration, or a first sync), by id: the changes to check against
    the numbers of the office's other applications once they are applied."""
    found: dict[str, dict[str, Any]] = {}
    for change in changes:
        number = (change["d"] or {}).get("registration_number") \
            if change["t"] == "applications" else None
        if not number:
            continue
        current = known.get(("applications", str(change["id"])))
        if current is None or (current.data or {}).get("registration_number") != number:
            found[str(change["id"])] = change
    return found


def _flag_duplicates(connection: Connection, node: Node, numbered: dict[str, dict[str, Any]],
                     results: Results) -> None:
    """An accepted application whose registration number another application of its office
    already holds (two desks that numbered offline without desk numbers) is kept, since
    both are real applications, but never silently: a ``conflicts`` row for the district
    and, in its result, the other application (``dup``) for the desk to show a person."""
    accepted = {r["id"]: r for r in results if r is not None
                and r["t"] == "applications" and r["id"] in numbered and r.get("s") == OK}
    if not accepted:
        return
    numbers = sorted({str(numbered[i]["d"]["registration_number"]) for i in accepted})
    holders: dict[str, list[Any]] = {}
    for row in connection.execute(_HOLDERS, {"numbers": numbers}):
        holders.setdefault(str(row.number), []).append(row)
    found: list[tuple[str, dict[str, Any], Any, Any]] = []
    for record_id, result in accepted.items():
        number = str(numbered[record_id]["d"]["registration_number"])
        mine = next((h for h in holders.get(number, []) if h.id == record_id), None)
        if mine is None:
            continue
        other = next((h for h in holders.get(number, []) if h.id != record_id and
                      h.scope == mine.scope), None)
        if other is not None:
            found.append((record_id, result, mine, other))
    if not found:
        return
    data = {row.id: row.data for row in connection.execute(
        select(records.c.id, records.c.data).where(
            records.c.table_name == "applications",
            records.c.id.in_(sorted({other.id for *_, other in found}))))}
    now = dt.datetime.now(dt.UTC)
    rows = []
    for record_id, result, mine, other in found:
        change = numbered[record_id]
        number = str(change["d"]["registration_number"])
        result["dup"] = {"id": other.id, "v": other.version, "node": other.changed_by,
                         "d": data.get(other.id), "number": number}
        rows.append({
            "id": str(uuid.uuid4()), "table_name": "applications", "record_id": record_id,
            "scope": mine.scope, "node_id": node.id, "reason": DUPLICATE_NUMBER,
            "base_version": int(change["b"]), "mine_version": int(change["v"]),
            "theirs_version": other.version, "mine": change["d"],
            "theirs": data.get(other.id), "detected_at": now,
        })
    connection.execute(insert(conflicts), rows)


def _keep_conflicts(connection: Connection, node: Node, lost: list[dict[str, Any]],
                    results: Results) -> None:
    """Both sides of every conflict are kept on the server too: the district sees them."""
    if not lost:
        return
    bases = _bases(connection, [(x["change"]["t"], x["change"]["id"], int(x["change"]["b"]))
                                for x in lost])
    by_key = {(r["t"], r["id"]): r for r in results if r is not None}
    now = dt.datetime.now(dt.UTC)
    rows = []
    for item in lost:
        change, current = item["change"], item["current"]
        key = (change["t"], change["id"])
        by_key[key]["base"] = bases.get(key)
        rows.append({
            "id": str(uuid.uuid4()), "table_name": change["t"], "record_id": change["id"],
            "scope": item["scope"], "node_id": node.id, "reason": "",
            "base_version": int(change["b"]), "mine_version": int(change["v"]),
            "theirs_version": current.version, "mine": change["d"], "theirs": current.data,
            "detected_at": now,
        })
    connection.execute(insert(conflicts), rows)
