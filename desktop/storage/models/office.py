"""Offices (district departments and akimats) and their staff."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.roles import OfficeKind
from desktop.storage.base import Base, Synced
from desktop.storage.checks import OFFICE_CODE, choice


class OfficeRecord(Synced, Base):
    """An office that receives applications; ``code`` prefixes its registration numbers."""

    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(12), unique=True, info=OFFICE_CODE)
    kind: Mapped[str] = mapped_column(String(24), info=choice(OfficeKind))
    region: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    locality: Mapped[str] = mapped_column(String(200), default="")
    name_kk: Mapped[str] = mapped_column(String(500), default="")
    name_ru: Mapped[str] = mapped_column(String(500), default="")
    address_kk: Mapped[str] = mapped_column(String(500), default="")
    address_ru: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(100), default="")


class StaffRecord(Synced, Base):
    """A person who accepts, registers or decides applications at an office."""

    __tablename__ = "staff"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
