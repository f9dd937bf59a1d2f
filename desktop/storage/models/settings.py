"""Workstation settings as key/value pairs (language, this desk's office and operator ...)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, UTCDateTime, utcnow


class SettingRecord(Base):
    """One setting of this workstation; local, never synced."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )
