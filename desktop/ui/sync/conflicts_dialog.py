"""Conflicts: both sides of each record field by field, and the person's choice.

A record set aside (refused by the district server, or received and not storable here) is
shown with the server's reason next to the field, as the forms name it; a refused record's
field can be corrected here and the record sent again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.domain.iban import check_iban
from desktop.domain.iin import check_iin
from desktop.i18n import _
from desktop.services.referents import referent_names
from desktop.storage.database import Database
from desktop.sync.client.apply import REFUSED
from desktop.sync.client.conflicts import (
    ACKNOWLEDGED,
    MERGED,
    MINE,
    THEIRS,
    Conflict,
    correct,
    open_conflicts,
    queued_referents,
    resolve,
    waiting,
)
from desktop.sync.errors import REFUSALS, problem_message
from desktop.sync.protocol import BOOKKEEPING, FieldProblem
from desktop.sync.records import DATE, INTEGER, definition
from desktop.ui.sync import draft_labels
from desktop.ui.sync.record_labels import column_label, record_title, table_label, value_label

COLUMN_KEY = Qt.ItemDataRole.UserRole  # the field's database name, which a choice refers to
# control characters drawn so a person sees where they are: C0 as their Unicode pictures
# (␀ for NUL), DEL as ␡, C1 as the replacement character
_VISIBLE = {**{c: 0x2400 + c for c in range(0x20)}, 0x7F: 0x2421,
            **{c: 0xFFFD for c in range(0x80, 0xA0)}}


def visible(text: str) -> str:
    """``text`` with its control characters shown (line breaks and tabs of a note too)."""
    return text.translate(_VISIBLE)


def _text(table: str, column: str, value: object,
          named: Mapping[str, str] | None = None) -> str:
    """``value`` as a person reads it; an id by what it names in ``named`` (by column)."""
    if named and column in named:
        return visible(named[column])
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    found = definition(table)
    field = found.fields.get(column) if found is not None else None
    if field is not None and field.kind == DATE and isinstance(value, str):
        with contextlib.suppress(ValueError):  # as the program shows dates; else as it is
            return i18n.format_date(dt.date.fromisoformat(value))
    return visible(value_label(table, column, value) or str(value))


def problem_text(conflict: Conflict) -> str:
    """What is wrong with the record, for the person: the field as the form names it and the
    reason; for an IIN or an IBAN, the domain's own words about the value."""
    if not conflict.problem:
        # the server's reason, in the person's words (another office's record, a registered
        # case...); a reason this desk does not know yet: the general one
        reason = REFUSALS.get(conflict.reason)
        return i18n.render(reason) if reason is not None else _(
            "The server did not accept this change: it concerns another office's cases or "
            "reference data this office may not edit.")
    message = i18n.render(problem_message(conflict.table, conflict.field, conflict.problem))
    value = (conflict.mine or conflict.theirs or {}).get(conflict.field)
    checks = {FieldProblem.IIN.value: check_iin, FieldProblem.IBAN.value: check_iban}
    check = checks.get(conflict.problem)
    if check is not None and isinstance(value, str):
        issues = check(value).issues
        if issues:
            message = i18n.render(issues[0].message)
    if not conflict.field:
        return message
    return _("«{field}»: {problem}").format(
        field=column_label(conflict.table, conflict.field), problem=message)


