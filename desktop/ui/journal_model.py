"""The applications journal as a lazily loaded table model over the database."""

from __future__ import annotations

import datetime as dt
import sys
from types import ModuleType
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus
from desktop.i18n import N_, _, current_language, format_date
from desktop.services.journal import SORT_COLUMNS, Journal, JournalRow
from desktop.ui.labels import channel_label, status_label

# (field of JournalRow, header msgid) in the order of the journal on paper.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("registration_number", N_("Registration number")),
    ("registered_on", N_("Date")),
    ("applicant_name", N_("Applicant")),
    ("iin", N_("IIN")),
    ("family_size", N_("Family size")),
    ("channel", N_("Channel")),
    ("status", N_("Status")),
    ("due_date", N_("Due date")),
    ("service", N_("Service")),
)
PAGE_SIZE = 200


def read_catalogue() -> ModuleType | None:
    """``desktop.catalog`` once its index has been read, else None: the catalogue is read
    once the window shows (``warm_catalogue``), never on its way up, and not even imported
    before the journal's first page."""
    catalog = sys.modules.get("desktop.catalog")
    if catalog is None or not catalog.catalogue_index.cache_info().currsize:
        return None
    return catalog


def service_name(code: str) -> str:
    """The service's name for the journal's column, in the interface language: nothing
    until the catalogue is read (a fraction of a second after the first page; a code such
    as ``unemployed_certificate`` is no word of either language), the code itself only for a
    service the catalogue does not know."""
    catalog = read_catalogue()
    if catalog is None:
        return ""
    try:
        return str(catalog.catalogue_index().get(code).short_title.text(current_language()))
    except (catalog.UnknownServiceError, catalog.CatalogueError):
        return code


def two_lines(text: str) -> str:
    """``text`` broken at the space nearest its middle (a header that does not fit its column:
    «Регистрационный номер» → two lines rather than cut at both ends)."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return text
    middle = len(text) / 2
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]
# A due date means nothing once the case is closed (delivered, withdrawn, terminated ...).
_NOT_DUE = frozenset(s.value for s in CLOSED_STATUSES | {CaseStatus.DRAFT})
OVERDUE = QColor("#b3261e")
DUE_TODAY = QColor("#8a5300")


class JournalModel(QAbstractTableModel):
    """Rows arrive a page at a time as the view scrolls (``canFetchMore``/``fetchMore``).

    Sorting and searching are done by the database on indexed columns, never in memory, so
    the model stays light with 100 000 applications.
    """

    def __init__(self, journal: Journal, today: dt.date | None = None) -> None:
        super().__init__()
        self._journal = journal
        self._rows: list[JournalRow] = []
        self._total = 0
        self._search = ""
        self._service: str | None = None  # the journal's filter: one service's applications
        self._sort = "registered_on"
        self._descending = True
        self._today = today
        self._wrapped: frozenset[int] = frozenset()
        self.reload()

    # --- queries ---------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many applications match the current search."""
        return self._total

    @property
    def journal(self) -> Journal:
        return self._journal

    @property
    def search_text(self) -> str:
        return self._search

    def set_search(self, text: str) -> None:
        text = text.strip()
        if text != self._search:
            self._search = text
            self.reload()

    @property
    def service(self) -> str | None:
        return self._service

    def set_service(self, code: str | None) -> None:
        """Only ``code``'s applications (None: every service's)."""
        if code != self._service:
            self._service = code
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._journal.count(self._search, self._service)
        self._rows = self._journal.page(0, PAGE_SIZE, self._search, self._sort, self._descending,
                                        self._service)
        self.endResetModel()

    def row_at(self, row: int) -> JournalRow:
        return self._rows[row]

    # --- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._journal.page(start, PAGE_SIZE, self._search, self._sort, self._descending,
                                  self._service)
        if not more:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def header_text(self, section: int) -> str:
        return _(COLUMNS[section][1])

    def set_wrapped_headers(self, sections: set[int]) -> None:
        """Headers too wide for their capped column are shown on two lines."""
        if sections != self._wrapped:
            self._wrapped = frozenset(sections)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.header_text(section)
            return two_lines(text) if section in self._wrapped else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_text(section)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        field = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display(row, field)
        if role == Qt.ItemDataRole.ForegroundRole and field == "due_date":
            return self._due_brush(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "family_size":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = COLUMNS[column][0]
        if field not in SORT_COLUMNS:
            return
        self._sort = field
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- helpers -----------------------------------------------------------------------

    @staticmethod
    def _display(row: JournalRow, field: str) -> str:
        value = getattr(row, field)
        if field == "channel":
            return channel_label(value, row.registered_on)
        if field == "status":  # in the service's words once the catalogue is read
            return status_label(value, row.service, warm_only=True, channel=row.channel)
        if field == "service":
            return service_name(value)
        if isinstance(value, dt.date):
            return format_date(value)
        return "" if value is None else str(value)

    def _due_brush(self, row: JournalRow) -> QBrush | None:
        if row.due_date is None or row.status in _NOT_DUE:
            return None
        today = self._today or dt.date.today()
        if row.due_date < today:
            return QBrush(OVERDUE)
        if row.due_date == today:
            return QBrush(DUE_TODAY)
        return None
