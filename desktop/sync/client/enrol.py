"""Enrol this desk with a district server: once, with the server's address and a code."""

from __future__ import annotations

import platform

from sqlalchemy import Connection

from desktop.storage.database import Database
from desktop.storage.outbox import enqueue_untracked
from desktop.sync import scopes
from desktop.sync.client import credentials, settings
from desktop.sync.client.connection import sync_connection
from desktop.sync.client.transport import (
    HttpTransport,
    certificate_sha256,
    check_url,
    fetch_certificate,
)
from desktop.sync.codes import pin_tag, split_code
from desktop.sync.errors import PIN_MISMATCH, SyncError


def enrol(db: Database, url: str, code: str, *, name: str | None = None) -> settings.Enrolment:
    """Enrol with the server at ``url``: its certificate is pinned (checked against the
    code's certificate tag when it has one), the secret goes to the keyring (or the 0600
    file), and every record the server has not seen is queued for the first push."""
    url = check_url(url)
    cert = fetch_certificate(url) if url.startswith("https") else None
    _secret_part, tag = split_code(code)
    if tag and (cert is None or pin_tag(certificate_sha256(cert)) != tag):
        raise SyncError(PIN_MISMATCH)
    with HttpTransport(url, cert_pem=cert) as transport:
        answer = transport.enrol(code, db.node_id, name or platform.node())
    credentials.store_secret(db.node_id, str(answer["secret"]))
    with sync_connection(db) as connection, connection.begin():
        _remember(connection, url, answer, cert)
        enqueue_untracked(connection, scopes.synced_tables())
    with db.engine.connect() as connection:
        found = settings.enrolment(connection, db.node_id)
    assert found is not None
    return found


def _remember(connection: Connection, url: str, answer: dict[str, object],
              cert: str | None) -> None:
    settings.write(connection, settings.SERVER_URL, url)
    settings.write(connection, settings.OFFICE_CODE, str(answer["office_code"]))
    settings.write(connection, settings.OFFICE_KIND, str(answer["office_kind"]))
    settings.write(connection, settings.DESK_NUMBER, None)  # a number of an earlier server
    settings.remember_desk_number(connection, answer)
    settings.write(connection, settings.SERVER_CERT, cert)
    settings.write(connection, settings.CURSOR, "0")

