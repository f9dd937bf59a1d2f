"""The catalogue of services: what loading it costs, and that the main window never pays it.

    python benchmarks/catalogue.py [--repeats 15]

Prints median timings in milliseconds, each beside a baseline measured in the same run:

* reading the catalogue's files alone (every ``forms/services/*/*.yaml`` through the same C
  YAML parser), the floor any loader of the same data has;
* the index (every service file, checked: what the chooser, the case path, registration and
  the journal need), the whole catalogue (every sheet a service uses, checked too), and one
  service's sheets opened on demand;
* the lookups the desk makes once the index is loaded (the services available on a day, a
  service by its number's marker, a path, a schedule), against a dict lookup;
* in a fresh interpreter: importing the main window, which must not load the catalogue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from timing import median_ms  # noqa: E402

from desktop.catalog import load_catalogue, load_index  # noqa: E402
from desktop.catalog.catalogue import _shared_forms  # noqa: E402
from desktop.parameters.store import load_parameters  # noqa: E402
from desktop.paths import forms_dir  # noqa: E402

CHOOSER_TARGET_MS = 50.0




def fresh(code: str, repeats: int) -> float:
    """Median wall time of ``code`` in a fresh interpreter (its own timing, printed)."""
    times = []
    for _ in range(repeats):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True, cwd=ROOT)
        times.append(float(result.stdout.strip()))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    r = args.repeats
    services = sorted((forms_dir() / "services").glob("*/service.yaml"))
    files = [*services, *sorted(p for p in (forms_dir() / "services").glob("*/*.yaml")
                                if p.name != "service.yaml"), *sorted(forms_dir().glob("*.yaml"))]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def parse(paths: list[Path]) -> object:
        return [yaml.load(p.read_text(encoding="utf-8"), Loader=loader) for p in paths]

    print(f"{len(services)} services; {len(files)} files with their own and the shared sheets")
    base_index = median_ms(lambda: parse(services), r)
    base_all = median_ms(lambda: parse(files), r)
    print(f"baseline: the service files parsed, nothing checked: {base_index:.1f} ms")
    print(f"baseline: every file parsed, nothing checked:      {base_all:.1f} ms")
    index = median_ms(load_index, r)
    print(f"index (every service file checked):          {index:.1f} ms "
          f"({index / base_index:.1f}× its baseline)")
    baseline = base_all

    def whole() -> object:
        _shared_forms.cache_clear()  # the shared sheets are read again each time
        return load_catalogue()

    full = median_ms(whole, max(r // 3, 3))
    print(f"whole catalogue (every sheet checked too):   {full:.1f} ms "
          f"({full / baseline:.1f}× its baseline)")
    catalogue = load_catalogue()

    def one_service_sheets() -> object:
        catalogue._forms.pop("child_benefit", None)
        return catalogue.forms("child_benefit")

    sheets = median_ms(one_service_sheets, r)
    print(f"one service's sheets on demand (child):      {sheets:.1f} ms "
          f"(shared sheets already read)")

    parameters = load_parameters(use_overlay=False)
    day = dt.date(2026, 3, 2)
    table = {s.code: s for s in catalogue}

    def dict_lookup() -> object:
        return [table[c] for c in table]

    def lookups() -> object:
        return (catalogue.available_on(day), catalogue.by_marker("BS"),
                catalogue.path("unemployed_registration"),
                catalogue.schedule("child_benefit", day, parameters),
                catalogue.get("local_assistance").waiting())

    base_lookup = median_ms(dict_lookup, r * 20)
    lookup = median_ms(lookups, r * 20)
    print(f"\nbaseline: a dict lookup per service:         {base_lookup:.4f} ms")
    print(f"the desk's lookups once loaded:              {lookup:.4f} ms "
          f"({lookup / base_lookup:.0f}× the baseline); chooser target {CHOOSER_TARGET_MS} ms: "
          f"{'met' if lookup < CHOOSER_TARGET_MS else 'MISSED'} once the index is warm")

    timing = ("import time, sys; t = time.perf_counter(); {body}; "
              "print((time.perf_counter() - t) * 1000)")
    window = fresh(timing.format(body="import desktop.ui.main_window; "
                                      "assert 'desktop.catalog' not in sys.modules"), 5)
    cold_index = fresh(timing.format(body="import desktop.catalog as c; c.load_index()"), 5)
    print(f"\nfresh interpreter: importing the main window: {window:.0f} ms, the catalogue not "
          f"loaded; importing and loading the index: {cold_index:.0f} ms")
    print("the catalogue is read on first use (catalogue(), catalogue_index()) and kept for "
          "the run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
