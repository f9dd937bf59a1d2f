"""Home care (services.md §17): the care worker assigned to a person whose documents were
arranged, and the visits made. Both rows follow their application (the case of the service)
and sync with it, as the case's events do.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.home_care import MAX_VISIT_MINUTES, QUARTER
from desktop.storage.base import Base, Synced
from desktop.storage.checks import between


def _application_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)


class HomeCareAssignmentRecord(Synced, Base):
    """A care worker assigned to the case from a day; the latest assignment is the current
    one (an earlier worker's visits keep their own name)."""

    __tablename__ = "home_care_assignments"

    application_id: Mapped[str] = _application_fk()
    worker_name: Mapped[str] = mapped_column(String(300))
    assigned_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(36))  # an account id


class HomeCareVisitRecord(Synced, Base):
    """One visit of the care worker: its day, its duration in quarters of an hour and what
    was done."""

    __tablename__ = "home_care_visits"

    application_id: Mapped[str] = _application_fk()
    visit_date: Mapped[dt.date] = mapped_column(Date)
    quarter_hours: Mapped[int] = mapped_column(
        Integer, info=between(1, MAX_VISIT_MINUTES // QUARTER))
    work_done: Mapped[str] = mapped_column(Text, default="")
    worker_name: Mapped[str] = mapped_column(String(300), default="")
    recorded_by: Mapped[str | None] = mapped_column(String(36))  # an account id
