"""Benchmark: the first sync of 10 000 applications (members, incomes, holdings, documents,
journal) from one desk into an empty district server over loopback, against PostgreSQL COPY of
the same rows in the same run; then a sync with nothing to do.

    python benchmarks/sync.py [--count 10000] [--database postgresql://…] [--no-plain]
                              [--baseline-server DIR] [--baseline-desk DIR] [--pairs N]

Without ``--database`` a throw-away PostgreSQL cluster is started in a temporary folder
(initdb + pg_ctl; as the ``postgres`` user when run as root). Targets: first sync < 10 s,
nothing-to-do sync < 200 ms.

The desk's database is encrypted, as on every desk. Unless ``--no-plain`` (or with
``--database``), the same benchmark then runs again in a child process on plain storage
(benchmarks/plain_storage.py) with a cluster of its own, and the first syncs are compared:
target, encrypted within 1.3 times the plain one.

It also prints what checking the records costs (``desktop.sync.records``): the check alone,
in this process, over the same records' JSON texts as the desk sends them (read by their
shape, the rest decoded and checked field by field, as the server does; and every one
decoded and checked, for comparison). ``--baseline-server DIR`` runs the district server of
another checkout (e.g. ``git archive`` of the code before) against this desk, alternately
with this one, ``--pairs`` times, each first sync on a fresh database and a fresh copy of
the same generated desk: the first sync with the server's checks against without them.
``--baseline-desk DIR`` runs the desk of another checkout (its batches, their sizes and
what it keeps of them) against this server, alternately with this desk, ``--pairs`` times,
each desk in a child process of its own, on a fresh database and a fresh copy of the same
generated desk.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pwd
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def temporary_cluster() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder; yields the URL of an empty database."""
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    found = shutil.which("initdb")
    binaries = folders[0] if folders else (Path(found).parent if found else None)
    if binaries is None:
        raise SystemExit("no PostgreSQL binaries: install the postgresql package")
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="komek-bench-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = base / "data"
    subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "komek",
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], check=True,
                   capture_output=True)
    subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l",
                    str(base / "log"), "-w", "-o",
                    f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start"],
                   check=True, capture_output=True)
    try:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user="komek", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute("CREATE DATABASE district")
        yield f"postgresql://komek@127.0.0.1:{port}/district"
    finally:
        subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _server(database: str, port: int, root: Path = ROOT) -> subprocess.Popen[bytes]:
    """``komek-server run`` of the checkout ``root``: started in that folder, since
    ``python -m`` puts the working folder ahead of ``PYTHONPATH`` (started elsewhere, the
    checkout the benchmark runs from would be served whatever ``root`` says)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    process = subprocess.Popen([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                                database, "run", "--port", str(port)], env=env, cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
            return process
        time.sleep(0.05)
    raise SystemExit("server did not start")


def _cli(database: str, *args: str, root: Path = ROOT) -> str:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                           database, *args], env=env, cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()


def _copy_baseline(database: str, db: object) -> tuple[float, int, int]:
    """COPY the same rows (table, id, scope, version, JSON data) into a fresh table shaped
    like the server's ``records`` (its primary key), on a quiet cluster: run before the
    sync, after a CHECKPOINT, so it does not pay for the sync's own writes being flushed.
    Returns (seconds, rows, bytes)."""
    import psycopg
    from sqlalchemy import select

    from desktop.sync import scopes
    from desktop.sync.client.codec import encode, table

    buffer = io.StringIO()
    rows = 0
    with db.engine.connect() as connection:  # type: ignore[attr-defined]
        for name in scopes.synced_tables():
            for row in connection.execute(select(table(name))):
                data = json.dumps(encode(row._mapping), ensure_ascii=False)
                data = data.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                buffer.write(f"{name}\t{row.id}\tX\t{row.version}\t{data}\n")
                rows += 1
    text = buffer.getvalue()
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute("CREATE TABLE copy_baseline (table_name text, id text, scope text, "
                           "version int, data jsonb, PRIMARY KEY (table_name, id))")
        connection.execute("CHECKPOINT")
        started = time.perf_counter()
        with connection.cursor() as cursor, cursor.copy(
                "COPY copy_baseline FROM STDIN") as copy:
            copy.write(text)
        elapsed = time.perf_counter() - started
        connection.execute("DROP TABLE copy_baseline")
        connection.execute("CHECKPOINT")
    return elapsed, rows, len(text.encode("utf-8"))


def _texts(db: object) -> list[tuple[str, str]]:
    """Every synced record of the desk as the JSON text a push carries (SQLite's
    json_object, as ``desktop.sync.client.batches`` forms it)."""
    from desktop.sync import scopes
    from desktop.sync.client import batches

    found: list[tuple[str, str]] = []
    with db.engine.connect() as connection:  # type: ignore[attr-defined]
        raw = connection.connection.driver_connection
        for name in scopes.synced_tables():
            ids = [row[0] for row in raw.execute(f"SELECT id FROM {name}")]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                statement, as_json = batches._select(name, len(chunk))
                for row in raw.execute(statement, chunk):
                    found.append((name, row[3] if as_json else json.dumps(row[1:])))
    return found


def _family_of_five(texts: list[tuple[str, str]], families: int = 20) -> None:
    """Bytes on the wire per application for a family of five with its quarter's incomes,
    documents and the case path to the head's decision, taken from the generated desk:
    its records as a push carries them (each record's JSON text) and as a pull brings them
    (the objects), plain as before and compressed (zstd, as the desk and server send them
    now), for ``families`` such applications in one batch (a day's sync) and for one alone.
    Bodies only: each request adds its line and headers, some 400 bytes."""
    import uuid
    from collections import defaultdict

    import orjson

    from desktop.sync import compression

    by_application: dict[str, list[tuple[str, dict[str, object], str]]] = defaultdict(list)
    for name, text in texts:
        data = orjson.loads(text)
        if not isinstance(data, dict):
            continue
        owner = data["id"] if name == "applications" else data.get("application_id")
        if isinstance(owner, str):
            by_application[owner].append((name, data, text))
    chosen = sorted(
        owner for owner, found in by_application.items()
        if sum(name == "members" for name, _d, _t in found) == 5
        and any(name == "incomes" for name, _d, _t in found)
        and any(name == "case_decisions" and d.get("stage") == "final"
                for name, d, _t in found))[:families]
    if not chosen:
        print("no family of five with a decision among the generated applications")
        return

    def push(owners: list[str]) -> bytes:
        return orjson.dumps({"node": str(uuid.uuid4()), "seq": 1, "changes": [
            {"t": name, "id": data["id"], "v": 1, "b": 0, "d": text}
            for owner in owners for name, data, text in by_application[owner]]})

    def pull(owners: list[str]) -> bytes:
        return orjson.dumps({"changes": [
            {"t": name, "id": data["id"], "v": 1, "d": data}
            for owner in owners for name, data, _text in by_application[owner]],
            "reference": [], "cursor": 123456, "more": False})

    records = sum(len(by_application[o]) for o in chosen) / len(chosen)
    print(f"bytes on the wire per application: a family of five with its incomes, documents "
          f"and the case path to the decision ({len(chosen)} such applications of the "
          f"generated desk, {records:.0f} records each; bodies only):")
    for label, body in (("push", push), ("pull", pull)):
        together, alone = body(chosen), body(chosen[:1])
        plain = len(together) / len(chosen)
        packed = len(compression.compress(together)) / len(chosen)
        print(f"  {label}: plain JSON (before) {plain:7.0f} B, zstd {packed:6.0f} B "
              f"({plain / packed:.1f} times smaller) in a batch of {len(chosen)}; "
              f"alone {len(alone)} B, zstd {len(compression.compress(alone))} B")


def _validation_alone(texts: list[tuple[str, str]]) -> None:
    """CPU seconds of the checks over the records' texts, best of three."""
    import itertools

    import orjson

    from desktop.sync.records import read_texts, validate

    runs = []  # a table's texts in runs of a batch's size at most, as a push brings them
    for table, run in itertools.groupby(texts, key=lambda item: item[0]):
        run_texts = [text for _t, text in run]
        runs += [(table, run_texts[i:i + 5000]) for i in range(0, len(run_texts), 5000)]

    def by_shape() -> int:
        decoded = 0
        for table, run in runs:  # as the server reads a batch: a table's run at a time
            for text, read in zip(run, read_texts(table, run), strict=True):
                if read is None:
                    decoded += 1
                    validate(table, orjson.loads(text))
        return decoded

    def every_field() -> None:
        for table, record in texts:
            validate(table, orjson.loads(record))

    def decode_only() -> None:
        for _table, record in texts:
            orjson.loads(record)

    decoded = by_shape()  # compiles the checks once
    for label, work in (("read by shape, the rest decoded and checked (the server)", by_shape),
                        ("every record decoded and checked field by field", every_field),
                        ("every record decoded only (orjson.loads)", decode_only)):
        best = min(_cpu(work) for _ in range(3))
        print(f"  {label}: {best:5.2f} s CPU, {best / len(texts) * 1e6:.1f} µs a record")
    print(f"  records not read by shape (decoded and checked): {decoded} of {len(texts)}")


def _cpu(work: object) -> float:
    started = time.process_time()
    work()  # type: ignore[operator]
    return time.process_time() - started


def _fresh_database(database: str, name: str) -> str:
    """A new empty database on the cluster of ``database``; its URL."""
    import psycopg

    base, _slash, _old = database.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return f"{base}/{name}"


def _first_sync(desk: Path, work: Path, database: str, root: Path, idle: bool
                ) -> tuple[float, object, list[float], tuple[int, int]]:
    """Enrol a copy of the generated desk with a fresh server (of checkout ``root``) and
    time its first sync; then, if ``idle``, seven syncs with nothing to do."""
    from desktop.storage.database import Database
    from desktop.sync.client.engine import open_transport, run_sync
    from desktop.sync.client.enrol import enrol

    copy = work / f"desk-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(desk, copy)
    _cli(database, "init", root=root)
    port = _free_port()
    server = _server(database, port, root)
    db = Database.open(copy)
    idle_times: list[float] = []
    try:
        enrol(db, f"http://127.0.0.1:{port}",
              _cli(database, "enrol", "--office", "BENCH-01", root=root))
        with open_transport(db) as transport:
            started = time.perf_counter()
            report = run_sync(db, transport, check=False)
            first = time.perf_counter() - started
            wire = (getattr(transport, "sent", 0), getattr(transport, "received", 0))
            for _ in range(7 if idle else 0):
                started = time.perf_counter()
                again = run_sync(db, transport, check=False)
                idle_times.append(time.perf_counter() - started)
                assert again.accepted == 0
    finally:
        server.terminate()
        server.wait(10)
        db.close()
        copy.unlink(missing_ok=True)
    return first, report, idle_times, wire


# A first sync by the desk code of the checkout on the child's PYTHONPATH: prints its time.
_DESK_CHILD = """
import sys, time
from desktop.storage.database import Database
from desktop.sync.client.engine import open_transport, run_sync
from desktop.sync.client.enrol import enrol
db = Database.open(sys.argv[1])
try:
    enrol(db, sys.argv[2], sys.argv[3])
    with open_transport(db) as transport:
        started, cpu = time.perf_counter(), time.process_time()
        report = run_sync(db, transport, check=False)
        print(f"first sync {time.perf_counter() - started:.4f} {report.accepted} "
              f"{report.pushed_batches} {transport.sent} {transport.received} "
              f"{time.process_time() - cpu:.3f}")
finally:
    db.close()
"""


def _cpu_of(pid: int) -> float:
    """CPU seconds (user and system) a running process has taken (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _first_sync_of_desk(desk: Path, work: Path, database: str, desk_root: Path
                        ) -> tuple[float, int, int, int, int, float, float]:
    """The first sync of a copy of the generated desk by the desk code of checkout
    ``desk_root`` (a child process), against this server on a fresh ``database``:
    (seconds, records accepted, batches, bytes sent, bytes received, the desk's CPU
    seconds in the sync, the server's CPU seconds from the enrolment on). On a shared
    machine the CPU seconds compare where the wall time does not."""
    copy = work / f"desk-{time.monotonic_ns()}.sqlite3"
    shutil.copyfile(desk, copy)
    _cli(database, "init")
    port = _free_port()
    server = _server(database, port)
    try:
        code = _cli(database, "enrol", "--office", "BENCH-01")
        env = {**os.environ, "PYTHONPATH": str(desk_root)}
        server_cpu = _cpu_of(server.pid)
        out = subprocess.run([sys.executable, "-c", _DESK_CHILD, str(copy),
                              f"http://127.0.0.1:{port}", code], env=env, cwd=desk_root,
                             check=True, capture_output=True, text=True).stdout
        server_cpu = _cpu_of(server.pid) - server_cpu
    finally:
        server.terminate()
        server.wait(10)
        copy.unlink(missing_ok=True)
    seconds, accepted, pushed, sent, received, cpu = out.rsplit("first sync ", 1)[1].split()[:6]
    return (float(seconds), int(accepted), int(pushed), int(sent), int(received), float(cpu),
            server_cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database", help="an empty PostgreSQL database (default: temporary)")
    parser.add_argument("--no-plain", action="store_true",
                        help="do not run the plain-storage comparison")
    parser.add_argument("--plain-storage", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-server", type=Path, metavar="DIR",
                        help="a checkout whose district server runs alternately with this one")
    parser.add_argument("--baseline-desk", type=Path, metavar="DIR",
                        help="a checkout whose desk runs alternately with this one")
    parser.add_argument("--pairs", type=int, default=1,
                        help="alternate runs of each server (with --baseline-server) or "
                             "desk (with --baseline-desk)")
    args = parser.parse_args()
    if args.plain_storage:
        from plain_storage import use_plain_storage

        use_plain_storage()
    os.environ.setdefault("KOMEK_NO_KEYRING", "1")
    work = Path(tempfile.mkdtemp(prefix="komek-bench-sync-"))
    os.environ["KOMEK_CONFIG_DIR"] = str(work / "config")
    cluster = contextlib.nullcontext(args.database) if args.database else temporary_cluster()
    with cluster as database:
        from desktop.demo.generate import fill_demo
        from desktop.services.workstation import WorkstationSetup, save_setup
        from desktop.storage.database import Database

        desk = work / "desk.sqlite3"
        db = Database.open(desk)
        save_setup(db, WorkstationSetup("Карагандинская область", "Ақтоғай ауданы", "akimat",
                                        "Бенч ауылы", "Бенч", "BENCH-01", "Оператор Бенч", ""))
        started = time.perf_counter()
        fill_demo(db, args.count, seed=1)
        print(f"generated {args.count} applications in {time.perf_counter() - started:.1f} s")
        _cli(database, "init")
        copy_time, rows, size = _copy_baseline(database, db)
        texts = _texts(db)
        db.close()
        print(f"the checks alone, over the {len(texts)} records' texts "
              f"({sum(len(t) for _n, t in texts) / 1e6:.0f} MB), in this process:")
        _validation_alone(texts)
        _family_of_five(texts)
        runs: list[tuple[str, float]] = []
        servers = [("this server", ROOT)]
        if args.baseline_server:
            servers.append(("baseline server", args.baseline_server.resolve()))
        report: object = None
        idle: list[float] = []
        wire = (0, 0)
        for pair in range(args.pairs if args.baseline_server else 1):
            for label, root in servers:
                target = database if not runs else _fresh_database(
                    database, f"district_{len(runs)}")
                first, done, idle_times, sent = _first_sync(desk, work, target, root,
                                                            idle=not runs)
                if not runs:
                    report, idle, wire = done, idle_times, sent
                runs.append((label, first))
                print(f"pair {pair + 1}, {label}: first sync {first:.2f} s "
                      f"(ratio to COPY {first / copy_time:.1f}), "
                      f"{getattr(done, 'accepted', 0)} records accepted, "
                      f"{getattr(done, 'refused', 0)} refused")
        desks: list[tuple[str, float, int]] = []
        for pair in range(args.pairs if args.baseline_desk else 0):
            for label, root in (("this desk", ROOT),
                                ("baseline desk", args.baseline_desk.resolve())):
                seconds, accepted, pushed, sent, received, cpu, server_cpu = \
                    _first_sync_of_desk(desk, work,
                                        _fresh_database(database, f"desk_{len(desks)}"), root)
                desks.append((label, seconds, pushed))
                print(f"pair {pair + 1}, {label}: first sync {seconds:.2f} s "
                      f"(ratio to COPY {seconds / copy_time:.1f}), {accepted} records "
                      f"accepted in {pushed} batches; on the wire {sent / 1e6:.2f} MB sent, "
                      f"{received / 1e6:.2f} MB received; CPU seconds: the desk {cpu:.2f}, "
                      f"the server {server_cpu:.2f}")
    shutil.rmtree(work, ignore_errors=True)
    first = runs[0][1]
    print(f"records pushed: {getattr(report, 'accepted', 0)} in "
          f"{getattr(report, 'pushed_batches', 0)} batches "
          f"(rows copied by COPY: {rows}, {size / 1e6:.0f} MB of text)")
    print(f"bytes on the wire, first sync: {wire[0] / 1e6:.1f} MB sent, "
          f"{wire[1] / 1e6:.1f} MB received ({sum(wire) / max(args.count, 1):.0f} B an "
          f"application; the records' text: {size / 1e6:.0f} MB)")
    print(f"first sync:          {first:7.2f} s   (target < 10 s)")
    print(f"COPY of same rows:   {copy_time:7.2f} s   ratio sync/COPY = {first / copy_time:.1f}")
    print(f"sync, nothing to do: {statistics.median(idle) * 1000:7.1f} ms (median of 7; "
          f"target < 200 ms)")
    for label, _root in servers[1:]:
        mine = [t for name, t in runs if name == servers[0][0]]
        theirs = [t for name, t in runs if name == label]
        print(f"first sync, this server against the {label}, alternately: "
              f"{', '.join(f'{t:.2f}' for t in mine)} s against "
              f"{', '.join(f'{t:.2f}' for t in theirs)} s")
    if desks:
        mine = [(t, n) for name, t, n in desks if name == "this desk"]
        theirs = [(t, n) for name, t, n in desks if name != "this desk"]
        print(f"first sync, this desk against the baseline desk, alternately (this "
              f"server): {', '.join(f'{t:.2f}' for t, _n in mine)} s "
              f"({mine[0][1]} batches) against {', '.join(f'{t:.2f}' for t, _n in theirs)} s "
              f"({theirs[0][1]} batches); COPY {copy_time:.2f} s")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.plain_storage:
        print(f"plain first sync: {first:.4f}")
    elif not (args.no_plain or args.database):
        print("\nthe same on plain storage (a child process, a cluster of its own)…")
        child = subprocess.run([sys.executable, __file__, "--count", str(args.count),
                                "--plain-storage"], capture_output=True, text=True, check=True)
        plain = float(child.stdout.rsplit("plain first sync: ", 1)[1].split()[0])
        for line in child.stdout.splitlines():
            if line.startswith(("first sync:", "COPY of", "load average")):
                print("  plain run, " + line)
        print(f"first sync: encrypted {first:.2f} s, plain {plain:.2f} s, "
              f"ratio {first / plain:.2f} (target <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
