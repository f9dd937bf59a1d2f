"""The case path: each step of the regulation as an action, who may take it, and where it leads.

A step is allowed when the case stands in one of its source statuses, the case came by one of
its channels, the actor holds one of its roles and sits at the right office: the office that
received the application (the akimat, for the akim's steps) or the district office of that
district (visa, calculation, decision). Steps that need a named executor are the executor's
alone. Process.md §4 (2015) and §6 (2013) give the order; ``case_status.TRANSITIONS`` bounds it.

Every service of the catalogue has a path of its own (``CasePath``), declared with its steps in
``forms/services/<code>/service.yaml`` and built by ``desktop.catalog``; each function here
takes the path of the case's service (``path=``). ``STEPS`` is АСП's path, the one the
catalogue's ``asp`` entry declares (a test holds the two equal), and the path of a call that
names none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.case_status import TRANSITIONS, CaseStatus
from desktop.domain.model import Channel
from desktop.domain.roles import Actor, OfficeKind, Role
from desktop.domain.text import Text

__all__ = [
    "ACTION_LABELS",
    "ASP_PATH",
    "EVENT_LABELS",
    "MAIN_ACTIONS",
    "Action",
    "ActionNotAllowedError",
    "CaseFacts",
    "CasePath",
    "Side",
    "Step",
    "available_actions",
    "check_action",
    "require_action",
    "steps_for",
    "target_status",
    "waiting_statuses",
]

S = CaseStatus
R = Role
C = Channel
OFFICE_CHANNELS = frozenset({C.DISTRICT_OFFICE, C.STATE_CORPORATION})
ALL_CHANNELS = frozenset(Channel)
AKIM = frozenset({C.AKIM})
RELAYED = frozenset({C.AKIM, C.STATE_CORPORATION})  # the result goes back through a relay


class Action(StrEnum):
    """Stable codes, written to case events and the audit log."""

    REFER_TO_COMMISSION = "refer_to_commission"
    RECORD_CONCLUSION = "record_conclusion"
    SEND_TO_DISTRICT = "send_to_district"
    RECEIVE_AT_DISTRICT = "receive_at_district"
    RETURN_FOR_REWORK = "return_for_rework"
    VISA = "visa"
    PREPARE_DRAFT = "prepare_draft"
    CHECK_DRAFT = "check_draft"
    ASSIGN = "assign"
    REFUSE = "refuse"
    ISSUE_NOTIFICATION = "issue_notification"
    SEND_RESULT = "send_result"
    HAND_OVER = "hand_over"
    WITHDRAW = "withdraw"
    REPORT_CHANGE = "report_change"
    RECALCULATE = "recalculate"
    TERMINATE = "terminate"
    ISSUE_RESULT = "issue_result"  # a certificate or referral issued at once (no decision)


class Side(StrEnum):
    RECEIVING = "receiving"  # the office that received the application
    DISTRICT = "district"  # the district office of the case's district
    ANY = "any"  # either of them


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    sources: frozenset[CaseStatus]
    target: CaseStatus | None  # None: an event that leaves the status as it is
    roles: frozenset[Role]
    side: Side
    channels: frozenset[Channel] = ALL_CHANNELS
    executor_only: bool = False  # only the executor the head named
    after_assignment: bool = False  # only when assistance was assigned


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the rules need to know about a case."""

    status: CaseStatus
    channel: Channel
    office_code: str  # the office that received the application
    district: str = ""
    executor_id: str | None = None  # the account the head named
    assigned: bool = False  # the head's decision was an assignment
    assistance_ended: bool = False  # the period assigned is over: nothing left to change


