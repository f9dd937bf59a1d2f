"""Accounts of this workstation (administrator): the list, the selected account's roles, a
password reset, unlocking, deactivation; a new account; the idle lock of the session.

The dialog only shows and collects: every change goes through ``desktop.services.accounts``,
which refuses what the person logged in may not do, whatever the dialog offers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.roles import Permission, Role, role_label
from desktop.i18n import _, render
from desktop.services.accounts import (
    MAX_IDLE_LOCK_MINUTES,
    AccountError,
    AccountSummary,
    CurrentUser,
    create_account,
    idle_lock_minutes,
    list_accounts,
    reset_password,
    set_active,
    set_idle_lock_minutes,
    set_roles,
    unlock,
)
from desktop.storage.database import Database, DatabaseError
from desktop.ui.field_row import PROBLEM_STYLE, FieldRow

INFO_STYLE = "color: #1b5e20;"


def _roles_grid(prefix: str) -> tuple[QGridLayout, dict[Role, QCheckBox]]:
    """The seven roles in two columns, in the order of the regulations."""
    grid = QGridLayout()
    boxes: dict[Role, QCheckBox] = {}
    for index, role in enumerate(Role):
        check = QCheckBox(render(role_label(role)), objectName=f"{prefix}_{role.value}")
        grid.addWidget(check, index % 4, index // 4)
        boxes[role] = check
    return grid, boxes


def state_text(account: AccountSummary) -> str:
    if not account.active:
        return _("Deactivated")
    parts = [_("Locked") if account.locked else _("Active")]
    if account.must_change_password:
        parts.append(_("temporary password"))
    return ", ".join(parts)


class TemporaryPasswordDialog(QDialog):
    """The temporary password an administrator gives a person (told to them, so not hidden)."""

    def __init__(self, db: Database, user: CurrentUser | None, account: AccountSummary,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("temporary_password_dialog")
        self.db, self.user, self.account = db, user, account
        self.setWindowTitle(_("Reset the password"))
        self.setMinimumWidth(520)
        about = QLabel(_("{name} logs in with this password once and then chooses their own.")
                       .format(name=account.full_name))
        about.setWordWrap(True)
        self.password = QLineEdit(objectName="temporary_password")
        self.row = FieldRow(self.password)
        self.password.textEdited.connect(lambda _text: self.row.set_problem(None))
        form = QFormLayout()
        form.addRow(_("Temporary password"), self.row)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Reset the password"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("temporary_password_ok")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.reset)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def reset(self) -> None:
        try:
            reset_password(self.db, self.user, self.account.account_id, self.password.text())
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            self.row.set_problem(render(error.message))
            self.adjustSize()  # a wrapped message needs its height
            return
        self.accept()


class AccountsDialog(QDialog):
    """With no accounts yet, the first one made here is the administrator."""

    def __init__(self, db: Database, user: CurrentUser | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accounts_dialog")
        self.db, self.user = db, user
        self.accounts: list[AccountSummary] = []
        self.setWindowTitle(_("Accounts"))
        self.resize(840, 600)
        self.tabs = QTabWidget(objectName="accounts_tabs")
        self.tabs.addTab(self._build_list_tab(), _("Accounts"))
        self.tabs.addTab(self._build_new_tab(), _("New account"))
        self.message = QLabel(objectName="account_message")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()
        if not self.accounts:
            self.tabs.setCurrentIndex(1)

    # --- construction ------------------------------------------------------------------

    def _build_list_tab(self) -> QWidget:
        page = QWidget()
        self.table = QTableWidget(0, 5, objectName="accounts_table")
        self.table.setHorizontalHeaderLabels([_("Username"), _("Full name"), _("Office"),
                                              _("Roles"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.selected_box = QGroupBox(objectName="account_selected")
        grid, self.edit_roles = _roles_grid("edit_role")
        self.save_roles_button = QPushButton(_("&Save the roles"), objectName="account_save_roles")
        self.save_roles_button.clicked.connect(self.save_roles)
        self.reset_button = QPushButton(_("&Reset the password…"),
                                        objectName="account_reset_password")
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button = QPushButton(_("&Unlock"), objectName="account_unlock")
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button = QPushButton(objectName="account_toggle_active")
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QHBoxLayout()
        for button in (self.save_roles_button, self.reset_button, self.unlock_button,
                       self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box = QVBoxLayout(self.selected_box)
        box.addLayout(grid)
        box.addLayout(buttons)
        self.idle_lock = QSpinBox(objectName="idle_lock_minutes")
        self.idle_lock.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_lock.setSpecialValueText(_("do not lock"))
        self.idle_lock.setSuffix(_(" min"))
        self.idle_lock.setMaximumWidth(240)
        self.idle_lock.setValue(idle_lock_minutes(self.db))
        self.idle_lock.editingFinished.connect(self.save_idle_lock)
        idle = QFormLayout()
        idle.addRow(_("Lock the session when idle for"), self.idle_lock)
        layout = QVBoxLayout(page)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.selected_box)
        layout.addLayout(idle)
        return page

    def _build_new_tab(self) -> QWidget:
        page = QWidget()
        self.username = QLineEdit(objectName="account_username")
        self.full_name = QLineEdit(objectName="account_full_name")
        self.position = QLineEdit(objectName="account_position")
        self.password = QLineEdit(objectName="account_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_rows = {key: FieldRow(edit) for key, edit in (
            ("username", self.username), ("full_name", self.full_name),
            ("password", self.password))}
        for row in self.new_rows.values():
            editor = row.editor
            assert isinstance(editor, QLineEdit)
            editor.textEdited.connect(lambda _text, r=row: r.set_problem(None))
        box = QGroupBox(_("Roles"))
        grid, self.roles = _roles_grid("account_role")
        box.setLayout(grid)
        self.problem = QLabel(objectName="account_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.create_button = QPushButton(_("&Create the account"), objectName="account_create")
        self.create_button.clicked.connect(self.add_account)
        form = QFormLayout()
        form.addRow(_("Username"), self.new_rows["username"])
        form.addRow(_("Full name"), self.new_rows["full_name"])
        form.addRow(_("Position"), self.position)
        form.addRow(_("Password"), self.new_rows["password"])
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.problem)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        return page

    # --- state -------------------------------------------------------------------------

    @property
    def is_administrator(self) -> bool:
        return self.user is not None and self.user.can(Permission.MANAGE_ACCOUNTS)

    def refresh(self, select: str | None = None) -> None:
        """Reload the list, keeping (or moving to) the account ``select``."""
        current = select or (self.current.account_id if self.current else None)
        self.accounts = list_accounts(self.db)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            roles = ", ".join(render(role_label(r)) for r in sorted(account.roles))
            for column, text in enumerate((account.username, account.full_name,
                                           account.office_code, roles, state_text(account))):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        found = next((i for i, a in enumerate(self.accounts) if a.account_id == current), None)
        if found is not None:
            self.table.selectRow(found)
        self._selected()
        first = not self.accounts
        if first:
            self.problem.setText(_("The first account is the administrator's."))
            self.roles[Role.ADMINISTRATOR].setChecked(True)
        self.tabs.setTabEnabled(1, first or self.is_administrator)
        self.idle_lock.setEnabled(self.is_administrator)

    @property
    def current(self) -> AccountSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index: int = rows[0].row() if rows else -1
        return self.accounts[index] if 0 <= index < len(self.accounts) else None

    def _selected(self) -> None:
        account = self.current
        enabled = account is not None and self.is_administrator
        self.selected_box.setEnabled(enabled)
        self.selected_box.setTitle(
            _("Selected account: {name}").format(name=account.full_name) if account
            else _("Select an account in the list"))
        for role, box in self.edit_roles.items():
            box.setChecked(account is not None and role in account.roles)
        self.unlock_button.setEnabled(enabled and account is not None and account.locked)
        active = account is None or account.active
        self.active_button.setText(_("&Deactivate") if active else _("Re&activate"))

    def _say(self, text: str, problem: bool = False) -> None:
        self.message.setStyleSheet(PROBLEM_STYLE if problem else INFO_STYLE)
        self.message.setText(text)

    def _run(self, change: Callable[[], None], done: str) -> bool:
        """Run one change; its refusal or its result in the message line."""
        account = self.current
        try:
            change()
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            self._say(render(error.message), problem=True)
            return False
        self.refresh(account.account_id if account else None)
        self._say(done)
        return True

    # --- the selected account ------------------------------------------------------------

    def save_roles(self) -> None:
        account = self.current
        if account is None:
            return
        roles = [role for role, box in self.edit_roles.items() if box.isChecked()]
        self._run(lambda: set_roles(self.db, self.user, account.account_id, roles),
                  _("The roles of {name} are saved.").format(name=account.full_name))

    def reset_password(self) -> None:
        account = self.current
        if account is None:
            return
        if TemporaryPasswordDialog(self.db, self.user, account, self).exec():
            self.refresh(account.account_id)
            self._say(_("{name} must change the temporary password at the next log-in.")
                      .format(name=account.full_name))

    def unlock(self) -> None:
        account = self.current
        if account is not None:
            self._run(lambda: unlock(self.db, self.user, account.account_id),
                      _("{name} may log in again.").format(name=account.full_name))

    def toggle_active(self) -> None:
        account = self.current
        if account is None:
            return
        if account.active:
            answer = QMessageBox.question(
                self, _("Deactivate the account"),
                _("{name} will no longer be able to log in. The account stays in the records "
                  "and can be reactivated.").format(name=account.full_name))
            if answer != QMessageBox.StandardButton.Yes:
                return
            self._run(lambda: set_active(self.db, self.user, account.account_id, False),
                      _("The account of {name} is deactivated.").format(name=account.full_name))
        else:
            self._run(lambda: set_active(self.db, self.user, account.account_id, True),
                      _("The account of {name} is active again.").format(name=account.full_name))

    def save_idle_lock(self) -> None:
        minutes = self.idle_lock.value()
        if minutes == idle_lock_minutes(self.db):
            return
        try:
            set_idle_lock_minutes(self.db, self.user, minutes)
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            self._say(render(error.message), problem=True)
            return
        self._say(_("The session locks after {minutes} minutes without work.").format(
            minutes=minutes) if minutes else _("The session does not lock by itself."))

    # --- a new account -------------------------------------------------------------------

    def add_account(self) -> None:
        for row in self.new_rows.values():
            row.set_problem(None)
        roles = [role for role, box in self.roles.items() if box.isChecked()]
        try:
            create_account(self.db, self.user, username=self.username.text(),
                           full_name=self.full_name.text(), password=self.password.text(),
                           roles=roles, position=self.position.text())
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            at = self.new_rows.get(getattr(error, "field", None) or "")
            if at is not None:
                at.set_problem(render(error.message))
                at.editor.setFocus()
                self.problem.setText("")
            else:
                self.problem.setText(render(error.message))
            return
        name = self.full_name.text().strip()
        first = not self.accounts
        self.problem.setText("")
        for edit in (self.username, self.full_name, self.position, self.password):
            edit.clear()
        for box in self.roles.values():
            box.setChecked(False)
        self.refresh()
        self._say(_("The account of {name} is created.").format(name=name) if not first else
                  _("The administrator's account is created. To add the others, log in with "
                    "it: File → Log out / switch user."))
