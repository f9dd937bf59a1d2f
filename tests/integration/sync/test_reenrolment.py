"""A desk enrols again, after a revocation or a renewal of the server's certificate, and
carries on where it was: same node, desk number and batch numbers, its local data, its pull
cursor; nothing the server has is sent twice."""

from __future__ import annotations

import os
import re
import shlex
import ssl
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from desktop.demo.samples import sample_application
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client import settings
from desktop.sync.client.enrol import enrol, enrolled
from desktop.sync.client.status import sync_status
from desktop.sync.errors import ALREADY_ENROLLED, CERTIFICATE, SyncError
from desktop.sync.protocol import ErrorCode

pytestmark = pytest.mark.postgres


def _batches(database: str, node_id: str) -> list[int]:
    with psycopg.connect(database) as connection:
        return [r[0] for r in connection.execute(
            "SELECT seq FROM push_batches WHERE node_id = %s ORDER BY seq", (node_id,))]


def _cursor(desk) -> str | None:
    with desk.db.engine.connect() as connection:
        return settings.read(connection, settings.CURSOR)


def _place(desk, database: str) -> tuple[int | None, list[int], str | None]:
    found = enrolled(desk.db)
    assert found is not None
    return found.desk_number, _batches(database, desk.db.node_id), _cursor(desk)


def test_a_revoked_desk_enrols_again_and_carries_on(server, desks, district_rows, held_by,
                                                    history_duplicates):
    north, district = desks("AKT-05"), desks("AUD-01", "district")
    district.enrol(server)  # desk 1 of its office; north is desk 1 of AKT-05
    south = desks("AKT-05")
    south.enrol(server)  # desk 1 of AKT-05: north becomes desk 2
    north.fill(4, seed=3)
    north.enrol(server)
    for desk in (north, district, north):
        desk.sync()
    desk_number, batches, cursor = _place(north, server.database)
    assert desk_number == 2 and batches and cursor not in (None, "0")

    server.cli("revoke", "--node", north.db.node_id)
    mine = save_draft(north.db, sample_application(office_code="AKT-05"))  # work goes on
    theirs = save_draft(district.db, sample_application(office_code="AKT-05"))
    sent_by_district = district.sync().accepted
    with pytest.raises(SyncError) as revoked:
        north.sync()
    assert revoked.value.code == ErrorCode.REVOKED.value
    pending = sync_status(north.db).pending
    assert pending > 0

    code = server.cli("enrol", "--office", "AKT-05")
    with pytest.raises(SyncError) as already:
        enrol(north.db, server.url, code)  # asked first: "already enrolled: again?"
    assert already.value.code == ALREADY_ENROLLED
    enrol(north.db, server.url, code, again=True)
    assert _place(north, server.database) == (desk_number, batches, cursor)

    report = north.sync()
    assert report.accepted == pending  # only what the server did not have
    assert report.pulled == sent_by_district  # the pull went on from its cursor
    after = _batches(server.database, north.db.node_id)
    assert after == list(range(1, len(after) + 1)) and after[:len(batches)] == batches
    assert history_duplicates() == []
    assert ("applications", mine.application_id) in district_rows()
    assert ("applications", theirs.application_id) in held_by(north)
    again = north.sync()
    assert (again.accepted, again.pulled, again.conflicts) == (0, 0, 0)


def test_after_the_certificate_is_renewed_a_desk_enrols_again(start_server, certificate,
                                                             desks):
    server = start_server(certificate("district"))
    north = desks("AKT-05")
    north.fill(3, seed=5)
    north.enrol(server)
    north.sync()
    desk_number, batches, cursor = _place(north, server.database)

    server.stop()
    server.cert = certificate("renewed")  # a new key and certificate, same name
    server.start()
    mine = save_draft(north.db, sample_application(office_code="AKT-05"))
    with pytest.raises(SyncError) as refused:
        north.sync()
    assert refused.value.code == CERTIFICATE
    pending = sync_status(north.db).pending

    enrol(north.db, server.url, server.cli("enrol", "--office", "AKT-05"), again=True)
    found = enrolled(north.db)
    assert found is not None and ssl.PEM_cert_to_DER_cert(found.server_cert or "") == \
        ssl.PEM_cert_to_DER_cert(server.cert[0].read_text())
    assert _place(north, server.database) == (desk_number, batches, cursor)
    report = north.sync()
    assert (report.accepted, report.pulled) == (pending, 0)
    with psycopg.connect(server.database) as connection:
        assert connection.execute("SELECT count(*) FROM record_history").fetchone() == (0,)
        assert connection.execute("SELECT version FROM records WHERE table_name = "
                                  "'applications' AND id = %s",
                                  (mine.application_id,)).fetchall() == [(1,)]


