"""The district server checks every write against the record as stored and the new data:
a desk changes only what its office owns (the district: its akimats' too), a record never
moves to another office, and a registered case is changed only by the steps of its path.

Each attack is made as a tampered desk would make it: its own database edited behind the
program's back and synced as usual, or a batch it wrote itself, sent with its own
credentials; then the server's records, the refusal (reason and field) and the desks that
depend on the record are looked at."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import orjson
import pytest
from sqlalchemy import select, text

from desktop.demo.intake_family import iin
from desktop.demo.samples import sample_application
from desktop.domain.case_path import Action
from desktop.domain.model import Sex
from desktop.services.amendments import amend
from desktop.services.cases import ConclusionInput
from desktop.services.workstation import current_office_and_staff
from desktop.storage.ids import office_id
from desktop.storage.models import (
    ApplicationRecord,
    CaseEventRecord,
    DecisionRecord,
    MemberRecord,
    StaffRecord,
)
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.bundles import export_bundle, import_reply
from desktop.sync.client.engine import open_transport
from tests.support.casework import DAY, Casework, Clock, parameters, server_record, synced

pytestmark = pytest.mark.postgres

_SEQ = itertools.count(100_000)  # batch numbers far from the desk's own
STRANGER_IIN = iin(DAY.replace(year=1980), Sex.MALE, 777)


def _forge(desk: Any, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A batch the desk wrote itself, sent with its own credentials: the results."""
    body = orjson.dumps({"node": desk.db.node_id, "seq": next(_SEQ), "changes": [
        {**c, "d": None if c["d"] is None else orjson.dumps(c["d"]).decode()}
        for c in changes]})
    with open_transport(desk.db) as transport:
        return list(transport.push(body)["results"])


def _edit(database: str, table: str, record_id: str, **values: Any) -> dict[str, Any]:
    """A change of the server's current version of a record (the right base), or its delete
    with ``values`` None."""
    found = server_record(database, table, record_id)
    assert found is not None, (table, record_id)
    version, data = found
    return {"t": table, "id": record_id, "v": version + 1, "b": version,
            "d": {**data, **values, "version": version + 1}}


def _refusal(results: list[dict[str, Any]]) -> tuple[str, str, str | None]:
    [result] = results
    return result["s"], result.get("r", ""), result.get("f")


def _kept(desk: Any) -> dict[tuple[str, str], str]:
    """The desk's open conflicts of kind refused: (table, record id) -> the reason."""
    with desk.db.engine.connect() as connection:
        return {(r[0], r[1]): r[2] for r in connection.execute(text(
            "SELECT table_name, record_id, reason FROM sync_conflicts "
            "WHERE kind = 'refused' AND resolved_at IS NULL"))}


def _operator(desk: Any) -> tuple[str, str]:
    """The id and name of the desk's operator, as the desk holds its staff record."""
    _office, staff_id = current_office_and_staff(desk.db)
    assert staff_id is not None
    with desk.db.session() as session:
        return staff_id, session.get(StaffRecord, staff_id).full_name


def test_an_akimat_cannot_take_over_another_offices_staff_or_office_record(server, desks):
    north, south = desks("AKT-05"), desks("AKT-07")
    for desk in (north, south):
        desk.enrol(server)
    synced(north, south)  # south holds north's office and operator now (reference data)
    operator_id, operator_name = _operator(north)

    # south's database edited: north's operator moved to south's office and renamed
    with south.db.session() as session:
        staff = session.get(StaffRecord, operator_id)
        staff.office_id, staff.full_name = office_id("AKT-07"), "Бөгде Адам"
    report = south.sync()
    assert (report.accepted, report.refused) == (0, 1)
    assert _kept(south) == {("staff", operator_id): "not_owner"}
    # a body of south's own: north's office record under south's code, renamed
    assert _refusal(_forge(south, [_edit(server.database, "offices", office_id("AKT-05"),
                                         code="AKT-07", name_kk="Бөгде")])) == \
        ("refused", "not_owner", None)

    assert server_record(server.database, "staff", operator_id)[1]["full_name"] == \
        operator_name
    assert server_record(server.database, "offices", office_id("AKT-05"))[1]["code"] == \
        "AKT-05"
    north.sync()
    assert _operator(north) == (operator_id, operator_name)  # not the attacker's name
    # a new desk of north's office brings its own operator in, nothing refused
    another = desks("AKT-05")
    another.enrol(server)
    report = another.sync()
    assert report.refused == 0 and report.conflicts == 0
    new_operator, _name = _operator(another)
    assert server_record(server.database, "staff", new_operator) is not None


