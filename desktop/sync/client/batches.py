"""Push batches on the desk: formed from the outbox, kept until acknowledged, then applied.

A batch is formed once, stored, and sent byte for byte until the server acknowledges it, so
a resend after a cut connection or a killed process is the same ``(node, seq)`` with the same
body. The outbox rows it covers are marked with its number and deleted with the
acknowledgement; changes made meanwhile stay in the outbox for the next batch.

A record the server refuses is set aside (a conflict of kind ``refused``, with the field and
the problem the server named) and holds nothing else back: every other change goes on, and a
later change of that record (its correction, in the program or in the conflicts view) is
sent like any other; once the server accepts it, the refusal is settled. Records refused
because what they refer to was not on the server are sent again when it is accepted.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from sqlalchemy import Connection, select

from desktop.storage.base import utcnow
from desktop.storage.models import ConflictRecord, KnownVersionRecord, SyncBatchRecord
from desktop.sync import compression, scopes
from desktop.sync.client import codec, settings
from desktop.sync.client.apply import DUPLICATE, REFUSED, adopt
from desktop.sync.client.conflicts import merge_automatically
from desktop.sync.errors import SyncError
from desktop.sync.protocol import (
    CONFLICT,
    DUPLICATE_NUMBER,
    MAX_CHANGES,
    MAX_PUSH_BYTES,
    MAX_PUSH_ITEMS,
    OK,
    ErrorCode,
    FieldProblem,
    RefusalReason,
    answer_results,
    body_hash,
    json_items,
    listed_results,
)
from desktop.sync.records import definition

# records per push, at most the server's MAX_CHANGES
BATCH_RECORDS = int(os.environ.get("KOMEK_SYNC_BATCH_RECORDS", "5000"))
ACCEPTED = "accepted"  # a refused record's later version, accepted by the server
_CHUNK = 500
_BATCHES = SyncBatchRecord.__table__
_KNOWN = KnownVersionRecord.__table__
_CONFLICTS = ConflictRecord.__table__


@dataclass(frozen=True, slots=True)
class Batch:
    seq: int
    data: bytes  # the body as formed (JSON, UTF-8), hashed and sent byte for byte
    records: int
    # the changes as formed in this run (saves parsing the body again at the acknowledgement)
    changes: list[dict[str, Any]] | None = field(default=None, compare=False, repr=False)
    # the body compressed (zstd) as it is kept, and sent as it is to a server that takes it
    packed: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def body(self) -> str:
        return self.data.decode("utf-8")


@dataclass
class AckCounts:
    accepted: int = 0
    conflicts: int = 0
    refused: int = 0
    merged: int = 0  # wizard drafts changed at two desks in different fields: merged here
    records: int = 0  # the batch's records, answered
    applications: int = 0  # of which applications


def _driver(connection: Connection) -> Any:
    """The sqlite3 connection under ``connection``, in its transaction: a statement run for
    every record of a batch skips SQLAlchemy's handling of each parameter row."""
    raw = connection.connection.driver_connection
    assert raw is not None
    return raw


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]


# what a kept body may inflate to (the server's limit is 16 MiB; a single record beyond it
# is still formed alone, and refused)
_KEPT_LIMIT = 256 * 1024 * 1024


def _batch(seq: int, stored: str | bytes, records: int) -> Batch:
    """A kept batch: its body compressed (a BLOB) inflated, or the text a desk of before
    kept."""
    if isinstance(stored, str):
        return Batch(seq, stored.encode("utf-8"), records)
    return Batch(seq, compression.decompress(stored, _KEPT_LIMIT), records, packed=stored)


def oldest_unacked(connection: Connection) -> Batch | None:
    row = connection.execute(select(_BATCHES.c.seq, _BATCHES.c.body, _BATCHES.c.records)
                             .where(_BATCHES.c.acked_at.is_(None))
                             .order_by(_BATCHES.c.seq).limit(1)).first()
    return _batch(row.seq, row.body, row.records) if row else None


