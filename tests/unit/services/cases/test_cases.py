"""The whole case path through the service: office and akimat cases, refusals, role checks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.case_path import Action, ActionNotAllowedError
from desktop.domain.case_status import CaseStatus as S
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import Channel, NoNeedCriterion, RefusalCode
from desktop.services.cases import CaseInputError, ConclusionInput
from desktop.storage.audit import verify_audit_chain
from desktop.storage.ids import case_state_id
from desktop.storage.models import (
    ApplicationRecord,
    AuditRecord,
    CaseEventRecord,
    CaseStateRecord,
    DecisionRecord,
)
from tests.support.case_world import World

NEED = ConclusionInput(dt.date(2026, 11, 23), True, members_present=("Комиссия Мүшесі",))


def status(world: World, app_id: str) -> str:
    with world.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None
        return record.status


def test_office_case_from_registration_to_the_notification(world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register()
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    world.clock.next_day(3)
    c.record_conclusion(u["member"], app_id, NEED)
    draft = c.prepare_draft(u["exec"], app_id)
    c.step(u["sector"], app_id, Action.CHECK_DRAFT)
    final = DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL, 2_500_000,
                          dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    if draft.assigned:
        final = draft
    assert c.decide(u["head"], app_id, final) is S.ASSIGNED
    assert c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION) is S.DELIVERED
    with world.db.session() as s:
        events = s.scalars(select(CaseEventRecord.action).where(
            CaseEventRecord.application_id == app_id).order_by(CaseEventRecord.at)).all()
        assert events == ["visa", "refer_to_commission", "record_conclusion", "prepare_draft",
                          "check_draft", "assign", "issue_notification"]
        draft_row = s.scalars(select(DecisionRecord).where(DecisionRecord.stage == "draft")).one()
        trace = json.loads(draft_row.trace)
        assert trace["kk"] and trace["ru"] and trace["ru"][0]["title"]
        audit = s.scalars(select(AuditRecord.action).where(
            AuditRecord.record_id == app_id, AuditRecord.action.like("case.%"))).all()
        assert len(audit) == 7
        assert verify_audit_chain(s).ok
        state = s.scalars(select(CaseStateRecord)).one()
        assert state.assigned and state.executor_name == "Орындаушы Бір"
        assert state.id == case_state_id(app_id)  # the same record at every desk
        assert state.step_due is None  # delivered: nothing is awaited


def test_akimat_case_commission_at_the_akimat_then_decided_at_the_district(
        world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register(Channel.AKIM)
    with pytest.raises(ActionNotAllowedError):  # the district does not refer akimat cases
        c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    c.step(u["akimat"], app_id, Action.REFER_TO_COMMISSION)
    with pytest.raises(ActionNotAllowedError):  # a district member is not the akim's commission
        c.record_conclusion(u["member"], app_id, NEED)
    world.clock.next_day(3)
    c.record_conclusion(u["akim-member"], app_id, NEED)
    c.step(u["akimat"], app_id, Action.SEND_TO_DISTRICT)
    c.step(u["desk"], app_id, Action.RECEIVE_AT_DISTRICT)
    c.visa(u["head"], app_id, u["exec2"].account_id or "")
    with pytest.raises(ActionNotAllowedError):  # not the named executor
        c.prepare_draft(u["exec"], app_id)
    c.prepare_draft(u["exec2"], app_id)
    c.decide(u["head"], app_id, DecisionTerms(Outcome.REFUSED,
                                              refusal_codes=(RefusalCode.INCOME_ABOVE_LINE,)))
    c.step(u["exec2"], app_id, Action.SEND_RESULT)
    assert c.step(u["akimat"], app_id, Action.HAND_OVER) is S.DELIVERED
    with pytest.raises(ActionNotAllowedError):  # refused: nothing to terminate
        c.step(u["head"], app_id, Action.TERMINATE)


def test_refusal_when_the_commission_finds_no_need(world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register()
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    with pytest.raises(CaseInputError):  # "no need" without a criterion
        c.record_conclusion(u["member"], app_id, ConclusionInput(
            dt.date(2026, 11, 20), False, members_present=("А",)))
    c.record_conclusion(u["member"], app_id, ConclusionInput(
        dt.date(2026, 11, 20), False, criteria=(NoNeedCriterion.MORE_THAN_ONE_CAR,),
        members_present=("А", "Б")))
    draft = c.prepare_draft(u["exec"], app_id)
    assert draft.outcome is Outcome.REFUSED and RefusalCode.NO_NEED in draft.refusal_codes
    assert c.decide(u["head"], app_id, draft) is S.REFUSED


def test_refusal_when_the_survey_is_refused(world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register()
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    c.record_conclusion(u["member"], app_id, ConclusionInput(
        dt.date(2026, 11, 20), False, survey_refused=True, members_present=("А",)))
    draft = c.prepare_draft(u["exec"], app_id)
    assert RefusalCode.SURVEY_REFUSED in draft.refusal_codes


def test_withdrawal_before_the_decision_and_not_after(world: World) -> None:
    c, u = world.cases, world.users
    first, second = world.register(), world.register(seed=3)
    assert c.step(u["desk"], first, Action.WITHDRAW, note="заявитель отозвал") is S.WITHDRAWN
    c.visa(u["head"], second, u["exec"].account_id or "")
    with pytest.raises(ActionNotAllowedError):
        c.step(u["desk"], second, Action.VISA)


@pytest.mark.parametrize("who", ["desk", "member", "exec", "sector", "admin", "akimat"])
def test_only_the_head_puts_the_visa(world: World, who: str) -> None:
    app_id = world.register()
    with pytest.raises(ActionNotAllowedError) as refused:
        world.cases.visa(world.users[who], app_id, world.users["exec"].account_id or "")
    assert refused.value.message.msgid
    assert status(world, app_id) == S.REGISTERED.value
    with world.db.session() as s:  # nothing written by a refused step
        assert s.scalar(select(func.count()).select_from(CaseEventRecord)) == 0


def test_decision_terms_are_checked_before_signing(world: World) -> None:
    c, u = world.cases, world.users
    app_id = world.register()
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    world.clock.next_day(3)
    c.record_conclusion(u["member"], app_id, NEED)
    c.prepare_draft(u["exec"], app_id)
    with pytest.raises(CaseInputError):
        c.decide(u["head"], app_id, DecisionTerms(Outcome.ASSIGNED))
    with pytest.raises(ActionNotAllowedError):
        c.decide(u["exec"], app_id, DecisionTerms(Outcome.REFUSED, note="x"))
    assert status(world, app_id) == S.DRAFT_DECISION.value


def test_visa_needs_an_executor_account(world: World) -> None:
    app_id = world.register()
    with pytest.raises(CaseInputError):
        world.cases.visa(world.users["head"], app_id, world.users["member"].account_id or "")
