"""The check of every page left to the background (``Database.open(background_check=True)``):
the open returns before it, nothing waits for it, writes stay out of the file until it has
passed, and damage it finds is confirmed, recorded beside the file and refused by the next
start. Real encrypted files throughout; the check is held at a gate only to see what happens
while it runs, and then does its real work.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.demo.generate import fill_demo
from desktop.services.journal import Journal
from desktop.services.workstation import WorkstationSetup, load_setup, save_setup
from desktop.startup import ExitCode
from desktop.storage import cipher
from desktop.storage.backup import make_backup
from desktop.storage.damage_record import record_path, recorded_damage
from desktop.storage.database import Database, DatabaseCorruptError
from tests.support.storage import CheckGate, damage_a_middle_page, desk_key

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай ауылы әкімінің аппараты", office_name_ru="Аппарат акима села Актогай",
    office_code="AKT-02", operator_full_name="Тестова Айгүл", operator_position="маман")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[CheckGate]:
    held = CheckGate(monkeypatch)
    yield held
    held.release()


@pytest.fixture
def desk(db_path: Path) -> Path:
    """A closed desk database of 60 generated families."""
    with Database.open(db_path) as db:
        save_setup(db, SETUP)
        fill_demo(db, 60, seed=15)
        db.recovery_code_shown()
    return db_path


def test_a_healthy_database_opens_before_its_pages_are_checked(desk: Path, gate: CheckGate) -> None:
    db = Database.open(desk, background_check=True)
    try:
        check = db.page_check
        assert check is not None and not check.started and not check.done
        assert not gate.entered.is_set()  # the open itself read no page beyond its needs
        check.start()
        assert gate.entered.wait(10)
        assert gate.threads == {"komek-page-check"}  # on a thread of its own
        # while the check runs: reads and writes go on, and none reaches the file itself
        before = _digest(desk)
        assert Journal(db).count() == 60
        fill_demo(db, 40, seed=16)  # some MB: past SQLite's automatic checkpoint
        assert Journal(db).count() == 100
        assert _digest(desk) == before  # everything saved is in the -wal beside it
        assert not check.done
        gate.release()
        assert check.wait(30)
        assert check.passed and check.error is None
        save_setup(db, SETUP)  # the next write may checkpoint again
    finally:
        db.close()
    assert not record_path(desk).exists()
    with Database.open(desk) as again:  # the whole file checked at open, as the CLI does
        assert Journal(again).count() == 100


def test_damage_found_in_the_background_is_told_recorded_and_refused_next_time(
        desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_backup(desk, desk_key())
    damaged = damage_a_middle_page(desk)
    db = Database.open(desk, background_check=True)  # the cheap checks do not see it
    try:
        check = db.page_check
        assert check is not None
        verdicts: list[DatabaseCorruptError | None] = []
        check.when_done(verdicts.append)
        check.start()
        assert check.wait(30)
        assert not check.passed
        assert isinstance(check.error, DatabaseCorruptError)
        assert verdicts == [check.error]
        assert check.error.latest_backup == good
        assert "HMAC" in check.error.detail
        save_setup(db, SETUP)  # the person's work is still saved, in the -wal
        assert load_setup(db) == SETUP
    finally:
        db.close()
    assert desk.read_bytes() == damaged  # nothing copied into a damaged file, even at close
    record = recorded_damage(desk)
    assert record is not None and "HMAC verification failed for page" in record.problem
    text = record_path(desk).read_text(encoding="utf-8")
    assert set(json.loads(text)) == {"found", "problem"}
    for personal in (SETUP.operator_full_name, SETUP.office_name_ru, "Тестова"):
        assert personal not in text
    if os.name == "posix":
        assert record_path(desk).stat().st_mode & 0o077 == 0

    # the next start, window or command line, checks every page first and refuses the file
    with pytest.raises(DatabaseCorruptError) as caught:
        Database.open(desk, background_check=True)
    assert caught.value.latest_backup == good
    assert main(["--db", str(desk), "--lang", "kk", "setup", "show"]) == \
        ExitCode.DATABASE_CORRUPT
    error = capsys.readouterr().err
    assert str(desk) in error and str(good) in error
    assert desk.read_bytes() == damaged

    # the good backup put in its place: found sound, the note goes
    for side in desk.parent.glob(desk.name + "-*"):
        side.unlink()
    shutil.copyfile(good, desk)
    with Database.open(desk, background_check=True) as restored:
        assert restored.page_check is None  # checked whole at this open
        assert load_setup(restored) == SETUP
    assert not record_path(desk).exists()


def test_the_b_trees_are_checked_in_the_background_after_an_unclean_end(desk: Path) -> None:
    db = Database.open(desk)
    db.engine.dispose()  # no close(): the session's marker stays, as after a power cut
    db = Database.open(desk, background_check=True)
    try:
        assert db.page_check is not None and db.page_check.quick_check
        assert db.page_check.wait(30) and db.page_check.passed
    finally:
        db.close()
    db = Database.open(desk, background_check=True)
    try:
        assert db.page_check is not None and not db.page_check.quick_check
    finally:
        db.close()


def test_a_check_never_started_leaves_the_file_unchecked_for_the_next_open(desk: Path) -> None:
    db = Database.open(desk, background_check=True)
    before = _digest(desk)
    save_setup(db, SETUP)
    db.close()  # a start cancelled before the window was whole
    assert db.page_check is not None and db.page_check.done and not db.page_check.passed
    assert _digest(desk) == before  # its work stays in the -wal, read at the next open
    db = Database.open(desk, background_check=True)
    try:
        assert db.page_check is not None and db.page_check.quick_check
        assert load_setup(db) == SETUP
    finally:
        db.close()


def test_a_migration_is_never_left_to_the_background(desk: Path) -> None:
    raw = cipher.connect(desk, desk_key())
    with raw:
        raw.execute("UPDATE alembic_version SET version_num = '0012_conflict_fields'")
    raw.close()
    before = damage_a_middle_page(desk)
    with pytest.raises(DatabaseCorruptError):
        Database.open(desk, background_check=True)
    assert desk.read_bytes() == before  # no backup, no migration of a damaged file
