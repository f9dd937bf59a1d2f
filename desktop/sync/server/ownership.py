"""Whose a record is, and what a registered case lets change: every write a push brings is
checked against the record as the server stores it and the new data.

**Ownership.** A desk writes only what its office owns; a district desk also what every
office of its district owns (:meth:`~desktop.sync.server.nodes.Node.owns`: a server serves
one district, the offices enrolled on it). What a record's office is comes from its scope
field: an application, a draft, a certificate its ``office_code``, a transfer-register line
its ``sender_office_code``, a record of an application's tables its application's office
(``application_id``), a staff record its office (``office_id``), an office its ``code``.
Both the record as stored and the new data must be owned by the writer, and a scope field
never changes: a record is not moved from one office to another, not even by the district.

**Registered means registered.** A registered application (stored with a status other than
``draft``) keeps its data, its service among them: the desk changes only its status, along
the steps of its service's case path the writer's office may take (``desktop.domain.case_path``
for АСП, the catalogue's ``forms/services/<code>`` for the others), the commission's
conclusion (by the office that records it) and the header fields an amendment corrects, each
amendment a record of its own; the records of its family (members, incomes, holdings,
documents, earlier events) are neither changed nor deleted. Case events, decisions,
commission acts, amendments, journal entries and the aid provided are written once: the case
path corrects by adding new ones. A case's state moves along the path like its application; a
transfer-register line is only marked sent and received. The desk forbids the same locally
(``desktop.storage.repositories.applications.save_draft``, ``desktop.services.amendments``,
``desktop.services.cases``); the server holds every desk to it.

**A step is the side's that takes it.** A new case event, decision or commission act is a
step taken: it is stored only when the writer's side (the office that received the case, the
district office) takes that step on the path of the case's service and channel, so that no
akimat writes the district's decision or visa into its own case (:data:`STEP_FIELDS`). What
a desk writes is what its case path let it do (``CaseService.step``), so no honest write is
refused.

These rules read only what is stored and what is sent: a record the server does not hold
yet is new; a new record is checked for its owner and, for a step, its side (see
docs/sync.md, "Scopes").
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from desktop.catalog import CatalogueError, UnknownServiceError, catalogue_index
from desktop.domain.case_path import STEPS, Action, Side, Step
from desktop.domain.case_status import CaseStatus
from desktop.storage.ids import office_id
from desktop.sync import scopes
from desktop.sync.protocol import BOOKKEEPING, REFUSED, RefusalReason
from desktop.sync.server.nodes import Node

__all__ = ["AMENDABLE_COLUMNS", "APPEND_ONLY", "COMMISSION_COLUMNS", "FAMILY", "STEP_FIELDS",
           "Refusal", "check", "step_refusal"]

DRAFT = CaseStatus.DRAFT.value
# an application's family as the intake wizard wrote it: fixed once the application is
# registered
FAMILY: frozenset[str] = frozenset({
    "members", "incomes", "representatives", "livestock_holdings", "land_holdings",
    "presented_documents", "prior_events",
})
# each a step taken, written once: a correction is a new record
APPEND_ONLY: frozenset[str] = frozenset({
    "case_events", "case_decisions", "commission_acts", "application_amendments",
    "journal_entries",
    # home care's care worker assigned and each visit (a new assignment replaces a worker)
    "home_care_assignments", "home_care_visits",
    "aid_provisions",  # the aid provided on a disability case: a delivery, recorded once
})
# the district commission's conclusion, copied into the application by the step that records
# it (``CaseService.record_conclusion``)
COMMISSION_COLUMNS: frozenset[str] = frozenset({
    "commission_recorded", "commission_survey_date", "commission_survey_refused",
    "commission_need_confirmed", "commission_no_need_criteria", "commission_note",
})
# the header fields an amendment corrects (the columns of ``services.amendments.AMENDABLE``)
AMENDABLE_COLUMNS: frozenset[str] = frozenset({
    "applicant_phone", "applicant_locality", "applicant_street", "applicant_house",
    "applicant_flat", "bank_name", "bank_iban", "applicant_occupation",
})
# the records each a step of the case path writes, and the fields that tell which step
STEP_FIELDS = scopes.STEP_FIELDS
# a decision's stage (``desktop.services.case_decisions``) -> the steps that write it: a draft
# is the calculation's (its check, by the head of sector, is on the same side), a final one
# the head's decision, a recalculation the executor's
_DECISION_STEPS: Mapping[str, frozenset[Action]] = {
    "draft": frozenset({Action.PREPARE_DRAFT, Action.CHECK_DRAFT}),
    "final": frozenset({Action.ASSIGN, Action.REFUSE}),
    "recalculation": frozenset({Action.RECALCULATE}),
}
_TERMINATION = frozenset({Action.TERMINATE})  # a recalculation with the outcome "terminated"
# what marks a transfer-register line sent (the akimat) and received (the district)
TRANSFER_MARKS: frozenset[str] = frozenset({"batch_number", "sent_on", "received_on"})


class Stored(Protocol):
    """A record as the server holds it (``push.Current``). For an application read only as
    the parent of other records, ``data`` holds just its ``status`` and ``channel``."""

    @property
    def scope(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def data(self) -> dict[str, Any] | None: ...
    @property
    def deleted(self) -> bool: ...


Known = Mapping[tuple[str, str], Stored]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a change is refused, and the field that may not change (if one is to blame)."""

    reason: RefusalReason
    field: str | None = None

    def result(self) -> dict[str, str]:
        """The refused result's own keys: ``s``, ``r`` and, with a field, ``f``."""
        found = {"s": REFUSED, "r": self.reason.value}
        if self.field:
            found["f"] = self.field
        return found


