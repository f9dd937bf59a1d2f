"""The person at the keyboard: log out or switch user, change one's password, the status bar
line naming the user and role, and the idle lock.

Installed by the main window with one call; adds its commands to the File menu. A switch of
user hides every window, asks for a log-in, closes the windows opened for the previous person
(case windows, intake wizards, print dialogs) and offers only what the new person may do. The
idle lock (on by default: 10 minutes, the administrator's setting) does the same, except that
the same person logging back in finds the windows as they were.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.model import short_name
from desktop.domain.roles import Permission, role_label
from desktop.i18n import _, render
from desktop.services.accounts import (
    CurrentUser,
    current_user,
    has_accounts,
    idle_lock_minutes,
    log_out,
)

if TYPE_CHECKING:
    from desktop.ui.cases.panel import CasesPanel
    from desktop.ui.main_window import AppContext, MainWindow

_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin})


class _IdleWatch(QObject):
    """Notes the time of the last key press or mouse move anywhere in the application."""

    def __init__(self) -> None:
        super().__init__()
        self.last = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self.last = time.monotonic()
        return False


class UserSession:
    """``switch_user`` and ``lock`` run the log-in dialog; ``status_texts`` name the user."""

    CHECK_MS = 15_000

    def __init__(self, window: MainWindow, context: AppContext, panel: CasesPanel) -> None:
        self.window, self.context, self.panel = window, context, panel
        self.action_password = QAction(window, objectName="action_change_password")
        self.action_password.triggered.connect(self.change_password)
        self.action_switch = QAction(window, objectName="action_switch_user")
        self.action_switch.triggered.connect(self.switch_user)
        menu = window.menu_file
        menu.insertAction(window.action_exit, self.action_password)
        menu.insertAction(window.action_exit, self.action_switch)
        menu.insertSeparator(window.action_exit)
        panel.accounts_closed = self.reload_user
        self.locked = False
        self.idle_minutes = 0
        self.watch: _IdleWatch | None = None
        self.timer = QTimer(window, objectName="idle_lock_timer")
        self.timer.timeout.connect(self._check_idle)
        self.configure_idle_lock()
        context.language.language_changed.connect(lambda _lang: self.retranslate())
        self.bind_actor()
        self.retranslate()

    def bind_actor(self) -> None:
        """Registrations, prints and other audited work name the person logged in, not the
        workstation's operator from the setup; the next application is accepted in their
        name (the intake desk forgets the accepting person it had)."""
        user = self.user
        self.context.db.acting_staff_id = \
            user.staff_id if user is not None and user.account_id is not None else None
        self.window.desk.reset()

    # --- what the window shows -----------------------------------------------------------

    @property
    def user(self) -> CurrentUser | None:
        return self.context.user

    def status_texts(self) -> tuple[str, str] | None:
        """"User: name (roles)" for an account, whole and with the name as surname and
        initials (what the status bar gives way to); None for the workstation's operator."""
        user = self.user
        if user is None or user.account_id is None:
            return None
        roles = ", ".join(render(role_label(role)) for role in sorted(user.roles))
        template = _("User: {name} ({roles})")
        return (template.format(name=user.full_name, roles=roles),
                template.format(name=short_name(user.full_name), roles=roles))

    def update_status(self) -> None:
        texts = self.status_texts()
        if texts is not None:
            whole, short = texts
            self.window.status_operator.setText(whole)
            self.window.status_operator.set_short_form(short)

    def update_actions(self) -> None:
        user = self.user
        self.action_password.setEnabled(user is not None and user.account_id is not None)
        self.action_switch.setEnabled(has_accounts(self.context.db))
        self.window.action_new.setEnabled(
            user is None or user.can(Permission.REGISTER_APPLICATIONS))
        # The office and operator of the workstation: the administrator's once accounts exist.
        self.window.action_settings.setEnabled(
            user is None or user.account_id is None or user.can(Permission.MANAGE_ACCOUNTS))
        self.window.action_poverty_lines.setEnabled(self.window._may_set_parameters(self.context))

    def retranslate(self) -> None:
        self.action_password.setText(_("Change my &password…"))
        self.action_switch.setText(_("&Log out / switch user…"))
        self.update_actions()
        self.update_status()

    def apply(self) -> None:
        """Someone logged in: re-apply their permissions to every menu and the status bar."""
        self.bind_actor()
        self.panel.refresh_permissions()
        self.window._update_status()
        self.update_actions()

    # --- commands ------------------------------------------------------------------------

    def change_password(self) -> None:
        from desktop.ui.cases.password_dialog import PasswordDialog

        user = self.user
        if user is not None and user.account_id is not None:
            PasswordDialog(self.context.db, user, self.window).exec()

    def reload_user(self) -> None:
        """After the accounts dialog: the user's own roles may have changed."""
        user = self.user
        if user is not None and user.account_id is not None:
            self.context.user = current_user(self.context.db, user.account_id) or user
        self.bind_actor()  # their name or position may have changed
        self.configure_idle_lock()  # the administrator may have changed its minutes
        self.panel.refresh_permissions()
        self.window._update_status()
        self.update_actions()

    def switch_user(self) -> None:
        """Log out: close the person's windows and ask who works next."""
        self._log_in_again(keep_windows=False)

    def lock(self) -> None:
        """The idle lock: the same person logging back in keeps their windows."""
        self._log_in_again(keep_windows=True)

    def _log_in_again(self, *, keep_windows: bool) -> None:
        from desktop.ui.cases.login_dialog import LoginDialog

        if self.locked or not has_accounts(self.context.db):
            return
        self.locked = True
        previous = self.user
        if previous is not None:
            log_out(self.context.db, previous)
        personal = self._personal_windows()
        if not keep_windows:
            self._close_windows()
        hidden = [w for w in QApplication.topLevelWidgets()
                  if w.isVisible() and w is not self.window]
        for widget in hidden:
            widget.hide()
        self.window.hide()
        note = _("The session was locked after {minutes} minutes without work.").format(
            minutes=self.idle_minutes) if keep_windows else ""
        dialog = LoginDialog(self.context.db, self.window,
                             username=previous.username if keep_windows and previous else "",
                             note=note)
        accepted = bool(dialog.exec()) and dialog.user is not None
        self.locked = False
        if not accepted:
            self.context.user = None
            self.bind_actor()
            self.window.close()  # nobody logged in: the application ends, as at start
            return
        self.context.user = dialog.user
        same = previous is not None and dialog.user is not None and \
            previous.account_id == dialog.user.account_id
        if keep_windows and not same:
            self._close_windows()
        closed = [] if keep_windows and same else personal
        for widget in hidden:  # floating docks and the like come back; personal ones do not
            if not any(widget is w for w in closed):
                widget.show()
        self.window.show()
        self.apply()
        if self.watch is not None:
            self.watch.last = time.monotonic()

    def _personal_windows(self) -> list[QWidget]:
        return [*self.window.desk.windows, *self.window.documents.dialogs, *self.panel.windows]

    def _close_windows(self) -> None:
        """The previous person's open windows: drafts save themselves as a wizard closes."""
        for wizard in list(self.window.desk.windows):
            wizard.close()
        for dialog in list(self.window.documents.dialogs):
            dialog.close()
        self.panel.user_changed()

    # --- the idle lock -------------------------------------------------------------------

    def configure_idle_lock(self) -> None:
        """Read the administrator's setting; the watch on input runs only when it is on."""
        self.idle_minutes = idle_lock_minutes(self.context.db)
        app = QApplication.instance()
        if self.idle_minutes and self.watch is None and app is not None:
            self.watch = _IdleWatch()
            app.installEventFilter(self.watch)
            self.timer.start(self.CHECK_MS)
        elif not self.idle_minutes and self.watch is not None:
            if app is not None:
                app.removeEventFilter(self.watch)
            self.watch = None
            self.timer.stop()

    def idle_seconds(self) -> float:
        return time.monotonic() - self.watch.last if self.watch is not None else 0.0

    def _check_idle(self) -> None:
        """Lock once idle long enough; not over a modal dialog (its caller waits for it)."""
        if self.idle_minutes and self.user is not None and self.user.account_id is not None \
                and self.idle_seconds() >= self.idle_minutes * 60 and self.window.isVisible() \
                and QApplication.activeModalWidget() is None:
            self.lock()

