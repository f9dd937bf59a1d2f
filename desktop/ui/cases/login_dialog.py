"""Log in with a local account; shown at start once the workstation has accounts."""

from __future__ import annotations

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
from desktop.services.accounts import AccountError, CurrentUser, log_in
from desktop.storage.database import Database
from desktop.ui.field_row import PROBLEM_STYLE


class LoginDialog(QDialog):
    """Username and password; ``user`` is set when the login succeeded."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.db = db
        self.user: CurrentUser | None = None
        self.setWindowTitle(_("Log in"))
        self.username = QLineEdit(objectName="login_username")
        self.password = QLineEdit(objectName="login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel(objectName="login_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Username"), self.username)
        form.addRow(_("Password"), self.password)
        buttons = QDialogButtonBox()
        self.login_button = buttons.addButton(_("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.login_button.setObjectName("login_button")
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("login_cancel")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.username.setFocus()

    def try_login(self) -> None:
        try:
            self.user = log_in(self.db, self.username.text(), self.password.text())
        except AccountError as error:
            self.problem.setText(render(error.message))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()
