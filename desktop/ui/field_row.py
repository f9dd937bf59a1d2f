"""A labelled input with its own problem line underneath, so a message sits at its field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

PROBLEM_STYLE = "color: #b3261e;"
DONE_STYLE = "color: #1b5e20;"  # an action done: "registered: number …"
# a warning: said, but it does not stop anything (dark amber, readable on the window's grey)
WARNING_STYLE = "color: #7a4f00; background: #fff1c2;"


class FieldRow(QWidget):
    """An editor and the line under it that says what is wrong with its value."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.label = QLabel()
        self.label.setBuddy(editor)
        self.problem = QLabel(objectName=f"{editor.objectName()}_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.problem)

    def set_problem(self, message: str | None, *, warning: bool = False) -> None:
        style = WARNING_STYLE if warning and message else PROBLEM_STYLE
        if self.problem.styleSheet() != style:  # a style sheet costs a re-polish: only on change
            self.problem.setStyleSheet(style)
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message))
        self.editor.setToolTip(message or "")

    @property
    def has_problem(self) -> bool:
        return self.problem.isVisibleTo(self) or bool(self.problem.text())
