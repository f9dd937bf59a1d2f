"""Local accounts: create, log in (scrypt hashes, lock after repeated failures), roles, audit.

The first account of a workstation is its administrator. While a workstation has no account
the workstation's operator (set up at first start) acts with every role but administration,
as before accounts existed. Passwords and hashes never reach the audit log or Python logging.

Administration (a password reset, roles, unlocking, deactivation) is the administrator's, as
the account is stored at the moment of the change (not as it was at log-in), and of the office
the account belongs to (``desktop.domain.roles.may_administer``). Accounts are never deleted:
the audit log and the case events refer to them. The last active administrator can neither be
deactivated nor lose the role.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.passwords import MIN_LENGTH, password_problem
from desktop.domain.roles import (
    Actor,
    OfficeKind,
    Permission,
    Role,
    has_permission,
    may_administer,
    parse_roles,
)
from desktop.domain.text import Text
from desktop.services.workstation import OFFICE_KEY, current_office_and_staff, load_setup
from desktop.services.workstation_state import has_accounts
from desktop.storage.audit import append_audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import AccountRecord, OfficeRecord, StaffRecord
from desktop.storage.settings import read_setting, write_setting

__all__ = [
    "DEFAULT_IDLE_LOCK_MINUTES",
    "MAX_FAILURES",
    "AccountError",
    "AccountSummary",
    "CurrentUser",
    "acting_user",
    "change_password",
    "create_account",
    "current_user",
    "executors",
    "has_accounts",
    "idle_lock_minutes",
    "list_accounts",
    "log_in",
    "log_out",
    "recover_administrator",
    "reset_password",
    "set_active",
    "set_idle_lock_minutes",
    "set_roles",
    "unlock",
    "workstation_user",
]

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = MIN_LENGTH
IDLE_LOCK_KEY = "session.idle_lock_minutes"
MAX_IDLE_LOCK_MINUTES = 240
# A desk of personal data left open is the commonest leak: once accounts exist, the session
# locks after this many idle minutes unless the administrator chose otherwise (0: never).
DEFAULT_IDLE_LOCK_MINUTES = 10
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    """An account cannot be created, changed or used; ``message`` says why, for the user, and
    ``field`` names the input it is about when there is one ("username", "full_name",
    "password", "old_password", "new_password", "repeat_password", "roles")."""

    def __init__(self, message: Text, field: str | None = None) -> None:
        super().__init__(message.msgid)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class CurrentUser:
    """The person at the keyboard; ``account_id`` is None for the workstation's operator."""

    account_id: str | None
    username: str
    full_name: str
    roles: frozenset[Role]
    office_id: str
    office_code: str
    office_kind: OfficeKind
    district: str
    staff_id: str | None
    position: str = ""
    must_change_password: bool = False  # logged in with a temporary password

    @property
    def actor(self) -> Actor:
        return Actor(self.account_id or self.staff_id or "", self.roles, self.office_code,
                     self.office_kind, self.district)

    @property
    def actor_id(self) -> str | None:
        """What the audit log and events record as the actor."""
        return self.account_id or self.staff_id

    def can(self, permission: Permission) -> bool:
        return has_permission(self.actor, permission)


@dataclass(frozen=True)
class AccountSummary:
    account_id: str
    username: str
    full_name: str
    roles: frozenset[Role]
    office_code: str
    active: bool
    locked: bool
    must_change_password: bool = False
    office_id: str = ""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    computed = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n),
                              r=int(r), p=int(p))
    return hmac.compare_digest(computed.hex(), digest)


def _user(session: Session, account: AccountRecord) -> CurrentUser:
    office = session.get(OfficeRecord, account.office_id)
    assert office is not None
    return CurrentUser(account.id, account.username, account.full_name,
                       parse_roles(account.roles), office.id, office.code,
                       OfficeKind(office.kind), office.district, account.staff_id,
                       account.position, account.must_change_password)


