"""A desk in the field upgraded: its plain database, with what is still in its WAL and its plain
backups, encrypted on the first start of the version that encrypts, nothing lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.demo.generate import fill_demo
from desktop.storage import cipher
from desktop.storage.backup import list_backups
from desktop.storage.database import Database, DatabaseCorruptError, DatabaseTooNewError
from tests.support.storage import decrypt_to_plain, desk_key, encrypted_digest, plain_digest

LATE = "written just before the upgrade"


@pytest.fixture(scope="module")
def plain_desk(tmp_path_factory) -> Path:
    """The plain database a desk of the previous version holds: 120 generated families."""
    folder = tmp_path_factory.mktemp("plain-desk")
    source = folder / "source.sqlite3"
    with Database.open(source) as db:
        fill_demo(db, 120, seed=15)
    plain = folder / "komek.sqlite3"
    decrypt_to_plain(source, plain)
    return plain


def _field_desk(plain: Path, folder: Path) -> Path:
    """A copy of the plain desk as a power cut leaves it: a last change only in its -wal, and
    two plain dated backups beside it."""
    folder.mkdir()
    live = folder / "komek.sqlite3"
    shutil.copyfile(plain, live)
    for stamp in ("2026-01-05T1000", "2026-02-05T1000"):
        shutil.copyfile(plain, folder / f"komek.sqlite3.{stamp}.bak")
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO settings (key, value, updated_at) VALUES ('late', ?, "
                   "'2026-03-01 10:00:00.000000')", (LATE,))
    writer.commit()
    crashed = folder.parent / (folder.name + "-crashed")
    shutil.copytree(folder, crashed)  # the files as they are while the writer still runs
    writer.close()
    shutil.rmtree(folder)
    crashed.rename(folder)
    assert (folder / "komek.sqlite3-wal").stat().st_size > 0
    return live


def _applicant_names(plain: Path) -> list[str]:
    with sqlite3.connect(plain) as connection:
        return [r[0] for r in connection.execute(
            "SELECT applicant_name FROM applications ORDER BY id LIMIT 20")]


def test_a_plain_desk_is_encrypted_with_nothing_lost_and_no_plaintext_left(
        plain_desk: Path, tmp_path: Path) -> None:
    live = _field_desk(plain_desk, tmp_path / "desk")
    expected = plain_digest(live)  # read through SQLite: includes the row still in the WAL
    assert expected[0]["applications"] == 120
    names = _applicant_names(plain_desk)

    with Database.open(live) as db:
        assert db.recovery_code_due()  # the upgraded desk is shown its code once
        with db.engine.connect() as c:
            assert c.exec_driver_sql("SELECT value FROM settings WHERE key = 'late'").scalar() \
                == LATE

    assert encrypted_digest(live) == expected  # the open's own marker is gone after close
    backups = list_backups(live)
    assert len(backups) == 3  # the two old ones and the one made before converting
    conversion_backup = backups[-1]
    assert encrypted_digest(conversion_backup) == expected
    for old in backups[:-1]:
        assert encrypted_digest(old) == plain_digest(plain_desk)
    for path in tmp_path.joinpath("desk").iterdir():
        data = path.read_bytes()
        assert not data.startswith(cipher.PLAIN_MAGIC), path.name
        for name in names:
            assert name.encode() not in data, path.name
    assert sorted(p.name for p in tmp_path.joinpath("desk").iterdir()) == sorted(
        [live.name, *(b.name for b in backups)])


def test_the_conversion_itself_keeps_every_row_byte_for_byte(
        plain_desk: Path, tmp_path: Path) -> None:
    """The encrypted file right after the swap, before the program writes anything."""
    from desktop.storage.conversion import convert

    live = _field_desk(plain_desk, tmp_path / "desk")
    expected = plain_digest(live)
    convert(live, desk_key())
    assert encrypted_digest(live) == expected


def test_a_damaged_plain_database_is_refused_not_converted(
        plain_desk: Path, tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    live = folder / "komek.sqlite3"
    data = bytearray(plain_desk.read_bytes())
    data[4096 * 5:4096 * 6] = b"\xff" * 4096
    live.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError):
        Database.open(live)
    assert cipher.is_plain(live) and not list_backups(live)
    assert not (folder / "komek.sqlite3.encrypting").exists()


def test_a_plain_database_of_a_newer_version_is_left_untouched(
        plain_desk: Path, tmp_path: Path) -> None:
    live = tmp_path / "komek.sqlite3"
    shutil.copyfile(plain_desk, live)
    with sqlite3.connect(live) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099_future'")
    connection.close()
    before = live.read_bytes()
    with pytest.raises(DatabaseTooNewError):
        Database.open(live)
    assert live.read_bytes() == before
