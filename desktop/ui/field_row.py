"""A labelled input with its own problem line underneath, so a message sits at its field.

The line is kept for the message whether one is shown or not (one line of text, as wide as
the editor): a message appearing or going away moves no other field, up, down or sideways.
A message longer than the line is shortened with "…", its whole text in the tooltip of the
line and of the editor.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.ui.elided_label import ElidedLabel

PROBLEM_STYLE = "color: #b3261e;"
DONE_STYLE = "color: #1b5e20;"  # an action done: "registered: number …"
# a warning: said, but it does not stop anything (dark amber, readable on the window's grey)
WARNING_STYLE = "color: #7a4f00; background: #fff1c2;"


class ProblemLine(ElidedLabel):
    """One line kept under an editor for what is wrong with its value: hidden, it keeps its
    room; its text never widens the column (several messages are drawn on the one line)."""

    def __init__(self, objectName: str = "") -> None:
        super().__init__(objectName=objectName)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.hide()

    def shown_text(self) -> str:
        whole = " ".join(self.text().split("\n"))
        room = max(self.contentsRect().width() - 2 * self.margin(), 0)
        return self.fontMetrics().elidedText(whole, Qt.TextElideMode.ElideRight, room)

    def say(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)
        self.setVisible(bool(message))


class FieldRow(QWidget):
    """An editor and the line under it that says what is wrong with its value."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.label = QLabel()
        self.label.setBuddy(editor)
        self.problem = ProblemLine(objectName=f"{editor.objectName()}_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.problem)

    def set_problem(self, message: str | None, *, warning: bool = False) -> None:
        style = WARNING_STYLE if warning and message else PROBLEM_STYLE
        if self.problem.styleSheet() != style:  # a style sheet costs a re-polish: only on change
            self.problem.setStyleSheet(style)
        self.problem.say(message or "")
        self.editor.setProperty("invalid", bool(message))
        self.editor.setToolTip(message or "")

    @property
    def has_problem(self) -> bool:
        return self.problem.isVisibleTo(self) or bool(self.problem.text())
