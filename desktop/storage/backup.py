"""Dated copies of the database file, made with SQLite's online backup API (WAL included).

A backup is encrypted with the desk key like the database itself (``desktop.storage.cipher``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from desktop.storage import cipher
from desktop.storage.private import create_private

KEEP_BACKUPS = 10
_STAMP_FORMAT = "%Y-%m-%dT%H%M"
_NAME = re.compile(r"\.(\d{4}-\d{2}-\d{2}T\d{4})(?:-(\d+))?\.bak$")


def _backups_of(db_path: Path) -> list[tuple[str, int, Path]]:
    found = []
    prefix = db_path.name + "."
    if not db_path.parent.is_dir():
        return []
    for candidate in db_path.parent.iterdir():
        if not candidate.name.startswith(prefix):
            continue
        match = _NAME.search(candidate.name[len(db_path.name) :])
        if match and candidate.is_file():
            found.append((match.group(1), int(match.group(2) or 1), candidate))
    return sorted(found)


def list_backups(db_path: Path) -> list[Path]:
    """The backups of ``db_path``, oldest first."""
    return [path for _stamp, _n, path in _backups_of(db_path)]


def latest_backup(db_path: Path) -> Path | None:
    backups = list_backups(db_path)
    return backups[-1] if backups else None


def latest_good_backup(db_path: Path, key: bytes | None) -> Path | None:
    """The newest backup that opens with ``key`` and whose every page is sound (None: none).

    Used only when something is wrong, to name a backup that can really be restored; without
    a key, the newest backup by name.
    """
    if key is None:
        return latest_backup(db_path)
    for backup in reversed(list_backups(db_path)):
        try:
            connection = cipher.connect(backup, key, read_only=True)
            try:
                if cipher.damage(connection) is None:
                    return backup
            finally:
                connection.close()
        except cipher.Error:
            continue
    return None


def _new_backup_path(db_path: Path, now: dt.datetime) -> Path:
    stamp = now.strftime(_STAMP_FORMAT)
    candidate = db_path.with_name(f"{db_path.name}.{stamp}.bak")
    n = 2
    while candidate.exists():
        candidate = db_path.with_name(f"{db_path.name}.{stamp}-{n}.bak")
        n += 1
    return candidate


def make_backup(db_path: Path, key: bytes, keep: int = KEEP_BACKUPS,
                now: dt.datetime | None = None) -> Path:
    """Copy ``db_path`` to ``<name>.<YYYY-MM-DDTHHMM>.bak`` beside it; keep the newest ``keep``.

    The copy goes through ``Connection.backup``, so pages still in the ``-wal`` file are
    included and the copy is a consistent database on its own, encrypted with ``key`` like its
    source. The source is opened read-only. The local time is used in the name, since people
    read it. The copy is created ``0600``, as private as the database; one that does not fit
    on the disk is removed.
    """
    for stale in db_path.parent.iterdir():  # a copy cut short by a kill: never a backup
        if stale.name.startswith(db_path.name + ".") and stale.name.endswith(".bak.part"):
            stale.unlink(missing_ok=True)
    target = _new_backup_path(db_path, now or dt.datetime.now())
    partial = target.with_name(target.name + ".part")
    create_private(partial)
    try:
        source = cipher.connect(db_path, key, read_only=True)
        try:
            dest = cipher.connect(partial, key)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            finally:
                dest.close()
        finally:
            source.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    for old in list_backups(db_path)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target


def restore_backup(db_path: Path, backup_path: Path) -> Path | None:
    """Put ``backup_path`` in place of ``db_path``; the replaced file is kept as ``.damaged``.

    Returns where the replaced file went (None if there was none). The database must be closed.
    """
    moved: Path | None = None
    if db_path.exists():
        stamp = dt.datetime.now().strftime(_STAMP_FORMAT)
        moved = db_path.with_name(f"{db_path.name}.{stamp}.damaged")
        db_path.replace(moved)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            wal.replace(moved.with_name(moved.name + "-wal"))
    db_path.with_name(db_path.name + "-shm").unlink(missing_ok=True)
    partial = db_path.with_name(db_path.name + ".restore")
    partial.unlink(missing_ok=True)
    create_private(partial)
    shutil.copyfile(backup_path, partial)  # into the 0600 file: its mode stays
    partial.replace(db_path)
    return moved