def next_unacked(connection: Connection, after: int) -> Batch | None:
    """The stored batch that follows batch ``after`` (formed before, not acknowledged yet)."""
    row = connection.execute(select(_BATCHES.c.seq, _BATCHES.c.body, _BATCHES.c.records)
                             .where(_BATCHES.c.acked_at.is_(None), _BATCHES.c.seq > after)
                             .order_by(_BATCHES.c.seq).limit(1)).first()
    return _batch(row.seq, row.body, row.records) if row else None


def unacked(connection: Connection) -> list[Batch]:
    return [_batch(r.seq, r.body, r.records) for r in connection.execute(
        select(_BATCHES.c.seq, _BATCHES.c.body, _BATCHES.c.records)
        .where(_BATCHES.c.acked_at.is_(None)).order_by(_BATCHES.c.seq))]


@dataclass(slots=True)
class _Pending:
    """What a batch takes from the outbox: its records, and the rows it covers, named as
    every unbatched row up to ``upto`` (in outbox order) except the ``skipped`` ones."""

    records: dict[str, list[str]]
    upto: int = 0
    skipped: list[int] = field(default_factory=list)


def _pending(connection: Connection, limit: int) -> _Pending:
    """Records of the oldest unbatched outbox rows (at most ``limit``), without those in an
    open conflict (a refused record is not held: a change of it since is its correction);
    read along the (batch_seq, seq) index, no grouping of the whole outbox.
    The scan stops at the first row of a record beyond the limit, so the rows it covers are
    a range of the outbox (less the skipped ones), marked by one statement."""
    names = set(scopes.synced_tables())
    held = {(r.table_name, r.record_id) for r in connection.execute(
        select(_CONFLICTS.c.table_name, _CONFLICTS.c.record_id)
        .where(_CONFLICTS.c.resolved_at.is_(None),
               _CONFLICTS.c.kind.not_in((DUPLICATE, REFUSED))))}
    found = _Pending(defaultdict(list))
    seen: set[tuple[str, str]] = set()
    raw = _driver(connection)  # plain tuples: a first sync reads every outbox row here
    while len(seen) < limit:
        rows = raw.execute(
            "SELECT seq, table_name, record_id FROM sync_outbox WHERE batch_seq IS NULL "
            "AND seq > ? ORDER BY seq LIMIT ?", (found.upto, limit)).fetchall()
        if not rows:
            break
        for seq, name, record_id in rows:
            key = (name, record_id)
            if name not in names or key in held:
                found.skipped.append(seq)
            elif key not in seen:
                if len(seen) >= limit:
                    break  # this row and the ones after it stay for the next batch
                seen.add(key)
                found.records[name].append(record_id)
            found.upto = seq
    return found


def _known(connection: Connection, name: str, ids: list[str]) -> dict[str, tuple[int, int | None]]:
    known: dict[str, tuple[int, int | None]] = {}
    for chunk in _chunks(ids):
        for record_id, version, sent in connection.exec_driver_sql(
                f"SELECT record_id, version, sent FROM sync_known WHERE table_name = ? "
                f"AND record_id IN ({','.join('?' for _ in chunk)})", (name, *chunk)):
            known[record_id] = (version, sent)
    return known


# json_object takes at most 127 arguments (SQLITE_MAX_FUNCTION_ARG): wider tables are
# encoded in Python
_JSON_COLUMNS = 60


@cache
def _select(name: str, marks: int) -> tuple[str, bool]:
    """The statement reading ``marks`` records of table ``name`` with the version the server
    holds (or was sent), and whether SQLite writes each record's JSON itself: every column
    under its name, as stored (dates and UTC times as text), booleans as true/false. That
    text is the change's ``d`` (a JSON string, protocol 2), so no dict is made per record
    on a first sync."""
    columns = list(codec.synced_columns(name))
    booleans = set(codec.booleans(name))
    join = (f"FROM {name} AS t LEFT JOIN sync_known AS k ON k.table_name = '{name}' "
            f"AND k.record_id = t.id WHERE t.id IN ({','.join('?' * marks)})")
    base = "coalesce(k.sent, k.version, 0)"  # the base: the version sent, or confirmed
    if len(columns) > _JSON_COLUMNS:
        return f"SELECT {base}, t.* {join}", False
    fields = ", ".join(
        f"'{c}', CASE WHEN t.\"{c}\" IS NULL THEN NULL WHEN t.\"{c}\" THEN json('true') "
        f"ELSE json('false') END" if c in booleans else f"'{c}', t.\"{c}\"" for c in columns)
    return f"SELECT {base}, t.id, t.version, json_object({fields}) {join}", True