def workstation_user(db: Database) -> CurrentUser | None:
    """The operator set up at first start, with every role but administration (no accounts)."""
    setup = load_setup(db)
    office_id, staff_id = current_office_and_staff(db)
    if setup is None or office_id is None:
        return None
    roles = frozenset(Role) - {Role.ADMINISTRATOR}
    return CurrentUser(None, "", setup.operator_full_name, roles, office_id, setup.office_code,
                       OfficeKind(setup.office_kind), setup.district, staff_id,
                       setup.operator_position)


def acting_user(db: Database) -> CurrentUser | None:
    """The person at the keyboard: the account logged in (its staff record is the one bound
    as ``db.acting_staff_id`` at log-in), else the workstation's operator."""
    if db.acting_staff_id:
        with db.session() as session:
            account = session.scalars(select(AccountRecord).where(
                AccountRecord.staff_id == db.acting_staff_id,
                AccountRecord.active.is_(True)).limit(1)).first()
            if account is not None:
                return _user(session, account)
    return workstation_user(db)


def _check_password(password: str, username: str, field: str = "password") -> None:
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountError(problem, field)


def _check_new(session: Session, username: str, full_name: str, password: str) -> None:
    if not _USERNAME.match(username):
        raise AccountError(Text("The username may contain only small Latin letters, digits, "
                                "dots, hyphens and underscores, 2 to 64 characters."), "username")
    if session.execute(select(AccountRecord.id).where(AccountRecord.username == username)
                       ).first():
        raise AccountError(Text("This username is taken."), "username")
    if not full_name.strip():
        raise AccountError(Text("Enter the person's full name."), "full_name")
    _check_password(password, username)


def _administrator(session: Session, by: CurrentUser | None) -> AccountRecord:
    """The acting administrator's account as stored now; AccountError when it is none."""
    account = session.get(AccountRecord, by.account_id) if by and by.account_id else None
    if account is None or not account.active or \
            Role.ADMINISTRATOR not in parse_roles(account.roles):
        raise AccountError(Text("Only an administrator may manage accounts."))
    return account


def _check_office(session: Session, admin: AccountRecord, office_id: str) -> None:
    office = session.get(OfficeRecord, office_id)
    if office is None:
        raise AccountError(Text("Set up the workstation's office and operator first."))
    if not may_administer(_user(session, admin).actor, office.code, office.kind,
                          office.district):
        raise AccountError(Text("Accounts of this office are managed by its own administrator."))


def _managed(session: Session, by: CurrentUser | None, account_id: str
             ) -> tuple[AccountRecord, AccountRecord]:
    """(the administrator, the account to change), both checked."""
    admin = _administrator(session, by)
    account = session.get(AccountRecord, account_id)
    if account is None:
        raise AccountError(Text("This account does not exist."))
    _check_office(session, admin, account.office_id)
    return admin, account


def _other_active_administrators(session: Session, account_id: str) -> int:
    rows = session.execute(select(AccountRecord.roles).where(
        AccountRecord.active.is_(True), AccountRecord.id != account_id)).scalars()
    return sum(Role.ADMINISTRATOR in parse_roles(roles) for roles in rows)


def _audit(session: Session, db: Database, action: str, account: AccountRecord,
           actor_id: str | None, *, fields: Iterable[str] = (),
           changes: dict[str, tuple[object, object]] | None = None) -> None:
    append_audit(session, action=action, table_name="accounts", record_id=account.id,
                 actor_id=actor_id, node=db.node_id, fields=fields, changes=changes)


