"""Enrol this desk with a district server, with the server's address and a one-time code;
again, with a new code, after a revocation or a renewal of the server's certificate.

The code never leaves the desk. The desk takes the certificate the server presents (checked
by no one yet), sends a proof of the code bound to that certificate and a fresh nonce, and
stores nothing until the answer carries the server's proof of the same code over the same
certificate, nonce and answer (``desktop.sync.codes``). Whoever stands between the desk and
the server without the code can neither make the desk pin his certificate nor use the desk's
proof with the real server.
"""

from __future__ import annotations

import platform
import secrets

from sqlalchemy import Connection

from desktop.storage.database import Database
from desktop.storage.outbox import enqueue_untracked
from desktop.sync import codes, scopes
from desktop.sync.client import credentials, settings
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.transport import (
    HttpTransport,
    certificate_sha256,
    check_url,
    fetch_certificate,
)
from desktop.sync.errors import ALREADY_ENROLLED, CODE_MALFORMED, PIN_MISMATCH, SyncError


def enrolled(db: Database) -> settings.Enrolment | None:
    with db.engine.connect() as connection:
        return settings.enrolment(connection, db.node_id)


def enrol(db: Database, url: str, code: str, *, name: str | None = None,
          again: bool = False) -> settings.Enrolment:
    """Enrol with the server at ``url``. A desk enrolled already is refused
    (``already_enrolled``) unless ``again``: then it keeps its node, its data, its batches and,
    with the same district server, its pull cursor; only its secret and the pinned
    certificate (and address) change."""
    url = check_url(url)
    if enrolled(db) is not None and not again:
        raise SyncError(ALREADY_ENROLLED)
    try:
        key = codes.code_key(code)
    except ValueError as error:
        raise SyncError(CODE_MALFORMED) from error
    cert = fetch_certificate(url) if url.startswith("https") else None
    seen = certificate_sha256(cert) if cert else ""
    nonce = secrets.token_hex(codes.NONCE_BYTES)
    with HttpTransport(url, cert_pem=cert) as transport:  # pinned to what was presented
        answer = transport.enrol({
            "node_id": db.node_id, "name": name or platform.node(), "nonce": nonce,
            "certificate": seen, "proof": codes.desk_proof(key, seen, nonce, db.node_id)})
    proof = answer.get("proof")
    if not isinstance(proof, str) or not codes.same(
            proof, codes.server_proof(key, seen, nonce, answer)) \
            or answer.get("node_id") != db.node_id:
        raise SyncError(PIN_MISMATCH)
    credentials.store_secret(db.node_id, str(answer["secret"]))
    with sync_connection(db) as connection, connection.begin():
        _remember(connection, url, answer, cert)
        enqueue_untracked(connection, scopes.synced_tables())
    found = enrolled(db)
    assert found is not None
    return found


def _remember(connection: Connection, url: str, answer: dict[str, object],
              cert: str | None) -> None:
    """The enrolment's settings. A desk the server knew already (``again``: the same district
    database) keeps its pull cursor, its batch numbers and what the server confirmed
    (``sync_known``), so it resends nothing and pulls on; a desk new to this server pulls
    from the start."""
    again = answer.get("again") is True
    settings.write(connection, settings.SERVER_URL, url)
    settings.write(connection, settings.OFFICE_CODE, str(answer["office_code"]))
    settings.write(connection, settings.OFFICE_KIND, str(answer["office_kind"]))
    if not again:
        settings.write(connection, settings.DESK_NUMBER, None)  # a number of an earlier server
        settings.write(connection, settings.CURSOR, "0")
    settings.remember_desk_number(connection, answer)
    settings.write(connection, settings.SERVER_CERT, cert)
    settings.write(connection, settings.LAST_ERROR, None)
