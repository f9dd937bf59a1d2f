"""Amendments of a registered application: what changed, who, when and why."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, Synced, UTCDateTime
from desktop.storage.checks import JSON_OBJECT


class AmendmentRecord(Synced, Base):
    """One correction of a registered application's header (phone, address, bank account...).

    The application row holds the current values; this row keeps the before and after of
    each field (``changes``: JSON ``{field: [before, after]}``) and the reason the person
    gave. The reason is free text, so it stays here and never goes to the audit log.
    """

    __tablename__ = "application_amendments"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[str | None] = mapped_column(String(36))  # an account or staff id
    actor_name: Mapped[str] = mapped_column(String(300), default="")
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text, default="{}", info=JSON_OBJECT)