def _registered(server, desks, tmp_path) -> tuple[Any, Any, Casework, Casework, str]:
    """An akimat's application taken by the district up to its decision and the result sent
    back, synced at both desks."""
    village, office = desks("AKT-05"), desks("AUD-01", "district")
    for desk in (village, office):
        desk.enrol(server)
    clock, params = Clock(), parameters(tmp_path / "params")
    akimat, district = Casework(village, params, clock), Casework(office, params, clock)
    app_id = akimat.register(seed=7)
    akimat.cases.step(akimat.operator, app_id, Action.REFER_TO_COMMISSION)
    akimat.cases.record_conclusion(akimat.operator, app_id, ConclusionInput(
        DAY, True, members_present=("Сейтқали Ә.",)))
    akimat.cases.step(akimat.operator, app_id, Action.SEND_TO_DISTRICT)
    synced(village, office)
    head, executor = district.users["head"], district.users["exec"]
    district.cases.step(head, app_id, Action.RECEIVE_AT_DISTRICT)
    district.cases.visa(head, app_id, executor.account_id or "")
    district.assign(app_id, amount=2_345_600)
    district.cases.step(executor, app_id, Action.SEND_RESULT)
    synced(office, village)
    return village, office, akimat, district, app_id


def _applicant(desk: Any, application_id: str) -> str:
    with desk.db.session() as session:
        return session.get(ApplicationRecord, application_id).applicant_member_id or ""


def test_a_registered_application_keeps_its_data_at_the_akimat(server, desks, tmp_path):
    village, _office, _akimat, _district, app_id = _registered(server, desks, tmp_path)
    before = server_record(server.database, "applications", app_id)
    member_id = _applicant(village, app_id)
    member_before = server_record(server.database, "members", member_id)

    # the akimat's database edited: the applicant's IIN, in the journal copy and the member
    with village.db.session() as session:
        session.get(ApplicationRecord, app_id).applicant_iin = STRANGER_IIN
        session.get(MemberRecord, member_id).iin = STRANGER_IIN
    report = village.sync()
    assert (report.accepted, report.refused) == (0, 2)
    assert _kept(village) == {("applications", app_id): "registered",
                              ("members", member_id): "registered"}
    assert server_record(server.database, "applications", app_id) == before
    assert server_record(server.database, "members", member_id) == member_before
    # the refusal names the field that may not change
    assert _refusal(_forge(village, [_edit(server.database, "applications", app_id,
                                           applicant_iin=STRANGER_IIN)])) == \
        ("refused", "registered", "applicant_iin")
    assert _refusal(_forge(village, [_edit(server.database, "members", member_id,
                                           iin=STRANGER_IIN)])) == \
        ("refused", "registered", "iin")
    # the status moves only by the akimat's own steps: not back, not to the district's
    for status in ("registered", "assigned", "draft"):
        assert _refusal(_forge(village, [_edit(server.database, "applications", app_id,
                                               status=status)])) == \
            ("refused", "registered", "status")
    # nor is it deleted, nor a member of its family
    assert _refusal(_forge(village, [{**_edit(server.database, "applications", app_id),
                                      "d": None}])) == ("refused", "registered", None)
    assert _refusal(_forge(village, [{**_edit(server.database, "members", member_id),
                                      "d": None}])) == ("refused", "registered", None)
    assert server_record(server.database, "applications", app_id) == before
    # what the akimat may do is still taken: the notification handed over, an amendment
    assert _refusal(_forge(village, [_edit(server.database, "applications", app_id,
                                           status="delivered",
                                           applicant_phone="+7 705 000 11 22")])) == \
        ("ok", "", None)


