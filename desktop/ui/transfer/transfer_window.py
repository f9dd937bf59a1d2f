"""The akimat's transfer registry window: pick the applications ready to hand over, form the
numbered batch, print its registry in two copies; earlier batches can be printed again."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import transfer
from desktop.storage.database import Database
from desktop.ui.journal_model import OVERDUE
from desktop.ui.labels import status_label
from desktop.ui.printing.preview import PRINTER, DocumentPreview, open_document_preview

COLUMNS = ("", N_("Registration number"), N_("Date"), N_("Applicant"), N_("IIN"),
           N_("Sheets"), N_("Status"), N_("Hand over by"))


class TransferWindow(QWidget):
    """Signals: changed(): a batch was formed (statuses of applications changed)."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("transfer_window")
        self.db = db
        self.pending: list[transfer.PendingTransfer] = []
        self.preview: DocumentPreview | None = None
        self._build()
        self.retranslate()
        self.refresh()
        self.resize(1000, 620)

    def _build(self) -> None:
        self.intro = QLabel(objectName="transfer_intro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), objectName="transfer_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: self._update_selection())
        self.select_all_button = QPushButton(objectName="transfer_select_all")
        self.select_all_button.clicked.connect(self.select_all_ready)
        self.language_label = QLabel()
        self.language = QComboBox(objectName="transfer_language")
        for lang in i18n.LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self.form_button = QPushButton(objectName="transfer_form")
        self.form_button.clicked.connect(self.form_batch)
        self.selection_label = QLabel(objectName="transfer_selection")
        self.message = QLabel(objectName="transfer_message")
        self.message.setWordWrap(True)
        self.batches_label = QLabel()
        self.batches = QListWidget(objectName="transfer_batches")
        self.batches.setMaximumHeight(140)
        self.batches.itemDoubleClicked.connect(lambda _item: self.print_again())
        self.reprint_button = QPushButton(objectName="transfer_reprint")
        self.reprint_button.clicked.connect(self.print_again)
        self.close_button = QPushButton(objectName="transfer_close")
        self.close_button.clicked.connect(self.close)
        actions = QHBoxLayout()
        actions.addWidget(self.select_all_button)
        actions.addWidget(self.selection_label, 1)
        actions.addWidget(self.language_label)
        actions.addWidget(self.language)
        actions.addWidget(self.form_button)
        below = QHBoxLayout()
        below.addWidget(self.reprint_button)
        below.addStretch(1)
        below.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.batches_label)
        layout.addWidget(self.batches)
        layout.addLayout(below)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Registry of transferred documents") + " — Kömek")
        self.intro.setText(_(
            "Applications registered at this akimat and not yet handed over to the district "
            "office. An application can be sent once the district commission's conclusion is "
            "recorded. Select them and form the batch: the registry is printed in two copies, "
            "one for each office."))
        self.table.setHorizontalHeaderLabels([_(c) if c else "" for c in COLUMNS])
        self.select_all_button.setText(_("Select all &ready"))
        self.language_label.setText(_("Language of the document:"))
        self.form_button.setText(_("&Form the batch and print the registry"))
        self.batches_label.setText(_("Batches sent:"))
        self.reprint_button.setText(_("Print the registry &again"))
        self.close_button.setText(_("Close"))
        self.language.setCurrentIndex(i18n.LANGUAGES.index(i18n.current_language()))
        self._update_selection()

    # --- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.pending = transfer.pending_transfers(self.db)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.pending))
        for row, line in enumerate(self.pending):
            check = QTableWidgetItem()
            flags = Qt.ItemFlag.ItemIsSelectable
            if line.ready:
                flags |= Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
            check.setFlags(flags)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, line.application_id)
            values = ("", line.registration_number, format_date(line.registered_on),
                      line.applicant_name, line.iin, str(line.sheets), status_label(line.status),
                      format_date(line.transfer_due))
            self.table.setItem(row, 0, check)
            for column, value in enumerate(values[1:], start=1):
                item = QTableWidgetItem(value)
                if column == 7 and line.transfer_due and line.transfer_due < dt.date.today():
                    item.setForeground(OVERDUE)
                if not line.ready:
                    item.setForeground(Qt.GlobalColor.gray)
                    item.setToolTip(_("Not ready to send: {status}").format(
                        status=status_label(line.status)))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.batches.clear()
        for batch in transfer.batches(self.db):
            entry = QListWidgetItem(_("{number} of {date}: {count} applications, {sheets} sheets")
                                   .format(number=batch.number, date=format_date(batch.sent_on),
                                           count=batch.applications, sheets=batch.sheets))
            entry.setData(Qt.ItemDataRole.UserRole, batch.number)
            self.batches.addItem(entry)
        self._update_selection()

    def checked_ids(self) -> list[str]:
        ids = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def set_checked(self, application_id: str, checked: bool = True) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == application_id:
                item.setCheckState(Qt.CheckState.Checked if checked else
                                   Qt.CheckState.Unchecked)

    def select_all_ready(self) -> None:
        for line in self.pending:
            if line.ready:
                self.set_checked(line.application_id)

    def _update_selection(self) -> None:
        if not hasattr(self, "pending"):
            return
        chosen = len(self.checked_ids())
        ready = sum(1 for line in self.pending if line.ready)
        self.selection_label.setText(
            ngettext("{n} selected", "{n} selected", chosen).format(n=chosen) + "; " +
            ngettext("{n} of them ready to send", "{n} of them ready to send", ready)
            .format(n=ready) if self.pending else _("Nothing waits to be handed over."))
        self.form_button.setEnabled(chosen > 0)
        self.select_all_button.setEnabled(ready > 0)
        self.reprint_button.setEnabled(self.batches.count() > 0)

    # --- actions --------------------------------------------------------------------------

    def confirm(self, count: int) -> bool:
        answer = QMessageBox.question(self, _("Form the batch"), ngettext(
            "Hand over {n} application to the district office? Its status becomes "
            "\u201csent to the district office\u201d.",
            "Hand over {n} applications to the district office? Their status becomes "
            "\u201csent to the district office\u201d.", count).format(n=count))
        return answer == QMessageBox.StandardButton.Yes

    def lang(self) -> str:
        return str(self.language.currentData())

    def form_batch(self) -> str | None:
        ids = self.checked_ids()
        if not ids or not self.confirm(len(ids)):
            return None
        try:
            batch = transfer.form_batch(self.db, ids)
        except transfer.TransferNotReadyError as error:
            self.message.setText("\n".join(i18n.render(m) for m in error.messages[:5]))
            return None
        self.refresh()
        self.changed.emit()
        self._print(batch.number, _("Batch {number} is formed. Print the registry in two "
                                    "copies: both are signed, one stays with each office.")
                    .format(number=batch.number))
        return batch.number

    def print_again(self) -> None:
        item = self.batches.currentItem() or self.batches.item(0)
        if item is not None:
            number = str(item.data(Qt.ItemDataRole.UserRole))
            self._print(number, _("The registry of batch {number}.").format(number=number))

    def _print(self, number: str, text: str) -> DocumentPreview:
        """The registry in the print preview: printed or saved from there, and logged then."""

        def render(lang: str) -> bytes:
            return transfer.print_registry(self.db, number, lang, log=False)[0]

        def on_printed(lang: str, destination: str) -> None:
            if transfer.record_registry_print(self.db, number, lang,
                                              to_file=destination != PRINTER):
                self.message.setText(text + " " + _("Printed again: marked as a duplicate."))

        self.message.setText(text)
        self.preview = open_document_preview(
            self, _("Registry of transferred documents") + " " + number, render, self.lang(),
            on_printed, file_stem=f"{number}-registry")
        return self.preview
