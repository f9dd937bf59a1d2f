"""What a node reads: the change feed after its cursor, reference documents, and the
per-scope digests and record lists the consistency check compares."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import Connection, Text, cast, func, select, text

from desktop.sync.server.nodes import Node
from desktop.sync.server.schema import record_digests, records, reference_documents

MAX_PAGE = 10_000

_HIGH = text("""
SELECT greatest(coalesce((SELECT max(cursor) FROM records), 0),
                coalesce((SELECT max(cursor) FROM reference_documents), 0))
""")

# The digests computed from what is stored: what record_digests must always equal (the
# triggers of revision s0004 keep it; the tests compare the two)
DIGESTS_FROM_SCRATCH = """
SELECT table_name, scope, count(*) AS n,
       coalesce(bit_xor(komek_record_hash(id, version)), 0) AS folded
FROM records WHERE NOT deleted GROUP BY table_name, scope
"""


# a record's JSONB as PostgreSQL's text of it
_DATA = cast(records.c.data, Text).label("data")


def _visible(node: Node) -> Any:
    wanted = node.scopes()
    return None if wanted is None else records.c.scope.in_(wanted)


def _document(row: Any, raw: bool) -> Any:
    """A record's data as the answer carries it: None for a delete; with ``raw``, the text
    PostgreSQL gives of its JSONB, handed to orjson as it is (``orjson.Fragment``), else
    the object decoded."""
    if row.deleted:
        return None
    return orjson.Fragment(row.data) if raw else orjson.loads(row.data)


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
    high = int(connection.execute(_HIGH).scalar_one())
    if since > high:
        return {"changes": [], "reference": [], "cursor": 0, "more": True, "reset": True}
    query = (select(records.c.table_name, records.c.id, records.c.version, _DATA,
                    records.c.deleted, records.c.cursor)
             .where(records.c.cursor > since, records.c.cursor <= high,
                    records.c.changed_by != node.id)
             .order_by(records.c.cursor).limit(limit))
    visible = _visible(node)
    if visible is not None:
        query = query.where(visible)
    rows = connection.execute(query).all()
    more = len(rows) == limit
    remaining = None
    if count:
        counted = (select(func.count()).select_from(records)
                   .where(records.c.cursor > since, records.c.cursor <= high,
                          records.c.changed_by != node.id))
        remaining = int(connection.execute(
            counted if visible is None else counted.where(visible)).scalar_one())
    cursor = rows[-1].cursor if more else high
    documents = connection.execute(
        select(reference_documents.c.name, reference_documents.c.content,
               reference_documents.c.version)
        .where(reference_documents.c.cursor > since, reference_documents.c.cursor <= cursor)
    ).all()
    return {
        "changes": [{"t": r.table_name, "id": r.id, "v": r.version, "d": _document(r, raw)}
                    for r in rows],
        "reference": [{"name": d.name, "content": d.content, "version": d.version}
                      for d in documents],
        "cursor": cursor,
        "more": more,
    } | ({} if remaining is None else {"remaining": remaining})


def digests(connection: Connection, node: Node) -> list[list[Any]]:
    """``[table, scope, count, xor-hash]`` of the live records ``node`` may see: read from
    ``record_digests``, which every write of ``records`` keeps up to date in its own
    transaction, so the daily check costs a lookup rather than a hash of every record."""
    query = select(record_digests.c.table_name, record_digests.c.scope, record_digests.c.n,
                   record_digests.c.folded).where(record_digests.c.n != 0)
    wanted = node.scopes()
    if wanted is not None:
        query = query.where(record_digests.c.scope.in_(wanted))
    return [[r.table_name, r.scope, int(r.n), int(r.folded)]
            for r in connection.execute(query)]


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
    query = (select(records.c.table_name, records.c.id, records.c.version, _DATA,
                    records.c.deleted)
             .where(records.c.table_name == table, records.c.id.in_(ids)))
    visible = _visible(node)
    if visible is not None:
        query = query.where(visible)
    return [{"t": r.table_name, "id": r.id, "v": r.version, "d": _document(r, raw)}
            for r in connection.execute(query)]
