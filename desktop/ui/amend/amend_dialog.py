"""Amend a registered application: the header fields that may change, a reason, the history."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.i18n import _, format_date
from desktop.services import amendments
from desktop.storage.database import Database
from desktop.ui.wizard.page_base import problem_label


class AmendDialog(QDialog):
    """Signals: amended(str application id) after an amendment is saved."""

    amended = Signal(str)

    def __init__(self, db: Database, application_id: str, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amend_dialog")
        self.db = db
        self.application_id = application_id
        self.number = number
        self.current = amendments.amendable_values(db, application_id)
        self.intro = QLabel(objectName="amend_intro")
        self.intro.setWordWrap(True)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.problems: dict[str, QLabel] = {}
        self.field_labels: dict[str, QLabel] = {}
        for field in amendments.AMENDABLE:
            edit = QLineEdit(self.current[field], objectName=field)
            problem = problem_label(f"{field}_problem")
            problem.hide()
            self.field_labels[field] = QLabel()
            form.addRow(self.field_labels[field], edit)
            form.addRow("", problem)
            self.edits[field], self.problems[field] = edit, problem
        self.reason = QPlainTextEdit(objectName="amend_reason")
        self.reason.setFixedHeight(60)
        self.reason_problem = problem_label("amend_reason_problem")
        self.reason_problem.hide()
        self.reason_label = QLabel()
        form.addRow(self.reason_label, self.reason)
        form.addRow("", self.reason_problem)
        self.message = problem_label("amend_message")
        self.history_label = QLabel()
        self.history = QListWidget(objectName="amend_history")
        self.history.setMaximumHeight(110)
        self.save_button = QPushButton(objectName="amend_save")
        self.cancel_button = QPushButton(objectName="amend_cancel")
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        layout.addWidget(buttons)
        self.language_switched()
        self.resize(620, 640)

    def language_switched(self) -> None:
        """Every text in the interface's language; what was typed stays as it is."""
        lang = i18n.current_language()
        self.setWindowTitle(_("Amend application {number}").format(number=self.number))
        self.intro.setText(_(
            "The application is registered: a correction is saved as an amendment with its "
            "reason, the date and the person who made it. The printed documents show the new "
            "values."))
        for field, label in self.field_labels.items():
            label.setText(amendments.field_spec(field).label.text(lang))
        self.reason_label.setText(_("Reason for the amendment:"))
        self.history_label.setText(_("Earlier amendments:"))
        self.history.clear()
        for amendment in amendments.amendments_of(self.db, self.application_id):
            self.history.addItem(self._describe(amendment, lang))
        self.save_button.setText(_("&Save the amendment"))
        self.cancel_button.setText(_("Cancel"))

    @staticmethod
    def _describe(amendment: amendments.Amendment, lang: str) -> str:
        local = amendment.at.astimezone()
        fields = "; ".join(
            f"{amendments.field_spec(f).label.text(lang)}: {before or '—'} → {after or '—'}"
            for f, (before, after) in amendment.changes.items())
        return (f"{format_date(local.date())} {local:%H:%M}, {amendment.actor_name}: {fields}. "
                + _("Reason: {reason}").format(reason=amendment.reason))

    def changed_values(self) -> dict[str, str]:
        return {field: edit.text() for field, edit in self.edits.items()
                if edit.text().strip() != self.current[field].strip()}

    def save(self) -> bool:
        for label in (*self.problems.values(), self.reason_problem, self.message):
            label.clear()
            label.hide()
        try:
            amendments.amend(self.db, self.application_id, self.changed_values(),
                             self.reason.toPlainText())
        except amendments.AmendmentError as error:
            for field, text in error.messages.items():
                target = (self.problems.get(field) or
                          (self.reason_problem if field == "reason" else self.message))
                target.setText(i18n.render(text))
                target.show()
            return False
        self.amended.emit(self.application_id)
        self.accept()
        return True
