"""Append to and verify the hash-chained audit log.

Each row stores ``hash = sha256(prev_hash + canonical JSON of its content)``; the first row's
``prev_hash`` is 64 zeros. Changing, deleting or inserting a row in the middle breaks the chain
from that row on. Nothing here writes to Python logging: the values may be personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.storage.base import utcnow
from desktop.storage.ids import new_id
from desktop.storage.models import AuditRecord

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _content(row: AuditRecord) -> str:
    at = row.at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    return _dumps(
        {
            "id": row.id,
            "at": at,
            "node": row.node,
            "actor_id": row.actor_id,
            "action": row.action,
            "table_name": row.table_name,
            "record_id": row.record_id,
            "fields": json.loads(row.fields),
            "changes": json.loads(row.changes),
        }
    )


def _digest(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def append_audit(
    session: Session,
    *,
    action: str,
    table_name: str,
    record_id: str,
    actor_id: str | None = None,
    node: str = "",
    fields: Iterable[str] = (),
    changes: Mapping[str, tuple[Any, Any]] | None = None,
) -> AuditRecord:
    """Add one audit row in the caller's transaction, chained to the last one.

    ``fields`` names what changed; ``changes`` may hold ``{field: (before, after)}``. There is
    no free-text field on purpose: an IIN or an amount must never end up in a comment.
    """
    last = session.execute(
        select(AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
    ).scalar()
    names = sorted(set(fields) | set(changes or {}))
    row = AuditRecord(
        id=new_id(),
        at=utcnow(),
        node=node,
        actor_id=actor_id,
        action=action,
        table_name=table_name,
        record_id=record_id,
        fields=_dumps(names),
        changes=_dumps({k: list(v) for k, v in (changes or {}).items()}),
        prev_hash=last or GENESIS,
        hash="",
    )
    row.hash = _digest(row.prev_hash, _content(row))
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True, slots=True)
class ChainVerification:
    ok: bool
    rows_checked: int
    first_bad_seq: int | None = None


def add_audited(session: Session, row: Any, *, action: str, actor_id: str | None,
                node: str, fields: Iterable[str]) -> None:
    """Add the new record ``row`` and its audit line (its table and id read from it), in the
    caller's transaction."""
    session.add(row)
    session.flush()  # its id
    append_audit(session, action=action, table_name=row.__tablename__, record_id=row.id,
                 actor_id=actor_id, node=node, fields=fields)


def verify_audit_chain(session: Session) -> ChainVerification:
    """Recompute every hash in order; report the first row that does not match."""
    expected_prev = GENESIS
    checked = 0
    for row in session.execute(select(AuditRecord).order_by(AuditRecord.seq)).scalars():
        if row.prev_hash != expected_prev or row.hash != _digest(row.prev_hash, _content(row)):
            return ChainVerification(False, checked, row.seq)
        expected_prev = row.hash
        checked += 1
    return ChainVerification(True, checked)
