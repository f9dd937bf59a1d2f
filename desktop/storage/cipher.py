"""SQLCipher: every connection Kömek makes to a desk database, keyed, and the checks of a file.

The desk database and its backups are SQLCipher 4 files: each 4 KiB page is encrypted with
AES-256 and carries an HMAC-SHA512 of itself, so a page changed on disk, by tampering or by
damage alike, is refused when it is read. The key is a random 256-bit raw key (given as
``x'…'``, so no password derivation runs at each open); see ``desktop.storage.keystore``.

There is no plain mode: :func:`connect` always sets a key. Reading a plain SQLite file is done
only by ``desktop.storage.conversion``, to convert it, through :func:`connect_plain`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as driver

KEY_BYTES = 32
PAGE_SIZE = 4096
PLAIN_MAGIC = b"SQLite format 3\x00"

Error = driver.Error
DatabaseError = driver.DatabaseError
OperationalError = driver.OperationalError
Connection = driver.Connection
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26

_quiet = False


def _silence_log() -> None:
    """SQLCipher writes each failed page's HMAC to stderr by default; Kömek reports damage
    itself, in the user's language, so the library's log is switched off once per process."""
    global _quiet
    if not _quiet:
        quiet = driver.connect(":memory:")
        try:
            quiet.execute("PRAGMA cipher_log_level = NONE")
        finally:
            quiet.close()
        _quiet = True


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` with the raw key as a blob literal (no KDF at open)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a desk key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(connection: Any, key: bytes) -> None:
    """Key a fresh connection; must be its first statement."""
    _silence_log()
    connection.execute(key_pragma(key))


def _uri(path: Path, *, read_only: bool, immutable: bool = True) -> str:
    uri = path.resolve().as_uri()
    if read_only:
        uri += "?mode=ro"
        if immutable and not path.with_name(path.name + "-wal").exists():
            # the whole database is in the main file: read it without creating -shm/-wal
            uri += "&immutable=1"
    return uri


def connect(path: Path, key: bytes, *, read_only: bool = False, immutable: bool = True,
            **kwargs: Any) -> Connection:
    """A keyed connection to the encrypted database at ``path``.

    ``read_only`` leaves no trace: no ``-shm``/``-wal`` is created beside a file that has none
    (it is then read as immutable, unless ``immutable`` is False: a database another
    connection writes meanwhile).
    """
    connection = driver.connect(_uri(Path(path), read_only=read_only, immutable=immutable),
                                uri=True, **kwargs)
    try:
        apply_key(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def connect_plain(path: Path) -> Connection:
    """A connection to a plain SQLite file, for converting it (``conversion``) and nothing
    else: the program never reads or writes a desk's data through it."""
    _silence_log()
    return driver.connect(_uri(Path(path), read_only=False), uri=True)


def is_plain(path: Path) -> bool:
    """Whether ``path`` starts with the plain SQLite header (an encrypted file starts with its
    random salt instead)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(PLAIN_MAGIC)) == PLAIN_MAGIC
    except OSError:
        return False


def damage(connection: Connection) -> str | None:
    """What is wrong with the file under ``connection``, or None when every page is sound.

    ``PRAGMA page_count`` refuses a file shorter than its header says (a truncation at a page
    boundary, which no page's HMAC can show); ``PRAGMA cipher_integrity_check`` reads every
    page and checks its HMAC, so a flipped byte, a zeroed page or a wrong key anywhere in the
    file is found before anything is written. The cost is one read of the file: measured in
    benchmarks/journal.py ("open with the page check").
    """
    connection.execute("PRAGMA page_count").fetchone()
    problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
    if problems:
        return "; ".join(str(row[0]) for row in problems[:3])
    return None


def is_damage(error: BaseException) -> bool:
    """SQLITE_CORRUPT / SQLITE_NOTADB (a wrong key reads as the latter): the file is damaged."""
    code = getattr(error, "sqlite_errorcode", None)
    return code in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in str(error) or (
        "not a database" in str(error))


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
