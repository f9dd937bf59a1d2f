"""The check of every page of an open desk database, on a thread and a connection of its own.

Checking every page's HMAC (``PRAGMA cipher_integrity_check``) reads and authenticates the
whole file: at 100 000 applications, 1.6 GB, about ten seconds. Opening the database for the
window checks only what is cheap and decisive (the key opens the header page, the schema and
the revision read, the file's length; ``desktop.storage.database``) and leaves the rest to this
check, which the window starts once it is on screen.

Nothing waits for it. Reads need not: SQLCipher checks the HMAC of every page it reads, so a
read never returns a damaged page. Writes need not either: until the check has passed, the
engine's connections run no checkpoint (``wal_autocheckpoint = 0``, ``engine.py``), so what is
saved meanwhile stays in the ``-wal`` file and nothing is written into the database file
itself; that is also what keeps the raw pages this check reads from changing under it. The
check's connection is read-only and takes no lock a writer waits for.

Damage found is read a second time before it is believed (a page another process was
checkpointing at that moment may read torn once, hardly twice); then it is recorded beside the
file (``damage_record``) for the next start, and whoever waits is told, with the latest
backup that is whole. A check that could not run at all (the file gone, the disk failing to
read) is no verdict: the checkpoints stay held, and the next open checks again.

SQLCipher's check cannot be interrupted: :meth:`PageCheck.finish` (from ``Database.close``)
waits for a running check to end, since a process must not end under a thread that is inside
SQLCipher's HMAC code (its crypto library frees what that thread uses at exit).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from desktop.storage import cipher
from desktop.storage.backup import latest_good_backup
from desktop.storage.damage_record import record_damage
from desktop.storage.errors import DatabaseCorruptError

BUSY_TIMEOUT_MS = 10_000

Verdict = Callable[[DatabaseCorruptError | None], object]


def find_damage(path: Path, key: bytes, *, quick_check: bool) -> str | None:
    """What is wrong with the file at ``path`` (None: every page is sound): the file's length
    and every page's HMAC (:func:`cipher.damage`), then, with ``quick_check``, the b-trees
    (after a session that did not end cleanly). Read-only, through the ``-wal`` of the open
    database (not as an immutable file: others write meanwhile)."""
    try:
        connection = cipher.connect(path, key, read_only=True, immutable=False)
        try:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            problem = cipher.damage(connection)
            if problem is None and quick_check:
                verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    problem = f"quick_check: {verdict}"
            return problem
        finally:
            connection.close()
    except (cipher.DatabaseError, MemoryError) as error:  # SQLCipher: a failed HMAC may read
        if isinstance(error, MemoryError) or cipher.is_damage(error):  # as out of memory
            return str(error) or "page HMAC"
        raise


class PageCheck:
    """``find_damage`` of one database, run once on a thread of its own from :meth:`start`.

    ``passed`` is True once the whole file was read and found sound; ``error`` holds the
    damaged-database error when damage was found (and confirmed); with neither once ``done``,
    the check could not run. :meth:`when_done` is told the verdict (on the check's thread).
    """

    def __init__(self, path: Path, key: bytes, *, quick_check: bool) -> None:
        self.path = path
        self.quick_check = quick_check
        self._key = key
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._abandoned = False
        self._listeners: list[Verdict] = []
        self.passed = False
        self.error: DatabaseCorruptError | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def running(self) -> bool:
        return self.started and not self.done

    def start(self) -> None:
        """Begin the check (once; nothing after :meth:`finish`)."""
        with self._lock:
            if self._thread is not None or self._abandoned:
                return
            self._thread = threading.Thread(target=self._run, name="komek-page-check",
                                            daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the verdict, starting the check if nobody has; False on ``timeout``."""
        self.start()
        return self._done.wait(timeout)

    def when_done(self, listener: Verdict) -> None:
        """Call ``listener(error or None)`` once the check is over: from the check's thread,
        or at once when it is over already. ``None`` also when it could not run: ``passed``
        tells the two apart."""
        with self._lock:
            if not self._done.is_set():
                self._listeners.append(listener)
                return
        listener(self.error)

    def finish(self) -> None:
        """The database is closing: a check not begun never begins; a running one is waited
        for (it cannot be interrupted, and it must not outlive the process's exit)."""
        with self._lock:
            self._abandoned = True
            thread = self._thread
        if thread is None:
            self._over()  # no verdict: the file stays unchecked
        else:
            thread.join()

    def _run(self) -> None:
        try:
            problem = find_damage(self.path, self._key, quick_check=self.quick_check)
            if problem is not None:  # read again before anyone is told
                problem = find_damage(self.path, self._key, quick_check=self.quick_check)
        except Exception:  # no verdict: the file stays unchecked (see above)
            self._over()
            return
        if problem is None:
            self.passed = True
        else:
            record_damage(self.path, problem)
            backup = None
            with contextlib.suppress(Exception):  # the backups' own checks failing: none named
                backup = latest_good_backup(self.path, self._key)
            self.error = DatabaseCorruptError(self.path, backup, problem)
        self._over()

    def _over(self) -> None:
        with self._lock:
            if self._done.is_set():
                return
            self._done.set()
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            with contextlib.suppress(Exception):  # a listener's failure is not the check's
                listener(self.error)
