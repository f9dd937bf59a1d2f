"""A case of a service other than АСП speaks its service in the case window and My work:
the title, the statuses, the buttons and the history in the service's words, the step awaited
with its term in minutes, hours or working days, a step of minutes due at a time."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox

from desktop import i18n
from desktop.demo.intake_family import fill_family
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.decision import DecisionTerms
from desktop.domain.disability import Disability, DisabilityGroup, ProgrammeEntry, Unit
from desktop.services.disabilities import save_disability
from desktop.services.district_decisions import add_decision
from desktop.services.intake import new_session, register
from desktop.storage.models import ApplicationRecord
from desktop.ui.cases import common
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.my_work import MyWorkView
from desktop.ui.cases.step_forms import ServiceDecisionForm
from tests.support.case_world import DAY, World, case_parameters, world
from tests.support.wizard_driver import pdf_text

__all__ = ["case_parameters", "world"]

ASP_WORDS = ("АСП", "АӘК", "көмек тағайындалды", "помощь назначена", "Хабарлама берілді",
             "Уведомление выдано")


def registered(world: World, service: str, seed: int = 0) -> str:
    session = new_session(world.context, DAY)
    fill_family(session, 3, seed=seed)
    session.service = service
    return register(world.context, session, "ru", now=world.clock()).application.application_id


def opened(qtbot, world: World, who: str, app_id: str) -> CaseWindow:
    window = CaseWindow(world.cases, world.users[who], app_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_certificate_case_names_its_service_its_steps_and_the_time_it_is_due(
        qtbot, world: World, lang: str, tmp_path):
    i18n.set_language(lang)
    users = world.users
    # the certificate says since when the applicant is registered as unemployed: they are
    unemployed = registered(world, "unemployed_registration")
    world.cases.visa(users["head"], unemployed, users["exec"].account_id or "")
    world.cases.prepare_draft(users["exec"], unemployed)
    world.cases.decide(users["head"], unemployed, DecisionTerms(Outcome.ASSIGNED))
    app_id = registered(world, "unemployed_certificate")
    case = opened(qtbot, world, "desk", app_id)
    assert case.windowTitle().startswith(
        {"kk": "Жұмыссызға анықтама: ", "ru": "Справка безработному: "}[lang])
    # registered at 10:30 (the clock's), before the office opens on the machine's time or
    # after: whichever, a step of minutes is due at a time of day, never at a bare date
    due = case.labels["step_due"].text()
    assert due.startswith(DAY.strftime("%d.%m.%Y")) or due[:2].isdigit()
    assert len(due.split()) == 2 and ":" in due.split()[1], due
    assert ":" in case.labels["service_due"].text()
    awaited = case.labels["awaited"].text()
    assert {"kk": "2 минут", "ru": "мин.: 2"}[lang] in awaited
    issue = {"kk": "Анықтаманы беру", "ru": "Выдать справку"}[lang]
    assert issue in [b.text() for b in case.buttons.values()]
    assert case.grab().save(str(tmp_path / f"certificate-{lang}.png"))

    work = MyWorkView(world.cases, world.users["desk"])
    qtbot.addWidget(work)
    row = next(r for r in range(work.table.rowCount())
               if work.items[r].application_id == app_id)
    assert work.table.item(row, 4).text() == issue
    assert ":" in work.table.item(row, 0).text()  # due at a time

    case.take(Action.ISSUE_RESULT)  # the question is answered Yes (tests/conftest.py)
    done = {"kk": "Анықтама берілді", "ru": "Справка выдана"}[lang]
    assert case.labels["status"].text() == done
    history = case.history.toPlainText()
    assert done in history
    assert not [w for w in ASP_WORDS if w in history + case.labels["status"].text()]
    assert case.none_label.isVisible()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_registration_of_the_unemployed_decides_in_its_own_words(qtbot, world: World,
                                                                     lang: str, monkeypatch):
    i18n.set_language(lang)
    users = world.users
    app_id = registered(world, "unemployed_registration", seed=2)
    world.cases.visa(users["head"], app_id, users["exec"].account_id or "")
    executor = opened(qtbot, world, "exec", app_id)
    draft = {"kk": "Шешім жобасын дайындау", "ru": "Подготовить проект решения"}[lang]
    assert draft in [b.text() for b in executor.buttons.values()]
    assert {"kk": "жұмыс күні", "ru": "раб. дн."}[lang] in executor.labels["awaited"].text()
    executor.take(Action.PREPARE_DRAFT)
    assert {"kk": "Шешім жобасы дайындалды", "ru": "Проект решения подготовлен"}[lang] in \
        executor.history.toPlainText()
    head = opened(qtbot, world, "head", app_id)
    register_button = {"kk": "Жұмыссыз ретінде тіркеу",
                       "ru": "Зарегистрировать в качестве безработного"}[lang]
    assert register_button in [b.text() for b in head.buttons.values()]
    forms = answered(monkeypatch)
    head.take(Action.REFUSE)  # no ground typed: refused, the form stays open
    refuse = forms[-1]
    assert refuse.windowTitle() == {"kk": "Тіркеуден бас тарту", "ru": "Отказать в регистрации"}[
        lang]
    assert refuse.findChild(QComboBox, "decision_kind") is None  # АСП's kinds are not here
    assert refuse.problem.text() and not refuse.submitted
    head.take(Action.ASSIGN)
    assert forms[-1].windowTitle() == register_button and forms[-1].submitted
    assert forms[-1].findChild(QDoubleSpinBox) is None  # no amount to fill: nothing computed
    registered_as = {"kk": "Жұмыссыз ретінде тіркелді",
                     "ru": "Зарегистрирован в качестве безработного"}[lang]
    assert head.labels["status"].text() == registered_as
    assert head.labels["decision"].text() == registered_as  # no amount: nothing computed
    assert registered_as in head.history.toPlainText()


def answered(monkeypatch) -> list[ServiceDecisionForm]:
    """The head's decision forms, OK pressed on each as it opens; the forms, in order."""
    forms: list[ServiceDecisionForm] = []

    def press_ok(form: ServiceDecisionForm) -> int:
        forms.append(form)
        form.ok_button.click()
        return form.result()

    monkeypatch.setattr(ServiceDecisionForm, "exec", press_ok)
    return forms