def _changes(connection: Connection, pending: dict[str, list[str]]) -> list[dict[str, Any]]:
    upserts: list[dict[str, Any]] = []
    deletes: list[dict[str, Any]] = []
    raw = _driver(connection)
    for name in scopes.synced_tables():
        ids = pending.get(name)
        if not ids:
            continue
        # id -> its change; made as the rows are read (one pass: a first sync's records all
        # pass here), and put in the outbox's order after
        rows: dict[str, dict[str, Any]] = {}
        # records at a version not above their base (a pulled record touched without a
        # change): numbered again once the rows are read
        behind: list[tuple[str, int, Any]] = []
        for chunk in _chunks(ids):
            # the driver's own cursor: rows of a whole table pass here on a first sync
            statement, as_json = _select(name, len(chunk))
            cursor = raw.execute(statement, chunk)
            if as_json:
                # protocol 2: the record's JSON travels as a string, which the server
                # copies into its JSONB column as it is, without decoding every record
                for base, record_id, version, text in cursor:
                    if version > base:
                        rows[record_id] = {"t": name, "id": record_id, "v": version,
                                           "b": base, "d": text}
                    else:
                        behind.append((record_id, base, text))
            else:
                columns = [d[0] for d in cursor.description][1:]
                for values in cursor:
                    data = codec.encode_raw(name, columns, values[1:])
                    base = values[0]
                    if data["version"] > base:
                        rows[data["id"]] = {"t": name, "id": data["id"], "v": data["version"],
                                            "b": base, "d": orjson.dumps(data).decode()}
                    else:
                        behind.append((data["id"], base, data))
        for record_id, base, data in behind:
            rows[record_id] = _numbered_again(connection, name, record_id, base, data)
        if len(rows) == len(ids):
            upserts += map(rows.__getitem__, ids)
            continue
        upserts += [rows[record_id] for record_id in ids if record_id in rows]
        missing = [record_id for record_id in ids if record_id not in rows]
        known = _known(connection, name, missing)
        for record_id in missing:
            if record_id in known:
                version, sent = known[record_id]
                base = sent if sent is not None else version
                deletes.append({"t": name, "id": record_id, "v": base + 1, "b": base,
                                "d": None})
    return upserts + deletes[::-1]


def _numbered_again(connection: Connection, name: str, record_id: str, base: int,
                    data: str | dict[str, Any]) -> dict[str, Any]:
    """The change of a record whose version is not above its base (a pulled record touched
    without a change): numbered the base plus one, here and in what is sent."""
    version = base + 1
    values = orjson.loads(data) if isinstance(data, str) else data
    values["version"] = version
    table = codec.table(name)
    connection.execute(table.update().where(table.c.id == record_id).values(version=version))
    return {"t": name, "id": record_id, "v": version, "b": base,
            "d": orjson.dumps(values).decode("utf-8")}


def _mark(connection: Connection, pending: dict[str, list[str]], seq: int | None) -> None:
    for name, ids in pending.items():
        for chunk in _chunks(ids):
            marks = ",".join("?" for _ in chunk)
            if seq is None:
                connection.exec_driver_sql(
                    f"DELETE FROM sync_outbox WHERE batch_seq IS NULL AND table_name = ? "
                    f"AND record_id IN ({marks})", (name, *chunk))
            else:
                connection.exec_driver_sql(
                    f"UPDATE sync_outbox SET batch_seq = ? WHERE batch_seq IS NULL "
                    f"AND table_name = ? AND record_id IN ({marks})", (seq, name, *chunk))