def create_account(db: Database, by: CurrentUser | None, *, username: str, full_name: str,
                   password: str, roles: Iterable[Role], position: str = "",
                   office_id: str | None = None) -> CurrentUser:
    """A new account at this workstation's office (or ``office_id``); audited.

    The first account is made an administrator whatever roles are asked; later accounts
    need an administrator (``by``)."""
    username = username.strip().lower()
    wanted = frozenset(roles)
    with db.session() as session:
        first = not session.execute(select(func.count()).select_from(AccountRecord)).scalar()
        admin = None
        if first:
            wanted |= {Role.ADMINISTRATOR}
        else:
            admin = _administrator(session, by)
        if not wanted:
            raise AccountError(Text("Choose at least one role."), "roles")
        _check_new(session, username, full_name, password)
        office_id = office_id or read_setting(session, OFFICE_KEY)
        if office_id is None or session.get(OfficeRecord, office_id) is None:
            raise AccountError(Text("Set up the workstation's office and operator first."))
        if admin is not None:
            _check_office(session, admin, office_id)
        staff = StaffRecord(office_id=office_id, full_name=full_name.strip(), position=position,
                            origin_node=db.node_id or None)
        session.add(staff)
        session.flush()
        account = AccountRecord(username=username, full_name=full_name.strip(),
                                position=position, office_id=office_id, staff_id=staff.id,
                                roles=",".join(sorted(wanted)),
                                password_hash=hash_password(password), failed_attempts=0,
                                active=True, created_at=utcnow())
        session.add(account)
        session.flush()
        append_audit(session, action="account.create", table_name="accounts",
                     record_id=account.id, actor_id=by.actor_id if by else account.id,
                     node=db.node_id, changes={"username": (None, username),
                                               "roles": (None, account.roles)})
        return _user(session, account)


def _fail(session: Session, db: Database, account: AccountRecord, now: dt.datetime) -> None:
    account.failed_attempts += 1
    action = "account.login_failed"
    if account.failed_attempts >= MAX_FAILURES:
        account.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
        account.failed_attempts = 0
        action = "account.locked"
    append_audit(session, action=action, table_name="accounts", record_id=account.id,
                 actor_id=account.id, node=db.node_id, fields=["failed_attempts"])


def log_in(db: Database, username: str, password: str,
           now: dt.datetime | None = None) -> CurrentUser:
    """The user, or ``AccountError``: unknown name or wrong password (one message for both),
    a locked or disabled account. Five failures in a row lock the account for 15 minutes."""
    now = now or utcnow()
    wrong = Text("The username or password is wrong.")
    with db.session() as session:
        account = session.execute(select(AccountRecord).where(
            AccountRecord.username == username.strip().lower())).scalar_one_or_none()
        if account is None:
            raise AccountError(wrong)
        if not account.active:
            raise AccountError(Text("This account is disabled. Ask the administrator."))
        if account.locked_until is not None and account.locked_until > now:
            raise AccountError(Text(
                "The account is locked after repeated wrong passwords. Try again after {time}.",
                time=account.locked_until.astimezone().strftime("%H:%M")))
        ok = verify_password(password, account.password_hash)
        if not ok:
            _fail(session, db, account, now)
        else:
            account.failed_attempts, account.locked_until = 0, None
            account.last_login_at = now
            append_audit(session, action="account.login", table_name="accounts",
                         record_id=account.id, actor_id=account.id, node=db.node_id)
            user = _user(session, account)
    if not ok:
        raise AccountError(wrong)
    return user


def list_accounts(db: Database, now: dt.datetime | None = None) -> list[AccountSummary]:
    now = now or utcnow()
    with db.session() as session:
        rows = session.execute(select(AccountRecord, OfficeRecord.code).join(
            OfficeRecord, OfficeRecord.id == AccountRecord.office_id).order_by(
            AccountRecord.username)).all()
        return [AccountSummary(a.id, a.username, a.full_name, parse_roles(a.roles), code,
                               a.active, a.locked_until is not None and a.locked_until > now,
                               a.must_change_password, a.office_id)
                for a, code in rows]


def current_user(db: Database, account_id: str) -> CurrentUser | None:
    """The account as stored now (after an administrator changed it), None when disabled."""
    with db.session() as session:
        account = session.get(AccountRecord, account_id)
        if account is None or not account.active:
            return None
        return _user(session, account)


