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
from desktop.storage.textkeys import kazakh_collation

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536  # decrypted pages kept per connection (see configure_connection)
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: the WAL is copied into the file past this
_HELD = "komek_checkpoints_held"  # in a pooled connection's info: its autocheckpoint is off


def configure_connection(dbapi_connection: cipher.Connection) -> None:
    """Pragmas and the ``kazakh`` collation, applied to every new connection.

    * ``journal_mode=WAL``: readers never block the writer, and a crash mid-write leaves the
      last committed state intact.
    * ``synchronous=FULL``: in WAL mode ``NORMAL`` is consistent after a power cut but may lose
      the last transactions that were reported committed; ``FULL`` fsyncs the WAL on every
      commit, so "Saved" on screen means saved on disk. A desk commits a few times a minute, so
      the fsync costs nothing anyone notices; bulk loads commit in large batches.
    * ``foreign_keys=ON``: SQLite leaves them off unless asked, per connection.
    * ``cache_size``: up to 64 MiB of pages kept decrypted per connection (SQLite's default is
      2 MiB, filled on demand). Every page read past the cache is decrypted and its HMAC
      checked again: at 100 000 applications a search matching most of the journal
      ("DEMO", every sort column) took 171-181 ms with the default cache against 33 ms with
      this one, the plain database 13-42 ms (benchmarks/journal.py, same machine).
    """
    dbapi_connection.create_collation("kazakh", kazakh_collation)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    finally:
        cursor.close()


def create_sqlite_engine(path: Path, key: bytes,
                         hold_checkpoints: Callable[[], bool] | None = None) -> Engine:
    """An engine on the encrypted database at ``path``, keyed with ``key``, with the pragmas
    above and SQLAlchemy's own transaction control.

    pysqlite's legacy implicit transactions are switched off (``isolation_level=None``) and a
    ``BEGIN`` is emitted when SQLAlchemy begins, so a transaction covers reads and writes alike
    and DDL in migrations is transactional (the recipe of the SQLAlchemy SQLite dialect docs).

    While ``hold_checkpoints()`` is true (the check of every page has not passed yet,
    ``page_check``), every connection runs with ``wal_autocheckpoint = 0``: commits stay in the
    ``-wal`` file and nothing is copied into the database file; a connection handed out after
    it turns false gets SQLite's default back.
    """
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        module=cipher.driver,
        connect_args={"check_same_thread": False},
    )
    cipher.key_pragma(key)  # a key of the wrong size fails here, not at the first connection

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cipher.apply_key(dbapi_connection, key)
        configure_connection(dbapi_connection)

    if hold_checkpoints is not None:
        @event.listens_for(engine, "connect")
        def _hold_on_connect(dbapi_connection: Any, record: Any) -> None:
            if hold_checkpoints():
                dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
                record.info[_HELD] = True

        @event.listens_for(engine, "checkout")
        def _release_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
            if record.info.get(_HELD) and not hold_checkpoints():
                dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
                record.info[_HELD] = False

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