def _mark_range(connection: Connection, pending: _Pending, seq: int) -> None:
    """Mark the outbox rows of a batch: the scanned range by one UPDATE (its skipped rows
    given back), then the rare later rows of the same records (changed again after the scan
    began, within this transaction) found along the record index."""
    connection.exec_driver_sql(
        "UPDATE sync_outbox SET batch_seq = ? WHERE batch_seq IS NULL AND seq <= ?",
        (seq, pending.upto))
    for start in range(0, len(pending.skipped), _CHUNK):
        chunk = pending.skipped[start:start + _CHUNK]
        connection.exec_driver_sql(
            f"UPDATE sync_outbox SET batch_seq = NULL WHERE batch_seq = ? "
            f"AND seq IN ({','.join('?' for _ in chunk)})", (seq, *chunk))
    later = connection.exec_driver_sql(
        "SELECT 1 FROM sync_outbox WHERE batch_seq IS NULL AND seq > ? LIMIT 1",
        (pending.upto,)).first()
    if later is None:
        return
    # read from the record index alone (it holds seq, the rowid): no row of the table is
    # visited unless the record has a later row
    found: list[int] = []
    for name, ids in pending.records.items():
        for chunk in _chunks(ids):
            found += [row[0] for row in connection.exec_driver_sql(
                f"SELECT seq FROM sync_outbox INDEXED BY ix_sync_outbox_record "
                f"WHERE table_name = ? AND record_id IN ({','.join('?' for _ in chunk)}) "
                f"AND seq > ?", (name, *chunk, pending.upto))]
    for start in range(0, len(found), _CHUNK):
        chunk = found[start:start + _CHUNK]
        connection.exec_driver_sql(
            f"UPDATE sync_outbox SET batch_seq = ? WHERE batch_seq IS NULL "
            f"AND seq IN ({','.join('?' for _ in chunk)})", (seq, *chunk))


