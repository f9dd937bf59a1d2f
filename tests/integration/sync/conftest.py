"""A real PostgreSQL started by the tests, the real server on loopback, and desks around it.

The session fixture finds the PostgreSQL binaries (``/usr/lib/postgresql/*/bin`` or ``PATH``),
runs ``initdb`` and ``pg_ctl`` in a temporary folder on a free loopback port (as the
``postgres`` system user when the tests run as root), and stops and removes it at the end.
Each test gets its own database, copied from a template that ``komek-server init`` made once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.sync_records import valid_record

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[3]


def _pg_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                        reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _runner() -> tuple[list[str], str | None]:
    """The command prefix that runs PostgreSQL as a non-root user, and that user."""
    if os.geteuid() != 0:
        return [], None
    for user in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(user)
            tool = shutil.which("runuser")
            return ([tool, "-u", user, "--"] if tool else ["su", user, "-s", "/bin/sh", "-c"],
                    user)
    pytest.skip("running as root and no non-root user (postgres or nobody) to run PostgreSQL")


# the server package's PostgreSQL settings (no personal data in PostgreSQL's log), so that
# the tests' PostgreSQL logs as an installed server's does
SERVER_CONF = ROOT / "packaging" / "server" / "postgresql-komek.conf"


def server_settings() -> dict[str, str]:
    """``name = value`` lines of the server package's PostgreSQL configuration snippet."""
    found: dict[str, str] = {}
    for line in SERVER_CONF.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, value = line.partition("=")
            found[name.strip()] = value.strip().strip("'")
    return found


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    log: Path  # PostgreSQL's log file

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def _run(command: list[str], prefix: list[str], **kwargs: object) -> None:
    su = bool(prefix) and prefix[0] == "su"
    command = [*prefix, " ".join(command)] if su else [*prefix, *command]
    subprocess.run(command, check=True, capture_output=True, timeout=120, **kwargs)  # type: ignore[call-overload]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    binaries = _pg_bin()
    if binaries is None:
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) found: install the 'postgresql' "
                    "package (scripts/system-packages.sh test does)")
    prefix, user = _runner()
    base = Path(tempfile.mkdtemp(prefix="komek-pg-"))
    data = base / "data"
    if user:
        info = pwd.getpwnam(user)
        os.chown(base, info.pw_uid, info.pw_gid)
    port = free_port()
    _run([str(binaries / "initdb"), "-D", str(data), "-U", "komek", "--auth=trust",
          "-E", "UTF8", "--no-locale", "--no-sync"], prefix)
    options = (f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 " +
               " ".join(f"-c {name}={value}" for name, value in server_settings().items()))
    _run([str(binaries / "pg_ctl"), "-D", str(data), "-o", f"'{options}'" if prefix[:1] ==
          ["su"] else options, "-l", str(base / "log"), "-w", "-t", "60", "start"], prefix)
    server = Postgres("127.0.0.1", port, "komek", base / "log")
    try:
        _admin(server, "CREATE DATABASE komek_template")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                        server.url("komek_template"), "init"], check=True, env=env,
                       capture_output=True, timeout=120)
        yield server
    finally:
        with contextlib.suppress(Exception):
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                 prefix)
        shutil.rmtree(base, ignore_errors=True)


