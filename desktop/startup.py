"""Start-up decisions that need no Qt: which language, which database file, what went wrong.

Kept apart from the window code so the same clear messages serve the GUI and the command line.
"""

from __future__ import annotations

import locale
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.text import Text
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DataFolderNotWritableError,
    DiskFullError,
)


class ExitCode:
    """Process exit codes, documented in the README."""

    OK = 0
    FAILED = 1
    BAD_ARGUMENTS = 2
    DATA_FOLDER_NOT_WRITABLE = 3
    DATABASE_TOO_NEW = 4
    DATABASE_CORRUPT = 5
    DISK_FULL = 6


def system_language() -> str:
    """The operating system's language if it is one of ours, else Kazakh (the state language)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value[:2] in LANGUAGES:
            return value[:2]
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return code[:2] if code[:2] in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True)
class StartupProblem:
    """A reason Kömek cannot start, with the message a person should read."""

    message: Text
    exit_code: int


def unknown_language(value: str) -> StartupProblem:
    return StartupProblem(
        Text("Unknown interface language «{value}». Use kk (Kazakh) or ru (Russian).", value=value),
        ExitCode.BAD_ARGUMENTS,
    )


def database_problem(error: DatabaseError) -> StartupProblem:
    """The storage layer's own message, with the exit code of its kind of problem."""
    codes = {
        DataFolderNotWritableError: ExitCode.DATA_FOLDER_NOT_WRITABLE,
        DatabaseTooNewError: ExitCode.DATABASE_TOO_NEW,
        DatabaseCorruptError: ExitCode.DATABASE_CORRUPT,
        DiskFullError: ExitCode.DISK_FULL,
    }
    code = next((c for kind, c in codes.items() if isinstance(error, kind)), ExitCode.FAILED)
    return StartupProblem(error.message, code)


def disk_full_problem(path: Path) -> StartupProblem:
    return database_problem(DiskFullError(path))


def unexpected_problem(report: Path | None) -> StartupProblem:
    """Something went wrong that Kömek has no message for; the crash report says where."""
    if report is None:
        return StartupProblem(Text("Kömek stopped after an unexpected error. Its description "
                                   "(without personal data) is above; give it to your "
                                   "administrator."), ExitCode.FAILED)
    return StartupProblem(Text("Kömek stopped after an unexpected error. A report without "
                               "personal data was saved to {path}; give it to your "
                               "administrator.", path=str(report)), ExitCode.FAILED)


def resolve_db_path(argument: str | None) -> Path:
    if argument:
        return Path(argument).expanduser()
    from desktop.storage.location import default_db_path

    return default_db_path()


LANGUAGE_SETTING = "language"


def remembered_language(path: Path) -> str | None:
    """The interface language saved in the database at ``path``, read before the database is
    opened properly (that needs SQLAlchemy, which the first window should not wait for).

    Read-only with the standard ``sqlite3`` module; leaves no file behind and never raises:
    a missing, locked, damaged or too old file answers None and ``Database.open`` says why.
    """
    try:
        if not path.is_file():
            return None
        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not path.with_name(path.name + "-wal").exists():
            uri += "&immutable=1"  # no -shm/-wal created for a WAL database
        connection = sqlite3.connect(uri, uri=True)
        try:
            row = connection.execute("SELECT value FROM settings WHERE key = ?",
                                     (LANGUAGE_SETTING,)).fetchone()
        finally:
            connection.close()
    except (sqlite3.Error, OSError, ValueError):
        return None
    return row[0] if row and row[0] in LANGUAGES else None