def test_a_desk_cannot_enrol_again_for_another_office(server, desks):
    north = desks("AKT-05")
    north.enrol(server)
    with pytest.raises(SyncError) as refused:
        enrol(north.db, server.url, server.cli("enrol", "--office", "AKT-07"), again=True)
    assert refused.value.code == ErrorCode.ENROLMENT_OFFICE.value
    found = enrolled(north.db)
    assert found is not None and found.office_code == "AKT-05"
    assert north.sync().finished_at is not None  # its old secret still works


ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "packaging" / "server" / "README.md"


def _guide_blocks(heading: str) -> list[list[str]]:
    """The command blocks of one section of the server guide, as written."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index(f"## {heading}\n"):]
    section = section[:section.index("\n## ", 1)]
    blocks = re.findall(r"^```\n(.*?)^```", section, re.M | re.S)
    return [[line.split("#")[0].strip() for line in block.splitlines()
             if line.split("#")[0].strip()] for block in blocks]


class Guide:
    """Runs the guide's commands: ``sudo komek-server`` against the test's database, ``komek``
    for the desk's database, ``renew-cert.sh`` from the repository on the test's settings
    (the service's restart recorded by a stand-in systemctl, and done by the test). The
    server's name in the guide is this test server's address."""

    def __init__(self, server, desk, folder: Path) -> None:
        self.server, self.desk, self.folder = server, desk, folder
        self.code = ""
        self.restarts = folder / "systemctl.log"
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        (bin_dir / "systemctl").write_text(f'#!/bin/sh\necho "$@" >> {self.restarts}\n')
        (bin_dir / "systemctl").chmod(0o755)
        self.env_file = folder / "server.env"
        self.env_file.write_text(f"KOMEK_TLS_CERT={server.cert[0]}\n"
                                 f"KOMEK_TLS_KEY={server.cert[1]}\n", encoding="utf-8")
        self.path = f"{bin_dir}:{os.environ['PATH']}"

    def run(self, line: str) -> str:
        line = line.replace("https://komek.district.kz:8443", self.server.url)
        words = [self.code if w == "CODE" else w.replace("komek.district.kz", "localhost")
                 for w in shlex.split(line)]
        if words[:2] == ["sudo", "komek-server"]:
            out = self.server.cli(*words[2:])
            if words[2] == "enrol":
                self.code = out
            return out
        if words[0] == "komek":
            done = subprocess.run(
                [sys.executable, "-m", "desktop", *words[1:], "--db", str(self.desk.db.path)],
                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                timeout=120)
            assert done.returncode == 0, done.stderr
            return done.stdout
        assert words[:2] == ["sudo", "/opt/komek-server/bin/renew-cert.sh"], line
        done = subprocess.run(
            ["bash", str(ROOT / "packaging/server/renew-cert.sh"), *words[2:]],
            env={**os.environ, "PATH": self.path, "KOMEK_SERVER_ENV": str(self.env_file),
                 "KOMEK_SERVER_USER": "root"}, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="renew-cert.sh installs files as root")
def test_the_guides_recovery_steps_run_as_written(start_server, certificate, desks, tmp_path):
    revocation, enrol_again, renewal = _guide_blocks("Enrolling a desk again")
    server = start_server(certificate("district"))
    north = desks("AKT-05")
    north.fill(3, seed=7)
    north.enrol(server)
    north.sync()
    guide = Guide(server, north, tmp_path)
    server.cli("revoke", "--node", north.db.node_id)
    with pytest.raises(SyncError):
        north.sync()

    listed = guide.run(revocation[0])
    assert north.db.node_id in listed and "AKT-05" in listed
    guide.run(revocation[1])
    assert "AKT-05" in guide.run(enrol_again[0])
    assert north.sync().accepted == 0  # connected again; nothing to resend

    before = server.cert[0].read_bytes()
    printed = guide.run(renewal[0])
    assert server.cert[0].read_bytes() != before and "komek-server enrol" in printed
    assert (server.cert[0].parent / f"{server.cert[0].name}.{printed.split('.pem.')[1][:15]}"
            ).read_bytes() == before  # the one before is kept
    assert guide.restarts.read_text().split() == ["restart", "komek-server.service"]
    assert oct(server.cert[1].stat().st_mode & 0o777) == "0o640"
    server.stop()  # what systemctl restart does
    server.start()
    save_draft(north.db, sample_application(office_code="AKT-05"))
    pending = sync_status(north.db).pending
    with pytest.raises(SyncError) as refused:
        north.sync()
    assert refused.value.code == CERTIFICATE
    guide.run(revocation[1])  # a code for the desk, as after a revocation
    guide.run(enrol_again[0])
    assert north.sync().accepted == pending


def test_the_command_line_wants_again_for_a_connected_workstation(server, desks):
    north = desks("AKT-05")
    north.enrol(server)
    code = server.cli("enrol", "--office", "AKT-05")

    def komek(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop", "sync", "--enrol", server.url, "--code", code,
             *args, "--db", str(north.db.path), "--lang", "ru"],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
            timeout=120)

    asked = komek()
    assert asked.returncode == 4
    assert "уже подключено к районному серверу" in asked.stderr and "--again" in asked.stderr
    assert komek("--again").returncode == 0  # the code was not spent by the question
