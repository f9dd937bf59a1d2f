"""Opening a test's database file directly, with the tests' desk key (never a plain mode).

tests/conftest.py keeps the desk key in a key file of a config folder of the run's own
(``KOMEK_NO_KEYRING=1``, ``KOMEK_CONFIG_DIR``), exactly as a desk without a credential store
does; these helpers read the file with that key, or make the plain database of the version
before encryption that a desk in the field still has.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import pytest

from desktop.storage import cipher, keystore


def desk_key() -> bytes:
    """The tests' desk key (made by the first ``Database.open`` of the run)."""
    stored = keystore.load_key()
    if stored is not None:
        return stored.key
    key = keystore.new_key()
    keystore.store_key(key)
    return key


def connect(path: Path, *, read_only: bool = False) -> cipher.Connection:
    """A keyed connection to a test's encrypted database file (instead of ``sqlite3.connect``)."""
    return cipher.connect(Path(path), desk_key(), read_only=read_only)


def decrypt_to_plain(encrypted: Path, plain: Path) -> None:
    """Write the plain SQLite file a desk of the version before encryption would hold."""
    plain.unlink(missing_ok=True)
    connection = connect(encrypted)
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()
    assert cipher.is_plain(plain)


def content_digest(connection: cipher.Connection) -> tuple[dict[str, int], str]:
    """(row count per table, SHA-256 of every row of every table in a fixed order)."""
    digest = hashlib.sha256()
    counts: dict[str, int] = {}
    tables = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    for table in tables:
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        order = ", ".join(f'"{c}"' for c in columns)
        rows = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        counts[table] = len(rows)
        digest.update(table.encode())
        for row in rows:
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def plain_digest(path: Path) -> tuple[dict[str, int], str]:
    connection = cipher.connect_plain(path)
    try:
        return content_digest(connection)
    finally:
        connection.close()


def encrypted_digest(path: Path) -> tuple[dict[str, int], str]:
    connection = connect(path, read_only=True)
    try:
        return content_digest(connection)
    finally:
        connection.close()


class CheckGate:
    """Holds the check of every page (``desktop.storage.page_check``) at its first read of the
    pages until :meth:`release`; then SQLCipher's real check runs. ``entered`` is set once the
    check is there, and ``threads`` names the threads it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self.threads: set[str] = set()
        real = cipher.damage

        def gated(connection: cipher.Connection) -> str | None:
            self.threads.add(threading.current_thread().name)
            self.entered.set()
            assert self.released.wait(60), "the test never released the check"
            return real(connection)

        monkeypatch.setattr(cipher, "damage", gated)

    def release(self) -> None:
        self.released.set()


def damage_a_middle_page(path: Path) -> bytes:
    """Flip one bit of a page in the middle of a closed database (a page of the families that
    opening the file does not read); the damaged bytes."""
    data = bytearray(path.read_bytes())
    middle = len(data) // cipher.PAGE_SIZE // 2
    data[middle * cipher.PAGE_SIZE + 100] ^= 0x08
    path.write_bytes(bytes(data))
    return bytes(data)
