"""A wizard draft in conflict at the desk: merged field by field, settled without a person
when the desks changed different fields, and never a failed sync for a malformed one."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from desktop.demo.intake_family import fill_family
from desktop.domain.intake_session import MEMBERS, IntakeSession
from desktop.domain.model import Channel, Office
from desktop.formspec import load_all
from desktop.services.drafts import open_draft, save_draft
from desktop.storage.database import Database
from desktop.storage.models import ConflictRecord, DraftRecord
from desktop.sync.client import codec
from desktop.sync.client.conflicts import (
    AUTOMATIC,
    THEIRS,
    Conflict,
    merge_automatically,
    open_conflicts,
    resolve,
)
from desktop.sync.client.connection import sync_connection

FORMS = load_all()
OFFICE = Office("AKT-05", "karaganda", "Ақтоғай ауданы")


def _record(db: Database, draft_id: str) -> dict[str, Any]:
    table = codec.table("intake_drafts")
    with db.engine.connect() as connection:
        return codec.encode(connection.execute(
            select(table).where(table.c.id == draft_id)).one()._mapping)


@pytest.fixture
def draft(db: Database) -> tuple[str, dict[str, Any]]:
    """A draft stored at this desk, as the server holds it (version 1): its id and record."""
    session = IntakeSession(FORMS, channel=Channel.AKIM, office=OFFICE,
                            application_date=dt.date(2026, 11, 20),
                            rule_set_id="social-code-2023")
    fill_family(session, 3, documents=False)
    draft_id = save_draft(db, session)
    return draft_id, _record(db, draft_id)


def _edit(db: Database, draft_id: str, **values: Any) -> IntakeSession:
    session = open_draft(db, FORMS, draft_id)
    for field_id, value in values.items():
        session.set_value(field_id, value)
    save_draft(db, session)
    return session


def _theirs(base: dict[str, Any], version: int, **values: Any) -> dict[str, Any]:
    """Another desk's version of the draft: ``values`` typed into it."""
    session = IntakeSession.from_state(FORMS, json.loads(base["state"]))
    for field_id, value in values.items():
        session.set_value(field_id, value)
    state = session.to_state()
    return {**base, "state": json.dumps(state, ensure_ascii=False),
            **DraftRecord.copies(state), "version": version}


