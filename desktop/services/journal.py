"""The main window's journal: one page of applications, searched and sorted, fast at 100 000.

Search (as you type): digits → IIN prefix, or the sequence part of a registration number;
Latin letters/digits/hyphens → registration-number prefix or name prefix; anything else →
prefix of the applicant's full name (surname first), case-insensitive for Kazakh and Russian.
Every condition is a range on an indexed column (``col >= p AND col < p + U+10FFFF``), never
``LIKE``, which in SQLite folds only ASCII and cannot use an ordinary index.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select

from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord as A
from desktop.storage.textkeys import prefix_upper_bound, search_key

__all__ = ["SORT_COLUMNS", "Journal", "JournalRow"]


@dataclass(frozen=True)
class JournalRow:
    application_id: str
    registration_number: str | None
    registered_on: dt.date | None
    applicant_name: str
    iin: str
    family_size: int
    channel: str
    status: str
    due_date: dt.date | None


SORT_COLUMNS: tuple[str, ...] = (
    "registration_number",
    "registered_on",
    "applicant_name",
    "iin",
    "family_size",
    "channel",
    "status",
    "due_date",
)

_SORT_KEYS: dict[str, Any] = {
    "registration_number": A.registration_number,
    "registered_on": A.registered_on,
    "applicant_name": A.applicant_sort,  # Kazakh alphabet order (desktop.storage.textkeys)
    "iin": A.applicant_iin,
    "family_size": A.family_size,
    "channel": A.channel,
    "status": A.status,
    "due_date": A.due_date,
}
# Ties are broken by rowid: each single-column index is ordered by (column, rowid) already.
_ROWID = literal_column("applications.rowid")
_REG_NUMBER_LIKE = re.compile(r"^[A-Za-z0-9-]+$")
_COLUMNS = (
    A.id,
    A.registration_number,
    A.registered_on,
    A.applicant_name,
    A.applicant_iin,
    A.family_size,
    A.channel,
    A.status,
    A.due_date,
)


def _prefix(column: Any, prefix: str) -> ColumnElement[bool]:
    return and_(column >= prefix, column < prefix_upper_bound(prefix))


def search_condition(search: str) -> ColumnElement[bool] | None:
    """The WHERE condition for what the user typed (None: no filter)."""
    typed = search.strip()
    if not typed:
        return None
    compact = re.sub(r"\s+", "", typed)
    if compact.isdigit() and compact.isascii():
        conditions = [_prefix(A.applicant_iin, compact)]
        if len(compact) <= 9:
            conditions.append(A.registration_seq == int(compact))
        return or_(*conditions)
    name = _prefix(A.applicant_search, search_key(typed))
    if _REG_NUMBER_LIKE.match(compact) and any(ch.isdigit() or ch == "-" for ch in compact):
        return or_(_prefix(A.registration_number, compact.upper()), name)
    return name


class Journal:
    """Read-only queries over the applications table for the journal view."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, search: str = "") -> int:
        query = select(func.count()).select_from(A)
        condition = search_condition(search)
        if condition is not None:
            query = query.where(condition)
        with self._db.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def page(
        self,
        offset: int,
        limit: int,
        search: str = "",
        sort: str = "registered_on",
        descending: bool = True,
    ) -> list[JournalRow]:
        if sort not in _SORT_KEYS:
            raise ValueError(f"unknown sort column {sort!r}; one of {SORT_COLUMNS}")
        key = _SORT_KEYS[sort]
        order = (key.desc(), _ROWID.desc()) if descending else (key.asc(), _ROWID.asc())
        query = select(*_COLUMNS).order_by(*order).offset(max(offset, 0)).limit(max(limit, 0))
        condition = search_condition(search)
        if condition is not None:
            query = query.where(condition)
        with self._db.engine.connect() as connection:
            return [JournalRow(*row) for row in connection.execute(query)]
