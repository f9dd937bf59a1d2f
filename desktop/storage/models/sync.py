"""Sync bookkeeping on the desk: outbox, formed batches, versions the server holds, conflicts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, UTCDateTime, utcnow


class OutboxRecord(Base):
    """One insert, update or delete of a synced record, written in the same transaction.

    Several rows for one record collapse into one change when a batch is formed: the batch
    carries the record as it is then. ``batch_seq`` is set when the row went into a batch.
    """

    __tablename__ = "sync_outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))  # "upsert" | "delete"
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    batch_seq: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_sync_outbox_batch_seq", "batch_seq", "seq"),
        Index("ix_sync_outbox_record", "table_name", "record_id"),
    )


class SyncBatchRecord(Base):
    """A push batch as it was formed: resent byte for byte until the server acknowledges it."""

    __tablename__ = "sync_batches"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)  # canonical JSON
    body_hash: Mapped[str] = mapped_column(String(64))
    records: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class KnownVersionRecord(Base):
    """The version of a record the district server holds, as far as this desk knows.

    ``version`` is the one the server confirmed (by an acknowledgement or a pull); ``sent``
    the one in a batch not acknowledged yet. A change is pushed "based on" ``sent`` if set,
    else ``version``; a record never synced is based on 0.
    """

    __tablename__ = "sync_known"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    sent: Mapped[int | None] = mapped_column(Integer)


class ConflictRecord(Base):
    """Two sides of one record that a person must reconcile; neither side is lost.

    ``kind`` is ``conflict`` (both sides changed it), ``refused`` (the server would not take
    the change: outside this office's cases, or invalid, with its ``field`` and ``problem``;
    a later change of the record is sent as usual, and settles it once accepted),
    ``unapplied`` (a pulled change that could not be stored: a duplicate key, or a record
    that does not meet its table's definition) or ``duplicate`` (accepted, but another
    application of the office holds its registration number: ``theirs`` is that other
    application, a different record; nothing is held back, a person only acknowledges it).
    ``mine``/``theirs``/``base`` are JSON objects of column values, ``null`` for a deleted
    side.
    """

    __tablename__ = "sync_conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="conflict")
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(64), default="")
    # a record refused as invalid, or pulled and not storable here: its column (as the
    # server named it) and what is wrong with it (a FieldProblem value); revision 0012
    field: Mapped[str] = mapped_column(String(64), default="", server_default="")
    problem: Mapped[str] = mapped_column(String(32), default="", server_default="")
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    mine_version: Mapped[int] = mapped_column(Integer, default=0)
    theirs_version: Mapped[int] = mapped_column(Integer, default=0)
    mine: Mapped[str] = mapped_column(Text, default="null")
    theirs: Mapped[str] = mapped_column(Text, default="null")
    base: Mapped[str] = mapped_column(Text, default="null")
    theirs_node: Mapped[str] = mapped_column(String(64), default="")
    detected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    resolution: Mapped[str] = mapped_column(String(16), default="")

    __table_args__ = (Index("ix_sync_conflicts_open", "resolved_at", "table_name", "record_id"),)
