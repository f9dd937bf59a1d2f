"""A keyed SQLCipher connection with the settings every connection of a desk needs, without
SQLAlchemy.

The window's start reads the settings, the office and the journal's first page through one such
connection before SQLAlchemy is imported (``desktop.storage.database``); the engine made
afterwards (``desktop.storage.engine``) takes that connection as its first and configures each
further one the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.storage import cipher
from desktop.storage.textkeys import kazakh_collation

BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 65_536  # decrypted pages kept per connection (see configure_connection)
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: the WAL is copied into the file past this


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


def open_connection(path: Path, key: bytes,
                    hold_checkpoints: Callable[[], bool] | None = None) -> cipher.Connection:
    """A connection to the encrypted database at ``path``, keyed, configured, in autocommit
    (``BEGIN`` is written where a transaction is wanted), usable from any thread (the engine's
    pool hands it out later); with checkpoints held while ``hold_checkpoints()`` is true
    (``desktop.storage.engine``)."""
    connection = cipher.connect(path, key, check_same_thread=False)
    try:
        connection.isolation_level = None
        configure_connection(connection)
        if hold_checkpoints is not None and hold_checkpoints():
            connection.execute("PRAGMA wal_autocheckpoint = 0")
    except BaseException:
        connection.close()
        raise
    return connection
