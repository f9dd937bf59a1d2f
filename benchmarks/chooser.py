"""The service chooser (Ctrl+N): how long it takes to open, against a bare dialog.

    QT_QPA_PLATFORM=offscreen python benchmarks/chooser.py [--repeats 30] [--applications 5000]

Over a real SQLite journal of generated applications of several services (the count per
service is what orders the list), with the catalogue's index warm as the main window leaves it
once shown, prints the median milliseconds of:

* a bare ``QDialog`` with a line edit and a list, shown and painted (the baseline);
* the chooser: the desk's applications counted per service, the list ordered and built, shown
  and painted;
* typing a filter (every service matched again) in Kazakh and in Russian;
* the chooser with a cold index (the first Ctrl+N had the index not been warmed).

The target is 50 ms to open.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QDialog,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
)
from timing import median_ms  # noqa: E402

from desktop.catalog import catalogue_index  # noqa: E402
from desktop.demo.generate import fill_demo  # noqa: E402
from desktop.services.service_choice import service_choices  # noqa: E402
from desktop.storage.database import Database  # noqa: E402

TARGET_MS = 50.0




def fill(db: Database, count: int) -> None:
    """``count`` generated applications (desktop.demo): every service taken at a desk, in a
    district's proportions."""
    fill_demo(db, count, seed=2026)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--applications", type=int, default=5_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from desktop.ui.wizard.service_chooser import ServiceChooser

    folder = Path(tempfile.mkdtemp(prefix="komek-chooser-"))
    db = Database.open(folder / "bench.sqlite3")
    fill(db, args.applications)

    def bare() -> None:
        dialog = QDialog()
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLineEdit())
        items = QListWidget()
        for code in ("a", "b", "c", "d", "e", "f"):
            items.addItem(code)
        layout.addWidget(items)
        dialog.show()
        dialog.repaint()
        app.processEvents()
        dialog.deleteLater()

    def chooser() -> ServiceChooser:
        dialog = ServiceChooser(service_choices(db, dt.date.today()))
        dialog.show()
        dialog.repaint()
        app.processEvents()
        return dialog

    def open_close() -> None:
        chooser().deleteLater()

    catalogue_index()  # warm, as the main window does once shown
    base = median_ms(bare, args.repeats)
    opened = median_ms(open_close, args.repeats)
    dialog = chooser()

    def typing() -> None:
        for text in ("жұмыссыз", "безработ", "отын", "маслихат", ""):
            dialog.filter.setText(text)

    typed = median_ms(typing, args.repeats) / 5
    counted = median_ms(lambda: service_choices(db, dt.date.today()), args.repeats)
    dialog.deleteLater()
    catalogue_index.cache_clear()
    start = time.perf_counter()
    chooser().deleteLater()
    cold = (time.perf_counter() - start) * 1000
    print(f"{args.applications} applications over "
          f"{len(catalogue_index().available_on(dt.date.today()))} services taken today")
    print(f"baseline: a bare QDialog (line edit, list) shown: {base:.1f} ms")
    print(f"the service chooser opened, index warm:          {opened:.1f} ms "
          f"({opened / base:.1f}× the baseline); target {TARGET_MS:.0f} ms: "
          f"{'met' if opened < TARGET_MS else 'MISSED'}")
    print(f"  of which the count per service and the order:  {counted:.1f} ms")
    print(f"one filter typed (the list matched again):       {typed:.2f} ms")
    print(f"the chooser with a cold index (not warmed):      {cold:.1f} ms")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
