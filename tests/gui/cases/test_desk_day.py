"""The case path as a desk meets it: a step form keeps what was typed when a step is refused,
a step is taken once, the case window follows a language switch, its history starts with the
registration and its step has its own deadline; before any account exists the visa says why
it cannot be given and My work today does not offer it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from desktop import i18n
from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.case_path import ACTION_LABELS, Action
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account, workstation_user
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register
from desktop.storage.database import Database
from desktop.storage.models import CaseEventRecord
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.my_work import MyWorkView
from desktop.ui.cases.step_forms import StepForm
from desktop.ui.language import LanguageController

PASSWORD = "correct-horse-9"


def _folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)


def _case(db: Database, tmp_path: Path, day: dt.date | None = None) -> tuple[CaseService, str]:
    day = day or dt.date.today()
    overlay = write_test_overlay(tmp_path / "params", "karaganda",
                                 [Quarter.of(day), Quarter.of(day).previous()])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    session = new_session(context, day)
    fill_family(session, 3)
    if day.year < 2019:  # the generated ID card is of 2019
        session.set_value("applicant_id_issue_date", "01.02.2010")
    app_id = register(context, session, "kk").application.application_id
    return CaseService(db, context.parameters), app_id


@pytest.fixture
def office(configured_db: Database, tmp_path: Path):
    db = configured_db
    users: dict[str, CurrentUser] = {}
    for name, full, role in (("admin", "Әкімші Тест", Role.ADMINISTRATOR),
                             ("head", "Басшы Тест", Role.HEAD),
                             ("exec", "Орындаушы Тест", Role.EXECUTOR),
                             ("member", "Комиссия Мүшесі", Role.COMMISSION_MEMBER)):
        users[name] = create_account(db, users.get("admin"), username=name, full_name=full,
                                     password=PASSWORD, roles=[role])
    cases, app_id = _case(db, tmp_path)
    return cases, users, app_id


def _in_form(window: CaseWindow, *steps: Callable[[StepForm], None]) -> list[str]:
    """Drive the step form ``window`` opens (modal): each callable once, in turn. A message
    box met instead (a step refused after its form closed) is noted and closed; after two
    seconds without a form the rest is given up, so a test fails rather than waits."""
    pending, boxes, tries = list(steps), [], [0]

    def next_step() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            boxes.append(modal.text())
            modal.close()
        if not isinstance(modal, StepForm) or not modal.isVisible():
            tries[0] += 1
            if tries[0] < 100:
                QTimer.singleShot(20, next_step)
            return
        step = pending.pop(0)
        try:
            step(modal)
        except Exception as error:  # the form is not the one expected: close, fail later
            boxes.append(repr(error))
            pending.clear()
            modal.reject()
        if pending:
            QTimer.singleShot(20, next_step)

    QTimer.singleShot(0, next_step)
    return boxes


def _events(cases: CaseService, action: Action) -> int:
    with cases.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(CaseEventRecord).where(
            CaseEventRecord.action == action.value)) or 0)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_refused_commission_act_keeps_everything_typed(qtbot, office, lang: str,
                                                         tmp_path: Path) -> None:
    cases, users, app_id = office
    i18n.set_language(lang)
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    cases.step(users["exec"], app_id, Action.REFER_TO_COMMISSION)
    window = CaseWindow(cases, users["member"], app_id)
    qtbot.addWidget(window)
    window.show()
    future = dt.date.today() + dt.timedelta(days=3)
    seen: dict[str, object] = {}

    def type_act(form: StepForm) -> None:
        form.survey_date.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(form.survey_date, future.strftime("%d%m%Y"))  # type: ignore[attr-defined]
        qtbot.keyClicks(form.act_number, "17/2")  # type: ignore[attr-defined]
        form.members.setPlainText("Комиссия Мүшесі\nЕкінші Мүше")  # type: ignore[attr-defined]
        form.need.setChecked(False)  # type: ignore[attr-defined]
        form.criteria[next(iter(form.criteria))].setChecked(True)  # type: ignore[attr-defined]
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)

    def look_and_fix(form: StepForm) -> None:
        seen["open"] = form.isVisible()
        seen["problem"] = form.problem.text()
        seen["kept"] = (form.act_number.text(),  # type: ignore[attr-defined]
                        form.members.toPlainText(),  # type: ignore[attr-defined]
                        form.need.isChecked(),  # type: ignore[attr-defined]
                        sum(b.isChecked() for b in form.criteria.values()))  # type: ignore[attr-defined]
        seen["date"] = form.survey_date.text()  # type: ignore[attr-defined]
        form.resize(760, form.sizeHint().height())
        form.grab().save(str(_folder(tmp_path) / f"act-refused-{lang}.png"))
        form.survey_date.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(form.survey_date, dt.date.today().strftime("%d.%m.%Y"))  # type: ignore[attr-defined]
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)

    _in_form(window, type_act, look_and_fix)
    with qtbot.waitSignal(window.changed, timeout=5000):
        window.buttons[Action.RECORD_CONCLUSION].click()
    assert seen["open"] is True
    assert seen["problem"] == i18n._("The survey date cannot be in the future.")
    assert seen["kept"] == ("17/2", "Комиссия Мүшесі\nЕкінші Мүше", False, 1)
    assert seen["date"] == future.strftime("%d.%m.%Y")  # digits typed, dots put in on leaving
    assert _events(cases, Action.RECORD_CONCLUSION) == 1
    assert window.done_label.text().startswith(i18n._("Done: {step}. The application is "
                                                      "now: {status}.").split("{step}")[0])
    assert Action.RECORD_CONCLUSION not in window.buttons


def test_a_step_without_a_form_is_asked_and_taken_once(qtbot, office, confirmations) -> None:
    cases, users, app_id = office
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    window = CaseWindow(cases, users["exec"], app_id)
    qtbot.addWidget(window)
    button = window.buttons[Action.REFER_TO_COMMISSION]
    confirmations.answer = False
    button.click()
    assert _events(cases, Action.REFER_TO_COMMISSION) == 0 and button.isEnabled()
    confirmations.answer = True
    with qtbot.waitSignal(window.changed):
        button.click()
    button.click()  # the old button, clicked again (a queued double click): nothing more
    window.take(Action.REFER_TO_COMMISSION)
    assert _events(cases, Action.REFER_TO_COMMISSION) == 1
    assert len(confirmations.asked) == 2


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_open_case_window_follows_a_language_switch(qtbot, office, lang: str,
                                                       tmp_path: Path) -> None:
    cases, users, app_id = office
    other = "ru" if lang == "kk" else "kk"
    i18n.set_language(other)
    controller = LanguageController()
    window = CaseWindow(cases, users["head"], app_id)
    qtbot.addWidget(window)
    window.show()
    closed = CaseWindow(cases, users["head"], app_id)
    closed.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    closed.show()
    closed.close()
    qtbot.waitUntil(lambda: closed not in QApplication.topLevelWidgets())
    controller.switch(lang)
    assert window.windowTitle() == i18n._("Case {number}").format(
        number=window.view.registration_number)  # type: ignore[union-attr]
    assert window.titles["status"].text() == i18n._("Status")
    assert window.buttons[Action.VISA].text() == i18n.render(ACTION_LABELS[Action.VISA])
    assert i18n._("Application registered") in window.history.toPlainText()
    window.resize(1000, 700)
    qtbot.wait(50)
    window.grab().save(str(_folder(tmp_path) / f"case-after-switch-{lang}.png"))


def test_the_history_starts_with_the_registration_and_the_step_has_its_own_term(
        qtbot, configured_db: Database, tmp_path: Path) -> None:
    day = dt.date(2016, 11, 21)  # the 2015 regulation gives each step its term
    cases, app_id = _case(configured_db, tmp_path, day)
    user = workstation_user(configured_db)
    assert user is not None
    window = CaseWindow(cases, user, app_id)
    qtbot.addWidget(window)
    history = window.history.toPlainText()
    assert i18n._("Application registered") in history and "Сейтқали Әлия" in history
    assert window.view is not None and window.view.service_due == dt.date(2016, 11, 29)
    # pass to the head and the head's visa: two hours each, the day it was accepted
    assert window.labels["step_due"].text() == i18n.format_date(day)
    assert window.labels["service_due"].text() == i18n.format_date(dt.date(2016, 11, 29))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_before_any_account_the_visa_says_why_and_my_work_does_not_offer_it(
        qtbot, configured_db: Database, tmp_path: Path, lang: str) -> None:
    i18n.set_language(lang)
    cases, app_id = _case(configured_db, tmp_path)
    operator = workstation_user(configured_db)
    assert operator is not None
    work = MyWorkView(cases, operator)
    qtbot.addWidget(work)
    assert [i.actions for i in work.items if i.application_id == app_id] == []
    window = CaseWindow(cases, operator, app_id)
    qtbot.addWidget(window)
    seen: dict[str, object] = {}

    def look(form: StepForm) -> None:
        seen["problem"] = form.problem.text()
        seen["ok"] = form.ok_button.isEnabled()
        form.grab().save(str(_folder(tmp_path) / f"visa-no-executor-{lang}.png"))
        form.reject()

    _in_form(window, look)
    window.buttons[Action.VISA].click()
    assert seen["ok"] is False
    assert seen["problem"] == i18n._(
        "The executor is named from the accounts of this office, and this workstation has no "
        "accounts yet. The administrator creates them, one with the role of responsible "
        "executor: Cases → Accounts…")
    admin = create_account(configured_db, None, username="admin", full_name="Әкімші Тест",
                           password=PASSWORD, roles=[Role.ADMINISTRATOR, Role.HEAD])
    create_account(configured_db, admin, username="exec", full_name="Орындаушы Тест",
                   password=PASSWORD, roles=[Role.EXECUTOR])
    work.refresh()
    assert [i.actions for i in work.items if i.application_id == app_id] == [(Action.VISA,)]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_certificate_is_issued_once_a_request(qtbot, office, lang: str,
                                                tmp_path: Path) -> None:
    from desktop.services.accounts import create_account as make
    from desktop.storage.models import CertificateIssueRecord
    from desktop.ui.cases.certificate_dialog import CertificateDialog

    cases, users, _app = office
    i18n.set_language(lang)
    desk = make(cases.db, users["admin"], username="desk", full_name="Қызметкер Тест",
                password=PASSWORD, roles=[Role.FRONT_DESK])
    dialog = CertificateDialog(cases.db, desk)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.iin, "900101300126")
    dialog.find()
    dialog.surname.setText("Тестов")
    dialog.first_name.setText("Тест")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.addWidget(dialog.pdf_dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)  # off: nothing more
    dialog.print_certificate()
    with cases.db.session() as s:
        numbers = s.scalars(select(CertificateIssueRecord.number)).all()
    assert len(numbers) == 1 and not dialog.print_button.isEnabled()
    assert dialog.answer.text() == i18n._("Done: certificate {number} is issued.").format(
        number=numbers[0])
    dialog.pdf_dialog.close()
    dialog.resize(700, dialog.sizeHint().height())
    dialog.grab().save(str(_folder(tmp_path) / f"certificate-issued-{lang}.png"))


def test_the_roles_ticked_for_the_first_account_are_kept(qtbot, configured_db: Database,
                                                         tmp_path: Path) -> None:
    """Before any account exists the operator makes the first one from the Cases menu: it is
    the administrator's and keeps every other role ticked for it, through the log-in."""
    from desktop.services.accounts import list_accounts, log_in
    from desktop.services.workstation import load_setup
    from desktop.ui.cases.accounts_dialog import AccountsDialog
    from desktop.ui.main_window import AppContext, MainWindow

    cases, app_id = _case(configured_db, tmp_path)
    window = MainWindow(AppContext(configured_db, LanguageController(),
                                   setup=load_setup(configured_db)))
    qtbot.addWidget(window)
    window.show()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AccountsDialog):
            QTimer.singleShot(20, fill)
            return
        qtbot.keyClicks(dialog.username, "aliya")
        dialog.full_name.setText("Сейтқали Әлия")
        qtbot.keyClicks(dialog.password, PASSWORD)
        for role in (Role.HEAD, Role.EXECUTOR):
            qtbot.mouseClick(dialog.roles[role], Qt.MouseButton.LeftButton,
                             pos=dialog.roles[role].rect().bottomLeft() + QPoint(6, -4))
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
        dialog.reject()

    QTimer.singleShot(0, fill)
    window.cases_panel.action_accounts.trigger()
    (account,) = list_accounts(configured_db)
    assert account.roles == {Role.ADMINISTRATOR, Role.HEAD, Role.EXECUTOR}
    user = log_in(configured_db, "aliya", PASSWORD)
    assert user.roles == {Role.ADMINISTRATOR, Role.HEAD, Role.EXECUTOR}
    work = MyWorkView(cases, user)
    qtbot.addWidget(work)
    assert [i.actions for i in work.items if i.application_id == app_id] == [(Action.VISA,)]
