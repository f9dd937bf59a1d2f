"""A disability service's case (seed 002 §11-15): due in 9 working days and 3 hours, taken by
the head's visa, the executor's draft, the head's decision and the notification; and the
waiting registers per kind of aid, in the order of registration, exported to Excel and PDF."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.disability import Disability, DisabilityGroup, ProgrammeEntry, Unit
from desktop.i18n import format_date, render
from desktop.services import reports
from desktop.services.cases import CaseInputError
from desktop.services.disabilities import save_disability
from desktop.services.report_export import to_pdf, to_xlsx
from desktop.services.results import ResultNotReadyError, issue_result, result_document
from tests.support.case_world import DAY, World
from tests.support.wizard_driver import pdf_text
from tests.unit.services.cases.test_service_cases import record, register_as


def test_a_wheelchair_case_goes_visa_draft_decision_notification(world: World):
    app_id = register_as(world, "wheelchairs", details={"disability_group": "group_1"})
    found = record(world, app_id)
    assert found.registration_number.startswith("AKT-01-2026-KK-")
    # 30 min + 2 h + 1 + 7 + 1 working days + 30 min (services.md §14)
    calendar = world.context.parameters.calendar
    assert found.due_date == calendar.add_working_days(DAY, 9)
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    drafted = world.cases.prepare_draft(users["exec"], app_id)
    assert drafted.outcome is Outcome.ASSIGNED  # nothing to calculate
    # the notification states the term of provision: the decision must state it, in order
    for terms, said in ((DecisionTerms(Outcome.ASSIGNED), "Введите период, указываемый в "
                         "решении: с какого и по какое число."),
                        (DecisionTerms(Outcome.ASSIGNED, None, 0, DAY, DAY.replace(day=1)),
                         "Период заканчивается раньше, чем начинается.")):
        with pytest.raises(CaseInputError) as refused:
            world.cases.decide(users["head"], app_id, terms)
        assert [render(p, "ru") for p in refused.value.messages] == [said]
        assert record(world, app_id).status == CaseStatus.DRAFT_DECISION.value
    assert world.cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.ASSIGNED, None, 0, DAY, dt.date(2027, 12, 31))) is CaseStatus.ASSIGNED
    assert world.cases.step(users["desk"], app_id, Action.ISSUE_NOTIFICATION) \
        is CaseStatus.DELIVERED


def test_the_waiting_registers_queue_each_kind_of_aid_by_registration(world: World):
    start = world.clock()
    moments = [start + dt.timedelta(minutes=10 * i) for i in range(5)]
    hearing_1 = register_as(world, "hearing_vision_aids", seed=1, when=moments[0], details={
        "aid": "hearing_aids", "disability_group": "group_2", "aids_requested": "слуховой аппарат"})
    chair_1 = register_as(world, "wheelchairs", seed=2, when=moments[1], details={
        "disability_group": "group_1", "aids_requested": "комнатная"})
    hygiene = register_as(world, "hearing_vision_aids", seed=3, when=moments[2], details={
        "aid": "hygiene_aids", "disability_group": "child"})
    chair_2 = register_as(world, "wheelchairs", seed=4, when=moments[3])
    withdrawn = register_as(world, "wheelchairs", seed=5, when=moments[4])
    world.cases.step(world.users["desk"], withdrawn, Action.WITHDRAW)
    register_as(world, "asp", seed=6)  # no queue of its own

    tables = {str(t.title.params["title"].ru): t
              for t in reports.waiting_registers(world.db, DAY, DAY)}
    assert len(tables) == 8  # every queue of the catalogue, empty ones too
    chairs = tables["Очередь на кресло-коляску"]
    numbers = [row[1] for row in chairs.rows]
    assert numbers == [record(world, chair_1).registration_number,
                       record(world, chair_2).registration_number]
    assert [row[0] for row in chairs.rows] == [1, 2]
    assert chairs.rows[0][6] == "комнатная"
    assert render(chairs.rows[0][5], "ru") == "I группа"
    assert chairs.totals[-1] == 2
    assert [row[1] for row in tables["Очередь на сурдотехнические средства"].rows] == [
        record(world, hearing_1).registration_number]
    assert [row[1] for row in tables["Очередь на обязательные гигиенические средства"].rows] \
        == [record(world, hygiene).registration_number]
    assert tables["Очередь на тифлотехнические средства"].rows == ()

    book = load_workbook(io.BytesIO(to_xlsx(list(tables.values()), "kk")))
    sheets = [[c for c in row] for sheet in book.worksheets
              for row in sheet.iter_rows(values_only=True)]
    assert [r[0] for r in sheets if r[0] == "Кресло-арба кезегі"] == ["Кресло-арба кезегі"]
    assert any(r[1] == record(world, chair_2).registration_number for r in sheets)
    text = " ".join(pdf_text(to_pdf(list(tables.values()), "ru")).split())
    assert "Очередь на кресло-коляску" in text
    joined = "".join(text.split())  # a number wraps in its narrow column
    assert record(world, chair_1).registration_number in joined
    assert record(world, withdrawn).registration_number not in joined



def _decided_wheelchair(world: World, seed: int, *, assign: bool = True) -> str:
    users = world.users
    app_id = register_as(world, "wheelchairs", seed=seed,
                         details={"disability_group": "group_1"})
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    world.cases.prepare_draft(users["exec"], app_id)
    terms = DecisionTerms(Outcome.ASSIGNED, None, 0, DAY, dt.date(2027, 12, 31)) if assign \
        else DecisionTerms(Outcome.REFUSED, note="Кресло-арба бағдарламада көзделмеген")
    world.cases.decide(users["head"], app_id, terms)
    return app_id


def _programme(world: World, app_id: str) -> None:
    """The person's programme: two wheelchairs of this service, hours of another's."""
    save_disability(world.db, Disability(
        iin=record(world, app_id).applicant_iin, group=DisabilityGroup.GROUP_1,
        established_on=dt.date(2025, 3, 1), programme_number="ИПР-17",
        programme_date=dt.date(2025, 3, 5),
        entries=(ProgrammeEntry("wheelchair_room", Decimal(1), Unit.PIECES,
                                dt.date(2027, 6, 30)),
                 ProgrammeEntry("personal_assistant", Decimal(960), Unit.HOURS_PER_YEAR),
                 ProgrammeEntry("wheelchair_street", Decimal(2), Unit.PIECES))),
        office_code="AKT-01", today=DAY)


def _flat(data: bytes) -> str:
    return "".join(pdf_text(data).split())


def test_the_notification_states_the_term_and_the_programmes_items(world: World):
    app_id = _decided_wheelchair(world, seed=7)
    desk = world.users["desk"]
    # no programme entered for the person: the notification is not issued, nothing changes
    with pytest.raises(ResultNotReadyError) as refused:
        issue_result(world.cases, desk, app_id, "ru", action=Action.ISSUE_NOTIFICATION)
    assert "Дела → Лица с инвалидностью" in render(refused.value.message, "ru")
    assert record(world, app_id).status == CaseStatus.ASSIGNED.value
    _programme(world, app_id)
    issued = issue_result(world.cases, desk, app_id, "ru", action=Action.ISSUE_NOTIFICATION)
    assert record(world, app_id).status == CaseStatus.DELIVERED.value
    number = record(world, app_id).registration_number
    for lang, said in (("ru", (
            "Уведомление об оформлении документов",
            f"Документы на предоставление кресла-коляски оформлены: регистрационный номер "
            f"{number}, {format_date(DAY)}.",
            f"Срок предоставления: с {format_date(DAY)} по 31.12.2027.",
            "По индивидуальной программе реабилитации: Кресло-коляска комнатная — 1 шт. "
            "(до 30.06.2027); Кресло-коляска прогулочная — 2 шт.")), ("kk", (
            "Құжаттарды ресімдеу туралы хабарлама",
            f"Кресло-арбаны ұсыну үшін құжаттар ресімделді: тіркеу нөмірі {number}, "
            f"{format_date(DAY)}.",
            "Оңалтудың жеке бағдарламасы бойынша: Бөлмелік кресло-арба — 1 дана "
            "(30.06.2027 дейін); Серуендеуге арналған кресло-арба — 2 дана"))):
        pdf = issued.pdf if lang == "ru" else \
            result_document(world.db, app_id, desk, lang, log=True).pdf
        text = _flat(pdf)
        for sentence in said:
            assert "".join(sentence.split()) in text, (lang, sentence)
        assert "960" not in text  # the assistant's hours are another service's
    assert result_document(world.db, app_id, desk, "kk", log=False).duplicate


def test_a_refused_case_is_notified_of_the_refusal_and_its_grounds(world: World):
    app_id = _decided_wheelchair(world, seed=8, assign=False)
    text = _flat(result_document(world.db, app_id, world.users["desk"], "kk", log=False).pdf)
    assert "Құжаттардыресімдеуденбастартутуралыхабарлама" in text
    assert "Бастартунегіздері:Кресло-арбабағдарламадакөзделмеген" in text
