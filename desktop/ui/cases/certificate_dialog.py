"""The certificate of belonging to АСП recipients: IIN, the answer, print, within 15 minutes.

The person is found by IIN, or by name (either spelling of a Kazakh name) and then chosen
from the people of the journal's families with that name.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import PersonName
from desktop.i18n import _, current_language, format_date, format_money
from desktop.services import certificates
from desktop.services.accounts import CurrentUser
from desktop.storage.database import Database
from desktop.ui.cases.common import prints_folder, show_problem
from desktop.ui.field_row import DONE_STYLE, PROBLEM_STYLE
from desktop.ui.wizard.pdf_dialog import PdfDialog, save_pdf


class CertificateDialog(QDialog):
    def __init__(self, db: Database, user: CurrentUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificate_dialog")
        self.db, self.user = db, user
        self.lookup: certificates.Lookup | None = None
        self.issued = ""  # the number of the certificate issued last
        self.started = time.monotonic()
        self.setWindowTitle(_("Certificate of belonging to recipients of targeted social "
                              "assistance"))
        self.iin = QLineEdit(objectName="certificate_iin")
        self.iin.setMaxLength(200)
        self.iin.setPlaceholderText(_("IIN, or the surname and name"))
        self.people = QListWidget(objectName="certificate_people")
        self.people.itemActivated.connect(self._person_chosen)
        self.people.hide()
        self.find_button = QPushButton(_("&Find"), objectName="certificate_find")
        self.answer = QLabel(objectName="certificate_answer")
        self.answer.setWordWrap(True)
        self.surname = QLineEdit(objectName="certificate_surname")
        self.first_name = QLineEdit(objectName="certificate_first_name")
        self.patronymic = QLineEdit(objectName="certificate_patronymic")
        self.timer_label = QLabel(objectName="certificate_timer")
        self.print_button = QPushButton(_("&Print the certificate"),
                                        objectName="certificate_print")
        self.print_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.iin)
        row.addWidget(self.find_button)
        form = QFormLayout()
        form.addRow(_("IIN or name"), row)
        form.addRow(self.people)
        form.addRow(self.answer)
        form.addRow(_("Surname"), self.surname)
        form.addRow(_("First name"), self.first_name)
        form.addRow(_("Patronymic"), self.patronymic)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.print_button)
        self.find_button.clicked.connect(self.find)
        self.iin.returnPressed.connect(self.find)
        self.print_button.clicked.connect(self.print_certificate)
        self._set_name_visible(False)
        self._clock = QTimer(self, interval=1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()

    def _set_name_visible(self, visible: bool) -> None:
        for edit in (self.surname, self.first_name, self.patronymic):
            edit.setEnabled(visible)

    def _tick(self) -> None:
        minutes = int(time.monotonic() - self.started) // 60
        late = minutes >= certificates.SERVICE_MINUTES
        self.timer_label.setText(_("Service time: {minutes} of {limit} minutes").format(
            minutes=minutes, limit=certificates.SERVICE_MINUTES))
        self.timer_label.setStyleSheet(PROBLEM_STYLE if late else "")

    def find(self) -> None:
        typed = self.iin.text().strip()
        compact = "".join(typed.split())
        if typed and not (compact.isdigit() and compact.isascii()):
            self._search_by_name(typed)
            return
        self.people.hide()
        try:
            self.lookup = certificates.find(self.db, self.iin.text(), dt.date.today())
        except certificates.CertificateError as error:
            show_problem(self, error)
            return
        found = self.lookup
        if found.belongs:
            text = _("{name} belongs to a family receiving assistance: {amount} a month from "
                     "{start} to {end} (application {number}).").format(
                name=found.name, amount=format_money(found.monthly_amount),
                start=format_date(found.period_start), end=format_date(found.period_end),
                number=found.registration_number)
        elif found.name:
            text = _("{name} does not belong to the recipients of assistance today.").format(
                name=found.name)
        else:
            text = _("This IIN is in no application: the person does not belong to the "
                     "recipients. Enter the name for the certificate.")
        self.answer.setText(text)
        self.answer.setStyleSheet("")
        self._set_name_visible(not found.name)
        self.print_button.setEnabled(True)

    def _search_by_name(self, typed: str) -> None:
        found = certificates.search_people(self.db, typed)
        self.lookup = None
        self.print_button.setEnabled(False)
        self.people.clear()
        for person in found:
            born = format_date(person.birth_date) if person.birth_date else ""
            line = "   ".join(part for part in (person.name, person.iin, born,
                                                 person.registration_number) if part)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, person.iin)
            self.people.addItem(item)
        self.people.setVisible(bool(found))
        if found:
            self.answer.setText(_("Choose the person (Enter)."))
            self.people.setCurrentRow(0)
            self.people.setFocus()
        else:
            self.answer.setText(_("Nothing found for “{search}”. Names are searched from the "
                                  "surname, in either spelling (і or и, қ or к, ә or а…); "
                                  "or enter the IIN.").format(search=typed))

    def _person_chosen(self, item: QListWidgetItem) -> None:
        self.iin.setText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.find()

    def print_certificate(self) -> None:
        """Issue once: the button is off once the certificate has its number (a new Find
        starts the next request)."""
        if not self.print_button.isEnabled():
            return
        self.print_button.setEnabled(False)
        name = PersonName(self.surname.text().strip(), self.first_name.text().strip(),
                          self.patronymic.text().strip())
        try:
            issued = certificates.issue(self.db, self.user, self.iin.text(),
                                        current_language(), name=name)
        except certificates.CertificateError as error:
            self.print_button.setEnabled(True)
            show_problem(self, error)
            return
        self.issued = issued.number
        self.answer.setText(_("Done: certificate {number} is issued.").format(
            number=issued.number))
        self.answer.setStyleSheet(DONE_STYLE)
        path = save_pdf(prints_folder(self.db), f"certificate-{issued.number}", issued.pdf)
        self.pdf_dialog = PdfDialog(_("Certificate {number}").format(number=issued.number),
                                    _("The certificate is ready to print."), path, self)
        self.pdf_dialog.show()
