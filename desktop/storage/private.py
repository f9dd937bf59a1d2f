"""Owner-only files: what Kömek writes is readable by the person whose account runs it alone.

On POSIX every folder Kömek makes is ``0700`` and every file ``0600``, created so from the
start: the process runs with the umask ``077`` (:func:`restrict_process`, set by the ``komek``
command before anything else), and the files that matter most are also created with an
explicit mode (:func:`create_private`, :func:`write_private`), so the database is private
even when a library opens it in a process that kept a wider umask. A desk installed before
this rule had its folder ``0755`` and its files ``0644``: :func:`tighten` takes group and other
permissions away from what is there once, at the next start.

On Windows the data and config folders are in the user's own profile
(``%LOCALAPPDATA%\\Komek``, ``%APPDATA%\\Komek``), whose access list lets in the user, the
system and the computer's administrators only; POSIX modes mean nothing there and nothing
here changes them.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "POSIX",
    "PRIVATE_UMASK",
    "create_private",
    "is_private",
    "private_folder",
    "restrict_process",
    "tighten",
    "unrestrict_process",
    "write_private",
]

POSIX = os.name == "posix"
PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # the group's and everyone else's permission bits


def restrict_process() -> int | None:
    """From now on, whatever this process creates is its owner's alone (umask ``077``).
    Returns the umask before, for :func:`unrestrict_process` (None on Windows)."""
    return os.umask(PRIVATE_UMASK) if POSIX else None


def unrestrict_process(previous: int | None) -> None:
    """Put back the umask :func:`restrict_process` replaced (a caller that goes on running,
    such as a test calling ``main()``)."""
    if POSIX and previous is not None:
        os.umask(previous)


def private_folder(path: Path, *, ours: bool = True) -> Path:
    """``path`` as a folder only its owner may enter: created ``0700`` (missing parents too);
    when it exists and is Kömek's own (``ours``), the group's and others' permissions are
    taken away; a folder of the person's choosing (``ours=False``) is left as it is."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
    if ours:
        tighten([path])
    return path


def create_private(path: Path) -> bool:
    """Create ``path`` as an empty ``0600`` file if there is none; True when it was made.

    SQLite gives a database's ``-wal`` and ``-shm`` files the mode of the database file, so a
    database created here first keeps all three private.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def write_private(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` as a ``0600`` file, whole or not at all.

    The bytes go to a ``.part`` file beside it (created ``0600``), are flushed to the disk and
    renamed over ``path``: a full disk or a crash leaves the previous file (or none), never a
    cut one. Raises ``OSError`` (``errno.ENOSPC`` for a full disk) and leaves no ``.part``.
    """
    partial = path.with_name(path.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(partial, flags, FILE_MODE)
        try:
            if POSIX:
                os.fchmod(fd, FILE_MODE)  # a .part left by an older run keeps no wider mode
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return path


def is_private(path: Path) -> bool:
    """Whether ``path`` (a folder, a file) is closed to the group and others; a path that
    does not exist, and any path on Windows, counts as private."""
    if not POSIX:
        return True
    try:
        return not path.lstat().st_mode & _OTHERS
    except OSError:
        return True


def tighten(paths: Iterable[Path], *, recursive: bool = False) -> int:
    """Take the group's and others' permissions away from ``paths`` (folders ``0700``, files
    ``0600``); with ``recursive``, from everything inside the folders too. Symbolic links are
    neither followed nor changed, nor is what belongs to another user. Returns how many were
    changed. On Windows: nothing (see the module's docstring)."""
    if not POSIX:
        return 0
    changed = 0
    for path in paths:
        changed += _tighten_one(path)
        if recursive and path.is_dir() and not path.is_symlink():
            for folder, folders, files in os.walk(path):
                for name in (*folders, *files):
                    changed += _tighten_one(Path(folder) / name)
    return changed


def _tighten_one(path: Path) -> int:
    try:
        info = path.lstat()
    except OSError:
        return 0
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid() or not info.st_mode & _OTHERS:
        return 0
    wanted = FOLDER_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & wanted)
    except OSError:
        return 0
    return 1
