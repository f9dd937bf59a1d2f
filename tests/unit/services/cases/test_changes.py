"""After the assignment: a change reported, the recalculation through the rules engine, the
termination; what the certificate says before and after; the notification printed and logged."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.domain.case_changes import (
    ChangeKind,
    IncomeAddition,
    NewMember,
    ReportedChange,
    Termination,
    TerminationGround,
)
from desktop.domain.case_path import Action, ActionNotAllowedError
from desktop.domain.case_status import CaseStatus as S
from desktop.domain.model import IncomeKind, Relationship, Sex
from desktop.i18n import format_money
from desktop.services import certificates
from desktop.services.case_decisions import notification_document
from desktop.services.cases import CaseInputError
from desktop.storage.audit import verify_audit_chain
from desktop.storage.models import (
    ApplicationRecord,
    AuditRecord,
    CaseEventRecord,
    DecisionRecord,
    MemberRecord,
)
from tests.support.case_world import DAY, PERIOD, World, decided


def members(world: World, app_id: str) -> list[MemberRecord]:
    with world.db.session() as s:
        return list(s.scalars(select(MemberRecord).where(
            MemberRecord.application_id == app_id).order_by(MemberRecord.position)))


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def status(world: World, app_id: str) -> str:
    with world.db.session() as s:
        record = s.get(ApplicationRecord, app_id)
        assert record is not None
        return record.status


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_notification_names_the_amount_and_period_and_is_logged(world: World,
                                                                    lang: str) -> None:
    app_id = decided(world)
    user = world.users["exec"]
    world.cases.step(user, app_id, Action.ISSUE_NOTIFICATION)
    first = notification_document(world.db, app_id, user, lang, log=True)
    text = pdf_text(first.pdf)
    assert format_money(2_345_600, lang).replace("\xa0", " ") in text and "01.10.2026" in text \
        and "31.12.2026" in text
    assert not first.duplicate
    second = notification_document(world.db, app_id, user, lang, log=True)
    assert second.duplicate
    with world.db.session() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.action == "print.notification",
                                                   AuditRecord.record_id == app_id)).all()
        assert len(rows) == 2 and json.loads(rows[0].changes)["language"][1] == lang
        assert verify_audit_chain(s).ok


def test_a_refusal_notification_names_the_grounds(world: World) -> None:
    app_id = decided(world, assign=False)
    document = notification_document(world.db, app_id, world.users["exec"], "kk", log=False)
    assert "Тест негізі" in pdf_text(document.pdf)


def test_a_birth_is_recalculated_from_its_month_and_the_certificate_follows(
        world: World) -> None:
    c, u = world.cases, world.users
    app_id = decided(world)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    with pytest.raises(CaseInputError):  # nothing reported yet
        c.recalculate(u["exec"], app_id)
    born = dt.date(2026, 11, 10)
    change = ReportedChange(frozenset({ChangeKind.MEMBER_JOINED}), born,
                            joined=(NewMember("Тестова", "Айару", Relationship.CHILD, born,
                                               Sex.FEMALE),),
                            note="туу туралы куәлік")
    assert c.report_change(u["desk"], app_id, change) is S.DELIVERED
    [terms] = c.recalculate(u["exec"], app_id)
    assert terms.period_start == dt.date(2026, 11, 1) and terms.period_end == PERIOD[1]
    with world.db.session() as s:
        row = s.scalars(select(DecisionRecord).where(
            DecisionRecord.stage == "recalculation")).one()
        assert row.monthly_amount == terms.monthly_amount and json.loads(row.trace)["ru"]
        audit = s.scalars(select(AuditRecord.changes).where(
            AuditRecord.action == "case.report_change")).one()
        assert "Айару" not in audit and "member_joined" in audit  # no names in the audit log
        event = s.scalars(select(CaseEventRecord).where(
            CaseEventRecord.action == "report_change")).one()
        assert json.loads(event.data)["joined"][0]["first_name"] == "Айару"
    iin = members(world, app_id)[1].iin
    october = certificates.find(world.db, iin, dt.date(2026, 10, 20))
    november = certificates.find(world.db, iin, dt.date(2026, 11, 24))
    assert october.belongs and october.monthly_amount == 2_345_600
    assert november.belongs and november.monthly_amount == terms.monthly_amount
    with pytest.raises(CaseInputError):  # already recalculated
        c.recalculate(u["exec"], app_id)


def test_a_member_leaving_and_an_income_found_are_recalculated_each_in_turn(
        world: World) -> None:
    c, u = world.cases, world.users
    app_id = decided(world, size=5)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    family = members(world, app_id)
    c.report_change(u["desk"], app_id, ReportedChange(
        frozenset({ChangeKind.MEMBER_LEFT}), dt.date(2026, 11, 5), left=(family[4].id,)))
    c.report_change(u["desk"], app_id, ReportedChange(
        frozenset({ChangeKind.INCOME}), dt.date(2026, 11, 12),
        incomes=(IncomeAddition(family[1].id, IncomeKind.EMPLOYMENT, 300_000_000),)))
    left, income = c.recalculate(u["exec"], app_id)
    assert left.period_start == dt.date(2026, 11, 1)
    # income not taken into account: from the month of application (20.11.2026)
    assert income.period_start == dt.date(2026, 11, 1)
    assert not income.assigned  # a large hidden income: no longer eligible
    iin = family[0].iin
    assert not certificates.find(world.db, iin, dt.date(2026, 11, 24)).belongs


def test_termination_stops_the_assistance_after_its_date(world: World) -> None:
    c, u = world.cases, world.users
    app_id = decided(world)
    with pytest.raises(ActionNotAllowedError):  # not before the notification is issued
        c.terminate(u["head"], app_id, Termination(TerminationGround.MOVED_AWAY, DAY))
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    with pytest.raises(ActionNotAllowedError):  # the head's step
        c.terminate(u["exec"], app_id, Termination(TerminationGround.MOVED_AWAY, DAY))
    with pytest.raises(CaseInputError):  # in the future
        c.terminate(u["head"], app_id, Termination(TerminationGround.MOVED_AWAY,
                                                   DAY + dt.timedelta(days=3)))
    day = dt.date(2026, 11, 18)
    assert c.terminate(u["head"], app_id, Termination(TerminationGround.MOVED_AWAY, day,
                                                      "Астанаға көшті")) is S.TERMINATED
    iin = members(world, app_id)[0].iin
    assert certificates.find(world.db, iin, day).belongs
    assert not certificates.find(world.db, iin, day + dt.timedelta(days=1)).belongs
    with world.db.session() as s:
        row = s.scalars(select(DecisionRecord).where(DecisionRecord.outcome == "terminated")
                        ).one()
        assert row.period_start == day and row.refusal_codes == "moved_away"
        audit = json.loads(s.scalars(select(AuditRecord.changes).where(
            AuditRecord.action == "case.terminate")).one())
        assert audit["payments_stop_from"][1] == "2026-12-01"
        assert s.scalar(select(func.count()).select_from(CaseEventRecord).where(
            CaseEventRecord.action == "terminate")) == 1
    for action in (Action.REPORT_CHANGE, Action.RECALCULATE, Action.TERMINATE):
        with pytest.raises(ActionNotAllowedError):  # closed
            c.step(u["head"] if action is Action.TERMINATE else u["exec"], app_id, action)


def test_no_change_on_a_refused_case_and_bad_changes_are_refused(world: World) -> None:
    c, u = world.cases, world.users
    refused = decided(world, assign=False, seed=3)
    c.step(u["exec"], refused, Action.ISSUE_NOTIFICATION)
    change = ReportedChange(frozenset({ChangeKind.OTHER}), DAY)
    with pytest.raises(ActionNotAllowedError):
        c.report_change(u["desk"], refused, change)
    app_id = decided(world, seed=4)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    applicant = members(world, app_id)[0].id
    for bad in (ReportedChange(frozenset(), DAY),
                ReportedChange(frozenset({ChangeKind.MEMBER_LEFT}), DAY, left=(applicant,)),
                ReportedChange(frozenset({ChangeKind.OTHER}), DAY + dt.timedelta(days=1))):
        with pytest.raises(CaseInputError):
            c.report_change(u["desk"], app_id, bad)
    c.report_change(u["desk"], app_id, change)  # an address: nothing to recalculate
    with pytest.raises(CaseInputError):
        c.recalculate(u["exec"], app_id)
    assert status(world, app_id) == S.DELIVERED


def test_reports_and_dashboard_count_decisions_recalculations_and_terminations(
        world: World) -> None:
    from desktop.domain.money import Money
    from desktop.services import reports

    c, u = world.cases, world.users
    kept, ended, refused = decided(world), decided(world, seed=1), decided(world, assign=False,
                                                                         seed=2)
    for app_id in (kept, ended, refused):
        c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    born = dt.date(2026, 11, 12)
    c.report_change(u["desk"], kept, ReportedChange(
        frozenset({ChangeKind.MEMBER_JOINED}), born,
        joined=(NewMember("Т", "Бала", Relationship.CHILD, born, Sex.MALE),)))
    c.recalculate(u["exec"], kept)
    c.terminate(u["head"], ended, Termination(TerminationGround.APPLICANT_DIED, DAY))
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    months = reports.assignments_by_month(world.db, start, end)
    with world.db.session() as s:
        def count(stage: str, outcome: str) -> int:
            return s.scalar(select(func.count()).select_from(DecisionRecord).where(
                DecisionRecord.stage == stage, DecisionRecord.outcome == outcome)) or 0
        amounts = s.scalar(select(func.sum(DecisionRecord.monthly_amount)).where(
            DecisionRecord.stage == "final", DecisionRecord.outcome == "assigned"))
        expected = (count("final", "assigned"), count("final", "refused"), Money(amounts),
                    count("recalculation", "assigned") + count("recalculation", "refused"),
                    count("recalculation", "terminated"))
        statuses = dict(s.execute(select(ApplicationRecord.status, func.count()).group_by(
            ApplicationRecord.status)).all())
    assert expected == (2, 1, Money(2 * 2_345_600), 1, 1)
    assert months.rows == (("2026-11", *expected),) and months.totals[1:] == expected
    table = reports.by_status_and_channel(world.db, start, end)
    assert table.totals[-1] == sum(statuses.values()) == 3
    assert statuses == {"delivered": 2, "terminated": 1}
    board = reports.dashboard(world.db, DAY)
    assert board.assigned_this_month == 2 and board.terminated_this_month == 1
    assert board.open_cases == 0 and board.by_status == ()  # closed cases are not work


def test_nothing_changes_after_the_assigned_period_is_over(world: World) -> None:
    c, u = world.cases, world.users
    app_id = decided(world)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    world.clock.next_day((PERIOD[1] - DAY).days + 1)  # 01.01.2027: the quarter is over
    with pytest.raises(ActionNotAllowedError):
        c.report_change(u["desk"], app_id, ReportedChange(frozenset({ChangeKind.OTHER}),
                                                          PERIOD[1]))
    with pytest.raises(ActionNotAllowedError):
        c.terminate(u["head"], app_id, Termination(TerminationGround.MOVED_AWAY, PERIOD[1]))
    from desktop.services.case_queries import load_case

    view = load_case(world.db, app_id, u["head"], "kk", dt.date(2027, 1, 1))
    assert view.actions == () and view.in_force is None


def test_a_reported_change_waits_in_the_executors_work_until_recalculated(
        world: World) -> None:
    from desktop.services.case_queries import my_work

    c, u = world.cases, world.users
    app_id = decided(world)
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    assert app_id not in {i.application_id for i in my_work(world.db, u["exec"])}
    c.report_change(u["desk"], app_id, ReportedChange(
        frozenset({ChangeKind.INCOME}), DAY,
        incomes=(IncomeAddition(members(world, app_id)[0].id, IncomeKind.ALIMONY, 1_000_00),)))
    waiting = [i for i in my_work(world.db, u["exec"]) if i.application_id == app_id]
    assert [i.actions for i in waiting] == [(Action.RECALCULATE,)]
    assert not [i for i in my_work(world.db, u["desk"]) if i.application_id == app_id]
    c.recalculate(u["exec"], app_id)
    assert app_id not in {i.application_id for i in my_work(world.db, u["exec"])}
