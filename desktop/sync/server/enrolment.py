"""One-time enrolment codes, the enrolment of a desk, and revocation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from desktop.domain.text import Text
from desktop.sync.protocol import MAX_DESK_NUMBER, ErrorCode
from desktop.sync.server import auth
from desktop.sync.server.nodes import OFFICE_KINDS, RequestError
from desktop.sync.server.schema import enrolments, nodes, offices

CODE_VALID_DAYS = 7
_OFFICE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_NODE = re.compile(r"^[0-9a-f-]{36}$")


class EnrolmentInputError(ValueError):
    """An office code or kind the administrator typed that cannot be used."""

    def __init__(self, detail: str, message: Text) -> None:
        super().__init__(detail)
        self.message = message


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_enrolment(connection: Connection, office_code: str, kind: str, *,
                     days: int = CODE_VALID_DAYS, cert_sha256: str | None = None) -> str:
    """A new one-time code for a desk of ``office_code`` (created with ``kind`` if new)."""
    office_code = office_code.strip().upper()
    if not _OFFICE.match(office_code) or not 2 <= len(office_code) <= 12:
        raise EnrolmentInputError(
            f"not an office code: {office_code!r}",
            Text("{code} is not an office code: 2 to 12 Latin capitals and digits, groups "
                 "joined by hyphens (AKT-05).", code=office_code))
    if kind not in OFFICE_KINDS:
        raise EnrolmentInputError(
            f"office kind must be one of {OFFICE_KINDS}",
            Text("The office kind must be akimat or district."))
    existing = connection.execute(
        select(offices.c.kind).where(offices.c.code == office_code)).scalar()
    if existing is None:
        connection.execute(pg_insert(offices).values(code=office_code, kind=kind,
                                                     created_at=_now()))
    elif existing != kind:
        raise EnrolmentInputError(
            f"office {office_code} is registered as {existing}, not {kind}",
            Text("Office {code} is registered as {existing}, not as {kind}.",
                 code=office_code, existing=existing, kind=kind))
    code = auth.new_enrolment_code(cert_sha256)
    connection.execute(enrolments.insert().values(
        code_hash=auth.code_hash(code), office_code=office_code, created_at=_now(),
        expires_at=_now() + dt.timedelta(days=days)))
    return code


def enrol(connection: Connection, payload: dict[str, Any]) -> dict[str, Any]:
    """Use an enrolment code: the node's identity, office and secret (sent this once)."""
    code = str(payload.get("code") or "")
    node_id = str(payload.get("node_id") or "")
    name = str(payload.get("name") or "")[:200]
    if not _NODE.match(node_id):
        raise RequestError(400, ErrorCode.BAD_REQUEST, "node_id must be the desk's UUID")
    row = connection.execute(
        select(enrolments.c.office_code, enrolments.c.expires_at, enrolments.c.used_at,
               offices.c.kind)
        .join(offices, offices.c.code == enrolments.c.office_code)
        .where(enrolments.c.code_hash == auth.code_hash(code)).with_for_update()).first()
    if row is None or row.used_at is not None or row.expires_at < _now():
        raise RequestError(403, ErrorCode.ENROLMENT_INVALID,
                           "the enrolment code is unknown, used or expired")
    taken = connection.execute(select(nodes.c.id).where(nodes.c.id == node_id)).scalar()
    if taken is not None:
        raise RequestError(409, ErrorCode.ENROLMENT_INVALID,
                           "this workstation is enrolled already")
    desk = next_desk_number(connection, row.office_code)
    secret = auth.new_secret()
    connection.execute(nodes.insert().values(
        id=node_id, office_code=row.office_code, name=name, auth_hash=auth.auth_hash(secret),
        bundle_key=auth.node_bundle_key(secret), enrolled_at=_now(), desk_number=desk))
    connection.execute(update(enrolments).where(enrolments.c.code_hash == auth.code_hash(code))
                       .values(used_at=_now(), node_id=node_id))
    return {"node_id": node_id, "office_code": row.office_code, "office_kind": row.kind,
            "desk_number": desk, "secret": auth.encode_secret(secret)}


def next_desk_number(connection: Connection, office_code: str) -> int:
    """The desk number of a new desk of ``office_code``: one more than any desk of the office
    ever had (revoked desks keep theirs, their registration numbers stay in the journal).
    The office's row is locked, so two desks enrolling at once get different numbers."""
    connection.execute(select(offices.c.code).where(offices.c.code == office_code)
                       .with_for_update())
    highest = connection.execute(select(func.max(nodes.c.desk_number))
                                 .where(nodes.c.office_code == office_code)).scalar()
    desk = (highest or 0) + 1
    if desk > MAX_DESK_NUMBER:
        raise RequestError(409, ErrorCode.ENROLMENT_INVALID,
                           f"office {office_code} has used all {MAX_DESK_NUMBER} desk numbers")
    return desk


def revoke(connection: Connection, node_id: str) -> bool:
    result = connection.execute(update(nodes).where(nodes.c.id == node_id,
                                                    nodes.c.revoked_at.is_(None))
                                .values(revoked_at=_now()))
    return bool(result.rowcount)
