"""Corrupt, too new and unwritable databases become typed errors with a message."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.domain.text import Text
from desktop.storage.backup import make_backup
from desktop.storage.database import (
    Database,
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DataFolderNotWritableError,
    current_revision,
)
from tests.support.storage import connect, desk_key


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_garbage_bytes_raise_corrupt_with_the_latest_backup(db_path: Path) -> None:
    Database.open(db_path).close()
    backup = make_backup(db_path, desk_key())
    db_path.write_bytes(os.urandom(8192))
    with pytest.raises(DatabaseCorruptError) as caught:
        Database.open(db_path)
    assert caught.value.path == db_path
    assert caught.value.latest_backup == backup
    assert isinstance(caught.value, DatabaseError)
    assert isinstance(caught.value.message, Text)
    assert "{backup}" in caught.value.message.msgid


def _damage_a_page(db_path: Path, *, crash: bool) -> None:
    db = Database.open(db_path)
    with db.engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE filler (x TEXT)")
        c.exec_driver_sql("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(400)])
    if crash:  # no close(): the session marker stays, as after a power cut
        with db.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.engine.dispose()
    else:
        db.close()
    data = bytearray(db_path.read_bytes())
    last_page = len(data) // 4096 - 1
    data[4096 * last_page + 8 : 4096 * last_page + 1024] = os.urandom(1016)
    db_path.write_bytes(bytes(data))


def test_a_damaged_page_is_found_by_the_integrity_check(db_path: Path) -> None:
    _damage_a_page(db_path, crash=False)
    with pytest.raises(DatabaseCorruptError) as caught:
        Database.open(db_path, integrity_check=True)
    assert caught.value.latest_backup is None
    assert "no backup" in caught.value.message.msgid


def test_after_a_crash_the_integrity_check_runs_by_itself(db_path: Path) -> None:
    _damage_a_page(db_path, crash=True)
    with pytest.raises(DatabaseCorruptError):
        Database.open(db_path)


def test_a_damaged_page_is_refused_at_open_even_after_a_clean_end(db_path: Path) -> None:
    _damage_a_page(db_path, crash=False)
    before = db_path.read_bytes()
    with pytest.raises(DatabaseCorruptError):
        Database.open(db_path)  # every page's HMAC is checked before anything is written
    assert db_path.read_bytes() == before


def test_damage_met_later_in_a_session_is_reported_the_same_way(db_path: Path) -> None:
    db = Database.open(db_path)
    with db.engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE filler (x TEXT)")
        c.exec_driver_sql("INSERT INTO filler VALUES (?)", [("x" * 500,) for _ in range(400)])
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.engine.dispose()  # no page of the file in any connection's cache
    with db_path.open("r+b") as handle:  # damaged on disk while the program runs
        handle.seek(db_path.stat().st_size - 4096 + 8)
        handle.write(os.urandom(1016))
    with pytest.raises(DatabaseCorruptError), db.session() as session:
        session.execute(text("SELECT count(*), max(x) FROM filler")).all()
    db.close()


def test_a_foreign_sqlite_file_is_not_taken_for_ours(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    other = sqlite3.connect(db_path)  # another program's plain SQLite file
    other.execute("CREATE TABLE something (x)")
    other.commit()
    other.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseCorruptError):
        Database.open(db_path)
    assert db_path.read_bytes() == before  # not converted: it is not a Kömek database


def test_a_revision_from_a_newer_app_is_refused_and_the_file_left_untouched(
    db_path: Path,
) -> None:
    Database.open(db_path).close()
    raw = connect(db_path)
    raw.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    raw.commit()
    raw.close()
    before = _files(db_path.parent)
    with pytest.raises(DatabaseTooNewError) as caught:
        Database.open(db_path)
    assert caught.value.revision == "0099_from_the_future"
    assert _files(db_path.parent) == before  # no backup, no WAL, no byte changed
    assert current_revision(db_path) == "0099_from_the_future"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFolderNotWritableError) as caught:
            Database.open(folder / "komek.sqlite3")
        assert caught.value.path == folder
    finally:
        folder.chmod(0o700)


def test_a_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DataFolderNotWritableError) as caught:
        Database.open(blocker / "Komek" / "komek.sqlite3")
    assert caught.value.path == blocker / "Komek"
    assert isinstance(caught.value.message, Text)


def test_an_empty_file_is_a_new_database(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    with Database.open(db_path) as db:
        assert db.revision() is not None
