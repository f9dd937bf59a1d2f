"""The case path: who may take which step, where, and in what order; step deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.case_deadlines import step_due
from desktop.domain.case_path import (
    Action,
    ActionNotAllowedError,
    CaseFacts,
    available_actions,
    check_action,
    require_action,
    target_status,
    waiting_statuses,
)
from desktop.domain.case_status import TRANSITIONS, CaseStatus
from desktop.domain.model import Channel
from desktop.domain.parameters import Parameters
from desktop.domain.roles import Actor, OfficeKind, Permission, Role, has_permission, parse_roles
from tests.support.domain_factories import parameters

S = CaseStatus
D = dt.date
DISTRICT = "Ақтоғай ауданы"


def actor(*roles: Role, office: str = "AKT-01", kind: OfficeKind = OfficeKind.DISTRICT_OFFICE,
          account: str = "a1") -> Actor:
    return Actor(account, frozenset(roles), office, kind, DISTRICT)


def case(status: CaseStatus, channel: Channel = Channel.DISTRICT_OFFICE, *,
         office: str = "AKT-01", executor: str | None = None,
         assigned: bool = False) -> CaseFacts:
    return CaseFacts(status, channel, office, DISTRICT, executor, assigned)


HEAD = actor(Role.HEAD, account="head")
EXECUTOR = actor(Role.EXECUTOR, account="exec")
MEMBER = actor(Role.COMMISSION_MEMBER, account="member")
DESK = actor(Role.FRONT_DESK, account="desk")
AKIMAT = actor(Role.AKIMAT_SPECIALIST, office="AKT-AK-02", kind=OfficeKind.AKIMAT,
               account="akim")
AKIM_MEMBER = actor(Role.COMMISSION_MEMBER, office="AKT-AK-02", kind=OfficeKind.AKIMAT)


def walk(path: list[tuple[Actor, Action]], facts: CaseFacts) -> CaseFacts:
    for who, action in path:
        require_action(who, action, facts)
        new = target_status(action, facts)
        assert new in TRANSITIONS[facts.status] or new is facts.status
        executor = "exec" if action is Action.VISA else facts.executor_id
        facts = CaseFacts(new, facts.channel, facts.office_code, facts.district, executor,
                          facts.assigned or action is Action.ASSIGN)
    return facts


def test_office_path_from_registration_to_the_notification() -> None:
    end = walk([(HEAD, Action.VISA), (EXECUTOR, Action.REFER_TO_COMMISSION),
                (MEMBER, Action.RECORD_CONCLUSION), (EXECUTOR, Action.PREPARE_DRAFT),
                (actor(Role.SECTOR_HEAD), Action.CHECK_DRAFT), (HEAD, Action.ASSIGN),
                (EXECUTOR, Action.ISSUE_NOTIFICATION)], case(S.REGISTERED))
    assert end.status is S.DELIVERED
    assert available_actions(HEAD, end) == [Action.TERMINATE]


def test_akim_path_commission_at_the_akimat_then_the_district_decides() -> None:
    start = case(S.REGISTERED, Channel.AKIM, office="AKT-AK-02")
    end = walk([(AKIMAT, Action.REFER_TO_COMMISSION), (AKIM_MEMBER, Action.RECORD_CONCLUSION),
                (AKIMAT, Action.SEND_TO_DISTRICT), (DESK, Action.RECEIVE_AT_DISTRICT),
                (HEAD, Action.VISA), (EXECUTOR, Action.PREPARE_DRAFT),
                (HEAD, Action.REFUSE), (EXECUTOR, Action.SEND_RESULT),
                (AKIMAT, Action.HAND_OVER)], start)
    assert end.status is S.DELIVERED
    assert available_actions(HEAD, end) == []  # refused: nothing to terminate


@pytest.mark.parametrize(("who", "action", "facts", "reason"), [
    (DESK, Action.VISA, case(S.REGISTERED), "Your role"),
    (HEAD, Action.ASSIGN, case(S.VISA), "not possible"),
    (EXECUTOR, Action.PREPARE_DRAFT, case(S.COMMISSION_CONCLUDED, executor="other"), "another"),
    (AKIMAT, Action.REFER_TO_COMMISSION, case(S.REGISTERED, Channel.AKIM, office="X"), "office"),
    (actor(Role.HEAD, office="AKT-AK-02", kind=OfficeKind.AKIMAT), Action.VISA,
     case(S.RECEIVED_BY_DISTRICT, Channel.AKIM, office="AKT-AK-02"), "office"),
    (HEAD, Action.TERMINATE, case(S.DELIVERED, assigned=False), "not possible"),
])
def test_steps_refused_with_the_reason(who: Actor, action: Action, facts: CaseFacts,
                                       reason: str) -> None:
    problem = check_action(who, action, facts)
    assert problem is not None and reason in problem.msgid
    with pytest.raises(ActionNotAllowedError):
        require_action(who, action, facts)


def test_a_district_office_of_another_district_cannot_act() -> None:
    stranger = Actor("h", frozenset({Role.HEAD}), "KAR-01", OfficeKind.DISTRICT_OFFICE, "Other")
    facts = case(S.RECEIVED_BY_DISTRICT, Channel.AKIM, office="AKT-AK-02")
    assert check_action(stranger, Action.VISA, facts) is not None
    assert check_action(HEAD, Action.VISA, facts) is None


def test_withdrawal_only_before_the_decision() -> None:
    assert check_action(DESK, Action.WITHDRAW, case(S.SENT_TO_COMMISSION)) is None
    assert check_action(DESK, Action.WITHDRAW, case(S.ASSIGNED)) is not None


def test_waiting_statuses_and_permissions() -> None:
    assert waiting_statuses([Role.COMMISSION_MEMBER]) == {S.SENT_TO_COMMISSION}
    assert S.REGISTERED in waiting_statuses([Role.HEAD])
    admin = actor(Role.ADMINISTRATOR)
    assert has_permission(admin, Permission.MANAGE_ACCOUNTS)
    assert not has_permission(DESK, Permission.MANAGE_ACCOUNTS)
    assert parse_roles("head, executor,unknown") == {Role.HEAD, Role.EXECUTOR}


@pytest.fixture(scope="module")
def params() -> Parameters:
    return parameters()


def test_step_due_two_working_days_across_nauryz(params: Parameters) -> None:
    # reg2015 office: to the commission within 2 working days; 20 March 2026 is a Friday,
    # 23-25 March are Nauryz days off -> 27 March
    due = step_due(S.VISA, Channel.DISTRICT_OFFICE, since=D(2026, 3, 20),
                   accepted_on=D(2026, 3, 19), service_due=None,
                   schedule=params.deadlines["reg2015"], calendar=params.calendar)
    assert due is not None and due.due == D(2026, 3, 27) and due.steps == ("to_commission",)


def test_step_due_in_hours_ends_the_same_working_day_or_after_a_weekend(
        params: Parameters) -> None:
    due = step_due(S.DRAFT_DECISION, Channel.DISTRICT_OFFICE, since=D(2026, 3, 21),
                   accepted_on=D(2026, 3, 16), service_due=None,
                   schedule=params.deadlines["reg2015"], calendar=params.calendar)
    assert due is not None and due.due == D(2026, 3, 26)  # Saturday + Nauryz -> Thursday


def test_step_due_without_a_step_term_is_the_service_deadline(params: Parameters) -> None:
    due = step_due(S.VISA, Channel.DISTRICT_OFFICE, since=D(2026, 3, 20),
                   accepted_on=D(2026, 3, 19), service_due=D(2026, 4, 9),
                   schedule=params.deadlines["social-code"], calendar=params.calendar)
    assert due is not None and due.due == D(2026, 4, 9) and not due.from_regulation
    assert step_due(S.DELIVERED, Channel.AKIM, since=D(2026, 3, 20), accepted_on=D(2026, 3, 19),
                    service_due=None, schedule=None, calendar=params.calendar) is None


def test_akim_transfer_counts_from_acceptance_in_2013(params: Parameters) -> None:
    accepted = D(2026, 2, 2)
    due = step_due(S.COMMISSION_CONCLUDED, Channel.AKIM, since=D(2026, 2, 4),
                   accepted_on=accepted, service_due=None,
                   schedule=params.deadlines["reg2013"], calendar=params.calendar)
    assert due is not None and due.due == params.calendar.add_working_days(accepted, 15)
