"""Per-office, per-year, per-desk counters behind the human registration numbers."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base


class RegistrationCounter(Base):
    """The last sequence number this desk issued for one office in one year: ``desk`` is
    the desk number the district server gave it, 0 for numbers without one (a standalone
    desk); ``marker`` the service's registration journal ("" for АСП), each counting its own
    numbers. Local to the desk (desktop.storage.registration)."""

    __tablename__ = "registration_counters"

    office_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    desk: Mapped[int] = mapped_column(Integer, primary_key=True, default=0,
                                      server_default="0")
    marker: Mapped[str] = mapped_column(String(3), primary_key=True, default="",
                                        server_default="")
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
