"""No personal data in any log: not the server's, not PostgreSQL's (configured as the server
package configures it, packaging/server/postgresql-komek.conf), not the desk's. A fault run
(refused, invalid and conflicting records carrying generated IINs and names, bad requests, a
killed connection, a failure of the server itself) is followed by a search of every log for
every IIN and name of the run."""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import orjson
import psycopg
import pytest
from sqlalchemy import select, text

from desktop.demo.identity import random_iin
from desktop.demo.names import KAZAKH_FEMALE, KAZAKH_SURNAMES
from desktop.domain.model import Sex
from desktop.storage.models import OfficeRecord, StaffRecord
from desktop.sync.server.db import PRIVATE_LOG_SETTINGS
from tests.support.sync_wire import enrol_node

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


class Person:
    """A generated person: a valid IIN and a name no log may hold."""

    def __init__(self, rng: random.Random, used: set[str]) -> None:
        birth = dt.date(rng.randrange(1950, 2005), rng.randrange(1, 13), rng.randrange(1, 28))
        self.iin = random_iin(rng, birth, Sex.FEMALE, used)
        self.surname = rng.choice(KAZAKH_SURNAMES) + "а"
        self.first_name = rng.choice(KAZAKH_FEMALE)

    @property
    def secrets(self) -> set[str]:
        return {self.iin, self.surname, f"{self.surname} {self.first_name}"}


def _tail(path: Path, offset: int) -> str:
    with path.open("rb") as handle:
        handle.seek(offset)
        return handle.read().decode("utf-8", "replace")


def _push(url: str, desk, seq: int, changes: list[dict]) -> httpx.Response:
    return httpx.post(url + "/v1/push", headers=desk.headers(), timeout=60,
                      content=orjson.dumps({"node": desk.id, "seq": seq, "changes": changes}))


def _record(person: Person, office: str, **more: object) -> str:
    return orjson.dumps({"office_code": office, "applicant_iin": person.iin,
                         "applicant_name": f"{person.surname} {person.first_name}",
                         **more}).decode()


def test_postgresql_logs_a_refused_row_without_its_data(postgres, server_db):
    """PostgreSQL refuses rows it cannot store: its log says so in one line each, without
    the row (by default a CONTEXT line quotes it, "COPY records, line 1, column data: {…}",
    with a DETAIL and the STATEMENT)."""
    person = Person(random.Random(8), set())
    document = _record(person, "AUD-01", note="\x00")  # its JSON text holds \u0000
    start = postgres.log.stat().st_size
    with psycopg.connect(server_db, autocommit=True) as connection:
        with pytest.raises(psycopg.DataError), connection.cursor() as cursor, \
                cursor.copy("COPY records (table_name, id, scope, version, data, deleted, "
                            "cursor, changed_by, updated_at) FROM STDIN") as copy:
            copy.write_row(("applications", "a", "AUD-01", 1, document, False, 1, "n",
                            dt.datetime.now(dt.UTC)))
        with pytest.raises(psycopg.errors.StringDataRightTruncation):
            connection.execute("INSERT INTO records (table_name, id, scope, version, data, "
                               "deleted, cursor, changed_by, updated_at) VALUES (%s, %s, %s, "
                               "1, '{}', false, 2, 'n', now())",
                               ("applications", person.iin * 4, person.surname))
    time.sleep(0.5)
    log = _tail(postgres.log, start)
    assert log.count("ERROR:") >= 2  # both were logged
    for secret in person.secrets:
        assert secret not in log, log
    assert "CONTEXT:" not in log and "STATEMENT:" not in log and "DETAIL:" not in log
    with psycopg.connect(server_db) as connection:
        for name, wanted in PRIVATE_LOG_SETTINGS.items():
            assert connection.execute(f"SHOW {name}").fetchone()[0] == wanted


def test_the_server_warns_when_postgresql_would_log_personal_data(postgres, server_db,
                                                                   start_server):
    name = server_db.rsplit("/", 1)[1]
    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(f"ALTER DATABASE {name} SET log_error_verbosity = verbose")
    process = start_server()
    time.sleep(0.5)
    assert "PostgreSQL may write personal data to its log: set log_error_verbosity = terse" \
        in process.log.read_text()


def _desk_sync(desk, tmp_path: Path) -> str:
    """``komek sync`` of ``desk`` as a scheduled task runs it: what it wrote."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KOMEK_PARAMS_OVERLAY": str(tmp_path / "p")}
    done = subprocess.run([sys.executable, "-m", "desktop", "sync", "--db", str(desk.db.path)],
                          env=env, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


def _people_of(desk) -> set[str]:
    """The IINs and names of every person the desk holds, staff too."""
    found: set[str] = set()
    with desk.db.engine.connect() as connection:
        found |= set(connection.execute(text("SELECT full_name FROM staff")).scalars())
        for row in connection.execute(text(
                "SELECT iin, surname, first_name FROM members")):
            found |= {row.iin, row.surname, f"{row.surname} {row.first_name}"}
        for row in connection.execute(text(
                "SELECT applicant_iin, applicant_name FROM applications")):
            found |= {row.applicant_iin, row.applicant_name}
    return {value for value in found if value and len(value) >= 4}


def _edit_staff(desk, office: str, position: str) -> None:
    """A change to the staff record of ``office``'s operator (a record both that office's
    desk and the district's may change)."""
    with desk.db.session() as session:
        staff = session.execute(select(StaffRecord).join(
            OfficeRecord, OfficeRecord.id == StaffRecord.office_id).where(
            OfficeRecord.code == office)).scalars().one()
        staff.position = position


