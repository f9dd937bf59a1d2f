"""A connection to the desk's database for one sync run, with foreign keys unchecked."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Connection

from desktop.storage.database import Database


@contextlib.contextmanager
def sync_connection(db: Database) -> Iterator[Connection]:
    """A connection whose transactions are opened with ``connection.begin()`` by the caller.

    Foreign keys are off for it (they can only be switched outside a transaction): pulled
    pages arrive in the server's order, not in parent-before-child order.
    """
    with db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            yield connection
            if connection.in_transaction():
                connection.rollback()
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
