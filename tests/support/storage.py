"""Opening a test's database file directly, with the tests' desk key (never a plain mode).

tests/conftest.py keeps the desk key in a key file of a config folder of the run's own
(``KOMEK_NO_KEYRING=1``, ``KOMEK_CONFIG_DIR``), exactly as a desk without a credential store
does; these helpers read the file with that key, or make the plain database of the version
before encryption that a desk in the field still has.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

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
