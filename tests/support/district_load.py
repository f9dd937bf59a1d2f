"""A district's morning rush, for benchmarks/server_load.py and its small version in the
tests: a district of several offices seeded by real desks (generated families, first syncs),
then N simulated desks in one process, each enrolled with its own credentials and keeping
its own cursor, starting their first sync of the day at once over real HTTP (TLS when the
server has it): status, a push of a few new applications, the pull of what changed since
yesterday, the daily consistency check's digests.

A simulated desk holds no database: it speaks the protocol through the desk's own transport
(``desktop.sync.client.transport.HttpTransport``: httpx, the same keep-alive, the same retry
of a request whose reused connection broke, compressed bodies), and pushes records that
real desks of its office generated (their JSON texts as a desk sends them).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import statistics
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

# (table, id, version, JSON text) of one record, as a desk's push carries it
Record = tuple[str, str, int, str]


def new_desk(folder: Path, office: str, kind: str) -> Any:
    """A desk database set up for ``office`` (``kind`` akimat or district)."""
    from desktop.services.workstation import WorkstationSetup, save_setup
    from desktop.storage.database import Database

    db = Database.open(folder / f"{office}.sqlite3")
    save_setup(db, WorkstationSetup(
        "Карагандинская область", "Ақтоғай ауданы",
        "akimat" if kind == "akimat" else "district_office", f"Кеңсе {office}",
        f"Офис {office}", office, f"Оператор {office}", ""))
    return db


def enrolment_code(database: str, office: str, kind: str, engine: Any = None) -> str:
    """A one-time code for a desk of ``office``, as ``komek-server enrol`` makes it."""
    from desktop.sync.server import db as server_db
    from desktop.sync.server.enrolment import create_enrolment

    own = engine is None
    engine = engine or server_db.make_engine(database, pool_size=1)
    try:
        with engine.begin() as connection:
            return str(create_enrolment(connection, office, kind))
    finally:
        if own:
            engine.dispose()


def high_cursor(database: str) -> int:
    import psycopg

    with psycopg.connect(database) as connection:
        row = connection.execute("SELECT coalesce(max(cursor), 0) FROM records").fetchone()
    return int(row[0]) if row else 0


def sync_desk(db: Any) -> None:
    """A real desk's sync (push and pull), no consistency check."""
    from desktop.sync.client.engine import open_transport, run_sync

    with open_transport(db) as transport:
        run_sync(db, transport, check=False)


def queue_all(db: Any) -> None:
    from desktop.storage.outbox import enqueue_untracked

    with db.session() as session:
        enqueue_untracked(session)


def application_ids(db: Any) -> set[str]:
    from sqlalchemy import text

    with db.engine.connect() as connection:
        return set(connection.execute(text("SELECT id FROM applications")).scalars())


def family_records(db: Any, applications: Sequence[str]) -> dict[str, list[Record]]:
    """The records of each of ``applications`` (the application and the records of its
    tables) as a push carries them, in the order a desk sends tables."""
    from desktop.sync import scopes
    from desktop.sync.client import batches, codec

    found: dict[str, list[Record]] = defaultdict(list)
    wanted = list(applications)
    with db.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for name in scopes.synced_tables():
            if name != "applications" and name not in scopes.BY_APPLICATION:
                continue
            for start in range(0, len(wanted), 400):
                chunk = wanted[start:start + 400]
                marks = ",".join("?" * len(chunk))
                column = "id" if name == "applications" else "application_id"
                owners = dict(raw.execute(
                    f"SELECT id, {column} FROM {name} WHERE {column} IN ({marks})", chunk))
                ids = list(owners)
                if not ids:
                    continue
                for part in range(0, len(ids), 400):
                    some = ids[part:part + 400]
                    statement, as_json = batches._select(name, len(some))
                    cursor = raw.execute(statement, some)
                    if as_json:
                        for _base, record_id, version, data in cursor:
                            found[owners[record_id]].append((name, record_id, int(version),
                                                             data))
                    else:
                        columns = [d[0] for d in cursor.description][1:]
                        for values in cursor:
                            record = codec.encode_raw(name, columns, values[1:])
                            found[owners[record["id"]]].append(
                                (name, str(record["id"]), int(record["version"]),
                                 orjson.dumps(record).decode()))
    return found


