"""The district's view of the conflicts the server has recorded, for its administrator.

A conflict row is written when a desk's change was based on an older version than the
server's (or named a registration number another application holds). It is settled once a
desk pushes a version newer than the one the server held then (a person chose at a desk) or
the record is deleted; until then it is open. A duplicate registration number stays listed:
both applications are real and keep their number (desks only acknowledge it). Only ids,
codes and dates are listed: never a name, an IIN or an amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, select

from desktop.sync.protocol import DUPLICATE_NUMBER
from desktop.sync.server.schema import conflicts, records


@dataclass(frozen=True, slots=True)
class ServerConflict:
    detected_at: dt.datetime
    scope: str  # the office code the record belongs to ("*": district reference data)
    table: str
    record_id: str
    node_id: str  # the desk whose change met the conflict
    reason: str  # "" (versions differ) or a code such as duplicate_registration_number
    settled: bool


def list_conflicts(connection: Connection, *, office: str | None = None,
                   include_settled: bool = False) -> list[ServerConflict]:
    """Conflicts newest first; only the open ones unless ``include_settled``."""
    query = select(conflicts.c.detected_at, conflicts.c.scope, conflicts.c.table_name,
                   conflicts.c.record_id, conflicts.c.node_id, conflicts.c.reason,
                   conflicts.c.theirs_version, records.c.version, records.c.deleted) \
        .select_from(conflicts.outerjoin(records, and_(
            records.c.table_name == conflicts.c.table_name,
            records.c.id == conflicts.c.record_id))) \
        .order_by(conflicts.c.detected_at.desc())
    if office:
        query = query.where(conflicts.c.scope == office)
    found = []
    for row in connection.execute(query):
        settled = row.reason != DUPLICATE_NUMBER and (
            row.version is None or bool(row.deleted) or row.version > row.theirs_version)
        if settled and not include_settled:
            continue
        found.append(ServerConflict(row.detected_at, row.scope, row.table_name, row.record_id,
                                    row.node_id, row.reason or "", settled))
    return found
