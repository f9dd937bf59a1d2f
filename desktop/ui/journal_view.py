"""The applications journal (журнал учета заявлений): search field, table, empty state."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language, format_count, ngettext
from desktop.services.journal import Journal, SearchKind, search_kind
from desktop.ui.journal_model import COLUMNS, JournalModel, read_catalogue

SEARCH_DELAY_MS = 120
# Rows read to fit the columns to their text: more than a screen shows, a quarter of a page.
FIT_ROWS = 50
# Widest a column may start (px): long channel and status names are elided, not scrolled to.
COLUMN_CAPS = {"registration_number": 175, "applicant_name": 205, "family_size": 90,
               "channel": 125, "status": 160, "service": 220}
# When the service column is shown it takes what is left of the width (the last section
# stretches); to leave it at least SERVICE_ROOM px, these columns give width up, in this
# order, down to these widths (px: their text still fits on two lines). The family's size,
# a digit or two under a two-line header («Отбасы, / адам»), gives way first: with it
# whole, АСП's name, most rows' («Адресная социальная / помощь (АСП)»), took three lines
# in a two-line row and was cut.
SERVICE_ROOM = 150
GIVES_WAY = (("family_size", 72), ("applicant_name", 160), ("channel", 105), ("status", 140),
             ("due_date", 90), ("registered_on", 85))


class JournalView(QWidget):
    """Signals:
    demo_requested(): the user asked to fill an empty journal with demo families.
    open_requested(str): open this application (Enter on a full registration number or a
        scanned coupon QR code that matches exactly one application).
    row_menu_requested(str, QPoint): context menu on the row of this application, at the
        global position.
    """

    demo_requested = Signal()
    open_requested = Signal(str)
    row_menu_requested = Signal(str, QPoint)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = JournalModel(journal)

        self.search_edit = QLineEdit(objectName="journal_search")
        self.search_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(objectName="journal_count")
        self.service_filter = QComboBox(objectName="journal_service")
        # room for "Барлық көрсетілетін қызметтер" / "Все услуги" and most services' short
        # titles (a combo box cuts its text without "…"; its list shows them whole)
        self.service_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.service_filter.setMinimumContentsLength(30)
        self.service_filter.currentIndexChanged.connect(self._service_chosen)
        self.table = QTableView(objectName="journal_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)

        self.empty_title = QLabel(objectName="journal_empty_title")
        self.empty_text = QLabel(objectName="journal_empty_text")
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.empty_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.empty_title.setFont(font)
        self.demo_button = QPushButton(objectName="journal_demo_button")
        self.demo_button.clicked.connect(self.demo_requested)
        self.no_match_label = QLabel(objectName="journal_no_match")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)

        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_text)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.demo_button)
        button_row.addStretch(1)
        empty_layout.addLayout(button_row)
        empty_layout.addStretch(2)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty)
        self.stack.addWidget(self.no_match_label)

        top = QHBoxLayout()
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search_edit)
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.service_filter)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._enter_pressed)
        self.model.modelReset.connect(self._update_state)
        self.model.rowsInserted.connect(self._update_state)
        self._natural: list[int] = []  # each column's width fitted to its text, capped
        self.retranslate()
        self._place_service_column()
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._natural:
            self._share_width()

    def fill_services(self) -> None:
        """Every service, АСП's first, in the interface language; the choice is kept."""
        lang = current_language()
        self.service_filter.blockSignals(True)
        self.service_filter.clear()
        self.service_filter.addItem(_("All services"), None)
        services = []
        catalog = read_catalogue()  # None until read, after the window shows
        if catalog is not None:
            with contextlib.suppress(catalog.CatalogueError):
                services = [s for s in catalog.catalogue_index() if s.takes_applications]
        for service in services:
            self.service_filter.addItem(service.short_title.text(lang), service.code)
        at = self.service_filter.findData(self.model.service)
        self.service_filter.setCurrentIndex(max(at, 0))
        self.service_filter.blockSignals(False)

    def _service_chosen(self, _index: int) -> None:
        self.model.set_service(self.service_filter.currentData())
        self.show_service_column()

    def show_service_column(self) -> None:
        """Show or hide the service column (:meth:`_place_service_column`) and share the
        fitted widths again."""
        self._place_service_column()
        if self._natural:
            self._share_width()

    def _place_service_column(self) -> None:
        """The service column is shown when the journal mixes services and no filter picks
        one: a desk that takes АСП alone keeps its eight columns on a 1366 px screen."""
        column = [field for field, _msgid in COLUMNS].index("service")
        self.table.setColumnHidden(column, self.model.service is not None
                                   or not self.model.journal.mixes_services())

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search_edit.text())

    def _enter_pressed(self) -> None:
        """Enter after a full registration number (typed, or a coupon's QR code read by a
        keyboard-wedge scanner) opens that application when exactly one matches."""
        self._apply_search()
        found = self.model.journal.exact_number_match(self.search_edit.text())
        if found is not None:
            self.search_edit.selectAll()  # the next scan replaces it
            self.open_requested.emit(found)

    def selected_application_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row()).application_id

    def _row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        self.row_menu_requested.emit(self.model.row_at(index.row()).application_id,
                                     self.table.viewport().mapToGlobal(position))

    def refresh(self) -> None:
        self.model.reload()
        self._place_service_column()
        self._fit_columns()  # fits and shares the widths once

    def _fit_columns(self) -> None:
        """Fit the columns to their text, capped so that all eight fit a 1366 px screen
        beside the side docks; a cut channel or status shows whole in its tooltip."""
        self.model.set_wrapped_headers(set())  # each column first as wide as its header
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        self._natural = [min(max(header.sectionSize(column), 80), COLUMN_CAPS.get(field, 320))
                         for column, (field, _msgid) in enumerate(COLUMNS)]
        self._share_width()

    def _share_width(self) -> None:
        """The fitted widths, given up where the service column would not have room
        (``GIVES_WAY``): nine columns fit beside the docks at 1366 px, none past the edge."""
        header = self.table.horizontalHeader()
        fields = [field for field, _msgid in COLUMNS]
        widths = list(self._natural)
        service = fields.index("service")
        if not self.table.isColumnHidden(service):
            others = sum(width for column, width in enumerate(widths)
                         if column != service and not self.table.isColumnHidden(column))
            short = others + SERVICE_ROOM - self.table.viewport().width()
            for field, narrowest in GIVES_WAY:
                if short <= 0:
                    break
                column = fields.index(field)
                given = max(min(short, widths[column] - narrowest), 0)
                widths[column] -= given
                short -= given
        shown = [column for column in range(len(widths)) if not self.table.isColumnHidden(column)]
        for column in shown[:-1]:  # the last one shown stretches to what is left
            header.resizeSection(column, widths[column])
        self._fit_headers()

    def _fit_headers(self) -> None:
        """Headers wider than their column go on two lines (both languages' terms are long)."""
        header = self.table.horizontalHeader()
        style = header.style()
        room = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + \
            style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize)
        metrics = header.fontMetrics()
        self.model.set_wrapped_headers({
            column for column in range(len(COLUMNS))
            if metrics.horizontalAdvance(self.model.header_text(column)) + room >
            header.sectionSize(column)})

    def _update_state(self) -> None:
        total = self.model.total
        if total:
            self.stack.setCurrentIndex(0)
        elif self.model.search_text:
            self.no_match_label.setText(nothing_found(self.model.search_text))
            self.stack.setCurrentIndex(2)
        else:
            self.stack.setCurrentIndex(1)
        self.count_label.setText(ngettext("{n} application", "{n} applications", total)
                                 .format(n=format_count(total)))

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search_edit.setPlaceholderText(_("IIN, surname or registration number"))
        self.empty_title.setText(_("The applications journal is empty"))
        self.empty_text.setText(
            _("Applications registered at this workstation will appear here, newest first. "
              "To take the first application, choose File → New application (Ctrl+N). "
              "To look around before the first family comes in, fill the journal with "
              "generated demo families; they are not real people.")
        )
        self.demo_button.setText(_("Fill with demo data"))
        self.service_filter.setToolTip(_("Show the applications of one service"))
        self.fill_services()
        self.model.retranslate()
        self._fit_headers()
        self._update_state()


def nothing_found(search: str) -> str:
    """The empty result of a search: what was searched, and where it was looked for."""
    kind = search_kind(search)
    where = {
        SearchKind.IIN: _("IINs and registration numbers were searched from their first "
                          "digits."),
        SearchKind.NUMBER: _("Registration numbers were searched from their beginning."),
        SearchKind.NAME: _("Applicants' names were searched from the surname, in either "
                           "spelling (і or и, ә or а, қ or к, ұ or ү or у, ғ or г, ң or н, "
                           "ө or о, һ or х)."),
    }.get(kind, "")
    return "\n".join(line for line in (
        _("Nothing found for “{search}”.").format(search=search.strip()), where) if line)
