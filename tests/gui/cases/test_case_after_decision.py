"""The case window after the head's decision: the notification offered and logged when it is
issued, a change reported, the recalculation, the termination; screenshots in both languages."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop import i18n
from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.case_changes import ChangeKind, TerminationGround
from desktop.domain.case_path import Action
from desktop.domain.decision import GROUND_LABELS, DecisionTerms
from desktop.domain.model import NoNeedCriterion, RefusalCode
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Role
from desktop.parameters.store import load_parameters
from desktop.services.accounts import CurrentUser, create_account
from desktop.services.cases import CaseService, ConclusionInput
from desktop.services.intake import intake_context, new_session, register
from desktop.storage.database import Database
from desktop.storage.models import AuditRecord
from desktop.ui.cases import case_window
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.common import from_date
from desktop.ui.cases.step_forms import ChangeForm, TerminationForm

AMOUNT = 3_456_700


@pytest.fixture
def assigned(configured_db: Database,
             tmp_path: Path) -> tuple[CaseService, dict[str, CurrentUser], str]:
    """A case the head assigned, waiting for the notification."""
    db = configured_db
    users: dict[str, CurrentUser] = {}
    for name, full, role in (("admin", "Әкімші Тест", Role.ADMINISTRATOR),
                             ("head", "Басшы Тест", Role.HEAD),
                             ("exec", "Орындаушы Тест", Role.EXECUTOR),
                             ("member", "Комиссия Мүшесі", Role.COMMISSION_MEMBER),
                             ("desk", "Қызметкер Тест", Role.FRONT_DESK)):
        users[name] = create_account(db, users.get("admin"), username=name, full_name=full,
                                     password="correct-horse-9", roles=[role])
    today = dt.date.today()
    overlay = write_test_overlay(tmp_path / "params", "karaganda",
                                 [Quarter.of(today), Quarter.of(today).previous()])
    context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
    session = new_session(context, today)
    fill_family(session, 4)
    app_id = register(context, session, "kk").application.application_id
    cases = CaseService(db, context.parameters)
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    cases.step(users["exec"], app_id, Action.REFER_TO_COMMISSION)
    cases.record_conclusion(users["member"], app_id,
                            ConclusionInput(today, True, members_present=("Комиссия Мүшесі",)))
    cases.prepare_draft(users["exec"], app_id)
    cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, AMOUNT, today.replace(day=1),
        Quarter.of(today).last_day))
    return cases, users, app_id


def pdf_text(path: Path) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return " ".join(text.replace("\xa0", " ").split())


def shots() -> Path | None:
    folder = os.environ.get("KOMEK_SCREENSHOTS")
    return Path(folder) if folder else None


def saved_notification(window: CaseWindow, tmp_path: Path, lang: str) -> Path:
    """The notification the window offered, saved as PDF from its preview."""
    preview = window.notification
    assert preview is not None and preview.language() == lang
    target = tmp_path / f"notification-{lang}.pdf"
    preview.ask_save_path = lambda _suggested: target  # type: ignore[method-assign]
    preview.save_as()
    return target


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_issuing_the_notification_offers_it_and_logs_the_print(
        qtbot, assigned, lang: str, tmp_path: Path) -> None:
    cases, users, app_id = assigned
    i18n.set_language(lang)
    window = CaseWindow(cases, users["exec"], app_id)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.changed):
        window.buttons[Action.ISSUE_NOTIFICATION].click()
    assert window.notification is not None
    qtbot.addWidget(window.notification)
    path = saved_notification(window, tmp_path, lang)
    text = pdf_text(path)
    assert i18n.format_money(AMOUNT, lang).replace("\xa0", " ") in text
    assert i18n.format_date(Quarter.of(dt.date.today()).last_day) in text
    with cases.db.session() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.action == "print.notification",
                                                   AuditRecord.record_id == app_id)).all()
    assert len(rows) == 1 and json.loads(rows[0].changes)["language"][1] == lang
    if shots():
        qtbot.wait(300)  # the preview fits the page to its width after a resize
        window.notification.grab().save(str(shots() / f"notification-offer-{lang}.png"))
        (shots() / f"notification-{lang}.pdf").write_bytes(path.read_bytes())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_refusal_notification_names_its_grounds(qtbot, assigned, lang: str,
                                                  tmp_path: Path) -> None:
    cases, users, _assigned = assigned
    today = dt.date.today()
    context = intake_context(cases.db, parameters=cases.parameters)
    session = new_session(context, today)
    fill_family(session, 3, seed=4)
    app_id = register(context, session, "ru").application.application_id
    cases.visa(users["head"], app_id, users["exec"].account_id or "")
    cases.step(users["exec"], app_id, Action.REFER_TO_COMMISSION)
    cases.record_conclusion(users["member"], app_id, ConclusionInput(
        today, False, criteria=(NoNeedCriterion.MORE_THAN_ONE_CAR,),
        members_present=("Комиссия Мүшесі",)))
    cases.prepare_draft(users["exec"], app_id)
    cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.REFUSED, refusal_codes=(RefusalCode.NO_NEED,)))
    i18n.set_language(lang)
    window = CaseWindow(cases, users["exec"], app_id)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.changed):
        window.buttons[Action.ISSUE_NOTIFICATION].click()
    qtbot.addWidget(window.notification)
    text = pdf_text(saved_notification(window, tmp_path, lang))
    assert " ".join(i18n.render(GROUND_LABELS[RefusalCode.NO_NEED], lang).split()) in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_change_recalculation_and_termination_from_the_case_window(
        qtbot, assigned, monkeypatch, lang: str) -> None:
    cases, users, app_id = assigned
    i18n.set_language(lang)
    cases.step(users["exec"], app_id, Action.ISSUE_NOTIFICATION)
    today = cases.today()
    folder = shots()

    def fill_change(form: ChangeForm) -> bool:
        form.kinds[ChangeKind.MEMBER_JOINED].setChecked(True)
        form.surname.setText("Тестова")
        form.first_name.setText("Айару")
        form.birth_date.setDate(from_date(today))
        form.note.setText("туу туралы куәлік")
        if folder:
            form.grab().save(str(folder / f"change-form-{lang}.png"))
        return True

    monkeypatch.setattr(ChangeForm, "exec", fill_change)
    desk = CaseWindow(cases, users["desk"], app_id)
    qtbot.addWidget(desk)
    assert set(desk.buttons) == {Action.REPORT_CHANGE}
    with qtbot.waitSignal(desk.changed):
        desk.buttons[Action.REPORT_CHANGE].click()
    shown: list[str] = []
    monkeypatch.setattr(case_window.QMessageBox, "information",
                        lambda _parent, _title, text: shown.append(text))
    executor = CaseWindow(cases, users["exec"], app_id)
    qtbot.addWidget(executor)
    with qtbot.waitSignal(executor.changed):
        executor.buttons[Action.RECALCULATE].click()
    assert shown and i18n.format_date(today.replace(day=1)) in shown[0]
    assert executor.labels["decision"].text().startswith(i18n._("recalculated"))
    history = executor.history.toPlainText()
    assert "Айару" not in history and i18n.format_date(today) in history
    # the history tells what was done, in the past tense, not the buttons' commands
    assert i18n._("Amount recalculated") in history
    assert i18n._("Recalculate the amount") not in history

    def fill_termination(form: TerminationForm) -> bool:
        form.ground.setCurrentIndex(form.ground.findData(TerminationGround.MOVED_AWAY.value))
        form.date.setDate(from_date(today))
        if folder:
            form.grab().save(str(folder / f"termination-form-{lang}.png"))
        return True

    monkeypatch.setattr(TerminationForm, "exec", fill_termination)
    head = CaseWindow(cases, users["head"], app_id)
    qtbot.addWidget(head)
    with qtbot.waitSignal(head.changed):
        head.buttons[Action.TERMINATE].click()
    assert not head.buttons  # closed: nothing more to do
    assert i18n.format_date(today) in head.labels["decision"].text()
    if folder:
        head.resize(900, 700)
        head.show()
        qtbot.wait(50)
        head.grab().save(str(folder / f"case-terminated-{lang}.png"))
