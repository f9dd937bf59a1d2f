"""Intake drafts (the wizard's raw state) and the akimat's register of documents to transfer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.model import Channel
from desktop.storage.base import Base, Synced, UTCDateTime
from desktop.storage.checks import JSON_OBJECT, OFFICE_CODE, choice


class DraftRecord(Synced, Base):
    """A half-filled intake wizard, kept as its JSON state so nothing typed is ever lost.

    ``status`` is ``open`` until the application is registered (then ``registered``);
    a refusal at intake keeps the draft open so the family can come back with the papers.
    The name, IIN and member IINs are copies for the drafts list and the duplicate check:
    whatever is typed so far, so they are not checked as IINs.
    """

    __tablename__ = "intake_drafts"

    status: Mapped[str] = mapped_column(String(16), default="open")
    state: Mapped[str] = mapped_column(Text, info=JSON_OBJECT)  # IntakeSession.to_state()
    office_code: Mapped[str] = mapped_column(String(12), default="", info=OFFICE_CODE)
    channel: Mapped[str] = mapped_column(String(24), default="", info=choice(Channel))
    applicant_name: Mapped[str] = mapped_column(String(300), default="")
    applicant_iin: Mapped[str] = mapped_column(String(12), default="")
    member_iins: Mapped[str] = mapped_column(String(800), default="")  # ",iin,iin,"
    step: Mapped[str] = mapped_column(String(24), default="")
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    refused_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    application_id: Mapped[str | None] = mapped_column(String(36))  # once registered

    __table_args__ = (Index("ix_intake_drafts_status_updated", "status", "updated_at"),)

    @staticmethod
    def copies(state: Mapping[str, Any]) -> dict[str, str]:
        """The columns a draft copies from its state (``IntakeSession.to_state()``)."""
        values = state.get("values") or {}
        office = state.get("office")
        name = " ".join(str(values.get(f) or "").strip() for f in (
            "applicant_surname", "applicant_first_name", "applicant_patronymic"))
        iins = [str(row.get("member_iin") or "").strip()
                for row in (state.get("tables") or {}).get("members[]", [])]
        iins = [iin for iin in iins if iin]
        return {
            "office_code": str(office.get("code") or "") if isinstance(office, Mapping) else "",
            "channel": str(state.get("channel") or ""),
            "applicant_name": " ".join(name.split()),
            "applicant_iin": str(values.get("applicant_iin") or "").strip()[:12],
            "member_iins": ("," + ",".join(iins) + ",") if iins else "",
            "step": str(state.get("step") or ""),
        }


class TransferRecord(Synced, Base):
    """A line of the реестр передаваемых документов / тапсырылатын құжаттар тізілімі:
    an application registered by an akim, waiting to be handed to the district office."""

    __tablename__ = "transfer_registry"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    sender_office_code: Mapped[str] = mapped_column(String(12), info=OFFICE_CODE)
    registration_number: Mapped[str] = mapped_column(String(40))
    added_on: Mapped[dt.date] = mapped_column(Date)
    transfer_due: Mapped[dt.date | None] = mapped_column(Date)  # akim's deadline to hand over
    sheets: Mapped[int] = mapped_column(default=0)
    batch_number: Mapped[str] = mapped_column(String(40), default="")
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
