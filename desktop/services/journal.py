"""The main window's journal: one page of applications, searched and sorted, fast at 100 000.

Search (as you type): digits → IIN prefix (from three digits on also the sequence part of a
registration number); Latin letters, digits and hyphens → registration-number prefix; anything
else → prefix of the applicant's full name (surname first), case-insensitive for Kazakh and
Russian, and either spelling of a Kazakh name ("серикбаева" finds "Серікбаева" and the other
way round: ``desktop.domain.spelling``).
A coupon's QR code (``KOMEK|<registration number>[|...]``, typed by a keyboard-wedge scanner)
searches its registration number.
Every condition is a range on an indexed column (``col >= p AND col < p + U+10FFFF``), never
``LIKE``, which in SQLite folds only ASCII and cannot use an ordinary index.

The queries are SQLAlchemy Core over the journal's columns (``desktop.storage.core_tables``),
at the start and afterwards alike: the window's first page is shown before the ORM is
imported, and there is no ORM twin of these queries.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select

from desktop.domain.spelling import FOLDED_LETTERS
from desktop.storage.core_tables import applications
from desktop.storage.database import Database
from desktop.storage.textkeys import prefix_upper_bound, sort_key, spelling_key

__all__ = ["SORT_COLUMNS", "Journal", "JournalRow", "SearchKind", "search_kind",
           "strip_qr_payload"]

# The journal's columns (SQLAlchemy Core: the first page is shown before the ORM is loaded).
A: Any = applications.c
QR_PREFIX = "KOMEK|"  # desktop.printing.marks.qr_payload
# What a keyboard-wedge scanner types when Windows has the Russian layout on: the same keys,
# read as ЙЦУКЕН letters ("KOMEK|" arrives as "ЛЩЬУЛ/").
_RUSSIAN_LAYOUT = str.maketrans("ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬ/", "QWERTYUIOPASDFGHJKLZXCVBNM|")


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
    service: str = "asp"  # the service of the catalogue (forms/services/<code>)


SORT_COLUMNS: tuple[str, ...] = (
    "registration_number",
    "registered_on",
    "applicant_name",
    "iin",
    "family_size",
    "channel",
    "status",
    "due_date",
    "service",
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
    "service": A.service,
}
# Ties are broken by rowid: each single-column index is ordered by (column, rowid) already.
_ROWID: Any = literal_column("applications.rowid")
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
    A.service,
)


def _unindexed(column: Any) -> Any:
    """``column`` in a form SQLite cannot look up in its index (``col || ''`` / ``col + 0``)."""
    return column + 0 if column.type.python_type is int else column.concat("")


def _prefix(column: Any, prefix: str, indexed: bool) -> ColumnElement[bool]:
    column = column if indexed else _unindexed(column)
    return and_(column >= prefix, column < prefix_upper_bound(prefix))


@dataclass(frozen=True)
class _Search:
    """What the user typed, as conditions; ``on_sort_index`` when the sort column's own index
    answers the search (a range on the column the page is sorted by)."""

    text: str
    sort: str | None

    def condition(self, indexed: bool = True) -> ColumnElement[bool] | None:
        return search_condition(self.text, indexed=indexed, sort=self.sort)

    @property
    def on_sort_index(self) -> bool:
        compact = re.sub(r"\s+", "", strip_qr_payload(self.text))
        if compact.isdigit() and compact.isascii():
            return self.sort == "iin" and not 3 <= len(compact) <= 9
        return (
            self.sort == "applicant_name"
            and _spelled_one_way(self.text)
            and not _looks_like_number(compact)
        )


def strip_qr_payload(typed: str) -> str:
    """``KOMEK|AKT-05-2026-000123|...`` → ``AKT-05-2026-000123``; other text as it is.

    The prefix may come in either letter case, or as typed on the Russian layout."""
    text = typed.strip()
    if text[: len(QR_PREFIX)].upper().translate(_RUSSIAN_LAYOUT) == QR_PREFIX:
        text = text.upper().translate(_RUSSIAN_LAYOUT)
    if text[: len(QR_PREFIX)].upper() == QR_PREFIX:
        return text[len(QR_PREFIX):].split("|", 1)[0].strip()
    return text


def _spelled_one_way(typed: str) -> bool:
    """Whether ``typed`` holds no letter that has another spelling (і/и, қ/к, ё/е, …): then
    a range on the Kazakh sort key finds exactly what the spelling key would."""
    return not FOLDED_LETTERS.intersection(spelling_key(typed))


def _looks_like_number(compact: str) -> bool:
    """Latin letters, digits and hyphens only (not digits only): a registration number or the
    start of one ("AKT", "AKT-05-2026-0001"). Names are written in Cyrillic on the forms."""
    return bool(_REG_NUMBER_LIKE.match(compact)) and not compact.isdigit()


class SearchKind(StrEnum):
    """What a search looked in: said when nothing is found."""

    NONE = "none"  # nothing typed
    IIN = "iin"  # IINs (and, from three digits on, registration sequence numbers)
    NUMBER = "number"  # registration numbers
    NAME = "name"  # applicants' names, either spelling


def search_kind(search: str) -> SearchKind:
    """Which column(s) :func:`search_condition` searches for what the user typed."""
    typed = strip_qr_payload(search)
    if not typed:
        return SearchKind.NONE
    compact = re.sub(r"\s+", "", typed)
    if compact.isdigit() and compact.isascii():
        return SearchKind.IIN
    return SearchKind.NUMBER if _looks_like_number(compact) else SearchKind.NAME


def search_condition(
    search: str, *, indexed: bool = True, sort: str | None = None
) -> ColumnElement[bool] | None:
    """The WHERE condition for what the user typed (None: no filter).

    ``indexed=False`` writes the same condition so that SQLite cannot use the search indexes,
    which makes it walk the sort column's index instead (see :meth:`Journal.page`). A name
    search sorted by name becomes a range on the sort key itself, which serves both, when
    the typed text has no letter of two spellings (see :func:`_spelled_one_way`).
    Input of Latin letters, digits and hyphens searches registration numbers only; names are
    written in Cyrillic.
    """
    typed = strip_qr_payload(search)
    if not typed:
        return None
    compact = re.sub(r"\s+", "", typed)
    if compact.isdigit() and compact.isascii():
        iin = _prefix(A.applicant_iin, compact, indexed or sort == "iin")
        if not 3 <= len(compact) <= 9:
            return iin
        # three digits or more may also be the sequence part of a registration number
        seq = A.registration_seq if indexed else _unindexed(A.registration_seq)
        return or_(iin, seq == int(compact))
    if _looks_like_number(compact):
        return _prefix(A.registration_number, compact.upper(), indexed)
    if sort == "applicant_name" and _spelled_one_way(typed):
        return _prefix(A.applicant_sort, sort_key(typed), True)
    return _prefix(A.applicant_fold, spelling_key(typed), indexed)


class Journal:
    """Read-only queries over the applications table for the journal view.

    A searched page is found one of three ways, chosen per call from two index-only counts
    (matches and total, a millisecond or two each):

    (counts of the last few seconds are reused: the UI has just asked for the same count)

    * the search is a range on the sort column's own index: walk that range in order;
    * almost every row matches: walk the sort column's index and skip the few that do not;
    * otherwise: filter and sort inside the covering search index (revision 0005), which holds
      every journal sort column, then read only the rows of the page.
    """

    # How long a count may steer the choice of plan: the UI calls count() then page() for
    # every keystroke, and the choice needs an estimate, not the exact figure.
    ESTIMATE_SECONDS = 5.0

    def __init__(self, db: Database) -> None:
        self._db = db
        self._estimates: dict[str, tuple[float, int]] = {}

    def mixes_services(self) -> bool:
        """Whether the journal holds applications of more than one service: the first and
        the last of the service index differ (two seeks; a search for a service other than
        the first walked the whole index of a desk of one service)."""
        with self._db.engine.connect() as connection:  # apart: together, min and max scan
            first = connection.execute(select(func.min(A.service))).scalar()
            last = connection.execute(select(func.max(A.service))).scalar()
        return first is not None and first != last

    def count(self, search: str = "", service: str | None = None) -> int:
        """How many applications match ``search`` (of ``service`` only, when given)."""
        with self._db.engine.connect() as connection:
            return self._count(connection, search, service)

    def _count(self, connection: Any, search: str, service: str | None = None) -> int:
        query = select(func.count()).select_from(applications)
        condition = search_condition(search)
        if condition is not None:
            query = query.where(condition)
        if service is not None:
            query = query.where(A.service == service)
        found = int(connection.execute(query).scalar_one())
        if len(self._estimates) > 64:
            self._estimates.clear()
        self._estimates[f"{service or ''}|{search.strip()}"] = (time.monotonic(), found)
        return found

    def _estimate(self, connection: Any, search: str, service: str | None = None) -> int:
        known = self._estimates.get(f"{service or ''}|{search.strip()}")
        if known is not None and time.monotonic() - known[0] < self.ESTIMATE_SECONDS:
            return known[1]
        return self._count(connection, search, service)

    def page(
        self,
        offset: int,
        limit: int,
        search: str = "",
        sort: str = "registered_on",
        descending: bool = True,
        service: str | None = None,
    ) -> list[JournalRow]:
        """One page; ``service``: only that service's applications (the journal's filter)."""
        if sort not in _SORT_KEYS:
            raise ValueError(f"unknown sort column {sort!r}; one of {SORT_COLUMNS}")
        key = _SORT_KEYS[sort]
        offset, limit = max(offset, 0), max(limit, 0)
        order = (key.desc(), _ROWID.desc()) if descending else (key.asc(), _ROWID.asc())
        plain = select(*_COLUMNS).order_by(*order).offset(offset).limit(limit)
        if service is not None:
            plain = plain.where(A.service == service)
        typed = _Search(search, sort)
        condition = typed.condition()
        with self._db.engine.connect() as connection:
            if condition is None:
                return self._rows(connection.execute(plain))
            if typed.on_sort_index:
                return self._rows(connection.execute(plain.where(condition)))
            matches = self._estimate(connection, search, service)
            total = self._estimate(connection, "", service)
            skipped = max(total - matches, 0)
            if matches and 3 * (skipped + (offset + limit) * total / matches) < matches:
                unindexed = typed.condition(False)
                assert unindexed is not None
                return self._rows(connection.execute(plain.where(unindexed)))
            # ``+column`` keeps SQLite from walking the sort index: it sorts the index entries
            unsorted: Any = literal_column(f"+applications.{key.name}")
            inner = (unsorted.desc(), _ROWID.desc()) if descending else (unsorted, _ROWID)
            found = select(_ROWID).where(condition)
            if service is not None:
                found = found.where(A.service == service)
            rowids = connection.execute(
                found.order_by(*inner).offset(offset).limit(limit)).scalars().all()
            if not rowids:
                return []
            fetched = {
                row[-1]: row[:-1]
                for row in connection.execute(select(*_COLUMNS, _ROWID).where(_ROWID.in_(rowids)))
            }
            return [JournalRow(*fetched[rowid]) for rowid in rowids]

    def exact_number_match(self, search: str) -> str | None:
        """The id of the one application whose registration number is exactly what was
        typed or scanned (any letter case), else None."""
        number = re.sub(r"\s+", "", strip_qr_payload(search)).upper()
        if not _looks_like_number(number):
            return None
        with self._db.engine.connect() as connection:
            found = connection.execute(
                select(A.id).where(A.registration_number == number).limit(2)).scalars().all()
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _rows(result: Any) -> list[JournalRow]:
        return [JournalRow(*row) for row in result]
