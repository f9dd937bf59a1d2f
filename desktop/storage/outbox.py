"""The outbox: every insert, update and delete of a ``Synced`` record, in the same transaction.

Installed on the workstation's sessionmaker (:meth:`Database.open`), so every service gets it
without a call of its own: an ``after_flush`` hook looks at what the flush wrote and adds one
``sync_outbox`` row per record. Deletes are collected row by row while the flush runs (a
mapper ``after_delete`` event), so a child the ORM deletes as an orphan (a member taken out of
a draft) is queued too: the session's ``deleted`` list names only what was deleted explicitly.
Rows written by the sync itself (a pulled change) carry ``session.info[APPLYING] = True`` or
go through Core statements, and leave no outbox row.
Records loaded by bulk INSERT (demo data, imports) bypass the ORM: :func:`enqueue_untracked`
adds them when the desk enrols.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, event, insert, select, text
from sqlalchemy.orm import Mapper, Session, object_session, sessionmaker

from desktop.storage.base import Base, Synced, utcnow
from desktop.storage.models.sync import KnownVersionRecord, OutboxRecord

__all__ = ["APPLYING", "enqueue_untracked", "install", "synced_tables"]

APPLYING = "komek.sync.applying"
_DELETED = "komek.sync.deleted"  # session.info: (table, id) deleted by the running flush
_OUTBOX = OutboxRecord.__table__


def synced_tables() -> list[str]:
    """Names of the tables whose rows sync, parents before children (foreign-key order)."""
    import desktop.storage.models  # noqa: F401 - registers every table

    names = {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if issubclass(mapper.class_, Synced)
    }
    return [table.name for table in Base.metadata.sorted_tables if table.name in names]


def _rows(session: Session) -> list[dict[str, Any]]:
    now = utcnow()
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, Synced):
            rows.append({"table_name": obj.__tablename__,  # type: ignore[attr-defined]
                         "record_id": obj.id, "op": "upsert", "at": now})
    for obj in session.dirty:
        if isinstance(obj, Synced) and session.is_modified(obj, include_collections=False):
            rows.append({"table_name": obj.__tablename__,  # type: ignore[attr-defined]
                         "record_id": obj.id, "op": "upsert", "at": now})
    for name, record_id in session.info.pop(_DELETED, ()):
        rows.append({"table_name": name, "record_id": record_id, "op": "delete", "at": now})
    return rows


def _after_delete(_mapper: Mapper[Any], _connection: Connection, target: Any) -> None:
    """Every row a flush deletes, explicitly or as an orphan of a cascade."""
    if isinstance(target, Synced):
        session = object_session(target)
        if session is not None:
            session.info.setdefault(_DELETED, []).append(
                (target.__tablename__, target.id))  # type: ignore[attr-defined]


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get(APPLYING):
        session.info.pop(_DELETED, None)
        return
    rows = _rows(session)
    if rows:
        session.connection().execute(insert(_OUTBOX), rows)


def _forget_deletes(session: Session, _previous: Any) -> None:
    session.info.pop(_DELETED, None)  # a flush that failed deleted nothing


_INSTALLED = "_komek_outbox_installed"


def install(sessions: sessionmaker[Session]) -> None:
    """Write outbox rows for every session made by ``sessions``.

    Whether it is installed is marked on the sessionmaker's own session class, not asked of
    ``event.contains``: SQLAlchemy's event registry keys its entries by ``id()`` and keeps
    them after the target is gone, so a new sessionmaker allocated where a closed database's
    had been was taken as already listening, and that database's changes never reached the
    outbox (a draft saved on such a desk stayed on it, silently).
    """
    if not event.contains(Base, "after_delete", _after_delete):  # Base lives for ever
        event.listen(Base, "after_delete", _after_delete, propagate=True)
    target = sessions.class_
    if target.__dict__.get(_INSTALLED):
        return
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "after_soft_rollback", _forget_deletes)
    setattr(target, _INSTALLED, True)


def enqueue_untracked(session: Session | Connection,
                      tables: Iterable[str] | None = None) -> int:
    """Add an outbox row for every synced record the server has not seen and the outbox does
    not hold yet (rows loaded by bulk INSERT, or made before sync was set up); returns how many.
    ``tables`` limits it to those tables (default: every synced table).

    The rows are queued as a person's work queues them, an application with its family,
    incomes, documents and case together (the records of no application first), not table
    by table: a push batch then holds whole applications, whose records name each other
    within the batch, and the server looks up only what a batch names outside itself (a
    bulk-loaded desk's first sync, queued table by table, had it look up 99 000 records of
    earlier batches for 10 000 applications).
    """
    known = KnownVersionRecord.__table__
    wanted = set(synced_tables() if tables is None else tables)
    selects = []
    for rank, name in enumerate(t for t in synced_tables() if t in wanted):
        columns = Base.metadata.tables[name].c
        # the application the record belongs to ("" for none: queued first)
        application = ("t.id" if name == "applications" else
                       "coalesce(t.application_id, '')" if "application_id" in columns
                       else "''")
        selects.append(
            f"SELECT '{name}' AS name, t.id AS id, {application} AS application, "
            f"{rank} AS rank FROM {name} AS t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {known.name} k "
            f"  WHERE k.table_name = '{name}' AND k.record_id = t.id) "
            f"AND NOT EXISTS (SELECT 1 FROM sync_outbox o "
            f"  WHERE o.table_name = '{name}' AND o.record_id = t.id)")
    if not selects:
        return 0
    result = session.execute(
        text(
            f"INSERT INTO sync_outbox (table_name, record_id, op, at) "
            f"SELECT name, id, 'upsert', :at FROM ({' UNION ALL '.join(selects)}) "
            f"ORDER BY application, rank, id"
        ),
        {"at": utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")},
    )
    return result.rowcount or 0


def pending_count(session: Session) -> int:
    """How many records have changes the server has not acknowledged."""
    from sqlalchemy import func

    return int(session.execute(
        select(func.count()).select_from(
            select(_OUTBOX.c.table_name, _OUTBOX.c.record_id).distinct().subquery())
    ).scalar_one())
