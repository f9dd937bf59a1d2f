"""The aid provided on an application of a disability service: the end of its wait.

One row per delivery (``desktop.domain.aid_provision``); the application leaves the waiting
register of its kind of aid once one is recorded (``desktop.services.reports``). A row follows
its application, like the case's other records, and syncs with the district the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.aid_provision import MAX_QUANTITY
from desktop.storage.base import Base, Synced
from desktop.storage.checks import between


class AidProvisionRecord(Synced, Base):
    """The day, the kind of aid (a ``queues`` id of the service), the item as delivered, how
    many, the supplier, a note, and who recorded it."""

    __tablename__ = "aid_provisions"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    queue: Mapped[str] = mapped_column(String(40))
    provided_on: Mapped[dt.date] = mapped_column(Date)
    item: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer, info=between(1, MAX_QUANTITY))
    supplier: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(36))  # an account id
    recorded_by_name: Mapped[str] = mapped_column(String(300), default="")