def check(node: Node, table: str, scope: str, current: Stored | None, base: int,
          data: Mapping[str, Any] | None, known: Known) -> Refusal | None:
    """None when ``node`` may write ``data`` (None: a delete) over ``current`` (None: a
    record the server does not hold), else why not. ``scope`` is the new record's scope,
    ``base`` the version the change was based on, ``known`` the records the batch reads
    (applications, offices).

    Ownership is checked whatever the base, so that a desk learns nothing of another
    office's record from a conflict. A change based on another version than the stored one
    is not written (a conflict, or the same change again): what it may change is checked
    when a person's resolution is pushed against the stored version."""
    stored = None if current is None or current.deleted else current.data
    refusal = _ownership(node, table, scope, current, stored, data, known)
    if refusal is not None or (current is not None and current.version != base):
        return refusal
    if current is None or stored is None:
        # a new record (or one deleted before): its owner was checked, and a step's side
        return None if data is None else step_refusal(node, table, scope, data, known)
    return _registered(node, table, current.scope, stored, data, known)


# --- ownership ---------------------------------------------------------------------------

def _ownership(node: Node, table: str, scope: str, current: Stored | None,
               stored: Mapping[str, Any] | None, data: Mapping[str, Any] | None,
               known: Known) -> Refusal | None:
    if table == "offices":
        return _reference(node, "code", lambda record: _text(record.get("code")), stored, data)
    if table == "staff":
        return _reference(node, "office_id",
                          lambda record: _office_code(known, record.get("office_id")),
                          stored, data)
    column = scopes.BY_OFFICE_CODE.get(table) or "application_id"
    if current is not None and not node.owns(current.scope):
        return Refusal(RefusalReason.SCOPE)  # another office's record
    if stored is not None and data is not None and stored.get(column) != data.get(column):
        return Refusal(RefusalReason.NOT_OWNER, column)  # moved to another office, or case
    if not node.owns(scope):
        return Refusal(RefusalReason.SCOPE)
    return None


def _reference(node: Node, column: str, code_of: Callable[[Mapping[str, Any]], str | None],
               stored: Mapping[str, Any] | None,
               data: Mapping[str, Any] | None) -> Refusal | None:
    """An office or staff record: owned by the office it is (or belongs to), stored and new;
    it stays that office's."""
    if stored is None and data is None:
        return Refusal(RefusalReason.NOT_OWNER)  # a delete of a record the server lacks
    before = code_of(stored) if stored is not None else None
    after = code_of(data) if data is not None else None
    if stored is not None and (before is None or not node.owns(before)):
        return Refusal(RefusalReason.NOT_OWNER)
    if data is not None and (after is None or not node.owns(after)):
        return Refusal(RefusalReason.NOT_OWNER, column if stored is not None else None)
    if stored is not None and data is not None and before != after:
        return Refusal(RefusalReason.NOT_OWNER, column)
    return None


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _office_code(known: Known, record_id: Any) -> str | None:
    """The code of the office ``record_id`` as the server holds it (None: it holds none)."""
    office = known.get(("offices", str(record_id))) if record_id else None
    return _text((office.data or {}).get("code")) if office is not None else None


