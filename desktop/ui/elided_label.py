"""A label that shortens its text with "…" to the width it is given, the whole text on hover.

The status bar of a 1366 px screen cannot show an office's full name, the operator, the file,
the key's note and the sync state side by side: each gives way instead of being cut mid-letter,
and a kept suffix (the office's code) is never shortened. ``text()`` stays the whole text; what
is drawn is ``shown_text()``.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget

SHORTEST = 80  # px: below this a label says too little to be worth its place


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self._kept = ""
        self._hint = ""
        self._short = ""

    def set_short_form(self, text: str) -> None:
        """What is shown in place of the text when that does not fit (a person's surname and
        initials: "Operator: Te…" named nobody); the label never gives way below it."""
        self._short = text
        self.updateGeometry()

    def set_whole_text(self, text: str, *, kept: str = "", hint: str = "") -> None:
        """Show ``text`` followed by ``kept`` (never shortened); ``hint`` is the tooltip."""
        self._kept, self._hint = kept, hint
        super().setText(text + kept)
        if hint:
            self.setToolTip(hint)

    def shown_text(self) -> str:
        """The text as drawn at the label's present width."""
        whole = self.text()
        head = whole[:len(whole) - len(self._kept)] if self._kept else whole
        metrics = self.fontMetrics()
        room = max(self.contentsRect().width() - 2 * self.margin()
                   - metrics.horizontalAdvance(self._kept), 0)
        shown = metrics.elidedText(head, Qt.TextElideMode.ElideRight, room)
        if shown != head and self._short and metrics.horizontalAdvance(self._short) <= room:
            return self._short + self._kept
        return shown + self._kept

    def minimumSizeHint(self) -> QSize:
        shortest = max(SHORTEST, self.fontMetrics().horizontalAdvance(self._short)
                       + 2 * self.margin() + 4) if self._short else SHORTEST
        return QSize(min(shortest, self.sizeHint().width()), super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        if not self._hint and self.toolTip() != self.text():
            self.setToolTip(self.text())
        painter = QPainter(self)
        rect = self.contentsRect().adjusted(self.margin(), 0, -self.margin(), 0)
        flags = int(self.alignment() | Qt.AlignmentFlag.AlignVCenter)
        self.style().drawItemText(painter, rect, flags, self.palette(), self.isEnabled(), shown,
                                  QPalette.ColorRole.WindowText)