def test_a_decision_and_a_case_event_are_never_rewritten(server, desks, tmp_path):
    village, office, _akimat, _district, app_id = _registered(server, desks, tmp_path)
    with village.db.session() as session:
        final = session.scalars(select(DecisionRecord).where(
            DecisionRecord.application_id == app_id,
            DecisionRecord.stage == "final")).one()
        visa = session.scalars(select(CaseEventRecord).where(
            CaseEventRecord.application_id == app_id,
            CaseEventRecord.action == Action.VISA.value)).one()
        decision_id, event_id = final.id, visa.id
    decision_before = server_record(server.database, "case_decisions", decision_id)
    event_before = server_record(server.database, "case_events", event_id)

    # at the akimat: the amount ten times over, and the head's visa deleted
    with village.db.session() as session:
        decision = session.get(DecisionRecord, decision_id)
        decision.monthly_amount *= 10
        session.delete(session.get(CaseEventRecord, event_id))
    report = village.sync()
    assert (report.accepted, report.refused) == (0, 2)
    assert _kept(village) == {("case_decisions", decision_id): "registered",
                              ("case_events", event_id): "registered"}
    assert _refusal(_forge(village, [_edit(server.database, "case_decisions", decision_id,
                                           monthly_amount=23_456_000)])) == \
        ("refused", "registered", "monthly_amount")

    # the district, which took them, cannot rewrite them either
    with office.db.session() as session:
        session.get(DecisionRecord, decision_id).monthly_amount *= 10
        session.delete(session.get(CaseEventRecord, event_id))
    report = office.sync()
    assert report.refused == 2
    assert server_record(server.database, "case_decisions", decision_id) == decision_before
    assert server_record(server.database, "case_events", event_id) == event_before
    # the other changes of the desks still go: a refusal holds back its own record only
    amend(village.db, app_id, {"applicant_phone": "+7 705 123 45 67"}, "Жаңа телефон нөмірі")
    report = village.sync()
    assert (report.accepted, report.refused) == (2, 0)  # the application and the amendment
    assert server_record(server.database, "applications", app_id)[1]["applicant_phone"] == \
        "+7 705 123 45 67"


def test_a_record_never_moves_to_another_office(server, desks):
    north, south = desks("AKT-05"), desks("AKT-07")
    district = desks("AUD-01", "district")
    for desk in (north, south, district):
        desk.enrol(server)
    draft = save_draft(north.db, sample_application(office_code="AKT-05"))
    other = save_draft(north.db, sample_application(office_code="AKT-05", iin="850505400127"))
    theirs = save_draft(south.db, sample_application(office_code="AKT-07", iin="900101300126"))
    synced(north, south, district)
    app_id = draft.application_id
    before = server_record(server.database, "applications", app_id)

    # north's own draft, given to south's office at north's desk
    with north.db.session() as session:
        session.get(ApplicationRecord, app_id).office_code = "AKT-07"
    assert north.sync().refused == 1
    assert _kept(north) == {("applications", app_id): "not_owner"}
    assert _refusal(_forge(north, [_edit(server.database, "applications", app_id,
                                         office_code="AKT-07")])) == \
        ("refused", "not_owner", "office_code")
    # a member of north's application put under south's application, or another of north's
    member_id = next(iter(m.member_id for m in draft.members))
    for target in (theirs.application_id, other.application_id):
        assert _refusal(_forge(north, [_edit(server.database, "members", member_id,
                                             application_id=target)])) == \
            ("refused", "not_owner", "application_id")
    # nor does the district move a record between its akimats
    assert _refusal(_forge(district, [_edit(server.database, "applications", app_id,
                                            office_code="AKT-07")])) == \
        ("refused", "not_owner", "office_code")
    assert server_record(server.database, "applications", app_id) == before
    assert server_record(server.database, "members", member_id)[1]["application_id"] == app_id