def test_a_fault_run_leaves_no_personal_data_in_any_log(server, postgres, desks, tmp_path):
    pg_start = postgres.log.stat().st_size
    rng = random.Random(14)
    used: set[str] = set()
    strangers = [Person(rng, used) for _ in range(6)]
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.fill(8, seed=23)
    north.enrol(server)
    district.enrol(server)
    desk_output = _desk_sync(north, tmp_path) + _desk_sync(district, tmp_path)

    # the same staff record changed at both desks: a conflict, which the server first fails
    # to keep (a constraint refuses its row, whose values the exception's message quotes:
    # the server's log names the failure, not the message), then keeps
    _edit_staff(district, "AKT-05", "бас маман")
    _edit_staff(north, "AKT-05", "жетекші маман")
    desk_output += _desk_sync(district, tmp_path)
    with psycopg.connect(server.database, autocommit=True) as connection:
        connection.execute("ALTER TABLE conflicts ADD CONSTRAINT no_more CHECK (false)")
    desk_output += _desk_sync(north, tmp_path)
    with psycopg.connect(server.database, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
        connection.execute("ALTER TABLE conflicts DROP CONSTRAINT no_more")
    desk_output += _desk_sync(north, tmp_path)
    with psycopg.connect(server.database, autocommit=True) as connection:
        assert connection.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 1

    # a hostile akimat desk: another office's records, records PostgreSQL cannot store,
    # wrong types, a body that is no JSON, a huge batch number, each carrying a person
    hostile = enrol_node(server, "AKT-05")
    answers = [
        _push(server.url, hostile, 1, [{"t": "applications", "id": str(uuid.uuid4()),
                                        "v": 1, "b": 0, "d": _record(strangers[0], "AKT-99")}]),
        _push(server.url, hostile, 2, [{"t": "applications", "id": str(uuid.uuid4()),
                                        "v": 1, "b": 0,
                                        "d": _record(strangers[1], "AKT-05", x="\x00")}]),
        _push(server.url, hostile, 3, [{"t": "members", "id": str(uuid.uuid4()), "v": 1,
                                        "b": 0, "d": '{"application_id": "' + strangers[2].iin +
                                        '", "surname": "' + strangers[2].surname + '"'}]),
        _push(server.url, hostile, 4, [{"t": "applications", "id": strangers[3].iin,
                                        "v": strangers[3].surname, "b": 0, "d": None}]),
        _push(server.url, hostile, 2**40, [{"t": "applications", "id": str(uuid.uuid4()),
                                            "v": 1, "b": 0, "d": _record(strangers[4], "x")}]),
        httpx.post(server.url + "/v1/push", headers=hostile.headers(),
                   content=f'{{"node": "{strangers[4].surname}", {strangers[4].iin}'.encode()),
        httpx.post(server.url + "/v1/fetch", headers=hostile.headers(),
                   content=orjson.dumps({"table": strangers[5].surname,
                                         "ids": [strangers[5].iin] * 1001})),
        httpx.get(server.url + "/v1/ids", headers=hostile.headers(),
                  params={"table": strangers[5].surname, "scope": strangers[5].iin + "\x00"}),
        httpx.post(server.url + "/v1/enrol", headers=hostile.headers(),
                   content=orjson.dumps([strangers[5].iin, strangers[5].surname])),
    ]
    assert [a.status_code for a in answers] == [200, 200, 200, 400, 400, 400, 413, 400, 400]
    # a record of another office, with a NUL, or whose text is no JSON: each refused on its
    # own against its table's definition, before PostgreSQL sees it
    assert [answers[n].json()["results"][0]["s"] for n in range(3)] == ["refused"] * 3

    # a connection killed half-way through a push that carries a person
    body = orjson.dumps({"node": hostile.id, "seq": 9, "changes": [
        {"t": "applications", "id": str(uuid.uuid4()), "v": 1, "b": 0,
         "d": _record(strangers[5], "AKT-05")}]})
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        head = "".join(f"{k}: {v}\r\n" for k, v in hostile.headers(
            **{"Content-Length": str(len(body))}).items())
        sock.sendall(f"POST /v1/push HTTP/1.1\r\nHost: x\r\n{head}\r\n".encode() +
                     body[:len(body) // 2])
    time.sleep(1)
    desk_output += _desk_sync(north, tmp_path)

    logs = {"server": server.log.read_text(encoding="utf-8", errors="replace"),
            "postgresql": _tail(postgres.log, pg_start), "desk": desk_output}
    logs |= {str(path): path.read_text(encoding="utf-8", errors="replace")
             for path in tmp_path.rglob("*.log")}
    assert "refused: bad_request" in logs["server"] and "failed: CheckViolation" in \
        logs["server"]  # the faults did happen, and were logged
    assert "ERROR:" in logs["postgresql"]
    secrets = _people_of(north) | _people_of(district)
    for person in strangers:
        secrets |= person.secrets
    assert len(secrets) > 50
    for name, log in logs.items():
        leaked = sorted(secret for secret in secrets if secret in log)
        assert not leaked, f"{name} log holds {leaked[:5]}"