def form_batch(connection: Connection, node_id: str, limit: int | None = None) -> Batch | None:
    """The next batch from the outbox, stored and its outbox rows marked; None: nothing to send.

    A batch keeps within the server's limits (``MAX_CHANGES`` changes, ``MAX_PUSH_BYTES``
    bytes, ``MAX_PUSH_ITEMS`` values): one that would pass them is formed again from as
    many records as fit at its average size. Runs in the caller's transaction."""
    limit = min(limit or BATCH_RECORDS, MAX_CHANGES)
    seq = int(settings.read(connection, settings.NEXT_BATCH) or 1)
    while True:
        pending = _pending(connection, limit)
        if not pending.records:
            return None
        changes = _changes(connection, pending.records)
        if not changes:
            _mark(connection, pending.records, None)  # made and deleted before the server saw them
            continue
        # stored and resent byte for byte, so no canonical (sorted) form is needed; orjson
        # writes UTF-8 (no \u escapes), like json.dumps(ensure_ascii=False) but several
        # times faster
        encoded = orjson.dumps({"node": node_id, "seq": seq, "changes": changes})
        size, items = len(encoded), json_items(encoded)
        if len(changes) == 1 or (size <= MAX_PUSH_BYTES and items <= MAX_PUSH_ITEMS):
            break
        # as many records as fit at this batch's average, fewer than it has in any case
        limit = max(1, min(len(changes) - 1, len(changes) * MAX_PUSH_BYTES // size,
                           len(changes) * MAX_PUSH_ITEMS // items))
    packed = compression.compress(encoded)
    # kept compressed (zstd, a BLOB): a first sync's batch of 5 000 records is 3.3 MB of
    # JSON and 0.2 MB compressed, and every byte kept is written to the WAL (encrypted, a
    # page at a time), then freed when the batch is acknowledged
    connection.execute(_BATCHES.insert().values(
        seq=seq, body=packed, body_hash=body_hash(encoded),
        records=len(changes),
        created_at=utcnow()))
    _mark_range(connection, pending, seq)
    _driver(connection).executemany(
        "INSERT INTO sync_known (table_name, record_id, version, sent) VALUES (?, ?, 0, ?) "
        "ON CONFLICT (table_name, record_id) DO UPDATE SET sent = excluded.sent",
        [(c["t"], c["id"], c["v"]) for c in changes])
    settings.write(connection, settings.NEXT_BATCH, str(seq + 1))
    return Batch(seq, encoded, len(changes), changes, packed)


def skip_to(connection: Connection, last_seen_by_server: int) -> None:
    """Make the next batch number follow the server's last one (a desk restored from a
    backup must not reuse a number the server has seen with another body)."""
    current = int(settings.read(connection, settings.NEXT_BATCH) or 1)
    if current <= last_seen_by_server:
        settings.write(connection, settings.NEXT_BATCH, str(last_seen_by_server + 1))


def reform(connection: Connection, batch: Batch, last_seen_by_server: int) -> None:
    """Give a batch the server refused (its number was used with another body) back to the
    outbox, so it is formed again under a fresh number."""
    connection.exec_driver_sql("UPDATE sync_outbox SET batch_seq = NULL WHERE batch_seq = ?",
                               (batch.seq,))
    connection.execute(_BATCHES.delete().where(_BATCHES.c.seq == batch.seq))
    skip_to(connection, max(last_seen_by_server, batch.seq))


def answer_from(batch: Batch, kept: dict[str, Any]) -> dict[str, Any] | None:
    """The whole answer to ``batch`` from the server's kept answer to it (fetched by its
    number after a cut took the answer): None unless the server's answer is to this very
    body (its hash) and fits its changes (``protocol.answer_results``); the batch is then
    sent again."""
    if not isinstance(kept, dict) or kept.get("hash") != body_hash(batch.data) \
            or kept.get("seq") != batch.seq:
        return None
    try:
        answer_results(kept, _formed(batch))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return kept


def _formed(batch: Batch) -> list[dict[str, Any]]:
    """The changes of ``batch``, as formed in this run or read from its body."""
    return batch.changes if batch.changes is not None else orjson.loads(batch.data)["changes"]


def conflicted_in(response: dict[str, Any], batch: Batch) -> bool:
    """Whether ``batch`` carries a record that the server's ``response`` (to the batch before
    it) answered with a conflict."""
    lost = {(str(r["t"]), str(r["id"])) for r in listed_results(response)
            if r.get("s") == CONFLICT}
    if not lost:
        return False
    return any((c["t"], c["id"]) in lost for c in _formed(batch))


def withdraw(connection: Connection, batch: Batch) -> None:
    """Give a batch formed but not sent back to the outbox, to be formed again. Its change
    of a record whose previous change met a conflict was based on that change's version,
    which the server does not hold: were the other desk's version numbered alike, the server
    would take it as based on its own. Formed again after that answer is stored, the record
    is held by its conflict, or goes out merged, based on the server's version."""
    formed = _formed(batch)
    connection.exec_driver_sql("UPDATE sync_outbox SET batch_seq = NULL WHERE batch_seq = ?",
                               (batch.seq,))
    _driver(connection).executemany(
        "UPDATE sync_known SET sent = NULL WHERE table_name = ? AND record_id = ? AND sent = ?",
        [(c["t"], c["id"], c["v"]) for c in formed])
    connection.execute(_BATCHES.delete().where(_BATCHES.c.seq == batch.seq))


def give_back(connection: Connection, first: int) -> None:
    """Give batch ``first`` and those formed after it, which the server has not applied
    (none of them: batches go in order), back to the outbox, and number the next batch
    ``first`` again: formed again (smaller, after a cut), they go out under the same
    numbers, so the server sees no gap and, should it have applied the first one after
    all, says so (``batch_mismatch``: the desk then renumbers, and the records it had
    applied are answered as arrived before)."""
    for batch in unacked(connection):
        if batch.seq >= first:
            withdraw(connection, batch)
    settings.write(connection, settings.NEXT_BATCH, str(first))


def _keep_conflict(connection: Connection, kind: str, change: dict[str, Any],
                   result: dict[str, Any]) -> None:
    if kind == DUPLICATE:
        result = {"r": DUPLICATE_NUMBER, "v": result.get("v"), "node": result.get("node"),
                  "theirs": result.get("d")}
    values = {
        "kind": kind, "reason": str(result.get("r") or ""),
        "base_version": int(change["b"]), "mine_version": int(change["v"]),
        "theirs_version": int(result.get("v") or 0),
        # a change's data is the record's JSON text (protocol 2), or a dict in a body of
        # before
        "mine": change["d"] if isinstance(change["d"], str) else
        orjson.dumps(change["d"]).decode("utf-8"),
        "theirs": json.dumps(result.get("theirs"), ensure_ascii=False),
        "base": json.dumps(result.get("base"), ensure_ascii=False),
        "theirs_node": str(result.get("node") or ""), "detected_at": utcnow(),
        # the column and the problem of a record refused as invalid (as the server named
        # them: bounded, they are the server's words)
        "field": str(result.get("f") or "")[:64], "problem": str(result.get("p") or "")[:32],
    }
    existing = connection.execute(
        select(_CONFLICTS.c.id).where(_CONFLICTS.c.table_name == change["t"],
                                      _CONFLICTS.c.record_id == change["id"],
                                      _CONFLICTS.c.resolved_at.is_(None),
                                      (_CONFLICTS.c.kind == DUPLICATE) if kind == DUPLICATE
                                      else (_CONFLICTS.c.kind != DUPLICATE))).scalar()
    if existing:
        connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == existing).values(**values))
    else:
        connection.execute(_CONFLICTS.insert().values(
            id=str(uuid.uuid4()), table_name=change["t"], record_id=change["id"], resolution="",
            **values))


