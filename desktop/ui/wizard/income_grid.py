"""The income sheet's grid as a Qt model: a line per member and kind, the quarter's three
months side by side (``desktop.domain.income_grid`` keeps the session's rows in step).

Cells use the same editors as the other tables (``FieldDelegate``): the member and the kind
are choices, each month and the quarter an amount, committed on every keystroke so the
totals follow the typing. The quarter cell shows the sum of the months once a month has an
amount, and takes an amount itself only while none has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal

from desktop import i18n
from desktop.domain.income_grid import QUARTER, IncomeGrid, IncomeLine, month_column
from desktop.domain.intake_bindings import raw_to_typed
from desktop.domain.intake_session import IntakeSession
from desktop.formspec.model import FieldSpec, FieldType
from desktop.ui.wizard.session_table import ERROR_BRUSH, WARNING_BRUSH, cell_text

Index = QModelIndex | QPersistentModelIndex
Choices = Callable[[FieldSpec], list[tuple[str, str]]]
_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU"}


def month_name(month: int, lang: str) -> str:
    """The month's name as a heading («Шілде», «Июль»), from Qt's locale data."""
    name = QLocale(_LOCALES.get(lang, "ru_RU")).standaloneMonthName(month)
    return name[:1].upper() + name[1:]


class IncomeGridModel(QAbstractTableModel):
    """Signals: edited(set): the keys a cell edit changed (values or problems)."""

    edited = QtSignal(object)

    def __init__(self, session: IntakeSession, spec: FieldSpec, choices: Choices,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.lang = i18n.current_language()
        self._choices = choices
        self._specs = {column.id: column for column in spec.columns}
        self.grid = IncomeGrid(session, [column.id for column in spec.columns])
        self._lines = self.grid.lines()
        self._columns = self.grid.columns()
        amount = self._specs["income_amount"]
        self._amount_specs = {
            month_column(m): dataclasses.replace(amount, id=f"income_amount_{n}", help=None)
            for n, m in enumerate(self.grid.months, start=1)}
        self._amount_specs[QUARTER] = dataclasses.replace(amount, id="income_amount_quarter",
                                                          help=None)

    # --- shape ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def column_id(self, column: int) -> str:
        return self._columns[column]

    def column(self, column_id: str) -> int:
        return self._columns.index(column_id)

    def spec(self, column: int) -> FieldSpec:
        column_id = self._columns[column]
        return self._amount_specs.get(column_id) or self._specs[column_id]

    def line(self, row: int) -> IncomeLine:
        return self._lines[row]

    def choices(self, spec: FieldSpec) -> list[tuple[str, str]]:
        if spec.choices_from:
            return self._choices(spec)
        return [(c.id, c.label.text(self.lang)) for c in spec.choices]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        column_id = self._columns[section]
        if column_id.startswith("month:"):
            return month_name(int(column_id.split(":")[1]), self.lang)
        if column_id == QUARTER:
            return i18n._("For the quarter")
        return self._specs[column_id].label.text(self.lang)

    def keys(self, index: Index) -> list[str]:
        return self.grid.keys(self._lines[index.row()], self._columns[index.column()])

    def problems(self, index: Index) -> list[Any]:
        return [p for key in self.keys(index) for p in self.session.problems.get(key, ())]

    # --- data -----------------------------------------------------------------------------

    def _editable(self, index: Index) -> bool:
        if self.session.read_only:
            return False
        column_id = self._columns[index.column()]
        return column_id != QUARTER or self.grid.quarter_editable(self._lines[index.row()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        column_id = self._columns[index.column()]
        spec = self.spec(index.column())
        if role == Qt.ItemDataRole.EditRole:
            return self.grid.value(line, column_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column_id == QUARTER and line.months:
                return self._total(line)
            value = self.grid.value(line, column_id)
            labels = dict(self.choices(spec)) if spec.type is FieldType.CHOICE else None
            return cell_text(spec, value, self.lang, labels)
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.type is FieldType.MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        problems = self.problems(index)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return WARNING_BRUSH if all(p.warning for p in problems) else ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if problems:
                return "\n".join(i18n.render(p.message) for p in problems)
            if column_id == QUARTER:
                return i18n._("The sum of the three months; an amount known only for the "
                              "whole quarter is typed here.")
            if spec.type is FieldType.CHOICE:  # the whole name or kind, where it is cut
                return self.data(index, Qt.ItemDataRole.DisplayRole) or None
            return spec.help.text(self.lang) if spec.help else None
        return None

    def _total(self, line: IncomeLine) -> str:
        amount = self._specs["income_amount"]
        values = [raw_to_typed(amount, self.grid.value(line, month_column(m)))
                  for m in line.months]
        total = sum(v for v in values if isinstance(v, int))
        return i18n.format_amount(total, self.lang)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._editable(index):
            return False
        line = self._lines[index.row()]
        column_id = self._columns[index.column()]
        if self.grid.value(line, column_id) == value or (
                value in ("", None) and self.grid.value(line, column_id) in ("", None)):
            return False
        changed = self.grid.write(index.row(), column_id, value)
        self._reread()
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))
        self.edited.emit(changed)
        return True

    def _reread(self) -> None:
        """The lines again from the session (a row came or went); their number is the same."""
        self._lines = self.grid.lines()

    # --- lines ----------------------------------------------------------------------------

    def add_line(self, member_id: str) -> int:
        position = self.rowCount()
        self.beginInsertRows(QModelIndex(), position, position)
        row = self.grid.add_line(member_id)
        self._lines = self.grid.lines()
        self.endInsertRows()
        self.edited.emit({f"incomes[]/{self._lines[row].anchor}"})
        return row

    def remove_line(self, row: int) -> None:
        anchor = self._lines[row].anchor
        self.beginRemoveRows(QModelIndex(), row, row)
        self.grid.remove_line(row)
        self._lines = self.grid.lines()
        self.endRemoveRows()
        self.edited.emit({f"incomes[]/{anchor}"})

    def reload(self) -> None:
        """Show the session's rows again (a merged draft, another page's edit, a language)."""
        self.beginResetModel()
        self.lang = i18n.current_language()
        self._lines = self.grid.lines()
        self._columns = self.grid.columns()
        self.endResetModel()

    def refresh_all(self) -> None:
        lines = self.grid.lines()
        if len(lines) != len(self._lines) or self.lang != i18n.current_language() or \
                self.grid.columns() != self._columns:
            self.reload()
            return
        self._lines = lines
        if self._lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
