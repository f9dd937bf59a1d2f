"""``komek accounts``: the list, and a forgotten administrator recovered from the database file."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from desktop.__main__ import main
from desktop.domain.roles import Role
from desktop.services.accounts import (
    MAX_FAILURES,
    AccountError,
    create_account,
    log_in,
)
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.startup import ExitCode
from desktop.storage.database import Database
from desktop.storage.models import AuditRecord

ADMIN_PASSWORD = "Әкімші-құпия-1"
TEMPORARY = "уақытша-777"


@pytest.fixture
def accounts_db(db_path):
    db = Database.open(db_path)
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Сынақ бөлімі",
        office_name_ru="Отдел для проверки", office_code="TST-01",
        operator_full_name="Оператор Проверки", operator_position="маман"))
    admin = create_account(db, None, username="admin", full_name="Әкімшіқызы Айгүл",
                           password=ADMIN_PASSWORD, roles=[Role.ADMINISTRATOR])
    create_account(db, admin, username="desk", full_name="Қабылдаев Ерлан",
                   password="front-desk-1", roles=[Role.FRONT_DESK])
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            log_in(db, "admin", "not the password")
    db.close()
    return db_path


def _recover(path, username, monkeypatch, password=TEMPORARY):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["--db", str(path), "--lang", "ru", "accounts", "recover", username,
                 "--password-stdin"])


def test_list_shows_roles_and_the_lock_in_the_users_language(accounts_db, capsys):
    assert main(["--db", str(accounts_db), "--lang", "ru", "accounts", "list"]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    admin = next(line for line in lines if line.startswith("admin "))
    assert "TST-01" in admin and "Әкімшіқызы Айгүл" in admin
    assert "заблокирована" in admin or "заблокирован" in admin


def test_a_locked_out_administrator_is_recovered_and_must_change_the_password(
        accounts_db, monkeypatch, capsys):
    assert _recover(accounts_db, "Admin", monkeypatch) == ExitCode.OK
    assert "admin" in capsys.readouterr().out
    db = Database.open(accounts_db)
    try:
        user = log_in(db, "admin", TEMPORARY)
        assert user.must_change_password
        assert Role.ADMINISTRATOR in user.roles
        with db.session() as session:
            row = session.execute(select(AuditRecord).where(
                AuditRecord.action == "account.password_recovery")).scalar_one()
            assert row.actor_id is None
            assert "password" in row.fields
            assert TEMPORARY not in row.changes and "scrypt" not in row.changes
    finally:
        db.close()


def test_only_an_administrator_is_recovered_this_way(accounts_db, monkeypatch, capsys):
    assert _recover(accounts_db, "desk", monkeypatch) == ExitCode.BAD_ARGUMENTS
    assert "администратор" in capsys.readouterr().err
    assert _recover(accounts_db, "nobody", monkeypatch) == ExitCode.BAD_ARGUMENTS
    assert capsys.readouterr().err.strip()


def test_a_weak_temporary_password_is_refused(accounts_db, monkeypatch, capsys):
    assert _recover(accounts_db, "admin", monkeypatch, password="short") \
        == ExitCode.BAD_ARGUMENTS
    assert capsys.readouterr().err.strip()
    db = Database.open(accounts_db)
    try:
        with pytest.raises(AccountError):
            log_in(db, "admin", "short")
    finally:
        db.close()
