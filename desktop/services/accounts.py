"""Local accounts: create, log in (scrypt hashes, lock after repeated failures), roles, audit.

The first account of a workstation is its administrator. While a workstation has no account
the workstation's operator (set up at first start) acts with every role but administration,
as before accounts existed. Passwords and hashes never reach the audit log or Python logging.
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

from desktop.domain.roles import Actor, OfficeKind, Permission, Role, has_permission, parse_roles
from desktop.domain.text import Text
from desktop.services.workstation import OFFICE_KEY, current_office_and_staff, load_setup
from desktop.storage.audit import append_audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import AccountRecord, OfficeRecord, StaffRecord
from desktop.storage.settings import read_setting

__all__ = [
    "MAX_FAILURES",
    "AccountError",
    "AccountSummary",
    "CurrentUser",
    "create_account",
    "executors",
    "has_accounts",
    "list_accounts",
    "log_in",
    "workstation_user",
]

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


class AccountError(ValueError):
    """An account cannot be created or used; ``message`` says why, for the user."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


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


def has_accounts(db: Database) -> bool:
    with db.session() as session:
        return bool(session.execute(select(func.count()).select_from(AccountRecord)).scalar())


def _user(session: Session, account: AccountRecord) -> CurrentUser:
    office = session.get(OfficeRecord, account.office_id)
    assert office is not None
    return CurrentUser(account.id, account.username, account.full_name,
                       parse_roles(account.roles), office.id, office.code,
                       OfficeKind(office.kind), office.district, account.staff_id,
                       account.position)


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


def _check_new(session: Session, username: str, full_name: str, password: str) -> None:
    if not _USERNAME.match(username):
        raise AccountError(Text("The username may contain only small Latin letters, digits, "
                                "dots, hyphens and underscores, 2 to 64 characters."))
    if session.execute(select(AccountRecord.id).where(AccountRecord.username == username)
                       ).first():
        raise AccountError(Text("This username is taken."))
    if not full_name.strip():
        raise AccountError(Text("Enter the person's full name."))
    if len(password) < MIN_PASSWORD:
        raise AccountError(Text("The password must be at least {count} characters long.",
                                count=MIN_PASSWORD))


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
        if first:
            wanted |= {Role.ADMINISTRATOR}
        elif by is None or not by.can(Permission.MANAGE_ACCOUNTS):
            raise AccountError(Text("Only an administrator may create accounts."))
        if not wanted:
            raise AccountError(Text("Choose at least one role."))
        _check_new(session, username, full_name, password)
        office_id = office_id or read_setting(session, OFFICE_KEY)
        if office_id is None or session.get(OfficeRecord, office_id) is None:
            raise AccountError(Text("Set up the workstation's office and operator first."))
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
                               a.active, a.locked_until is not None and a.locked_until > now)
                for a, code in rows]


def executors(db: Database, office_id: str) -> list[tuple[str, str]]:
    """(account id, full name) of the responsible executors of an office, for the head's visa."""
    with db.session() as session:
        rows = session.execute(select(AccountRecord).where(
            AccountRecord.office_id == office_id, AccountRecord.active.is_(True)).order_by(
            AccountRecord.full_name)).scalars()
        return [(a.id, a.full_name) for a in rows if Role.EXECUTOR in parse_roles(a.roles)]
