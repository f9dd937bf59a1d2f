"""Benchmark: the first sync of 10 000 applications (members, incomes, holdings, documents,
journal) from one desk into an empty district server over loopback, against PostgreSQL COPY of
the same rows in the same run; then a sync with nothing to do.

    python benchmarks/sync.py [--count 10000] [--database postgresql://…] [--no-plain]

Without ``--database`` a throw-away PostgreSQL cluster is started in a temporary folder
(initdb + pg_ctl; as the ``postgres`` user when run as root). Targets: first sync < 10 s,
nothing-to-do sync < 200 ms.

The desk's database is encrypted, as on every desk. Unless ``--no-plain`` (or with
``--database``), the same benchmark then runs again in a child process on plain storage
(benchmarks/plain_storage.py) with a cluster of its own, and the first syncs are compared:
target, encrypted within 1.3 times the plain one.
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


def _server(database: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                                database, "run", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
            return process
        time.sleep(0.05)
    raise SystemExit("server did not start")


def _cli(database: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                           database, *args], env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database", help="an empty PostgreSQL database (default: temporary)")
    parser.add_argument("--no-plain", action="store_true",
                        help="do not run the plain-storage comparison")
    parser.add_argument("--plain-storage", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_storage:
        from plain_storage import use_plain_storage

        use_plain_storage()
    os.environ.setdefault("KOMEK_NO_KEYRING", "1")
    work = Path(tempfile.mkdtemp(prefix="komek-bench-sync-"))
    os.environ["KOMEK_CONFIG_DIR"] = str(work / "config")
    cluster = contextlib.nullcontext(args.database) if args.database else temporary_cluster()
    with cluster as database:
        _cli(database, "init")
        from desktop.demo.generate import fill_demo
        from desktop.services.workstation import WorkstationSetup, save_setup
        from desktop.storage.database import Database
        from desktop.sync.client.engine import open_transport, run_sync
        from desktop.sync.client.enrol import enrol

        db = Database.open(work / "desk.sqlite3")
        save_setup(db, WorkstationSetup("Карагандинская область", "Ақтоғай ауданы", "akimat",
                                        "Бench ауылы", "Бенч", "BENCH-01", "Оператор Бенч", ""))
        started = time.perf_counter()
        fill_demo(db, args.count, seed=1)
        print(f"generated {args.count} applications in {time.perf_counter() - started:.1f} s")
        copy_time, rows, size = _copy_baseline(database, db)
        port = _free_port()
        server = _server(database, port)
        try:
            enrol(db, f"http://127.0.0.1:{port}",
                  _cli(database, "enrol", "--office", "BENCH-01"))
            with open_transport(db) as transport:
                started = time.perf_counter()
                report = run_sync(db, transport, check=False)
                first = time.perf_counter() - started
                idle = []
                for _ in range(7):
                    started = time.perf_counter()
                    again = run_sync(db, transport, check=False)
                    idle.append(time.perf_counter() - started)
                    assert again.accepted == 0
        finally:
            server.terminate()
            server.wait(10)
        db.close()
    shutil.rmtree(work, ignore_errors=True)
    print(f"records pushed: {report.accepted} in {report.pushed_batches} batches "
          f"(rows copied by COPY: {rows}, {size / 1e6:.0f} MB of text)")
    print(f"first sync:          {first:7.2f} s   (target < 10 s)")
    print(f"COPY of same rows:   {copy_time:7.2f} s   ratio sync/COPY = {first / copy_time:.1f}")
    print(f"sync, nothing to do: {statistics.median(idle) * 1000:7.1f} ms (median of 7; "
          f"target < 200 ms)")
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