def test_the_fuel_allowance_is_decided_with_its_amount_once(qtbot, world: World, tmp_path,
                                                           monkeypatch):
    i18n.set_language("ru")
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(tmp_path / "overlay"))
    assert add_decision({
        "district": "Актогайский район", "number": "7/1", "date": dt.date(2026, 1, 10),
        "in_force": {"from": dt.date(2026, 1, 20), "to": None}, "source": "Решение № 7/1",
        "fuel": {"amount": "45000", "spheres": ["health", "education"]}}).is_file()
    users = world.users
    app_id = registered(world, "rural_fuel", seed=5)
    with world.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None
        record.service_details = json.dumps({
            "sphere": "education", "lives_in_rural_settlement": True,
            "works_in_rural_settlement": True})
    world.cases.visa(users["head"], app_id, users["exec"].account_id or "")
    executor = opened(qtbot, world, "exec", app_id)
    assert "Рассчитать и подготовить проект решения" in [b.text() for b in
                                                         executor.buttons.values()]
    executor.take(Action.PREPARE_DRAFT)
    head = opened(qtbot, world, "head", app_id)
    assert head.labels["decision"].text() == "черновик: назначено, 45\u00a0000,00\u00a0₸, " \
        "01.11.2026 – 30.11.2026"
    calculation = head.history.toPlainText()
    assert "Решение № 7/1" in calculation or "7/1" in calculation
    forms = answered(monkeypatch)
    head.take(Action.ASSIGN)
    form = forms[-1]
    assert form.windowTitle() == "Назначить социальную помощь" and form.submitted
    assert form.amount.value() == 45_000
    assert head.labels["status"].text() == "Социальная помощь назначена"
    assert "Социальная помощь назначена" in head.history.toPlainText()



