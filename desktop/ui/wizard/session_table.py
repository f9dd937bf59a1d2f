"""A table of the session (family, incomes, farm, documents) as a Qt model, and its editors.

The model reads and writes ``IntakeSession`` rows; each cell editor has the column's field id
as objectName and commits on every keystroke, so totals follow the typing. Cells with a
problem are tinted and carry the message as tooltip; the page shows it under the table too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop import i18n
from desktop.domain.intake_bindings import raw_to_typed
from desktop.domain.intake_session import ROW_ID, IntakeSession, cell_key
from desktop.formspec.model import Entry, FieldSpec, FieldType
from desktop.ui.date_edit import DateEdit
from desktop.ui.wizard import field_widgets as fw

ERROR_BRUSH = QBrush(QColor("#f9d6d3"))
WARNING_BRUSH = QBrush(QColor("#fff1c2"))
Index = QModelIndex | QPersistentModelIndex
Choices = Callable[[FieldSpec], list[tuple[str, str]]]


def cell_text(spec: FieldSpec, value: Any, lang: str,
              labels: dict[str, str] | None = None) -> Any:
    """A cell's value as the table shows it: a choice by its label (``labels``: the choices
    by id, when they come at run time), an amount in the language's format, else as typed."""
    if spec.type is FieldType.CHOICE and labels is not None:
        return labels.get(str(value), "") if value else ""
    if spec.type is FieldType.MONEY:
        tiyn = raw_to_typed(spec, value)
        return i18n.format_amount(tiyn, lang) if isinstance(tiyn, int) else value
    return fw.display(spec, value, lang)


class SessionTableModel(QAbstractTableModel):
    """Signals: edited(set): the keys a cell edit changed (values or problems)."""

    edited = Signal(object)

    def __init__(self, session: IntakeSession, table: str, columns: list[FieldSpec],
                 choices: Choices | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.columns = columns
        self._choices = choices
        self.lang = i18n.current_language()
        self.computed: dict[str, Callable[[dict[str, Any]], str]] = {}
        self._labels: dict[str, dict[str, str]] = {}  # choice labels by column, until reload
        self._rows_shown = self.rowCount()

    # --- shape ----------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.session.rows(self.table))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        spec = self.columns[section]
        label = spec.label.text(self.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return label
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        # the IIN column is headed by its abbreviation, as the Kazakh form heads it: the
        # Russian form's "индивидуальный идентификационный номер" does not fit a column
        return i18n._("IIN", self.lang) if spec.type is FieldType.IIN else label

    def row(self, row: int) -> dict[str, Any]:
        return self.session.rows(self.table)[row]

    def row_id(self, row: int) -> str:
        return str(self.row(row)[ROW_ID])

    def spec(self, column: int) -> FieldSpec:
        return self.columns[column]

    def key(self, index: Index) -> str:
        return cell_key(self.table, self.row_id(index.row()), self.spec(index.column()).id)

    def choices(self, spec: FieldSpec) -> list[tuple[str, str]]:
        if spec.choices_from and self._choices is not None:
            return self._choices(spec)
        day = getattr(self.session, "application_date", None)
        return [(c.id, c.label_on(day).text(self.lang)) for c in spec.choices]

    def editable(self, spec: FieldSpec) -> bool:
        return spec.entry is Entry.INPUT and not self.session.read_only

    # --- data -----------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        spec = self.spec(index.column())
        row = self.row(index.row())
        value = row.get(spec.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if spec.id in self.computed:
                return self.computed[spec.id](row)
            if spec.type is FieldType.CHOICE and (spec.choices_from or not spec.multiple) \
                    and spec.id not in self._labels:
                self._labels[spec.id] = dict(self.choices(spec))
            return cell_text(spec, value, self.lang, self._labels.get(spec.id))
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.type is FieldType.MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.CheckStateRole and spec.type is FieldType.BOOL:
            return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
        problems = self.session.problems.get(self.key(index), ())
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return WARNING_BRUSH if all(p.warning for p in problems) else ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            if problems:
                return "\n".join(i18n.render(p.message) for p in problems)
            return spec.help.text(self.lang) if spec.help else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        spec = self.spec(index.column())
        if self.editable(spec) and spec.id not in self.computed:
            if spec.type is FieldType.BOOL:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        spec = self.spec(index.column())
        if not self.editable(spec):
            return False
        if role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if self.row(index.row()).get(spec.id) == value:
            return False
        changed = self.session.set_cell(self.table, self.row_id(index.row()), spec.id, value)
        self.changed(changed)
        self.edited.emit(changed)
        return True

    def changed(self, keys: set[str]) -> None:
        """Repaint the rows whose keys changed (derived cells, duplicate IINs)."""
        prefix = self.table + "/"
        rows = {k.split("/")[1] for k in keys if k.startswith(prefix)}
        for number, row in enumerate(self.session.rows(self.table)):
            if row[ROW_ID] in rows:
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, self.columnCount() - 1))

    # --- rows -----------------------------------------------------------------------------

    def add_row(self, **values: Any) -> int:
        position = self.rowCount()
        self.beginInsertRows(QModelIndex(), position, position)
        self.session.add_row(self.table, **values)
        self.endInsertRows()
        self._rows_shown = self.rowCount()
        self.edited.emit({f"{self.table}/{self.row_id(position)}"})
        return position

    def remove_row(self, row: int) -> None:
        row_id = self.row_id(row)
        self.beginRemoveRows(QModelIndex(), row, row)
        self.session.remove_row(self.table, row_id)
        self.endRemoveRows()
        self._rows_shown = self.rowCount()
        self.edited.emit({f"{self.table}/{row_id}"})

    def refresh_all(self) -> None:
        """Show the session's rows again: repaint in place, reset only if rows came or went."""
        if self._rows_shown != self.rowCount() or self.lang != i18n.current_language():
            self.reload()
            return
        self._labels.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def reload(self) -> None:
        self.beginResetModel()
        self.lang = i18n.current_language()
        self._labels.clear()
        self.endResetModel()
        self._rows_shown = self.rowCount()


class FieldModel(Protocol):
    """What ``FieldDelegate`` needs of a model: each column's FieldSpec and its choices
    (``SessionTableModel``, ``IncomeGridModel``)."""

    lang: str

    def spec(self, column: int) -> FieldSpec: ...

    def choices(self, spec: FieldSpec) -> list[tuple[str, str]]: ...

    def setData(self, index: Index, value: Any, role: int = ...) -> bool: ...


class FieldDelegate(QStyledItemDelegate):
    """Editors from the column's FieldSpec; text editors commit on every keystroke."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        model: FieldModel = index.model()  # type: ignore[assignment]
        assert hasattr(model, "spec") and hasattr(model, "choices")
        spec = model.spec(index.column())
        cell = QPersistentModelIndex(index)

        def live(value: Any) -> None:  # every keystroke goes to the session
            if cell.isValid():
                model.setData(cell, value)

        if spec.type is FieldType.CHOICE:
            combo = QComboBox(parent, objectName=spec.id)
            fw.fill_combo(combo, spec, model.lang, model.choices(spec))
            combo.currentIndexChanged.connect(lambda _i: live(combo.currentData()))
            return combo
        edit = DateEdit(parent=parent, objectName=spec.id) if spec.type is FieldType.DATE \
            else QLineEdit(parent, objectName=spec.id)
        edit.setPlaceholderText(fw.placeholder(spec))
        edit.textChanged.connect(live)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.blockSignals(True)  # showing the stored value is not an edit
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        elif isinstance(editor, QLineEdit) and editor.text() != str(value or ""):
            editor.setText(str(value or ""))
        editor.blockSignals(False)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
