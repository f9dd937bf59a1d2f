"""The SQLAlchemy engine over one SQLCipher file, with the settings every connection needs.

SQLAlchemy's own SQLite dialect (``sqlite+pysqlite``) is given the ``sqlcipher3`` module as
its DB-API (``module=``): it is the stdlib ``sqlite3`` interface built on SQLCipher. The key
is set by the ``connect`` hook below as the connection's first statement, from bytes held in
memory. SQLAlchemy's ``pysqlcipher`` dialect was not used: it takes the key from the URL, which
SQLAlchemy prints in reprs, errors and logs, and it would still need this hook for the raw key
and the pragmas; the raw connections (backups, the read-only inspection, the conversion) go
through ``desktop.storage.cipher`` with the same key and the same checks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from desktop.storage import cipher
from desktop.storage.connection import (
    AUTOCHECKPOINT_PAGES,
    BUSY_TIMEOUT_MS,
    CACHE_KIB,
    configure_connection,
)

__all__ = ["AUTOCHECKPOINT_PAGES", "BUSY_TIMEOUT_MS", "CACHE_KIB", "configure_connection",
           "create_sqlite_engine"]

_HELD = "komek_checkpoints_held"  # in a pooled connection's info: its autocheckpoint is off


def create_sqlite_engine(path: Path, key: bytes,
                         hold_checkpoints: Callable[[], bool] | None = None,
                         first: cipher.Connection | None = None) -> Engine:
    """An engine on the encrypted database at ``path``, keyed with ``key``, with the pragmas
    above and SQLAlchemy's own transaction control.

    pysqlite's legacy implicit transactions are switched off (``isolation_level=None``) and a
    ``BEGIN`` is emitted when SQLAlchemy begins, so a transaction covers reads and writes alike
    and DDL in migrations is transactional (the recipe of the SQLAlchemy SQLite dialect docs).

    While ``hold_checkpoints()`` is true (the check of every page has not passed yet,
    ``page_check``), every connection runs with ``wal_autocheckpoint = 0``: commits stay in the
    ``-wal`` file and nothing is copied into the database file; a connection handed out after
    it turns false gets SQLite's default back.

    ``first``: a connection made by ``desktop.storage.connection.open_connection`` (the
    window's start read through it before SQLAlchemy was imported), which becomes the pool's
    first connection as it is, its decrypted pages still in its cache.
    """
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        module=cipher.driver,
        connect_args={"check_same_thread": False},
    )
    cipher.key_pragma(key)  # a key of the wrong size fails here, not at the first connection

    handed = [first] if first is not None else []

    @event.listens_for(engine, "do_connect")
    def _hand_over(_dialect: Any, _record: Any, _args: Any, _kwargs: Any) -> Any:
        return handed[0] if handed else None  # None: the driver connects

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        if handed and dbapi_connection is handed[0]:
            handed.clear()  # keyed and configured already; later connections are new
            return
        dbapi_connection.isolation_level = None
        cipher.apply_key(dbapi_connection, key)
        configure_connection(dbapi_connection)

    if hold_checkpoints is not None:
        @event.listens_for(engine, "connect")
        def _hold_on_connect(dbapi_connection: Any, record: Any) -> None:
            # said either way: the connection handed over was made while they were held
            held = hold_checkpoints()
            dbapi_connection.execute(
                f"PRAGMA wal_autocheckpoint = {0 if held else AUTOCHECKPOINT_PAGES}")
            record.info[_HELD] = held

        @event.listens_for(engine, "checkout")
        def _release_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
            if record.info.get(_HELD) and not hold_checkpoints():
                dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
                record.info[_HELD] = False

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
