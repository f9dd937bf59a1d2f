"""Reports for a period, shown as tables and exported to Excel or PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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

from desktop.i18n import _, current_language, render
from desktop.services import reports
from desktop.services.report_export import cell_text, to_pdf, to_xlsx
from desktop.storage.database import Database
from desktop.ui.date_edit import DateEdit
from desktop.ui.field_row import PROBLEM_STYLE


def _table_widget(table: reports.Table, lang: str) -> QTableWidget:
    widget = QTableWidget(0, len(table.headers))
    widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    widget.setHorizontalHeaderLabels([render(h, lang) for h in table.headers])
    rows = [*table.rows, *((table.totals,) if table.totals else ())]
    widget.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            widget.setItem(r, c, QTableWidgetItem(cell_text(value, lang)))
    widget.resizeColumnsToContents()
    return widget


class ReportsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reports_dialog")
        self.db = db
        self.tables: list[reports.Table] = []
        self.setWindowTitle(_("Reports"))
        today = dt.date.today()
        self.start = DateEdit(today.replace(day=1), objectName="reports_start")
        self.end = DateEdit(today, objectName="reports_end")
        self.problem = QLabel(objectName="reports_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.show_button = QPushButton(_("&Show"), objectName="reports_show")
        self.excel_button = QPushButton(_("Export to &Excel…"), objectName="reports_excel")
        self.pdf_button = QPushButton(_("Export to &PDF…"), objectName="reports_pdf")
        self.tabs = QTabWidget(objectName="reports_tabs")
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
        self.show_button.clicked.connect(self.build)
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.resize(900, 560)
        self.build()

    def build(self) -> None:
        start, end = self.start.value(), self.end.value()
        if start is None or end is None:  # the period typed stays, to be corrected
            self.problem.setText(_("Enter the dates as dd.mm.yyyy, for example 15.03.2019 or "
                                   "15032019."))
            return
        self.problem.clear()
        self.tables = [reports.by_status_and_channel(self.db, start, end),
                       reports.assignments_by_month(self.db, start, end),
                       reports.overdue_steps(self.db, dt.date.today())]
        lang = current_language()
        self.tabs.clear()
        for table in self.tables:
            self.tabs.addTab(_table_widget(table, lang), render(table.title, lang))

    def export(self, kind: str) -> None:
        lang = current_language()
        name = f"komek-reports-{dt.date.today().isoformat()}.{kind}"
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Save as"), str(Path.home() / name),
            "Excel (*.xlsx)" if kind == "xlsx" else "PDF (*.pdf)")
        if target:
            self.write(Path(target), kind, lang)

    def write(self, path: Path, kind: str, lang: str) -> None:
        data = to_xlsx(self.tables, lang) if kind == "xlsx" else to_pdf(self.tables, lang)
        path.write_bytes(data)
