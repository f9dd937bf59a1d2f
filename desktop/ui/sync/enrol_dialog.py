"""Connect this workstation to the district server: the address and the one-time code, each
refusal said at its field; for a workstation connected already, the question whether to
connect it again with a new code (its data and what it has sent stay)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, render
from desktop.storage.database import Database
from desktop.sync.client import enrol as enrolment
from desktop.sync.client.settings import Enrolment
from desktop.sync.errors import (
    ALREADY_ENROLLED,
    CODE_MALFORMED,
    INSECURE,
    OFFLINE,
    SyncError,
)
from desktop.sync.protocol import ErrorCode
from desktop.ui.field_row import PROBLEM_STYLE, FieldRow

# Which field a refusal is about; the others are said under both fields
_AT_CODE = {CODE_MALFORMED, ErrorCode.ENROLMENT_INVALID.value, ErrorCode.ENROLMENT_USED.value,
            ErrorCode.ENROLMENT_EXPIRED.value, ErrorCode.ENROLMENT_OFFICE.value}
_AT_ADDRESS = {INSECURE, OFFLINE}


class EnrolDialog(QDialog):
    """``enrol``: the enrolment itself (``desktop.sync.client.enrol.enrol``)."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 enrol: Callable[..., Enrolment] = enrolment.enrol) -> None:
        super().__init__(parent)
        self.setObjectName("enrol_dialog")
        self.db, self._enrol = db, enrol
        self.enrolment: Enrolment | None = None  # the result, once connected
        self.current = enrolment.enrolled(db)
        self.setWindowTitle(_("Connect to the district server"))
        self.setMinimumWidth(560)
        self.already = QLabel(objectName="enrol_already")
        self.already.setWordWrap(True)
        self.already.setStyleSheet("font-weight: bold;")
        explanation = QLabel(objectName="enrol_explanation")
        explanation.setWordWrap(True)
        explanation.setText(_(
            "The district administrator gives the server's address and a one-time code of "
            "twelve letters and digits, valid for 7 days."))
        self.address = QLineEdit(objectName="enrol_address")
        self.address.setPlaceholderText("https://komek.district.kz:8443")
        self.code = QLineEdit(objectName="enrol_code")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code.setMaxLength(40)
        self.fields = {"address": FieldRow(self.address, self), "code": FieldRow(self.code, self)}
        for key, edit in (("address", self.address), ("code", self.code)):
            edit.textEdited.connect(lambda _text, k=key: self._clear(k))
        form = QFormLayout()
        form.addRow(_("Server address (https://…):"), self.fields["address"])
        form.addRow(_("Enrolment code:"), self.fields["code"])
        self.problem = QLabel(objectName="enrol_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("enrol_ok")
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("enrol_cancel")
        buttons.accepted.connect(self.connect_to_server)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.already)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._show_current()
        (self.code if self.current else self.address).setFocus()

    @property
    def again(self) -> bool:
        return self.current is not None

    def _show_current(self) -> None:
        """For a workstation connected already: the question, and its address filled in."""
        self.already.setVisible(self.again)
        if self.current is None:
            return
        self.already.setText(_(
            "This workstation is already connected to the district server (office {office}). "
            "Connect it again with a new code? Its data and what it has sent stay; it carries "
            "on where it was.").format(office=self.current.office_code))
        self.ok_button.setText(_("Connect again"))
        if not self.address.text():
            self.address.setText(self.current.server_url)

    def _clear(self, key: str) -> None:
        self.fields[key].set_problem(None)

    def connect_to_server(self) -> None:
        for row in self.fields.values():
            row.set_problem(None)
        self.problem.hide()
        url, code = self.address.text().strip(), self.code.text().strip()
        if not url:
            self._say("address", _("Type the server's address."))
            return
        if not code:
            self._say("code", _("Type the enrolment code."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.enrolment = self._enrol(self.db, url, code, again=self.again)
        except SyncError as error:
            if error.code == ALREADY_ENROLLED:  # connected meanwhile: ask
                self.current = enrolment.enrolled(self.db)
                self._show_current()
                return
            key = "code" if error.code in _AT_CODE else \
                "address" if error.code in _AT_ADDRESS else None
            self._say(key, render(error.message))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()

    def _say(self, key: str | None, message: str) -> None:
        if key is None:
            self.problem.setText(message)
            self.problem.show()
        else:
            self.fields[key].set_problem(message)
            self.fields[key].editor.setFocus()
        self.adjustSize()  # a wrapped message needs its height
