"""Opening the database: creation at head, pragmas, schema in step with the models."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.storage import migrate
from desktop.storage.backup import list_backups
from desktop.storage.base import Base
from desktop.storage.database import HEAD_REVISION, Database, current_revision, default_db_path


def test_open_creates_the_folder_and_a_database_at_head(db_path: Path) -> None:
    assert not db_path.parent.exists()
    with Database.open(db_path) as db:
        assert db.path == db_path
        assert db.revision() == HEAD_REVISION
    assert current_revision(db_path) == HEAD_REVISION
    assert list_backups(db_path) == []  # nothing to back up in a new database


def test_every_connection_has_wal_foreign_keys_and_full_sync(db: Database) -> None:
    for _ in range(3):
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            collated = connection.exec_driver_sql(
                "SELECT x FROM (SELECT 'Ұ' AS x UNION SELECT 'Я' UNION SELECT 'А') "
                "ORDER BY x COLLATE kazakh"
            ).scalars().all()
            assert collated == ["А", "Ұ", "Я"]


def test_foreign_keys_are_enforced(db: Database) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO staff (id, version, created_at, updated_at, office_id, full_name, "
            "position, active) VALUES ('s', 1, '2026-01-01', '2026-01-01', 'nope', 'x', '', 1)"
        )


def test_migrations_create_exactly_the_schema_of_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_head_revision_constant_matches_the_scripts() -> None:
    assert migrate.script_head() == HEAD_REVISION
    assert HEAD_REVISION in migrate.known_revisions()


def test_reopening_at_head_makes_no_backup_and_keeps_the_node_id(db_path: Path) -> None:
    with Database.open(db_path) as first:
        node = first.node_id
    with Database.open(db_path) as second:
        assert second.node_id == node
    assert list_backups(db_path) == []


def test_session_commits_on_success_and_rolls_back_on_error(db: Database) -> None:
    from desktop.storage.settings import read_setting, write_setting

    with db.session() as session:
        write_setting(session, "a", "1")
    try:
        with db.session() as session:
            write_setting(session, "b", "2")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.session() as session:
        assert read_setting(session, "a") == "1"
        assert read_setting(session, "b") is None


def test_default_path_is_in_the_user_data_folder() -> None:
    path = default_db_path()
    assert path.name == "komek.sqlite3"
    assert path.parent.name == "Komek"
