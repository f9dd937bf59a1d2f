"""Documents → Applications journal for a period…: choose the days, then the print preview.

The journal lists the applications registered from the first day to the last (inclusive),
with their status and the head's decision; every print or saved file is logged with the
period, and a second print of the same period is stamped as a duplicate.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _
from desktop.services import printouts
from desktop.services.access_journal import Access, record_access
from desktop.services.workstation import acting_staff
from desktop.storage.database import Database, DatabaseError
from desktop.ui.date_edit import DateEdit
from desktop.ui.printing.preview import PRINTER, DocumentPreview, open_document_preview


class JournalPeriodDialog(QDialog):
    """The period of the journal; OK opens its print preview (not modal)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("journal_period_dialog")
        self.db = db
        self.preview: DocumentPreview | None = None
        today = today or dt.date.today()
        self.setWindowTitle(_("Applications journal"))
        self.start = DateEdit(today.replace(day=1), objectName="journal_from")
        self.end = DateEdit(today, objectName="journal_to")
        self.message = QLabel(objectName="journal_message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&From:"), self.start)
        form.addRow(_("&To:"), self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pre&view"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.open_preview)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return self.start.value(), self.end.value()

    def open_preview(self) -> DocumentPreview | None:
        start, end = self.period()
        if start is None or end is None:  # what was typed stays, to be corrected
            (self.start if start is None else self.end).setFocus()
            self.message.setText(_("Enter the dates as dd.mm.yyyy, for example 15.03.2019 or "
                                   "15032019."))
            return None
        if end < start:
            self.message.setText(_("The period ends before it starts."))
            return None
        actor_id = acting_staff(self.db)

        def render(lang: str) -> bytes:
            return printouts.print_journal(self.db, start, end, lang, actor_id, log=False)[0]

        def on_printed(lang: str, destination: str) -> None:
            printouts.record_journal_print(self.db, start, end, lang, actor_id,
                                           to_file=destination != PRINTER)

        try:  # the journal lists every family of the period: its preview is an access
            record_access(self.db, Access.PREVIEW, f"{start.isoformat()}/{end.isoformat()}",
                          actor_id, document=printouts.JOURNAL_KIND, table_name="journal")
        except DatabaseError as error:
            self.message.setText(i18n.render(error.message))
            return None

        title = _("Applications journal {start} – {end}").format(
            start=i18n.format_date(start), end=i18n.format_date(end))
        self.preview = open_document_preview(
            self.parentWidget(), title, render, i18n.current_language(), on_printed,
            file_stem=f"journal-{start.isoformat()}-{end.isoformat()}")
        self.accept()
        return self.preview