@dataclass
class Office:
    code: str
    kind: str
    db: Any  # the real desk that seeded it
    pool: list[list[Record]] = field(default_factory=list)  # new applications to push
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, count: int) -> list[Record]:
        """The records of ``count`` applications none of the desks has pushed yet."""
        with self.lock:
            taken, self.pool = self.pool[:count], self.pool[count:]
        if len(taken) < count:
            raise RuntimeError(f"{self.code}: no more new applications to push")
        order = _table_order()
        return sorted((r for family in taken for r in family), key=lambda r: order[r[0]])


def _table_order() -> dict[str, int]:
    from desktop.sync import scopes

    return {name: n for n, name in enumerate(scopes.synced_tables())}


@dataclass
class District:
    url: str
    cert_pem: str | None
    offices: list[Office]
    morning: int  # the cursor every desk synced up to yesterday


def office_codes(count: int) -> list[tuple[str, str]]:
    """The district office and ``count - 1`` akimats: (code, kind)."""
    return [("AUD-01", "district")] + [(f"AKT-{n:02d}", "akimat") for n in range(1, count)]


def build_district(database: str, url: str, cert_pem: str | None, folder: Path, *,
                   offices: int, applications: int, yesterday: int, pool: int,
                   say: Callable[[str], None] = lambda _line: None) -> District:
    """Seed the district: each office's real desk generates ``applications`` families and
    makes its first sync; the cursor then is the morning's (where every desk stood last
    night); ``yesterday`` more families each are synced after it (what the desks pull in
    the morning); ``pool`` more each are generated and kept back, for the rush's pushes."""
    from desktop.demo.generate import fill_demo
    from desktop.sync.client.enrol import enrol

    made: list[Office] = []
    for n, (code, kind) in enumerate(office_codes(offices)):
        db = new_desk(folder, code, kind)
        if applications:
            fill_demo(db, applications, seed=1000 + n)
        enrol(db, url, enrolment_code(database, code, kind))
        sync_desk(db)
        made.append(Office(code, kind, db))
        say(f"  {code}: {applications} applications synced")
    morning = high_cursor(database)
    for n, office in enumerate(made):
        if yesterday:
            fill_demo(office.db, yesterday, seed=2000 + n)
            queue_all(office.db)
            sync_desk(office.db)
        before = application_ids(office.db)
        fill_demo(office.db, pool, seed=3000 + n)  # bulk: not queued, the desk keeps them
        kept = sorted(application_ids(office.db) - before)
        families = family_records(office.db, kept)
        office.pool = [families[a] for a in kept if families.get(a)]
    return District(url, cert_pem, made, morning)


class SimulatedDesk:
    """One enrolled desk: its node, secret, office, cursor. Each sync opens its own
    transport and closes it at the end, as a desk's sync run does (``open_transport``)."""

    def __init__(self, district: District, office: Office, node_id: str, secret: str) -> None:
        self.district = district
        self.office = office
        self.node_id = node_id
        self.secret = secret
        self.cursor = district.morning

    def transport(self) -> Any:
        from desktop.sync.client.transport import HttpTransport

        return HttpTransport(self.district.url, node_id=self.node_id, secret=self.secret,
                             cert_pem=self.district.cert_pem)

    def close(self) -> None:
        """Nothing is kept open between two syncs."""


