"""Time from process start to the main window on screen, against a bare PySide6 window.

    python benchmarks/startup.py [--runs 5] [--rows 100000]

Each figure is the median of several runs of a fresh process (offscreen Qt). The ratio to
the bare window, measured in the same run, is what the target speaks of (under 1.5).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow(); window.setCentralWidget(QTableView()); window.resize(1280, 720)
window.show()
QTimer.singleShot(0, lambda: (print(f"shown {time.monotonic():.6f}", flush=True), app.quit()))
app.exec()
"""


def _time_process(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KOMEK_REPORT_SHOWN": "1"}
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                            check=True, timeout=300)
    shown = next(line for line in result.stdout.splitlines() if line.startswith("shown "))
    return float(shown.split()[1]) - started


def _median(command: list[str], runs: int) -> float:
    _time_process(command)  # warm the file cache once
    return statistics.median(_time_process(command) for _ in range(runs))


def _prepare(path: Path, rows: int) -> None:
    from desktop.demo.generate import fill_demo
    from desktop.services.workstation import WorkstationSetup, save_setup
    from desktop.storage.database import Database

    db = Database.open(path)
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Бенчмарк бөлімі",
        office_name_ru="Отдел для замеров", office_code="BEN-01",
        operator_full_name="Оператор Замеров", operator_position="маман"))
    if rows:
        started = time.monotonic()
        fill_demo(db, count=rows, seed=1)
        print(f"  filled {rows:,} applications in {time.monotonic() - started:.1f} s")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        empty, full = Path(folder) / "empty.sqlite3", Path(folder) / "full.sqlite3"
        print("preparing databases…")
        _prepare(empty, 0)
        _prepare(full, args.rows)
        bare = _median([sys.executable, "-c", BARE_WINDOW], args.runs)
        app_empty = _median([sys.executable, "-m", "desktop", "--db", str(empty)], args.runs)
        app_full = _median([sys.executable, "-m", "desktop", "--db", str(full)], args.runs)
    print(f"bare PySide6 window:               {bare * 1000:7.0f} ms")
    print(f"Kömek, empty database:             {app_empty * 1000:7.0f} ms"
          f"  ratio {app_empty / bare:.2f}")
    print(f"Kömek, {args.rows:,} applications: {app_full * 1000:7.0f} ms"
          f"  ratio {app_full / bare:.2f}")


if __name__ == "__main__":
    main()
