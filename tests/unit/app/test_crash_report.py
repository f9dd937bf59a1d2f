"""A crash report keeps what a developer needs and nothing a person typed."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from desktop import crash
from desktop.__main__ import unexpected
from desktop.startup import ExitCode

IIN = "900101300126"
NAME = "Жұмабекова Айгүл"


def _failed() -> BaseException:
    """A chain as a real failure gives it: a driver's error, wrapped, then a ValueError."""
    try:
        try:
            connection = sqlite3.connect(":memory:")
            connection.execute("CREATE TABLE people (iin TEXT PRIMARY KEY)")
            connection.execute("INSERT INTO people VALUES (?)", (IIN,))
            connection.execute("INSERT INTO people VALUES (?)", (IIN,))
        except sqlite3.IntegrityError as error:
            raise ValueError(f"{NAME}, ИИН {IIN}: already registered") from error
    except ValueError as error:
        return error
    raise AssertionError("no failure")


def test_the_report_has_kinds_and_lines_but_no_message_or_value():
    text = crash.report_text(_failed())
    assert IIN not in text and NAME not in text and "already registered" not in text
    assert "builtins.ValueError" in text
    assert "sqlite3.IntegrityError [SQLITE_CONSTRAINT_PRIMARYKEY]" in text
    assert "which led to:" in text and "in _failed" in text
    assert "already registered" not in text  # not even the source line that says it
    assert str(Path(__file__).resolve().parent) not in text  # no machine's own path
    assert 'File "test_crash_report.py"' in text


def test_an_os_error_is_named_by_its_errno_not_its_path():
    error = OSError(errno.EACCES, "Permission denied", f"/home/{NAME}/{IIN}.pdf")
    try:
        raise error
    except OSError as raised:
        text = crash.report_text(raised)
    assert "builtins.PermissionError [EACCES]" in text and IIN not in text and NAME not in text


def test_the_command_line_leaves_a_report_and_says_where(tmp_path, capsys):
    db = tmp_path / "data" / "komek.sqlite3"
    assert unexpected(_failed(), str(db), "kk") == ExitCode.FAILED  # type: ignore[arg-type]
    err = capsys.readouterr().err
    (report,) = (tmp_path / "data" / "logs").iterdir()
    assert str(report) in err and "Kömek күтпеген қатеге байланысты тоқтады" in err
    for text in (err, report.read_text(encoding="utf-8")):
        assert IIN not in text and NAME not in text


@pytest.mark.parametrize("count", [crash.KEEP_REPORTS + 3])
def test_only_the_newest_reports_are_kept(tmp_path, count):
    import datetime as dt

    for minute in range(count):
        crash.write_report(tmp_path, "report\n", now=dt.datetime(2026, 1, 1, 10, minute))
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == crash.KEEP_REPORTS
    assert kept[-1] == f"crash-2026-01-01T10{count - 1:02d}00.txt"