def _set_aside(connection: Connection) -> list[Any]:
    """The records refused by the server that no person has settled yet (usually none)."""
    return connection.execute(
        select(_CONFLICTS.c.id, _CONFLICTS.c.table_name, _CONFLICTS.c.record_id,
               _CONFLICTS.c.field, _CONFLICTS.c.problem, _CONFLICTS.c.mine)
        .where(_CONFLICTS.c.kind == REFUSED, _CONFLICTS.c.resolved_at.is_(None))).all()


def _settle_refused(connection: Connection, set_aside: list[Any],
                    accepted: set[tuple[str, str]]) -> None:
    """Settle the refusals of records the server has now accepted (a later version: the
    correction), and queue again the records refused because a record they name was not on
    the server, where that record has now been accepted (it came in a later batch, or was
    itself refused and then corrected)."""
    now = utcnow()
    for row in set_aside:
        if (row.table_name, row.record_id) in accepted:
            connection.execute(_CONFLICTS.update().where(_CONFLICTS.c.id == row.id)
                               .values(resolved_at=now, resolution=ACCEPTED))
            continue
        if row.problem != FieldProblem.REFERENCE.value:
            continue
        found = definition(row.table_name)
        field = found.fields.get(row.field) if found is not None else None
        named = (json.loads(row.mine) or {}).get(row.field) if field is not None else None
        if field is None or field.refers is None or (field.refers, str(named)) not in accepted:
            continue
        _queue(connection, [(row.table_name, row.record_id)])


def _queue(connection: Connection, keys: list[tuple[str, str]]) -> None:
    """An outbox row for each record that has none waiting: it goes out with the next push."""
    at = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    for name, record_id in keys:
        queued = connection.exec_driver_sql(
            "SELECT 1 FROM sync_outbox WHERE batch_seq IS NULL AND table_name = ? "
            "AND record_id = ?", (name, record_id)).first()
        if queued is None:
            connection.exec_driver_sql(
                "INSERT INTO sync_outbox (table_name, record_id, op, at) "
                "VALUES (?, ?, 'upsert', ?)", (name, record_id, at))


