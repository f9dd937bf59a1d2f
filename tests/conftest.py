"""Test-wide settings: offscreen Qt, an isolated user data folder, generated data only."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KOMEK_NO_KEYRING", "1")
# The desk key of the tests' databases: a key file in a config folder of this run's own (the
# real one is never touched). Encryption stays on; see tests/support/storage.py.
os.environ.setdefault("KOMEK_CONFIG_DIR", tempfile.mkdtemp(prefix="komek-test-config-"))
# Each of pytest-xdist's workers inherits that folder: a folder of its own within it, or two
# workers' first databases would make the key at once (one write's rename failing, or each
# worker's databases keyed with another key than the file's).
if os.environ.get("PYTEST_XDIST_WORKER") and not os.environ.get("KOMEK_WORKER_CONFIG"):
    os.environ["KOMEK_WORKER_CONFIG"] = "1"
    os.environ["KOMEK_CONFIG_DIR"] = os.path.join(os.environ["KOMEK_CONFIG_DIR"],
                                                  os.environ["PYTEST_XDIST_WORKER"])

from desktop.storage.database import Database

# tests/support holds helpers, not tests (tests/support/old_names has shims named like the test
# modules that once shared their helpers).
collect_ignore = ["support"]


@dataclass
class Confirmations:
    """The questions asked before an action that cannot be undone, and the answer given
    (a modal question box would wait for ever offscreen)."""

    answer: bool = True
    asked: list[tuple[str, str]] = field(default_factory=list)

    def ask(self, _parent: object, title: str, text: str, _action: str) -> bool:
        self.asked.append((title, text))
        return self.answer


@pytest.fixture(autouse=True)
def confirmations(monkeypatch: pytest.MonkeyPatch) -> Confirmations:
    """Every test, widget or not: a question asked during a test is answered (Yes unless the
    test says otherwise) instead of waiting for a click that never comes."""
    from desktop.ui import confirm

    answers = Confirmations()
    monkeypatch.setattr(confirm, "ask", answers.ask)
    return answers


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives: a real SQLite file in a folder of its own."""
    return tmp_path / "data" / "komek.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


class SmallDisk:
    """A real 3 MiB file system (tmpfs) mounted for one test, and a way to fill it up."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.filler = folder / "filler"

    def fill(self, db: Database | None = None) -> None:
        """Take every free block: the next write that needs room fails with ENOSPC. With
        ``db``, its WAL is moved into the database file and emptied first, so the database's
        next write needs new room too (a WAL with room left would take it)."""
        import errno

        if db is not None:
            with db.engine.connect() as connection:
                raw = connection.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with self.filler.open("ab", buffering=0) as handle:
            for chunk in (65536, 4096, 512, 1):
                try:
                    while handle.write(b"\0" * chunk):
                        pass
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 3 MiB tmpfs at ``tmp_path/small``: mounting needs root (the tests run as root here
    and in CI); elsewhere the test is skipped and PRAGMA max_page_count tests stand in."""
    import subprocess

    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a 3 MiB tmpfs needs root")
    folder = tmp_path / "small"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3M,mode=0700", "tmpfs",
                           str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield SmallDisk(folder)
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)

