"""Wizard responsiveness: page switches and live recalculation for a family of 12.

    python benchmarks/wizard.py [--repeat 15] [--members 12]

Offscreen Qt, a real SQLite file in a temporary folder, generated people only. Each figure is
the median (and the worst) of several repeats, in milliseconds, printed beside a baseline
measured in the same run: the same wizard holding only the applicant (one row, no incomes).
Target: every page switch and every keystroke's recalculation under 30 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.demo.intake_family import fill_family, write_test_overlay  # noqa: E402
from desktop.domain.income_grid import month_column  # noqa: E402
from desktop.domain.intake_session import INCOMES, STEPS, IntakeSession  # noqa: E402
from desktop.domain.quarters import Quarter  # noqa: E402
from desktop.parameters.store import load_parameters  # noqa: E402
from desktop.services.intake import IntakeContext, intake_context, new_session  # noqa: E402
from desktop.services.workstation import WorkstationSetup, save_setup  # noqa: E402
from desktop.storage.database import Database  # noqa: E402
from desktop.ui.wizard.income_page import IncomePage  # noqa: E402
from desktop.ui.wizard.wizard_window import WizardWindow  # noqa: E402

TARGET_MS = 30.0
SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Бенчмарк бөлімі",
    office_name_ru="Отдел для замеров", office_code="BEN-01",
    operator_full_name="Тестов Тест Тестович", operator_position="маман")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, worst) milliseconds of ``action`` followed by processing its events."""
    app = QApplication.instance()
    assert app is not None
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        app.processEvents()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def bench_application() -> QApplication:
    """The Qt application, the benchmark's own desk key in a file of its own (never the
    credential store's key)."""
    os.environ["KOMEK_NO_KEYRING"] = "1"
    os.environ["KOMEK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="komek-bench-key-")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def desk_context(folder: Path, name: str, days: list[dt.date]) -> IntakeContext:
    """A set-up workstation on a fresh database, with invented poverty lines and farm norms
    for the quarters of ``days`` (and the ones before them: the income quarter)."""
    db = Database.open(folder / f"{name}.sqlite3")
    save_setup(db, SETUP)
    quarters = sorted({q for day in days for q in (Quarter.of(day), Quarter.of(day).previous())})
    overlay = write_test_overlay(folder / f"{name}-params", "karaganda", quarters)
    return intake_context(db, parameters=load_parameters(overlay_dir=overlay))


def show_wizard(context: IntakeContext, session: IntakeSession) -> WizardWindow:
    """The session's wizard as the desk opens it, shown at the benchmark's size."""
    wizard = WizardWindow(context, session)
    wizard.resize(1366, 768)
    wizard.show()
    QApplication.processEvents()
    return wizard


def make_wizard(folder: Path, members: int) -> WizardWindow:
    today = dt.date.today()
    context = desk_context(folder, f"bench-{members}", [today])
    session = new_session(context, today)
    if members > 1:
        fill_family(session, members)
    return show_wizard(context, session)


def arrival_ms(wizard: WizardWindow, target: str, away: str, repeat: int) -> list[float]:
    """Milliseconds of each switch from ``away`` to ``target`` (painting included); the way
    back to ``away`` before each is not timed."""
    samples = []
    for _ in range(repeat):
        wizard._show_step(away)
        QApplication.processEvents()
        started = time.perf_counter()
        wizard._show_step(target)
        QApplication.processEvents()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(wizard: WizardWindow, repeat: int) -> dict[str, tuple[float, float]]:
    figures: dict[str, tuple[float, float]] = {}
    steps = [step for step, _pages in STEPS]
    for index, step in enumerate(steps):
        # away and back, timing only the arrival on ``step``
        samples = arrival_ms(wizard, step, steps[index - 1], repeat)
        figures[f"page switch → {step}"] = (statistics.median(samples), max(samples))
    def review_after_edit() -> None:
        wizard._show_step("income")
        QApplication.processEvents()
        wizard.session.revision += 1  # as after a keystroke on another page
        started = time.perf_counter()
        wizard._show_step("review")
        QApplication.processEvents()
        review_after_edit.elapsed = (time.perf_counter() - started) * 1000  # type: ignore[attr-defined]

    samples = []
    for _ in range(repeat):
        review_after_edit()
        samples.append(review_after_edit.elapsed)  # type: ignore[attr-defined]
    figures["page switch → review after an edit"] = (statistics.median(samples), max(samples))
    wizard._show_step("income")
    page = wizard.current_page()
    assert isinstance(page, IncomePage)
    model = page.model  # the grid: a line per member and kind, the months side by side
    if model.rowCount() == 0:
        model.add_line(wizard.session.rows("members[]")[0]["row_id"])
    first_month = wizard.session.income_quarter.months[0]
    index = model.index(0, model.column(month_column(first_month)))
    amounts = iter(f"{40000 + n}" for n in range(10_000))
    figures["keystroke in an amount → totals"] = timed(
        lambda: model.setData(index, next(amounts)), repeat)
    session = wizard.session
    row_id = session.rows(INCOMES)[0]["row_id"]
    def assess_again() -> None:
        session.revision += 1  # as after a keystroke: the cached verdict is stale
        session.assessment(wizard.context.parameters)

    figures["assessment alone (rules engine)"] = timed(assess_again, repeat)
    figures["session cell edit alone"] = timed(
        lambda: session.set_cell(INCOMES, row_id, "income_amount", next(amounts)), repeat)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--members", type=int, default=12)
    args = parser.parse_args()
    app = bench_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = make_wizard(folder, 1)
        baseline = measure(small, args.repeat)
        family = make_wizard(folder, args.members)
        incomes = len(family.session.rows(INCOMES))
        loaded = measure(family, args.repeat)
        for wizard in (small, family):  # close before the database folder goes
            wizard.close()
            wizard.context.db.close()
            wizard.deleteLater()
        app.processEvents()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine load average {load:.1f} on {os.cpu_count()} CPUs (figures include painting)")
    print(f"Wizard, offscreen, median (worst) of {args.repeat} in ms; target < {TARGET_MS:.0f}")
    print(f"{'':40} {'baseline: applicant only':>26} {f'family of {args.members}':>20}")
    slow = 0
    for name, (median, worst) in loaded.items():
        base_median, base_worst = baseline[name]
        mark = "" if median < TARGET_MS else "  ← median over target"
        slow += bool(mark)
        print(f"{name:40} {base_median:12.1f} ({base_worst:6.1f}) "
              f"{median:12.1f} ({worst:6.1f}){mark}")
    print(f"family of {args.members}: {incomes} income rows; "
          f"{'all under target' if not slow else f'{slow} over target'}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