def test_the_district_writes_its_akimats_records_but_not_their_registered_data(
        server, desks, tmp_path, record):
    village, office, _akimat, district, app_id = _registered(server, desks, tmp_path)
    south = desks("AKT-07")
    south.enrol(server)
    synced(south, office)
    operator_id, _name = _operator(village)

    # allowed: the akimat's operator's position, an amendment of its registered application
    with office.db.session() as session:
        session.get(StaffRecord, operator_id).position = "бас маман"
    amend(office.db, app_id, {"applicant_flat": "7"}, "Пәтер нөмірі қосылды",
          user=district.users["head"])
    synced(office, village)
    with village.db.session() as session:
        assert session.get(StaffRecord, operator_id).position == "бас маман"
        assert session.get(ApplicationRecord, app_id).applicant_flat == "7"

    # refused: the applicant's IIN, the akimat's operator moved to another akimat
    assert _refusal(_forge(office, [_edit(server.database, "applications", app_id,
                                          applicant_iin=STRANGER_IIN)])) == \
        ("refused", "registered", "applicant_iin")
    assert _refusal(_forge(office, [_edit(server.database, "staff", operator_id,
                                          office_id=office_id("AKT-07"))])) == \
        ("refused", "not_owner", "office_id")
    # and an office the server does not serve is no office of the district: its code names
    # none (checked with the record's definition, before whose it is)
    assert _refusal(_forge(office, [{"t": "offices", "id": office_id("ZZZ-99"), "v": 1,
                                     "b": 0, "d": record("offices", office_id("ZZZ-99"),
                                                         code="ZZZ-99", kind="akimat")}])) \
        == ("refused", "invalid", "code")


def test_a_bundle_relayed_by_the_district_is_held_to_the_same_rules(server, desks, tmp_path):
    village, office, _akimat, _district, app_id = _registered(server, desks, tmp_path)
    before = server_record(server.database, "applications", app_id)
    with village.db.session() as session:
        session.get(ApplicationRecord, app_id).applicant_iin = STRANGER_IIN
    amend(village.db, app_id, {"applicant_street": "Абай көшесі"}, "Мекенжай өзгерді")
    bundle, reply = tmp_path / "village.komek", tmp_path / "reply.komek"
    export_bundle(village.db, bundle)
    with open_transport(office.db) as transport:  # the district desk relays it
        reply.write_bytes(transport.relay_bundle(bundle.read_bytes()))
    report = import_reply(village.db, reply)
    assert report.acknowledged == 1  # the amendment's record; its application is refused
    assert _kept(village) == {("applications", app_id): "registered"}
    assert server_record(server.database, "applications", app_id) == before


def _forged_steps(desk: Any, application_id: str) -> tuple[str, str]:
    """The desk's database edited behind the program's back: the district's final decision
    (assistance assigned, any amount a month) and its visa, written into the desk's own
    case as new records, queued for sync as the program queues its own. Their ids."""
    with desk.db.session() as session:
        record = session.get(ApplicationRecord, application_id)
        decision = DecisionRecord(
            application_id=application_id, stage="final", outcome="assigned",
            assistance_type="unconditional", monthly_amount=99_999_900,
            period_start=DAY.replace(day=1), period_end=DAY.replace(month=12, day=31),
            number=record.registration_number or "", decided_on=DAY,
            decided_by_name="Басшы", trace="[]")
        visa = CaseEventRecord(
            application_id=application_id, action=Action.VISA.value,
            from_status=record.status, to_status="visa", at=dt.datetime.now(dt.UTC),
            on_date=DAY, actor_name="Басшы", office_code=desk.office_code)
        session.add_all([decision, visa])
        session.flush()
        return decision.id, visa.id


