"""Killed at any moment, the desk loses nothing and is left consistent.

A child process registers families one after another, or opens an older desk's database
(a backup, then the migrations), and is killed with SIGKILL at a random moment, a few dozen
times. After each kill the database is opened again through the program's own opener
(``Database.open``, which checks the file after an unclean end), and must hold every
registration the child reported as done, with numbers that run on without a gap, each with
its journal entry, its audit rows, its closed draft and its queued sync change; the audit
chain must verify. An interrupted migration leaves the database at its old revision (the
next open migrates it) or at the new one, never between, and every backup is a whole
database. Children are forked from a server that imported the program once
(``kill_worker.py``), so a kill cycle takes a fraction of a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.demo.intake_family import write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage import migrate
from desktop.storage.audit import verify_audit_chain
from desktop.storage.backup import list_backups, restore_backup
from desktop.storage.database import HEAD_REVISION, Database, current_revision
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.models import (
    ApplicationRecord,
    AuditRecord,
    DraftRecord,
    JournalEntryRecord,
    OutboxRecord,
    RegistrationCounter,
)
from tests.support.storage import desk_key

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
    office_name_ru="Отдел Актогайского района", office_code="AKT-01",
    operator_full_name="Оператор Тест", operator_position="маман")
REGISTRATION_KILLS = 30
MIGRATION_KILLS = 12
OLD_APPLICATIONS = 1500


class Children:
    """The server the children are forked from (``kill_worker.py``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.server = subprocess.Popen(
            [sys.executable, str(HERE / "kill_worker.py")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.server.stdout is not None and self.server.stdout.readline() == "serving\n"

    def run_and_kill(self, command: str, delay: float) -> list[str]:
        """Fork a child for ``command``, kill it ``delay`` seconds after it is ready; the
        lines it wrote (without "ready")."""
        assert self.server.stdin is not None and self.server.stdout is not None
        self.count += 1
        log = self.folder / f"child-{self.count}.log"
        self.server.stdin.write(f"{command} {log}\n")
        self.server.stdin.flush()
        pid = int(self.server.stdout.readline())
        deadline = time.monotonic() + 60
        while not (log.exists() and log.read_text().startswith("ready\n")):
            assert time.monotonic() < deadline, "the child did not start"
            time.sleep(0.005)
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):  # done before the kill: fine too
            os.kill(pid, signal.SIGKILL)
        while True:  # gone once its server has reaped it
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.002)
        said = log.read_text().splitlines()[1:]
        assert not [line for line in said if line.startswith("error")], said
        return said

    def stop(self) -> None:
        assert self.server.stdin is not None
        self.server.stdin.close()
        self.server.wait(30)


@pytest.fixture(scope="module")
def children(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Children]:
    server = Children(tmp_path_factory.mktemp("children"))
    yield server
    server.stop()


def _check_registrations(path: Path, reported: set[str]) -> int:
    """Everything reported is there and whole; how many applications there are."""
    db = Database.open(path)  # checks the file: the kill left the open-session marker
    try:
        with db.session() as s:
            apps = s.execute(select(ApplicationRecord.id, ApplicationRecord.registration_number,
                                    ApplicationRecord.registration_seq,
                                    ApplicationRecord.status)).all()
            numbers = {number for _id, number, _seq, _status in apps}
            assert reported <= numbers, sorted(reported - numbers)
            assert sorted(seq for _i, _n, seq, _s in apps) == list(range(1, len(apps) + 1))
            assert {status for *_rest, status in apps} <= {"registered"}
            counter = s.execute(select(func.max(RegistrationCounter.last_seq))).scalar()
            assert (counter or 0) == len(apps)
            ids = [app_id for app_id, *_rest in apps]
            for action in ("application.register", "print.coupon"):
                logged = s.execute(select(AuditRecord.record_id).where(
                    AuditRecord.action == action)).scalars().all()
                assert sorted(logged) == sorted(ids), action
            journal = s.execute(select(JournalEntryRecord.application_id)).scalars().all()
            assert sorted(journal) == sorted(ids)
            drafts = s.execute(select(DraftRecord.application_id, DraftRecord.status)).all()
            assert sorted(app for app, _status in drafts) == sorted(ids)
            assert {status for _app, status in drafts} <= {"registered"}
            queued = set(s.execute(select(OutboxRecord.record_id).where(
                OutboxRecord.table_name == "applications")).scalars())
            assert set(ids) <= queued
            assert verify_audit_chain(s).ok
        return len(apps)
    finally:
        db.close()


def test_registrations_survive_a_kill_at_any_moment(children, tmp_path):
    path = tmp_path / "data" / "komek.sqlite3"
    overlay = write_test_overlay(tmp_path / "params", "karaganda",
                                 [Quarter.of(dt.date.today())])
    db = Database.open(path)
    save_setup(db, SETUP)
    db.close()
    rng = random.Random(15)
    reported: set[str] = set()
    # How fast this machine registers now (a loaded machine is several times slower): the
    # kills are spread over the time of about four registrations, so they land amid them.
    said = children.run_and_kill(f"register {path} {overlay} {REGISTRATION_KILLS * 100}", 1.0)
    reported.update(said)
    span = max(0.6, 4.0 / max(len(said), 1))
    for kill in range(REGISTRATION_KILLS):
        said = children.run_and_kill(f"register {path} {overlay} {kill * 100}",
                                     rng.uniform(0.0, span))
        reported.update(said)
        count = _check_registrations(path, reported)
        assert count >= len(reported)
    assert len(reported) > REGISTRATION_KILLS  # the kills landed amid registrations


def _old_desk(path: Path, applications: int) -> None:
    """A desk's database at the first revision, with applications in it: the migrations
    rebuild its tables, which gives a kill time to land. Encrypted with the desk's key, as
    every desk's database is (the conversion of a plain one has its own kill test,
    tests/unit/storage/test_conversion_kill.py)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_sqlite_engine(path, desk_key())
    migrate.upgrade(engine, "0001_initial")
    stamp = "'2026-01-05 10:00:00.000000'"
    sync = f"1, {stamp}, {stamp}"
    with engine.begin() as c:
        c.exec_driver_sql(
            "INSERT INTO offices (id, version, created_at, updated_at, code, kind, region, "
            "district, locality, name_kk, name_ru, address_kk, address_ru, phone) VALUES "
            f"('o1', {sync}, 'AKT-05', 'district_office', 'r', 'd', '', 'n', 'n', '', '', '')")
        c.exec_driver_sql(
            "INSERT INTO applications (id, version, created_at, updated_at, office_id, "
            "office_code, office_region, office_district, office_locality, office_name, "
            "application_date, channel, status, registration_number, registration_year, "
            "registration_seq, family_registration_number, registered_on, "
            "applicant_region, applicant_district, applicant_locality, applicant_street, "
            "applicant_house, applicant_flat, applicant_phone, applicant_occupation, "
            "id_doc_number, id_doc_series, id_doc_issuer, bank_iban, bank_account_type, "
            "consent_personal_data, consent_income_reconciliation, "
            "consent_protected_information, commission_recorded, "
            "commission_survey_refused, commission_need_confirmed, "
            "commission_no_need_criteria, commission_note, applicant_name, applicant_iin, "
            f"family_size) VALUES (?, {sync}, 'o1', 'AKT-05', '', '', '', '', '2026-01-05', "
            "'district_office', 'registered', ?, 2026, ?, '', '2026-01-05', '', '', '', '', "
            "'', '', '', '', '', '', '', '', 'card', 1, 1, 1, 0, 0, 1, '', '', ?, ?, 1)",
            [(f"a{i}", f"AKT-05-2026-{i:06d}", i, f"Тестов{i} Тест", f"9001013{i:05d}")
             for i in range(1, applications + 1)])
    engine.dispose()


def _applications(path: Path) -> int:
    db = Database.open(path)
    try:
        assert db.revision() == HEAD_REVISION
        with db.session() as s:
            return int(s.execute(select(func.count()).select_from(ApplicationRecord)).scalar())
    finally:
        db.close()


def test_a_backup_then_migration_survives_a_kill_at_any_moment(children, tmp_path):
    template = tmp_path / "template" / "komek.sqlite3"
    _old_desk(template, OLD_APPLICATIONS)
    timing = tmp_path / "timing" / "komek.sqlite3"
    timing.parent.mkdir()
    shutil.copy(template, timing)
    started = time.monotonic()
    Database.open(timing).close()
    whole = time.monotonic() - started  # a backup and the migrations, uninterrupted
    rng = random.Random(15)
    outcomes: set[str] = set()
    for kill in range(MIGRATION_KILLS):
        path = tmp_path / f"desk-{kill}" / "komek.sqlite3"
        path.parent.mkdir()
        shutil.copy(template, path)
        said = children.run_and_kill(f"open {path}", rng.uniform(0.0, whole * 1.2))
        revision = current_revision(path)
        assert revision in ("0001_initial", HEAD_REVISION)  # never between
        outcomes.add("done" if said == ["migrated"] else revision or "")
        for backup in list_backups(path):  # a backup is whole or not there at all
            assert current_revision(backup) == "0001_initial"
        assert _applications(path) == OLD_APPLICATIONS  # the next open finishes the work
        assert not list(path.parent.glob("*.part"))  # a copy cut short is cleared away
        backups = list_backups(path)
        assert backups
        scratch = path.with_name("restored.sqlite3")
        restore_backup(scratch, backups[-1])
        assert _applications(scratch) == OLD_APPLICATIONS
    assert "0001_initial" in outcomes  # some kills landed before the migration committed
