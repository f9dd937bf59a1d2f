"""Test-wide settings: offscreen Qt, an isolated user data folder, generated data only."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/storage_helpers.py

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KOMEK_NO_KEYRING", "1")
# The desk key of the tests' databases: a key file in a config folder of this run's own (the
# real one is never touched). Encryption stays on; see tests/storage_helpers.py.
os.environ.setdefault("KOMEK_CONFIG_DIR", tempfile.mkdtemp(prefix="komek-test-config-"))

from desktop.storage.database import Database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives: a real SQLite file in a folder of its own."""
    return tmp_path / "data" / "komek.sqlite3"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()