def _admin(server: Postgres, statement: str) -> None:
    import psycopg

    with psycopg.connect(host=server.host, port=server.port, user=server.user,
                         dbname="postgres", autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


_numbers = itertools.count(1)


def district_at(postgres: Postgres, name: str, revision: str) -> Any:
    """A new district database ``name`` with the server's schema as of ``revision`` (a
    district of before, to upgrade): its SQLAlchemy engine, disposed of by the caller."""
    from alembic import command

    from desktop.sync.server import db as server_db

    _admin(postgres, f"CREATE DATABASE {name}")
    engine = server_db.make_engine(postgres.url(name))
    with engine.begin() as connection:
        command.upgrade(server_db._config(connection), revision)
    return engine


@pytest.fixture
def server_db(postgres: Postgres) -> str:
    """A fresh district database with the server's schema (a copy of the template)."""
    name = f"district_{os.getpid()}_{next(_numbers)}"
    _admin(postgres, f"CREATE DATABASE {name} TEMPLATE komek_template")
    return postgres.url(name)


class ServerProcess:
    """``komek-server run`` in a child process, on a free loopback port."""

    def __init__(self, database: str, tmp: Path, *, cert: tuple[Path, Path] | None = None,
                 extra: tuple[str, ...] = ()) -> None:
        self.database = database
        self.extra = extra  # more options of ``run``
        self.port = free_port()
        self.cert = cert
        self.log = tmp / f"server-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.cert else "http"
        host = "localhost" if self.cert else "127.0.0.1"
        return f"{scheme}://{host}:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "desktop.sync.server.cli", "--database", self.database,
                   "run", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.cert:
            command += ["--certfile", str(self.cert[0]), "--keyfile", str(self.cert[1])]
        command += self.extra
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        handle = self.log.open("ab")
        self.process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,
                                        env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log.read_text())
            if self.ready():
                return
            time.sleep(0.05)
        raise RuntimeError("server did not start")

    def ready(self) -> bool:
        """Whether the server answers ``/health`` (not only accepts connections)."""
        import http.client

        if self.cert:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=2, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/health")
            return connection.getresponse().status == 200
        except (OSError, http.client.HTTPException):
            return False
        finally:
            connection.close()

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def cli(self, *args: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        result = subprocess.run([sys.executable, "-m", "desktop.sync.server.cli", "--database",
                                 self.database, *args], capture_output=True, text=True,
                                env=env, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout.strip()


@pytest.fixture
def server(server_db: str, tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(server_db, tmp_path)
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def module_server(postgres: Postgres, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[ServerProcess]:
    """One server and database for all the tests of a module (tests that do not depend on
    what the others stored: the fuzzing of every route)."""
    name = f"district_{os.getpid()}_{next(_numbers)}"
    _admin(postgres, f"CREATE DATABASE {name} TEMPLATE komek_template")
    process = ServerProcess(postgres.url(name), tmp_path_factory.mktemp("server"))
    process.start()
    yield process
    process.stop()


@pytest.fixture(autouse=True)
def _isolated_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMEK_NO_KEYRING", "1")
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "config"))


class Desk:
    """A workstation with its own SQLite database, set up for one office."""

    def __init__(self, path: Path, office_code: str, kind: str) -> None:
        from desktop.services.workstation import WorkstationSetup, save_setup
        from desktop.storage.database import Database

        self.office_code = office_code
        self.kind = kind
        self.db = Database.open(path)
        save_setup(self.db, WorkstationSetup(
            region="Карагандинская область", district="Ақтоғай ауданы",
            office_kind="akimat" if kind == "akimat" else "district_office",
            office_name_kk=f"Кеңсе {office_code}", office_name_ru=f"Офис {office_code}",
            office_code=office_code, operator_full_name=f"Оператор {office_code}",
            operator_position="маман"))

    def enrol(self, server: ServerProcess, **kwargs: object) -> None:
        from desktop.sync.client.enrol import enrol

        code = server.cli("enrol", "--office", self.office_code, "--kind", self.kind)
        enrol(self.db, server.url, code, **kwargs)  # type: ignore[arg-type]

    def fill(self, count: int, seed: int) -> None:
        """Generated families (bulk INSERT), queued for sync like any change."""
        from desktop.demo.generate import fill_demo
        from desktop.storage.outbox import enqueue_untracked
        from desktop.sync.scopes import synced_tables

        fill_demo(self.db, count, seed=seed)
        with self.db.session() as session:
            enqueue_untracked(session, synced_tables())

    def sync(self, **kwargs: object) -> object:
        from desktop.sync.client.engine import open_transport, run_sync

        with open_transport(self.db) as transport:
            return run_sync(self.db, transport, **{"check": False, **kwargs})  # type: ignore[arg-type]

    def ids(self, table: str) -> dict[str, int]:
        from sqlalchemy import text

        with self.db.engine.connect() as connection:
            return {r[0]: r[1] for r in connection.execute(
                text(f"SELECT id, version FROM {table}"))}

    def close(self) -> None:
        self.db.close()


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[Callable[[str, str], Desk]]:
    made: list[Desk] = []

    def make(office_code: str, kind: str = "akimat") -> Desk:
        desk = Desk(tmp_path / f"desk-{len(made)}" / "komek.sqlite3", office_code, kind)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()


def server_rows(database: str, table: str | None = None) -> dict[tuple[str, str], int]:
    """(table, id) -> version of the live records the district server holds."""
    import psycopg

    with psycopg.connect(database) as connection:
        query = "SELECT table_name, id, version FROM records WHERE NOT deleted"
        rows = connection.execute(query + (" AND table_name = %s" if table else ""),
                                  (table,) if table else ()).fetchall()
    return {(t, i): v for t, i, v in rows}


@pytest.fixture
def district_rows(server: ServerProcess) -> Callable[..., dict[tuple[str, str], int]]:
    return lambda table=None: server_rows(server.database, table)


def synced_ids(desk: Desk) -> set[tuple[str, str]]:
    """(table, id) of every record the desk holds in the tables that sync."""
    from desktop.sync.scopes import synced_tables

    return {(table, record_id) for table in synced_tables() for record_id in desk.ids(table)}


@pytest.fixture
def held_by():
    return synced_ids


@pytest.fixture
def history_duplicates(server: ServerProcess) -> Callable[[], list[tuple[str, str, int]]]:
    """Record versions the server applied more than once (must be none): the current
    version of a record is in ``records``, the versions it replaced in ``record_history``."""
    import psycopg

    def find() -> list[tuple[str, str, int]]:
        with psycopg.connect(server.database) as connection:
            return [tuple(r) for r in connection.execute(  # type: ignore[misc]
                "SELECT table_name, id, version FROM (SELECT table_name, id, version "
                "FROM record_history UNION ALL SELECT table_name, id, version FROM records) "
                "AS applied GROUP BY table_name, id, version HAVING count(*) > 1").fetchall()]

    return find


@pytest.fixture
def start_server(server_db: str, tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """Start ``komek-server run`` (with TLS when given a certificate and key)."""
    started: list[ServerProcess] = []

    def start(cert: tuple[Path, Path] | None = None,
              extra: tuple[str, ...] = ()) -> ServerProcess:
        process = ServerProcess(server_db, tmp_path, cert=cert, extra=extra)
        process.start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def make_certificate(folder: Path, name: str, *, serial: int | None = None
                     ) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1 with its key (PEM files)."""
    from tests.support.sync_wire import certificate

    return certificate(folder, name, serial=serial)


@pytest.fixture
def certificate(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """Make a self-signed certificate and key: ``certificate("name")``."""
    return lambda name, **kwargs: make_certificate(tmp_path, name, **kwargs)


@pytest.fixture
def tls_server(start_server: Callable[..., ServerProcess], tmp_path: Path) -> ServerProcess:
    """``komek-server run`` over TLS with a self-signed certificate (``server.cert``)."""
    return start_server(make_certificate(tmp_path, "district"))


class ManInTheMiddle:
    """A TLS server on loopback presenting its own certificate. ``relay``: it opens a TLS
    connection to the real server and passes the bytes both ways, reading them; otherwise
    it answers every request itself with a made-up enrolment."""

    def __init__(self, cert: tuple[Path, Path], upstream_port: int, *, relay: bool) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert[0]), str(cert[1]))
        self.upstream_port, self.relay = upstream_port, relay
        self.seen = bytearray()  # every byte the desk sent, in the clear
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    record: bool) -> None:
        with contextlib.suppress(Exception):
            while data := await reader.read(65536):
                if record:
                    self.seen.extend(data)
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(Exception):
            writer.close()

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            head = await reader.readuntil(b"\r\n\r\n")
            self.seen.extend(head)
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            self.seen.extend(await reader.readexactly(length))
            body = (b'{"node_id":"x","office_code":"AKT-05","office_kind":"akimat",'
                    b'"desk_number":1,"secret":"' + secrets.token_urlsafe(32).encode() +
                    b'","again":false,"proof":"' + secrets.token_hex(32).encode() + b'"}')
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                         b"content-length: " + str(len(body)).encode() + b"\r\n"
                         b"connection: close\r\n\r\n" + body)
            await writer.drain()
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.relay:
            await self._answer(reader, writer)
            return
        client = ssl.create_default_context()
        client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port,
                                                             ssl=client)
        await asyncio.gather(self._pump(reader, up_writer, True),
                             self._pump(up_reader, writer, False))

    async def _start(self) -> asyncio.AbstractServer:
        return await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.context)

    def __enter__(self) -> ManInTheMiddle:
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _stop(self) -> None:
        self.server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def __exit__(self, *_exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    @property
    def url(self) -> str:
        return f"https://localhost:{self.port}"


@pytest.fixture
def man_in_the_middle() -> type[ManInTheMiddle]:
    """``with man_in_the_middle((cert, key), server.port, relay=True) as attacker``."""
    return ManInTheMiddle


@pytest.fixture
def enrolled_offices(server_db: str) -> Callable[..., None]:
    """Make office codes offices of the district, as enrolment does (for tests that call
    the server's functions directly, with no desk enrolled)."""
    import psycopg

    def make(*codes: str, kind: str = "akimat") -> None:
        with psycopg.connect(server_db) as connection:
            for code in codes:
                connection.execute("INSERT INTO offices (code, kind, created_at) "
                                   "VALUES (%s, %s, now()) ON CONFLICT DO NOTHING",
                                   (code, kind))

    return make


@pytest.fixture
def record() -> Callable[..., dict[str, object]]:
    """:func:`valid_record`: a record that meets its table's definition."""
    return valid_record
