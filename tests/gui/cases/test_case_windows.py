"""The case windows: login, a step taken from the case window, my work, certificate, reports."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop import i18n
from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register
from desktop.storage.database import Database
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.certificate_dialog import CertificateDialog
from desktop.ui.cases.login_dialog import LoginDialog
from desktop.ui.cases.my_work import MyWorkView
from desktop.ui.cases.reports_dialog import ReportsDialog
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow

PASSWORD = "correct-horse-9"


@pytest.fixture
def office(configured_db: Database,
           tmp_path: Path) -> tuple[CaseService, dict[str, CurrentUser], str]:
    db = configured_db
    users: dict[str, CurrentUser] = {}
    for name, full, role in (("admin", "Әкімші Тест", Role.ADMINISTRATOR),
                             ("head", "Басшы Тест", Role.HEAD),
                             ("exec", "Орындаушы Тест", Role.EXECUTOR),
                             ("desk", "Қызметкер Тест", Role.FRONT_DESK)):
        users[name] = create_account(db, users.get("admin"), username=name, full_name=full,
                                     password=PASSWORD, roles=[role])
    day = dt.date.today()
    overlay = write_test_overlay(tmp_path / "params", "karaganda", [Quarter.of(day)])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    session = new_session(context, day)
    fill_family(session, 3)
    app_id = register(context, session, "kk").application.application_id
    return CaseService(db, context.parameters), users, app_id


def test_login_refuses_a_wrong_password_then_logs_in(qtbot, office) -> None:
    cases, _users, _app = office
    dialog = LoginDialog(cases.db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "head")
    qtbot.keyClicks(dialog.password, "wrong-password")
    dialog.login_button.click()
    assert dialog.user is None and dialog.problem.text()
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.login_button.click()
    assert dialog.user is not None and dialog.user.roles == {Role.HEAD}


def test_case_window_shows_only_the_steps_of_the_user(qtbot, office, monkeypatch) -> None:
    cases, users, app_id = office
    desk = CaseWindow(cases, users["desk"], app_id)
    qtbot.addWidget(desk)
    assert "visa" not in {a.value for a in desk.buttons}
    head = CaseWindow(cases, users["head"], app_id)
    qtbot.addWidget(head)
    assert "visa" in {a.value for a in head.buttons}
    from desktop.ui.cases import case_window

    monkeypatch.setattr(case_window.VisaForm, "exec", lambda self: True)
    with qtbot.waitSignal(head.changed):
        head.buttons[next(a for a in head.buttons if a.value == "visa")].click()
    assert head.labels["executor"].text() == "Орындаушы Тест"
    work = MyWorkView(cases, users["exec"])
    qtbot.addWidget(work)
    assert work.table.rowCount() == 1


def test_certificate_dialog_and_reports(qtbot, office, tmp_path: Path) -> None:
    cases, users, _app = office
    dialog = CertificateDialog(cases.db, users["desk"])
    qtbot.addWidget(dialog)
    dialog.iin.setText("900101300126")
    dialog.find()
    assert dialog.print_button.isEnabled() and dialog.surname.isEnabled()
    reports = ReportsDialog(cases.db)
    qtbot.addWidget(reports)
    assert reports.tabs.count() == 3
    # counts to the right as a column of figures, the totals' line bold, no row numbers
    statuses, table = reports.tabs.widget(0), reports.tables[0]
    assert table.totals and table.rows and not statuses.verticalHeader().isVisible()
    counts = [statuses.item(r, c) for r, row in enumerate(table.rows)
              for c, value in enumerate(row) if isinstance(value, int)]
    assert counts and all(item.textAlignment() & Qt.AlignmentFlag.AlignRight.value
                          for item in counts)
    last = statuses.rowCount() - 1
    assert all(statuses.item(last, c).font().bold() for c in range(statuses.columnCount()))
    assert not statuses.item(0, 0).font().bold()
    reports.write(tmp_path / "r.xlsx", "xlsx", "kk")
    assert (tmp_path / "r.xlsx").stat().st_size > 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_screenshots_of_the_case_windows(qtbot, office, lang: str, tmp_path: Path) -> None:
    cases, users, app_id = office
    i18n.set_language(lang)
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    window = MainWindow(AppContext(cases.db, LanguageController(), user=users["exec"]))
    qtbot.addWidget(window)
    window.cases_panel.show_work()
    case = CaseWindow(cases, users["exec"], app_id)
    qtbot.addWidget(case)
    case.show()
    window.show()
    qtbot.wait(50)
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at them
    window.grab().save(str(folder / f"main-{lang}.png"))
    case.grab().save(str(folder / f"case-{lang}.png"))
    assert window.cases_panel.menu.title() and case.windowTitle()
