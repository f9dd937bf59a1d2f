"""What the benchmarks share: a median in milliseconds, and a demo database of a given size.

Imported by the scripts of this folder (each puts the folder on ``sys.path``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def median_ms(action: Callable[[], object], repeats: int, warm: bool = True) -> float:
    """The median of ``repeats`` timed calls, in ms; a first untimed call warms the caches
    (the page cache, the statement cache, fonts and catalogs) unless ``warm`` is false."""
    if warm:
        action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def demo_database(path: Path, count: int, seed: int = 2026) -> Any:
    """The database at ``path`` holding at least ``count`` demo applications: a reused one is
    filled up to ``count``, and the filling's time printed."""
    from desktop.demo.generate import fill_demo
    from desktop.services.journal import Journal
    from desktop.storage.database import Database

    db = Database.open(path)
    existing = Journal(db).count()
    if existing < count:
        start = time.perf_counter()
        fill_demo(db, count - existing, seed=seed)
        print(f"fill {count - existing} applications: {time.perf_counter() - start:.1f} s")
    return db


def bare_page_ms(db: Any, repeats: int) -> float:
    """The baseline of the journal's figures: the median of a bare ``SELECT`` of the
    journal's columns, ``LIMIT 100``, no order, no condition, read the way the journal reads
    (``Database.rows``)."""
    return median_ms(lambda: db.rows(
        "SELECT id, registration_number, registered_on, applicant_name, applicant_iin, "
        "family_size, channel, status, due_date, service FROM applications LIMIT 100"),
        repeats)
