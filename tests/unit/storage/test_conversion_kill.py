"""The conversion of a plain desk killed at many moments: every time, the next start opens the
database with every row, and no plaintext is left once it has."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.demo.generate import fill_demo
from desktop.storage import cipher
from desktop.storage.database import Database
from tests.support.storage import decrypt_to_plain, encrypted_digest, plain_digest

ROOT = Path(__file__).resolve().parents[3]
KILLS = 20  # bounded: each one is a process start, a conversion cut short and a reopen

CONVERT = """
import sys
from pathlib import Path
from desktop.storage.database import Database
print("go", flush=True)
Database.open(Path(sys.argv[1])).close()
print("done", flush=True)
"""

pytestmark = pytest.mark.slow


def _state(folder: Path) -> str:
    """Which step the kill cut: what is in the folder, and whether the database is plain."""
    names = {p.name for p in folder.iterdir()}
    live = folder / "komek.sqlite3"
    parts = ["plain" if cipher.is_plain(live) else "encrypted"]
    parts += sorted(n.split("komek.sqlite3", 1)[1] for n in names
                    if n.endswith((".part", ".encrypting", ".plain")))
    plain_backups = sum(1 for n in names if n.endswith(".bak") and cipher.is_plain(folder / n))
    parts.append(f"{plain_backups} plain backups")
    return " ".join(parts)


def _start(path: Path) -> tuple[subprocess.Popen[str], float]:
    process = subprocess.Popen([sys.executable, "-c", CONVERT, str(path)], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "go"
    return process, time.monotonic()


def test_a_conversion_killed_at_any_moment_leaves_a_database_that_opens(
        tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    with Database.open(source) as db:
        fill_demo(db, 150, seed=151)
    plain = tmp_path / "plain.sqlite3"
    decrypt_to_plain(source, plain)
    with sqlite3.connect(plain) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    expected = plain_digest(plain)

    def field_desk(name: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(plain, folder / "komek.sqlite3")
        for stamp in ("2026-01-05T1000", "2026-02-05T1000"):
            shutil.copyfile(plain, folder / f"komek.sqlite3.{stamp}.bak")
        return folder / "komek.sqlite3"

    whole = field_desk("whole")
    process, started = _start(whole)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "done"
    duration = time.monotonic() - started
    assert process.wait(timeout=60) == 0

    print(f"conversion: {duration:.2f} s")
    states: set[str] = set()
    for kill in range(KILLS):
        live = field_desk(f"kill-{kill}")
        process, started = _start(live)
        delay = duration * 1.1 * kill / (KILLS - 1)
        time.sleep(max(0.0, started + delay - time.monotonic()))
        process.kill()  # SIGKILL; TerminateProcess on Windows: no clean-up runs
        process.wait(timeout=60)
        states.add(_state(live.parent))

        with Database.open(live) as db:  # the next start
            assert db.revision() is not None
        assert encrypted_digest(live) == expected, f"kill {kill} after {delay:.3f} s"
        for path in live.parent.iterdir():
            assert not cipher.is_plain(path), (kill, path.name)
        assert not any(p.name.endswith((".part", ".encrypting", ".plain"))
                       for p in live.parent.iterdir())
    # the kills landed before, inside and after the conversion, not all at one moment
    print(sorted(states))
    assert len(states) >= 3, states
