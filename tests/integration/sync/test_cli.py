"""'komek sync' as a scheduled task would run it, reference documents, a district relay."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.demo.samples import sample_application
from desktop.storage.repositories.applications import save_draft
from desktop.sync.client.bundles import export_bundle, import_reply

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


def _komek(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_headless_sync_brings_the_districts_parameter_documents(server, desks, tmp_path):
    north = desks("AKT-05")
    north.enrol(server)
    document = tmp_path / "poverty_lines.json"
    document.write_text(json.dumps({"karaganda": {"2026-Q3": 4500000}}), encoding="utf-8")
    server.cli("reference", str(document))
    params = tmp_path / "params"
    done = _komek("sync", "--db", str(north.db.path), "--params", str(params), "--lang", "ru")
    assert done.returncode == 0, done.stderr
    assert "Синхронизировано" in done.stdout
    # The handshake carries both programs' versions: the desk shows the server's, the
    # server's log names the desk's (an administrator finds desks running an old build).
    assert f"Версия районного сервера: {__version__}" in done.stdout
    assert f"version={__version__}" in server.log.read_text(encoding="utf-8")
    assert json.loads((params / "poverty_lines.json").read_text(encoding="utf-8")) == \
        {"karaganda": {"2026-Q3": 4500000}}
    status = _komek("sync", "--db", str(north.db.path), "--status", "--lang", "kk")
    assert "Жіберілмеген өзгерістер: 0" in status.stdout


def test_not_enrolled_and_offline_have_their_exit_codes(server, desks):
    lone = desks("AKT-09")
    assert _komek("sync", "--db", str(lone.db.path)).returncode == 2
    lone.enrol(server)
    server.stop()
    offline = _komek("sync", "--db", str(lone.db.path), "--lang", "ru")
    # said plainly: the server's address and why (nothing listens there now: refused)
    assert offline.returncode == 3 and "отказал в соединении" in offline.stderr
    assert f"127.0.0.1:{server.port}" in offline.stderr


def test_a_district_desk_relays_a_village_bundle(server, desks, tmp_path, district_rows):
    north = desks("AKT-05")
    district = desks("AUD-01", "district")
    north.enrol(server)
    district.enrol(server)
    app = save_draft(north.db, sample_application(office_code="AKT-05"))
    bundle, reply = tmp_path / "village.komek", tmp_path / "reply.komek"
    export_bundle(north.db, bundle)
    done = _komek("sync", "--db", str(district.db.path), "--relay", str(bundle),
                  "--reply", str(reply))
    assert done.returncode == 0, done.stderr
    assert ("applications", app.application_id) in district_rows()
    assert import_reply(north.db, reply).acknowledged > 0
