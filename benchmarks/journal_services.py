"""The journal of every service at 100 000 applications: the service column, its filter, search.

    python benchmarks/journal_services.py [--count 100000] [--repeats 15] [--db PATH]

Fills a temporary database with demo data (or reuses --db): the applications of every service
of the catalogue taken at a desk, in a district's proportions (``desktop.demo.services``), as
a district desk's journal holds them. Prints median timings in
milliseconds, each as a ratio to a bare ``SELECT ... LIMIT 100`` on the same table in the same
run. Target: every search under 50 ms, with or without the service filter.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import bare_page_ms, demo_database, median_ms

from desktop.catalog import ASP
from desktop.services.journal import Journal
from desktop.storage.database import Database

TARGET_MS = 50.0
PREFIXES = ("Ә", "әб", "Әбді", "қа", "с", "сем", "9", "900", "9001", "DEMO", "DEMO-01-2026")




def spread(db: Database) -> dict[str, int]:
    """The applications of each service the demo made, most first."""
    with db.engine.begin() as c:
        return {str(code): int(n) for code, n in c.exec_driver_sql(
            "SELECT service, count(*) FROM applications GROUP BY service ORDER BY 2 DESC")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--db", type=Path, help="database to fill or reuse")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory(prefix="komek-bench-")
    path = args.db or Path(folder.name) / "komek.sqlite3"
    db = demo_database(path, args.count)
    counts = spread(db)
    print("services:", ", ".join(f"{code} {n}" for code, n in counts.items()))
    journal = Journal(db)
    r = args.repeats

    baseline = bare_page_ms(db, r)
    print(f"\nbaseline: bare SELECT ... LIMIT 100: {baseline:.2f} ms")
    worst = 0.0

    def line(label: str, ms: float, search: bool = True) -> None:
        nonlocal worst
        if search:
            worst = max(worst, ms)
        flag = ("  OK" if ms < TARGET_MS else "  OVER TARGET") if search else ""
        print(f"  {label:<58} {ms:8.2f} ms  x{ms / baseline:6.1f}{flag}")

    rare = list(counts)[-1]
    print("\nthe service filter, no search: count + first page, default sort")
    for code in (ASP, "unemployed_certificate", rare):
        line(f"{code} ({counts.get(code, 0)})", median_ms(
            lambda c=code: (journal.count(service=c), journal.page(0, 100, service=c)), r))
    print("\nsorted by the service column: first page, both ways")
    for descending in (False, True):
        line(f"service {'desc' if descending else 'asc'}", median_ms(
            lambda d=descending: journal.page(0, 100, sort="service", descending=d), r))
    print("\nsearch as you type over every service: count + page, default sort")
    for prefix in PREFIXES:
        line(f"{prefix!r} ({journal.count(prefix)} found)", median_ms(
            lambda p=prefix: (journal.count(p), journal.page(0, 100, p)), r))
    print(f"\nsearch as you type inside one service ({rare}, the rarest): count + page")
    for prefix in PREFIXES:
        line(f"{prefix!r} ({journal.count(prefix, service=rare)} found)", median_ms(
            lambda p=prefix: (journal.count(p, service=rare),
                              journal.page(0, 100, p, service=rare)), r))
    print(f"\nsearch as you type inside АСП ({counts[ASP]}), sorted by name")
    for prefix in ("Ә", "әб", "9", "90"):
        line(f"{prefix!r}", median_ms(
            lambda p=prefix: (journal.count(p, service=ASP),
                              journal.page(0, 100, p, sort="applicant_name",
                                           descending=False, service=ASP)), r))
    print(f"\nslowest: {worst:.2f} ms (target {TARGET_MS:.0f} ms): "
          f"{'OK' if worst < TARGET_MS else 'OVER TARGET'}")
    db.close()
    folder.cleanup()
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
