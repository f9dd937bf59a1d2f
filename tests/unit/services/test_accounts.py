"""Account administration: password reset and change, roles, unlock, deactivation; who may do
it (administrator, of the account's office), the last administrator kept, every change audited
with before/after and never a password or its hash."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from desktop.domain.roles import Role
from desktop.services.accounts import (
    MAX_FAILURES,
    AccountError,
    CurrentUser,
    change_password,
    create_account,
    current_user,
    executors,
    list_accounts,
    log_in,
    log_out,
    reset_password,
    set_active,
    set_roles,
    unlock,
)
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.audit import verify_audit_chain
from desktop.storage.database import Database
from desktop.storage.models import AccountRecord, AuditRecord, OfficeRecord, StaffRecord

PASSWORD = "correct-horse-9"
TEMPORARY = "temporary-42"
NEW = "my-own-secret-7"
DISTRICT = "Актогайский район"


@dataclass
class Office:
    db: Database
    users: dict[str, CurrentUser]
    akimat_id: str  # an akimat of the same district
    foreign_id: str  # an akimat of another district

    def id(self, name: str) -> str:
        account_id = self.users[name].account_id
        assert account_id is not None
        return account_id


def _akimat(db: Database, code: str, district: str) -> str:
    with db.session() as s:
        office = OfficeRecord(code=code, kind="akimat", region="Карагандинская область",
                              district=district, name_kk="Ауыл әкімінің аппараты",
                              name_ru="Аппарат акима села")
        s.add(office)
        s.flush()
        return office.id


@pytest.fixture
def office(db: Database) -> Office:
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district=DISTRICT, office_kind="district_office",
        office_name_kk="Ақтоғай ауданының жұмыспен қамту бөлімі",
        office_name_ru="Отдел занятости Актогайского района", office_code="AKT-01",
        operator_full_name="Сейтқали Әлия", operator_position="бас маман"))
    akimat_id = _akimat(db, "AKT-AK-02", DISTRICT)
    foreign_id = _akimat(db, "SHT-AK-01", "Шетский район")
    users: dict[str, CurrentUser] = {}
    for name, roles in (("admin", [Role.ADMINISTRATOR]), ("head", [Role.HEAD]),
                        ("exec", [Role.EXECUTOR]), ("desk", [Role.FRONT_DESK])):
        users[name] = create_account(db, users.get("admin"), username=name,
                                     full_name=f"{name.title()} Тест", password=PASSWORD,
                                     roles=roles)
    users["akimat"] = create_account(db, users["admin"], username="akimat",
                                     full_name="Әкімдік Маманы", password=PASSWORD,
                                     roles=[Role.AKIMAT_SPECIALIST], office_id=akimat_id)
    return Office(db, users, akimat_id, foreign_id)


def _audit(db: Database, action: str) -> list[AuditRecord]:
    with db.session() as s:
        rows = list(s.scalars(select(AuditRecord).where(AuditRecord.action == action)
                              .order_by(AuditRecord.seq)))
        s.expunge_all()
        return rows


def _no_secret_anywhere(db: Database, *secrets: str) -> None:
    """No password, and no stored hash (or any part of it), in the audit log."""
    with db.session() as s:
        hashes = list(s.scalars(select(AccountRecord.password_hash)))
        rows = list(s.scalars(select(AuditRecord)))
        assert verify_audit_chain(s).ok
    parts = {part for h in hashes for part in h.split("$")[-2:]}
    for row in rows:
        text = row.fields + row.changes
        assert "password_hash" not in text
        for secret in (*secrets, *parts):
            assert secret not in text


Administration = Callable[[Database, CurrentUser | None, str], None]
ADMINISTRATION: dict[str, Administration] = {
    "reset": lambda db, by, target: reset_password(db, by, target, TEMPORARY),
    "roles": lambda db, by, target: set_roles(db, by, target, [Role.HEAD, Role.EXECUTOR]),
    "unlock": lambda db, by, target: unlock(db, by, target),
    "deactivate": lambda db, by, target: set_active(db, by, target, False),
}


@pytest.mark.parametrize("what", sorted(ADMINISTRATION))
@pytest.mark.parametrize("who", ["head", "exec", "desk", "akimat", None])
def test_only_an_administrator_administers_accounts(office: Office, what: str,
                                                    who: str | None) -> None:
    by = office.users[who] if who else None
    with office.db.session() as s:
        before = s.get(AccountRecord, office.id("exec"))
        assert before is not None
        snapshot = (before.password_hash, before.roles, before.active)
    with pytest.raises(AccountError) as refused:
        ADMINISTRATION[what](office.db, by, office.id("exec"))
    assert refused.value.message.msgid == "Only an administrator may manage accounts."
    with office.db.session() as s:
        after = s.get(AccountRecord, office.id("exec"))
        assert after is not None and (after.password_hash, after.roles, after.active) == snapshot
    with pytest.raises(AccountError):
        create_account(office.db, by, username="newcomer", full_name="Жаңа Адам",
                       password=PASSWORD, roles=[Role.EXECUTOR])


def test_an_administrator_who_lost_the_role_is_refused_at_once(office: Office) -> None:
    second = create_account(office.db, office.users["admin"], username="admin2",
                            full_name="Екінші Әкімші", password=PASSWORD,
                            roles=[Role.ADMINISTRATOR])
    set_roles(office.db, second, office.id("admin"), [Role.HEAD])
    # The first administrator's session still says "administrator"; the service asks the table.
    assert Role.ADMINISTRATOR in office.users["admin"].roles
    with pytest.raises(AccountError):
        unlock(office.db, office.users["admin"], office.id("exec"))
    refreshed = current_user(office.db, office.id("admin"))
    assert refreshed is not None and refreshed.roles == {Role.HEAD}


def test_office_rule_an_akimat_of_another_district_is_not_ours(office: Office) -> None:
    admin = office.users["admin"]
    reset_password(office.db, admin, office.id("akimat"), TEMPORARY)  # our district's akimat
    with pytest.raises(AccountError) as refused:
        create_account(office.db, admin, username="stranger", full_name="Бөтен Адам",
                       password=PASSWORD, roles=[Role.AKIMAT_SPECIALIST],
                       office_id=office.foreign_id)
    assert "own administrator" in refused.value.message.msgid
    akimat_admin = create_account(office.db, admin, username="akadmin", full_name="Ауыл Әкімші",
                                  password=PASSWORD, roles=[Role.ADMINISTRATOR],
                                  office_id=office.akimat_id)
    with pytest.raises(AccountError):  # an akimat's administrator: not the district's accounts
        unlock(office.db, akimat_admin, office.id("exec"))
    set_roles(office.db, akimat_admin, office.id("akimat"), [Role.AKIMAT_SPECIALIST,
                                                             Role.COMMISSION_MEMBER])


def test_reset_password_makes_the_user_change_it_at_next_login(office: Office) -> None:
    db, admin = office.db, office.users["admin"]
    reset_password(db, admin, office.id("exec"), TEMPORARY)
    with pytest.raises(AccountError):
        log_in(db, "exec", PASSWORD)
    user = log_in(db, "exec", TEMPORARY)
    assert user.must_change_password
    assert next(a for a in list_accounts(db) if a.username == "exec").must_change_password
    change_password(db, user, TEMPORARY, NEW, NEW)
    again = log_in(db, "exec", NEW)
    assert not again.must_change_password
    with pytest.raises(AccountError):
        log_in(db, "exec", TEMPORARY)
    [reset] = _audit(db, "account.password_reset")
    assert reset.actor_id == admin.account_id and reset.record_id == office.id("exec")
    assert json.loads(reset.changes) == {"must_change_password": [False, True]}
    assert "password" in json.loads(reset.fields)
    [changed] = _audit(db, "account.password_change")
    assert changed.actor_id == office.id("exec")
    assert json.loads(changed.changes) == {"must_change_password": [True, False]}
    _no_secret_anywhere(db, PASSWORD, TEMPORARY, NEW)


def test_the_temporary_password_follows_the_policy(office: Office) -> None:
    for bad in ("short", "exec", "1234567"):
        with pytest.raises(AccountError) as refused:
            reset_password(office.db, office.users["admin"], office.id("exec"), bad)
        assert "at least" in refused.value.message.msgid
    create_account(office.db, office.users["admin"], username="longname1",
                   full_name="Ұзын Есім", password=PASSWORD, roles=[Role.EXECUTOR])
    with pytest.raises(AccountError) as same:
        reset_password(office.db, office.users["admin"],
                       next(a.account_id for a in list_accounts(office.db)
                            if a.username == "longname1"), "LongName1")
    assert same.value.message.msgid == "The password must not be the same as the username."
    assert not _audit(office.db, "account.password_reset")


@pytest.mark.parametrize(("old", "new", "repeat", "field", "words"), [
    ("not-my-password", NEW, NEW, "old_password", "current password is wrong"),
    (PASSWORD, "short7", "short7", "new_password", "at least 8"),
    (PASSWORD, "exec", "exec", "new_password", "at least"),
    (PASSWORD, PASSWORD, PASSWORD, "new_password", "differ from the current"),
    (PASSWORD, NEW, NEW + "x", "repeat_password", "two new passwords differ"),
])
def test_change_own_password_says_which_field_is_wrong(office: Office, old: str, new: str,
                                                       repeat: str, field: str,
                                                       words: str) -> None:
    with pytest.raises(AccountError) as refused:
        change_password(office.db, office.users["exec"], old, new, repeat)
    assert refused.value.field == field
    assert words in refused.value.message.msgid.format(count=8)
    assert log_in(office.db, "exec", PASSWORD).username == "exec"
    assert not _audit(office.db, "account.password_change")


def test_the_password_may_not_be_the_username(office: Office) -> None:
    user = create_account(office.db, office.users["admin"], username="kasymov.a",
                          full_name="Қасымов Арман", password=PASSWORD, roles=[Role.EXECUTOR])
    with pytest.raises(AccountError) as refused:
        change_password(office.db, user, PASSWORD, "Kasymov.A", "Kasymov.A")
    assert refused.value.message.msgid == "The password must not be the same as the username."
    with pytest.raises(AccountError) as at_creation:
        create_account(office.db, office.users["admin"], username="zhanbolat",
                       full_name="Жанболат", password="zhanbolat", roles=[Role.EXECUTOR])
    assert at_creation.value.field == "password"


def test_the_operator_has_no_password_to_change(office: Office) -> None:
    from desktop.services.accounts import workstation_user

    operator = workstation_user(office.db)
    assert operator is not None
    with pytest.raises(AccountError):
        change_password(office.db, operator, PASSWORD, NEW, NEW)


def test_change_roles_audited_with_before_and_after(office: Office) -> None:
    db, admin = office.db, office.users["admin"]
    set_roles(db, admin, office.id("exec"), [Role.EXECUTOR, Role.SECTOR_HEAD])
    assert log_in(db, "exec", PASSWORD).roles == {Role.EXECUTOR, Role.SECTOR_HEAD}
    set_roles(db, admin, office.id("exec"), [Role.SECTOR_HEAD, Role.EXECUTOR])  # no change
    [row] = _audit(db, "account.roles")
    assert row.actor_id == admin.account_id
    assert json.loads(row.changes) == {"roles": ["executor", "executor,sector_head"]}
    with pytest.raises(AccountError) as none:
        set_roles(db, admin, office.id("exec"), [])
    assert none.value.field == "roles"
    _no_secret_anywhere(db, PASSWORD)


def test_the_last_active_administrator_is_kept(office: Office) -> None:
    db, admin = office.db, office.users["admin"]
    with pytest.raises(AccountError) as role:
        set_roles(db, admin, office.id("admin"), [Role.HEAD])
    assert "last active administrator" in role.value.message.msgid
    with pytest.raises(AccountError) as own:
        set_active(db, admin, office.id("admin"), False)
    assert "your own account" in own.value.message.msgid
    second = create_account(db, admin, username="admin2", full_name="Екінші Әкімші",
                            password=PASSWORD, roles=[Role.ADMINISTRATOR, Role.HEAD])
    assert second.account_id is not None
    set_active(db, second, office.id("admin"), False)  # another administrator is active
    assert current_user(db, office.id("admin")) is None
    with pytest.raises(AccountError) as last:  # a deactivated administrator does not count
        set_roles(db, second, second.account_id, [Role.HEAD])
    assert "last active administrator" in last.value.message.msgid
    with pytest.raises(AccountError):  # nor may a deactivated one act
        set_active(db, admin, office.id("admin"), True)
    set_active(db, second, office.id("admin"), True)
    set_roles(db, second, second.account_id, [Role.HEAD])  # now another administrator exists
    assert log_in(db, "admin2", PASSWORD).roles == {Role.HEAD}
    with pytest.raises(AccountError):
        set_active(db, admin, office.id("admin"), False)  # own account, still refused
    assert log_in(db, "admin", PASSWORD).roles == {Role.ADMINISTRATOR}


def test_deactivate_and_reactivate_never_delete(office: Office) -> None:
    db, admin = office.db, office.users["admin"]
    assert executors(db, office.users["exec"].office_id)
    set_active(db, admin, office.id("exec"), False)
    with pytest.raises(AccountError) as disabled:
        log_in(db, "exec", PASSWORD)
    assert "disabled" in disabled.value.message.msgid
    assert executors(db, office.users["exec"].office_id) == []
    staff_id = office.users["exec"].staff_id
    with db.session() as s:
        assert s.get(StaffRecord, staff_id).active is False  # the synced staff list too
    summary = next(a for a in list_accounts(db) if a.username == "exec")
    assert not summary.active  # still listed: the records refer to it
    set_active(db, admin, office.id("exec"), True)
    assert log_in(db, "exec", PASSWORD).username == "exec"
    with db.session() as s:
        assert s.get(StaffRecord, staff_id).active is True
    off, on = _audit(db, "account.deactivate"), _audit(db, "account.reactivate")
    assert [json.loads(r.changes) for r in off] == [{"active": [True, False]}]
    assert [json.loads(r.changes) for r in on] == [{"active": [False, True]}]
    assert {r.actor_id for r in off + on} == {admin.account_id}
    with db.session() as s:
        assert len(list(s.scalars(select(AccountRecord)))) == 5


def test_unlock_lifts_a_lock_out_before_its_time(office: Office) -> None:
    db = office.db
    now = dt.datetime.now(dt.UTC)
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            log_in(db, "desk", "not-the-password", now=now)
    with pytest.raises(AccountError) as locked:
        log_in(db, "desk", PASSWORD, now=now)
    assert "locked" in locked.value.message.msgid
    assert next(a for a in list_accounts(db) if a.username == "desk").locked
    unlock(db, office.users["admin"], office.id("desk"))
    assert log_in(db, "desk", PASSWORD).username == "desk"
    [row] = _audit(db, "account.unlock")
    before, after = json.loads(row.changes)["locked_until"]
    assert before and after is None
    unlock(db, office.users["admin"], office.id("desk"))  # nothing to unlock: no row
    assert len(_audit(db, "account.unlock")) == 1


def test_a_reset_unlocks_the_account(office: Office) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(AccountError):
            log_in(office.db, "desk", "not-the-password")
    reset_password(office.db, office.users["admin"], office.id("desk"), TEMPORARY)
    assert log_in(office.db, "desk", TEMPORARY).must_change_password
    [row] = _audit(office.db, "account.password_reset")
    assert set(json.loads(row.changes)) == {"must_change_password", "locked_until",
                                            "failed_attempts"}


def test_log_out_is_audited(office: Office) -> None:
    user = log_in(office.db, "head", PASSWORD)
    log_out(office.db, user)
    [row] = _audit(office.db, "account.logout")
    assert row.actor_id == user.account_id


def test_nothing_secret_reaches_python_logging(office: Office,
                                               caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    admin = office.users["admin"]
    reset_password(office.db, admin, office.id("exec"), TEMPORARY)
    user = log_in(office.db, "exec", TEMPORARY)
    change_password(office.db, user, TEMPORARY, NEW, NEW)
    with pytest.raises(AccountError):
        log_in(office.db, "exec", PASSWORD)
    for secret in (PASSWORD, TEMPORARY, NEW):
        assert secret not in caplog.text


def test_accounts_stay_on_the_workstation_only_the_staff_record_syncs(office: Office) -> None:
    """Accounts are not a synced table: no password hash, role or lock leaves the desk. A new
    account's staff record (the name printed on documents) is district reference data."""
    from desktop.storage.models import OutboxRecord
    from desktop.sync.scopes import SYNCED

    assert "accounts" not in SYNCED and "staff" in SYNCED
    db, admin = office.db, office.users["admin"]

    def outbox() -> list[tuple[str, str]]:
        with db.session() as s:
            return [(r.table_name, r.record_id) for r in s.scalars(select(OutboxRecord))]

    before = outbox()
    assert not [t for t, _ in before if t == "accounts"]
    user = create_account(db, admin, username="newcomer", full_name="Жаңа Адам",
                          password=PASSWORD, roles=[Role.EXECUTOR])
    added = outbox()[len(before):]
    assert added == [("staff", user.staff_id)]
    target = user.account_id or ""
    reset_password(db, admin, target, TEMPORARY)
    change_password(db, log_in(db, "newcomer", TEMPORARY), TEMPORARY, NEW, NEW)
    set_roles(db, admin, target, [Role.HEAD])
    assert outbox()[len(before) + 1:] == []  # passwords and roles stay on the desk
    set_active(db, admin, target, False)
    set_active(db, admin, target, True)
    # deactivation shows in the district's staff list: the staff record is queued, not more
    assert set(outbox()[len(before) + 1:]) == {("staff", user.staff_id)}
    assert not [t for t, _ in outbox() if t == "accounts"]
