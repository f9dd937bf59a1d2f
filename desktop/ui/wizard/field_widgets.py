"""One input widget per FieldSpec: the widget's objectName is the field id.

``make_editor`` builds it, ``read`` and ``write`` move a value between widget and session
(as the session keeps it: text as typed, choice ids, ticks, lists of ids), ``edited`` is the
signal that fires on every keystroke or pick.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLineEdit,
    QWidget,
)

from desktop import i18n
from desktop.formspec.model import Entry, FieldSpec, FieldType
from desktop.ui.date_edit import DateEdit

NUMERIC = (FieldType.MONEY, FieldType.INTEGER, FieldType.DECIMAL)


class MultiChoice(QWidget):
    """A set of choice ids as check boxes in two columns (member statuses)."""

    def __init__(self, spec: FieldSpec, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        for index, choice in enumerate(spec.choices):
            box = QCheckBox(choice.label.text(lang), objectName=f"{spec.id}_{choice.id}")
            self.boxes[choice.id] = box
            grid.addWidget(box, index // 2, index % 2)

    def value(self) -> list[str]:
        return [cid for cid, box in self.boxes.items() if box.isChecked()]

    def set_value(self, ids: list[str]) -> None:
        for cid, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(cid in set(ids or ()))
            box.blockSignals(False)


def placeholder(spec: FieldSpec) -> str:
    if spec.type is FieldType.DATE:
        return i18n._("dd.mm.yyyy")
    if spec.type is FieldType.IIN:
        return i18n._("12 digits")
    if spec.type is FieldType.IBAN:
        return "KZ…"
    return ""


def fill_combo(combo: QComboBox, spec: FieldSpec, lang: str,
               choices: list[tuple[str, str]] | None = None) -> None:
    """Items of a choice field: an empty item, then the choices (id as item data)."""
    combo.blockSignals(True)
    current = combo.currentData()
    combo.clear()
    combo.addItem("—", None)
    for cid, label in choices if choices is not None else [
            (c.id, c.label.text(lang)) for c in spec.choices]:
        combo.addItem(label, cid)
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def make_editor(spec: FieldSpec, lang: str, parent: QWidget | None = None) -> QWidget:
    """The widget for ``spec`` (read-only when the program fills it)."""
    widget: QWidget
    if spec.type is FieldType.BOOL:
        widget = QCheckBox(parent)
    elif spec.type is FieldType.CHOICE and spec.multiple:
        widget = MultiChoice(spec, lang, parent)
    elif spec.type is FieldType.CHOICE:
        combo = QComboBox(parent)
        fill_combo(combo, spec, lang)
        widget = combo
    elif spec.type is FieldType.DATE:
        widget = DateEdit(parent=parent)
    else:
        edit = QLineEdit(parent)
        edit.setPlaceholderText(placeholder(spec))
        if spec.validation.max_length:
            edit.setMaxLength(spec.validation.max_length + 4)
        widget = edit
    widget.setObjectName(spec.id)
    if spec.entry is not Entry.INPUT:
        set_read_only(widget, True)
        # filled by the program (a birth date read from the IIN): Tab does not stop here
        widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    help_text = spec.help.text(lang) if spec.help else ""
    if help_text:
        widget.setToolTip(help_text)
        widget.setWhatsThis(help_text)
    return widget


def set_read_only(widget: QWidget, read_only: bool) -> None:
    if isinstance(widget, QLineEdit):
        widget.setReadOnly(read_only)
    else:
        widget.setEnabled(not read_only)


def read(spec: FieldSpec, widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, MultiChoice):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def write(spec: FieldSpec, widget: QWidget, value: Any) -> None:
    """Show ``value`` without firing ``edited``."""
    widget.blockSignals(True)
    try:
        if isinstance(widget, QCheckBox):
            widget.setChecked(value is True)
        elif isinstance(widget, MultiChoice):
            widget.set_value(list(value or []))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value), 0))
        elif isinstance(widget, QLineEdit) and widget.text() != str(value or ""):
            widget.setText(str(value or ""))
    finally:
        widget.blockSignals(False)


def edited(widget: QWidget) -> list[SignalInstance]:
    if isinstance(widget, QCheckBox):
        return [widget.toggled]
    if isinstance(widget, MultiChoice):
        return [box.toggled for box in widget.boxes.values()]
    if isinstance(widget, QComboBox):
        return [widget.currentIndexChanged]
    assert isinstance(widget, QLineEdit)
    return [widget.textChanged]  # typed or pasted; ``write`` blocks it for the program's own


def display(spec: FieldSpec, value: Any, lang: str) -> str:
    """A value as a table cell shows it (choice labels in the current language)."""
    if spec.type is FieldType.CHOICE:
        ids = value if isinstance(value, list) else [value]
        labels = [c.label.text(lang) for cid in ids for c in spec.choices if c.id == cid]
        # run-time choices (a maslikhat decision's categories) are not in the form: their id
        return ", ".join(labels) or ", ".join(str(cid) for cid in ids if cid)
    if spec.type is FieldType.BOOL:
        return ""
    return "" if value is None else str(value)
