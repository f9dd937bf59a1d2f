"""Accounts of this workstation: the list, and a new account with its roles (administrator)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.roles import Role, role_label
from desktop.i18n import _, render
from desktop.services.accounts import AccountError, CurrentUser, create_account, list_accounts
from desktop.storage.database import Database
from desktop.ui.field_row import PROBLEM_STYLE


class AccountsDialog(QDialog):
    """With no accounts yet, the first one made here is the administrator."""

    def __init__(self, db: Database, user: CurrentUser | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accounts_dialog")
        self.db, self.user = db, user
        self.setWindowTitle(_("Accounts"))
        self.list = QListWidget(objectName="accounts_list")
        self.username = QLineEdit(objectName="account_username")
        self.full_name = QLineEdit(objectName="account_full_name")
        self.position = QLineEdit(objectName="account_position")
        self.password = QLineEdit(objectName="account_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.roles: dict[Role, QCheckBox] = {}
        box = QGroupBox(_("Roles"))
        roles_layout = QVBoxLayout(box)
        for role in Role:
            check = QCheckBox(render(role_label(role)), objectName=f"account_role_{role.value}")
            roles_layout.addWidget(check)
            self.roles[role] = check
        self.problem = QLabel(objectName="account_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.create_button = QPushButton(_("&Create the account"), objectName="account_create")
        self.create_button.clicked.connect(self.create)
        form = QFormLayout()
        form.addRow(_("Username"), self.username)
        form.addRow(_("Full name"), self.full_name)
        form.addRow(_("Position"), self.position)
        form.addRow(_("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.problem)
        layout.addWidget(self.create_button)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        accounts = list_accounts(self.db)
        for account in accounts:
            roles = ", ".join(render(role_label(r)) for r in sorted(account.roles))
            self.list.addItem(f"{account.username} — {account.full_name} ({roles})")
        if not accounts:
            self.problem.setText(_("The first account is the administrator's."))
            self.roles[Role.ADMINISTRATOR].setChecked(True)

    def create(self) -> None:
        roles = [role for role, box in self.roles.items() if box.isChecked()]
        try:
            create_account(self.db, self.user, username=self.username.text(),
                           full_name=self.full_name.text(), password=self.password.text(),
                           roles=roles, position=self.position.text())
        except AccountError as error:
            self.problem.setText(render(error.message))
            return
        self.problem.setText("")
        for edit in (self.username, self.full_name, self.position, self.password):
            edit.clear()
        self.refresh()
