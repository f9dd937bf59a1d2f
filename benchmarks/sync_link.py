"""Benchmark: sync over a village's link. The desk and the district server talk through a
loopback proxy that limits each way's rate, adds a round trip's delay and cuts every
connection now and then (tests/support/link.py), and it prints, in one run:

* an akimat's daily sync of 20 new applications (after a first sync of 200 on the LAN;
  target under 15 s),
* the first sync of an akimat with 2 000 applications,
* a district desk's first pull of everything the server then holds (``--district N``: an
  akimat syncs on the LAN first, so that the server holds N applications),

each with the bytes carried each way and the floor: the time those bytes take at the
link's raw rates. A sync that stops (a cut met the request twice) is run again, as a
person presses "Sync now" again, and the runs are counted.

    python benchmarks/sync_link.py [--up 256000] [--down 1000000] [--rtt 0.3]
                                   [--cut-every 30] [--daily 20] [--first 2000]
                                   [--district 10000]
                                   [--database postgresql://…]

Without ``--database`` a throw-away PostgreSQL cluster is started (as benchmarks/sync.py).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sync import _cli, _free_port, _server, temporary_cluster  # noqa: E402

from tests.support.link import SlowLink  # noqa: E402


def _desk(folder: Path, office: str, kind: str, count: int, seed: int) -> object:
    from desktop.demo.generate import fill_demo
    from desktop.services.workstation import WorkstationSetup, save_setup
    from desktop.storage.database import Database

    db = Database.open(folder / f"{office}.sqlite3")
    save_setup(db, WorkstationSetup(
        "Карагандинская область", "Ақтоғай ауданы",
        "akimat" if kind == "akimat" else "district_office", f"Кеңсе {office}",
        f"Офис {office}", office, f"Оператор {office}", ""))
    if count:
        fill_demo(db, count, seed=seed)
    return db


def _more(db: object, count: int, seed: int) -> None:
    """``count`` new applications, queued for sync as the intake would queue them."""
    from desktop.demo.generate import fill_demo
    from desktop.storage.outbox import enqueue_untracked

    fill_demo(db, count, seed=seed)  # type: ignore[arg-type]
    with db.session() as session:  # type: ignore[attr-defined]
        enqueue_untracked(session)


def _point_at(db: object, url: str) -> None:
    from desktop.sync.client import settings

    with db.engine.begin() as connection:  # type: ignore[attr-defined]
        settings.write(connection, settings.SERVER_URL, url)


def sync_over(db: object, link: SlowLink | None, url: str, *, most_runs: int = 50
              ) -> tuple[float, int, object]:
    """Seconds until a sync finished (runs again after a failure that says to try again),
    how many runs it took, and the last run's report."""
    from desktop.sync.client.engine import open_transport, run_sync
    from desktop.sync.errors import SyncError

    _point_at(db, link.url if link else url)
    started = time.perf_counter()
    for run in range(1, most_runs + 1):
        try:
            with open_transport(db) as transport:  # type: ignore[arg-type]
                report = run_sync(db, transport, check=False)  # type: ignore[arg-type]
            return time.perf_counter() - started, run, report
        except SyncError as error:
            if not error.retry_later:
                raise
    raise SystemExit(f"the sync did not finish in {most_runs} runs")


def _line(label: str, seconds: float, runs: int, link: SlowLink, applications: int) -> None:
    total = link.sent + link.received
    print(f"{label}: {seconds:6.1f} s in {runs} run(s); up {link.sent / 1e3:8.1f} KB, "
          f"down {link.received / 1e3:8.1f} KB ({total / max(applications, 1):6.0f} B an "
          f"application); floor at the link's rate {link.floor():6.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--up", type=float, default=256_000, help="desk to server, bit/s")
    parser.add_argument("--down", type=float, default=1_000_000, help="server to desk, bit/s")
    parser.add_argument("--rtt", type=float, default=0.3, help="round trip, seconds")
    parser.add_argument("--cut-every", type=float, default=30.0,
                        help="seconds between cuts of every connection (0: never)")
    parser.add_argument("--daily", type=int, default=20)
    parser.add_argument("--first", type=int, default=2000)
    parser.add_argument("--district", type=int, default=0,
                        help="applications the district desk pulls (0: what the two akimats "
                             "hold); the rest come from a third akimat's sync on the LAN")
    parser.add_argument("--database", help="an empty PostgreSQL database (default: temporary)")
    args = parser.parse_args()
    os.environ.setdefault("KOMEK_NO_KEYRING", "1")
    work = Path(tempfile.mkdtemp(prefix="komek-bench-link-"))
    os.environ["KOMEK_CONFIG_DIR"] = str(work / "config")
    cluster = contextlib.nullcontext(args.database) if args.database else temporary_cluster()
    cuts = f"every connection cut every {args.cut_every:.0f} s" if args.cut_every else \
        "never cut"
    print(f"link: {args.up / 1e3:.0f} kbit/s up, {args.down / 1e3:.0f} kbit/s down, "
          f"{args.rtt * 1e3:.0f} ms round trip, {cuts}")
    with cluster as database:
        from desktop.sync.client.enrol import enrol

        _cli(database, "init")
        port = _free_port()
        server = _server(database, port)
        url = f"http://127.0.0.1:{port}"
        dbs: list[object] = []
        try:
            def link() -> SlowLink:
                return SlowLink(port, up=args.up, down=args.down, rtt=args.rtt,
                                cut_every=args.cut_every or None)

            village = _desk(work, "AKT-01", "akimat", 200, seed=1)
            dbs.append(village)
            enrol(village, url, _cli(database, "enrol", "--office", "AKT-01"))
            sync_over(village, None, url)  # its first sync, on the district's LAN
            _more(village, args.daily, seed=2)
            slow = link()
            seconds, runs, _report = sync_over(village, slow, url)
            slow.close()
            _line(f"an akimat's daily sync of {args.daily} new applications (target < 15 s)",
                  seconds, runs, slow, args.daily)

            started = time.perf_counter()
            first = _desk(work, "AKT-02", "akimat", args.first, seed=3)
            dbs.append(first)
            print(f"  (generated {args.first} applications in "
                  f"{time.perf_counter() - started:.0f} s)")
            enrol(first, url, _cli(database, "enrol", "--office", "AKT-02"))
            slow = link()
            seconds, runs, _report = sync_over(first, slow, url)
            slow.close()
            _line(f"the first sync of an akimat with {args.first} applications", seconds,
                  runs, slow, args.first)

            held = 200 + args.daily + args.first
            if args.district > held:  # the rest of the district, synced on the LAN
                started = time.perf_counter()
                rest = _desk(work, "AKT-03", "akimat", args.district - held, seed=5)
                dbs.append(rest)
                enrol(rest, url, _cli(database, "enrol", "--office", "AKT-03"))
                sync_over(rest, None, url)
                print(f"  (another akimat's {args.district - held} applications generated and "
                      f"synced on the LAN in {time.perf_counter() - started:.0f} s)")
                held = args.district
            district = _desk(work, "AUD-01", "district", 0, seed=4)
            dbs.append(district)
            enrol(district, url, _cli(database, "enrol", "--office", "AUD-01", "--kind",
                                      "district"))
            slow = link()
            seconds, runs, report = sync_over(district, slow, url)
            slow.close()
            _line(f"a district desk's first pull of {held} applications "
                  f"({getattr(report, 'pulled', 0)} records in the last run)", seconds, runs,
                  slow, held)
        finally:
            server.terminate()
            server.wait(10)
            for db in dbs:
                db.close()  # type: ignore[attr-defined]
    shutil.rmtree(work, ignore_errors=True)
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