def log_out(db: Database, user: CurrentUser) -> None:
    """Record that ``user`` left the workstation (switch of user, idle lock)."""
    if user.account_id is None:
        return
    with db.session() as session:
        account = session.get(AccountRecord, user.account_id)
        if account is not None:
            _audit(session, db, "account.logout", account, account.id)


def change_password(db: Database, user: CurrentUser, old: str, new: str, repeat: str) -> None:
    """The user's own new password, after the old one (or the temporary one) is given again.

    ``AccountError.field`` says which input is wrong; audited without either password."""
    if user.account_id is None:
        raise AccountError(Text("The workstation's operator has no password to change."))
    with db.session() as session:
        account = session.get(AccountRecord, user.account_id)
        if account is None or not account.active:
            raise AccountError(Text("This account is disabled. Ask the administrator."))
        if not verify_password(old, account.password_hash):
            raise AccountError(Text("The current password is wrong."), "old_password")
        _check_password(new, account.username, "new_password")
        if new == old:
            raise AccountError(Text("The new password must differ from the current one."),
                               "new_password")
        if repeat != new:
            raise AccountError(Text("The two new passwords differ."), "repeat_password")
        before = account.must_change_password
        account.password_hash = hash_password(new)
        account.must_change_password = False
        _audit(session, db, "account.password_change", account, account.id,
               fields=["password"], changes={"must_change_password": (before, False)})


def reset_password(db: Database, by: CurrentUser | None, account_id: str,
                   temporary: str) -> None:
    """The administrator sets a temporary password; its owner must change it at the next
    log-in. The account is unlocked too (a forgotten password is why it locked)."""
    with db.session() as session:
        admin, account = _managed(session, by, account_id)
        _check_password(temporary, account.username)
        changes: dict[str, tuple[object, object]] = {
            "must_change_password": (account.must_change_password, True)}
        if account.locked_until is not None or account.failed_attempts:
            changes["locked_until"] = (account.locked_until, None)
            changes["failed_attempts"] = (account.failed_attempts, 0)
        account.password_hash = hash_password(temporary)
        account.must_change_password = True
        account.locked_until, account.failed_attempts = None, 0
        _audit(session, db, "account.password_reset", account, admin.id, fields=["password"],
               changes=changes)


def recover_administrator(db: Database, username: str, temporary: str) -> None:
    """A temporary password for an administrator who forgot theirs, from the command line.

    Whoever can open the database file can read or replace it anyway, so holding the file is
    the authority here (``komek accounts recover``), as with a server's root password reset.
    Only an administrator's account is recovered; it is unlocked and made active again, and
    its owner must change the password at the next log-in. Audited with no actor (the
    command line), never with the password.
    """
    with db.session() as session:
        account = session.execute(select(AccountRecord).where(
            AccountRecord.username == username.strip().lower())).scalar_one_or_none()
        if account is None:
            raise AccountError(Text("No account has this user name."), "username")
        if Role.ADMINISTRATOR not in parse_roles(account.roles):
            raise AccountError(Text("Only an administrator's account is recovered this way; "
                                    "the administrator resets the others' passwords."),
                               "username")
        _check_password(temporary, account.username)
        changes: dict[str, tuple[object, object]] = {
            "must_change_password": (account.must_change_password, True)}
        if account.locked_until is not None or account.failed_attempts:
            changes["locked_until"] = (account.locked_until, None)
            changes["failed_attempts"] = (account.failed_attempts, 0)
        if not account.active:
            changes["active"] = (False, True)
        account.password_hash = hash_password(temporary)
        account.must_change_password = True
        account.locked_until, account.failed_attempts, account.active = None, 0, True
        _audit(session, db, "account.password_recovery", account, None, fields=["password"],
               changes=changes)