_WITHDRAWABLE = frozenset(s for s, targets in TRANSITIONS.items() if S.WITHDRAWN in targets)
STEPS: tuple[Step, ...] = (
    Step(Action.VISA, frozenset({S.REGISTERED}), S.VISA, frozenset({R.HEAD}), Side.DISTRICT,
         OFFICE_CHANNELS),
    Step(Action.REFER_TO_COMMISSION, frozenset({S.VISA}), S.SENT_TO_COMMISSION,
         frozenset({R.EXECUTOR}), Side.DISTRICT, OFFICE_CHANNELS, executor_only=True),
    Step(Action.REFER_TO_COMMISSION, frozenset({S.REGISTERED}), S.SENT_TO_COMMISSION,
         frozenset({R.AKIMAT_SPECIALIST}), Side.RECEIVING, AKIM),
    Step(Action.RECORD_CONCLUSION, frozenset({S.SENT_TO_COMMISSION}), S.COMMISSION_CONCLUDED,
         frozenset({R.COMMISSION_MEMBER}), Side.RECEIVING),
    Step(Action.SEND_TO_DISTRICT, frozenset({S.COMMISSION_CONCLUDED, S.RETURNED_FOR_REWORK}),
         S.SENT_TO_DISTRICT, frozenset({R.AKIMAT_SPECIALIST}), Side.RECEIVING, AKIM),
    Step(Action.RECEIVE_AT_DISTRICT, frozenset({S.SENT_TO_DISTRICT}), S.RECEIVED_BY_DISTRICT,
         frozenset({R.FRONT_DESK}), Side.DISTRICT, AKIM),
    Step(Action.RETURN_FOR_REWORK, frozenset({S.SENT_TO_DISTRICT, S.RECEIVED_BY_DISTRICT}),
         S.RETURNED_FOR_REWORK, frozenset({R.FRONT_DESK, R.HEAD}), Side.DISTRICT, AKIM),
    Step(Action.VISA, frozenset({S.RECEIVED_BY_DISTRICT}), S.VISA, frozenset({R.HEAD}),
         Side.DISTRICT, AKIM),
    Step(Action.PREPARE_DRAFT, frozenset({S.COMMISSION_CONCLUDED}), S.DRAFT_DECISION,
         frozenset({R.EXECUTOR}), Side.DISTRICT, OFFICE_CHANNELS, executor_only=True),
    Step(Action.PREPARE_DRAFT, frozenset({S.VISA}), S.DRAFT_DECISION,
         frozenset({R.EXECUTOR}), Side.DISTRICT, AKIM, executor_only=True),
    Step(Action.CHECK_DRAFT, frozenset({S.DRAFT_DECISION}), S.DRAFT_CHECKED,
         frozenset({R.SECTOR_HEAD}), Side.DISTRICT),
    Step(Action.ASSIGN, frozenset({S.DRAFT_DECISION, S.DRAFT_CHECKED}), S.ASSIGNED,
         frozenset({R.HEAD}), Side.DISTRICT),
    Step(Action.REFUSE, frozenset({S.DRAFT_DECISION, S.DRAFT_CHECKED}), S.REFUSED,
         frozenset({R.HEAD}), Side.DISTRICT),
    Step(Action.ISSUE_NOTIFICATION, frozenset({S.ASSIGNED, S.REFUSED}), S.DELIVERED,
         frozenset({R.EXECUTOR, R.FRONT_DESK}), Side.DISTRICT, frozenset({C.DISTRICT_OFFICE})),
    Step(Action.SEND_RESULT, frozenset({S.ASSIGNED, S.REFUSED}), S.SENT_TO_AKIM,
         frozenset({R.EXECUTOR}), Side.DISTRICT, RELAYED),
    Step(Action.HAND_OVER, frozenset({S.SENT_TO_AKIM}), S.DELIVERED,
         frozenset({R.AKIMAT_SPECIALIST}), Side.RECEIVING, AKIM),
    Step(Action.HAND_OVER, frozenset({S.SENT_TO_AKIM}), S.DELIVERED,
         frozenset({R.FRONT_DESK, R.EXECUTOR}), Side.DISTRICT,
         frozenset({C.STATE_CORPORATION})),
    Step(Action.WITHDRAW, _WITHDRAWABLE, S.WITHDRAWN,
         frozenset({R.FRONT_DESK, R.AKIMAT_SPECIALIST, R.EXECUTOR}), Side.ANY),
    Step(Action.REPORT_CHANGE, frozenset({S.DELIVERED}), None,
         frozenset({R.FRONT_DESK, R.AKIMAT_SPECIALIST, R.EXECUTOR}), Side.ANY,
         after_assignment=True),
    Step(Action.RECALCULATE, frozenset({S.DELIVERED}), None, frozenset({R.EXECUTOR}),
         Side.DISTRICT, after_assignment=True),
    Step(Action.TERMINATE, frozenset({S.DELIVERED}), S.TERMINATED, frozenset({R.HEAD}),
         Side.DISTRICT, after_assignment=True),
)
# The steps that move a case along its path (not withdrawal or what follows the result).
MAIN_ACTIONS = frozenset(Action) - {Action.WITHDRAW, Action.REPORT_CHANGE, Action.RECALCULATE,
                                    Action.TERMINATE, Action.RETURN_FOR_REWORK}


@dataclass(frozen=True, slots=True)
class CasePath:
    """The steps of one service's case path, in the order of the path."""

    steps: tuple[Step, ...]

    def actions(self) -> tuple[Action, ...]:
        """The actions of this path, each once, in the order of :class:`Action`."""
        present = {step.action for step in self.steps}
        return tuple(a for a in Action if a in present)


ASP_PATH = CasePath(STEPS)

