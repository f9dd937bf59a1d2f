"""Who may do what: the roles of the regulations (glossary A.1, B.5) and the permissions of each.

An account holds one or more roles at one office (a district department or an akimat). What a
role may do to a case is decided in ``desktop.domain.case_path``; the permissions here are the
actions outside a case (accounts, certificates, reports, intake).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.text import Text

__all__ = [
    "ROLE_LABELS",
    "Actor",
    "OfficeKind",
    "Permission",
    "Role",
    "has_permission",
    "may_administer",
    "parse_roles",
    "role_label",
]


class Role(StrEnum):
    """Stable codes, stored in the accounts table: add, never rename."""

    FRONT_DESK = "front_desk"  # сотрудник услугодателя / көрсетілетін қызметті берушінің қызметкері
    AKIMAT_SPECIALIST = "akimat_specialist"  # at the akim of the village or rural district
    COMMISSION_MEMBER = "commission_member"  # член участковой комиссии
    EXECUTOR = "executor"  # ответственный исполнитель / жауапты орындаушы
    SECTOR_HEAD = "sector_head"  # заведующий сектором (2013): visas the draft decision
    HEAD = "head"  # руководитель услугодателя / басшы
    ADMINISTRATOR = "administrator"  # әкімші (never әкім)


class OfficeKind(StrEnum):
    DISTRICT_OFFICE = "district_office"
    AKIMAT = "akimat"


class Permission(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    REGISTER_APPLICATIONS = "register_applications"
    ISSUE_CERTIFICATES = "issue_certificates"
    VIEW_REPORTS = "view_reports"
    VIEW_CASES = "view_cases"
    VIEW_ACCESS_JOURNAL = "view_access_journal"  # who opened, printed, exported what


_R = Role
_P = Permission
_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    _R.FRONT_DESK: frozenset({_P.REGISTER_APPLICATIONS, _P.ISSUE_CERTIFICATES, _P.VIEW_CASES}),
    _R.AKIMAT_SPECIALIST: frozenset({_P.REGISTER_APPLICATIONS, _P.ISSUE_CERTIFICATES,
                                     _P.VIEW_CASES, _P.VIEW_REPORTS}),
    _R.COMMISSION_MEMBER: frozenset({_P.VIEW_CASES}),
    _R.EXECUTOR: frozenset({_P.ISSUE_CERTIFICATES, _P.VIEW_CASES, _P.VIEW_REPORTS}),
    _R.SECTOR_HEAD: frozenset({_P.VIEW_CASES, _P.VIEW_REPORTS, _P.ISSUE_CERTIFICATES}),
    _R.HEAD: frozenset({_P.VIEW_CASES, _P.VIEW_REPORTS, _P.ISSUE_CERTIFICATES,
                        _P.VIEW_ACCESS_JOURNAL}),
    _R.ADMINISTRATOR: frozenset({_P.MANAGE_ACCOUNTS, _P.VIEW_REPORTS, _P.VIEW_ACCESS_JOURNAL}),
}

ROLE_LABELS: Mapping[Role, Text] = {
    _R.FRONT_DESK: Text("Front-desk specialist"),
    _R.AKIMAT_SPECIALIST: Text("Akimat specialist"),
    _R.COMMISSION_MEMBER: Text("Member of the district commission"),
    _R.EXECUTOR: Text("Responsible executor"),
    _R.SECTOR_HEAD: Text("Sector head"),
    _R.HEAD: Text("Head of the department"),
    _R.ADMINISTRATOR: Text("Administrator"),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting: an account's id, roles and office (``office_code`` of the office)."""

    account_id: str
    roles: frozenset[Role]
    office_code: str
    office_kind: OfficeKind
    district: str = ""  # the district of the office, to match a district office to its akimats

    def has(self, role: Role) -> bool:
        return role in self.roles


def has_permission(actor: Actor, permission: Permission) -> bool:
    return any(permission in _PERMISSIONS[role] for role in actor.roles)


def parse_roles(codes: str | Iterable[str]) -> frozenset[Role]:
    """Roles from their stored form ("head,executor"); unknown codes are ignored."""
    items = codes.split(",") if isinstance(codes, str) else codes
    known = {role.value for role in Role}
    return frozenset(Role(code.strip()) for code in items if code.strip() in known)


def role_label(role: Role | str) -> Text:
    return ROLE_LABELS[Role(role)]


def may_administer(actor: Actor, office_code: str, office_kind: OfficeKind | str,
                   district: str) -> bool:
    """Whether ``actor`` may manage an account of the office ``office_code``: an administrator
    of that office, or of the district office of the akimat's district."""
    if not has_permission(actor, Permission.MANAGE_ACCOUNTS):
        return False
    if office_code == actor.office_code:
        return True
    return (actor.office_kind is OfficeKind.DISTRICT_OFFICE
            and OfficeKind(office_kind) is OfficeKind.AKIMAT
            and bool(district) and district == actor.district)
