"""The dashboard on the main window: counts, and a bar chart of the open cases by status."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.reports import Dashboard, dashboard
from desktop.storage.database import Database
from desktop.ui.labels import status_label

BAR = QColor("#3b6ea5")


class BarChart(QWidget):
    """Horizontal bars, one per status, drawn with QPainter (QtCharts is not in Essentials).

    Each status's name stands on its own line above its bar: beside the bar, in a dock a
    quarter of the screen wide, the long names were cut to the same first words
    ("Участковая комис…" twice)."""

    ROW = 32  # pixels per status: its name, then its bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_chart")
        self.bars: list[tuple[str, int]] = []
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, int]]) -> None:
        self.bars = bars
        self.setMinimumHeight(self.ROW * len(bars) + 8)
        self.setToolTip("\n".join(f"{text}: {count}" for text, count in bars))
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        top = max(n for _t, n in self.bars) or 1
        room = max(self.width() - 48, 10)
        line = metrics.height()
        for row, (text, count) in enumerate(self.bars):
            y = 4 + row * self.ROW
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, y, self.width(), line),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                self.width()))
            width = max(room * count / top, 2)
            painter.fillRect(QRectF(0, y + line + 2, width, 10), BAR)
            painter.drawText(QRectF(width + 4, y + line - 2, 44, 18),
                             int(Qt.AlignmentFlag.AlignVCenter), str(count))
        painter.end()


class _Counted(QObject):
    """Carries the counts from the thread that made them to the window's thread."""

    done = Signal(object)  # Dashboard, or None when they could not be counted


class DashboardWidget(QWidget):
    """Signals: counted_late(): the counts made in the background are shown (the dock that
    holds the widget is sized for them then: they came after the window's layout).

    The counts of the open cases, the month's decisions and the open cases by status.

    ``counted_later`` (the window's start): the first counts are made in a thread of their
    own, on a connection of their own, and shown when they are ready; at 100 000 applications
    they take over a second of SQLite's time, which the journal's search should not wait
    for. Every later :meth:`refresh` counts at once."""

    counted_late = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 counted_later: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.db = db
        self.data: Dashboard | None = None
        self.counts = {key: QLabel(objectName=f"dashboard_{key}")
                       for key in ("open", "overdue", "today", "assigned", "terminated")}
        # One a row: side by side, the two longest counts ("Assigned this month", "Terminated
        # this month") made the dock wide enough to push the journal's columns out of sight.
        row = QVBoxLayout()
        row.setSpacing(2)
        for label in self.counts.values():
            row.addWidget(label)
        self.chart = BarChart()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.chart)
        layout.addStretch(1)
        self._counting: threading.Thread | None = None
        if counted_later:
            self._count_in_background()
        else:
            self.refresh()

    def refresh(self) -> None:
        self.data = dashboard(self.db, dt.date.today())
        self.retranslate()

    def _count_in_background(self) -> None:
        counted = _Counted(self)
        counted.done.connect(self._counted)  # queued: delivered in the window's thread
        db, today = self.db, dt.date.today()

        def count() -> None:
            try:
                found: Dashboard | None = dashboard(db, today)
            except Exception:  # the database closed meanwhile, a full disk, ...: the counts
                found = None  # stay unsaid until the next refresh says them
            with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                counted.done.emit(found)

        self._counting = threading.Thread(target=count, name="dashboard counts", daemon=True)
        self._counting.start()

    def _counted(self, found: Dashboard | None) -> None:
        if found is not None and self.data is None:  # a refresh meanwhile is newer
            self.data = found
            self.retranslate()
            self.counted_late.emit()

    def wait_for_counts(self, timeout: float | None = None) -> None:
        """Until the counts made in the background are in (tests; closing the database)."""
        if self._counting is not None:
            self._counting.join(timeout)

    def retranslate(self) -> None:
        data = self.data
        if data is None:
            return
        self.counts["open"].setText(_("Open: {n}").format(n=data.open_cases))
        self.counts["overdue"].setText(_("Overdue: {n}").format(n=data.overdue))
        self.counts["overdue"].setStyleSheet("color: #b3261e;" if data.overdue else "")
        self.counts["today"].setText(_("Due today: {n}").format(n=data.due_today))
        self.counts["assigned"].setText(_("Assigned this month: {n}").format(
            n=data.assigned_this_month))
        self.counts["terminated"].setText(_("Terminated this month: {n}").format(
            n=data.terminated_this_month))
        self.chart.set_bars([(status_label(s), n) for s, n in data.by_status])