ACTION_LABELS: Mapping[Action, Text] = {
    Action.REFER_TO_COMMISSION: Text("Send to the district commission"),
    Action.RECORD_CONCLUSION: Text("Record the survey act and conclusion"),
    Action.SEND_TO_DISTRICT: Text("Send to the district office"),
    Action.RECEIVE_AT_DISTRICT: Text("Receive from the akim"),
    Action.RETURN_FOR_REWORK: Text("Return for rework"),
    Action.VISA: Text("Visa and executor"),
    Action.PREPARE_DRAFT: Text("Calculate and prepare the draft decision"),
    Action.CHECK_DRAFT: Text("Check and visa the draft decision"),
    Action.ASSIGN: Text("Assign assistance"),
    Action.REFUSE: Text("Refuse assignment"),
    Action.ISSUE_NOTIFICATION: Text("Issue the notification"),
    Action.SEND_RESULT: Text("Send the notification to the akim or the State Corporation"),
    Action.HAND_OVER: Text("Notification handed to the applicant"),
    Action.WITHDRAW: Text("Record the withdrawal of the application"),
    Action.REPORT_CHANGE: Text("Change of circumstances reported"),
    Action.RECALCULATE: Text("Recalculate the amount"),
    Action.TERMINATE: Text("Terminate assistance"),
    Action.ISSUE_RESULT: Text("Issue the result to the applicant"),
}
# The same steps as events of a case's history: what was done, in the past tense.
EVENT_LABELS: Mapping[Action, Text] = {
    Action.REFER_TO_COMMISSION: Text("Sent to the district commission"),
    Action.RECORD_CONCLUSION: Text("Survey act and conclusion recorded"),
    Action.SEND_TO_DISTRICT: Text("Sent to the district office"),
    Action.RECEIVE_AT_DISTRICT: Text("Received from the akim"),
    Action.RETURN_FOR_REWORK: Text("Returned for rework"),
    Action.VISA: Text("Visa given, executor named"),
    Action.PREPARE_DRAFT: Text("Calculated, draft decision prepared"),
    Action.CHECK_DRAFT: Text("Draft decision checked and visaed"),
    Action.ASSIGN: Text("Assistance assigned"),
    Action.REFUSE: Text("Assignment refused"),
    Action.ISSUE_NOTIFICATION: Text("Notification issued"),
    Action.SEND_RESULT: Text("Notification sent to the akim or the State Corporation"),
    Action.HAND_OVER: Text("Notification handed to the applicant"),
    Action.WITHDRAW: Text("Application withdrawn"),
    Action.REPORT_CHANGE: Text("Change of circumstances reported"),
    Action.RECALCULATE: Text("Amount recalculated"),
    Action.TERMINATE: Text("Assistance terminated"),
    Action.ISSUE_RESULT: Text("The result was issued to the applicant"),
}


class ActionNotAllowedError(PermissionError):
    """The step cannot be taken by this person on this case now; ``message`` says why."""

    def __init__(self, action: Action, message: Text) -> None:
        super().__init__(f"{action}: {message.msgid}")
        self.action = action
        self.message = message


def steps_for(action: Action, channel: Channel, path: CasePath | None = None) -> list[Step]:
    return [step for step in (path or ASP_PATH).steps
            if step.action is action and channel in step.channels]


def _at_side(actor: Actor, case: CaseFacts, side: Side) -> bool:
    receiving = actor.office_code == case.office_code
    district = actor.office_kind is OfficeKind.DISTRICT_OFFICE and (
        receiving or (bool(case.district) and actor.district == case.district))
    if side is Side.RECEIVING:
        return receiving
    if side is Side.DISTRICT:
        return district
    return receiving or district


def check_action(actor: Actor, action: Action, case: CaseFacts,
                 path: CasePath | None = None) -> Text | None:
    """None when ``actor`` may take ``action`` on ``case`` now, else the reason why not."""
    steps = [s for s in steps_for(action, case.channel, path) if case.status in s.sources
             and ((case.assigned and not case.assistance_ended) or not s.after_assignment)]
    if not steps:
        return Text("This step is not possible for an application in this status.")
    steps = [s for s in steps if s.roles & actor.roles]
    if not steps:
        return Text("Your role does not allow this step.")
    steps = [s for s in steps if _at_side(actor, case, s.side)]
    if not steps:
        return Text("This step is taken by another office.")
    if all(s.executor_only and case.executor_id not in (None, actor.account_id)
           for s in steps):
        return Text("The head named another responsible executor for this application.")
    return None


def require_action(actor: Actor, action: Action, case: CaseFacts,
                   path: CasePath | None = None) -> Step:
    """The step to take, or ``ActionNotAllowedError`` with the reason."""
    problem = check_action(actor, action, case, path)
    if problem is not None:
        raise ActionNotAllowedError(action, problem)
    return next(s for s in steps_for(action, case.channel, path) if case.status in s.sources
                and s.roles & actor.roles and _at_side(actor, case, s.side))


def target_status(action: Action, case: CaseFacts, path: CasePath | None = None) -> CaseStatus:
    """Where the case stands after ``action`` (the same status for an event)."""
    for step in steps_for(action, case.channel, path):
        if case.status in step.sources:
            return step.target or case.status
    raise ActionNotAllowedError(action, Text(
        "This step is not possible for an application in this status."))


def available_actions(actor: Actor, case: CaseFacts,
                      among: Iterable[Action] = tuple(Action),
                      path: CasePath | None = None) -> list[Action]:
    """The steps ``actor`` may take on ``case`` now, in the order of the path."""
    return [a for a in among if check_action(actor, a, case, path) is None]


def waiting_statuses(roles: Iterable[Role], path: CasePath | None = None) -> frozenset[CaseStatus]:
    """Statuses in which a main step waits for one of ``roles`` (to pre-filter a work list)."""
    wanted = frozenset(roles)
    return frozenset(status for step in (path or ASP_PATH).steps
                     if step.action in MAIN_ACTIONS
                     and step.roles & wanted for status in step.sources)