class ConflictsDialog(QDialog):
    """A list of open conflicts; for the chosen one: field | theirs | mine | take."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="conflicts_dialog")
        self.db = db
        self.conflicts: list[Conflict] = []
        self.list = QListWidget(objectName="conflicts_list")
        # a record's name («Заявление · Әбдіров Ерлан Болатұлы») wraps, never cut at the edge
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(2)  # two wrapped names apart
        self.note = QLabel(objectName="conflicts_note", wordWrap=True)
        self.table = QTableWidget(0, 4, objectName="conflicts_fields")
        self.table.verticalHeader().setVisible(False)
        # a row as tall as its wrapped label
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.take_theirs = QPushButton(objectName="conflicts_theirs")
        self.take_mine = QPushButton(objectName="conflicts_mine")
        self.take_merged = QPushButton(objectName="conflicts_merged")
        self.acknowledge = QPushButton(objectName="conflicts_acknowledge")
        self.send_again = QPushButton(objectName="conflicts_send_again")
        self.keep_here = QPushButton(objectName="conflicts_keep_here")
        self.waiting = QLabel(objectName="conflicts_waiting", wordWrap=True)
        self.editor: QLineEdit | None = None  # the refused field's value, to correct
        self.behind: list[Conflict] = []  # records that wait for one of the list
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        for button in (self.take_theirs, self.take_mine, self.take_merged, self.acknowledge,
                       self.send_again, self.keep_here):
            row.addWidget(button)
        right.addLayout(row)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.waiting)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.take_theirs.clicked.connect(lambda: self._resolve(THEIRS))
        self.take_mine.clicked.connect(lambda: self._resolve(MINE))
        self.take_merged.clicked.connect(lambda: self._resolve(MERGED))
        self.acknowledge.clicked.connect(lambda: self._resolve(ACKNOWLEDGED))
        self.send_again.clicked.connect(self._send_again)
        self.keep_here.clicked.connect(lambda: self._resolve(THEIRS))
        self.retranslate()
        self.refresh()
        self.resize(900, 500)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Data conflicts"))
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("On the server"), _("On this workstation"), _("Keep")])
        self.take_theirs.setText(_("Keep the server's version"))
        self.take_mine.setText(_("Keep this workstation's version"))
        self.take_merged.setText(_("Save the merged version"))
        self.acknowledge.setText(_("Mark as seen"))
        self.close_button.setText(_("Close"))
        self.send_again.setText(_("Send the corrected record"))
        self.keep_here.setText(_("Keep it on this workstation only"))

    def refresh(self) -> None:
        found = open_conflicts(self.db)
        self.conflicts, self.behind = waiting(found, queued_referents(self.db, found))
        self.list.clear()
        for conflict in self.conflicts:
            title = record_title(conflict.table, conflict.mine or conflict.theirs) or \
                conflict.application
            self.list.addItem(visible(
                f"{table_label(conflict.table)} · {title or conflict.record_id[:8]}"))
        self.waiting.setVisible(bool(self.behind))
        self.waiting.setText(_(
            "Records that belong to these and wait for them: {count}. They are sent by "
            "themselves once these are corrected and accepted.").format(
            count=i18n.format_count(len(self.behind))))
        if self.conflicts:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        duplicate = conflict is not None and conflict.is_duplicate_number
        set_aside = conflict is not None and conflict.set_aside
        self.editor = None
        for button in (self.take_theirs, self.take_mine, self.take_merged):
            button.setEnabled(conflict is not None)
            button.setVisible(not duplicate and not set_aside)
        refused = set_aside and conflict is not None and conflict.kind == REFUSED
        self.acknowledge.setVisible(duplicate or (set_aside and not refused))
        self.send_again.setVisible(refused and conflict is not None and conflict.correctable)
        self.keep_here.setVisible(refused)
        if set_aside and conflict is not None:
            self._show_set_aside(conflict)
            return
        self.table.setRowCount(0)
        self.table.setColumnCount(4)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # a long label (a draft's table, row and column) wraps; the values and choices fit
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(3, duplicate)
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("The other application"), _("This application"), _("Keep")]
            if duplicate else
            [_("Field"), _("On the server"), _("On this workstation"), _("Keep")])
        if conflict is None:
            self.note.setText(_("There are no conflicts to resolve."))
            return
        if duplicate:
            self.note.setText(_(
                "Registration number {number} was given to two applications of this "
                "office, at two workstations, before they were enrolled with the district "
                "server. The district server keeps both; the table shows how they differ. "
                "Note the duplicate in the registration journal, then mark it as seen."
            ).format(number=conflict.registration_number))
        elif conflict.is_draft:
            self.note.setText(_("This draft was changed here and on another workstation. "
                                "What only one of them changed is merged already; the fields "
                                "below were changed at both. Choose which value to keep for "
                                "each: the other fields stay merged."))
        else:
            self.note.setText(_("This record was changed here and on another workstation. "
                                "Both versions are kept until you choose."))
        fields = conflict.fields()
        self.table.setRowCount(len(fields))
        # an id on either side by what it names (another executor by name, not 3f1c…)
        lang = i18n.current_language()
        named_theirs = referent_names(self.db, {d.name: d.theirs for d in fields}, lang)
        named_mine = referent_names(self.db, {d.name: d.mine for d in fields}, lang)
        for index, diff in enumerate(fields):
            if conflict.is_draft:  # the wizard's labels of the draft's fields
                label = draft_labels.field_label(conflict, diff.name)
                theirs = draft_labels.value_text(conflict, diff.name, diff.theirs)
                mine = draft_labels.value_text(conflict, diff.name, diff.mine)
            else:
                label = column_label(conflict.table, diff.name)
                theirs = _text(conflict.table, diff.name, diff.theirs, named_theirs)
                mine = _text(conflict.table, diff.name, diff.mine, named_mine)
            name = QTableWidgetItem(label)
            name.setData(COLUMN_KEY, diff.name)
            name.setToolTip(f"{conflict.table}.{diff.name}")
            self.table.setItem(index, 0, name)
            self.table.setItem(index, 1, QTableWidgetItem(theirs))
            self.table.setItem(index, 2, QTableWidgetItem(mine))
            if duplicate:
                continue
            choice = QComboBox()
            choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            choice.addItem(_("server"), THEIRS)
            choice.addItem(_("this workstation"), MINE)
            choice.setCurrentIndex(0 if diff.suggestion == THEIRS else 1)
            self.table.setCellWidget(index, 3, choice)
        self.table.resizeColumnsToContents()
        if fields and not duplicate:  # the choice boxes are cell widgets: not measured above
            widest = max(self.table.cellWidget(i, 3).sizeHint().width()
                         for i in range(len(fields)))
            self.table.setColumnWidth(3, max(self.table.columnWidth(3), widest))

    def _show_set_aside(self, conflict: Conflict) -> None:
        """A refused or unstorable record: the reason next to its field, the record's values
        (the field first), and for a refused one the field's value to correct."""
        refused = conflict.kind == REFUSED
        why = problem_text(conflict)
        if refused and conflict.correctable:
            self.note.setText(_(
                "The district server did not accept this record. {problem} Correct it below "
                "and send it again, or correct it in the program as usual: the corrected "
                "record is sent at the next synchronization. Everything else is "
                "synchronized as usual.").format(problem=why))
        elif refused:
            self.note.setText(_("The district server did not accept this record. {problem} "
                                "Everything else is synchronized as usual.").format(problem=why))
        else:
            self.note.setText(_(
                "This record came from the district server but cannot be stored on this "
                "workstation. {problem} It must be corrected at the workstation that made "
                "it; everything else was received.").format(problem=why))
        data = (conflict.mine if refused else conflict.theirs) or {}
        # the field first, then what the record holds under a name a person knows
        names = sorted((n for n in set(data) - BOOKKEEPING if n == conflict.field or (
            data[n] not in (None, "") and column_label(conflict.table, n) != n)),
            key=lambda n: (n != conflict.field, column_label(conflict.table, n)))
        self.table.setColumnCount(2)
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("On this workstation") if refused else _("On the server")])
        self.table.setRowCount(len(names))
        bold = QFont(self.font())
        bold.setBold(True)
        found = definition(conflict.table)
        # an id by what it names (the office by its name and code, not d507733b-…)
        named = referent_names(self.db, data, i18n.current_language())
        for index, name in enumerate(names):
            label = QTableWidgetItem(column_label(conflict.table, name))
            label.setData(COLUMN_KEY, name)
            label.setToolTip(f"{label.text()}\n{conflict.table}.{name}")
            self.table.setItem(index, 0, label)
            value = QTableWidgetItem(_text(conflict.table, name, data.get(name), named))
            self.table.setItem(index, 1, value)
            if name != conflict.field:
                continue
            label.setFont(bold)
            value.setFont(bold)
            field = found.fields.get(name) if found is not None else None
            if refused and conflict.correctable and field is not None and field.json is None:
                suggestion = conflict.suggestion()
                if field.kind == DATE and isinstance(suggestion, str):
                    with contextlib.suppress(ValueError):
                        suggestion = i18n.format_date(dt.date.fromisoformat(suggestion))
                self.editor = QLineEdit("" if suggestion is None else str(suggestion),
                                        objectName="conflicts_editor")
                self.editor.setToolTip(why)
                self.table.setCellWidget(index, 1, self.editor)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        # a consent's label is a sentence: the value stays in sight, the label on hover
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 300))
        # the value takes what is left and wraps (an office's long name), never past the edge
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _send_again(self) -> None:
        conflict = self.current()
        if conflict is None:
            return
        values: dict[str, Any] | None = None
        if self.editor is not None:
            found = definition(conflict.table)
            field = found.fields.get(conflict.field) if found is not None else None
            typed: Any = self.editor.text()
            if field is not None and field.kind == INTEGER:
                with contextlib.suppress(ValueError):  # else the check names it
                    typed = int(typed.strip())
            if field is not None and field.kind == DATE:  # typed as the program shows dates
                with contextlib.suppress(ValueError):
                    typed = dt.datetime.strptime(typed.strip(), "%d.%m.%Y").date().isoformat()
            if typed == "" and field is not None and field.nullable:
                typed = None
            values = {conflict.field: typed}
        problem = correct(self.db, conflict.id, values)
        if problem is not None:
            still = Conflict(conflict.id, conflict.kind, conflict.table, conflict.record_id,
                             "invalid", None, None, None, 0, "", field=problem.field,
                             problem=problem.problem.value)
            self.note.setText(_("The record is still not right. {problem}").format(
                problem=problem_text(still)))
            return
        self.refresh()

    def choices(self) -> dict[str, str]:
        result = {}
        for index in range(self.table.rowCount()):
            widget = self.table.cellWidget(index, 3)
            if isinstance(widget, QComboBox):
                result[str(self.table.item(index, 0).data(COLUMN_KEY))] = \
                    str(widget.currentData())
        return result

    def _resolve(self, choice: str) -> None:
        conflict = self.current()
        if conflict is None:
            return
        resolve(self.db, conflict.id, choice, self.choices() if choice == MERGED else None)
        self.refresh()
