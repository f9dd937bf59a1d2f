"""Owner-only files: the database, its -wal and -shm, backups, restored copies, the prints and
crash reports are created 0600 in 0700 folders, whatever the process's umask; a desk from
before the rule gets its data folder tightened at the next start."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import crash
from desktop.storage import migrate
from desktop.storage.backup import list_backups, make_backup, restore_backup
from desktop.storage.database import Database
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.private import private_folder, write_private
from tests.support.storage import desk_key

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: the profile)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual umask of a desktop session (022): what Kömek makes must be private anyway."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def everything(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


def test_a_new_database_its_wal_shm_and_backups_are_the_owners_alone(tmp_path, open_umask):
    path = tmp_path / "data" / "komek.sqlite3"
    db = Database.open(path)
    try:
        with db.engine.connect() as connection:  # the -wal and -shm exist while it is open
            connection.exec_driver_sql("SELECT count(*) FROM settings").fetchall()
            found = everything(path.parent)
        assert {"komek.sqlite3", "komek.sqlite3-wal", "komek.sqlite3-shm"} <= set(found)
        backup = make_backup(path, desk_key())
    finally:
        db.close()
    assert mode(path.parent) == 0o700
    assert found == dict.fromkeys(found, 0o600)
    assert mode(backup) == 0o600
    moved = restore_backup(path, backup)
    assert moved is not None and mode(moved) == 0o600 and mode(path) == 0o600


def test_the_backup_before_a_migration_is_private(tmp_path, open_umask):
    path = tmp_path / "data" / "komek.sqlite3"
    path.parent.mkdir()
    # an old desk's database, made with the wide umask
    engine = create_sqlite_engine(path, desk_key())
    migrate.upgrade(engine, "0001_initial")
    engine.dispose()
    assert mode(path) == 0o644
    Database.open(path).close()
    backups = list_backups(path)
    assert len(backups) == 1 and mode(backups[0]) == 0o600 and mode(path) == 0o600


def test_a_desk_from_before_is_tightened_at_the_next_start(tmp_path, open_umask, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    from desktop.storage.location import default_db_path

    path = default_db_path()
    assert path.parent == tmp_path / "share" / "Komek"
    Database.open(path).close()
    # As a desk installed before the rule had it: the folder 0755, its files 0644.
    for folder in (path.parent, path.parent / "prints"):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o755)
    for name in ("komek.sqlite3", "komek.sqlite3.2025-01-01T1000.bak", "prints/A-coupon.pdf",
                 "anything-else.txt"):
        (path.parent / name).touch()
        (path.parent / name).chmod(0o644)
    Database.open(path).close()
    found = everything(path.parent)
    assert mode(path.parent) == 0o700
    assert found == {name: 0o700 if (path.parent / name).is_dir() else 0o600 for name in found}


def test_a_database_elsewhere_leaves_the_folders_other_files_alone(tmp_path, open_umask):
    folder = tmp_path / "documents"
    folder.mkdir()
    folder.chmod(0o755)
    theirs = folder / "letter.odt"
    theirs.touch()
    theirs.chmod(0o644)
    path = folder / "komek.sqlite3"
    Database.open(path).close()
    path.chmod(0o644)  # as an old version left it
    Database.open(path).close()
    assert mode(path) == 0o600
    assert mode(theirs) == 0o644 and mode(folder) == 0o755


def test_a_written_file_is_private_and_whole(tmp_path, open_umask):
    folder = private_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == 0o700 and mode(folder) == 0o700
    target = folder / "report.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_private(target, b"new contents")
    assert target.read_bytes() == b"new contents" and mode(target) == 0o600
    assert [p.name for p in folder.iterdir()] == ["report.xlsx"]  # no .part left


def test_a_crash_report_is_private(tmp_path, open_umask):
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = crash.write_report(tmp_path / "logs", crash.report_text(error))
    assert report is not None
    assert mode(report.parent) == 0o700 and mode(report) == 0o600