def _answer(db: Database, draft_id: str, base: dict[str, Any],
            theirs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    mine = _record(db, draft_id)
    change = {"t": "intake_drafts", "id": draft_id, "v": mine["version"], "b": base["version"],
              "d": json.dumps(mine, ensure_ascii=False)}
    return change, {"t": "intake_drafts", "id": draft_id, "s": "conflict",
                    "v": theirs["version"], "theirs": theirs, "base": base, "node": "north"}


def _settle(db: Database, change: dict[str, Any], result: dict[str, Any]) -> bool:
    with sync_connection(db) as connection, connection.begin():
        return merge_automatically(connection, change, result)


def test_different_fields_are_merged_and_queued_as_a_version_based_on_the_servers(db, draft):
    draft_id, base = draft
    _edit(db, draft_id, applicant_phone="+7 700 333 33 33")
    theirs = _theirs(base, 2, applicant_occupation="тракторист", applicant_surname="Әбдірова")
    assert _settle(db, *_answer(db, draft_id, base, theirs))
    stored = _record(db, draft_id)
    values = json.loads(stored["state"])["values"]
    assert (values["applicant_phone"], values["applicant_occupation"]) == \
        ("+7 700 333 33 33", "тракторист")
    assert stored["version"] == 3 and stored["applicant_name"].startswith("Әбдірова ")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT version, sent FROM sync_known WHERE record_id = ?", (draft_id,)).one() \
            == (2, None)
        assert connection.exec_driver_sql(
            "SELECT op FROM sync_outbox WHERE record_id = ? AND batch_seq IS NULL",
            (draft_id,)).scalars().all()[-1] == "upsert"
        trace = connection.execute(select(ConflictRecord.__table__)).one()
    assert trace.resolution == AUTOMATIC and trace.resolved_at is not None
    assert open_conflicts(db) == []


def test_the_same_field_at_both_is_left_to_a_person_with_that_field_alone(db, draft):
    draft_id, base = draft
    _edit(db, draft_id, applicant_phone="+7 700 111 11 11", applicant_house="9")
    theirs = _theirs(base, 2, applicant_phone="+7 700 222 22 22",
                     applicant_occupation="тракторист")
    change, result = _answer(db, draft_id, base, theirs)
    assert not _settle(db, change, result)
    conflict = Conflict("c", "conflict", "intake_drafts", draft_id, "", _record(db, draft_id),
                        theirs, base, 2, "north")
    assert conflict.is_draft
    [diff] = conflict.fields()
    assert (diff.name, diff.mine, diff.theirs, diff.suggestion) == (
        "values/applicant_phone", "+7 700 111 11 11", "+7 700 222 22 22", "clash")
    merged = json.loads(conflict.merged({diff.name: THEIRS})["state"])["values"]
    assert (merged["applicant_phone"], merged["applicant_house"],
            merged["applicant_occupation"]) == ("+7 700 222 22 22", "9", "тракторист")


def test_a_draft_registered_at_one_desk_and_edited_at_the_other_is_a_persons_choice(
        db, draft):
    draft_id, base = draft
    _edit(db, draft_id, applicant_phone="+7 700 111 11 11")
    theirs = {**_theirs(base, 2), "status": "registered", "application_id": "app-1"}
    change, result = _answer(db, draft_id, base, theirs)
    assert not _settle(db, change, result)
    conflict = Conflict("c", "conflict", "intake_drafts", draft_id, "", _record(db, draft_id),
                        theirs, base, 2, "north")
    assert [(d.name, d.mine, d.theirs) for d in conflict.fields()] == \
        [("status", "open", "registered")]
    kept = conflict.merged({"status": THEIRS})
    assert (kept["status"], kept["application_id"]) == ("registered", "app-1")
    reopened = conflict.merged({"status": "mine"})
    assert (reopened["status"], reopened["application_id"]) == ("open", None)
    assert json.loads(reopened["state"])["values"]["applicant_phone"] == "+7 700 111 11 11"


@pytest.mark.parametrize("state", [
    "{", "[]", json.dumps({"schema": 2, "values": {}, "tables": {}}),
    json.dumps({"schema": 1, "values": {}, "tables": {"members[]": [{"surname": "x"}]}}),
    json.dumps({"schema": 1, "values": {}, "tables": {"members[]": "x"}}),
    json.dumps({"schema": 1, "values": {}, "tables": {"members[]": [{"row_id": "r1/x"}]}}),
    json.dumps({"schema": 1, "values": {}, "tables": {"members[]": [{"row_id": "r1"},
                                                                    {"row_id": "r1"}]}}),
    json.dumps({"schema": 1, "values": {}, "tables": {}, "checked_steps": [{}]}),
    json.dumps({"schema": 1, "values": [], "tables": {}}),
])
def test_a_malformed_draft_from_elsewhere_is_left_to_a_person_as_a_whole(db, draft, state):
    """A desk is not trusted to send a wizard state of the right shape: such a conflict is
    kept as a whole record, and neither the sync nor the conflicts view fails on it."""
    draft_id, base = draft
    _edit(db, draft_id, applicant_phone="+7 700 111 11 11")
    theirs = {**base, "state": state, "version": 2}
    change, result = _answer(db, draft_id, base, theirs)
    assert not _settle(db, change, result)
    conflict = Conflict("c", "conflict", "intake_drafts", draft_id, "", _record(db, draft_id),
                        theirs, base, 2, "north")
    assert not conflict.is_draft
    assert "state" in [d.name for d in conflict.fields()]


def test_keeping_the_servers_side_of_a_clash_keeps_this_desks_other_fields(db, draft):
    draft_id, base = draft
    _edit(db, draft_id, applicant_phone="+7 700 111 11 11", applicant_house="9")
    theirs = _theirs(base, 2, applicant_phone="+7 700 222 22 22")
    with db.session() as session:
        session.add(ConflictRecord(
            id="c1", kind="conflict", table_name="intake_drafts", record_id=draft_id,
            reason="", base_version=1, mine_version=2, theirs_version=2,
            mine=json.dumps(_record(db, draft_id)), theirs=json.dumps(theirs),
            base=json.dumps(base), theirs_node="north",
            detected_at=dt.datetime.now(dt.UTC), resolution=""))
    # the wizard saved the draft again while the conflict was open: that is kept too
    _edit(db, draft_id, applicant_flat="3")
    resolve(db, "c1", THEIRS)
    values = json.loads(_record(db, draft_id)["state"])["values"]
    assert (values["applicant_phone"], values["applicant_house"], values["applicant_flat"]) \
        == ("+7 700 222 22 22", "9", "3")
    assert open_conflicts(db) == []


def test_two_desks_adding_a_member_each_merge_without_a_person(db, draft):
    draft_id, base = draft
    session = open_draft(db, FORMS, draft_id)
    session.set_cell(MEMBERS, session.add_row(MEMBERS), "member_first_name", "Асан")
    save_draft(db, session)
    other = IntakeSession.from_state(FORMS, json.loads(base["state"]))
    other.set_cell(MEMBERS, other.add_row(MEMBERS), "member_first_name", "Үсен")
    state = other.to_state()
    theirs = {**base, "state": json.dumps(state), **DraftRecord.copies(state), "version": 2}
    assert _settle(db, *_answer(db, draft_id, base, theirs))
    rows = json.loads(_record(db, draft_id)["state"])["tables"][MEMBERS]
    names = [r.get("member_first_name") for r in rows]
    assert len(rows) == 5 and {"Асан", "Үсен"} <= set(names)
