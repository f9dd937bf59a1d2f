"""The real PostgreSQL, server process and desks of the sync integration tests, for the server's
packaging tests (backup and restore scripts).

The fixtures live in ``tests/integration/sync/conftest.py``; that file is loaded here under a
name of its own and its fixtures re-exported, so both folders start PostgreSQL the same way.
A session that runs both folders starts two PostgreSQL instances (one per folder).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SYNC_CONFTEST = Path(__file__).resolve().parents[1] / "integration" / "sync" / "conftest.py"
_spec = importlib.util.spec_from_file_location("komek_tests_sync_fixtures", _SYNC_CONFTEST)
assert _spec is not None and _spec.loader is not None
sync_fixtures = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = sync_fixtures
_spec.loader.exec_module(sync_fixtures)

postgres = sync_fixtures.postgres
server_db = sync_fixtures.server_db
desks = sync_fixtures.desks
ServerProcess = sync_fixtures.ServerProcess


@pytest.fixture
def isolated_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Desk credentials in the test's folder, never in a keyring."""
    monkeypatch.setenv("KOMEK_NO_KEYRING", "1")
    monkeypatch.setenv("KOMEK_CONFIG_DIR", str(tmp_path / "config"))
