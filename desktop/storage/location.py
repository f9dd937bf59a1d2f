"""Where the workstation database lives by default (no SQLAlchemy: the start-up reads it)."""

from __future__ import annotations

from pathlib import Path

DB_FILE_NAME = "komek.sqlite3"


def default_db_path() -> Path:
    """``komek.sqlite3`` in the user's data folder (e.g. %LOCALAPPDATA%\\Komek on Windows)."""
    import platformdirs

    return platformdirs.user_data_path("Komek", appauthor=False) / DB_FILE_NAME
