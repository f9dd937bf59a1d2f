"""A desk's plain database made encrypted, on the first start of the version that encrypts.

The steps, each safe to interrupt (a kill at any moment leaves a database that opens, and the
next start carries on; tests/unit/storage/test_conversion_kill.py):

1. the plain file is checked (``PRAGMA quick_check``; a damaged file is refused, never
   converted) and its WAL is folded into it, so the file alone is the whole database;
2. an encrypted backup of it is written first (``<name>.<stamp>.bak``, through ``.part``);
3. the encrypted copy is written to ``<name>.encrypting`` with ``sqlcipher_export``, synced,
   and compared with the plain file table by table (row counts);
4. the plain file gets a second name, ``<name>.plain`` (a hard link), and the encrypted copy
   takes its place by an atomic rename;
5. the plain bytes are overwritten with zeros and removed, and so is every plain backup, each
   after its own encrypted copy took its place.

Steps 4-5 are also :func:`finish_conversion`, which every open runs: whatever plaintext an
interrupted conversion left (a ``.plain`` name, a plain backup) is dealt with at the next
start. Overwriting is what a program can do: on an SSD or a copy-on-write file system the old
blocks may survive until the drive reuses them (docs/security.md, "What is not defended").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from desktop.storage import cipher
from desktop.storage.backup import KEEP_BACKUPS, _new_backup_path, list_backups

ENCRYPTING = ".encrypting"
PLAIN = ".plain"
_CHUNK = 1 << 20


class ConversionError(Exception):
    """The plain file cannot be converted: ``detail`` says why (damaged, or rows differ)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def shred(path: Path) -> None:
    """Overwrite ``path`` with zeros, sync it, and remove it (no error if it is gone)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b") as handle:
        zeros = b"\0" * _CHUNK
        left = size
        while left > 0:
            step = min(left, _CHUNK)
            handle.write(zeros[:step])
            left -= step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink(missing_ok=True)


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _tables(connection: cipher.Connection, schema: str = "main") -> list[str]:
    return [row[0] for row in connection.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _counts(connection: cipher.Connection, schema: str = "main") -> dict[str, int]:
    return {name: connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
            for name in _tables(connection, schema)}


def _export(plain: Path, target: Path, key: bytes) -> None:
    """Write the encrypted copy of the plain file ``plain`` to ``target`` (replaced if there),
    synced, and check that every table has as many rows as in the plain file."""
    target.unlink(missing_ok=True)
    connection = cipher.connect_plain(plain)
    try:
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"",
                           (str(target),))
        # a scratch file until it is complete and synced below: no journal, no syncs of its own
        connection.execute("PRAGMA encrypted.journal_mode = OFF")
        connection.execute("PRAGMA encrypted.synchronous = OFF")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        if _counts(connection, "encrypted") != _counts(connection, "main"):
            raise ConversionError("row counts differ after the export")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    cipher.fsync_file(target)


def _swap(plain: Path, encrypted: Path) -> None:
    """Put the complete, synced ``encrypted`` file in place of ``plain`` atomically, then
    overwrite the plain bytes. The hard link ``<plain>.plain`` keeps them reachable by name
    across a kill between the rename and the overwrite."""
    link = _side(plain, PLAIN)
    link.unlink(missing_ok=True)
    linked = True
    try:
        os.link(plain, link)
    except OSError:
        linked = False  # no hard links here: the plain bytes are overwritten through a handle
    handle = None if linked else plain.open("r+b")
    try:
        os.replace(encrypted, plain)
        cipher.fsync_folder(plain.parent)
        if handle is not None:
            size = os.fstat(handle.fileno()).st_size
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        if handle is not None:
            handle.close()
    shred(link)


def _fold_wal(path: Path) -> None:
    """Check the plain file and bring everything of its WAL into it; the ``-wal`` and ``-shm``
    files are gone afterwards (journal mode DELETE)."""
    connection = cipher.connect_plain(path)
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise ConversionError(f"quick_check: {verdict}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise ConversionError("the database is in use")
    except cipher.DatabaseError as error:
        raise ConversionError(str(error)) from error
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        shred(_side(path, suffix))


def plain_revision(path: Path) -> tuple[str | None, bool]:
    """(Alembic revision or None, whether it holds any table) of a plain file, read-only."""
    connection = cipher.connect_plain(path)
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            return None, bool(tables)
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        return (rows[0][0] if rows else None), True
    except cipher.DatabaseError as error:
        raise ConversionError(str(error)) from error
    finally:
        connection.close()


def convert(path: Path, key: bytes, *, keep_backups: int = KEEP_BACKUPS,
            now: dt.datetime | None = None) -> Path:
    """Encrypt the plain database at ``path`` with ``key``, in place; returns the encrypted
    backup made first. Raises :class:`ConversionError` (the plain file is left as it was,
    apart from its WAL folded in) when it is damaged."""
    _fold_wal(path)
    backup = _new_backup_path(path, now or dt.datetime.now())
    partial = _side(backup, ".part")
    _export(path, partial, key)
    partial.replace(backup)
    encrypting = _side(path, ENCRYPTING)
    _export(path, encrypting, key)
    _swap(path, encrypting)
    finish_conversion(path, key, keep_backups=keep_backups)
    return backup


def finish_conversion(path: Path, key: bytes, *, keep_backups: int = KEEP_BACKUPS) -> None:
    """Remove what plaintext a conversion may have left beside the encrypted ``path``.

    Cheap when there is nothing to do (a look at the folder and 16 bytes of each backup), so
    every open runs it. ``path`` itself must already be encrypted.
    """
    if cipher.is_plain(path):
        return
    link = _side(path, PLAIN)
    if link.exists():
        same = False
        with contextlib.suppress(OSError):
            same = os.path.samefile(link, path)
        if same:
            link.unlink()
        else:
            shred(link)
    _side(path, ENCRYPTING).unlink(missing_ok=True)
    for backup in list_backups(path):
        for leftover in (_side(backup, PLAIN), _side(backup, ENCRYPTING)):
            if leftover.exists() and not os.path.samefile(leftover, backup):
                shred(leftover)
            else:
                leftover.unlink(missing_ok=True)
        if cipher.is_plain(backup):
            encrypting = _side(backup, ENCRYPTING)
            try:
                _export(backup, encrypting, key)
            except (cipher.DatabaseError, ConversionError):
                # a plain backup that cannot be read is of no use, and it is personal data
                encrypting.unlink(missing_ok=True)
                shred(backup)
                continue
            _swap(backup, encrypting)
    for part in path.parent.glob(f"{path.name}.*.bak.part"):
        shred(part)
    backups = list_backups(path)
    for old in backups[:-keep_backups] if keep_backups > 0 else []:
        old.unlink(missing_ok=True)
