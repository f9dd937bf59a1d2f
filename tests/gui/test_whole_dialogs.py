"""Every dialog whole on a 1366×768 screen, in Kazakh and in Russian: the first-start dialog
and its question on Esc, the settings, accounts (the first one, then with accounts), the
poverty lines, sync enrolment and conflicts, the recovery code, the transfer registry,
printing and its preview, the journal's period, reports, the access journal, the
certificate, an amendment, the coupon, the case path's step forms (the visa with and
without accounts, the commission act, the decision, a change, a termination, a note), the
login after the idle lock, the password dialogs, the about box, and the questions asked
before a refusal and a registration.

Each opens as the program opens it (a modal one is caught on screen by a timer, measured
and closed), at its own size as a 1366×768 screen gives it; none may need more than the
screen, and no label, button or header in it shows its text cut off
(tests/support/clipping.py). Set KOMEK_SCREENSHOTS to a folder to look at them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import i18n
from desktop.demo.intake_family import fill_family, present_documents
from desktop.domain.roles import Role
from desktop.services.accounts import create_account, list_accounts
from desktop.services.workstation import load_setup
from desktop.storage.database import Database
from desktop.ui import confirm
from desktop.ui.about_dialog import show_about
from desktop.ui.amend.amend_dialog import AmendDialog
from desktop.ui.cases.accounts_dialog import AccountsDialog, TemporaryPasswordDialog
from desktop.ui.cases.certificate_dialog import CertificateDialog
from desktop.ui.cases.login_dialog import LoginDialog
from desktop.ui.cases.password_dialog import PasswordDialog
from desktop.ui.cases.reports_dialog import AccessJournalDialog, ReportsDialog
from desktop.ui.cases.step_forms import (
    ChangeForm,
    ConclusionForm,
    DecisionForm,
    NoteForm,
    TerminationForm,
    VisaForm,
)
from desktop.ui.poverty_lines_dialog import PovertyLinesDialog
from desktop.ui.printing.journal_dialog import JournalPeriodDialog
from desktop.ui.printing.print_dialog import PrintDialog
from desktop.ui.recovery_code_dialog import RecoveryCodeDialog
from desktop.ui.setup_dialog import SetupDialog
from desktop.ui.sync.conflicts_dialog import ConflictsDialog
from desktop.ui.sync.enrol_dialog import EnrolDialog
from desktop.ui.transfer.transfer_window import TransferWindow
from desktop.ui.wizard.pdf_dialog import PdfDialog
from tests.support.clipping import clipped, marks_and_boxes
from tests.support.conflicts import draft_conflict
from tests.support.wizard_driver import new_wizard

SCREEN = QSize(1366, 768)
LANGUAGES = ("kk", "ru")
PASSWORD = "correct-horse-9"
REAL_ASK = confirm.ask  # the real question box (the tests' fixture answers it otherwise)


def _folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("KOMEK_SCREENSHOTS") or tmp_path)


def _as_on_the_screen(window: QWidget) -> None:
    """The size a 1366×768 screen gives a window: its own (set or hinted), never more than
    the screen (the test platform's screen is another size)."""
    size = window.size() if window.testAttribute(Qt.WidgetAttribute.WA_Resized) \
        else window.sizeHint()
    window.resize(size.boundedTo(SCREEN).expandedTo(window.minimumSizeHint()))


def _measure(window: QWidget, name: str, folder: Path) -> list[str]:
    found = [f"{name}: {line}" for line in clipped(window)]
    found += marks_and_boxes(window, name)
    needs = window.minimumSizeHint()
    if needs.width() > SCREEN.width() or needs.height() > SCREEN.height():
        found.append(f"{name}: needs {needs.width()}×{needs.height()} px, more than the screen")
    assert window.grab().save(str(folder / f"{name}.png")), name
    return found


class Screens:
    """Opens windows and measures them; a modal one (``exec``) is caught by a timer while
    it is on screen, measured and closed."""

    def __init__(self, qtbot, lang: str, folder: Path) -> None:
        self.qtbot, self.lang, self.folder = qtbot, lang, folder
        self.found: list[str] = []
        self.seen: list[str] = []

    def window(self, name: str, window: QWidget) -> QWidget:
        self.qtbot.addWidget(window)
        window.show()
        self.qtbot.waitExposed(window)
        _as_on_the_screen(window)
        self._settle(window)
        self.found += _measure(window, f"{name}-{self.lang}", self.folder)
        self.seen.append(name)
        return window

    def _settle(self, window: QWidget) -> None:
        for _ in range(20):  # a layout settles over a few turns of the event loop
            self.qtbot.wait(15)
            if not clipped(window):
                return

    def modal(self, name: str, open_it: Callable[[], object]) -> None:
        """Run ``open_it`` (which shows a modal window and waits for it); the window is
        measured when it is up, then closed as Esc would."""
        caught: list[QWidget] = []
        turns = {"n": 0}

        def look() -> None:
            window = QApplication.activeModalWidget()
            if window is None or (caught and window is caught[-1] and turns["n"] < 0):
                QTimer.singleShot(20, look)
                return
            turns["n"] += 1
            if turns["n"] == 1:
                _as_on_the_screen(window)
            if turns["n"] < 6 and clipped(window):  # give the layout a few turns
                QTimer.singleShot(20, look)
                return
            caught.append(window)
            self.found += _measure(window, f"{name}-{self.lang}", self.folder)
            self.seen.append(name)
            if isinstance(window, QDialog):
                window.reject()
            else:
                window.close()

        QTimer.singleShot(0, look)
        open_it()
        assert caught, f"{name}: no modal window came up"


@pytest.fixture
def screens(qtbot, tmp_path: Path, request) -> Iterator[Screens]:
    lang = request.node.callspec.params["lang"]
    i18n.set_language(lang)
    yield Screens(qtbot, lang, _folder(tmp_path))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_dialog_is_whole(qtbot, desk, window, overlay: Path, screens: Screens,
                               monkeypatch: pytest.MonkeyPatch, lang: str,
                               tmp_path: Path) -> None:
    db: Database = desk.db
    window.switch_language(lang)
    # before any account: the first-start dialog (and Esc's question), the first account,
    # the visa with nobody to name
    first = screens.window("first-start", SetupDialog())
    screens.modal("first-start-quit", lambda: qtbot.keyClick(first, Qt.Key.Key_Escape))
    first.close()
    screens.window("settings", SetupDialog(load_setup(db)))
    screens.window("first-account", AccountsDialog(db, None))
    screens.window("visa-no-accounts", VisaForm([], accounts=False))
    # the office's people
    admin = create_account(db, None, username="admin", full_name="Әкімші Тест",
                           password=PASSWORD, roles=[Role.ADMINISTRATOR])
    head = create_account(db, admin, username="head", full_name="Басшы Тест",
                          password=PASSWORD, roles=[Role.HEAD])
    executor = create_account(db, admin, username="exec", full_name="Орындаушы Тест",
                              password=PASSWORD, roles=[Role.EXECUTOR])
    accounts = screens.window("accounts", AccountsDialog(db, admin))
    accounts.tabs.setCurrentIndex(1)
    screens.found += _measure(accounts, f"accounts-tab-2-{lang}", screens.folder)
    screens.window("temporary-password", TemporaryPasswordDialog(
        db, admin, next(a for a in list_accounts(db) if a.username == "exec")))
    screens.window("password", PasswordDialog(db, head))
    screens.window("idle-lock", LoginDialog(db, username="admin", note=i18n._(
        "The session was locked after {minutes} minutes without work.").format(minutes=10)))
    screens.window("login", LoginDialog(db))
    # the case path's step forms
    today = dt.date.today()
    members = (("m1", "Серікбаева Айгүл"), ("m2", "Серікбаев Нұрлан"))
    screens.window("visa", VisaForm([(executor.account_id or "", executor.full_name)]))
    screens.window("commission-act", ConclusionForm(today, executor.full_name))
    screens.window("decision-assign", DecisionForm(None, True))
    screens.window("decision-refuse", DecisionForm(None, False))
    screens.window("change", ChangeForm(today, members, "m1"))
    screens.window("termination", TerminationForm(today))
    screens.window("note", NoteForm(i18n._("Notification")))
    # sync, the key, the parameters
    draft_conflict(db)
    screens.window("conflicts", ConflictsDialog(db))
    screens.window("enrolment", EnrolDialog(db))
    screens.window("recovery-code", RecoveryCodeDialog(db))
    screens.window("poverty-lines", PovertyLinesDialog(overlay_dir=overlay))
    # printing, the registry, reports
    printing = screens.window("print", PrintDialog(db, desk.registered[0]))
    preview = printing.preview()
    assert preview is not None
    screens.window("preview", preview)
    screens.window("journal-period", JournalPeriodDialog(db))
    screens.window("transfer", TransferWindow(db))
    screens.window("reports", ReportsDialog(db))
    screens.window("access-journal", AccessJournalDialog(db))
    screens.window("certificate", CertificateDialog(db, head))
    screens.window("amendment", AmendDialog(db, desk.registered[0], desk.numbers[0]))
    coupon = tmp_path / "coupon.pdf"
    coupon.write_bytes(b"%PDF-1.4\n")
    screens.window("coupon", PdfDialog(i18n._("Coupon"), i18n._(
        "Application {number} is registered. The result is due on {date}. Print the coupon "
        "and hand it to the applicant.").format(number=desk.numbers[0],
                                                date=i18n.format_date(today)), coupon))
    # the message boxes: about, and the questions before a refusal and a registration
    screens.modal("about", lambda: show_about(window, db.path))
    monkeypatch.setattr(confirm, "ask", REAL_ASK)
    wizard = new_wizard(qtbot, window)
    fill_family(wizard.session, 3, documents=False, seed=4)
    present_documents(wizard.session, skip=("residence_registration",))
    wizard.dirty = True
    wizard.rebuild()
    wizard.go_to("review")
    screens.modal("refusal-question", wizard.refuse)
    present_documents(wizard.session)
    wizard.rebuild()
    screens.modal("register-question", wizard.register)
    assert not wizard.session.registration_number  # both answered Cancel
    wizard.close()
    assert screens.found == [], "\n".join(screens.found)