def enrol_desk(database: str, district: District, office: Office, engine: Any = None
               ) -> SimulatedDesk:
    """A new desk of ``office`` enrolled over HTTP as a desk enrols (the code proved over
    the certificate presented, never sent)."""
    from desktop.sync import codes
    from desktop.sync.client.transport import HttpTransport, certificate_sha256

    code = enrolment_code(database, office.code, office.kind, engine)
    seen = certificate_sha256(district.cert_pem) if district.cert_pem else ""
    node_id, nonce = str(uuid.uuid4()), secrets.token_hex(codes.NONCE_BYTES)
    key = codes.code_key(code)
    with HttpTransport(district.url, cert_pem=district.cert_pem) as transport:
        answer = transport.enrol({"node_id": node_id, "name": f"desk {node_id[:8]}",
                                  "nonce": nonce, "certificate": seen,
                                  "proof": codes.desk_proof(key, seen, nonce, node_id)})
    return SimulatedDesk(district, office, node_id, str(answer["secret"]))


def enrol_desks(database: str, district: District, count: int) -> list[SimulatedDesk]:
    """``count`` desks, dealt over the offices in turn (a few enrolled at a time: a code's
    key is derived by scrypt on each side)."""
    from concurrent.futures import ThreadPoolExecutor

    from desktop.sync.server import db as server_db

    engine = server_db.make_engine(database, pool_size=4)
    try:
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(lambda n: enrol_desk(
                database, district, district.offices[n % len(district.offices)], engine),
                range(count)))
    finally:
        engine.dispose()


@dataclass
class Timing:
    """One request as the desk saw it (``seconds``), and its parts: ``connect``, the new
    connection's TCP and TLS handshakes (0 on a kept one); ``server``, the server's own time
    over it and ``place``, its wait for a place in that (the answer's ``Server-Timing``;
    None from a server that does not say)."""

    route: str
    seconds: float
    connect: float = 0.0
    server: float | None = None
    place: float | None = None


class Traced:
    """The parts of a desk's last request, from httpx's trace of the request and the
    answer's ``Server-Timing`` header: hooked to a transport's client."""

    def __init__(self, transport: Any) -> None:
        self.marks: dict[str, float] = {}
        self.timing: dict[str, float] = {}
        hooks = transport.client.event_hooks
        hooks["request"].append(self._request)
        hooks["response"].append(self._response)

    def _request(self, request: Any) -> None:
        self.marks, self.timing = {}, {}
        request.extensions["trace"] = self._trace

    def _trace(self, event: str, _info: Any) -> None:
        self.marks[event] = time.perf_counter()

    def _response(self, response: Any) -> None:
        for part in response.headers.get("server-timing", "").split(","):
            name, _, duration = part.strip().partition(";dur=")
            with contextlib.suppress(ValueError):
                self.timing[name] = float(duration) / 1000

    def parts(self) -> dict[str, Any]:
        marks = self.marks
        opened = marks.get("connection.connect_tcp.started")
        secured = marks.get("connection.start_tls.complete",
                            marks.get("connection.connect_tcp.complete"))
        return {"connect": secured - opened if opened and secured else 0.0,
                "server": self.timing.get("app"), "place": self.timing.get("place")}


@dataclass
class RushResult:
    desks: int
    seconds: float  # from the start to the last sync's end
    failed: Counter[str]  # failed syncs by the error that ended them
    timings: list[Timing]
    pushed: int  # records pushed
    refused: int  # results of pushed records that were not "ok"
    desk_seconds: float = 0.0  # CPU seconds the desks used

    def p95(self, route: str) -> float | None:
        return percentile([t.seconds for t in self.timings if t.route == route], 0.95)

    def routes(self) -> list[str]:
        return sorted({t.route for t in self.timings})


def percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def morning_sync(desk: SimulatedDesk, applications: int, think: float,
                 timings: list[Timing], lock: threading.Lock,
                 records: list[Record] | None = None) -> tuple[int, int]:
    """A desk's first sync of the day: status, a push of ``applications`` new ones, the pull
    of what changed since its cursor (pages sized as the desk sizes them), the digests of
    the daily consistency check; ``think`` seconds between requests (the desk storing an
    answer). ``records``: those to push, taken from the office's pool beforehand (else
    taken now). Returns (records pushed, results not ok); raises SyncError as the desk
    would."""
    from desktop.sync.client.engine import FIRST_PAGE, PAGE_SECONDS, PULL_PAGE

    with desk.transport() as transport:
        return _morning_sync(desk, transport, applications, think, timings, lock,
                             FIRST_PAGE, PAGE_SECONDS, PULL_PAGE, records)


def _morning_sync(desk: SimulatedDesk, transport: Any, applications: int, think: float,
                  timings: list[Timing], lock: threading.Lock, first_page: int,
                  page_seconds: float, pull_page: int,
                  records: list[Record] | None) -> tuple[int, int]:
    traced = Traced(transport)

    def timed(route: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        answer = call()
        took = time.perf_counter() - started
        with lock:
            timings.append(Timing(route, took, **traced.parts()))
        time.sleep(think)
        return answer

    status = timed("status", transport.status)
    if records is None:
        records = desk.office.take(applications)
    body = orjson.dumps({"node": desk.node_id, "seq": int(status["last_batch"]) + 1,
                         "changes": [{"t": t, "id": i, "v": v, "b": 0, "d": d}
                                     for t, i, v, d in records]})
    answer = timed("push", lambda: transport.push(body))
    refused = sum(1 for r in answer["results"] if r.get("s") != "ok")
    size = first_page
    while True:
        started = time.perf_counter()
        page = timed("pull", lambda size=size: transport.pull(desk.cursor, size))
        took = time.perf_counter() - started
        desk.cursor = int(page["cursor"])
        if not page.get("more"):
            break
        size = min(size * 2, pull_page) if took < page_seconds / 2 else size
    timed("digest", transport.digests)
    return len(records), refused


def rush(desks: Sequence[SimulatedDesk], *, applications: int, think: float,
         spread: float = 0.0, processes: int = 0) -> RushResult:
    """Every desk starting its morning sync at once (within ``spread`` seconds), each in a
    thread of its own: of this process, or (``processes`` > 0) of that many processes
    forked for the rush, the desks dealt over them, so that the desks' own work (their TLS,
    JSON and zstd) does not wait for this process's one interpreter lock, which inflated
    every time measured (``desk_seconds`` is then the CPU they used)."""
    if processes > 0:
        return _rush_in_processes(desks, applications=applications, think=think,
                                  spread=spread, processes=processes)
    started = time.process_time()
    result = _rush(desks, applications=applications, think=think, spread=spread)
    result.desk_seconds = time.process_time() - started
    return result


def _rush(desks: Sequence[SimulatedDesk], *, applications: int, think: float,
          spread: float = 0.0, records: Sequence[list[Record] | None] = (),
          start: Any = None, first: int = 0, of: int = 0) -> RushResult:
    """The rush of ``desks`` in threads of this process, ``records`` the records each
    pushes (else taken from its office's pool), started with the others at ``start`` (a
    barrier of the processes), the ``first`` of ``of`` desks in all (for ``spread``)."""
    from desktop.sync.errors import SyncError

    timings: list[Timing] = []
    lock = threading.Lock()
    failed: Counter[str] = Counter()
    totals = [0, 0]
    of = of or len(desks)
    ready = threading.Barrier(len(desks) + 1)
    chosen = list(records) or [None] * len(desks)

    def run(n: int, desk: SimulatedDesk) -> None:
        ready.wait()
        if spread:
            time.sleep(spread * (first + n) / of)
        try:
            pushed, refused = morning_sync(desk, applications, think, timings, lock,
                                           chosen[n])
        except SyncError as error:
            with lock:
                failed[error.code] += 1
            return
        except Exception as error:  # counted and named, as a failed sync
            with lock:
                failed[type(error).__name__] += 1
            return
        with lock:
            totals[0] += pushed
            totals[1] += refused

    threads = [threading.Thread(target=run, args=(n, d), daemon=True)
               for n, d in enumerate(desks)]
    for thread in threads:
        thread.start()
    if start is not None:
        start.wait()
    ready.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return RushResult(len(desks), time.perf_counter() - began, failed, timings, *totals)


def _rush_in_processes(desks: Sequence[SimulatedDesk], *, applications: int, think: float,
                       spread: float, processes: int) -> RushResult:
    """:func:`rush` with the desks dealt over ``processes`` forked processes: each desk's
    records to push are taken here, before the fork, and the processes start together."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    taken = [desk.office.take(applications) for desk in desks]
    start = context.Barrier(processes + 1)
    answers = context.SimpleQueue()
    parts = [list(range(k, len(desks), processes)) for k in range(processes)]

    def child(part: list[int]) -> None:
        began = time.process_time()
        result = _rush([desks[n] for n in part], applications=applications, think=think,
                       spread=spread, records=[taken[n] for n in part], start=start,
                       first=part[0] if part else 0, of=len(desks))
        result.desk_seconds = time.process_time() - began
        answers.put(result)

    workers = [context.Process(target=child, args=(part,), daemon=True) for part in parts]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    results = [answers.get() for _ in workers]
    seconds = time.perf_counter() - began
    for worker in workers:
        worker.join()
    failed: Counter[str] = Counter()
    for result in results:
        failed.update(result.failed)
    joined = RushResult(len(desks), seconds, failed,
                        [t for r in results for t in r.timings],
                        sum(r.pushed for r in results), sum(r.refused for r in results))
    joined.desk_seconds = sum(r.desk_seconds for r in results)
    return joined


# Memory of the server and of PostgreSQL


def rss(pid: int) -> int:
    """Bytes resident of process ``pid`` now (0 when it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def postmaster(port: int) -> int | None:
    """The pid of the PostgreSQL postmaster listening on ``port`` (found by its command
    line, ``-p PORT``)."""
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            words = (folder / "cmdline").read_bytes().split(b"\0")
            joined = b" ".join(words)
            if words and words[0].endswith(b"postgres") and f"-p {port} ".encode() in joined:
                return int(folder.name)
    return None


def cluster_memory(root: int) -> int:
    """Bytes resident of a PostgreSQL cluster: the proportional share (Pss) of the
    postmaster and each of its children summed, so the shared buffers count once."""
    pids = [root] + [int(f.name) for f in Path("/proc").iterdir() if f.name.isdigit()
                     and _parent(int(f.name)) == root]
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


def _parent(pid: int) -> int | None:
    with contextlib.suppress(OSError, ValueError, IndexError):
        text = Path(f"/proc/{pid}/stat").read_text()
        return int(text.rsplit(")", 1)[1].split()[1])
    return None


def cpu_seconds(pid: int) -> float:
    """CPU seconds process ``pid`` has used (user and system), 0 when it is gone."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def cluster_cpu_seconds(root: int) -> float:
    """CPU seconds of a PostgreSQL cluster's processes alive now (its backends stay while
    the server's pool keeps their connections)."""
    return cpu_seconds(root) + sum(cpu_seconds(int(f.name)) for f in Path("/proc").iterdir()
                                   if f.name.isdigit() and _parent(int(f.name)) == root)


class MemoryWatch:
    """Samples the server's RSS and PostgreSQL's memory while it runs; the peaks."""

    def __init__(self, server_pid: int, cluster_pid: int | None, every: float = 0.25) -> None:
        self.server_pid = server_pid
        self.cluster_pid = cluster_pid
        self.every = every
        self.server_peak = 0
        self.cluster_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def sample(self) -> None:
        self.server_peak = max(self.server_peak, rss(self.server_pid))
        if self.cluster_pid:
            self.cluster_peak = max(self.cluster_peak, cluster_memory(self.cluster_pid))

    @contextlib.contextmanager
    def watching(self) -> Iterator[MemoryWatch]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join()
            self.sample()
