"""Log in with a local account; shown at start once the workstation has accounts, and again
when the user logs out or the session locks.

After a log-in with a temporary password (set by the administrator) the user chooses a new
one before going on; cancelling that leaves nobody logged in.
"""

from __future__ import annotations

from dataclasses import replace

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
from desktop.storage.database import Database, DatabaseError
from desktop.ui.field_row import PROBLEM_STYLE


class LoginDialog(QDialog):
    """Username and password; ``user`` is set when the login succeeded."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, username: str = "",
                 note: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.db = db
        self.user: CurrentUser | None = None
        self.setWindowTitle(_("Log in"))
        self.setMinimumWidth(380)
        self.note = QLabel(note, objectName="login_note")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.username = QLineEdit(username, objectName="login_username")
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
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()

    def try_login(self) -> None:
        password = self.password.text()
        try:
            user = log_in(self.db, self.username.text(), password)
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            self.problem.setText(render(error.message))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        if user.must_change_password and not self.choose_password(user, password):
            self.problem.setText(_("Choose your own password to log in."))
            self.password.setFocus()
            return
        self.user = replace(user, must_change_password=False)
        self.accept()

    def choose_password(self, user: CurrentUser, temporary: str) -> bool:
        """The new password after a temporary one; False when cancelled."""
        from desktop.ui.cases.password_dialog import PasswordDialog

        return bool(PasswordDialog(self.db, user, self, temporary=temporary).exec())
