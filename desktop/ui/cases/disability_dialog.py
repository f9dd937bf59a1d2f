"""A person's disability and rehabilitation programme, entered once for every service.

Found by IIN (what the district already knows comes back), then the group, its term, the
programme's number and date, and its items: what it prescribes, how many, until when. Saving
checks everything and says each problem at its field (a row's problem at its cell); nothing
typed is lost. The disability services' wizards fill the group and the hours from it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.disability import (
    GROUP_LABELS,
    UNIT_LABELS,
    Disability,
    DisabilityGroup,
    ProgrammeEntry,
    Unit,
)
from desktop.domain.text import Text
from desktop.formspec.validate import parse_date
from desktop.i18n import _, current_language, render
from desktop.services import disabilities
from desktop.services.accounts import CurrentUser
from desktop.storage.database import Database, DatabaseError
from desktop.ui.date_edit import DateEdit, format_typed
from desktop.ui.field_row import DONE_STYLE, PROBLEM_STYLE

ITEM, QUANTITY, UNIT, UNTIL, NOTE = range(5)
PROBLEM_BRUSH = QBrush(QColor("#fde2e1"))


class DisabilityDialog(QDialog):
    def __init__(self, db: Database, user: CurrentUser, office_code: str,
                 parent: QWidget | None = None, iin: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("disability_dialog")
        self.db, self.user, self.office_code = db, user, office_code
        self.items = disabilities.programme_items()
        self.setWindowTitle(_("Disability and individual rehabilitation programme"))
        self.iin = QLineEdit(objectName="disability_iin")
        self.iin.setMaxLength(12)
        self.find_button = QPushButton(_("&Find"), objectName="disability_find")
        self.found = QLabel(objectName="disability_found")
        self.found.setWordWrap(True)
        self.name = QLineEdit(objectName="disability_name")
        self.name.setMaxLength(300)
        self.group = QComboBox(objectName="disability_group")
        for group in DisabilityGroup:
            self.group.addItem(render(GROUP_LABELS[group]), group.value)
        self.established = DateEdit(objectName="disability_established_on")
        self.until = DateEdit(objectName="disability_until")
        self.until.setPlaceholderText(_("empty: without a term"))
        self.number = QLineEdit(objectName="disability_programme_number")
        self.number.setMaxLength(64)
        self.programme_date = DateEdit(objectName="disability_programme_date")
        self.table = QTableWidget(0, 5, objectName="disability_entries")
        self.table.setHorizontalHeaderLabels([
            _("What the programme prescribes"), _("Quantity"), _("Unit"), _("Until"),
            _("Note")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in ((ITEM, 380), (QUANTITY, 90), (UNIT, 110), (UNTIL, 100)):
            self.table.setColumnWidth(column, width)  # the note takes the rest
        self.add_button = QPushButton(_("&Add an item"), objectName="disability_add")
        self.remove_button = QPushButton(_("&Remove the item"), objectName="disability_remove")
        self.save_button = QPushButton(_("&Save"), objectName="disability_save")
        self.close_button = QPushButton(_("Close"), objectName="disability_close")
        self.problems: dict[str, QLabel] = {}
        form = QFormLayout()
        find_row = QHBoxLayout()
        find_row.addWidget(self.iin)
        find_row.addWidget(self.find_button)
        form.addRow(_("IIN") + " *", self._with_problem(find_row, "iin"))
        form.addRow("", self.found)
        form.addRow(_("Surname, name and patronymic"), self.name)
        form.addRow(_("Disability group") + " *", self._with_problem(self.group, "group"))
        form.addRow(_("Established on"), self._with_problem(self.established, "established_on"))
        form.addRow(_("Until"), self._with_problem(self.until, "until"))
        form.addRow(_("Number of the programme"),
                    self._with_problem(self.number, "programme_number"))
        form.addRow(_("Date of the programme"),
                    self._with_problem(self.programme_date, "programme_date"))
        rows = QHBoxLayout()
        rows.addWidget(self.add_button)
        rows.addWidget(self.remove_button)
        rows.addStretch(1)
        self.entries_problem = QLabel(objectName="disability_entries_problem")
        self.entries_problem.setWordWrap(True)
        self.entries_problem.setStyleSheet(PROBLEM_STYLE)
        self.message = QLabel(objectName="disability_message")
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Items of the individual rehabilitation programme")))
        layout.addWidget(self.table)
        layout.addLayout(rows)
        layout.addWidget(self.entries_problem)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.find_button.clicked.connect(self.find)
        self.iin.returnPressed.connect(self.find)
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.remove_button.clicked.connect(self.remove_entry)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.resize(960, 620)
        if iin:
            self.iin.setText(iin)
            self.find()

    def _with_problem(self, content: QWidget | QHBoxLayout, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        if isinstance(content, QHBoxLayout):
            column.addLayout(content)
        else:
            column.addWidget(content)
        label = QLabel(objectName=f"disability_problem_{key}")
        label.setWordWrap(True)
        label.setStyleSheet(PROBLEM_STYLE)
        label.hide()
        column.addWidget(label)
        self.problems[key] = label
        return box

    # --- the entries table ----------------------------------------------------------------

    def add_entry(self, entry: ProgrammeEntry | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        choice = QComboBox(objectName="disability_entry_item")
        lang = current_language()
        for item in self.items:
            choice.addItem(f"{item.title.text(lang)} — {item.service_title.text(lang)}",
                           item.id)
        if entry is not None:
            choice.setCurrentIndex(max(choice.findData(entry.item), 0))
        choice.currentIndexChanged.connect(lambda _i, r=row: self._show_unit(r))
        self.table.setCellWidget(row, ITEM, choice)
        self.table.setItem(row, QUANTITY, QTableWidgetItem(
            str(entry.quantity) if entry is not None else ""))
        unit = QTableWidgetItem()
        unit.setFlags(unit.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, UNIT, unit)
        self.table.setItem(row, UNTIL, QTableWidgetItem(
            format_typed(entry.until) if entry is not None and entry.until else ""))
        self.table.setItem(row, NOTE, QTableWidgetItem(entry.note if entry is not None else ""))
        self._show_unit(row)
        return row

    def _unit_of(self, row: int) -> Unit:
        widget = self.table.cellWidget(row, ITEM)
        item_id = widget.currentData() if isinstance(widget, QComboBox) else ""
        return next((i.unit for i in self.items if i.id == item_id), Unit.PIECES)

    def _show_unit(self, row: int) -> None:
        cell = self.table.item(row, UNIT)
        if cell is not None:
            cell.setText(render(UNIT_LABELS[self._unit_of(row)]))

    def remove_entry(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _text(self, row: int, column: int) -> str:
        cell = self.table.item(row, column)
        return cell.text().strip() if cell is not None else ""

    # --- find, read, save -----------------------------------------------------------------

    def find(self) -> None:
        self._clear_problems()
        found = disabilities.disability_of(self.db, self.iin.text())
        if found is None:
            self.found.setText(_("The desk knows no disability of this person yet: enter it."))
            return
        self.found.setText(_("The person's disability as entered before: correct it if it "
                             "changed."))
        self.group.setCurrentIndex(self.group.findData(found.group.value))
        self.established.set_value(found.established_on)
        self.until.set_value(found.until)
        self.number.setText(found.programme_number)
        self.programme_date.set_value(found.programme_date)
        self.table.setRowCount(0)
        for entry in found.entries:
            self.add_entry(entry)

    def _typed_date(self, edit: DateEdit, key: str, problems: dict[str, Text]) -> dt.date | None:
        if edit.text().strip() and edit.value() is None:
            problems[key] = Text("Enter the date as dd.mm.yyyy, for example 15.03.2019 or "
                                 "15032019.")
        return edit.value()

    def read(self) -> tuple[Disability, dict[str, Text]]:
        """What is typed, and what does not even read (a date, a quantity)."""
        problems: dict[str, Text] = {}
        entries = []
        for row in range(self.table.rowCount()):
            widget = self.table.cellWidget(row, ITEM)
            item_id = widget.currentData() if isinstance(widget, QComboBox) else ""
            try:
                quantity = Decimal(self._text(row, QUANTITY).replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                problems[f"entries[{row}].quantity"] = Text(
                    "Enter a quantity greater than 0 and at most {n}.", n=10_000)
                quantity = Decimal(0)
            until_text = self._text(row, UNTIL)
            until = parse_date(until_text) if until_text else None
            if until_text and until is None:
                problems[f"entries[{row}].until"] = Text(
                    "Enter the date as dd.mm.yyyy, for example 15.03.2019 or 15032019.")
            entries.append(ProgrammeEntry(str(item_id or ""), quantity, self._unit_of(row),
                                          until, self._text(row, NOTE)))
        disability = Disability(
            iin=self.iin.text().strip(),
            group=DisabilityGroup(self.group.currentData()),
            established_on=self._typed_date(self.established, "established_on", problems),
            until=self._typed_date(self.until, "until", problems),
            programme_number=self.number.text().strip(),
            programme_date=self._typed_date(self.programme_date, "programme_date", problems),
            entries=tuple(entries))
        return disability, problems

    def save(self) -> bool:
        self._clear_problems()
        disability, problems = self.read()
        if not problems:
            try:
                disabilities.save_disability(self.db, disability, office_code=self.office_code,
                                             person_name=self.name.text(), user=self.user)
            except disabilities.DisabilityError as error:
                problems = error.problems
            except DatabaseError as error:
                self.message.setStyleSheet(PROBLEM_STYLE)
                self.message.setText(render(error.message))
                return False
        if problems:
            self._show_problems(problems)
            return False
        self.message.setStyleSheet(DONE_STYLE)
        self.message.setText(_("Saved. The person's next application of a disability service "
                               "takes the group and the programme from here."))
        return True

    def _clear_problems(self) -> None:
        for label in self.problems.values():
            label.clear()
            label.hide()
        self.entries_problem.clear()
        self.message.clear()
        for row in range(self.table.rowCount()):
            for column in (QUANTITY, UNTIL, NOTE):
                cell = self.table.item(row, column)
                if cell is not None:
                    cell.setBackground(QBrush())

    def _show_problems(self, problems: dict[str, Text]) -> None:
        lines = []
        columns = {"item": ITEM, "quantity": QUANTITY, "until": UNTIL, "note": NOTE}
        for key, message in problems.items():
            if key in self.problems:
                self.problems[key].setText(render(message))
                self.problems[key].show()
            elif key.startswith("entries["):
                row_text, _sep, column = key.removeprefix("entries[").partition("].")
                row = int(row_text)
                cell = self.table.item(row, columns.get(column, QUANTITY))
                if cell is not None:
                    cell.setBackground(PROBLEM_BRUSH)
                lines.append(_("Row {row}: {problem}").format(row=row + 1,
                                                            problem=render(message)))
            else:
                lines.append(render(message))
        self.entries_problem.setText("\n".join(lines))
