"""A home education case (services.md §8) through the ЦОН: registered with the centre's terms
(seed 002 item 9, KZ 2459-2476, RU 8492-8511), decided by the rules on the maslikhat's
decision, and, when the rules refuse, the reasoned refusal of the 2018 regulation (seed 000
lines 204-206) sent to the centre, handed over and printed with its grounds in both languages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from desktop.demo.intake_family import fill_family
from desktop.domain.assessment import Outcome
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.iin import make_iin
from desktop.domain.model import Channel, Sex
from desktop.services.district_decisions import add_decision
from desktop.services.intake import new_session, register
from desktop.services.results import result_document
from desktop.storage.models import ApplicationRecord
from tests.support.case_world import DAY, World
from tests.support.wizard_driver import pdf_text


def flat(data: bytes) -> str:
    return re.sub(r"\s+", "", pdf_text(data))


def has(data: bytes, text: str) -> bool:
    return re.sub(r"\s+", "", text) in flat(data)


@pytest.fixture
def decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMEK_PARAMS_OVERLAY", str(tmp_path / "overlay"))
    written = add_decision({
        "district": "Актогайский район", "number": "39-2", "date": dt.date(2026, 1, 10),
        "in_force": {"from": dt.date(2026, 1, 20), "to": None}, "source": "Решение № 39-2",
        "home_education": {"amount_mrp": "3", "per": "month"}})
    assert isinstance(written, Path)


def through_the_centre(world: World, child_born: dt.date) -> str:
    context = dataclasses.replace(world.context, channel=Channel.STATE_CORPORATION)
    session = new_session(context, DAY)
    fill_family(session, 2, seed=4)
    session.service = "home_education"
    app_id = register(context, session, "ru", now=world.clock()).application.application_id
    import json

    with world.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None
        assert record.channel == Channel.STATE_CORPORATION.value
        record.service_details = json.dumps({
            "child_iin": make_iin(child_born, Sex.MALE, 77), "disability_group": "group_2",
            "home_education_until": "2027-05-25"}, ensure_ascii=False)
    return app_id


def test_the_centres_case_is_due_by_its_terms_and_assigned_on_the_decision(world: World,
                                                                          decision: None):
    app_id = through_the_centre(world, dt.date(2012, 4, 1))
    with world.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None
        # 15 + 15 min, courier 1 wd, 30 min + 2 h, visa 1, draft 6, decision 1 wd,
        # 30 + 20 min (seed 002 item 9): nine working days and 3 h 50 min, which a
        # registration at 10.30 keeps within the ninth working day
        calendar = world.context.parameters.calendar
        assert record.registration_number.startswith("AKT-01-2026-UO-")
        assert record.due_date == calendar.add_working_days(DAY, 9)
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    draft = world.cases.prepare_draft(users["exec"], app_id)
    assert draft.outcome is Outcome.ASSIGNED
    assert draft.monthly_amount == 3 * world.context.parameters.mrp.on(DAY).amount
    assert (draft.period_start, draft.period_end) == (dt.date(2026, 11, 1),
                                                      dt.date(2026, 12, 31))


def test_a_refusal_by_the_rules_is_the_reasoned_refusal_sent_and_handed_over(
        world: World, decision: None):
    app_id = through_the_centre(world, dt.date(2008, 1, 5))  # eighteen on the application day
    users = world.users
    world.cases.visa(users["head"], app_id, users["exec"].actor_id or "")
    draft = world.cases.prepare_draft(users["exec"], app_id)
    assert draft.outcome is Outcome.REFUSED
    assert world.cases.decide(users["head"], app_id, draft) is CaseStatus.REFUSED
    assert world.cases.step(users["exec"], app_id, Action.SEND_RESULT) \
        is CaseStatus.SENT_TO_AKIM
    assert world.cases.step(users["desk"], app_id, Action.HAND_OVER) is CaseStatus.DELIVERED
    kk = result_document(world.db, app_id, users["desk"], "kk", log=False).pdf
    ru = result_document(world.db, app_id, users["desk"], "ru", log=False).pdf
    assert has(kk, "Мемлекеттік қызметті көрсетуден бас тарту туралы дәлелді жауап")
    assert has(ru, "Мотивированный ответ об отказе в оказании государственной услуги")
    assert has(ru, "Вам отказано в назначении возмещения затрат на обучение на дому ребенка "
                   "с инвалидностью")
    assert has(kk, "Бас тарту негіздері:") and has(ru, "Основания отказа:")
    # the rule's ground, as the draft gave it to the head
    for pdf in (kk, ru):
        assert has(pdf, "Өтеу он сегіз жасқа толмаған балаларға тағайындалады; баланың жасы — 18.")
        assert has(pdf, "Возмещение назначается на детей до восемнадцати лет; возраст ребенка "
                        "— 18.")
