"""Benchmark: a district's morning rush against the real server over TLS on loopback, with a
real PostgreSQL.

    python benchmarks/server_load.py [--offices 10] [--applications 300] [--yesterday 10]
                                     [--desks 20,100,200] [--push 2] [--think 0.05]
                                     [--spread 0] [--database postgresql://…]
                                     [--server-root DIR]

A district of ``--offices`` offices (a district office and akimats) is seeded by real desks:
each generates ``--applications`` families (about 36 records each: members, incomes,
holdings, documents, the case path) and makes its first sync; then ``--yesterday`` more
each are synced (what the desks pull in the morning). The default, 10 offices of 300
applications, is some 110 000 records and takes a few minutes on 2 cores; the issue's
district of 723 000 records is ``--applications 2000``.

First, what a status and a pull cost the server alone (CPU a request, one desk). Then,
for each N of ``--desks`` in the same run and on the same server, N desks enrolled
with their own credentials (dealt over the offices) start their first sync of the day at
once, each in a thread of this process, over the desk's own transport: status, a push of
``--push`` new applications, the pull of what changed since last night (their cursor), the
daily consistency check's digests, ``--think`` seconds between requests. Printed for each N:
the rush's completion time, failed syncs (target 0) and why, p50 and p95 of each route
(target: status and pull under 300 ms at N = 100), the server's peak RSS during the rush and
its RSS after it (what it gave back), and PostgreSQL's peak memory (the proportional share of
each of its processes summed, so the shared buffers count once).

Without ``--database`` a throw-away PostgreSQL cluster is started (as benchmarks/sync.py does).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sync import _free_port, temporary_cluster  # noqa: E402

from tests.support import district_load as load  # noqa: E402
from tests.support.sync_wire import certificate  # noqa: E402

MB = 1024 * 1024


def start_server(database: str, folder: Path, port: int, root: Path = ROOT
                 ) -> tuple[subprocess.Popen[bytes], str, str, Path]:
    """``komek-server run`` of the checkout ``root`` over TLS; (process, url, the
    certificate's PEM, its log)."""
    import ssl

    cert, key = certificate(folder, "server")
    log = folder / "server.log"
    env = {**os.environ, "PYTHONPATH": str(root)}
    # started in ``root``: ``python -m`` puts the working folder first on the path, before
    # PYTHONPATH, so run from this checkout it served this checkout's server whatever
    # ``root`` was
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.sync.server.cli", "--database", database, "run",
         "--host", "127.0.0.1", "--port", str(port), "--certfile", str(cert), "--keyfile",
         str(key)], env=env, cwd=root, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    import http.client

    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(log.read_text())
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=2, context=context)
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection.request("GET", "/health")
            if connection.getresponse().status == 200:
                connection.close()
                return process, f"https://localhost:{port}", cert.read_text(), log
        connection.close()
        time.sleep(0.05)
    raise SystemExit("the server did not start")


def served_from(root: Path) -> Path:
    """The folder of the ``desktop`` package a server started in ``root`` imports."""
    found = subprocess.run([sys.executable, "-c", "import desktop; print(desktop.__file__)"],
                           env={**os.environ, "PYTHONPATH": str(root)}, cwd=root,
                           check=True, capture_output=True, text=True).stdout.strip()
    return Path(found).parent.parent


def init_schema(database: str, root: Path) -> None:
    """``komek-server init`` of the checkout ``root`` (in ``root``: see start_server)."""
    subprocess.run([sys.executable, "-m", "desktop.sync.server.cli", "--database", database,
                    "init"], env={**os.environ, "PYTHONPATH": str(root)}, cwd=root,
                   check=True, capture_output=True)


def _ms(value: float | None) -> str:
    return "   —  " if value is None else f"{value * 1000:6.0f}"


