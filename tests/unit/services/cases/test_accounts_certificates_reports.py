"""Accounts (login, lock-out, audit), the certificate for a recipient and a non-recipient,
and report totals checked against the database."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.domain.assessment import AssistanceType, Outcome
from desktop.domain.case_path import Action
from desktop.domain.decision import DecisionTerms
from desktop.domain.model import Channel, PersonName, RefusalCode
from desktop.domain.money import Money
from desktop.domain.roles import Role
from desktop.services import certificates, reports
from desktop.services.accounts import (
    MAX_FAILURES,
    AccountError,
    create_account,
    has_accounts,
    log_in,
)
from desktop.services.cases import ConclusionInput
from desktop.services.report_export import to_pdf, to_xlsx
from desktop.storage.models import (
    AccountRecord,
    ApplicationRecord,
    AuditRecord,
    CertificateIssueRecord,
    DecisionRecord,
    MemberRecord,
)
from tests.support.case_world import DAY, PASSWORD, World

NOW = dt.datetime(2026, 11, 24, 5, 0, tzinfo=dt.UTC)


def test_login_wrong_password_then_lock_after_repeated_failures(world: World) -> None:
    assert has_accounts(world.db)
    user = log_in(world.db, "Head", PASSWORD, now=NOW)
    assert user.roles == {Role.HEAD} and user.office_code == "AKT-01"
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError) as wrong:
            log_in(world.db, "head", "not-the-password", now=NOW)
    assert "wrong" in wrong.value.message.msgid
    with pytest.raises(AccountError) as locked:
        log_in(world.db, "head", PASSWORD, now=NOW)
    assert "locked" in locked.value.message.msgid
    assert log_in(world.db, "head", PASSWORD, now=NOW + dt.timedelta(minutes=16)).username
    with world.db.session() as s:
        actions = s.scalars(select(AuditRecord.action).where(
            AuditRecord.table_name == "accounts")).all()
        assert "account.locked" in actions and "account.login" in actions
        stored = s.scalars(select(AccountRecord.password_hash)).first()
        assert stored is not None and PASSWORD not in stored and stored.startswith("scrypt$")
        assert not any(PASSWORD in str(a.changes) for a in s.scalars(select(AuditRecord)))


def test_only_an_administrator_creates_accounts_and_the_first_is_one(world: World) -> None:
    with pytest.raises(AccountError):
        create_account(world.db, world.users["head"], username="x1", full_name="Х",
                       password=PASSWORD, roles=[Role.EXECUTOR])
    assert Role.ADMINISTRATOR in world.users["admin"].roles
    with pytest.raises(AccountError):  # too short
        create_account(world.db, world.users["admin"], username="x2", full_name="Х",
                       password="short", roles=[Role.EXECUTOR])


def _assigned_case(world: World, amount: int = 2_345_600) -> str:
    c, u = world.cases, world.users
    app_id = world.register()
    c.visa(u["head"], app_id, u["exec"].account_id or "")
    c.step(u["exec"], app_id, Action.REFER_TO_COMMISSION)
    c.record_conclusion(u["member"], app_id, ConclusionInput(DAY, True, members_present=("А",)))
    c.prepare_draft(u["exec"], app_id)
    c.decide(u["head"], app_id, DecisionTerms(Outcome.ASSIGNED, AssistanceType.UNCONDITIONAL,
                                              amount, dt.date(2026, 10, 1),
                                              dt.date(2026, 12, 31)))
    c.step(u["exec"], app_id, Action.ISSUE_NOTIFICATION)
    return app_id


def _member_iins(world: World, app_id: str) -> list[str]:
    with world.db.session() as s:
        return list(s.scalars(select(MemberRecord.iin).where(
            MemberRecord.application_id == app_id).order_by(MemberRecord.position)))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_certificate_for_a_recipient_family_member(world: World) -> None:
    app_id = _assigned_case(world)
    iin = _member_iins(world, app_id)[1]  # the spouse, not the applicant
    found = certificates.find(world.db, iin, dt.date(2026, 11, 24))
    assert found.belongs and found.period_end == dt.date(2026, 12, 31)
    issued = certificates.issue(world.db, world.users["exec"], iin, "ru", now=NOW)
    assert issued.belongs and issued.number == "AKT-01-2026-C00001"
    text = pdf_text(issued.pdf)
    assert iin in text and "является получателем" in text.replace("\n", " ")
    with world.db.session() as s:
        row = s.scalars(select(CertificateIssueRecord)).one()
        assert row.iin == iin and row.belongs and row.issued_by == world.users["exec"].account_id
        assert s.scalar(select(func.count()).select_from(AuditRecord).where(
            AuditRecord.action == "certificate.issue")) == 1


def test_certificate_for_a_non_recipient(world: World) -> None:
    app_id = world.register()  # registered, not decided
    iin = _member_iins(world, app_id)[0]
    issued = certificates.issue(world.db, world.users["desk"], iin, "kk", now=NOW)
    assert not issued.belongs
    stranger = "900101300126"
    with pytest.raises(certificates.CertificateError):  # no name for an unknown IIN
        certificates.issue(world.db, world.users["desk"], stranger, "kk", now=NOW)
    second = certificates.issue(world.db, world.users["desk"], stranger, "ru", now=NOW,
                                name=PersonName("Тестов", "Тест"))
    assert not second.belongs and second.number.endswith("C00002")
    with pytest.raises(certificates.CertificateError):
        certificates.issue(world.db, world.users["member"], stranger, "ru", now=NOW,
                           name=PersonName("Тестов", "Т"))


def test_report_totals_match_the_database(world: World) -> None:
    first = _assigned_case(world, 2_000_000)
    second = _assigned_case(world, 3_000_050)
    refused = world.register(seed=5)
    c, u = world.cases, world.users
    c.visa(u["head"], refused, u["exec"].account_id or "")
    c.step(u["exec"], refused, Action.REFER_TO_COMMISSION)
    c.record_conclusion(u["member"], refused, ConclusionInput(DAY, True, members_present=("А",)))
    c.prepare_draft(u["exec"], refused)
    c.decide(u["head"], refused, DecisionTerms(Outcome.REFUSED,
                                               refusal_codes=(RefusalCode.FALSE_INFORMATION,)))
    world.register(Channel.AKIM, seed=7)
    start, end = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    table = reports.by_status_and_channel(world.db, start, end)
    with world.db.session() as s:
        total = s.scalar(select(func.count()).select_from(ApplicationRecord))
        amounts = s.scalar(select(func.sum(DecisionRecord.monthly_amount)).where(
            DecisionRecord.stage == "final", DecisionRecord.outcome == "assigned"))
    assert table.totals[-1] == total == 4
    months = reports.assignments_by_month(world.db, start, end)
    assert months.rows == (("2026-11", 2, 1, Money(5_000_050), 0, 0),)
    assert months.totals[3] == Money(amounts)
    overdue = reports.overdue_steps(world.db, dt.date(2027, 3, 1))
    assert len(overdue.rows) == 2 and overdue.totals[-1] == 2
    board = reports.dashboard(world.db, dt.date(2026, 11, 20))
    assert board.assigned_this_month == 2 and board.open_cases == 2
    workbook = load_workbook(io.BytesIO(to_xlsx([table, months], "ru")))
    assert workbook["2"]["D4"].value == pytest.approx(20_000 + 30_000.50)
    assert "2026-11" in pdf_text(to_pdf([table, months, overdue], "ru"))
    assert first != second
