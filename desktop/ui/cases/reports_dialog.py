"""Reports for a period, shown as tables and exported to Excel or PDF; the access journal.

Every export is written to the audit log (who, when, the period, the format and language):
the reports list applicants by name, and the access journal is in the access journal too.
The file is written first (``0600``); if its export cannot be logged (a full disk) it is
removed again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import Money
from desktop.i18n import _, current_language, render
from desktop.services import reports
from desktop.services.access_journal import Export, access_journal, record_export
from desktop.services.report_export import cell_text, to_pdf, to_xlsx
from desktop.services.workstation import acting_staff
from desktop.storage.database import Database, DatabaseError
from desktop.storage.private import write_private
from desktop.ui.date_edit import DateEdit
from desktop.ui.field_row import PROBLEM_STYLE
from desktop.ui.problems import file_problem


def _table_widget(table: reports.Table, lang: str) -> QTableWidget:
    """The table as the dialog shows it: counts and amounts to the right, as in a column of
    figures, the totals' line bold, no row numbers (the totals' line was numbered too)."""
    widget = QTableWidget(0, len(table.headers))
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.verticalHeader().setVisible(False)
    widget.setHorizontalHeaderLabels([render(h, lang) for h in table.headers])
    rows = [*table.rows, *((table.totals,) if table.totals else ())]
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(cell_text(value, lang))
            if isinstance(value, int | Money):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if table.totals and r == len(rows) - 1:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            widget.setItem(r, c, item)
    widget.resizeColumnsToContents()
    return widget


# the first day an application of a service with a queue could be registered (the 2015
# regulations of seed 002 came into force)
FIRST_REGISTRATION = dt.date(2015, 9, 22)


class ReportsDialog(QDialog):
    EXPORT = Export.REPORTS
    FILE_NAME = "komek-reports"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_dialog")
        self.db = db
        self.tables: list[reports.Table] = []
        self.period = (dt.date.today(), dt.date.today())
        self.setWindowTitle(self.title())
        today = dt.date.today()
        self.start = DateEdit(today.replace(day=1), objectName="reports_start")
        self.end = DateEdit(today, objectName="reports_end")
        self.problem = QLabel(objectName="reports_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.show_button = QPushButton(_("&Show"), objectName="reports_show")
        self.excel_button = QPushButton(_("Export to &Excel…"), objectName="reports_excel")
        self.pdf_button = QPushButton(_("Export to &PDF…"), objectName="reports_pdf")
        self.tabs = QTabWidget(objectName="reports_tabs")
        self.message = QLabel(objectName="reports_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        row = QHBoxLayout()
        for widget in (QLabel(_("Period from")), self.start, QLabel(_("to")), self.end,
                       self.show_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.excel_button)
        row.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        self.show_button.clicked.connect(self.build)
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.resize(900, 560)
        self.build()

    def title(self) -> str:
        return _("Reports")

    def tables_for(self, start: dt.date, end: dt.date) -> list[reports.Table]:
        return [reports.by_status_and_channel(self.db, start, end),
                reports.assignments_by_month(self.db, start, end),
                reports.overdue_steps(self.db, dt.date.today())]

    def build(self) -> None:
        start, end = self.start.value(), self.end.value()
        if start is None or end is None:  # the period typed stays, to be corrected
            self.problem.setText(_("Enter the dates as dd.mm.yyyy, for example 15.03.2019 or "
                                   "15032019."))
            return
        self.problem.clear()
        self.period = (start, end)
        self.tables = self.tables_for(start, end)
        lang = current_language()
        self.tabs.clear()
        for table in self.tables:
            self.tabs.addTab(_table_widget(table, lang), render(table.title, lang))

    def export(self, kind: str) -> None:
        lang = current_language()
        name = f"{self.FILE_NAME}-{dt.date.today().isoformat()}.{kind}"
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save as"), str(Path.home() / name),
            "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
        if target:
            self.write(Path(target), kind, lang)

    def write(self, path: Path, kind: str, lang: str) -> bool:
        """The tables shown, as a ``0600`` file, and the export in the audit log."""
        data = to_xlsx(self.tables, lang) if kind == "xlsx" else to_pdf(self.tables, lang)
        start, end = self.period
        try:
            write_private(path, data)
        except OSError as error:
            self.message.setText(file_problem(error))
            return False
        try:
            with self.db.session() as session:
                record_export(session, self.db, self.EXPORT, acting_staff(self.db),
                              file_format=kind, lang=lang, start=start, end=end)
        except DatabaseError as error:
            path.unlink(missing_ok=True)  # no export leaves the desk unrecorded
            self.message.setText(render(error.message))
            return False
        self.message.clear()
        return True


class WaitingRegistersDialog(ReportsDialog):
    """Who waits for what, per kind of aid (the disability services' queues), in the order
    of registration: asked of the district office every month, printed or sent as a file."""

    FILE_NAME = "komek-waiting-registers"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.setObjectName("waiting_registers_dialog")
        self.start.set_value(FIRST_REGISTRATION)  # the queue is everyone still waiting
        self.resize(1100, 600)
        self.build()

    def title(self) -> str:
        return _("Waiting registers")

    def tables_for(self, start: dt.date, end: dt.date) -> list[reports.Table]:
        return reports.waiting_registers(self.db, start, end)


class AccessJournalDialog(ReportsDialog):
    """Who opened, printed or exported a family's data in a period: the administrator's and
    the head's (``Permission.VIEW_ACCESS_JOURNAL``)."""

    EXPORT = Export.ACCESS_JOURNAL
    FILE_NAME = "komek-access-journal"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.setObjectName("access_journal_dialog")
        self.resize(1100, 600)  # five columns, a document's name among them

    def title(self) -> str:
        return _("Access journal")

    def tables_for(self, start: dt.date, end: dt.date) -> list[reports.Table]:
        return [access_journal(self.db, start, end)]
