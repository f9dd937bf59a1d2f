"""packaging/server/backup.sh and restore.sh on a real district database.

A real PostgreSQL (the sync tests' fixture), ``komek-server init``, two desks pushing their
applications through the real server, then the nightly backup script, the restore script into
another database, and a comparison of every table: row counts and a hash of the rows' text.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "packaging" / "server"

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _pg_env(postgres: Any) -> dict[str, str]:
    """libpq's variables for the test's PostgreSQL, its binaries first on PATH."""
    from komek_tests_sync_fixtures import _pg_bin  # type: ignore[import-not-found]

    binaries = _pg_bin()
    return {**os.environ, "PATH": f"{binaries}:{os.environ['PATH']}",
            "PGHOST": postgres.host, "PGPORT": str(postgres.port), "PGUSER": postgres.user}


def _script(name: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(SCRIPTS / name), *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def _restore(postgres: Any, dump: Path, database: str, *extra: str
             ) -> subprocess.CompletedProcess[str]:
    # As root the script runs the PostgreSQL tools as the postgres system user (its production
    # setting, kept when that user exists); elsewhere as the test's own user.
    switch = os.geteuid() == 0 and _has_user("postgres")
    return _script("restore.sh", *(() if switch else ("--os-user", "")), *extra, str(dump),
                   database, env=_pg_env(postgres))


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _admin(postgres: Any, statement: str) -> None:
    import psycopg

    with psycopg.connect(postgres.url("postgres"), autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


def _databases(postgres: Any) -> set[str]:
    import psycopg

    with psycopg.connect(postgres.url("postgres")) as connection:
        return {r[0] for r in connection.execute("SELECT datname FROM pg_database")}


def _snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: (row count, md5 of its rows' text, sorted), plus the
    change cursor's sequence and the schema revision."""
    import psycopg

    with psycopg.connect(url) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        tables = [r[0] for r in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
        found: dict[str, tuple[int, str]] = {}
        for table in tables:
            count, digest = connection.execute(  # type: ignore[misc]
                f'SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) '
                f'ORDER BY t::text), \'\')) FROM public."{table}" t').fetchone()
            found[table] = (count, digest)
        last, called = connection.execute(  # type: ignore[misc]
            "SELECT last_value, is_called FROM change_cursor").fetchone()
        found["sequence change_cursor"] = (int(last), str(called))
    return found


def _dumps(folder: Path) -> list[Path]:
    return sorted(folder.glob("komek-server-*.dump"))


@pytest.fixture
def district(postgres: Any, server_db: str, desks: Any, tmp_path: Path,
             isolated_credentials: None) -> Any:
    """A district database with real data: two desks pushed through ``komek-server run``."""
    from komek_tests_sync_fixtures import ServerProcess  # type: ignore[import-not-found]

    server = ServerProcess(server_db, tmp_path)
    server.start()
    north, district_desk = desks("AKT-05"), desks("AUD-01", "district")
    north.fill(6, seed=11)
    district_desk.fill(3, seed=12)
    north.enrol(server)
    district_desk.enrol(server)
    for desk in (north, district_desk, north):
        desk.sync()
    document = tmp_path / "poverty_lines.json"
    document.write_text(json.dumps({"2026": {"kk": "кедейлік шегі", "ru": "черта бедности"}}),
                        encoding="utf-8")
    server.cli("reference", str(document))
    yield server, north
    server.stop()


def test_backup_then_restore_gives_the_same_database(postgres, district, tmp_path):
    server, north = district
    source = server.database
    backups = tmp_path / "backups"
    env = {**_pg_env(postgres), "KOMEK_SERVER_DATABASE": source, "KOMEK_BACKUP_DIR": str(backups)}
    original = _snapshot(source)
    assert original["records"][0] > 100  # applications, family members, incomes, offices...
    assert original["nodes"][0] == 2 and original["reference_documents"][0] == 1
    # record_history holds only the versions a newer one replaced (none of the current ones)
    assert original["record_history"][0] < original["records"][0]

    started = time.monotonic()
    result = _script("backup.sh", env=env)
    backup_seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    [dump] = _dumps(backups)
    assert f"backup written: {dump}" in result.stdout
    assert dump.stat().st_mode & 0o077 == 0  # personal data: owner only
    assert not list(backups.glob(".*.partial"))

    restored = f"restored_{os.getpid()}"
    started = time.monotonic()
    result = _restore(postgres, dump, restored)
    restore_seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert f"restored {restored}" in result.stdout
    assert _snapshot(postgres.url(restored)) == original
    assert f"{restored}_restoring" not in _databases(postgres)
    print(f"\nbackup {backup_seconds:.1f} s, restore {restore_seconds:.1f} s, "
          f"dump {dump.stat().st_size} bytes, {original['records'][0]} records")

    # The restored database serves the desks: the server comes back on the same address and
    # a desk's sync finds nothing to do (its credentials, batches and cursor are all there).
    server.stop()
    again = type(server)(postgres.url(restored), tmp_path)
    again.port = server.port
    again.start()
    try:
        report = north.sync()
        assert (report.accepted, report.pulled, report.conflicts) == (0, 0, 0)
    finally:
        again.stop()


def test_restore_refuses_a_non_empty_database_without_force(postgres, district, tmp_path):
    server, _ = district
    backups = tmp_path / "backups"
    env = {**_pg_env(postgres), "KOMEK_SERVER_DATABASE": server.database}
    assert _script("backup.sh", "--dir", str(backups), env=env).returncode == 0
    [dump] = _dumps(backups)
    server.stop()

    target = f"changed_{os.getpid()}"
    assert _restore(postgres, dump, target).returncode == 0
    _admin(postgres, f"ALTER DATABASE {target} OWNER TO {postgres.user}")
    import psycopg

    with psycopg.connect(postgres.url(target), autocommit=True) as connection:
        connection.execute("DELETE FROM push_batches")
    changed = _snapshot(postgres.url(target))

    refused = _restore(postgres, dump, target)
    assert refused.returncode == 3
    assert f"database {target} is not empty" in refused.stderr and "--force" in refused.stderr
    assert _snapshot(postgres.url(target)) == changed  # untouched

    forced = _restore(postgres, dump, target, "--force")
    assert forced.returncode == 0, forced.stderr
    assert _snapshot(postgres.url(target)) == _snapshot(server.database)
    [kept] = [name for name in _databases(postgres) if name.startswith(f"{target}_before_restore_")]
    assert _snapshot(postgres.url(kept)) == changed  # the replaced contents are kept, not dropped

    # An existing empty database (as createdb makes one) needs no --force.
    empty = f"empty_{os.getpid()}"
    _admin(postgres, f"CREATE DATABASE {empty}")
    result = _restore(postgres, dump, empty)
    assert result.returncode == 0, result.stderr
    assert _snapshot(postgres.url(empty)) == _snapshot(server.database)


def test_a_damaged_dump_changes_nothing(postgres, district, tmp_path):
    server, _ = district
    backups = tmp_path / "backups"
    env = {**_pg_env(postgres), "KOMEK_SERVER_DATABASE": server.database}
    assert _script("backup.sh", "--dir", str(backups), env=env).returncode == 0
    [dump] = _dumps(backups)
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    before = _databases(postgres)

    result = _restore(postgres, damaged, f"never_{os.getpid()}")
    assert result.returncode == 1
    assert "was not changed" in result.stderr or "not a readable" in result.stderr
    assert _databases(postgres) == before


def test_backup_keeps_n_days_and_fails_loudly(postgres, district, tmp_path):
    server, _ = district
    backups = tmp_path / "backups"
    backups.mkdir()
    old, recent = backups / "komek-server-20000101-023000.dump", backups / "komek-server-x.dump"
    stale, other = backups / ".komek-server-x.dump.partial", backups / "notes.txt"
    for path, days in ((old, 8), (recent, 6), (stale, 2), (other, 30)):
        path.write_text("x")
        moment = time.time() - days * 86400
        os.utime(path, (moment, moment))
    env = {**_pg_env(postgres), "KOMEK_SERVER_DATABASE": server.database}

    result = _script("backup.sh", "--dir", str(backups), "--keep-days", "7", env=env)
    assert result.returncode == 0, result.stderr
    assert f"pruned: {old}" in result.stdout
    assert not old.exists() and not stale.exists()
    assert recent.exists() and other.exists()
    assert len(_dumps(backups)) == 2  # the new one and the 6-day-old one

    # A failed dump exits non-zero, leaves no file under a dump's name and prunes nothing.
    moment = time.time() - 30 * 86400
    os.utime(recent, (moment, moment))
    bad = {**env, "KOMEK_SERVER_DATABASE": postgres.url("no_such_database")}
    before = sorted(p.name for p in backups.iterdir())
    failed = _script("backup.sh", "--dir", str(backups), "--keep-days", "7", env=bad)
    assert failed.returncode != 0
    assert "no_such_database" in failed.stderr
    assert sorted(p.name for p in backups.iterdir()) == before


def test_a_desk_recovers_what_a_restore_from_an_older_dump_lost(postgres, district, tmp_path):
    """The documented restore procedure, then the desk's next sync with the consistency check:
    the work the desk sent after the dump was made is on the server again."""
    from komek_tests_sync_fixtures import (  # type: ignore[import-not-found]
        server_rows,
        synced_ids,
    )

    from desktop.demo.samples import sample_application
    from desktop.storage.repositories.applications import save_draft

    server, north = district
    backups = tmp_path / "backups"
    env = {**_pg_env(postgres), "KOMEK_SERVER_DATABASE": server.database}
    assert _script("backup.sh", "--dir", str(backups), env=env).returncode == 0
    [dump] = _dumps(backups)
    draft = save_draft(north.db, sample_application(office_code="AKT-05"))
    north.fill(2, seed=13)
    north.sync()
    assert ("applications", draft.application_id) in server_rows(server.database)

    server.stop()  # as the guide says: stop, restore --force, init, start
    database = server.database.rsplit("/", 1)[1]
    restored = _restore(postgres, dump, database, "--force")
    assert restored.returncode == 0, restored.stderr
    assert ("applications", draft.application_id) not in server_rows(server.database)
    server.cli("init")
    server.start()

    north.sync(check=True)
    north.sync()
    on_server = server_rows(server.database)
    missing = synced_ids(north) - set(on_server)
    assert not missing, f"{len(missing)} records the desk holds are not on the server"
    assert ("applications", draft.application_id) in on_server
