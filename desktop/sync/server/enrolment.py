"""One-time enrolment codes, the enrolment of a desk (again, too), and revocation.

The code never crosses the network: the desk proves it knows a code by an HMAC under the
code's key over the certificate it was presented, and this server answers with its own proof
over its certificate (``desktop.sync.codes``). A refused enrolment is counted against its
source address (``attempts``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from desktop.domain.text import Text
from desktop.sync import codes
from desktop.sync.protocol import MAX_DESK_NUMBER, ErrorCode
from desktop.sync.server import attempts, auth
from desktop.sync.server.nodes import OFFICE_KINDS, RequestError
from desktop.sync.server.schema import enrolments, nodes, offices

CODE_VALID_DAYS = 7
# used and expired codes are still recognised this long, to tell the desk which it was
_REMEMBERED = dt.timedelta(days=90)
_OFFICE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
_NODE = re.compile(r"^[0-9a-f-]{36}$")
_NONCE = re.compile(r"^[0-9a-f]{32}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_SHA256_OR_NONE = re.compile(r"^(?:[0-9a-f]{64})?$")
log = logging.getLogger("komek.server")


class EnrolmentInputError(ValueError):
    """An office code or kind the administrator typed that cannot be used."""

    def __init__(self, detail: str, message: Text) -> None:
        super().__init__(detail)
        self.message = message


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_enrolment(connection: Connection, office_code: str, kind: str, *,
                     days: int = CODE_VALID_DAYS) -> str:
    """A new one-time code for a desk of ``office_code`` (created with ``kind`` if new): a
    new desk, or one enrolled before (revoked, or after the certificate was renewed)."""
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
    code = codes.new_enrolment_code()
    key = codes.code_key(code)
    connection.execute(enrolments.insert().values(
        code_hash=codes.key_id(key), verifier=key, office_code=office_code,
        created_at=_now(), expires_at=_now() + dt.timedelta(days=days)))
    return code


class _CertificateMismatch(RequestError):
    """The desk's proof is right, but over a certificate this server does not present."""

    def __init__(self, code_hash: str) -> None:
        super().__init__(403, ErrorCode.ENROLMENT_CERTIFICATE,
                         "the desk was presented another certificate than this server's")
        self.code_hash = code_hash


def attempt(connection: Connection, payload: object, *, certificate_sha256: str,
            address: str) -> dict[str, Any] | RequestError:
    """One enrolment from ``address``: the answer for the desk, or the refusal to send it
    (returned, not raised, so that the refusal is counted and a code presented through
    another certificate is cancelled in the same transaction). Raises TooManyAttempts."""
    attempts.check(connection, address)
    try:
        with connection.begin_nested():
            answer = _enrol(connection, payload, certificate_sha256)
    except _CertificateMismatch as refusal:
        # Someone between the desk and this server showed the desk his own certificate: he
        # holds a proof made with this code and could try to recover the code from it. The
        # code is cancelled, so that nothing recovered can ever be used.
        connection.execute(update(enrolments).where(enrolments.c.code_hash == refusal.code_hash)
                           .values(used_at=_now(), node_id=None))
        log.warning("enrolment through another certificate than the server's: code "
                    "cancelled (a man in the middle, or a proxy in front of the server)")
        attempts.record_refusal(connection, address)
        return refusal
    except RequestError as refusal:
        attempts.record_refusal(connection, address)
        return refusal
    attempts.forget(connection, address)
    return answer


def _field(payload: dict[str, Any], name: str, pattern: re.Pattern[str]) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise RequestError(400, ErrorCode.BAD_REQUEST, f"{name} is missing or malformed")
    return value


def _enrol(connection: Connection, payload: object, certificate_sha256: str) -> dict[str, Any]:
    """Find the code whose key gives the desk's proof over this server's certificate, use it,
    and answer the node's identity, office and secret (sent this once) with the server's
    proof. A desk enrolled before (same node id) keeps its desk number and its batches."""
    if not isinstance(payload, dict):
        raise RequestError(400, ErrorCode.BAD_REQUEST, "the body must be a JSON object")
    if "code" in payload and "proof" not in payload:
        raise RequestError(426, ErrorCode.PROTOCOL,
                           "this desk sends the code itself: update the program")
    node_id = _field(payload, "node_id", _NODE)
    nonce = _field(payload, "nonce", _NONCE)
    seen = _field(payload, "certificate", _SHA256_OR_NONE)
    proof = _field(payload, "proof", _SHA256)
    name = str(payload.get("name") or "")[:200]
    found = None
    for row in connection.execute(
            select(enrolments.c.code_hash, enrolments.c.verifier)
            .where(enrolments.c.verifier.is_not(None),
                   enrolments.c.created_at > _now() - _REMEMBERED)):
        if codes.same(proof, codes.desk_proof(row.verifier, certificate_sha256, nonce,
                                              node_id)):
            found = row
            break
        if seen != certificate_sha256 and codes.same(
                proof, codes.desk_proof(row.verifier, seen, nonce, node_id)):
            raise _CertificateMismatch(row.code_hash)
    if found is None:
        raise RequestError(403, ErrorCode.ENROLMENT_INVALID, "no enrolment code gives this proof")
    code = connection.execute(
        select(enrolments.c.office_code, enrolments.c.expires_at, enrolments.c.used_at,
               offices.c.kind)
        .join(offices, offices.c.code == enrolments.c.office_code)
        .where(enrolments.c.code_hash == found.code_hash).with_for_update()).one()
    if code.used_at is not None:
        raise RequestError(403, ErrorCode.ENROLMENT_USED, "the enrolment code was used")
    if code.expires_at < _now():
        raise RequestError(403, ErrorCode.ENROLMENT_EXPIRED, "the enrolment code expired")
    secret = auth.new_secret()
    known = connection.execute(select(nodes.c.office_code, nodes.c.desk_number)
                               .where(nodes.c.id == node_id).with_for_update()).first()
    if known is None:
        desk = next_desk_number(connection, code.office_code)
        connection.execute(nodes.insert().values(
            id=node_id, office_code=code.office_code, name=name,
            auth_hash=auth.auth_hash(secret), bundle_key=auth.node_bundle_key(secret),
            enrolled_at=_now(), desk_number=desk))
    elif known.office_code != code.office_code:
        raise RequestError(409, ErrorCode.ENROLMENT_OFFICE,
                           f"this workstation is enrolled for office {known.office_code}")
    else:
        # Enrolled again (after a revocation, a certificate renewal, lost credentials): the
        # same node with a new secret; its desk number, its batches (push_batches) and what
        # it pulled stay, so it resends nothing the server has and pulls on from its cursor.
        desk = known.desk_number or next_desk_number(connection, code.office_code)
        connection.execute(update(nodes).where(nodes.c.id == node_id).values(
            name=name or nodes.c.name, auth_hash=auth.auth_hash(secret),
            bundle_key=auth.node_bundle_key(secret), revoked_at=None, desk_number=desk))
    connection.execute(update(enrolments).where(enrolments.c.code_hash == found.code_hash)
                       .values(used_at=_now(), node_id=node_id))
    answer: dict[str, Any] = {
        "node_id": node_id, "office_code": code.office_code, "office_kind": code.kind,
        "desk_number": desk, "secret": auth.encode_secret(secret), "again": known is not None}
    answer["proof"] = codes.server_proof(found.verifier, certificate_sha256, nonce, answer)
    return answer


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