@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_disability_decision_asks_the_term_of_provision_its_notification_prints(
        qtbot, world: World, lang: str, monkeypatch, tmp_path):
    i18n.set_language(lang)
    users = world.users
    app_id = registered(world, "wheelchairs", seed=6)
    world.cases.visa(users["head"], app_id, users["exec"].account_id or "")
    world.cases.prepare_draft(users["exec"], app_id)
    head = opened(qtbot, world, "head", app_id)
    seen: dict[str, object] = {}

    def decide(form: ServiceDecisionForm) -> int:
        labels = [form.form.labelForField(w).text() for w in (form.start, form.end)]
        assert labels == {"kk": ["Ұсыну мерзімі басы", "Ұсыну мерзімі соңы"],
                          "ru": ["Срок предоставления с", "Срок предоставления по"]}[lang]
        assert form.findChild(QDoubleSpinBox) is None  # no amount: nothing computed
        start = form.start.text()
        assert start and form.end.text() == ""  # the end is the head's to type
        form.ok_button.click()  # no end typed: said at the field, nothing taken
        seen["empty"] = form.problem.text()
        assert not form.submitted and form.start.text() == start
        form.end.setText("01.01.2020")
        form.ok_button.click()  # ends before it begins
        seen["before"] = form.problem.text()
        assert not form.submitted and form.end.text() == "01.01.2020"
        assert form.end.hasFocus() or form.focusWidget() is form.end
        form.end.setText("31122027")
        assert form.grab().save(str(tmp_path / f"decision-{lang}.png"))
        form.ok_button.click()
        assert form.submitted
        return form.result()

    monkeypatch.setattr(ServiceDecisionForm, "exec", decide)
    head.take(Action.ASSIGN)
    assert seen["empty"] == {
        "kk": "Ұсыну мерзімі соңы: күнді кк.аа.жжжж түрінде енгізіңіз, мысалы, 15.03.2019 "
              "немесе 15032019.",
        "ru": "Срок предоставления по: введите дату в виде дд.мм.гггг, например, 15.03.2019 "
              "или 15032019."}[lang]
    assert seen["before"] == {
        "kk": "Ұсыну мерзімі соңы: мерзім басталмай тұрып аяқталады.",
        "ru": "Срок предоставления по: срок заканчивается раньше, чем начинается."}[lang]
    done = {"kk": "Құжаттар ресімделді", "ru": "Документы оформлены"}[lang]
    assert head.labels["status"].text() == done
    assert head.labels["decision"].text().startswith(done + ", ")
    assert head.labels["decision"].text().endswith(" – 31.12.2027")

    # the notification lists the programme's items: none entered, the step is not taken
    warned: list[str] = []
    monkeypatch.setattr(common.QMessageBox, "warning",
                        lambda _parent, _title, text: warned.append(text))
    desk = opened(qtbot, world, "desk", app_id)
    desk.take(Action.ISSUE_NOTIFICATION)
    assert warned and {"kk": "Істер → Мүгедектігі бар адамдар", "ru": "Дела → Лица с "
                       "инвалидностью"}[lang] in warned[0]
    assert desk.notification is None and desk.labels["status"].text() == done
    with world.db.session() as s:
        iin = s.get(ApplicationRecord, app_id).applicant_iin
    save_disability(world.db, Disability(
        iin, DisabilityGroup.GROUP_1, programme_number="ИПР-9",
        entries=(ProgrammeEntry("wheelchair_street", Decimal(1), Unit.PIECES),)),
        office_code="AKT-01", today=DAY)
    desk.take(Action.ISSUE_NOTIFICATION)
    assert desk.notification is not None
    text = "".join(pdf_text(desk.notification.pdf).split())
    assert {"kk": "Серуендеугеарналғанкресло-арба—1дана",
            "ru": "Кресло-коляскапрогулочная—1шт."}[lang] in text
    assert "31.12.2027" in text
