"""The quarter's income sheet as the desk types it: a line per member and kind of income, its
three months side by side (and a cell for an amount known only for the whole quarter).

The session keeps what it always kept (``incomes[]``: one row per amount, with its month or
none for the whole quarter), so drafts of every version open, merge field by field
(``desktop.domain.draft_merge``) and become the same ``IncomeEntry`` values. A grid line is
the rows that share ``income_line`` (the id of the line's first row); rows of drafts made
before the grid, which have none, are gathered by what they say (member, kind, evidence,
source, payer). A month already taken in a line (two desks typed it) starts a line of its
own, so nothing is hidden.

Typing an amount into a month cell writes that month's row (made on the first digit,
removed when the cell is emptied); an attribute (member, kind, …) is written to every row of
the line. A line with no amount yet holds one row without month and amount, which is also
where an amount for the whole quarter goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.intake_session import INCOMES, ROW_ID, IntakeSession, cell_key

__all__ = ["AMOUNT", "LINE", "MEMBER", "MONTH", "QUARTER", "IncomeGrid", "IncomeLine",
           "month_column"]

LINE = "income_line"
MONTH = "income_month"
AMOUNT = "income_amount"
MEMBER = "income_member"
QUARTER = "quarter"  # the column of an amount for the whole quarter
_MONTH_PREFIX = "month:"


def month_column(month: int) -> str:
    return f"{_MONTH_PREFIX}{month}"


def _month_of(column: str) -> int | None:
    return int(column[len(_MONTH_PREFIX):]) if column.startswith(_MONTH_PREFIX) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class IncomeLine:
    """The rows of one grid line: by month, and the one without a month (if any)."""

    key: str  # its ``income_line`` (or, for rows of before the grid, the first row's id)
    rows: list[str] = field(default_factory=list)  # row ids in table order
    months: dict[int, str] = field(default_factory=dict)  # month -> row id
    quarter_row: str | None = None  # the row without a month (whole quarter, or no amount)
    stray: list[str] = field(default_factory=list)  # rows of a month outside the quarter

    @property
    def anchor(self) -> str:
        return self.rows[0]


class IncomeGrid:
    """The grid over an ``IntakeSession``'s ``incomes[]`` (see the module docstring).

    ``attributes`` are the columns written to every row of a line (every column of the
    form's income table but the month and the amount)."""

    def __init__(self, session: IntakeSession, attributes: list[str]) -> None:
        self.session = session
        self.attributes = [a for a in attributes if a not in (MONTH, AMOUNT)]

    # --- reading --------------------------------------------------------------------------

    @property
    def months(self) -> tuple[int, int, int]:
        return self.session.income_quarter.months

    def columns(self) -> list[str]:
        """The grid's columns: the member and the kind, the three months, the quarter, the
        other attributes."""
        first = self.attributes[:2]
        return [*first, *(month_column(m) for m in self.months), QUARTER,
                *self.attributes[2:]]

    def lines(self) -> list[IncomeLine]:
        months = set(self.months)
        lines: list[IncomeLine] = []
        open_by_key: dict[str, list[IncomeLine]] = {}
        for row in self.session.rows(INCOMES):
            row_id = str(row[ROW_ID])
            key = str(row.get(LINE) or "") or "\x00" + self._content_key(row)
            month = self._month(row)
            target = None
            for line in open_by_key.get(key, ()):
                if self._slot_free(line, month, months):
                    target = line
                    break
            if target is None:
                target = IncomeLine(str(row.get(LINE) or row_id))
                open_by_key.setdefault(key, []).append(target)
                lines.append(target)
            target.rows.append(row_id)
            if month is None:
                target.quarter_row = row_id
            elif month in months:
                target.months[month] = row_id
            else:
                target.stray.append(row_id)
        return lines

    @staticmethod
    def _slot_free(line: IncomeLine, month: int | None, months: set[int]) -> bool:
        """Whether a row of ``month`` (None: the whole quarter) joins ``line``: a line holds
        either months, each once, or one amount for the quarter."""
        if month is None:
            return line.quarter_row is None and not line.months and not line.stray
        return month in months and month not in line.months and line.quarter_row is None \
            and not line.stray

    def _content_key(self, row: dict[str, Any]) -> str:
        return "\x1f".join(str(row.get(a) or "") for a in self.attributes)

    @staticmethod
    def _month(row: dict[str, Any]) -> int | None:
        value = row.get(MONTH)
        if _blank(value):
            return None
        try:
            return int(str(value).strip())
        except ValueError:
            return -1  # not a month: shown as a stray row with its problem

    def value(self, line: IncomeLine, column: str) -> Any:
        """What a cell holds as typed (amounts as text)."""
        month = _month_of(column)
        if month is not None:
            row_id = line.months.get(month)
            return self._cell(row_id, AMOUNT) if row_id else ""
        if column == QUARTER:
            ids = [line.quarter_row, *line.stray] if line.quarter_row else line.stray
            return self._cell(ids[0], AMOUNT) if ids else ""
        return self._cell(line.anchor, column)

    def quarter_editable(self, line: IncomeLine) -> bool:
        """The quarter cell takes an amount while no month of the line has one."""
        return not line.months and not line.stray

    def keys(self, line: IncomeLine, column: str) -> list[str]:
        """The session's problem keys of a cell."""
        month = _month_of(column)
        if month is not None:
            ids = [line.months[month]] if month in line.months else []
            return [cell_key(INCOMES, i, c) for i in ids for c in (AMOUNT, MONTH)]
        if column == QUARTER:
            ids = ([line.quarter_row] if line.quarter_row else []) + line.stray
            return [cell_key(INCOMES, i, c) for i in ids for c in (AMOUNT, MONTH)]
        return [cell_key(INCOMES, i, column) for i in line.rows]

    def _cell(self, row_id: str | None, column: str) -> Any:
        return self.session.cell(INCOMES, row_id, column) if row_id else None

    # --- writing --------------------------------------------------------------------------

    def add_line(self, member_id: str) -> int:
        """A new line for ``member_id`` at the end; returns its index."""
        row_id = self.session.add_row(INCOMES, income_member=member_id)
        self.session.set_cell(INCOMES, row_id, LINE, row_id)
        return len(self.lines()) - 1

    def remove_line(self, index: int) -> None:
        for row_id in self.lines()[index].rows:
            self.session.remove_row(INCOMES, row_id)

    def write(self, index: int, column: str, raw: Any) -> set[str]:
        """Write a cell of line ``index``; returns the keys whose value or problems changed."""
        line = self.lines()[index]
        changed = self._stamp(line)
        month = _month_of(column)
        if month is not None:
            return changed | self._set_month(line, month, raw)
        if column == QUARTER:
            if not self.quarter_editable(line):
                return changed
            row_id = line.quarter_row or self._new_row(line, None)
            return changed | self.session.set_cell(INCOMES, row_id, AMOUNT, raw)
        for row_id in line.rows:
            changed |= self.session.set_cell(INCOMES, row_id, column, raw)
        return changed

    def _stamp(self, line: IncomeLine) -> set[str]:
        """Give every row of ``line`` its line id (rows of drafts made before the grid)."""
        changed: set[str] = set()
        for row_id in line.rows:
            if self.session.cell(INCOMES, row_id, LINE) != line.key:
                changed |= self.session.set_cell(INCOMES, row_id, LINE, line.key)
        return changed

    def _set_month(self, line: IncomeLine, month: int, raw: Any) -> set[str]:
        session = self.session
        row_id = line.months.get(month)
        if row_id is not None and _blank(raw):
            return self._clear_month(line, month, row_id)
        if row_id is not None:
            return session.set_cell(INCOMES, row_id, AMOUNT, raw)
        if _blank(raw):
            return set()
        placeholder = line.quarter_row
        if placeholder is not None and _blank(session.cell(INCOMES, placeholder, AMOUNT)):
            changed = session.set_cell(INCOMES, placeholder, MONTH, str(month))
            return changed | session.set_cell(INCOMES, placeholder, AMOUNT, raw)
        row_id = self._new_row(line, month)
        return {cell_key(INCOMES, row_id, MONTH)} | session.set_cell(INCOMES, row_id, AMOUNT, raw)

    def _clear_month(self, line: IncomeLine, month: int, row_id: str) -> set[str]:
        """Empty a month: its row goes, but the line keeps its place (its first row stays,
        holding another month's amount, or none)."""
        session = self.session
        others = [r for r in line.rows if r != row_id]
        if row_id != line.anchor or not others:
            if not others:  # the line's last row: it stays, with no month and no amount
                changed = session.set_cell(INCOMES, row_id, AMOUNT, "")
                return changed | session.set_cell(INCOMES, row_id, MONTH, "")
            session.remove_row(INCOMES, row_id)
            return {f"{INCOMES}/{row_id}", *self.keys(line, month_column(month))}
        moved = others[-1]
        changed = session.set_cell(INCOMES, row_id, MONTH, session.cell(INCOMES, moved, MONTH))
        changed |= session.set_cell(INCOMES, row_id, AMOUNT,
                                    session.cell(INCOMES, moved, AMOUNT))
        session.remove_row(INCOMES, moved)
        return changed | {f"{INCOMES}/{moved}"}

    def _new_row(self, line: IncomeLine, month: int | None) -> str:
        """A row of ``line`` for ``month`` (None: the whole quarter), its attributes copied."""
        anchor = self.session.row(INCOMES, line.anchor)
        values = {a: anchor.get(a) for a in self.attributes if a in anchor}
        values[LINE] = line.key
        values[MONTH] = "" if month is None else str(month)
        return self.session.add_row(INCOMES, **values)

    def __iter__(self) -> Iterator[IncomeLine]:
        return iter(self.lines())
