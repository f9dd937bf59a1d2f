"""The server's rules of ownership and of registered cases, as pure functions (the server
and PostgreSQL around them: tests/integration/sync/test_ownership*.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from desktop.services.amendments import AMENDABLE
from desktop.storage.ids import office_id
from desktop.storage.models import ApplicationRecord
from desktop.sync import scopes
from desktop.sync.protocol import RefusalReason
from desktop.sync.server import ownership
from desktop.sync.server.nodes import Node
from desktop.sync.server.ownership import Refusal, check

NORTH = Node("n", "AKT-05", "akimat")
DISTRICT = Node("d", "AUD-01", "district", frozenset({"AUD-01", "AKT-05", "AKT-07"}))
NOT_OWNER, REGISTERED, SCOPE = (RefusalReason.NOT_OWNER, RefusalReason.REGISTERED,
                                RefusalReason.SCOPE)


@dataclass
class Stored:
    scope: str
    version: int
    data: dict[str, Any] | None
    deleted: bool = False


APP = {"id": "a1", "office_code": "AKT-05", "status": "registered", "channel": "akim",
       "applicant_iin": "900101300126", "applicant_phone": "", "office_id": "x",
       "commission_recorded": False}
KNOWN = {("applications", "a1"): Stored("AKT-05", 3, APP),
         ("offices", office_id("AKT-05")): Stored("*", 1, {"code": "AKT-05"}),
         ("offices", office_id("AKT-07")): Stored("*", 1, {"code": "AKT-07"})}


def _app(node: Node, **changes: Any) -> Refusal | None:
    return check(node, "applications", "AKT-05", KNOWN[("applications", "a1")], 3,
                 {**APP, "version": 4, **changes}, KNOWN)


def test_every_table_of_an_application_has_its_rule() -> None:
    assert ownership.FAMILY | ownership.APPEND_ONLY | {"case_states"} == scopes.BY_APPLICATION
    assert not ownership.FAMILY & ownership.APPEND_ONLY


def test_the_columns_a_registered_application_may_change_are_the_desks() -> None:
    assert set(AMENDABLE.values()) == ownership.AMENDABLE_COLUMNS
    columns = {c.name for c in ApplicationRecord.__table__.columns}
    assert {c for c in columns if c.startswith("commission_")} == ownership.COMMISSION_COLUMNS


def test_a_district_desk_owns_its_districts_offices_and_an_akimat_its_own() -> None:
    assert NORTH.owns("AKT-05") and not NORTH.owns("AKT-07") and not NORTH.owns("AUD-01")
    assert DISTRICT.owns("AKT-07") and DISTRICT.owns("AUD-01") and not DISTRICT.owns("ZZZ")
    assert not Node("x", "AKT-05", "akimat", frozenset({"AKT-07"})).owns("AKT-07")


@pytest.mark.parametrize(("node", "changes", "refusal"), [
    (NORTH, {"applicant_phone": "+7 700 000 00 00"}, None),  # an amendment
    (NORTH, {"status": "sent_to_commission"}, None),  # the akimat's own step
    (NORTH, {"status": "sent_to_district"}, None),  # three of them, taken offline
    (NORTH, {"status": "withdrawn"}, None),
    (NORTH, {"status": "visa"}, Refusal(REGISTERED, "status")),  # the district's step
    (NORTH, {"status": "draft"}, Refusal(REGISTERED, "status")),
    (NORTH, {"commission_recorded": True}, None),  # the akimat's commission, by the akim
    (DISTRICT, {"commission_recorded": True}, Refusal(REGISTERED, "commission_recorded")),
    (DISTRICT, {"status": "visa"}, Refusal(REGISTERED, "status")),  # not received yet
    (NORTH, {"applicant_iin": "111111111111"}, Refusal(REGISTERED, "applicant_iin")),
    (DISTRICT, {"applicant_iin": "111111111111"}, Refusal(REGISTERED, "applicant_iin")),
    (NORTH, {"office_id": office_id("AKT-05")}, None),  # the office's derived id
    (NORTH, {"office_id": office_id("AKT-07")}, Refusal(REGISTERED, "office_id")),
    (NORTH, {"office_code": "AKT-07"}, Refusal(NOT_OWNER, "office_code")),
    (DISTRICT, {"office_code": "AKT-07"}, Refusal(NOT_OWNER, "office_code")),
    (NORTH, {"new_column": "x"}, None),  # a column the stored version does not have
    (NORTH, {"version": 9, "updated_at": "2026-11-21"}, None),  # bookkeeping
])
def test_what_a_registered_application_lets_change(node: Node, changes: dict[str, Any],
                                                   refusal: Refusal | None) -> None:
    assert _app(node, **changes) == refusal


def test_the_status_follows_the_path_of_the_channel_and_the_side() -> None:
    known = {**KNOWN, ("applications", "a1"): Stored("AKT-05", 3, {
        **APP, "status": "sent_to_district"})}
    moved = {**APP, "status": "sent_to_district"}

    def to(node: Node, status: str) -> Refusal | None:
        return check(node, "applications", "AKT-05", known[("applications", "a1")], 3,
                     {**moved, "status": status}, known)

    assert to(DISTRICT, "received_by_district") is None
    assert to(DISTRICT, "sent_to_akim") is None  # received, visa, … assigned, sent back
    assert to(DISTRICT, "delivered") == Refusal(REGISTERED, "status")  # the akim hands over
    assert to(NORTH, "received_by_district") == Refusal(REGISTERED, "status")


def test_written_once_records_and_a_registered_family() -> None:
    event = Stored("AKT-05", 1, {"id": "e1", "application_id": "a1", "action": "visa"})
    assert check(NORTH, "case_events", "AKT-05", event, 1, None, KNOWN) == \
        Refusal(REGISTERED)
    assert check(DISTRICT, "case_events", "AKT-05", event, 1,
                 {**event.data, "action": "assign"}, KNOWN) == Refusal(REGISTERED, "action")
    member = Stored("AKT-05", 1, {"id": "m1", "application_id": "a1", "iin": "1"})
    assert check(NORTH, "members", "AKT-05", member, 1, {**member.data, "iin": "2"},
                 KNOWN) == Refusal(REGISTERED, "iin")
    draft = {**KNOWN, ("applications", "a1"): Stored("AKT-05", 1, {"status": "draft"})}
    assert check(NORTH, "members", "AKT-05", member, 1, {**member.data, "iin": "2"},
                 draft) is None  # a draft's family is edited freely
    # a new record is checked for its owner alone
    assert check(NORTH, "members", "AKT-05", None, 0, member.data, KNOWN) is None
    # a change based on an older version is not written here: a conflict, checked later
    assert check(NORTH, "members", "AKT-05", member, 0, {**member.data, "iin": "2"},
                 KNOWN) is None
    line = Stored("AKT-05", 1, {"application_id": "a1", "sender_office_code": "AKT-05",
                                "sent_on": None, "received_on": None, "sheets": 4})
    assert check(DISTRICT, "transfer_registry", "AKT-05", line, 1,
                 {**line.data, "received_on": "2026-11-23"}, KNOWN) is None
    assert check(DISTRICT, "transfer_registry", "AKT-05", line, 1,
                 {**line.data, "sheets": 1}, KNOWN) == Refusal(REGISTERED, "sheets")


def test_a_case_state_moves_along_the_path_and_only_the_district_assigns() -> None:
    state = Stored("AKT-05", 2, {"application_id": "a1", "status": "registered",
                                 "assigned": False})
    assert check(NORTH, "case_states", "AKT-05", state, 2,
                 {**state.data, "status": "commission_concluded"}, KNOWN) is None
    assert check(NORTH, "case_states", "AKT-05", state, 2,
                 {**state.data, "assigned": True}, KNOWN) == Refusal(REGISTERED, "assigned")
    assert check(NORTH, "case_states", "AKT-05", state, 2, None, KNOWN) == \
        Refusal(REGISTERED)


def test_offices_and_staff_belong_to_their_office() -> None:
    office = Stored("*", 1, {"code": "AKT-05", "name_kk": "Солтүстік"})
    south = Node("s", "AKT-07", "akimat")
    assert check(south, "offices", "*", office, 1, {**office.data, "code": "AKT-07"},
                 KNOWN) == Refusal(NOT_OWNER)
    assert check(NORTH, "offices", "*", office, 1, {**office.data, "code": "AKT-06"},
                 KNOWN) == Refusal(NOT_OWNER, "code")
    assert check(NORTH, "offices", "*", office, 1, {**office.data, "name_kk": "Жаңа"},
                 KNOWN) is None
    staff = Stored("*", 1, {"office_id": office_id("AKT-05"), "full_name": "Оператор"})
    assert check(south, "staff", "*", staff, 1,
                 {**staff.data, "office_id": office_id("AKT-07")}, KNOWN) == \
        Refusal(NOT_OWNER)
    assert check(DISTRICT, "staff", "*", staff, 1,
                 {**staff.data, "office_id": office_id("AKT-07")}, KNOWN) == \
        Refusal(NOT_OWNER, "office_id")
    assert check(DISTRICT, "staff", "*", staff, 1, {**staff.data, "position": "бас маман"},
                 KNOWN) is None
    assert check(NORTH, "staff", "*", None, 0, {"office_id": "unknown"}, KNOWN) == \
        Refusal(NOT_OWNER)
    # another office's case record: outside this desk's scope, whatever the base
    assert check(south, "members", "AKT-05", Stored("AKT-05", 1, {"application_id": "a1"}),
                 0, {"application_id": "a1"}, KNOWN) == Refusal(SCOPE)


def _new(node: Node, table: str, **values: Any) -> Refusal | None:
    return check(node, table, "AKT-05", None, 0,
                 {"id": "n1", "version": 1, "application_id": "a1", **values}, KNOWN)


@pytest.mark.parametrize(("node", "table", "values", "refusal"), [
    (NORTH, "case_events", {"action": "refer_to_commission"}, None),
    (NORTH, "case_events", {"action": "send_to_district"}, None),
    (NORTH, "case_events", {"action": "hand_over"}, None),
    (NORTH, "case_events", {"action": "withdraw"}, None),  # either side
    (NORTH, "case_events", {"action": "visa"}, Refusal(NOT_OWNER, "action")),
    (NORTH, "case_events", {"action": "assign"}, Refusal(NOT_OWNER, "action")),
    (NORTH, "case_events", {"action": "no_such_step"}, Refusal(NOT_OWNER, "action")),
    (DISTRICT, "case_events", {"action": "receive_at_district"}, None),
    (DISTRICT, "case_events", {"action": "issue_notification"}, Refusal(NOT_OWNER, "action")),
    (NORTH, "commission_acts", {}, None),  # the akim's commission
    (DISTRICT, "commission_acts", {}, Refusal(NOT_OWNER)),
    (NORTH, "case_decisions", {"stage": "final", "outcome": "assigned"},
     Refusal(NOT_OWNER, "stage")),
    (NORTH, "case_decisions", {"stage": "draft", "outcome": "assigned"},
     Refusal(NOT_OWNER, "stage")),
    (NORTH, "case_decisions", {"stage": "recalculation", "outcome": "terminated"},
     Refusal(NOT_OWNER, "stage")),
    (DISTRICT, "case_decisions", {"stage": "draft", "outcome": "assigned"}, None),
    (DISTRICT, "case_decisions", {"stage": "final", "outcome": "refused"}, None),
    (DISTRICT, "case_decisions", {"stage": "recalculation", "outcome": "terminated"}, None),
    (DISTRICT, "case_decisions", {"stage": "other", "outcome": "assigned"},
     Refusal(NOT_OWNER, "stage")),
    (NORTH, "members", {"iin": "900101300126"}, None),  # not a step: its owner alone
])
def test_a_new_step_is_stored_from_the_side_that_takes_it(
        node: Node, table: str, values: dict[str, Any], refusal: Refusal | None) -> None:
    assert _new(node, table, **values) == refusal


def test_a_new_step_of_an_application_held_without_its_path_is_refused() -> None:
    """Its service and channel unread (never so on the server's ways): nothing to tell the
    side by, so refused rather than taken."""
    known = {("applications", "a1"): Stored("AKT-05", 3, None)}
    assert check(NORTH, "case_events", "AKT-05", None, 0,
                 {"application_id": "a1", "action": "refer_to_commission"}, known) == \
        Refusal(NOT_OWNER, "action")


def test_the_decision_stages_are_the_desks() -> None:
    from desktop.services.case_decisions import RECALCULATION, TERMINATED

    assert (RECALCULATION, TERMINATED) == ("recalculation", "terminated")
    assert set(ownership._DECISION_STEPS) == {"draft", "final", RECALCULATION}


def test_the_server_reads_the_services_paths_at_its_start_not_in_a_push():
    """A first push of a case step read the catalogue's files under the pushes' lock; the
    application made at the server's start has read them already."""
    from sqlalchemy import create_engine

    from desktop.catalog import catalogue_index
    from desktop.sync.server.app import create_app

    catalogue_index.cache_clear()
    create_app(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"))  # no connection
    assert catalogue_index.cache_info().currsize == 1
    code = next(code for code, service in catalogue_index().services.items()
                if code != "asp" and service.path is not None)
    assert ownership._steps({"service": code})  # from what was read, nothing read again
    assert catalogue_index.cache_info().misses == 1
