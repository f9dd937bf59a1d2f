"""Where the workstation database lives by default (no SQLAlchemy: the start-up reads it)."""

from __future__ import annotations

from pathlib import Path

DB_FILE_NAME = "komek.sqlite3"
PRINTS_FOLDER = "prints"  # beside the database: the coupons and slips made at the desk
LOGS_FOLDER = "logs"  # beside the database: crash reports (no personal data in them)


def default_db_path() -> Path:
    """``komek.sqlite3`` in the user's data folder (e.g. %LOCALAPPDATA%\\Komek on Windows)."""
    import platformdirs

    return platformdirs.user_data_path("Komek", appauthor=False) / DB_FILE_NAME


def prints_folder(db_path: Path) -> Path:
    """Where the desk keeps the documents it prints as it works (coupons, slips)."""
    return db_path.parent / PRINTS_FOLDER


def logs_folder(db_path: Path) -> Path:
    return db_path.parent / LOGS_FOLDER
