"""The append-only, hash-chained audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, UTCDateTime
from desktop.storage.ids import new_id


class AuditRecord(Base):
    """One audited action. ``seq`` orders the chain; ``hash`` = sha256(prev_hash + content).

    No free text that could carry an IIN or an amount: ``fields`` names the changed fields and
    ``changes`` holds their before/after values (data that is in the database anyway).
    Triggers (revision 0001) refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    node: Mapped[str] = mapped_column(String(64), default="")
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    fields: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of field names
    changes: Mapped[str] = mapped_column(Text, default="{}")  # JSON {field: [before, after]}
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
