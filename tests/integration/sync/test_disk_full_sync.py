"""A sync onto a full disk: the desk's database on a real 3 MiB file system (tmpfs, as root)
that is full when the district server's records arrive. The window's sync and ``komek sync``
say the disk is full in the person's language (no traceback), and the next sync, once there
is room, brings everything."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import i18n
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.startup import ExitCode
from desktop.storage.database import Database
from desktop.sync.client.enrol import enrol
from desktop.sync.errors import DISK_FULL, SyncError

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


def _komek(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_a_sync_onto_a_full_disk_says_so_and_the_next_one_brings_everything(
        qtbot, server, desks, small_disk):
    from desktop.ui.sync.worker import SyncWorker

    other = desks("AKT-05")  # a desk of the same office whose families come down
    other.fill(40, seed=21)
    other.enrol(server)
    other.sync()
    path = small_disk.folder / "komek.sqlite3"
    db = Database.open(path)
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Ақтоғай ауданы", office_kind="akimat",
        office_name_kk="Кеңсе AKT-05", office_name_ru="Офис AKT-05", office_code="AKT-05",
        operator_full_name="Оператор AKT-05", operator_position="маман"))
    enrol(db, server.url, server.cli("enrol", "--office", "AKT-05", "--kind", "akimat"))
    small_disk.fill(db)

    failures: list[SyncError] = []
    finished: list[object] = []
    worker = SyncWorker(db)
    worker.failed.connect(failures.append)  # delivered by the window's event loop
    worker.finished.connect(finished.append)
    worker.start()
    qtbot.waitUntil(lambda: bool(failures or finished), timeout=120_000)
    assert [f.code for f in failures] == [DISK_FULL]
    assert "На диске нет места" in i18n.render(failures[0].message, "ru")
    db.close()

    refused = _komek("sync", "--db", str(path), "--lang", "kk")
    assert refused.returncode == ExitCode.DISK_FULL, refused.stderr
    assert "Дискіде бос орын жоқ" in refused.stderr and "Traceback" not in refused.stderr

    small_disk.free()
    done = _komek("sync", "--db", str(path), "--lang", "ru")
    assert done.returncode == 0, done.stderr
    db = Database.open(path)
    try:
        from sqlalchemy import text

        with db.engine.connect() as connection:
            mine = {row[0] for row in connection.execute(text("SELECT id FROM applications"))}
        assert mine == set(other.ids("applications"))
    finally:
        db.close()