# --- registered cases --------------------------------------------------------------------

def _registered(node: Node, table: str, office_code: str, stored: Mapping[str, Any],
                data: Mapping[str, Any] | None, known: Known) -> Refusal | None:
    """What an update or delete of a stored record of ``office_code`` may change."""
    if table in APPEND_ONLY:
        return _unchanged(stored, data, ())
    if table == "transfer_registry":
        return _unchanged(stored, data, TRANSFER_MARKS)
    if table == "applications":
        return _application(node, office_code, stored, data) if _is_registered(stored) \
            else None
    parent = _parent(known, stored)
    if parent is None or not _is_registered(parent):
        return None  # a draft's records are edited freely
    if table in FAMILY:
        return _unchanged(stored, data, ())
    if table == "case_states":
        return _case_state(node, office_code, parent, stored, data)
    return None


def _is_registered(application: Mapping[str, Any]) -> bool:
    return application.get("status") not in (None, "", DRAFT)


def _parent(known: Known, stored: Mapping[str, Any]) -> Mapping[str, Any] | None:
    application = known.get(("applications", str(stored.get("application_id"))))
    if application is None or application.deleted:
        return None
    return application.data


def _changed(stored: Mapping[str, Any], data: Mapping[str, Any]) -> Iterable[str]:
    """The fields whose value ``data`` changes, in the order sent; a field the stored
    version does not have at all (a column a newer desk added) is no change."""
    for name in data.keys() | stored.keys():
        if name not in BOOKKEEPING and name in stored and data.get(name) != stored[name]:
            yield name


def _first(names: Iterable[str], order: Mapping[str, Any]) -> str:
    listed = list(order)
    return min(names, key=lambda name: (listed.index(name) if name in listed else len(listed),
                                        name))


def _unchanged(stored: Mapping[str, Any], data: Mapping[str, Any] | None,
               allowed: Iterable[str]) -> Refusal | None:
    """Refused: a delete, or a change of a field not in ``allowed``."""
    if data is None:
        return Refusal(RefusalReason.REGISTERED)
    fixed = set(_changed(stored, data)) - set(allowed)
    return Refusal(RefusalReason.REGISTERED, _first(fixed, data)) if fixed else None


def _application(node: Node, code: str, stored: Mapping[str, Any],
                 data: Mapping[str, Any] | None) -> Refusal | None:
    """A registered application: its status moves along the path, the commission's
    conclusion is recorded, amendments correct the header; nothing else."""
    if data is None:
        return Refusal(RefusalReason.REGISTERED)
    wrong = []
    for name in _changed(stored, data):
        if name in AMENDABLE_COLUMNS:
            continue
        if name == "status" and _moves(node, code, stored, stored.get("status"),
                                       data.get("status")):
            continue
        if name in COMMISSION_COLUMNS and _may_take(node, code, stored,
                                                    Action.RECORD_CONCLUSION):
            continue
        if name == "office_id" and data.get("office_id") == office_id(code):
            continue  # the office's derived id (desk revision 0011): the same office
        wrong.append(name)
    return Refusal(RefusalReason.REGISTERED, _first(wrong, data)) if wrong else None


def _case_state(node: Node, code: str, application: Mapping[str, Any],
                stored: Mapping[str, Any], data: Mapping[str, Any] | None) -> Refusal | None:
    """The state of a registered case: its status moves along the path (by the writer's
    steps), and only the district's decision marks assistance assigned."""
    if data is None:
        return Refusal(RefusalReason.REGISTERED)
    for name in _changed(stored, data):
        if name == "status" and not _moves(node, code, application, stored.get("status"),
                                           data.get("status")):
            return Refusal(RefusalReason.REGISTERED, name)
        if name == "assigned" and not node.is_district:
            return Refusal(RefusalReason.REGISTERED, name)
    return None


# --- new steps ----------------------------------------------------------------------------