def send_again_unknown(connection: Connection) -> int:
    """Queue again the records a server refused because it did not know their table or a
    field (called when the server's version has changed: it may know them now)."""
    keys = [(r.table_name, r.record_id) for r in connection.execute(
        select(_CONFLICTS.c.table_name, _CONFLICTS.c.record_id).where(
            _CONFLICTS.c.kind == REFUSED, _CONFLICTS.c.resolved_at.is_(None),
            (_CONFLICTS.c.reason == RefusalReason.UNKNOWN_TABLE.value)
            | (_CONFLICTS.c.problem == FieldProblem.UNKNOWN_FIELD.value)))]
    _queue(connection, keys)
    return len(keys)


def acknowledge(connection: Connection, batch: Batch, response: dict[str, Any]) -> AckCounts:
    """Apply the server's answer to ``batch``: confirmed versions, conflicts kept, the outbox
    rows of the batch gone. A batch acknowledged before is left alone."""
    counts = AckCounts()
    done = connection.execute(select(_BATCHES.c.acked_at).where(_BATCHES.c.seq == batch.seq)
                              ).first()
    if done is None or done.acked_at is not None:
        return counts
    try:
        answered = answer_results(response, _formed(batch))
    except ValueError as error:  # not the answer to this batch: kept unacknowledged
        raise SyncError(ErrorCode.SERVER.value, str(error)) from error
    # the versions the server confirmed, by version and table: one statement per table,
    # version and 500 records (a first sync's records mostly share a version), half the
    # time of one statement per record
    by_version: dict[tuple[int, str], list[str]] = defaultdict(list)
    settled: list[tuple[int, str, str]] = []
    counts.records = len(answered)
    counts.applications = sum(1 for change, _result in answered
                              if change["t"] == "applications")
    for change, result in answered:
        if result is None:  # ok at the change's version (a compact answer lists it not)
            counts.accepted += 1
            # the batch's own change (formed here, or read from the body it kept): its
            # table and id are text and its version a number already
            by_version[(change["v"], change["t"])].append(change["id"])
            continue
        key = (str(change["t"]), str(change["id"]))
        if result["s"] == OK:
            counts.accepted += 1
            by_version[(int(result["v"]), key[0])].append(key[1])
            if result.get("dup"):  # accepted, but its registration number is taken
                _keep_conflict(connection, DUPLICATE, change, result["dup"])
            if result.get("d") is not None:  # the same office, made at another desk too
                adopt(connection, change, result)
            continue
        if result["s"] == CONFLICT and merge_automatically(connection, change, result):
            counts.merged += 1  # queued again, merged, based on the server's version
        elif result["s"] == CONFLICT:
            counts.conflicts += 1
            _keep_conflict(connection, "conflict", change, result)
        else:
            counts.refused += 1
            _keep_conflict(connection, REFUSED, change, result)
        settled.append((int(change["v"]), *key))
    set_aside = _set_aside(connection)
    if set_aside:
        _settle_refused(connection, set_aside, {(name, record_id) for (_v, name), ids
                                                in by_version.items() for record_id in ids})
    # ``sent`` is cleared only when it names this batch's version: a later batch, formed
    # while this one was in flight, may carry a newer change of the same record
    for (version, name), ids in by_version.items():
        for chunk in _chunks(ids):
            connection.exec_driver_sql(
                f"UPDATE sync_known SET version = ?, sent = CASE WHEN sent = ? THEN NULL "
                f"ELSE sent END WHERE table_name = ? "
                f"AND record_id IN ({','.join('?' * len(chunk))})",
                (version, version, name, *chunk))
    if settled:
        _driver(connection).executemany(
            "UPDATE sync_known SET sent = CASE WHEN sent = ?1 THEN NULL ELSE sent END "
            "WHERE table_name = ?2 AND record_id = ?3", settled)
    connection.exec_driver_sql("DELETE FROM sync_outbox WHERE batch_seq = ?", (batch.seq,))
    connection.execute(_BATCHES.delete().where(_BATCHES.c.seq == batch.seq))
    return counts
