"""Who is asking: a desk's node, its office and what it may see, checked on every request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Connection, select, update

from desktop.sync.protocol import REFERENCE_SCOPE, ErrorCode
from desktop.sync.server import auth
from desktop.sync.server.db import driver
from desktop.sync.server.schema import nodes, offices

SEEN_AGAIN = dt.timedelta(minutes=1)  # how stale a node's last_seen_at may be

DISTRICT = "district"
AKIMAT = "akimat"
OFFICE_KINDS = (AKIMAT, DISTRICT)


class RequestError(Exception):
    """An answer other than success: HTTP status, error code and a plain reason (no data)."""

    def __init__(self, status: int, code: ErrorCode, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    office_code: str
    kind: str
    # a district desk's district: the codes of every office this server serves (read by
    # :func:`with_district` when its changes are checked)
    district: frozenset[str] = frozenset()

    @property
    def is_district(self) -> bool:
        return self.kind == DISTRICT

    def owns(self, office_code: str) -> bool:
        """Whether this desk writes the records of ``office_code``: its own office's, and a
        district desk those of every office of its district."""
        return office_code == self.office_code or (self.is_district
                                                   and office_code in self.district)

    def scopes(self) -> list[str] | None:
        """The scopes this node may read; None: the whole district."""
        return None if self.is_district else [self.office_code, REFERENCE_SCOPE]


# a node, its office's kind and what its credentials are checked against
_NODE = ("SELECT n.id, n.office_code, n.auth_hash, n.revoked_at, n.last_seen_at, o.kind "
         "FROM nodes AS n JOIN offices AS o ON o.code = n.office_code WHERE n.id = %s")


def authenticate(connection: Connection, authorization: str) -> Node:
    """The node named by an ``Authorization: Bearer <node>.<secret>`` header, or an error."""
    scheme, _, credentials = authorization.partition(" ")
    node_id, _, secret = credentials.strip().partition(".")
    if scheme.lower() != "bearer" or not node_id or not secret:
        raise RequestError(401, ErrorCode.BAD_CREDENTIALS, "missing or malformed credentials")
    # on the driver's connection, in the caller's transaction or autocommit: every request
    # of every desk passes here, and building, keying and compiling a Core statement took
    # more of the server's time than PostgreSQL's answer to it
    row = driver(connection).execute(_NODE, (node_id,)).fetchone()
    try:
        secret_bytes = auth.decode_secret(secret)
    except ValueError:
        secret_bytes = b""
    if row is None or not auth.check_secret(secret_bytes, row[2]):
        raise RequestError(401, ErrorCode.BAD_CREDENTIALS, "unknown node or wrong secret")
    found_id, office_code, _, revoked_at, last_seen_at, kind = row
    if revoked_at is not None:
        raise RequestError(403, ErrorCode.REVOKED, "this workstation's access was revoked")
    now = dt.datetime.now(dt.UTC)
    if last_seen_at is None or now - last_seen_at > SEEN_AGAIN:
        # once a minute at most: a sync's requests come within seconds, and each write here
        # was a commit that waited for the disk on every status, pull and check of a rush
        connection.execute(update(nodes).where(nodes.c.id == node_id)
                           .values(last_seen_at=now))
    return Node(found_id, office_code, kind)


def with_district(connection: Connection, node: Node) -> Node:
    """``node`` with its district's offices when it is a district desk. A server serves one
    district: its offices are the ones enrolled on it (``offices``, made by ``komek-server
    enrol --office``), so a district desk's akimats are every akimat of this server."""
    if not node.is_district:
        return node
    codes = frozenset(str(code) for code in connection.execute(select(offices.c.code)).scalars())
    return replace(node, district=codes)
