"""What a node reads: the change feed after its cursor, reference documents, and the
per-scope digests and record lists the consistency check compares."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, select

from desktop.sync.server.db import driver
from desktop.sync.server.nodes import Node
from desktop.sync.server.schema import records

MAX_PAGE = 10_000

# The statements of every status-and-pull of every desk are SQL text run on the driver's
# connection (in the caller's transaction, or each committed at once): building, keying and
# compiling Core statements took the server more time than PostgreSQL's answers to them
# (a pull with nothing to bring: 2.7 ms of the server's CPU; see nodes.authenticate).
_HIGH = ("SELECT greatest(coalesce((SELECT max(cursor) FROM records), 0), "
         "coalesce((SELECT max(cursor) FROM reference_documents), 0))")

# The digests computed from what is stored: what record_digests must always equal (the
# triggers of revision s0004 keep it; the tests compare the two)
DIGESTS_FROM_SCRATCH = """
SELECT table_name, scope, count(*) AS n,
       coalesce(bit_xor(komek_record_hash(id, version)), 0) AS folded
FROM records WHERE NOT deleted GROUP BY table_name, scope
"""

# the changes after a cursor up to another that a node did not make itself, and their count
# (each with the node's scopes' condition, _visible, before ORDER BY)
_PAGE = ("SELECT table_name, id, version, data::text, deleted, cursor FROM records "
         "WHERE cursor > %s AND cursor <= %s AND changed_by <> %s{visible} "
         "ORDER BY cursor LIMIT %s")
_COUNT = ("SELECT count(*) FROM records WHERE cursor > %s AND cursor <= %s "
          "AND changed_by <> %s{visible}")
_REFERENCE = ("SELECT name, content, version FROM reference_documents "
              "WHERE cursor > %s AND cursor <= %s")
_DIGESTS = ("SELECT table_name, scope, n, folded FROM record_digests "
            "WHERE n <> 0{visible}")
_FETCH = ("SELECT table_name, id, version, data::text, deleted FROM records "
          "WHERE table_name = %s AND id = ANY(%s){visible}")


def _visible(node: Node) -> tuple[str, tuple[str, ...]]:
    """The condition on ``scope`` of the records ``node`` may read (" AND scope IN …", with
    its values), or none for a district desk."""
    wanted = node.scopes()
    if wanted is None:
        return "", ()
    return f" AND scope IN ({', '.join(['%s'] * len(wanted))})", tuple(wanted)


def _document(deleted: bool, data: str | None, raw: bool) -> Any:
    """A record's data as the answer carries it: None for a delete; with ``raw``, its
    stored text (as the desk sent it, revision s0005) handed to orjson as it is
    (``orjson.Fragment``), else the object decoded."""
    if deleted or data is None:
        return None
    return orjson.Fragment(data) if raw else orjson.loads(data)


def pull(connection: Connection, node: Node, since: int, limit: int,
         count: bool = False, *, raw: bool = False) -> dict[str, Any]:
    """Changes after ``since`` that ``node`` may see and did not make itself, oldest first.

    ``cursor`` in the answer is where the next pull starts; ``more`` says a next page exists;
    with ``count``, ``remaining`` says how many changes there are after ``since`` (this
    page's among them: the length of the desk's progress bar; the desk asks it once a run,
    with its second page, along the cursor's index).
    A cursor beyond the server's (a server restored from a backup) is answered with
    ``reset``: the desk then pulls from 0, and applying what it already has changes nothing.
    ``raw``: the records' data stays the text PostgreSQL sends, for an answer encoded by
    orjson (a page of 5 000 records is never made into 5 000 dicts, which kept the server's
    memory high after a morning rush); a bundle's reply takes the objects.
    """
    limit = max(1, min(limit, MAX_PAGE))
    sql = driver(connection)
    high = int(sql.execute(_HIGH).fetchone()[0])
    if since > high:
        return {"changes": [], "reference": [], "cursor": 0, "more": True, "reset": True}
    visible, scopes = _visible(node)
    rows = sql.execute(_PAGE.format(visible=visible),
                       (since, high, node.id, *scopes, limit)).fetchall()
    more = len(rows) == limit
    remaining = None
    if count:
        remaining = int(sql.execute(_COUNT.format(visible=visible),
                                    (since, high, node.id, *scopes)).fetchone()[0])
    cursor = rows[-1][5] if more else high
    documents = sql.execute(_REFERENCE, (since, cursor)).fetchall()
    return {
        "changes": [{"t": table, "id": record_id, "v": version,
                     "d": _document(deleted, data, raw)}
                    for table, record_id, version, data, deleted, _ in rows],
        "reference": [{"name": name, "content": content, "version": version}
                      for name, content, version in documents],
        "cursor": cursor,
        "more": more,
    } | ({} if remaining is None else {"remaining": remaining})


def digests(connection: Connection, node: Node) -> list[list[Any]]:
    """``[table, scope, count, xor-hash]`` of the live records ``node`` may see: read from
    ``record_digests``, which every write of ``records`` keeps up to date in its own
    transaction, so the daily check costs a lookup rather than a hash of every record."""
    visible, scopes = _visible(node)
    return [[table, scope, int(n), int(folded)] for table, scope, n, folded in
            driver(connection).execute(_DIGESTS.format(visible=visible), scopes)]


def record_versions(connection: Connection, node: Node, table: str,
                    scope: str) -> list[list[Any]]:
    """``[id, version, deleted]`` of every record of ``table`` in ``scope`` (if visible)."""
    wanted = node.scopes()
    if wanted is not None and scope not in wanted:
        return []
    rows = connection.execute(
        select(records.c.id, records.c.version, records.c.deleted)
        .where(records.c.table_name == table, records.c.scope == scope))
    return [[r.id, r.version, r.deleted] for r in rows]


def fetch(connection: Connection, node: Node, table: str, ids: list[str], *,
          raw: bool = False) -> list[dict[str, Any]]:
    """The current state of the given records of ``table``, those ``node`` may see
    (``raw``: as :func:`pull`)."""
    visible, scopes = _visible(node)
    rows = driver(connection).execute(_FETCH.format(visible=visible),
                                      (table, list(ids), *scopes))
    return [{"t": name, "id": record_id, "v": version, "d": _document(deleted, data, raw)}
            for name, record_id, version, data, deleted in rows]
