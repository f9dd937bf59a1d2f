"""The note of damage found in a desk database, kept beside it until a check finds it sound.

The check of every page runs in the background once the window is up
(``desktop.storage.page_check``). When it finds damage the person is told at once, and this
note says so to the next start as well: ``<database>.damage`` beside the file, owner-only,
holding when the damage was found and what SQLCipher and SQLite said of it (page numbers and
the kind of fault, never a row of data). A start that finds the note checks every page before
it opens the database, as the command line always does; the note is removed when a check of
the whole file finds nothing (a good backup put in its place).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from desktop.storage.private import write_private

SUFFIX = ".damage"
MAX_PROBLEM_CHARS = 300  # what SQLite says of a page is short; a long text is cut


@dataclass(frozen=True)
class DamageRecord:
    """Damage found in the file: when (UTC), and the checks' own words about it."""

    found: dt.datetime
    problem: str


def record_path(database: Path) -> Path:
    return database.with_name(database.name + SUFFIX)


def record_damage(database: Path, problem: str, *, now: dt.datetime | None = None) -> None:
    """Keep the note for the next start. Never raises: on a full disk the person has been
    told already, and the next start checks the file anyway if the session did not end
    cleanly."""
    found = now or dt.datetime.now(dt.UTC)
    text = json.dumps({"found": found.isoformat(timespec="seconds"),
                       "problem": problem[:MAX_PROBLEM_CHARS]}, ensure_ascii=False)
    with contextlib.suppress(OSError):
        write_private(record_path(database), text.encode("utf-8"))


def recorded_damage(database: Path) -> DamageRecord | None:
    """The note of damage beside ``database`` (None: none, or one that cannot be read, which
    counts as a note: see :func:`damage_recorded`)."""
    try:
        data = json.loads(record_path(database).read_text(encoding="utf-8"))
        return DamageRecord(dt.datetime.fromisoformat(data["found"]), str(data["problem"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def damage_recorded(database: Path) -> bool:
    """Whether a note is there, readable or not (a cut note still means damage was found)."""
    return record_path(database).exists()


def clear_damage(database: Path) -> None:
    """The whole file was found sound: the note goes."""
    with contextlib.suppress(OSError):
        record_path(database).unlink(missing_ok=True)
