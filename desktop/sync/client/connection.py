"""A connection to the desk's database for one sync run, with foreign keys unchecked."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from desktop.storage.database import Database


@contextlib.contextmanager
def sync_connection(db: Database, *, bookkeeping: bool = False) -> Iterator[Connection]:
    """A connection whose transactions are opened with ``connection.begin()`` by the caller.

    Foreign keys are off for it (they can only be switched outside a transaction): pulled
    pages arrive in the server's order, not in parent-before-child order.

    ``bookkeeping``: the connection writes only what the server can give back (formed
    batches, outbox marks, ``sync_known``, acknowledgements, pulled pages with their cursor,
    consistency repairs), never a person's work, so its commits are not fsynced
    (``synchronous=NORMAL``; the database is in WAL mode). A power cut may lose its last
    transactions, never half of one, and never a commit of another connection: every other
    connection stays ``FULL``, and its fsync of the WAL covers every frame before its own.
    What is lost is redone by the next run: the outbox rows come back unmarked and form a
    batch again, which the server answers from its record if it had applied it (pushes are
    idempotent by ``(node, seq)``; a reused number with another body renumbers the batch),
    and the pull resumes from the cursor committed with the records it brought.
    See docs/sync.md, "Durability of the sync's own writes".
    """
    with db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        if bookkeeping:
            raw.execute("PRAGMA synchronous = NORMAL")
        try:
            yield connection
            if connection.in_transaction():
                connection.rollback()
        finally:
            if bookkeeping:
                raw.execute("PRAGMA synchronous = FULL")
            raw.execute("PRAGMA foreign_keys = ON")