def test_an_akimat_cannot_write_the_districts_steps_into_its_own_case(server, desks, tmp_path,
                                                                      record):
    village, office = desks("AKT-05"), desks("AUD-01", "district")
    for desk in (village, office):
        desk.enrol(server)
    clock, params = Clock(), parameters(tmp_path / "params")
    akimat, district = Casework(village, params, clock), Casework(office, params, clock)
    app_id = akimat.register(seed=11)
    # the akimat's own steps are stored: the commission, its act and conclusion, the batch
    # to the district (synced asserts nothing refused)
    akimat.cases.step(akimat.operator, app_id, Action.REFER_TO_COMMISSION)
    akimat.cases.record_conclusion(akimat.operator, app_id, ConclusionInput(
        DAY, True, members_present=("Сейтқали Ә.",)))
    akimat.cases.step(akimat.operator, app_id, Action.SEND_TO_DISTRICT)
    synced(village, office)

    # a stolen laptop: the district's decision and visa written as new records of the
    # akimat's own registered case, pushed with an amendment the akimat may make
    decision_id, visa_id = _forged_steps(village, app_id)
    amend(village.db, app_id, {"applicant_phone": "+7 705 123 45 67"}, "Жаңа телефон нөмірі")
    report = village.sync()
    assert (report.accepted, report.refused) == (2, 2)  # the application and the amendment
    assert _kept(village) == {("case_decisions", decision_id): "not_owner",
                              ("case_events", visa_id): "not_owner"}
    assert server_record(server.database, "case_decisions", decision_id) is None
    assert server_record(server.database, "case_events", visa_id) is None
    assert server_record(server.database, "applications", app_id)[1]["applicant_phone"] == \
        "+7 705 123 45 67"
    # the refusal names the field that tells the step
    final = record("case_decisions", "forged-final", application_id=app_id, stage="final",
                   outcome="assigned", monthly_amount=99_999_900)
    assert _refusal(_forge(village, [{"t": "case_decisions", "id": "forged-final", "v": 1,
                                      "b": 0, "d": final}])) == \
        ("refused", "not_owner", "stage")
    for action in (Action.VISA, Action.ASSIGN, Action.RECEIVE_AT_DISTRICT):
        event = record("case_events", f"forged-{action}", application_id=app_id,
                       action=action.value)
        assert _refusal(_forge(village, [{"t": "case_events", "id": f"forged-{action}",
                                          "v": 1, "b": 0, "d": event}])) == \
            ("refused", "not_owner", "action")
    # nor does the district record the conclusion of a commission the akimat holds
    act = record("commission_acts", "forged-act", application_id=app_id)
    assert _refusal(_forge(office, [{"t": "commission_acts", "id": "forged-act", "v": 1,
                                     "b": 0, "d": act}])) == ("refused", "not_owner", None)

    # the district never receives the forged decision; its own is stored and reaches the
    # akimat, its notification reads it
    office.sync()
    with office.db.session() as session:
        assert session.get(DecisionRecord, decision_id) is None
        assert session.get(CaseEventRecord, visa_id) is None
    head, executor = district.users["head"], district.users["exec"]
    district.cases.step(head, app_id, Action.RECEIVE_AT_DISTRICT)
    district.cases.visa(head, app_id, executor.account_id or "")
    district.assign(app_id, amount=2_345_600)
    district.cases.step(executor, app_id, Action.SEND_RESULT)
    synced(office)
    village.sync()
    with village.db.session() as session:
        amounts = {row.id: row.monthly_amount for row in session.scalars(
            select(DecisionRecord).where(DecisionRecord.application_id == app_id,
                                         DecisionRecord.stage == "final"))}
    with office.db.session() as session:
        held = {row.id: row.monthly_amount for row in session.scalars(
            select(DecisionRecord).where(DecisionRecord.application_id == app_id,
                                         DecisionRecord.stage == "final"))}
    assert list(held.values()) == [2_345_600]  # the district's decision alone
    assert held.items() <= amounts.items()  # and the akimat has it
