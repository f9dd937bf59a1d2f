"""Start-up decisions that need no Qt: which language, which database file, what went wrong.

Kept apart from the window code so the same clear messages serve the GUI and the command line.
"""

from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.text import Text
from desktop.i18n import LANGUAGES, DEFAULT_LANGUAGE


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


def database_problem(error: Exception) -> StartupProblem:
    """Translate a storage error into a message that names the file and the way out."""
    from desktop.storage.database import (
        DatabaseCorruptError,
        DatabaseTooNewError,
        DataFolderNotWritableError,
    )

    if isinstance(error, DataFolderNotWritableError):
        return StartupProblem(
            Text(
                "The data folder cannot be written: {path}. Ask the administrator to give "
                "this user write access, or start Kömek with --db and a file in a writable folder.",
                path=str(error.path),
            ),
            ExitCode.DATA_FOLDER_NOT_WRITABLE,
        )
    if isinstance(error, DatabaseTooNewError):
        return StartupProblem(
            Text(
                "The database {path} was made by a newer version of Kömek. Install that version "
                "or a later one; the file was left unchanged.",
                path=str(error.path),
            ),
            ExitCode.DATABASE_TOO_NEW,
        )
    if isinstance(error, DatabaseCorruptError):
        backup = getattr(error, "latest_backup", None)
        if backup:
            return StartupProblem(
                Text(
                    "The database {path} cannot be read: the file is damaged. The latest backup "
                    "is {backup}. Ask the administrator to restore it; the damaged file was left "
                    "as it is.",
                    path=str(error.path),
                    backup=str(backup),
                ),
                ExitCode.DATABASE_CORRUPT,
            )
        return StartupProblem(
            Text(
                "The database {path} cannot be read: the file is damaged, and no backup of it "
                "was found. The damaged file was left as it is.",
                path=str(error.path),
            ),
            ExitCode.DATABASE_CORRUPT,
        )
    raise error


def resolve_db_path(argument: str | None) -> Path:
    if argument:
        return Path(argument).expanduser()
    from desktop.storage.database import default_db_path

    return default_db_path()