def step_refusal(node: Node, table: str, office_code: str, data: Mapping[str, Any],
                 known: Known) -> Refusal | None:
    """A new record of a step (:data:`STEP_FIELDS`) of the case of ``office_code`` (its
    ownership checked before): refused (``not_owner``, with the field that names the step)
    unless the writer's side takes one of the steps that write it, on the path of its
    application's service and channel. None for the records of other tables."""
    fields = STEP_FIELDS.get(table)
    if fields is None:
        return None
    application = known.get(("applications", str(data.get("application_id"))))
    steps = _written_by(table, data)
    if application is None or application.data is None or not any(
            _may_take(node, office_code, application.data, action) for action in steps):
        # an application held without its service and channel cannot tell: refused
        return Refusal(RefusalReason.NOT_OWNER, fields[0] if fields else None)
    return None


def _written_by(table: str, data: Mapping[str, Any]) -> frozenset[Action]:
    """The steps that write a record of ``table`` with ``data`` (none: no step does)."""
    if table == "commission_acts":
        return frozenset({Action.RECORD_CONCLUSION})
    if table == "case_events":
        action = data.get("action")
        return frozenset({Action(action)}) if action in _ACTIONS else frozenset()
    stage = data.get("stage")
    if stage == "recalculation" and data.get("outcome") == "terminated":
        return _TERMINATION
    return _DECISION_STEPS.get(str(stage), frozenset())


_ACTIONS = frozenset(action.value for action in Action)


# --- the case path, from the server's side ------------------------------------------------

def _sides(node: Node, office_code: str) -> tuple[bool, bool]:
    """(receiving, district): whether the writer is the office that received the case, and
    whether it is the district office (its ownership was checked before)."""
    return node.office_code == office_code, node.is_district


def _at(side: Side, receiving: bool, district: bool) -> bool:
    if side is Side.RECEIVING:
        return receiving
    if side is Side.DISTRICT:
        return district
    return receiving or district


def _steps(application: Mapping[str, Any]) -> tuple[Step, ...]:
    """The steps of the application's service (АСП's when it names none); none for a service
    the catalogue does not have, so that no status of such a case moves."""
    code = str(application.get("service") or "asp")
    if code == "asp":
        return STEPS
    try:
        return catalogue_index().path(code).steps
    except (UnknownServiceError, CatalogueError):
        return ()


def prepare() -> None:
    """Read the services' paths now (a server does it at its start): a first push of a case
    step read the catalogue's files under the pushes' lock, 0.16 s of a first sync. A
    catalogue that cannot be read is left to the checks, which then move no such case."""
    try:
        catalogue_index()
    except CatalogueError:
        return


def _may_take(node: Node, office_code: str, application: Mapping[str, Any],
              action: Action) -> bool:
    receiving, district = _sides(node, office_code)
    return action in _taken(str(application.get("service") or "asp"),
                            str(application.get("channel") or ""), receiving, district)


@functools.lru_cache(maxsize=256)
def _taken(service: str, channel: str, receiving: bool, district: bool) -> frozenset[Action]:
    """The steps these sides take on ``channel`` on the path of ``service`` (read for each
    new step of a first sync: thousands of records, a handful of paths)."""
    return frozenset(step.action for step in _steps({"service": service})
                     if _at(step.side, receiving, district)
                     and any(c.value == channel for c in step.channels))


def _moves(node: Node, office_code: str, application: Mapping[str, Any], before: Any,
           after: Any) -> bool:
    """Whether the writer's own steps lead from status ``before`` to ``after`` (a desk may
    take several offline before it syncs)."""
    receiving, district = _sides(node, office_code)
    graph = _reachable(str(application.get("service") or "asp"),
                       str(application.get("channel") or ""), receiving, district)
    return str(after) in graph.get(str(before), frozenset())


@functools.lru_cache(maxsize=256)
def _reachable(service: str, channel: str, receiving: bool,
               district: bool) -> dict[str, frozenset[str]]:
    """For each status, the statuses the steps of these sides lead to on ``channel``, on the
    path of ``service``."""
    edges: dict[str, set[str]] = {}
    for step in _steps({"service": service}):
        if step.target is None or not _at(step.side, receiving, district) or \
                all(c.value != channel for c in step.channels):
            continue
        for source in step.sources:
            edges.setdefault(source.value, set()).add(step.target.value)
    closure: dict[str, frozenset[str]] = {}
    for start in edges:
        seen: set[str] = set()
        queue = deque(edges[start])
        while queue:
            status = queue.popleft()
            if status not in seen:
                seen.add(status)
                queue.extend(edges.get(status, ()))
        closure[start] = frozenset(seen)
    return closure
