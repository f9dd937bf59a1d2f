"""The special social services' cases (seed 002 §16-17): due in 16 and 13 working days and an
hour, the executor's assessment of need recorded with its step and drafting the result, the
head's decision stating the term, the notification or the reasoned refusal printed in both
languages; and for home care, the care worker assigned and the visits kept, each problem at
its field."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.decision import DecisionTerms
from desktop.domain.home_care import CareAssignment, CareVisit, minutes_from_hours
from desktop.domain.need_assessment import NeedAssessment
from desktop.i18n import format_date, render
from desktop.services.cases import CaseInputError
from desktop.services.home_care import (
    HomeCareError,
    assign_care_worker,
    home_care_of,
    record_visit,
)
from desktop.services.results import issue_result
from desktop.storage.models import AuditRecord, CaseEventRecord
from tests.support.case_world import DAY, World
from tests.support.wizard_driver import pdf_text
from tests.unit.services.cases.test_service_cases import record, register_as


def _keep(name: str, pdf: bytes) -> None:
    """The PDF to look at, in KOMEK_SHOTS when it is set."""
    folder = os.environ.get("KOMEK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(pdf)


NEEDED = NeedAssessment(True, False, True, "Нуждается в постороннем уходе, противопоказаний нет")
TERM_END = dt.date(2027, 11, 30)


@pytest.mark.parametrize(("code", "marker", "days"), [("institutional_care", "MS", 16),
                                                      ("home_care", "UD", 13)])
def test_a_case_is_due_by_the_sum_of_its_steps(world: World, code, marker, days):
    app_id = register_as(world, code, details={"disability_group": "none"})
    found = record(world, app_id)
    assert found.registration_number.startswith(f"AKT-01-2026-{marker}-")
    # 30 min + 1 + 1 + 13 (10) + 1 working days + 30 min
    assert found.due_date == world.context.parameters.calendar.add_working_days(DAY, days)


def _assessed(world: World, code: str, assessment: NeedAssessment | None, seed: int = 0) -> str:
    users = world.users
    app_id = register_as(world, code, seed=seed, details={"disability_group": "group_1"})
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    if assessment is not None:
        world.cases.prepare_draft(users["exec"], app_id, assessment)
    return app_id


def test_the_assessment_of_need_is_recorded_with_its_step_and_drafts_the_result(world: World):
    users = world.users
    app_id = _assessed(world, "institutional_care", None)
    # without an assessment, or without its conclusion, the step is not taken
    for assessment, said in ((None, "Запишите оценку нуждаемости: нуждается ли человек в "
                              "специальных социальных услугах и почему."),
                             (NeedAssessment(True, False, True, "  "),
                              "Напишите заключение оценки нуждаемости.")):
        with pytest.raises(CaseInputError) as refused:
            world.cases.prepare_draft(users["exec"], app_id, assessment)
        assert [render(m, "ru") for m in refused.value.messages] == [said]
        assert record(world, app_id).status == CaseStatus.VISA.value
    drafted = world.cases.prepare_draft(users["exec"], app_id, NEEDED)
    assert drafted.outcome is Outcome.ASSIGNED
    assert record(world, app_id).status == CaseStatus.DRAFT_DECISION.value
    with world.db.session() as s:
        event = s.execute(select(CaseEventRecord).where(
            CaseEventRecord.application_id == app_id,
            CaseEventRecord.action == Action.PREPARE_DRAFT.value)).scalar_one()
        assert json.loads(event.data)["need_assessment"] == {
            "need_confirmed": True, "contraindications": False, "information_reliable": True,
            "conclusion": NEEDED.conclusion}
    # unreliable information, or the ВКК's contraindications: the draft is a refusal
    other = _assessed(world, "home_care", None, seed=1)
    refusal = world.cases.prepare_draft(users["exec"], other, NeedAssessment(
        True, False, False, "Адресная справка не совпадает с местом проживания"))
    assert refusal.outcome is Outcome.REFUSED
    assert refusal.note == "Адресная справка не совпадает с местом проживания"


def test_the_notification_states_the_term_in_both_languages(world: World):
    users = world.users
    app_id = _assessed(world, "institutional_care", NEEDED)
    with pytest.raises(CaseInputError):  # the notification states the term: the head gives it
        world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED))
    world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED, None, 0, DAY,
                                                            TERM_END))
    issued = issue_result(world.cases, users["desk"], app_id, "ru",
                          action=Action.ISSUE_NOTIFICATION)
    assert record(world, app_id).status == CaseStatus.DELIVERED.value
    number = record(world, app_id).registration_number
    _keep("institutional-notification-ru.pdf", issued.pdf)
    ru = " ".join(pdf_text(issued.pdf).split())
    for said in ("Уведомление об оформлении документов",
                 "Документы на оказание специальных социальных услуг в медико-социальном "
                 f"учреждении (организации) оформлены: регистрационный номер {number}, "
                 f"{format_date(DAY)}.",
                 f"Срок оказания специальных социальных услуг: с {format_date(DAY)} по "
                 f"{format_date(TERM_END)}."):
        assert said in ru, said
    from desktop.services.results import result_document

    kk_pdf = result_document(world.db, app_id, users["desk"], "kk", log=False).pdf
    _keep("institutional-notification-kk.pdf", kk_pdf)
    kk = " ".join(pdf_text(kk_pdf).split())
    for said in ("Құжаттарды ресімдеу туралы хабарлама",
                 "Медициналық-әлеуметтік мекемеде (ұйымда) арнаулы әлеуметтік қызмет "
                 f"көрсетуге құжаттар ресімделді: тіркеу нөмірі {number}",
                 "Арнаулы әлеуметтік қызмет көрсету мерзімі:"):
        assert said in kk, said


def test_the_reasoned_refusal_names_unreliable_information(world: World):
    users = world.users
    app_id = _assessed(world, "home_care", NeedAssessment(
        True, False, False, "Сведения о месте проживания недостоверны"), seed=2)
    world.cases.decide(users["head"], app_id, DecisionTerms(
        Outcome.REFUSED, note="Сведения о месте проживания недостоверны"))
    issued = issue_result(world.cases, users["desk"], app_id, "ru",
                          action=Action.ISSUE_NOTIFICATION)
    _keep("home-care-refusal-ru.pdf", issued.pdf)
    ru = " ".join(pdf_text(issued.pdf).split())
    assert "Мотивированный ответ об отказе в оказании государственной услуги" in ru
    assert "в условиях ухода на дому в связи с недостоверностью представленных сведений и " \
           "документов" in ru
    assert "Основания отказа: Сведения о месте проживания недостоверны" in ru
    from desktop.services.results import result_document

    kk_pdf = result_document(world.db, app_id, users["desk"], "kk", log=False).pdf
    _keep("home-care-refusal-kk.pdf", kk_pdf)
    kk = " ".join(pdf_text(kk_pdf).split())
    assert "Мемлекеттік қызмет көрсетуден бас тарту туралы дәлелді жауап" in kk
    assert "мәліметтер мен құжаттардың дәйексіздігі себебінен бас тартылды" in kk


def _arranged_home_care(world: World, seed: int = 3) -> str:
    users = world.users
    app_id = _assessed(world, "home_care", NEEDED, seed=seed)
    world.cases.decide(users["head"], app_id, DecisionTerms(Outcome.ASSIGNED, None, 0, DAY,
                                                            TERM_END))
    return app_id


def test_a_care_worker_is_assigned_after_the_decision_and_visits_are_kept(world: World):
    desk = world.users["desk"]
    early = _assessed(world, "home_care", NEEDED, seed=4)
    with pytest.raises(HomeCareError) as refused:  # not decided yet
        assign_care_worker(world.db, desk, early, CareAssignment("Ахметова Гүлнар", DAY), DAY)
    assert "после решения руководителя" in render(refused.value.problems[""], "ru")

    app_id = _arranged_home_care(world)
    later = DAY + dt.timedelta(days=10)
    with pytest.raises(HomeCareError) as refused:
        record_visit(world.db, desk, app_id, CareVisit(DAY, 120, "уборка"), later)
    assert set(refused.value.problems) == {"worker"}
    with pytest.raises(HomeCareError) as refused:
        assign_care_worker(world.db, desk, app_id, CareAssignment(" ", later + dt.timedelta(1)),
                           later)
    assert {k: render(v, "kk") for k, v in refused.value.problems.items()} == {
        "worker": "Күтім жасайтын қызметкердің тегін, атын және әкесінің атын енгізіңіз.",
        "assigned_on": "Күн бүгінгі күннен кейін болмауы керек."}
    assign_care_worker(world.db, desk, app_id, CareAssignment("Ахметова  Гүлнар", DAY), later)

    visits = [CareVisit(DAY + dt.timedelta(days=3), 120, "Уборка, покупка продуктов"),
              CareVisit(DAY + dt.timedelta(days=1), minutes_from_hours("1,5") or 0,
                        "Сопровождение в поликлинику")]
    for visit in visits:
        record_visit(world.db, desk, app_id, visit, later)
    with pytest.raises(HomeCareError) as refused:
        record_visit(world.db, desk, app_id,
                     CareVisit(DAY - dt.timedelta(days=1), 0, ""), later)
    assert {k: render(v, "ru") for k, v in refused.value.problems.items()} == {
        "day": f"Посещение не может быть раньше назначения социального работника "
               f"({format_date(DAY)}).",
        "hours": "Введите часы посещения: больше 0 и не более 12.",
        "done": "Укажите, что было сделано при посещении."}

    care = home_care_of(world.db, app_id)
    assert care.assignment == CareAssignment("Ахметова Гүлнар", DAY)
    assert care.term == (DAY, TERM_END)
    assert [v.visit.day for v in care.visits] == sorted(v.day for v in visits)
    assert care.minutes == 210 and {v.worker for v in care.visits} == {"Ахметова Гүлнар"}
    with world.db.session() as s:
        audit = s.execute(select(AuditRecord).where(
            AuditRecord.action.in_(["home_care.assign", "home_care.visit"]))).scalars().all()
        assert len(audit) == 3
        assert all("Гүлнар" not in (a.changes or "") and "Уборка" not in (a.changes or "")
                   for a in audit)


def test_hours_are_read_as_the_desk_types_them():
    assert [minutes_from_hours(t) for t in ("2", "1,5", "0.25", " 3 ", "", "два", "nan")] \
        == [120, 90, 15, 180, None, None, None]


def test_a_visit_counts_in_quarters_of_an_hour_and_a_day_holds_at_most_24_hours():
    from desktop.domain.home_care import visit_problems

    day = dt.date(2026, 11, 23)
    odd = visit_problems(CareVisit(day, minutes_from_hours("1,1") or 0, "уборка"),
                         assigned_on=DAY, today=day)
    assert render(odd["hours"], "ru") == ("Введите часы с точностью до четверти часа, "
                                          "например, 1, 1,25 или 1,5.")
    full = [CareVisit(day, 12 * 60, "дежурство"), CareVisit(day, 11 * 60, "дежурство")]
    over = visit_problems(CareVisit(day, 120, "уборка"), assigned_on=DAY, today=day,
                          earlier=full)
    assert render(over["hours"], "kk") == "Бір күнгі барулардың жиыны 24 сағаттан аспауы керек."
    assert visit_problems(CareVisit(day, 60, "уборка"), assigned_on=DAY, today=day,
                          earlier=full) == {}
