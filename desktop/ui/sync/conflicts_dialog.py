"""Conflicts: both sides of each record field by field, and the person's choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, render
from desktop.storage.database import Database
from desktop.sync.client.conflicts import (
    ACKNOWLEDGED,
    MERGED,
    MINE,
    THEIRS,
    Conflict,
    open_conflicts,
    resolve,
)
from desktop.sync.errors import REFUSALS
from desktop.ui.sync import draft_labels
from desktop.ui.sync.record_labels import column_label, record_title, table_label, value_label

COLUMN_KEY = Qt.ItemDataRole.UserRole  # the field's database name, which a choice refers to


def _text(table: str, column: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value_label(table, column, value) or str(value)


class ConflictsDialog(QDialog):
    """A list of open conflicts; for the chosen one: field | theirs | mine | take."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="conflicts_dialog")
        self.db = db
        self.conflicts: list[Conflict] = []
        self.list = QListWidget(objectName="conflicts_list")
        self.note = QLabel(objectName="conflicts_note", wordWrap=True)
        self.table = QTableWidget(0, 4, objectName="conflicts_fields")
        self.table.verticalHeader().setVisible(False)
        # a long label (a draft's table, row and column) wraps; the values and choices fit
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.take_theirs = QPushButton(objectName="conflicts_theirs")
        self.take_mine = QPushButton(objectName="conflicts_mine")
        self.take_merged = QPushButton(objectName="conflicts_merged")
        self.acknowledge = QPushButton(objectName="conflicts_acknowledge")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        for button in (self.take_theirs, self.take_mine, self.take_merged, self.acknowledge):
            row.addWidget(button)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.take_theirs.clicked.connect(lambda: self._resolve(THEIRS))
        self.take_mine.clicked.connect(lambda: self._resolve(MINE))
        self.take_merged.clicked.connect(lambda: self._resolve(MERGED))
        self.acknowledge.clicked.connect(lambda: self._resolve(ACKNOWLEDGED))
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

    def refresh(self) -> None:
        self.conflicts = open_conflicts(self.db)
        self.list.clear()
        for conflict in self.conflicts:
            title = record_title(conflict.table, conflict.mine or conflict.theirs) or \
                conflict.application
            self.list.addItem(f"{table_label(conflict.table)} · {title or conflict.record_id[:8]}")
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
        for button in (self.take_theirs, self.take_mine, self.take_merged):
            button.setEnabled(conflict is not None)
            button.setVisible(not duplicate)
        self.acknowledge.setVisible(duplicate)
        self.table.setColumnHidden(3, duplicate)
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("The other application"), _("This application"), _("Keep")]
            if duplicate else
            [_("Field"), _("On the server"), _("On this workstation"), _("Keep")])
        self.table.setRowCount(0)
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
        elif conflict.kind == "refused":
            # the server's reason, in the person's words (another office's record, a
            # registered case...); a reason this desk does not know yet: the general one
            reason = REFUSALS.get(conflict.reason)
            self.note.setText(render(reason) if reason is not None else _(
                "The server did not accept this change: it concerns another office's cases "
                "or reference data this office may not edit."))
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
        for index, diff in enumerate(fields):
            if conflict.is_draft:  # the wizard's labels of the draft's fields
                label = draft_labels.field_label(conflict, diff.name)
                theirs = draft_labels.value_text(conflict, diff.name, diff.theirs)
                mine = draft_labels.value_text(conflict, diff.name, diff.mine)
            else:
                label = column_label(conflict.table, diff.name)
                theirs = _text(conflict.table, diff.name, diff.theirs)
                mine = _text(conflict.table, diff.name, diff.mine)
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
