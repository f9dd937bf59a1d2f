"""The interface language read before the database is opened (for the first window)."""

from __future__ import annotations

from pathlib import Path

from desktop.services.workstation import set_setting
from desktop.startup import remembered_language
from desktop.storage.database import Database


def test_the_language_saved_in_the_database(tmp_path: Path):
    path = tmp_path / "komek.sqlite3"
    db = Database.open(path)
    assert remembered_language(path) is None  # open, nothing saved yet
    set_setting(db, "language", "ru")
    db.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    assert remembered_language(path) == "ru"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal/-shm left


def test_no_file_a_damaged_file_or_an_unknown_value(tmp_path: Path):
    assert remembered_language(tmp_path / "missing.sqlite3") is None
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database" * 100)
    assert remembered_language(damaged) is None
    assert damaged.read_bytes() == b"not a database" * 100
    path = tmp_path / "komek.sqlite3"
    db = Database.open(path)
    set_setting(db, "language", "en")
    db.close()
    assert remembered_language(path) is None
