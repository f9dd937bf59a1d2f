"""Fields of a form page in a grid: label, editor, and the problem line under the editor.

The same section edits the session's values (application page) or one table row (the
selected family member): ``Binding`` says where a field's value and problems live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QSizePolicy, QWidget

from desktop import i18n
from desktop.domain.intake_session import IntakeSession
from desktop.formspec.model import FieldSpec, FieldType
from desktop.ui.field_row import FieldRow
from desktop.ui.wizard import field_widgets as fw


@dataclass
class Binding:
    """Where the section's values are: read, write (returns changed keys), problem key."""

    read: Callable[[FieldSpec], Any]
    write: Callable[[FieldSpec, Any], set[str]]
    key: Callable[[FieldSpec], str]


def session_binding(session: IntakeSession) -> Binding:
    return Binding(lambda spec: session.value(spec.id),
                   lambda spec, value: session.set_value(spec.id, value),
                   lambda spec: spec.id)


def wide(spec: FieldSpec, lang: str) -> bool:
    return (spec.type is FieldType.BOOL and len(spec.label.text(lang)) > 60) or spec.multiple


class FormSection(QWidget):
    """Signals: edited(set): keys changed by an edit in this section."""

    edited = Signal(object)

    def __init__(self, session: IntakeSession, specs: list[FieldSpec], binding: Binding,
                 columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.specs = specs
        self.binding = binding
        self.show_required = False
        self.lang = i18n.current_language()
        self.editors: dict[str, QWidget] = {}
        self.rows: dict[str, FieldRow] = {}
        self.labels: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for pair in range(columns):
            grid.setColumnStretch(pair * 2 + 1, 1)
        row = column = 0
        for spec in specs:
            editor = fw.make_editor(spec, self.lang)
            field_row = FieldRow(editor)
            label = QLabel(self._label_text(spec))
            label.setWordWrap(True)
            label.setBuddy(editor)
            label.setObjectName(f"{spec.id}_label")
            self.editors[spec.id], self.rows[spec.id], self.labels[spec.id] = (
                editor, field_row, label)
            if wide(spec, self.lang):
                if column:
                    row, column = row + 1, 0
                if isinstance(editor, QCheckBox):
                    label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Preferred)
                    # the text's first line beside its box, not centred below it
                    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                    grid.addWidget(field_row, row, 0, Qt.AlignmentFlag.AlignTop)
                    grid.addWidget(label, row, 1, 1, columns * 2 - 1)
                else:
                    grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
                    grid.addWidget(field_row, row, 1, 1, columns * 2 - 1)
                row += 1
                continue
            grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(field_row, row, column * 2 + 1)
            column += 1
            if column == columns:
                row, column = row + 1, 0
            for signal in fw.edited(editor):
                signal.connect(lambda *_a, s=spec: self._edited(s))
        for spec in specs:
            if wide(spec, self.lang):
                for signal in fw.edited(self.editors[spec.id]):
                    signal.connect(lambda *_a, s=spec: self._edited(s))
        self.refresh()

    def _label_text(self, spec: FieldSpec) -> str:
        text = spec.label.text(self.lang)
        # a no-break space: the "*" never wraps alone to the next line
        return f"{text}\u00a0*" if spec.required and spec.type is not FieldType.BOOL else text

    def _edited(self, spec: FieldSpec) -> None:
        if self.session.read_only:  # registered: show the stored value again
            fw.write(spec, self.editors[spec.id], self.binding.read(spec))
            return
        changed = self.binding.write(spec, fw.read(spec, self.editors[spec.id]))
        self.refresh(changed)
        self.edited.emit(changed)

    def refresh(self, keys: set[str] | None = None) -> None:
        """Show the session's values and problems (only ``keys`` when given)."""
        read_only = self.session.read_only
        for spec in self.specs:
            key = self.binding.key(spec)
            visible = self.session.visible(spec)
            self.rows[spec.id].setVisible(visible)
            self.labels[spec.id].setVisible(visible)
            if keys is not None and key not in keys and spec.visible_if not in keys:
                continue
            editor = self.editors[spec.id]
            if keys is None or key != self._focused_key():
                fw.write(spec, editor, self.binding.read(spec))
            if read_only:
                fw.set_read_only(editor, True)
            self.rows[spec.id].set_problem(self.message(key), warning=self.only_warnings(key))

    def _focused_key(self) -> str:
        focus = self.focusWidget()
        for spec in self.specs:
            if self.editors[spec.id] is focus:
                return self.binding.key(spec)
        return ""

    def message(self, key: str) -> str | None:
        problems = [p for p in self.session.problems.get(key, ())
                    if self.show_required or p.code != "required"]
        return "\n".join(i18n.render(p.message) for p in problems) or None

    def only_warnings(self, key: str) -> bool:
        """Whether what is shown at the field only warns (it stops nothing)."""
        problems = [p for p in self.session.problems.get(key, ())
                    if self.show_required or p.code != "required"]
        return bool(problems) and all(p.warning for p in problems)

    def set_show_required(self, show: bool) -> None:
        self.show_required = show
        self.refresh()
