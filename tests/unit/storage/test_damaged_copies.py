"""Damage is detected, not written over: 49 damaged copies of a real encrypted desk database
(truncated, bytes flipped at many offsets, data and index pages zeroed), each given to the
program as a person would start it. Every one is refused with exit 5 and the message naming
the file and its latest good backup, or opens with its data intact; no damaged one is changed.

Before encryption, 11 of 49 such copies with a damaged data or index page opened with exit 0
and were then written to: the integrity check ran only after an unclean end or before a
migration, and SQLite reads no page it does not need.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.demo.generate import fill_demo
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.startup import ExitCode
from desktop.storage.backup import make_backup
from desktop.storage.cipher import PAGE_SIZE
from desktop.storage.database import Database, DatabaseCorruptError
from tests.support.storage import connect, desk_key, encrypted_digest

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район", office_kind="akimat",
    office_name_kk="Ақтоғай селосы әкімі аппараты", office_name_ru="Аппарат акима села Актогай",
    office_code="AKT-02", operator_full_name="Тестова Айгүл", operator_position="маман")


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> tuple[Path, Path]:
    """(the database, its good backup): 200 generated families, closed cleanly."""
    folder = tmp_path_factory.mktemp("desk")
    path = folder / "komek.sqlite3"
    with Database.open(path) as db:
        save_setup(db, SETUP)
        fill_demo(db, 200, seed=49)
        db.recovery_code_shown()
    backup = make_backup(path, desk_key())
    return path, backup


def _root_pages(path: Path) -> tuple[list[int], list[int]]:
    """Root pages of the tables (data) and of the indexes, in page order."""
    with connect(path, read_only=True) as raw:
        rows = raw.execute("SELECT type, rootpage FROM sqlite_master "
                           "WHERE rootpage > 1 ORDER BY rootpage").fetchall()
    return ([page for kind, page in rows if kind == "table"],
            [page for kind, page in rows if kind == "index"])


def _spread(items: list[int], count: int) -> list[int]:
    step = max(1, len(items) // count)
    return items[::step][:count]


def damaged_copies(path: Path) -> list[tuple[str, bytes]]:
    data = path.read_bytes()
    size = len(data)
    pages = size // PAGE_SIZE
    copies: list[tuple[str, bytes]] = []
    for cut in (100, PAGE_SIZE, 2 * PAGE_SIZE, pages // 4 * PAGE_SIZE, pages // 2 * PAGE_SIZE,
                (pages - 1) * PAGE_SIZE, size - 1000, size - 1):
        copies.append((f"truncated to {cut} bytes", data[:cut]))
    offsets = [0, 7, 15, 16, 20, 100, 2000, PAGE_SIZE - 1]  # the salt, page 1, its HMAC
    for i in range(17):
        page = 1 + (pages - 2) * i // 16
        offsets.append(page * PAGE_SIZE + (i * 241) % PAGE_SIZE)
    for offset in offsets:
        flipped = bytearray(data)
        flipped[offset] ^= 0x10
        copies.append((f"byte {offset} flipped", bytes(flipped)))
    tables, indexes = _root_pages(path)
    for kind, chosen in (("data", _spread(tables, 8)), ("index", _spread(indexes, 8))):
        for page in chosen:
            zeroed = bytearray(data)
            start = (page - 1) * PAGE_SIZE
            zeroed[start:start + PAGE_SIZE] = bytes(PAGE_SIZE)
            copies.append((f"{kind} page {page} zeroed", bytes(zeroed)))
    return copies


def _in_a_folder(folder: Path, content: bytes, name: str, backup: Path) -> tuple[Path, Path]:
    """(the damaged copy, its good backup), alone in ``folder`` as on a desk."""
    folder.mkdir()
    copy = folder / name
    copy.write_bytes(content)
    good = folder / backup.name
    shutil.copyfile(backup, good)
    return copy, good


def test_every_damaged_copy_is_refused_or_intact_and_none_is_modified(
        desk: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    path, backup = desk
    expected = encrypted_digest(path)
    copies = damaged_copies(path)
    assert len(copies) == 49
    refused = 0
    for number, (label, content) in enumerate(copies):
        copy, good = _in_a_folder(tmp_path / f"copy-{number}", content, path.name, backup)
        folder = copy.parent
        code = main(["--db", str(copy), "--lang", "ru", "setup", "show"])
        out = capsys.readouterr()
        assert "Traceback" not in out.err, label
        if code == ExitCode.DATABASE_CORRUPT:
            refused += 1
            assert str(copy) in out.err and str(good) in out.err, (label, out.err)
            assert copy.read_bytes() == content, f"{label}: modified"
            assert sorted(p.name for p in folder.iterdir()) == sorted([copy.name, good.name])
        else:
            assert code == ExitCode.OK, (label, code, out.err)
            assert encrypted_digest(copy) == expected, f"{label}: opened with damaged data"
    assert refused == len(copies)  # the HMAC of each page and the file's length catch all


def test_the_message_names_the_latest_backup_that_is_good(
        desk: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    path, backup = desk
    copy = tmp_path / path.name
    data = bytearray(path.read_bytes())
    data[PAGE_SIZE * 3 + 10] ^= 1
    copy.write_bytes(bytes(data))
    good = tmp_path / backup.name
    shutil.copyfile(backup, good)
    newer = tmp_path / f"{path.name}.2099-01-01T0000.bak"  # newest by name, but damaged
    newer.write_bytes(bytes(data))
    assert main(["--db", str(copy), "--lang", "kk", "setup", "show"]) == \
        ExitCode.DATABASE_CORRUPT
    error = capsys.readouterr().err
    assert str(good) in error and str(newer) not in error
    assert "komek setup recover" in error


def test_the_windows_start_finds_every_damaged_copy_at_open_or_in_the_background(
        desk: tuple[Path, Path], tmp_path: Path) -> None:
    """The window opens with the cheap checks only and checks every page in the background:
    each damaged copy is refused at the open or found by that check, and none is modified,
    not even by the session that found it."""
    path, backup = desk
    at_open = in_background = 0
    for number, (label, content) in enumerate(damaged_copies(path)):
        copy, good = _in_a_folder(tmp_path / f"copy-{number}", content, path.name, backup)
        try:
            db = Database.open(copy, background_check=True)
        except DatabaseCorruptError as error:
            at_open += 1
            assert error.latest_backup == good, label
        else:
            try:
                check = db.page_check
                assert check is not None, label
                assert check.wait(60), label
                assert check.error is not None and not check.passed, label
                assert check.error.latest_backup == good, label
                in_background += 1
            finally:
                db.close()
            with pytest.raises(DatabaseCorruptError):  # and the next start refuses it
                Database.open(copy, background_check=True)
        assert copy.read_bytes() == content, f"{label}: modified"
    assert at_open + in_background == 49
    assert in_background > 0  # the cheap checks alone would have missed these
