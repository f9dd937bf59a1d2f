"""A label that shortens its text with "…" to the width it is given, the whole text on hover.

The status bar of a 1366 px screen cannot show an office's full name, the operator, the file,
the key's note and the sync state side by side: each gives way instead of being cut mid-letter,
and a kept suffix (the office's code) is never shortened.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

SHORTEST = 80  # px: below this a label says too little to be worth its place


class ElidedLabel(QLabel):
    def __init__(self, parent: QWidget | None = None, *, objectName: str = "") -> None:
        super().__init__(parent)
        if objectName:
            self.setObjectName(objectName)
        self._whole = ""
        self._kept = ""
        self._hint = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_whole_text(self, text: str, *, kept: str = "", hint: str = "") -> None:
        """Show ``text`` followed by ``kept`` (never shortened); ``hint`` is the tooltip
        (``text`` when empty)."""
        self._whole, self._kept, self._hint = text, kept, hint
        self.updateGeometry()
        self._fit()

    def setText(self, text: str) -> None:
        self.set_whole_text(text)

    def whole_text(self) -> str:
        return self._whole + self._kept

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        width = self.fontMetrics().horizontalAdvance(self.whole_text())
        return QSize(width + 2 * self.margin() + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(min(SHORTEST, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = max(self.contentsRect().width() - 2 * self.margin()
                   - metrics.horizontalAdvance(self._kept), 0)
        shown = metrics.elidedText(self._whole, Qt.TextElideMode.ElideRight, room)
        super().setText(shown + self._kept)
        if self._hint:
            self.setToolTip(self._hint)
        elif shown != self._whole:
            self.setToolTip(self._whole)
