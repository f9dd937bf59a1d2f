"""Sync by file: export this desk's pending changes as a bundle, import the district's reply.

Exporting forms batches exactly as an online push would, so the same batches may later go
online, in another bundle, or both: the server applies each ``(node, seq)`` once. A reply is
applied only if it continues this desk's cursor; an older reply, or a reply imported twice,
changes nothing but its acknowledgements (which are themselves applied once).
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.text import Text
from desktop.storage.database import Database
from desktop.sync.bundle import PUSH, REPLY, BundleError, bundle_key, open_bundle, read_header, seal
from desktop.sync.client import batches, credentials, settings
from desktop.sync.client.apply import apply_changes
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.engine import write_reference
from desktop.sync.errors import NO_SECRET, NOT_ENROLLED, SyncError


@dataclass
class ImportReport:
    acknowledged: int = 0
    conflicts: int = 0
    refused: int = 0  # set aside: refused by the server (shown in the conflicts view)
    applied: int = 0
    unapplied: int = 0  # received and not storable here: set aside the same way
    stale: bool = False  # an older reply: its changes are here already
    gap: bool = False  # a reply to a later bundle came first: its changes wait for the next


def _key(db: Database) -> bytes:
    with db.engine.connect() as connection:
        if settings.enrolment(connection, db.node_id) is None:
            raise SyncError(NOT_ENROLLED)
    secret = credentials.load_secret(db.node_id)
    if not secret:
        raise SyncError(NO_SECRET)
    return bundle_key(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4)))


def _write(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def export_bundle(db: Database, path: Path) -> int:
    """Write every change the server has not acknowledged into ``path``; returns the number
    of records in it."""
    key = _key(db)
    with sync_connection(db) as connection:
        with connection.begin():
            while batches.form_batch(connection, db.node_id) is not None:
                pass
        with connection.begin():
            pending = batches.unacked(connection)
            cursor = int(settings.read(connection, settings.CURSOR) or 0)
    body = {"batches": [{"seq": b.seq, "body": b.body} for b in pending], "cursor": cursor}
    header = {"kind": PUSH, "node": db.node_id, "id": str(uuid.uuid4()),
              "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    _write(path, seal(header, body, key))
    return sum(b.records for b in pending)


def import_reply(db: Database, path: Path, params_dir: Path | None = None) -> ImportReport:
    """Apply the district's reply bundle; raises BundleError for a changed or foreign file."""
    data = path.read_bytes()
    header = read_header(data)
    if header.get("kind") != REPLY:
        raise BundleError("wrong_kind", Text(
            "This is a bundle of changes for the district, not a reply: take it to the "
            "district office."))
    if header.get("node") != db.node_id:
        raise BundleError("other_node", Text(
            "This reply bundle was made for another workstation."))
    bundle = open_bundle(data, _key(db))
    report = ImportReport()
    with sync_connection(db) as connection, connection.begin():
        waiting = {b.seq: b for b in batches.unacked(connection)}
        for ack in bundle.body.get("acks", []):
            batch = waiting.get(int(ack["seq"]))
            if batch is not None:
                counts = batches.acknowledge(connection, batch, ack)
                report.acknowledged += counts.accepted
                report.conflicts += counts.conflicts
                report.refused += counts.refused
        pull = bundle.body.get("pull", {})
        local = int(settings.read(connection, settings.CURSOR) or 0)
        since, cursor = int(pull.get("since", 0)), int(pull.get("cursor", 0))
        if since > local:
            report.gap = True
        elif cursor <= local:
            report.stale = True
        else:
            counts = apply_changes(connection, pull.get("changes", []))
            report.applied = counts.applied + counts.deleted
            report.unapplied = counts.unapplied
            if params_dir is not None:
                write_reference(params_dir, pull.get("reference", []))
            settings.write(connection, settings.CURSOR, str(cursor))
    return report
