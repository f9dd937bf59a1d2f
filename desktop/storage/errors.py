"""What can go wrong opening the database, as exceptions that carry a message for the user."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from desktop.domain.text import Text


class DatabaseError(Exception):
    """Base of the problems ``Database.open`` reports; ``message`` is shown to the user."""

    def __init__(self, path: Path, message: Text) -> None:
        super().__init__(f"{type(self).__name__}: {path}")
        self.path = path
        self.message = message


class DatabaseCorruptError(DatabaseError):
    """The file is not a readable Kömek database, or the desk key does not open it (the two
    cannot be told apart); ``latest_backup`` may restore it."""

    def __init__(self, path: Path, latest_backup: Path | None, detail: str = "") -> None:
        if latest_backup is None:
            message = Text(
                "The database file {path} is damaged, is not a Kömek database or does not open "
                "with this computer's key, and no backup that opens was found. If the key was "
                "lost (a new computer, a reset credential store), enter the recovery code: "
                "komek setup recover. Otherwise contact your administrator.",
                path=str(path),
            )
        else:
            message = Text(
                "The database file {path} is damaged, is not a Kömek database or does not open "
                "with this computer's key. The latest good backup is {backup}. If the key was "
                "lost (a new computer, a reset credential store), enter the recovery code: "
                "komek setup recover.",
                path=str(path),
                backup=str(latest_backup),
            )
        super().__init__(path, message)
        self.latest_backup = latest_backup
        self.detail = detail


class DatabaseTooNewError(DatabaseError):
    """The database was made by a newer version of Kömek; it is left untouched."""

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            path,
            Text(
                "The database {path} was created by a newer version of Kömek. Install the newer "
                "version to open it; the file has not been changed.",
                path=str(path),
            ),
        )
        self.revision = revision


class DataFolderNotWritableError(DatabaseError):
    """The folder (or file) where the database lives cannot be written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            Text(
                "Kömek cannot write to {path}. Check the folder's permissions and free disk "
                "space, or ask your administrator.",
                path=str(path),
            ),
        )


class DiskFullError(DatabaseError):
    """The disk holding the database (or a file Kömek writes) has no room left.

    What was saved before stays intact: SQLite wrote nothing of the transaction that did not
    fit, and a file is written whole or not at all (``private.write_private``)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, DISK_FULL_MESSAGE)


DISK_FULL_MESSAGE = Text(
    "The disk is full: Kömek could not save. Everything saved before is intact. Free some "
    "space on the disk (or ask your administrator) and try again.")

_FULL_ERRNOS = frozenset(e for e in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if e)
# SQLite's result codes SQLITE_FULL (13) and SQLITE_IOERR_SHMSIZE (4874: the WAL's
# shared-memory index cannot grow), as any driver's error carries them (``sqlite_errorcode``)
_FULL_SQLITE = frozenset({13, 4874})
_FULL_TEXT = "database or disk is full"  # SQLite's own message of SQLITE_FULL


def is_disk_full(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised from, says the disk is full: SQLite's
    SQLITE_FULL (wrapped by SQLAlchemy or not), or ``OSError`` ENOSPC / EDQUOT."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, DiskFullError):
            return True
        # any SQLite driver (the standard module, or an SQLCipher build of it)
        if getattr(error, "sqlite_errorcode", None) in _FULL_SQLITE or \
                str(error) == _FULL_TEXT:
            return True
        if isinstance(error, OSError) and error.errno in _FULL_ERRNOS:
            return True
        orig = getattr(error, "orig", None)  # sqlalchemy.exc.DBAPIError
        if isinstance(orig, BaseException) and id(orig) not in seen and is_disk_full(orig):
            return True
        error = error.__cause__ or error.__context__
    return False


# SQLITE_IOERR and SQLITE_CANTOPEN: what an SQLite build without extended result codes (the
# SQLCipher driver) answers when it cannot make room for its -wal or -shm file
_IO_SQLITE = frozenset({10, 14})
ROOM_NEEDED = 256 * 1024  # less free than this beside a database: no page, WAL or -shm fits


def _sqlite_codes(error: BaseException | None) -> set[int]:
    codes: set[int] = set()
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int):
            codes.add(code)
        orig = getattr(error, "orig", None)
        if isinstance(orig, BaseException):
            codes |= _sqlite_codes(orig)
        error = error.__cause__ or error.__context__
    return codes


def is_disk_full_at(error: BaseException | None, folder: Path) -> bool:
    """:func:`is_disk_full`, or an I/O error of SQLite's while ``folder`` has no room left:
    SQLCipher's driver reports a -shm it cannot create on a full disk as a plain "disk I/O
    error", which would otherwise read as a damaged file."""
    if is_disk_full(error):
        return True
    if not _sqlite_codes(error) & _IO_SQLITE:
        return False
    try:
        return shutil.disk_usage(folder).free < ROOM_NEEDED
    except OSError:
        return False
