"""A short service in one sitting, through the real wizard: Ctrl+N, the certificate to an
unemployed person, its pages, Register, then its own issue action on the done page: the
certificate printed filled in, the case closed as delivered, the action off and saying so.
The same action from the case window for a certificate registered earlier."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop import i18n
from desktop.demo.intake_family import applicant_values, fill_family, people
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.roles import Role
from desktop.i18n import format_date
from desktop.parameters.store import load_parameters
from desktop.services.accounts import create_account, workstation_user
from desktop.services.cases import CaseService
from desktop.services.intake import intake_context, new_session, register
from desktop.services.printouts import print_history
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord
from desktop.ui.cases.case_window import CaseWindow
from tests.support.chooser_driver import new_wizard
from tests.support.wizard_driver import fill, pdf_text, tick

ISSUE = {"kk": "Анықтаманы беру", "ru": "Выдать справку"}
ISSUED = {"kk": "Анықтама берілді", "ru": "Справка выдана"}
DEPARTMENT = {"kk": "Ақтоғай ауданының жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
              "ru": "Отдел занятости и социальных программ Актогайского района"}
SEED = 2


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def registered_as_unemployed(db: Database, seed: int = SEED) -> dt.date:
    return register_unemployed(db, seed)[1]


def register_unemployed(db: Database, seed: int = SEED) -> tuple[str, dt.date]:
    """The applicant of ``seed`` registered as unemployed by the head's decision today, as
    the desk's own journal holds it (the certificate says from when)."""
    admin = create_account(db, None, username="admin", full_name="Әкімші Тест",
                           password="correct-horse-9", roles=(Role.ADMINISTRATOR,))
    executor = create_account(db, admin, username="exec", full_name="Орындаушы Бір",
                              password="correct-horse-9", roles=(Role.EXECUTOR,))
    head = workstation_user(db)
    assert head is not None
    context = intake_context(db, parameters=load_parameters())
    session = new_session(context)
    fill_family(session, 3, seed=seed)
    session.service = "unemployed_registration"
    app_id = register(context, session, "kk").application.application_id
    cases = CaseService(db, context.parameters)
    cases.visa(head, app_id, executor.account_id or "")
    cases.prepare_draft(executor, app_id)
    cases.decide(head, app_id, DecisionTerms(Outcome.ASSIGNED))
    return app_id, cases.today()


def certificate_wizard(qtbot, window):
    """Ctrl+N, the certificate, its application page filled, the identity document shown."""
    wizard = new_wizard(qtbot, window, "unemployed_certificate")
    values = applicant_values(people(1, dt.date.today(), SEED)[0])
    fill(qtbot, wizard, {k: v for k, v in values.items()
                         if wizard.current_page().findChild(QWidget, k) is not None})
    fill(qtbot, wizard, {"request_certificate": True, "consent_personal_data": True})
    assert wizard.next() and wizard.session.step == "documents"
    kinds = [row["document_kind"] for row in wizard.session.rows("documents[]")]
    tick(wizard.current_page().table, kinds.index("identity_document"),
         "document_original_shown")
    assert wizard.next() and wizard.session.step == "review"
    return wizard


def status(db: Database, application_id: str) -> str:
    with db.session() as s:
        record = s.get(ApplicationRecord, application_id)
        assert record is not None
        return record.status


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_certificate_is_registered_issued_and_closed_in_one_sitting(qtbot, main_window,
                                                                      confirmations, lang):
    db = main_window.context.db
    since = registered_as_unemployed(db)
    main_window.switch_language(lang)
    wizard = certificate_wizard(qtbot, main_window)
    assert not wizard.issue_button.isVisible()  # nothing to issue before registration
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    app_id = wizard.session.application_id
    assert app_id and status(db, app_id) == CaseStatus.REGISTERED.value
    button = wizard.issue_button
    assert button.isVisible() and button.isEnabled()
    assert ISSUE[lang] in button.text() and ISSUE[lang] in wizard.message.text()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert confirmations.asked[-1][0] == ISSUE[lang]  # asked first, in the service's words
    assert status(db, app_id) == CaseStatus.DELIVERED.value
    assert not button.isEnabled()  # done once: it switched itself off
    assert ISSUED[lang] in wizard.message.text()
    assert wizard.session.registration_number in wizard.message.text()
    issued = wizard.issued
    assert issued is not None and issued.path is not None and wizard.pdf_dialog is not None
    text = flat(pdf_text(issued.path.read_bytes()))
    stored = wizard.session
    name = " ".join(str(stored.value(k)) for k in ("applicant_surname", "applicant_first_name",
                                                   "applicant_patronymic"))
    calendar = main_window.desk.context().parameters.calendar
    for value in (name, DEPARTMENT[lang], format_date(since),
                  format_date(calendar.add_working_days(dt.date.today(), 10)),
                  {"kk": "Жұмыссыз ретінде тіркелу туралы анықтама",
                   "ru": "Справка о регистрации в качестве безработного"}[lang]):
        assert flat(value) in text, value
    assert [(p.kind, p.duplicate) for p in print_history(db, app_id)] == [
        ("coupon", False), ("result", False)]
    # a second press, or Ctrl+Enter, does nothing more
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(wizard, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(print_history(db, app_id)) == 2


def test_without_a_registration_as_unemployed_the_issue_is_refused_and_stays_offered(
        qtbot, main_window):
    i18n.set_language("ru")
    wizard = certificate_wizard(qtbot, main_window)
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.issue_button, Qt.MouseButton.LeftButton)
    assert "нет регистрации этого заявителя в качестве безработного" in \
        wizard.message.text()
    assert "«Регистрация безработных»" in wizard.message.text()  # where to go first
    assert status(main_window.context.db, wizard.session.application_id) == \
        CaseStatus.REGISTERED.value
    assert wizard.issue_button.isEnabled()  # nothing was done: it can be tried again


