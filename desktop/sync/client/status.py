"""What the status bar and ``komek sync --status`` show: pending changes, conflicts, last sync."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text

from desktop.storage.database import Database
from desktop.storage.models import ConflictRecord
from desktop.sync import scopes
from desktop.sync.client import settings
from desktop.sync.client.apply import REFUSED, UNAPPLIED
from desktop.sync.protocol import DUPLICATE_NUMBER


@dataclass(frozen=True, slots=True)
class SyncStatus:
    enrolled: bool
    pending: int
    conflicts: int
    last_success: dt.datetime | None
    last_error: str | None
    # of the conflicts: records set aside (refused by the server, or received and not
    # storable here), which hold nothing else back
    set_aside: int = 0


def sync_status(db: Database) -> SyncStatus:
    names = ",".join(f"'{name}'" for name in scopes.synced_tables())
    with db.engine.connect() as connection:
        enrolled = settings.read(connection, settings.SERVER_URL) is not None
        pending = int(connection.execute(text(
            "SELECT count(*) FROM (SELECT DISTINCT table_name, record_id FROM sync_outbox "
            f"WHERE table_name IN ({names}))")).scalar_one())
        conflicts = int(connection.execute(
            select(func.count()).select_from(ConflictRecord)
            .where(ConflictRecord.resolved_at.is_(None))).scalar_one())
        set_aside = int(connection.execute(
            select(func.count()).select_from(ConflictRecord)
            .where(ConflictRecord.resolved_at.is_(None),
                   ConflictRecord.kind.in_((REFUSED, UNAPPLIED)),
                   ConflictRecord.reason != DUPLICATE_NUMBER)).scalar_one())
        last = settings.read(connection, settings.LAST_SUCCESS)
        error = settings.read(connection, settings.LAST_ERROR)
    return SyncStatus(enrolled, pending, conflicts,
                      dt.datetime.fromisoformat(last) if last else None, error, set_aside)
