"""The case path across desks, as the program takes it, passes the server's checks of
ownership and of registered cases: every step an office may take is accepted, nothing is
refused or in conflict, and every desk ends with the server's versions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.case_changes import ChangeKind, IncomeAddition, ReportedChange
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import IncomeKind
from desktop.services import drafts, transfer
from desktop.services.amendments import amend
from desktop.services.cases import ConclusionInput
from desktop.services.intake import intake_context, new_session
from desktop.storage.models import (
    ApplicationRecord,
    DecisionRecord,
    MemberRecord,
    TransferRecord,
)
from tests.support.casework import DAY, Casework, Clock, parameters, synced

pytestmark = pytest.mark.postgres

CASE_TABLES = ("applications", "members", "incomes", "presented_documents", "journal_entries",
               "case_states", "case_events", "commission_acts", "case_decisions",
               "application_amendments", "transfer_registry", "intake_drafts")


def _same_everywhere(district_rows, *desks) -> None:
    for table in CASE_TABLES:
        on_server = {i: v for (_t, i), v in district_rows(table).items()}
        for desk in desks:
            held = desk.ids(table)
            assert {i: on_server.get(i) for i in held} == held, (desk.office_code, table)


def _status(desk, application_id: str) -> str:
    with desk.db.session() as session:
        return session.get(ApplicationRecord, application_id).status


def test_an_akimats_case_goes_its_whole_path_with_the_district(server, desks, district_rows,
                                                              tmp_path):
    village, office = desks("AKT-05"), desks("AUD-01", "district")
    for desk in (village, office):
        desk.enrol(server)
    clock, params = Clock(), parameters(tmp_path / "params")
    akimat, district = Casework(village, params, clock), Casework(office, params, clock)
    head, executor = district.users["head"], district.users["exec"]

    # at the akimat: registration, the commission, the batch to the district
    app_id = akimat.register(seed=3)
    akimat.cases.step(akimat.operator, app_id, Action.REFER_TO_COMMISSION)
    akimat.cases.record_conclusion(akimat.operator, app_id, ConclusionInput(
        DAY, True, members_present=("Сейтқали Ә.", "Омарова Г.")))
    transfer.form_batch(village.db, [app_id], today=DAY, user=akimat.operator,
                        cases=akimat.cases)
    synced(village, office)

    # at the district: received with the register, visa, calculation, decision, result sent
    clock.next_day()
    district.cases.step(head, app_id, Action.RECEIVE_AT_DISTRICT)
    with office.db.session() as session:
        session.execute(select(TransferRecord).where(
            TransferRecord.application_id == app_id)).scalar_one().received_on = \
            clock().date()
    district.cases.visa(head, app_id, executor.account_id or "")
    district.assign(app_id)
    district.cases.step(executor, app_id, Action.SEND_RESULT)
    synced(office, village)
    assert _status(village, app_id) == CaseStatus.SENT_TO_AKIM.value

    # back at the akimat: handed over, an amendment, a change of income reported
    clock.next_day()
    akimat.cases.step(akimat.operator, app_id, Action.HAND_OVER)
    amend(village.db, app_id, {"applicant_phone": "+7 701 555 44 33"},
          "Отбасы телефонын ауыстырды", user=akimat.operator)
    with village.db.session() as session:
        member = session.scalars(select(MemberRecord).where(
            MemberRecord.application_id == app_id).order_by(MemberRecord.position)).first()
        assert member is not None
        member_id = member.id
    akimat.cases.report_change(akimat.operator, app_id, ReportedChange(
        frozenset({ChangeKind.INCOME}), DAY,
        incomes=(IncomeAddition(member_id, IncomeKind.EMPLOYMENT, 30_000_000),)))
    synced(village, office)

    # the district recalculates; the new decision reaches the akimat
    district.cases.recalculate(executor, app_id)
    synced(office, village)
    with village.db.session() as session:
        stages = sorted(session.scalars(select(DecisionRecord.stage).where(
            DecisionRecord.application_id == app_id)))
        line = session.execute(select(TransferRecord)).scalar_one()
        phone = session.get(ApplicationRecord, app_id).applicant_phone
    assert stages == ["draft", "final", "recalculation"]
    assert line.sent_on == DAY and line.received_on is not None
    assert phone == "+7 701 555 44 33"
    assert _status(village, app_id) == CaseStatus.DELIVERED.value
    _same_everywhere(district_rows, village, office)


def test_a_district_case_and_drafts_edited_at_two_desks(server, desks, district_rows,
                                                       tmp_path):
    village, office = desks("AKT-05"), desks("AUD-01", "district")
    for desk in (village, office):
        desk.enrol(server)
    clock, params = Clock(), parameters(tmp_path / "params")
    district = Casework(office, params, clock)
    head, executor = district.users["head"], district.users["exec"]

    app_id = district.register(seed=5)
    district.cases.visa(head, app_id, executor.account_id or "")
    district.cases.step(executor, app_id, Action.REFER_TO_COMMISSION)
    district.cases.record_conclusion(head, app_id, ConclusionInput(
        DAY, True, members_present=("Ахметов Б.",)))
    district.assign(app_id)
    district.cases.step(executor, app_id, Action.ISSUE_NOTIFICATION)
    amend(office.db, app_id, {"applicant_house": "12А"}, "Үй нөмірі қате жазылған",
          user=head)

    # an akimat's intake draft, continued at the district, then at the akimat again
    context = intake_context(village.db, parameters=params)
    session = new_session(context, DAY)
    session.set_value("applicant_surname", "Жұмабаева")
    draft_id = drafts.save_draft(village.db, session)
    synced(village, office)
    at_district = drafts.open_draft(office.db, context.forms, draft_id)
    at_district.set_value("applicant_first_name", "Гүлнар")
    drafts.save_draft(office.db, at_district)
    synced(office, village)
    again = drafts.open_draft(village.db, context.forms, draft_id)
    assert again.value("applicant_first_name") == "Гүлнар"
    again.set_value("applicant_phone", "+7 702 111 22 33")
    drafts.save_draft(village.db, again)
    synced(village, office)

    assert _status(office, app_id) == CaseStatus.DELIVERED.value
    assert app_id not in village.ids("applications")  # the district's own case
    _same_everywhere(district_rows, village, office)
