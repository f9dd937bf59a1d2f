"""The interface language known before the database is opened (for the first window).

The database is encrypted and its key is in the credential store, a quarter of a second away;
the choice is also kept beside the database in ``<database>.language``.
"""

from __future__ import annotations

from pathlib import Path

from desktop.services.workstation import set_setting
from desktop.startup import remember_language, remembered_language
from desktop.storage.database import Database


def test_the_language_kept_beside_the_database(tmp_path: Path):
    path = tmp_path / "komek.sqlite3"
    db = Database.open(path)
    set_setting(db, "language", "ru")
    db.close()
    assert remembered_language(path) is None  # the encrypted file is not read for it
    remember_language(path, "ru")
    assert remembered_language(path) == "ru"
    assert (tmp_path / "komek.sqlite3.language").read_text() == "ru"  # nothing else in it
    remember_language(path, "kk")
    assert remembered_language(path) == "kk"


def test_no_file_or_an_unknown_value(tmp_path: Path):
    path = tmp_path / "komek.sqlite3"
    assert remembered_language(path) is None
    remember_language(path, "en")
    assert remembered_language(path) is None
    (tmp_path / "komek.sqlite3.language").write_bytes(b"\xff\xfe")
    assert remembered_language(path) is None
