"""A full disk at the desk: the real wizard registers on a 3 MiB file system (tmpfs, mounted
as root) that fills up; it says so in the person's language, keeps what was typed, does not
close on an unsaved draft without asking, and registers once there is room again. A case
step, the workstation settings and the accounts dialog keep what was typed the same way."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop import i18n
from desktop.demo.intake_family import fill_family, present_documents
from desktop.domain.roles import Role
from desktop.services.accounts import create_account, idle_lock_minutes
from desktop.services.cases import CaseService
from desktop.services.drafts import list_open_drafts
from desktop.services.intake import intake_context, new_session, register
from desktop.services.journal import Journal
from desktop.services.workstation import WorkstationSetup, load_setup, save_setup, set_setting
from desktop.storage.database import Database
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow
from desktop.ui.wizard.wizard_window import WizardWindow

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office",
    office_name_kk="Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
    office_name_ru="Отдел занятости и социальных программ Актогайского района",
    office_code="AKT-01", operator_full_name="Сейтқали Әлия Нұрланқызы",
    operator_position="бас маман")
FULL = {"kk": "Дискіде бос орын жоқ", "ru": "На диске нет места"}


@pytest.fixture
def small_db(small_disk, overlay) -> Iterator[Database]:
    db = Database.open(small_disk.folder / "komek.sqlite3")
    save_setup(db, SETUP)
    yield db
    db.close()


@pytest.fixture
def window(qtbot, small_db: Database) -> Iterator[MainWindow]:
    language = LanguageController(remember=lambda code: set_setting(small_db, "language", code))
    main = MainWindow(AppContext(db=small_db, language=language, setup=load_setup(small_db)))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    for wizard in list(main.desk.windows):
        wizard.not_saved = False
        wizard.close_unsaved = lambda: True  # type: ignore[method-assign]
        wizard.close()


def _wizard(qtbot, window: MainWindow) -> WizardWindow:
    window.desk.new_application()  # АСП's wizard, the chooser aside
    wizard = window.desk.windows[-1]
    qtbot.waitExposed(wizard)
    return wizard


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_register_on_a_full_disk_keeps_what_was_typed(qtbot, small_disk, small_db, window,
                                                     lang, monkeypatch, tmp_path):
    window.switch_language(lang)
    wizard = _wizard(qtbot, window)
    fill_family(wizard.session, 4, seed=3)
    wizard.dirty = True
    wizard.rebuild()
    assert wizard.save_draft()
    wizard.go_to("application")
    phone = wizard.current_page().findChild(QLineEdit, "applicant_phone")
    phone.setFocus()
    phone.clear()
    qtbot.keyClicks(phone, "87015550011")  # typed after the last save
    small_disk.fill(small_db)

    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    assert FULL[lang] in wizard.message.text()
    assert wizard.saved_label.text().startswith(
        i18n._("Draft not saved at {time}", lang).split("{time}")[0])
    assert not wizard.session.registration_number and not wizard.session.read_only
    assert wizard.session.value("applicant_phone") == "87015550011"
    assert Journal(small_db).count() == 0
    folder = Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)  # to look at them
    qtbot.wait(50)  # laid out with the message
    assert wizard.grab().save(str(folder / f"wizard-disk-full-{lang}.png"))

    asked: list[bool] = []
    monkeypatch.setattr(wizard, "close_unsaved", lambda: asked.append(True) or False)
    wizard.close()  # the draft cannot be saved: asked, and "No" keeps the window
    assert asked and wizard.isVisible() and wizard in window.desk.windows

    small_disk.free()
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    number = wizard.session.registration_number
    assert number and FULL[lang] not in wizard.message.text()
    assert Journal(small_db).count() == 1 and list_open_drafts(small_db) == []
    coupon = wizard.pdf_dialog.path
    assert coupon.parent == small_disk.folder / "prints"
    assert stat.S_IMODE(coupon.stat().st_mode) == 0o600
    assert stat.S_IMODE(coupon.parent.stat().st_mode) == 0o700


def test_autosave_and_a_refusal_slip_on_a_full_disk(qtbot, small_disk, small_db, window):
    wizard = _wizard(qtbot, window)
    fill_family(wizard.session, 3, documents=False, seed=4)
    present_documents(wizard.session, skip=("residence_registration",))
    wizard.dirty = True
    wizard.rebuild()
    small_disk.fill(small_db)
    wizard.save_draft()  # what the autosave timer calls
    assert wizard.dirty and FULL["kk"] in wizard.message.text()
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)
    assert FULL["kk"] in wizard.message.text() and wizard.pdf_dialog is None
    small_disk.free()
    qtbot.mouseClick(wizard.refuse_button, Qt.MouseButton.LeftButton)
    slip = wizard.pdf_dialog.path
    # the slip's file name says what and when, never whose
    assert slip.name.startswith("refusal-") and "Тест" not in slip.name
    assert stat.S_IMODE(slip.stat().st_mode) == 0o600


def test_a_case_step_on_a_full_disk_asks_again_with_the_choice_made(qtbot, small_disk,
                                                                    small_db, monkeypatch):
    from desktop.domain.case_path import Action
    from desktop.ui.cases import case_window as module

    admin = create_account(small_db, None, username="admin", full_name="Әкімші Тест",
                           password="correct-horse-9", roles=[Role.ADMINISTRATOR])
    head = create_account(small_db, admin, username="head", full_name="Басшы Тест",
                          password="correct-horse-9", roles=[Role.HEAD])
    for name in ("first", "second"):
        create_account(small_db, admin, username=name, full_name=f"Орындаушы {name}",
                       password="correct-horse-9", roles=[Role.EXECUTOR])
    context = intake_context(small_db)
    session = new_session(context)
    fill_family(session, 3)
    app_id = register(context, session, "ru").application.application_id
    i18n.set_language("ru")
    cases = CaseService(small_db, context.parameters)
    window = module.CaseWindow(cases, head, app_id)
    qtbot.addWidget(window)
    seen: list[tuple[str, str, bool]] = []

    def exec_(form) -> bool:
        """The head chooses and presses OK on a full disk: the form says so and stays open
        with the choice made; with room again, OK takes the step."""
        form.executor.setCurrentIndex(form.executor.findText("Орындаушы second"))
        small_disk.fill(small_db)
        form.accept()
        seen.append((form.problem.text(), form.executor.currentText(), form.submitted))
        small_disk.free()
        form.accept()
        return form.submitted

    monkeypatch.setattr(module.VisaForm, "exec", exec_)
    with qtbot.waitSignal(window.changed):
        window.buttons[Action.VISA].click()
    problem, choice, submitted = seen[0]
    assert FULL["ru"] in problem and choice == "Орындаушы second" and not submitted
    assert window.labels["executor"].text() == "Орындаушы second"


def test_settings_and_accounts_keep_what_was_typed_on_a_full_disk(qtbot, small_disk,
                                                                  small_db, window,
                                                                  monkeypatch):
    from desktop.ui import setup_dialog
    from desktop.ui.cases import common
    from desktop.ui.cases.accounts_dialog import AccountsDialog

    shown: list[str] = []
    monkeypatch.setattr(common.QMessageBox, "warning",
                        lambda _parent, _title, text: shown.append(text))
    offered: list[str] = []  # the operator's name each dialog opened with

    def exec_(dialog) -> bool:
        offered.append(dialog.operator.text())
        if len(offered) == 1:
            dialog.operator.setText("Жаңа Оператор")  # typed
        else:
            small_disk.free()
        dialog.accept()  # OK pressed: checked and collected as the dialog does
        return dialog.result_setup is not None

    monkeypatch.setattr(setup_dialog.SetupDialog, "exec", exec_)
    small_disk.fill(small_db)
    window.edit_settings()
    assert shown and FULL["kk"] in shown[0]
    assert offered == [SETUP.operator_full_name, "Жаңа Оператор"]  # asked again, as typed
    setup = load_setup(small_db)
    assert setup is not None and setup.operator_full_name == "Жаңа Оператор"

    dialog = AccountsDialog(small_db, None)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    dialog.full_name.setText("Әкімші Тест")
    dialog.password.setText("correct-horse-9")
    small_disk.fill(small_db)
    dialog.add_account()
    assert FULL["kk"] in dialog.problem.text()
    assert dialog.username.text() == "admin" and dialog.password.text() == "correct-horse-9"
    small_disk.free()
    dialog.add_account()
    assert dialog.accounts and idle_lock_minutes(small_db) == 10
