"""Crash reports that cannot carry personal data.

When something unexpected goes wrong, Python's own traceback ends with the exception's
message, and messages carry values: SQLAlchemy puts the statement's parameters in its
messages (an IIN, a name, an amount), a ``ValueError`` quotes what it could not read. A
crash report here keeps what a developer needs and nothing a person typed: the program's
version, the kind of each exception in the chain (with SQLite's error name or the ``errno``
name, never their text), and for each frame the module's path inside the program, the line
and the function (the version gives the source). No message, no local variable, no source
line (a test's or the demo's code holds generated names), no exception note, no absolute
path (a home folder names its user).

Reports go to the ``logs`` folder beside the database (``0700``, each report ``0600``), the
newest :data:`KEEP_REPORTS` kept, and the same text goes to standard error.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import traceback
from pathlib import Path
from types import TracebackType

from desktop.storage.private import private_folder, write_private

__all__ = ["KEEP_REPORTS", "report_text", "write_report"]

KEEP_REPORTS = 20
_PREFIX = "crash-"
_ROOTS = ("/desktop/", "\\desktop\\", "/site-packages/", "\\site-packages\\", "/lib/python",
          "\\lib\\python")


def _where(filename: str) -> str:
    """A frame's file as a path inside the program or a library, never the machine's own."""
    if filename.startswith(("desktop/", "desktop\\")):  # a frozen bundle's relative path
        return filename.replace("\\", "/")
    for root in _ROOTS:
        at = filename.rfind(root)
        if at >= 0:
            tail = filename[at + 1:].replace("\\", "/")
            return tail if root.strip("/\\") == "desktop" else tail.split("/", 1)[-1]
    return Path(filename).name


def _kind(error: BaseException) -> str:
    kind = type(error)
    name = f"{kind.__module__}.{kind.__qualname__}"
    code = getattr(error, "sqlite_errorname", None)  # any SQLite driver's error
    if isinstance(code, str):
        return f"{name} [{code}]"
    if isinstance(error, OSError) and error.errno is not None:
        import errno

        return f"{name} [{errno.errorcode.get(error.errno, error.errno)}]"
    orig = getattr(error, "orig", None)  # SQLAlchemy's wrapper names the driver's error
    if isinstance(orig, BaseException):
        return f"{name} ({_kind(orig)})"
    return name


def _chain(error: BaseException) -> list[BaseException]:
    """The exceptions as Python prints them: the first cause first, ``error`` last."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                         else current.__context__)
    return chain[::-1]


def _frames(tb: TracebackType | None) -> list[str]:
    lines = []
    for frame in traceback.extract_tb(tb, limit=None):
        lines.append(f'  File "{_where(frame.filename)}", line {frame.lineno}, in {frame.name}')
    return lines


def report_text(error: BaseException, *, now: dt.datetime | None = None) -> str:
    """The crash report of ``error`` (see the module's docstring): no message, no values."""
    from desktop import __version__

    moment = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    lines = [f"Kömek {__version__} crash report, {moment}",
             f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
             "Exception messages and values are left out: they may hold personal data.", ""]
    for number, item in enumerate(_chain(error)):
        if number:
            lines += ["", "which led to:"]
        lines.append("Traceback (most recent call last):")
        lines += _frames(item.__traceback__)
        lines.append(_kind(item))
    return "\n".join(lines) + "\n"


def write_report(folder: Path, text: str, *, now: dt.datetime | None = None) -> Path | None:
    """Save ``text`` as ``crash-<time>.txt`` in ``folder`` (made ``0700``); keep the newest
    :data:`KEEP_REPORTS`. None when it cannot be written (a full disk): standard error still
    has it."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    try:
        private_folder(folder)
        path = folder / f"{_PREFIX}{stamp}.txt"
        counter = 2
        while path.exists():
            path = folder / f"{_PREFIX}{stamp}-{counter}.txt"
            counter += 1
        write_private(path, text.encode("utf-8"))
        for old in sorted(folder.glob(f"{_PREFIX}*.txt"))[:-KEEP_REPORTS]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path


def report(error: BaseException, folder: Path) -> Path | None:
    """Write the report of ``error`` to standard error and to ``folder``; where it went."""
    text = report_text(error)
    print(text, file=sys.stderr, end="")
    return write_report(folder, text)