def set_roles(db: Database, by: CurrentUser | None, account_id: str,
              roles: Iterable[Role]) -> None:
    """Replace the account's roles; the last active administrator keeps that role."""
    wanted = ",".join(sorted(frozenset(roles)))
    with db.session() as session:
        admin, account = _managed(session, by, account_id)
        if not wanted:
            raise AccountError(Text("Choose at least one role."), "roles")
        if wanted == account.roles:
            return
        if account.active and Role.ADMINISTRATOR in parse_roles(account.roles) and \
                Role.ADMINISTRATOR not in parse_roles(wanted) and \
                not _other_active_administrators(session, account.id):
            raise AccountError(Text("This is the last active administrator: give another "
                                    "account the administrator's role first."), "roles")
        before, account.roles = account.roles, wanted
        _audit(session, db, "account.roles", account, admin.id,
               changes={"roles": (before, wanted)})


def unlock(db: Database, by: CurrentUser | None, account_id: str) -> None:
    """Lift a lock-out after repeated wrong passwords before its time runs out."""
    with db.session() as session:
        admin, account = _managed(session, by, account_id)
        if account.locked_until is None and not account.failed_attempts:
            return
        changes: dict[str, tuple[object, object]] = {
            "locked_until": (account.locked_until, None),
            "failed_attempts": (account.failed_attempts, 0)}
        account.locked_until, account.failed_attempts = None, 0
        _audit(session, db, "account.unlock", account, admin.id, changes=changes)


def set_active(db: Database, by: CurrentUser | None, account_id: str, active: bool) -> None:
    """Deactivate (the account can no longer log in; it stays for the records) or reactivate.

    Nobody deactivates their own account, and the last active administrator stays active."""
    with db.session() as session:
        admin, account = _managed(session, by, account_id)
        if account.active == active:
            return
        if not active:
            if account.id == admin.id:
                raise AccountError(Text("You cannot deactivate your own account."))
            if Role.ADMINISTRATOR in parse_roles(account.roles) and \
                    not _other_active_administrators(session, account.id):
                raise AccountError(Text("This is the last active administrator: give another "
                                        "account the administrator's role first."))
        account.active = active
        staff = session.get(StaffRecord, account.staff_id) if account.staff_id else None
        if staff is not None:  # the district's staff list (synced) shows who still works here
            staff.active = active
        _audit(session, db, "account.reactivate" if active else "account.deactivate", account,
               admin.id, changes={"active": (not active, active)})


def executors(db: Database, office_id: str) -> list[tuple[str, str]]:
    """(account id, full name) of the responsible executors of an office, for the head's visa."""
    with db.session() as session:
        rows = session.execute(select(AccountRecord).where(
            AccountRecord.office_id == office_id, AccountRecord.active.is_(True)).order_by(
            AccountRecord.full_name)).scalars()
        return [(a.id, a.full_name) for a in rows if Role.EXECUTOR in parse_roles(a.roles)]


def idle_lock_minutes(db: Database) -> int:
    """After how many idle minutes the session locks (it locks only a person logged in with
    an account); :data:`DEFAULT_IDLE_LOCK_MINUTES` until the administrator sets it, 0: never."""
    with db.session() as session:
        return _idle_minutes(read_setting(session, IDLE_LOCK_KEY))


def _idle_minutes(value: str | None) -> int:
    if value is None or not value.isdigit():
        return DEFAULT_IDLE_LOCK_MINUTES
    return min(int(value), MAX_IDLE_LOCK_MINUTES)


def set_idle_lock_minutes(db: Database, by: CurrentUser | None, minutes: int) -> None:
    """The administrator's setting for this workstation; audited."""
    if not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise AccountError(Text("Enter a number of minutes from 0 to {count}.",
                                count=MAX_IDLE_LOCK_MINUTES), "idle_lock")
    with db.session() as session:
        admin = _administrator(session, by)
        stored = read_setting(session, IDLE_LOCK_KEY)
        before = _idle_minutes(stored)
        if before == minutes and stored is not None:
            return
        write_setting(session, IDLE_LOCK_KEY, str(minutes))
        append_audit(session, action="settings.idle_lock", table_name="settings",
                     record_id=IDLE_LOCK_KEY, actor_id=admin.id, node=db.node_id,
                     changes={"minutes": (before, minutes)})
