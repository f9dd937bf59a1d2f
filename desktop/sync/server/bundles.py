"""A desk's bundle brought on a USB stick: apply its batches, write the reply bundle.

Applying a bundle is the same as the desk pushing its batches online, so a bundle applied
twice, after the desk synced online, or after a later bundle changes nothing; the reply holds
the acknowledgements and every change since the cursor the desk declared.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.text import Text
from desktop.sync.bundle import PUSH, REPLY, BundleError, open_bundle, read_header, seal
from desktop.sync.protocol import MAX_CURSOR, ErrorCode
from desktop.sync.server.nodes import Node, RequestError
from desktop.sync.server.pull import pull
from desktop.sync.server.push import apply_push
from desktop.sync.server.schema import nodes, offices

_NODE_ID = re.compile(r"[0-9a-f-]{36}")  # as enrolment takes a node id


def _node(connection: Connection, node_id: object) -> tuple[Node, bytes]:
    """The desk a bundle's header names, and its bundle key. The header is read before the
    seal is checked, so its node is a stranger's text until then: only a desk's UUID is
    looked up (a NUL in it would be refused by PostgreSQL, not answered)."""
    if not isinstance(node_id, str) or not _NODE_ID.fullmatch(node_id):
        raise BundleError("unknown_node", Text(
            "The bundle comes from a workstation this server does not know."))
    row = connection.execute(
        select(nodes.c.id, nodes.c.office_code, nodes.c.bundle_key, nodes.c.revoked_at,
               offices.c.kind).join(offices, offices.c.code == nodes.c.office_code)
        .where(nodes.c.id == node_id)).first()
    if row is None:
        raise BundleError("unknown_node", Text(
            "The bundle comes from a workstation this server does not know."))
    if row.revoked_at is not None:
        raise BundleError("revoked", Text(
            "The bundle comes from a workstation whose access was revoked."))
    return Node(row.id, row.office_code, row.kind), bytes(row.bundle_key)


def _contents(body: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """The batches of a bundle's body and the cursor it declares, their types checked (a
    desk makes them so; the bundle's seal says only that the desk made it)."""
    batches, cursor = body.get("batches", []), body.get("cursor") or 0
    if not isinstance(batches, list) or not all(
            isinstance(b, dict) and isinstance(b.get("body"), str) for b in batches) or \
            type(cursor) is not int or not 0 <= cursor <= MAX_CURSOR:
        raise BundleError("tampered", Text(
            "The bundle is damaged or has been changed; it was not applied."))
    return batches, cursor


def answer_bundle(connection: Connection, data: bytes, *,
                  limit: int | None = None) -> tuple[bytes, dict[str, Any]]:
    """Apply a desk's push bundle in the caller's transaction; (reply bundle, summary).
    ``limit``: the most bytes the bundle's body may take decompressed (None: any)."""
    header = read_header(data)
    if header.get("kind") != PUSH:
        raise BundleError("wrong_kind", Text(
            "This is a reply bundle: import it at the workstation it was made for."))
    node, key = _node(connection, header.get("node"))
    bundle = open_bundle(data, key, limit=limit)
    batches, since = _contents(bundle.body)
    acks: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for batch in batches:
        try:
            with connection.begin_nested():
                acks.append(apply_push(connection, node, batch["body"].encode("utf-8")))
        except RequestError as error:
            seq = batch.get("seq")
            errors.append({"seq": seq if type(seq) is int else None,
                           "error": error.code.value})
    changes: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    cursor = since
    while True:
        page = pull(connection, node, cursor, 10_000)
        if page.get("reset"):
            cursor, changes, reference = 0, [], []
            since = 0
            continue
        changes.extend(page["changes"])
        reference.extend(page["reference"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    body = {"acks": acks, "errors": errors,
            "pull": {"since": since, "cursor": cursor, "changes": changes,
                     "reference": reference}}
    reply = seal({"kind": REPLY, "node": node.id, "id": str(uuid.uuid4()),
                  "in_reply_to": header.get("id"),
                  "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
                 body, key)
    summary = {"node": node.id, "batches": len(acks), "refused_batches": len(errors),
               "changes_out": len(changes)}
    return reply, summary


def relay_allowed(relayer: Node) -> None:
    if not relayer.is_district:
        raise RequestError(403, ErrorCode.FORBIDDEN,
                           "only a district workstation may import another desk's bundle")
