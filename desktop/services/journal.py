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

The queries are SQL text over the journal's columns of ``applications`` (the models own
them; ``tests/unit/services/test_journal.py`` runs every plan against a database the
migrations made), read through ``Database.rows`` at the start and afterwards alike: the
window's first page is shown before SQLAlchemy is imported, and there is no second copy of
these queries.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NamedTuple

from desktop.domain.spelling import FOLDED_LETTERS
from desktop.storage.database import Database, Row
from desktop.storage.textkeys import prefix_upper_bound, sort_key, spelling_key

__all__ = ["SORT_COLUMNS", "Journal", "JournalRow", "SearchKind", "search_kind",
           "strip_qr_payload"]

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

# The column of ``applications`` each sort orders by.
_SORT_KEYS: dict[str, str] = {
    "registration_number": "registration_number",
    "registered_on": "registered_on",
    "applicant_name": "applicant_sort",  # Kazakh alphabet order (desktop.storage.textkeys)
    "iin": "applicant_iin",
    "family_size": "family_size",
    "channel": "channel",
    "status": "status",
    "due_date": "due_date",
    "service": "service",
}
_INTEGER_COLUMNS = frozenset({"family_size", "registration_seq"})
# Ties are broken by rowid: each single-column index is ordered by (column, rowid) already.
_ROWID = "applications.rowid"
_REG_NUMBER_LIKE = re.compile(r"^[A-Za-z0-9-]+$")
# A journal row's columns, in JournalRow's order; the dates are stored as ISO text.
_COLUMNS = ", ".join(f"applications.{name}" for name in (
    "id", "registration_number", "registered_on", "applicant_name", "applicant_iin",
    "family_size", "channel", "status", "due_date", "service"))
_DATES = (2, 8)  # registered_on, due_date


class Condition(NamedTuple):
    """A WHERE condition in SQL text, with its ``?`` parameters in order."""

    sql: str
    parameters: tuple[Any, ...]

    def also(self, other: Condition | None) -> Condition:
        if other is None:
            return self
        return Condition(f"{self.sql} AND {other.sql}", self.parameters + other.parameters)


def _column(name: str, indexed: bool = True) -> str:
    """``applications.<name>``, or with ``indexed=False`` in a form SQLite cannot look up in
    its index (``col || ''`` / ``col + 0``)."""
    column = f"applications.{name}"
    if indexed:
        return column
    return f"({column} + 0)" if name in _INTEGER_COLUMNS else f"({column} || '')"


def _prefix(name: str, prefix: str, indexed: bool) -> Condition:
    column = _column(name, indexed)
    return Condition(f"({column} >= ? AND {column} < ?)",
                     (prefix, prefix_upper_bound(prefix)))


def _where(*conditions: Condition | None) -> Condition:
    """The WHERE clause of the conditions given (an empty one for none)."""
    found = [c for c in conditions if c is not None]
    if not found:
        return Condition("", ())
    whole = found[0]
    for condition in found[1:]:
        whole = whole.also(condition)
    return Condition(" WHERE " + whole.sql, whole.parameters)


def _of_service(service: str | None) -> Condition | None:
    return None if service is None else Condition("applications.service = ?", (service,))


def _journal_row(row: Row) -> JournalRow:
    values = list(row)
    for place in _DATES:
        if values[place] is not None:
            values[place] = dt.date.fromisoformat(values[place])
    return JournalRow(*values)


@dataclass(frozen=True)
class _Search:
    """What the user typed, as conditions; ``on_sort_index`` when the sort column's own index
    answers the search (a range on the column the page is sorted by)."""

    text: str
    sort: str | None

    def condition(self, indexed: bool = True) -> Condition | None:
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
) -> Condition | None:
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
        iin = _prefix("applicant_iin", compact, indexed or sort == "iin")
        if not 3 <= len(compact) <= 9:
            return iin
        # three digits or more may also be the sequence part of a registration number
        seq = _column("registration_seq", indexed)
        return Condition(f"({iin.sql} OR {seq} = ?)", (*iin.parameters, int(compact)))
    if _looks_like_number(compact):
        return _prefix("registration_number", compact.upper(), indexed)
    if sort == "applicant_name" and _spelled_one_way(typed):
        return _prefix("applicant_sort", sort_key(typed), True)
    return _prefix("applicant_fold", spelling_key(typed), indexed)


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
        # apart: together in one statement, min and max scan the index
        first = self._db.rows("SELECT min(service) FROM applications")[0][0]
        last = self._db.rows("SELECT max(service) FROM applications")[0][0]
        return first is not None and first != last

    def count(self, search: str = "", service: str | None = None) -> int:
        """How many applications match ``search`` (of ``service`` only, when given)."""
        where = _where(search_condition(search), _of_service(service))
        found = int(self._db.rows("SELECT count(*) FROM applications" + where.sql,
                                  where.parameters)[0][0])
        if len(self._estimates) > 64:
            self._estimates.clear()
        self._estimates[f"{service or ''}|{search.strip()}"] = (time.monotonic(), found)
        return found

    def _estimate(self, search: str, service: str | None = None) -> int:
        known = self._estimates.get(f"{service or ''}|{search.strip()}")
        if known is not None and time.monotonic() - known[0] < self.ESTIMATE_SECONDS:
            return known[1]
        return self.count(search, service)

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
        way = " DESC" if descending else ""
        order = f" ORDER BY applications.{key}{way}, {_ROWID}{way} LIMIT ? OFFSET ?"
        typed = _Search(search, sort)
        condition = typed.condition()
        of_service = _of_service(service)

        def plain(where: Condition) -> list[JournalRow]:
            return self._rows(f"SELECT {_COLUMNS} FROM applications{where.sql}{order}",
                              (*where.parameters, limit, offset))

        if condition is None or typed.on_sort_index:
            return plain(_where(of_service, condition))
        matches = self._estimate(search, service)
        total = self._estimate("", service)
        skipped = max(total - matches, 0)
        if matches and 3 * (skipped + (offset + limit) * total / matches) < matches:
            return plain(_where(of_service, typed.condition(False)))
        # ``+column`` keeps SQLite from walking the sort index: it sorts the index entries
        where = _where(condition, of_service)
        rowids = [row[0] for row in self._db.rows(
            f"SELECT {_ROWID} FROM applications{where.sql} "
            f"ORDER BY +applications.{key}{way}, {_ROWID}{way} LIMIT ? OFFSET ?",
            (*where.parameters, limit, offset))]
        if not rowids:
            return []
        places = ", ".join("?" * len(rowids))
        fetched = {
            row[-1]: row[:-1]
            for row in self._db.rows(
                f"SELECT {_COLUMNS}, {_ROWID} FROM applications WHERE {_ROWID} IN ({places})",
                rowids)
        }
        return [_journal_row(fetched[rowid]) for rowid in rowids]

    def exact_number_match(self, search: str) -> str | None:
        """The id of the one application whose registration number is exactly what was
        typed or scanned (any letter case), else None."""
        number = re.sub(r"\s+", "", strip_qr_payload(search)).upper()
        if not _looks_like_number(number):
            return None
        found = self._db.rows(
            "SELECT id FROM applications WHERE registration_number = ? LIMIT 2", (number,))
        return str(found[0][0]) if len(found) == 1 else None

    def _rows(self, sql: str, parameters: tuple[Any, ...]) -> list[JournalRow]:
        return [_journal_row(row) for row in self._db.rows(sql, parameters)]
