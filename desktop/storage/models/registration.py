"""Per-office, per-year counters behind the human registration numbers."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base


class RegistrationCounter(Base):
    """The last sequence number issued by one office in one year (local to the office's desk)."""

    __tablename__ = "registration_counters"

    office_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