def report(result: load.RushResult, peak: int, after: int, settled: int, cluster: int) -> None:
    failed = sum(result.failed.values())
    why = ", ".join(f"{code} {n}" for code, n in result.failed.most_common()) or "none"
    print(f"N = {result.desks}: rush done in {result.seconds:.1f} s; failed syncs "
          f"{failed} of {result.desks} ({why}); {result.pushed} records pushed, "
          f"{result.refused} not ok")
    for route in result.routes():
        timings = [t for t in result.timings if t.route == route]
        values = [t.seconds for t in timings]
        print(f"    {route:7} {len(values):5} requests  p50 {_ms(load.percentile(values, 0.5))} "
              f"ms  p95 {_ms(load.percentile(values, 0.95))} ms  max "
              f"{_ms(max(values))} ms")
        parts = [("in the server", [t.server for t in timings if t.server is not None]),
                 ("of it waiting for a place",
                  [t.place for t in timings if t.place is not None]),
                 ("TCP and TLS handshakes", [t.connect for t in timings if t.connect])]
        for what, seen in parts:
            if seen:
                print(f"        {what:26} {len(seen):5}  p50 "
                      f"{_ms(load.percentile(seen, 0.5))} ms  p95 "
                      f"{_ms(load.percentile(seen, 0.95))} ms")
    print(f"    server RSS: peak {peak / MB:.0f} MB during the rush, {after / MB:.0f} MB "
          f"when the last desk was done, {settled / MB:.0f} MB after a pause; PostgreSQL "
          f"peak {cluster / MB:.0f} MB")


def _digest_cost(database: str, district: load.District) -> None:
    """The consistency check's digests for a district desk (every office) and an akimat's
    (its office and reference data): computed from the records, as the server did before
    revision s0004, against read from ``record_digests``; best of three, in PostgreSQL."""
    import psycopg

    from desktop.sync.server.pull import DIGESTS_FROM_SCRATCH

    kept = "SELECT table_name, scope, n, folded FROM record_digests WHERE n <> 0"
    akimat = next(o.code for o in district.offices if o.kind == "akimat")
    with psycopg.connect(database) as connection:
        for who, where in (("a district desk", ""), (f"an akimat ({akimat})",
                                                     f" AND scope IN ('{akimat}', '*')")):
            times = []
            for query in (DIGESTS_FROM_SCRATCH.replace("GROUP BY", where + " GROUP BY"),
                          kept + where):
                best = float("inf")
                for _ in range(3):
                    started = time.perf_counter()
                    connection.execute(query).fetchall()  # type: ignore[arg-type]
                    best = min(best, time.perf_counter() - started)
                times.append(best)
            print(f"digests for {who}: {times[0] * 1000:.1f} ms computed from the records, "
                  f"{times[1] * 1000:.2f} ms read kept")


def _alone(pid: int, desk: load.SimulatedDesk, high: int, count: int = 300) -> None:
    """What one request costs the server when nothing else runs: its CPU seconds (every
    thread, from /proc) over ``count`` statuses of one desk, on one kept connection and
    each on a new one (its TCP and TLS handshakes), and over ``count`` pulls with nothing
    to bring (after the server's ``high`` cursor); best of two."""
    calls = (("status, connection kept", False, lambda t: t.status()),
             ("status, new connection", True, lambda t: t.status()),
             ("pull of nothing, kept", False, lambda t: t.pull(high, 100)))
    for what, fresh, call in calls:
        best = float("inf")
        for _ in range(2):
            before = load.cpu_seconds(pid)
            if fresh:
                for _ in range(count):
                    with desk.transport() as transport:
                        call(transport)
            else:
                with desk.transport() as transport:
                    for _ in range(count):
                        call(transport)
            best = min(best, (load.cpu_seconds(pid) - before) / count)
        print(f"alone: {what:24} {best * 1000:5.2f} ms of the server's CPU a request")


