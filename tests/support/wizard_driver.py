"""Drive the wizard like the desk does: type into fields and cells, tick, press buttons.

``keyClicks`` can type only ASCII, so Kazakh and Russian text goes in with ``setText`` (which
fires the same signal as typing); digits and Latin are typed key by key.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from desktop.ui.wizard.wizard_window import WizardWindow


def type_text(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setText(text)


def field(wizard: WizardWindow, field_id: str) -> QWidget:
    widget = wizard.current_page().findChild(QWidget, field_id)
    assert widget is not None, field_id
    return widget


def fill(qtbot, wizard: WizardWindow, values: dict[str, object]) -> None:
    for field_id, value in values.items():
        widget = field(wizard, field_id)
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        else:
            assert isinstance(widget, QLineEdit)
            type_text(qtbot, widget, str(value))


def type_cell(qtbot, view, row: int, column_id: str, value: str) -> None:
    """Open the cell's editor as a keystroke would, type, and press Enter to commit."""
    model = view.model()
    column = [model.spec(c).id for c in range(model.columnCount())].index(column_id)
    index = model.index(row, column)
    view.setFocus()
    view.setCurrentIndex(index)  # moving to a cell opens its editor, as in the desk's use
    if view.state() != QAbstractItemView.State.EditingState:
        view.edit(index)
    editor = next((w for w in view.findChildren(QWidget, column_id) if w.isVisible()), None)
    assert editor is not None, (column_id, row)
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(value))
    else:
        type_text(qtbot, editor, value)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits and closes on a queued call


def tick(view, row: int, column_id: str, checked: bool = True) -> None:
    model = view.model()
    column = [spec.id for spec in model.columns].index(column_id)
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    model.setData(model.index(row, column), state.value, Qt.ItemDataRole.CheckStateRole)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def new_wizard(qtbot, window, code: str = "asp") -> WizardWindow:
    """Ctrl+N, Enter on the service in the chooser (АСП unless said): its wizard, active."""
    from tests.support.chooser_driver import new_wizard as through_chooser

    wizard = through_chooser(qtbot, window, code)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard, timeout=2000)
    return wizard
