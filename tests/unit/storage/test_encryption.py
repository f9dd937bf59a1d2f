"""The desk database at rest: encrypted, opened only with the desk key, the key kept safe,
and the recovery code that brings the key back."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.services.recovery import RecoveryRefused, recover
from desktop.services.workstation import set_setting
from desktop.storage import cipher, keystore
from desktop.storage.backup import make_backup
from desktop.storage.database import Database, DatabaseCorruptError
from desktop.storage.recovery_code import RecoveryCodeError, format_code, groups, parse_code
from tests.support.storage import connect, desk_key

NAME = "Сәрсенбаева Әлия Қайратқызы"


def _desk(path: Path) -> None:
    with Database.open(path) as db:
        set_setting(db, "probe", NAME)


def test_the_file_holds_no_readable_data_and_opens_only_with_the_key(db_path: Path) -> None:
    _desk(db_path)
    data = db_path.read_bytes()
    assert not data.startswith(cipher.PLAIN_MAGIC)
    assert NAME.encode() not in data and b"CREATE TABLE" not in data and b"settings" not in data
    with connect(db_path, read_only=True) as raw:
        assert raw.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone() == (NAME,)
    stranger = cipher.connect(db_path, os.urandom(32), read_only=True)
    with pytest.raises(cipher.DatabaseError):
        stranger.execute("SELECT count(*) FROM sqlite_master").fetchone()
    stranger.close()


def test_a_wrong_key_reads_as_a_damaged_file_and_the_file_is_left_alone(
        db_path: Path, tmp_path: Path, monkeypatch) -> None:
    _desk(db_path)
    make_backup(db_path, desk_key())
    before = db_path.read_bytes()
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "other-config"))
    keystore.store_key(keystore.new_key())  # another computer's key
    with pytest.raises(DatabaseCorruptError) as caught:
        Database.open(db_path)
    assert caught.value.path == db_path
    assert caught.value.latest_backup is None  # no backup opens with that key either
    assert "komek setup recover" in caught.value.message.msgid
    assert db_path.read_bytes() == before


def test_no_key_at_all_is_refused_and_no_new_key_is_made_for_an_existing_file(
        db_path: Path, tmp_path: Path, monkeypatch) -> None:
    _desk(db_path)
    backup = make_backup(db_path, desk_key())
    before = db_path.read_bytes()
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "reset-store"))
    with pytest.raises(DatabaseCorruptError) as caught:
        Database.open(db_path)
    assert caught.value.latest_backup == backup
    assert keystore.load_key() is None
    assert db_path.read_bytes() == before


def test_without_a_credential_store_the_key_file_is_the_owners_alone(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "config"))
    with Database.open(tmp_path / "data" / "komek.sqlite3") as db:
        assert db.key_location == "file"
    key_file = tmp_path / "config" / "database-key"
    if os.name == "posix":  # on Windows the profile folder's ACL is what protects it
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key_file.read_text())) == 32


def test_the_recovery_code_is_the_key_with_a_check_digit_per_group() -> None:
    key = os.urandom(32)
    code = format_code(key)
    assert len(code.splitlines()) == 4
    assert len(groups(key)) == 16 and all(len(g) == 6 and g.isdigit() for g in groups(key))
    assert parse_code(code) == key
    assert parse_code(" ".join(groups(key))) == key  # typed with spaces, on one line
    digits = "".join(groups(key))
    for position in range(len(digits)):  # every single mistyped digit names its group
        for wrong in "0123456789":
            if wrong == digits[position]:
                continue
            typed = digits[:position] + wrong + digits[position + 1:]
            with pytest.raises(RecoveryCodeError) as caught:
                parse_code(typed)
            assert caught.value.group == position // 6 + 1
    for position in range(len(digits) - 1):  # and every swap of two neighbours in a group
        if position % 6 == 5 or digits[position] == digits[position + 1]:
            continue
        swapped = (digits[:position] + digits[position + 1] + digits[position]
                   + digits[position + 2:])
        with pytest.raises(RecoveryCodeError):
            parse_code(swapped)
    with pytest.raises(RecoveryCodeError) as short:
        parse_code(digits[:-6])
    assert short.value.group == 0 and short.value.digits == 90


def test_the_code_opens_the_database_on_a_new_computer_and_stores_the_key_again(
        db_path: Path, tmp_path: Path, monkeypatch) -> None:
    _desk(db_path)
    with Database.open(db_path) as db:
        code = db.recovery_code()
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "new-computer"))
    with pytest.raises(DatabaseCorruptError):
        Database.open(db_path)
    wrong = format_code(os.urandom(32))
    with pytest.raises(DatabaseCorruptError):  # a valid code of another desk: as damage
        recover(db_path, wrong)
    assert keystore.load_key() is None
    with pytest.raises(RecoveryRefused):
        recover(db_path, code[:-1])
    assert recover(db_path, code) == "file"
    with Database.open(db_path) as db, connect(db_path, read_only=True) as raw:
        assert raw.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone() == (NAME,)
        assert db.recovery_code() == code


def test_the_recovery_code_is_due_once(db_path: Path) -> None:
    with Database.open(db_path) as db:
        assert db.recovery_code_due()
        db.recovery_code_shown()
    with Database.open(db_path) as db:
        assert not db.recovery_code_due()
