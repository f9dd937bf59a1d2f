"""Backups: dated names, WAL content included, only the newest kept, restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.storage import cipher
from desktop.storage.backup import latest_backup, list_backups, make_backup, restore_backup
from desktop.storage.database import Database
from desktop.storage.settings import read_setting, write_setting
from tests.support.storage import connect, desk_key


def test_backup_name_is_dated_and_beside_the_database(db_path: Path) -> None:
    Database.open(db_path).close()
    made = make_backup(db_path, desk_key(), now=dt.datetime(2026, 11, 22, 3, 15))
    assert made == db_path.with_name("komek.sqlite3.2026-11-22T0315.bak")
    again = make_backup(db_path, desk_key(), now=dt.datetime(2026, 11, 22, 3, 15))
    assert again.name == "komek.sqlite3.2026-11-22T0315-2.bak"
    assert latest_backup(db_path) == again


def test_backup_includes_changes_still_in_the_wal(db_path: Path) -> None:
    db = Database.open(db_path)
    with db.session() as session:
        write_setting(session, "only-in-wal", "yes")
    assert db_path.with_name("komek.sqlite3-wal").stat().st_size > 0  # not checkpointed yet
    made = make_backup(db_path, desk_key())
    db.close()
    copy = connect(made)
    assert copy.execute("SELECT value FROM settings WHERE key = 'only-in-wal'").fetchone() == (
        "yes",
    )
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()


def test_a_backup_is_encrypted_like_the_database(db_path: Path) -> None:
    with Database.open(db_path) as db, db.session() as session:
        write_setting(session, "marker", "Сәрсенбаева Әлия")
    made = make_backup(db_path, desk_key())
    data = made.read_bytes()
    assert not cipher.is_plain(made)
    assert "Сәрсенбаева".encode() not in data and b"settings" not in data
    stranger = cipher.connect(made, bytes(32), read_only=True)
    with pytest.raises(cipher.DatabaseError):
        stranger.execute("SELECT count(*) FROM sqlite_master").fetchone()
    stranger.close()


def test_only_the_newest_backups_are_kept(db_path: Path) -> None:
    Database.open(db_path).close()
    for minute in range(6):
        make_backup(db_path, desk_key(), keep=3, now=dt.datetime(2026, 1, 1, 10, minute))
    names = [p.name for p in list_backups(db_path)]
    assert names == [
        "komek.sqlite3.2026-01-01T1003.bak",
        "komek.sqlite3.2026-01-01T1004.bak",
        "komek.sqlite3.2026-01-01T1005.bak",
    ]


def test_restore_puts_the_backup_in_place_and_keeps_the_damaged_file(db_path: Path) -> None:
    with Database.open(db_path) as db, db.session() as session:
        write_setting(session, "k", "before")
    backup = make_backup(db_path, desk_key())
    db_path.write_bytes(b"garbage" * 1000)
    moved = restore_backup(db_path, backup)
    assert moved is not None and moved.read_bytes().startswith(b"garbage")
    with Database.open(db_path) as db, db.session() as session:
        assert read_setting(session, "k") == "before"
