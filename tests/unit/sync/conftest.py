"""Sync unit tests: real SQLite desks in a temporary folder, no PostgreSQL, no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.storage.database import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "desk" / "komek.sqlite3")
    yield database
    database.close()
