"""The envelope of a push batch: its size, its number and the shape of each change, checked
before anything of it reaches PostgreSQL.

What a record says (``d``) is not looked at here: only that it is a record's JSON text, an
object, or null (a delete). A batch whose envelope is wrong is refused whole (400, or 413
beyond the limits): the desk never sends one, so it is a broken or hostile sender.
"""

from __future__ import annotations

from typing import Any

import orjson

from desktop.sync.protocol import (
    MAX_CHANGES,
    MAX_INT,
    MAX_PUSH_BYTES,
    MAX_PUSH_ITEMS,
    ErrorCode,
    json_items,
)
from desktop.sync.server.limits import too_large
from desktop.sync.server.nodes import RequestError

MAX_TABLE = 64  # records.table_name
MAX_ID = 36  # records.id: the desks' record ids are UUIDs
_FIELDS = frozenset({"t", "id", "v", "b", "d"})


def _bad(detail: str) -> RequestError:
    return RequestError(400, ErrorCode.BAD_REQUEST, f"malformed batch: {detail}")


def is_int(value: object, low: int, high: int = MAX_INT) -> bool:
    """An integer (not a boolean) from ``low`` to ``high``."""
    return type(value) is int and low <= value <= high


def plain_text(value: object, longest: int) -> bool:
    """A non-empty string of at most ``longest`` characters with no NUL (which PostgreSQL's
    text cannot hold)."""
    return isinstance(value, str) and 0 < len(value) <= longest and "\x00" not in value


def _check_change(n: int, change: object) -> None:
    if not isinstance(change, dict) or not change.keys() >= _FIELDS:
        raise _bad(f"change {n} is not an object with t, id, v, b and d")
    if not plain_text(change["t"], MAX_TABLE):
        raise _bad(f"change {n}: t must be a table name of at most {MAX_TABLE} characters")
    if not plain_text(change["id"], MAX_ID):
        raise _bad(f"change {n}: id must be a record id of at most {MAX_ID} characters")
    if not is_int(change["b"], 0):
        raise _bad(f"change {n}: b must be a whole number from 0 to {MAX_INT}")
    if not is_int(change["v"], 1):
        raise _bad(f"change {n}: v must be a whole number from 1 to {MAX_INT}")
    if change["d"] is not None and not isinstance(change["d"], str | dict):
        raise _bad(f"change {n}: d must be a record (its JSON text or object) or null")


def parse_batch(body: bytes, node_id: str) -> tuple[int, list[dict[str, Any]]]:
    """The batch number and changes of the push ``body`` of node ``node_id``."""
    if len(body) > MAX_PUSH_BYTES:
        raise too_large("push body bytes", MAX_PUSH_BYTES)
    if json_items(body) > MAX_PUSH_ITEMS:
        raise too_large("push body values (commas and brackets)", MAX_PUSH_ITEMS)
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise _bad("the body is not JSON") from error
    if not isinstance(payload, dict):
        raise _bad("the body is not a JSON object")
    if payload.get("node") != node_id:
        raise _bad("batch of another node")
    seq, changes = payload.get("seq"), payload.get("changes")
    if not is_int(seq, 1):
        raise _bad(f"seq must be a whole number from 1 to {MAX_INT}")
    if not isinstance(changes, list):
        raise _bad("changes must be a list")
    if len(changes) > MAX_CHANGES:
        raise too_large("changes in a batch", MAX_CHANGES)
    for n, change in enumerate(changes):
        _check_change(n, change)
    return seq, changes
