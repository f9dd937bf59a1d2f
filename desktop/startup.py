"""Start-up decisions that need no Qt: which language, which database file, what went wrong.

Kept apart from the window code so the same clear messages serve the GUI and the command line.
"""

from __future__ import annotations

import contextlib
import gc
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


def hold_collection() -> None:
    """Until the window is whole, no cyclic garbage collection.

    Start-up makes a few hundred thousand objects that live as long as the process (modules,
    classes, Qt's wrappers, SQLAlchemy's constructs) and almost no garbage; the collector,
    run every few hundred allocations, scans the young ones again and again and finds
    nothing. Freed by reference counting, memory does not wait for it. Figures:
    benchmarks/startup.py (docs/architecture.md, "Start-up")."""
    gc.disable()


def resume_collection() -> None:
    """The collector back at its work (the window is whole, or a command line runs).

    What start-up made is frozen first (kept out of every later collection): it lives as
    long as the process, and the first collection would otherwise scan all of it at once,
    a full collection of the whole heap the moment the window became whole."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


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


LANGUAGE_HINT_SUFFIX = ".language"


def _language_hint(path: Path) -> Path:
    return path.with_name(path.name + LANGUAGE_HINT_SUFFIX)


def remembered_language(path: Path) -> str | None:
    """The interface language last chosen for the database at ``path``, known before the
    database is opened (the first window should not wait for SQLAlchemy, nor for the desk key
    from the credential store, which takes a quarter of a second to reach).

    The database is encrypted, so the choice is also kept in ``<database>.language`` beside
    it (two letters, no personal data); the setting inside the database stays the reference
    and is applied once the database is open. Never raises: no file, or an unknown value,
    answers None.
    """
    try:
        value = _language_hint(path).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return None
    return value if value in LANGUAGES else None


def remember_language(path: Path, code: str) -> None:
    """Keep ``code`` beside the database at ``path`` for the next start's first window."""
    if code not in LANGUAGES or remembered_language(path) == code:
        return
    with contextlib.suppress(OSError):
        _language_hint(path).write_text(code, encoding="ascii")
