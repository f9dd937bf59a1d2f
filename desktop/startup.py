"""Start-up decisions that need no Qt: which language, which database file, what went wrong.

Kept apart from the window code so the same clear messages serve the GUI and the command line.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.text import Text
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DataFolderNotWritableError,
)


class ExitCode:
    """Process exit codes, documented in the README."""

    OK = 0
    FAILED = 1
    BAD_ARGUMENTS = 2
    DATA_FOLDER_NOT_WRITABLE = 3
    DATABASE_TOO_NEW = 4
    DATABASE_CORRUPT = 5


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
    }
    code = next((c for kind, c in codes.items() if isinstance(error, kind)), ExitCode.FAILED)
    return StartupProblem(error.message, code)


def resolve_db_path(argument: str | None) -> Path:
    if argument:
        return Path(argument).expanduser()
    from desktop.storage.database import default_db_path

    return default_db_path()
