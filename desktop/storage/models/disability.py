"""A person's disability and individual rehabilitation programme, kept once per person.

The disability services of the catalogue (services.md §11-15) each ask for the group and the
programme; the desk enters them once, by IIN, and every later application of the person reads
them (``desktop.services.disabilities``). A row belongs to the office that entered it, and
syncs with the district like that office's applications.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.disability import DisabilityGroup
from desktop.storage.base import Base, Synced
from desktop.storage.checks import IIN, JSON_DOCUMENT, OFFICE_CODE, choice


class DisabilityRecord(Synced, Base):
    """The person's group, its term, and what the rehabilitation programme prescribes
    (``programme_items``: a JSON array of ``{item, quantity, unit, until, note}``,
    ``desktop.domain.disability.entries_to_json``).

    Two desks may each enter the same person while offline: the rows stay apart and the most
    recently updated one is the person's (no unique key that a pulled row could break)."""

    __tablename__ = "disability_records"

    office_code: Mapped[str] = mapped_column(String(12), info=OFFICE_CODE)
    person_iin: Mapped[str] = mapped_column(String(12), info=IIN)
    person_name: Mapped[str] = mapped_column(String(300), default="")
    disability_group: Mapped[str] = mapped_column(String(16), info=choice(DisabilityGroup))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)  # None: without a term
    programme_number: Mapped[str] = mapped_column(String(64), default="")
    programme_date: Mapped[dt.date | None] = mapped_column(Date)
    programme_items: Mapped[str] = mapped_column(Text, default="[]", info=JSON_DOCUMENT)

    __table_args__ = (Index("ix_disability_records_person", "person_iin", "updated_at"),)
