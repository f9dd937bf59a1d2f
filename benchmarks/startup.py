"""Time from process start to the main window on screen, against a bare PySide6 window.

    python benchmarks/startup.py [--runs 5] [--rows 100000] [--no-plain] [--folder DIR]

Three moments of Kömek's start are timed: "window shown", the main window on screen (menus,
toolbar, status bar, "Opening the database…"); "journal ready", the database open and the
journal's first page painted, its search field taking input (read in SQL text through the
driver: SQLAlchemy is not loaded yet); and "whole", the panels attached after it (the intake
desk, Documents, drafts, sync, cases and the dashboard's counts, with the ORM). The check of
every page of the file runs in the background after that (a process that quits at once waits
for it); the opens are also timed in this process: the window's (the desk key read, the
file's header, schema and revision checked), its background check, and the command line's
open that checks every page first. The application prints ``shown``, ``ready`` and ``whole``
with ``time.monotonic()`` and the process's CPU time when ``KOMEK_REPORT_SHOWN`` is set, and
quits after ``whole``.

Each figure is the median of several runs of a fresh process (offscreen Qt), with Python's
bytecode caches written by the first, warming run, as an installed Kömek has them (a
``PYTHONDONTWRITEBYTECODE`` of the shell would have every run compile Kömek's sources, which
the bare window, all of it in site-packages, never pays). The ratio to
the bare window, measured in the same run, is what the target speaks of (under 1.5 for the
window shown). Wall-clock time depends on what else the machine is doing; the CPU time the
process spent until the moment (user + system, from the process's start) barely does, so both
are printed: on a busy machine trust the CPU figures.

The databases are encrypted, as on every desk; unless ``--no-plain`` the same starts are timed
on their plain twins too (benchmarks/plain_storage.py), for the cost of encryption: the key
from the credential store, the HMAC of every page at open, the decryption of each page read.

Filling 100 000 applications takes minutes: with ``--folder`` the databases and the
benchmark's own desk key are kept in that folder and reused by the next run with it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.setCentralWidget(QTableView()); window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print(f"shown {time.monotonic():.6f} {time.process_time():.6f}",
                                   flush=True), app.quit()))
app.exec()
"""


MOMENTS = ("shown", "ready", "whole")
# per moment: (wall seconds from the process start, CPU seconds of the process until then)
Timing = dict[str, tuple[float, float]]


def _time_process(command: list[str]) -> Timing:
    """Wall and CPU seconds from the process start to each moment (the bare window has no
    journal: its ``ready`` and ``whole`` are its ``shown``)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KOMEK_REPORT_SHOWN": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                            check=True, timeout=300)
    moments = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()
               if line.startswith(tuple(f"{moment} " for moment in MOMENTS))}
    timing = {name: (float(wall) - started, float(cpu)) for name, (wall, cpu) in moments.items()}
    timing.setdefault("ready", timing["shown"])
    timing.setdefault("whole", timing["ready"])  # a start that attaches everything at once
    return timing


def _median(command: list[str], runs: int) -> Timing:
    _time_process(command)  # warm the file cache and write the bytecode caches once
    times = [_time_process(command) for _ in range(runs)]
    return {name: (statistics.median(t[name][0] for t in times),
                   statistics.median(t[name][1] for t in times)) for name in MOMENTS}


def _prepare(path: Path, rows: int) -> None:
    from desktop.demo.generate import fill_demo
    from desktop.services.journal import Journal
    from desktop.services.workstation import WorkstationSetup, save_setup
    from desktop.storage.database import Database

    db = Database.open(path)
    if rows and Journal(db).count() == rows:
        print(f"  reusing {rows:,} applications in {path.name}")
        db.close()
        return
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Бенчмарк бөлімі",
        office_name_ru="Отдел для замеров", office_code="BEN-01",
        operator_full_name="Оператор Замеров", operator_position="маман"))
    db.recovery_code_shown()  # the window would wait for someone to confirm it
    if rows:
        started = time.monotonic()
        fill_demo(db, count=rows, seed=1)
        print(f"  filled {rows:,} applications in {time.monotonic() - started:.1f} s")
    db.close()


def _time_opens(path: Path) -> tuple[float, float, float]:
    """Seconds of the window's open (cheap checks), of its background check of every page,
    and of the command line's open (every page checked first)."""
    from desktop.storage.database import Database

    started = time.monotonic()
    db = Database.open(path, background_check=True)
    window_open = time.monotonic() - started
    assert db.page_check is not None
    started = time.monotonic()
    db.page_check.start()
    db.page_check.wait()
    background = time.monotonic() - started
    db.close()
    started = time.monotonic()
    Database.open(path).close()
    return window_open, background, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-plain", action="store_true",
                        help="do not time the plain twins of the databases")
    parser.add_argument("--folder", type=Path,
                        help="keep the databases and their key here, to reuse them next time")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        else:
            folder = args.folder.resolve()
            folder.mkdir(parents=True, exist_ok=True)
        # the benchmark's own desk key, in a file of its own: never the credential store's key
        os.environ["KOMEK_NO_KEYRING"] = "1"
        os.environ["KOMEK_CONFIG_DIR"] = str(folder / "key")
        empty, full = folder / "empty.sqlite3", folder / f"full-{args.rows}.sqlite3"
        print("preparing databases…")
        _prepare(empty, 0)
        _prepare(full, args.rows)
        opens = _time_opens(full)
        bare, bare_cpu = _median([sys.executable, "-c", BARE_WINDOW], args.runs)["shown"]
        results = [
            ("empty database", _median([sys.executable, "-m", "desktop", "--db", str(empty)],
                                       args.runs)),
            (f"{args.rows:,} applications",
             _median([sys.executable, "-m", "desktop", "--db", str(full)], args.runs)),
        ]
        if not args.no_plain:
            from plain_storage import CHILD, plain_copy

            for name, path in (("empty database", empty), (f"{args.rows:,} applications", full)):
                twin = path.with_name("plain-" + path.name)
                plain_copy(path, twin)
                results.append((name + ", plain", _median(
                    [sys.executable, "-c", CHILD, "--db", str(twin)], args.runs)))
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"open of {args.rows:,} applications: {opens[0] * 1000:.0f} ms for the window "
          f"(the check of every page left to the background, which took {opens[1]:.1f} s), "
          f"{opens[2]:.1f} s with every page checked at the open (the command line's)")
    print(f"bare PySide6 window: shown {bare * 1000:5.0f} ms, CPU {bare_cpu * 1000:4.0f} ms")
    print("Kömek (wall ms and ratio to the bare window; CPU ms and ratio to its CPU):")
    for name, timing in results:
        print(f"  {name}:")
        for moment, label in (("shown", "window shown "), ("ready", "journal ready"),
                              ("whole", "window whole ")):
            wall, cpu = timing[moment]
            print(f"    {label} {wall * 1000:6.0f} ms (ratio {wall / bare:5.2f}), "
                  f"CPU {cpu * 1000:5.0f} ms (ratio {cpu / bare_cpu:5.2f})")


if __name__ == "__main__":
    main()