def test_a_certificate_registered_earlier_is_issued_from_its_case_window(qtbot, main_window):
    db = main_window.context.db
    registered_as_unemployed(db)
    i18n.set_language("ru")
    wizard = certificate_wizard(qtbot, main_window)
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    app_id = wizard.session.application_id
    wizard.close()
    user = workstation_user(db)
    assert user is not None
    window = CaseWindow(CaseService(db), user, app_id)
    qtbot.addWidget(window)
    button = window.buttons[Action.ISSUE_RESULT]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert status(db, app_id) == CaseStatus.DELIVERED.value
    assert Action.ISSUE_RESULT not in window.buttons  # taken: no longer offered
    assert window.done_label.text()
    text = flat(pdf_text(window.issued.path.read_bytes()))
    assert flat("Справка о регистрации в качестве безработного") in text
    assert [p.kind for p in print_history(db, app_id)] == ["coupon", "result"]


def test_the_print_dialog_lists_the_services_coupon_and_its_result_by_its_heading(
        qtbot, main_window):
    """Documents → Print: a certificate's case offers its own coupon and, once issued, the
    certificate named by its heading; a reprint of either is stamped and logged."""
    from desktop.ui.printing.print_dialog import PrintDialog

    db = main_window.context.db
    registered_as_unemployed(db)
    i18n.set_language("ru")
    wizard = certificate_wizard(qtbot, main_window)
    qtbot.mouseClick(wizard.register_button, Qt.MouseButton.LeftButton)
    app_id = wizard.session.application_id
    dialog = PrintDialog(db, app_id)
    qtbot.addWidget(dialog)
    items = [dialog.documents.item(r).text() for r in range(dialog.documents.count())]
    assert items == ["Отрывной талон"]
    qtbot.mouseClick(wizard.issue_button, Qt.MouseButton.LeftButton)
    dialog.refresh()
    items = [dialog.documents.item(r).text() for r in range(dialog.documents.count())]
    assert items == ["Отрывной талон", "Справка о регистрации в качестве безработного"]
    dialog.set_kind("coupon")
    coupon = dialog._produce(log=True)
    assert coupon is not None and coupon.duplicate
    text = flat(pdf_text(coupon.pdf))
    assert flat("Выдача справок безработным гражданам") in text and "ДУБЛИКАТ" in text
    dialog.set_kind("result")
    result = dialog._produce(log=True)
    assert result is not None and result.duplicate and "ДУБЛИКАТ" in flat(pdf_text(result.pdf))
    assert [(p.kind, p.duplicate) for p in print_history(db, app_id)] == [
        ("coupon", False), ("result", False), ("coupon", True), ("result", True)]


def test_the_registration_of_the_unemployed_notifies_in_its_own_words(qtbot, main_window):
    """Issuing the notification from the case window offers the service's own notification
    in the preview (not АСП's); its print is logged as the case's result."""
    db = main_window.context.db
    app_id, day = register_unemployed(db)
    i18n.set_language("kk")
    user = workstation_user(db)
    assert user is not None
    window = CaseWindow(CaseService(db), user, app_id)
    qtbot.addWidget(window)
    qtbot.mouseClick(window.buttons[Action.ISSUE_NOTIFICATION], Qt.MouseButton.LeftButton)
    assert status(db, app_id) == CaseStatus.DELIVERED.value
    preview = window.notification
    assert preview is not None
    heading = "Жұмыссыз ретінде тіркеу және есепке қою туралы хабарлама"
    assert preview.windowTitle() == heading
    text = flat(pdf_text(preview.pdf))
    assert flat(heading) in text and flat(f"{format_date(day)} күнгі шешіммен") in text
    assert "атаулыәлеуметтіккөмек" not in text  # not АСП's notification
    preview.on_printed("kk", "printer")
    assert [p.kind for p in print_history(db, app_id)] == ["coupon", "result"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_review_page_names_the_department_as_the_printout_does(qtbot, main_window, lang):
    """Page 1's office field holds the desk's office code: the review names the office, as
    page 1's list and the printout do (it showed "AKT-01")."""
    main_window.switch_language(lang)
    wizard = certificate_wizard(qtbot, main_window)
    text = wizard.current_page().browser.toPlainText()
    label = {"kk": "Жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
             "ru": "Отдел занятости и социальных программ"}[lang]
    line = next(line for line in text.splitlines() if line.startswith(label + ":"))
    assert flat(DEPARTMENT[lang]) in flat(line), line
    assert wizard.session.value("office") not in line
