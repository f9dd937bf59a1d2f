"""Home care of a case (services.md §17): the care worker assigned, and the visits recorded.

Opened from the case window of a home care case. The specialist assigns the care worker (from
a day, not before the documents were arranged) and records each visit: its day, its hours and
what was done. Each problem is said under its field in the user's language and nothing typed
is lost; a visit recorded empties the fields for the next one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.home_care import CareAssignment, CareVisit, minutes_from_hours
from desktop.domain.text import Text
from desktop.i18n import _, format_date, render
from desktop.services import home_care
from desktop.services.accounts import CurrentUser
from desktop.storage.database import Database, DatabaseError
from desktop.ui.date_edit import DateEdit
from desktop.ui.field_row import DONE_STYLE, PROBLEM_STYLE

DATE_FORMAT = Text("Enter the date as dd.mm.yyyy, for example 15.03.2019 or 15032019.")


def hours_text(minutes: int) -> str:
    """Minutes as the hours the desk types: 90 -> "1,5"."""
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.01")).normalize()
    return format(hours, "f").replace(".", ",")


class HomeCareDialog(QDialog):
    def __init__(self, db: Database, user: CurrentUser, application_id: str, title: str,
                 today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_care_dialog")
        self.db, self.user, self.application_id, self.today = db, user, application_id, today
        self.setWindowTitle(_("Home care: {case}").format(case=title))
        self.problems: dict[str, QLabel] = {}
        self.term = QLabel(objectName="home_care_term")
        self.term.setWordWrap(True)
        self.current = QLabel(objectName="home_care_current")
        self.current.setWordWrap(True)
        self.worker = QLineEdit(objectName="home_care_worker")
        self.worker.setMaxLength(300)
        self.assigned_on = DateEdit(today, objectName="home_care_assigned_on")
        self.note = QLineEdit(objectName="home_care_note")
        self.note.setMaxLength(1000)
        self.assign_button = QPushButton(_("&Assign the care worker"),
                                         objectName="home_care_assign")
        worker_box = QGroupBox(_("Care worker"))
        worker_form = QFormLayout(worker_box)
        worker_form.addRow(self.current)
        worker_form.addRow(_("Surname, name and patronymic") + " *",
                           self._with_problem(self.worker, "worker"))
        worker_form.addRow(_("Date of the assignment") + " *",
                           self._with_problem(self.assigned_on, "assigned_on"))
        worker_form.addRow(_("Note"), self._with_problem(self.note, "note"))
        worker_form.addRow("", self.assign_button)

        self.table = QTableWidget(0, 4, objectName="home_care_visits")
        self.table.setHorizontalHeaderLabels([_("Date"), _("Hours"), _("What was done"),
                                              _("Care worker")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(3, 220)
        self.total = QLabel(objectName="home_care_total")
        self.visit_date = DateEdit(today, objectName="home_care_visit_date")
        self.hours = QLineEdit(objectName="home_care_visit_hours")
        self.hours.setPlaceholderText(_("for example 1,5"))
        self.hours.setMaxLength(8)
        self.done = QLineEdit(objectName="home_care_visit_done")
        self.done.setMaxLength(1000)
        self.visit_button = QPushButton(_("&Record the visit"), objectName="home_care_add_visit")
        visits_box = QGroupBox(_("Visits"))
        visits = QVBoxLayout(visits_box)
        visits.addWidget(self.table, 1)
        visits.addWidget(self.total)
        visit_form = QFormLayout()
        visit_form.addRow(_("Date of the visit") + " *",
                          self._with_problem(self.visit_date, "day"))
        visit_form.addRow(_("Hours") + " *", self._with_problem(self.hours, "hours"))
        visit_form.addRow(_("What was done") + " *", self._with_problem(self.done, "done"))
        visit_form.addRow("", self.visit_button)
        visits.addLayout(visit_form)

        self.message = QLabel(objectName="home_care_message")
        self.message.setWordWrap(True)
        close = QPushButton(_("Close"), objectName="home_care_close")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.term)
        layout.addWidget(worker_box)
        layout.addWidget(visits_box, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for button in (self.assign_button, self.visit_button, close):
            button.setAutoDefault(False)  # Enter in a field takes that field's own action
        self.assign_button.clicked.connect(self.assign)
        self.worker.returnPressed.connect(self.assign)
        self.visit_button.clicked.connect(self.record_visit)
        self.done.returnPressed.connect(self.record_visit)
        close.clicked.connect(self.accept)
        self.resize(820, 680)
        self.reload()

    def _with_problem(self, field: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(field)
        label = QLabel(objectName=f"home_care_problem_{key}")
        label.setWordWrap(True)
        label.setStyleSheet(PROBLEM_STYLE)
        label.hide()
        column.addWidget(label)
        self.problems[key] = label
        return box

    def reload(self) -> None:
        care = home_care.home_care_of(self.db, self.application_id)
        if care.decided_on is None:
            self.term.setText(_("The documents of this case are not arranged yet: a care worker "
                                "is assigned after the head's decision."))
        elif care.term is not None:
            self.term.setText(_("Term of the special social services: {start} – {end}.").format(
                start=format_date(care.term[0]), end=format_date(care.term[1])))
        else:
            self.term.setText(_("The documents were arranged on {date}.").format(
                date=format_date(care.decided_on)))
        enabled = care.decided_on is not None
        for widget in (self.assign_button, self.visit_button):
            widget.setEnabled(enabled)
        self.current.setText(
            _("Assigned: {worker}, from {date}.").format(
                worker=care.assignment.worker, date=format_date(care.assignment.assigned_on))
            if care.assignment else _("No care worker is assigned yet."))
        self.table.setRowCount(len(care.visits))
        for row, recorded in enumerate(care.visits):
            visit = recorded.visit
            for column, text in enumerate((format_date(visit.day), hours_text(visit.minutes),
                                           visit.done, recorded.worker)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.total.setText(_("Visits: {count}, hours in all: {hours}").format(
            count=len(care.visits), hours=hours_text(care.minutes)))

    # --- assign, record --------------------------------------------------------------------

    def _clear(self) -> None:
        for label in self.problems.values():
            label.clear()
            label.hide()
        self.message.clear()

    def _show(self, problems: dict[str, Text]) -> None:
        general = []
        for key, message in problems.items():
            label = self.problems.get(key)
            if label is not None:
                label.setText(render(message))
                label.show()
            else:
                general.append(render(message))
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.setText("\n".join(general))
        focus = next((k for k in problems if k in self.problems), None)
        if focus is not None:
            field = self.problems[focus].parentWidget().layout().itemAt(0).widget()
            field.setFocus()

    def _done(self, text: str) -> None:
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(text)

    def assign(self) -> bool:
        self._clear()
        self.assigned_on.tidy()
        day = self.assigned_on.value()
        if day is None:
            self._show({"assigned_on": DATE_FORMAT})
            return False
        assignment = CareAssignment(self.worker.text(), day, self.note.text())
        if not self._write(lambda: home_care.assign_care_worker(
                self.db, self.user, self.application_id, assignment, self.today)):
            return False
        self.reload()
        self._done(_("The care worker is assigned: {worker}.").format(
            worker=" ".join(assignment.worker.split())))
        self.worker.clear()
        self.note.clear()
        return True

    def record_visit(self) -> bool:
        self._clear()
        self.visit_date.tidy()
        problems: dict[str, Text] = {}
        day = self.visit_date.value()
        if day is None:
            problems["day"] = DATE_FORMAT
        minutes = minutes_from_hours(self.hours.text())
        if minutes is None:
            problems["hours"] = Text("Enter the hours as a number, for example 2 or 1,5.")
        if problems:
            self._show(problems)
            return False
        assert day is not None and minutes is not None
        visit = CareVisit(day, minutes, self.done.text())
        if not self._write(lambda: home_care.record_visit(
                self.db, self.user, self.application_id, visit, self.today)):
            return False
        self.reload()
        self._done(_("The visit of {date} is recorded.").format(date=format_date(day)))
        self.hours.clear()
        self.done.clear()
        return True

    def _write(self, write: object) -> bool:
        assert callable(write)
        try:
            write()
        except home_care.HomeCareError as error:
            self._show(error.problems)
            return False
        except DatabaseError as error:
            self._show({"": error.message})
            return False
        return True
