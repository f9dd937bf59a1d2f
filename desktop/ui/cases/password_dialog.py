"""Change one's own password: the current one, the new one twice, each message at its field.

Also shown right after a log-in with a temporary password set by the administrator; then the
current password is the one just typed, and the dialog only asks for the new one.
"""

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
from desktop.services.accounts import AccountError, CurrentUser, change_password
from desktop.storage.database import Database, DatabaseError
from desktop.ui.field_row import PROBLEM_STYLE, FieldRow


class PasswordDialog(QDialog):
    """``temporary``: the administrator's temporary password the user just logged in with."""

    def __init__(self, db: Database, user: CurrentUser, parent: QWidget | None = None, *,
                 temporary: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_dialog")
        self.db, self.user, self.temporary = db, user, temporary
        self.setWindowTitle(_("Change the password"))
        self.setMinimumWidth(520)
        self.fields: dict[str, FieldRow] = {}
        form = QFormLayout()
        for key, label in (("old_password", _("Current password")),
                           ("new_password", _("New password")),
                           ("repeat_password", _("New password again"))):
            edit = QLineEdit(objectName=key)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textEdited.connect(lambda _text, k=key: self.fields[k].set_problem(None))
            row = FieldRow(edit, self)
            self.fields[key] = row
            if key == "old_password" and temporary is not None:
                edit.setText(temporary)
                row.hide()  # already typed at log-in
                continue
            form.addRow(label, row)
        self.explanation = QLabel(objectName="password_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setText(
            _("The administrator gave you a temporary password. Choose your own to go on.")
            if temporary is not None else
            _("At least 8 characters, and not the same as your username."))
        self.problem = QLabel(objectName="password_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Change the password"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("password_ok")
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("password_cancel")
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        header = QLabel(objectName="password_user")
        header.setText(f"<b>{user.full_name}</b> ({user.username})")
        layout.addWidget(header)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        first = "new_password" if temporary is not None else "old_password"
        self.fields[first].editor.setFocus()

    def edit(self, key: str) -> QLineEdit:
        editor = self.fields[key].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def change(self) -> None:
        for row in self.fields.values():
            row.set_problem(None)
        self.problem.hide()
        try:
            change_password(self.db, self.user, self.edit("old_password").text(),
                            self.edit("new_password").text(),
                            self.edit("repeat_password").text())
        except (AccountError, DatabaseError) as error:  # DatabaseError: a full disk
            message = render(error.message)
            at = self.fields.get(getattr(error, "field", None) or "")
            if at is not None and at.isVisibleTo(self):
                at.set_problem(message)
                at.editor.setFocus()
            else:
                self.problem.setText(message)
                self.problem.show()
            self.adjustSize()  # a wrapped message needs its height
            return
        self.accept()
