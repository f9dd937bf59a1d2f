"""A full disk is a message, not a traceback: on a real 3 MiB file system (tmpfs, as root),
and with SQLite's own page limit where a file system cannot be mounted."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop import i18n
from desktop.services.workstation import (
    WorkstationSetup,
    get_setting,
    load_setup,
    save_setup,
    set_setting,
)
from desktop.startup import ExitCode
from desktop.storage.database import Database, DiskFullError
from desktop.storage.errors import is_disk_full
from tests.support.storage import desk_key

ROOT = Path(__file__).resolve().parents[3]
SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
    office_name_ru="Отдел Актогайского района", office_code="AKT-01",
    operator_full_name="Оператор Тест", operator_position="маман")


def test_a_full_disk_is_said_so_and_what_was_saved_stays(small_disk):
    path = small_disk.folder / "komek.sqlite3"
    db = Database.open(path)
    save_setup(db, SETUP)
    small_disk.fill(db)
    with pytest.raises(DiskFullError) as raised:
        set_setting(db, "note", "x" * 20_000)
    assert is_disk_full(raised.value) and raised.value.path == path
    assert "На диске нет места" in i18n.render(raised.value.message, "ru")
    assert "Дискіде бос орын жоқ" in i18n.render(raised.value.message, "kk")
    db.close()  # never fails, even here
    small_disk.free()
    db = Database.open(path)
    try:
        setup = load_setup(db)
        assert setup is not None and setup.office_code == SETUP.office_code
        assert get_setting(db, "note") is None  # the transaction that did not fit: none of it
    finally:
        db.close()


def test_closing_never_fails_when_the_checkpoint_finds_no_room(small_disk):
    """The WAL holds committed work and the disk fills up: the checkpoint at close cannot
    grow the database file (sqlite3.OperationalError escaped close() before), and nothing
    committed is lost: the WAL is read at the next open."""
    path = small_disk.folder / "komek.sqlite3"
    db = Database.open(path)
    save_setup(db, SETUP)
    set_setting(db, "note", "y" * 400_000)  # in the WAL, not yet in the database file
    small_disk.fill()
    db.close()
    assert path.with_name("komek.sqlite3-wal").stat().st_size > 400_000
    small_disk.free()
    db = Database.open(path)
    try:
        assert get_setting(db, "note") == "y" * 400_000
    finally:
        db.close()


@pytest.mark.parametrize("lang, words", [("ru", "На диске нет места"),
                                         ("kk", "Дискіде бос орын жоқ")])
def test_the_command_line_says_the_disk_is_full(small_disk, lang, words):
    path = small_disk.folder / "komek.sqlite3"
    db = Database.open(path)
    save_setup(db, SETUP)
    db.close()  # the last connection's close removes the -wal and -shm: their room is free
    small_disk.fill()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "desktop", "--db", str(path), "--lang", lang,
                             "setup", "show"], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == ExitCode.DISK_FULL, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    small_disk.free()
    db = Database.open(path)
    try:
        assert load_setup(db) is not None
    finally:
        db.close()


def test_the_page_limit_stands_in_for_a_small_disk(tmp_path):
    """Where no file system can be mounted: SQLite's max_page_count gives the same
    SQLITE_FULL, and the same DiskFullError with its message."""
    db = Database.open(tmp_path / "komek.sqlite3")
    save_setup(db, SETUP)
    with db.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(db.engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    db.engine.dispose()
    with pytest.raises(DiskFullError):
        set_setting(db, "note", "z" * 50_000)
    db.close()
    db = Database.open(tmp_path / "komek.sqlite3")
    try:
        assert load_setup(db) is not None and get_setting(db, "note") is None
    finally:
        db.close()


def test_a_backup_that_does_not_fit_is_a_full_disk_not_damage(small_disk):
    """An older desk's database must be backed up before its migration: on a full disk the
    start says the disk is full (not "damaged", not "cannot write"), leaves no partial
    backup, and the database as it was."""
    from desktop.storage import migrate
    from desktop.storage.engine import create_sqlite_engine

    path = small_disk.folder / "komek.sqlite3"
    engine = create_sqlite_engine(path, desk_key())
    migrate.upgrade(engine, "0001_initial")
    engine.dispose()
    before = path.read_bytes()
    small_disk.fill()
    with pytest.raises(DiskFullError):
        Database.open(path)
    assert not [p.name for p in small_disk.folder.iterdir() if ".bak" in p.name]
    assert path.read_bytes() == before
