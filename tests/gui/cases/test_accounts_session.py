"""The accounts dialog (administration of the selected account), changing one's password, a
log-in with a temporary password, and logging out / switching user in the main window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop import i18n
from desktop.domain.roles import Role, role_label
from desktop.domain.text import Text
from desktop.services.accounts import (
    MAX_FAILURES,
    AccountError,
    CurrentUser,
    create_account,
    idle_lock_minutes,
    list_accounts,
    log_in,
    reset_password,
)
from desktop.services.workstation import load_setup
from desktop.storage.database import Database
from desktop.ui.cases.accounts_dialog import AccountsDialog, TemporaryPasswordDialog
from desktop.ui.cases.login_dialog import LoginDialog
from desktop.ui.cases.password_dialog import PasswordDialog
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow

PASSWORD = "correct-horse-9"
TEMPORARY = "temporary-42"
NEW = "my-own-secret-7"


@dataclass
class Office:
    db: Database
    users: dict[str, CurrentUser]
    applications: tuple[str, ...]


@pytest.fixture
def office(desk) -> Office:
    users: dict[str, CurrentUser] = {}
    for name, full, roles in (("admin", "Әкімші Тест", [Role.ADMINISTRATOR]),
                              ("head", "Басшы Тест", [Role.HEAD]),
                              ("exec", "Орындаушы Тест", [Role.EXECUTOR]),
                              ("desk", "Қызметкер Тест", [Role.FRONT_DESK])):
        users[name] = create_account(desk.db, users.get("admin"), username=name,
                                     full_name=full, password=PASSWORD, roles=roles)
    return Office(desk.db, users, desk.registered)


def _row(dialog: AccountsDialog, username: str) -> int:
    return next(i for i, a in enumerate(dialog.accounts) if a.username == username)


def _summary(db: Database, username: str):
    return next(a for a in list_accounts(db) if a.username == username)


def _logs_in_as(monkeypatch: pytest.MonkeyPatch, username: str | None,
                password: str = PASSWORD) -> list[LoginDialog]:
    """Make the next log-in dialogs type ``username`` (None: press Cancel)."""
    shown: list[LoginDialog] = []

    def run(dialog: LoginDialog) -> int:
        shown.append(dialog)
        if username is None:
            dialog.reject()
            return 0
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.login_button.click()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", run)
    return shown


def test_the_administrator_changes_roles_unlocks_and_deactivates(qtbot, office,
                                                                 monkeypatch) -> None:
    db = office.db
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            log_in(db, "desk", "not-the-password")
    dialog = AccountsDialog(db, office.users["admin"])
    qtbot.addWidget(dialog)
    assert dialog.tabs.isTabEnabled(1) and dialog.idle_lock.isEnabled()
    dialog.table.selectRow(_row(dialog, "exec"))
    assert dialog.selected_box.isEnabled() and not dialog.unlock_button.isEnabled()
    assert dialog.edit_roles[Role.EXECUTOR].isChecked()
    dialog.edit_roles[Role.SECTOR_HEAD].setChecked(True)
    dialog.save_roles_button.click()
    assert _summary(db, "exec").roles == {Role.EXECUTOR, Role.SECTOR_HEAD}
    assert "Орындаушы Тест" in dialog.message.text()
    assert dialog.current is not None and dialog.current.username == "exec"  # kept selected

    dialog.table.selectRow(_row(dialog, "desk"))
    assert dialog.unlock_button.isEnabled()
    dialog.unlock_button.click()
    assert not _summary(db, "desk").locked and not dialog.unlock_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.active_button.click()
    assert not _summary(db, "desk").active
    assert dialog.table.item(_row(dialog, "desk"), 4).text() == i18n._("Deactivated")
    dialog.active_button.click()  # now "Reactivate"
    assert _summary(db, "desk").active

    dialog.table.selectRow(_row(dialog, "admin"))  # the last administrator
    dialog.edit_roles[Role.ADMINISTRATOR].setChecked(False)
    dialog.edit_roles[Role.HEAD].setChecked(True)
    dialog.save_roles_button.click()
    assert _summary(db, "admin").roles == {Role.ADMINISTRATOR}
    assert dialog.message.text() == i18n.render(Text(
        "This is the last active administrator: give another account the administrator's "
        "role first."))


def test_reset_password_from_the_dialog_then_the_user_must_change_it(qtbot, office,
                                                                     monkeypatch) -> None:
    db = office.db
    dialog = AccountsDialog(db, office.users["admin"])
    qtbot.addWidget(dialog)
    dialog.table.selectRow(_row(dialog, "head"))
    typed: list[TemporaryPasswordDialog] = []

    def run(reset: TemporaryPasswordDialog) -> int:
        typed.append(reset)
        reset.password.setText("head")  # too short, and the username: refused at the field
        reset.ok_button.click()
        assert reset.row.problem.text() and not reset.result()
        reset.password.setText(TEMPORARY)
        reset.ok_button.click()
        return reset.result()

    monkeypatch.setattr(TemporaryPasswordDialog, "exec", run)
    dialog.reset_button.click()
    assert typed and _summary(db, "head").must_change_password
    assert "Басшы Тест" in dialog.message.text()

    def choose(password: PasswordDialog) -> int:
        assert not password.fields["old_password"].isVisibleTo(password)
        password.edit("new_password").setText(NEW)
        password.edit("repeat_password").setText(NEW + "?")
        password.ok_button.click()
        assert password.fields["repeat_password"].problem.text() and not password.result()
        password.edit("repeat_password").setText(NEW)
        password.ok_button.click()
        return password.result()

    monkeypatch.setattr(PasswordDialog, "exec", choose)
    login = LoginDialog(db)
    qtbot.addWidget(login)
    login.username.setText("head")
    login.password.setText(TEMPORARY)
    login.login_button.click()
    assert login.user is not None and login.user.roles == {Role.HEAD}
    assert not login.user.must_change_password
    assert log_in(db, "head", NEW).username == "head"


def test_cancelling_the_new_password_leaves_nobody_logged_in(qtbot, office,
                                                             monkeypatch) -> None:
    reset_password(office.db, office.users["admin"], office.users["exec"].account_id or "",
                   TEMPORARY)
    monkeypatch.setattr(PasswordDialog, "exec", lambda self: 0)
    login = LoginDialog(office.db)
    qtbot.addWidget(login)
    login.username.setText("exec")
    login.password.setText(TEMPORARY)
    login.login_button.click()
    assert login.user is None and login.problem.text() and not login.result()


def test_a_non_administrator_sees_the_list_only(qtbot, office) -> None:
    dialog = AccountsDialog(office.db, office.users["head"])
    qtbot.addWidget(dialog)
    dialog.table.selectRow(_row(dialog, "exec"))
    assert not dialog.selected_box.isEnabled()
    assert not dialog.tabs.isTabEnabled(1) and not dialog.idle_lock.isEnabled()
    dialog.save_roles()  # even when called: the service refuses
    assert dialog.message.text() and _summary(office.db, "exec").roles == {Role.EXECUTOR}


def test_new_account_problems_are_shown_at_their_field(qtbot, office) -> None:
    dialog = AccountsDialog(office.db, office.users["admin"])
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)
    dialog.username.setText("zhanar")
    dialog.full_name.setText("Жанар Сапарова")
    dialog.password.setText("zhanar")
    dialog.roles[Role.EXECUTOR].setChecked(True)
    dialog.create_button.click()
    assert dialog.new_rows["password"].problem.text()
    assert not dialog.new_rows["username"].problem.text()
    dialog.password.setText(PASSWORD)
    dialog.create_button.click()
    assert _summary(office.db, "zhanar").roles == {Role.EXECUTOR}
    assert not dialog.new_rows["password"].problem.text()


def test_change_own_password_messages_at_each_field(qtbot, office) -> None:
    dialog = PasswordDialog(office.db, office.users["exec"])
    qtbot.addWidget(dialog)
    dialog.edit("old_password").setText("not-my-password")
    dialog.edit("new_password").setText(NEW)
    dialog.edit("repeat_password").setText(NEW)
    dialog.ok_button.click()
    assert dialog.fields["old_password"].problem.text() == "Қазіргі құпиясөз қате."
    dialog.edit("old_password").setText(PASSWORD)
    dialog.edit("new_password").setText("exec")
    dialog.ok_button.click()
    assert not dialog.fields["old_password"].problem.text()
    assert dialog.fields["new_password"].problem.text()
    dialog.edit("new_password").setText(NEW)
    dialog.ok_button.click()
    assert dialog.result() and log_in(office.db, "exec", NEW)


def test_the_idle_lock_setting_is_the_administrators(qtbot, office) -> None:
    dialog = AccountsDialog(office.db, office.users["admin"])
    qtbot.addWidget(dialog)
    assert dialog.idle_lock.value() == 10  # on by default
    dialog.idle_lock.setValue(25)
    dialog.save_idle_lock()
    assert idle_lock_minutes(office.db) == 25 and "25" in dialog.message.text()


@pytest.fixture
def main(qtbot, office) -> Iterator[MainWindow]:
    db = office.db
    window = MainWindow(AppContext(db=db, language=LanguageController(), setup=load_setup(db),
                                   user=office.users["admin"]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    for case in list(window.cases_panel.windows):
        case.close()


def _label(role: Role) -> str:
    return i18n.render(role_label(role))


def _enabled(window: MainWindow) -> dict[str, bool]:
    panel = window.cases_panel
    return {"accounts": panel.action_accounts.isEnabled(),
            "reports": panel.action_reports.isEnabled(),
            "certificate": panel.action_certificate.isEnabled(),
            "new": window.action_new.isEnabled(),
            "poverty_lines": window.action_poverty_lines.isEnabled(),
            "settings": window.action_settings.isEnabled(),
            "password": window.session.action_password.isEnabled()}


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the floating dock, offscreen
def test_switch_user_closes_the_case_windows_and_applies_the_new_roles(qtbot, office, main,
                                                                      monkeypatch) -> None:
    assert main.status_operator.text() == f"Пайдаланушы: Әкімші Тест ({_label(Role.ADMINISTRATOR)})"
    assert _enabled(main) == {"accounts": True, "reports": True, "certificate": False,
                              "new": False, "poverty_lines": True, "settings": True,
                              "password": True}
    main.cases_panel.open_case(office.applications[0])
    main.cases_panel.show_work()
    assert len(main.cases_panel.windows) == 1 and main.cases_panel.work_dock is not None
    case = main.cases_panel.windows[0]
    main.drafts_dock.setFloating(True)  # a floating dock is no one's window: it comes back
    assert main.drafts_dock.isVisible()
    before = main.desk.context()
    assert before is not None and before.staff_id == office.users["admin"].staff_id
    shown = _logs_in_as(monkeypatch, "desk")
    main.session.action_switch.trigger()
    assert main.drafts_dock.isVisible()
    assert shown and shown[0].username.text() == "desk"  # a fresh dialog, no name kept
    assert main.context.user is not None and main.context.user.username == "desk"
    assert not case.isVisible() and main.cases_panel.windows == []
    assert main.cases_panel.work_dock is None
    assert main.isVisible()
    accepting = main.desk.context()  # the next application is accepted in the clerk's name
    assert accepting is not None and accepting.staff_id == office.users["desk"].staff_id
    assert main.status_operator.text() == f"Пайдаланушы: Қызметкер Тест ({_label(Role.FRONT_DESK)})"
    assert _enabled(main) == {"accounts": False, "reports": False, "certificate": True,
                              "new": True, "poverty_lines": False, "settings": False,
                              "password": True}
    _logs_in_as(monkeypatch, "head")
    main.session.switch_user()
    assert _enabled(main) == {"accounts": False, "reports": True, "certificate": True,
                              "new": False, "poverty_lines": True, "settings": False,
                              "password": True}
    i18n.set_language("ru")
    main.language.language_changed.emit("ru")
    assert main.status_operator.text().startswith("Пользователь: Басшы Тест (")
    assert main.session.action_switch.text() == "&Выйти / сменить пользователя…"


def test_cancel_at_the_switch_ends_the_application(qtbot, office, main, monkeypatch) -> None:
    _logs_in_as(monkeypatch, None)
    main.session.switch_user()
    assert main.context.user is None and not main.isVisible()


def test_an_administrator_who_drops_their_own_role_loses_the_menu_at_once(
        qtbot, office, main, monkeypatch) -> None:
    create_account(office.db, office.users["admin"], username="admin2", full_name="Екінші",
                   password=PASSWORD, roles=[Role.ADMINISTRATOR])

    def run(dialog: AccountsDialog) -> int:
        dialog.table.selectRow(_row(dialog, "admin"))
        dialog.edit_roles[Role.ADMINISTRATOR].setChecked(False)
        dialog.edit_roles[Role.HEAD].setChecked(True)
        dialog.save_roles_button.click()
        return 0

    monkeypatch.setattr(AccountsDialog, "exec", run)
    main.cases_panel.action_accounts.trigger()
    assert main.context.user is not None and main.context.user.roles == {Role.HEAD}
    assert not main.cases_panel.action_accounts.isEnabled()
    assert main.status_operator.text() == f"Пайдаланушы: Әкімші Тест ({_label(Role.HEAD)})"


def test_the_idle_lock_keeps_the_windows_of_the_same_person(qtbot, office, main,
                                                            monkeypatch) -> None:
    from desktop.services.accounts import set_idle_lock_minutes

    set_idle_lock_minutes(office.db, office.users["admin"], 5)
    main.session.configure_idle_lock()
    assert main.session.watch is not None and main.session.timer.isActive()
    main.cases_panel.open_case(office.applications[0])
    case = main.cases_panel.windows[0]
    main.session._check_idle()  # not idle yet
    assert main.context.user is not None and main.context.user.username == "admin"
    main.session.watch.last -= 6 * 60
    shown = _logs_in_as(monkeypatch, "admin")
    main.session._check_idle()
    assert shown and shown[0].username.text() == "admin" and shown[0].note.isVisibleTo(shown[0])
    assert case.isVisible() and main.cases_panel.windows == [case]
    main.session.watch.last -= 6 * 60
    _logs_in_as(monkeypatch, "exec")
    main.session._check_idle()
    assert main.cases_panel.windows == [] and not case.isVisible()
    set_idle_lock_minutes(office.db, office.users["admin"], 0)
    main.session.configure_idle_lock()
    assert main.session.watch is None and not main.session.timer.isActive()


def test_the_idle_lock_is_on_by_default_once_accounts_exist(qtbot, office, main,
                                                             monkeypatch) -> None:
    """No setting stored: ten idle minutes lock the session; a key press restarts the count;
    the real timer does the locking."""
    session = main.session
    assert idle_lock_minutes(office.db) == 10 and session.idle_minutes == 10
    assert session.watch is not None and session.timer.isActive()
    session.watch.last -= 9 * 60 + 50
    qtbot.keyClick(main.journal_view.search_edit, Qt.Key.Key_A)  # someone is working
    assert session.idle_seconds() < 5
    session.watch.last -= 10 * 60
    shown = _logs_in_as(monkeypatch, "admin")
    session.timer.setInterval(20)  # the check runs every 15 s; sooner here
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert shown[0].username.text() == "admin" and "10" in shown[0].note.text()
    assert main.isVisible() and main.context.user is not None


def test_without_accounts_the_workstation_does_not_lock(qtbot, configured_db,
                                                        monkeypatch) -> None:
    window = MainWindow(AppContext(db=configured_db, language=LanguageController(),
                                   setup=load_setup(configured_db)))
    qtbot.addWidget(window)
    window.show()
    session = window.session
    assert session.idle_minutes == 10 and session.watch is not None
    session.watch.last -= 60 * 60
    shown = _logs_in_as(monkeypatch, "admin")
    session._check_idle()
    assert not shown and window.isVisible()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_screenshots_of_the_account_windows(qtbot, office, main, lang: str,
                                            tmp_path: Path) -> None:
    i18n.set_language(lang)
    main.language.language_changed.emit(lang)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            log_in(office.db, "desk", "not-the-password")
    reset_password(office.db, office.users["admin"], office.users["head"].account_id or "",
                   TEMPORARY)
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)
    accounts = AccountsDialog(office.db, office.users["admin"], main)
    qtbot.addWidget(accounts)
    accounts.show()
    accounts.table.selectRow(_row(accounts, "desk"))
    qtbot.wait(30)
    accounts.grab().save(str(folder / f"accounts-{lang}.png"))
    accounts.tabs.setCurrentIndex(1)
    accounts.password.setText("x")
    accounts.add_account()
    qtbot.wait(30)
    accounts.grab().save(str(folder / f"accounts-new-{lang}.png"))
    password = PasswordDialog(office.db, office.users["exec"], main)
    qtbot.addWidget(password)
    password.show()
    password.edit("old_password").setText("wrong-password")
    password.edit("new_password").setText(NEW)
    password.edit("repeat_password").setText(NEW)
    password.change()
    qtbot.wait(30)
    password.grab().save(str(folder / f"password-{lang}.png"))
    forced = PasswordDialog(office.db, office.users["head"], main, temporary=TEMPORARY)
    qtbot.addWidget(forced)
    forced.show()
    forced.edit("new_password").setText("head")
    forced.edit("repeat_password").setText("head")
    forced.change()
    qtbot.wait(30)
    forced.grab().save(str(folder / f"password-temporary-{lang}.png"))
    reset = TemporaryPasswordDialog(office.db, office.users["admin"],
                                    _summary(office.db, "exec"), main)
    qtbot.addWidget(reset)
    reset.show()
    reset.password.setText("exec")
    reset.ok_button.click()
    qtbot.wait(30)
    reset.grab().save(str(folder / f"reset-{lang}.png"))
    login = LoginDialog(office.db, main, username="admin",
                        note=i18n._("The session was locked after {minutes} minutes without "
                                    "work.").format(minutes=15))
    qtbot.addWidget(login)
    login.show()
    qtbot.wait(30)
    login.grab().save(str(folder / f"login-{lang}.png"))
    main.grab().save(str(folder / f"main-user-{lang}.png"))
    main.menu_file.adjustSize()
    main.menu_file.grab().save(str(folder / f"file-menu-{lang}.png"))
    assert accounts.windowTitle() and password.windowTitle() and login.windowTitle()


def test_without_accounts_the_operator_works_as_before(qtbot, window) -> None:
    assert window.context.user is None
    assert not window.session.action_switch.isEnabled()
    assert not window.session.action_password.isEnabled()
    assert window.action_new.isEnabled() and window.action_settings.isEnabled()
    assert window.status_operator.text() == "Оператор: Сейтқали Әлия Нұрланқызы"
    window.session.switch_user()  # nothing to log in to: nothing happens
    assert window.isVisible()


def test_prints_are_audited_in_the_name_of_the_person_logged_in(qtbot, office, main,
                                                                monkeypatch, tmp_path) -> None:
    from sqlalchemy import select

    from desktop.storage.models import AuditRecord

    _logs_in_as(monkeypatch, "desk")
    main.session.switch_user()
    dialog = main.documents.print_application(office.applications[0], "family")
    target = tmp_path / "family.pdf"
    monkeypatch.setattr(dialog, "ask_save_path", lambda suggested: target)
    dialog.save_button.click()
    assert target.stat().st_size > 0
    dialog.close()
    with office.db.session() as session:
        actors = session.scalars(select(AuditRecord.actor_id)
                                 .where(AuditRecord.action == "print.family")).all()
    assert actors == [office.users["desk"].staff_id]
