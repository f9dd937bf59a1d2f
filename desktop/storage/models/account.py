"""Local accounts of the people who use this workstation: login, roles, office, lock-out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.storage.base import Base, UTCDateTime, utcnow
from desktop.storage.ids import new_id


class AccountRecord(Base):
    """One person's login. Not synced: passwords stay on the workstation that set them.

    Never deleted: the audit log and case events refer to accounts; ``active`` is cleared
    instead. ``password_hash`` is ``scrypt$n$r$p$salt$hash`` (hex), never the password.
    ``roles`` is a sorted comma-separated list of ``desktop.domain.roles.Role`` codes.
    ``staff_id`` links the person to the staff record printed on documents and written in the
    journal.
    """

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    roles: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an administrator's password reset: the temporary password works once, to log in
    # and choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