def _cluster_cpu(postmaster: int | None) -> float:
    return load.cluster_cpu_seconds(postmaster) if postmaster else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices", type=int, default=10)
    parser.add_argument("--applications", type=int, default=300,
                        help="families each office's desk syncs first")
    parser.add_argument("--yesterday", type=int, default=10,
                        help="families each office synced after the desks' last sync")
    parser.add_argument("--desks", default="20,100,200", help="N of each rush")
    parser.add_argument("--push", type=int, default=2, help="new applications a desk pushes")
    parser.add_argument("--think", type=float, default=0.05,
                        help="seconds a desk spends between two requests")
    parser.add_argument("--spread", type=float, default=0.0,
                        help="seconds over which the desks start (0: all at once)")
    parser.add_argument("--processes", type=int, default=0,
                        help="processes the desks' threads are dealt over (0: this one)")
    parser.add_argument("--pause", type=float, default=10.0,
                        help="seconds after a rush before the server's RSS is read again")
    parser.add_argument("--database", help="an empty PostgreSQL database (default: temporary)")
    parser.add_argument("--server-root", type=Path, default=ROOT,
                        help="serve with the server of another checkout (e.g. a git archive "
                        "of the code before), the desks staying this checkout's")
    args = parser.parse_args()
    sizes = [int(n) for n in args.desks.split(",") if n.strip()]
    os.environ.setdefault("KOMEK_NO_KEYRING", "1")
    work = Path(tempfile.mkdtemp(prefix="komek-bench-load-"))
    os.environ["KOMEK_CONFIG_DIR"] = str(work / "config")
    cluster = contextlib.nullcontext(args.database) if args.database else temporary_cluster()
    with cluster as database:
        init_schema(database, args.server_root)
        port = _free_port()
        process, url, pem, log = start_server(database, work, port, args.server_root)
        print(f"server of {served_from(args.server_root)}")
        try:
            pool = (sum(sizes) * args.push) // args.offices + args.push * 2 + 2
            print(f"district: {args.offices} offices, {args.applications} applications "
                  f"each, {args.yesterday} each since the desks' last sync; {pool} each "
                  "kept for the rushes' pushes")
            started = time.perf_counter()
            district = load.build_district(
                database, url, pem, work, offices=args.offices,
                applications=args.applications, yesterday=args.yesterday, pool=pool)
            records = load.high_cursor(database)
            print(f"seeded in {time.perf_counter() - started:.0f} s: {records} changes on "
                  "the server")
            started = time.perf_counter()
            desks = load.enrol_desks(database, district, max(sizes))
            print(f"{len(desks)} desks enrolled over HTTP in "
                  f"{time.perf_counter() - started:.0f} s")
            postmaster = load.postmaster(int(database.rsplit(":", 1)[1].split("/")[0])) \
                if not args.database else None
            _alone(process.pid, desks[0], records)
            print(f"server RSS before the rushes: {load.rss(process.pid) / MB:.0f} MB")
            for size in sizes:
                chosen = desks[:size]
                for desk in chosen:
                    desk.cursor = district.morning
                watch = load.MemoryWatch(process.pid, postmaster)
                cpu = (load.cpu_seconds(process.pid), _cluster_cpu(postmaster))
                with watch.watching():
                    result = load.rush(chosen, applications=args.push, think=args.think,
                                       spread=args.spread, processes=args.processes)
                cpu = (load.cpu_seconds(process.pid) - cpu[0],
                       _cluster_cpu(postmaster) - cpu[1], result.desk_seconds)
                after = load.rss(process.pid)
                time.sleep(args.pause)
                report(result, watch.server_peak, after, load.rss(process.pid),
                       watch.cluster_peak)
                where = f"{args.processes} processes" if args.processes else "this process"
                print(f"    CPU seconds during the rush: server {cpu[0]:.1f}, PostgreSQL "
                      f"{cpu[1]:.1f}, the desks ({where}) {cpu[2]:.1f}")
                with os.popen("uptime") as uptime:
                    print("    load:", uptime.read().strip())
            if args.server_root == ROOT:
                _digest_cost(database, district)
            errors = [line for line in log.read_text(errors="replace").splitlines()
                      if " ERROR " in line or "failed:" in line]
            print(f"server log: {len(errors)} error lines" +
                  "".join(f"\n    {line}" for line in errors[:5]))
            with os.popen("uptime") as uptime:
                print("load:", uptime.read().strip())
            for desk in desks:
                desk.close()
        finally:
            process.terminate()
            process.wait(10)
            for office in getattr(locals().get("district"), "offices", []):
                office.db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
