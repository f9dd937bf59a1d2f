"""My work today: the cases waiting for a step this user may take, overdue and due today first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _, format_date, format_datetime
from desktop.services.accounts import CurrentUser
from desktop.services.case_queries import WorkItem, my_work
from desktop.services.cases import CaseService
from desktop.ui.journal_model import DUE_TODAY, OVERDUE
from desktop.ui.labels import action_label, status_label


class MyWorkView(QWidget):
    """Signals: open_requested(str): open the case of this application."""

    open_requested = Signal(str)

    def __init__(self, cases: CaseService, user: CurrentUser,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("my_work")
        self.cases, self.user = cases, user
        self.items: list[WorkItem] = []
        self.summary = QLabel(objectName="my_work_summary")
        self.table = QTableWidget(0, 5, objectName="my_work_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(
            lambda row, _col: self.open_requested.emit(self.items[row].application_id))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        self.items = my_work(self.cases.db, self.user, parameters=self.cases.parameters)
        today, now = self.cases.today(), self.cases.clock()
        self.table.setRowCount(len(self.items))
        late = [item.due_at < now if item.due_at else item.overdue(today) for item in self.items]
        for row, item in enumerate(self.items):
            # a step of minutes (a certificate) is due at a time; the rest on a day
            due = format_datetime(item.due_at.astimezone()) if item.due_at \
                else format_date(item.due)
            values = (due, item.registration_number, item.applicant_name,
                      status_label(item.status, item.service, channel=item.channel or None),
                      ", ".join(action_label(a, item.service) for a in item.actions))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if column == 0 and late[row]:
                    cell.setForeground(QBrush(OVERDUE))
                elif column == 0 and item.due_today(today):
                    cell.setForeground(QBrush(DUE_TODAY))
                self.table.setItem(row, column, cell)
        overdue = sum(late)
        due_today = sum(item.due_today(today) for item in self.items)
        self.summary.setText(_("Waiting for you: {total}; overdue: {overdue}; due today: "
                               "{today}").format(total=len(self.items), overdue=overdue,
                                                 today=due_today))
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Step due"), _("Registration number"),
                                              _("Applicant"), _("Status"), _("What to do")])
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The number, the name and the status in full, each column at least as wide as its
        title in the language shown (measured again after a switch); what to do takes the
        rest."""
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 260))
        self.table.setColumnWidth(3, min(self.table.columnWidth(3), 220))
