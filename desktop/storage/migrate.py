"""Alembic, configured in code: the revisions this app knows and the upgrade of one database."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection, Engine

# Alembic is imported inside the functions: a database already at HEAD_REVISION (every start
# but the first after an upgrade) never needs it, and importing it costs ~0.2 s of start-up.

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0017_aid_provided"


class MigrationFailedError(RuntimeError):
    """A migration left rows that break a foreign key; the whole upgrade was rolled back."""


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@cache
def known_revisions() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def script_head() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the database to ``target`` in one transaction, foreign keys checked at the end.

    Foreign-key enforcement is off while the revisions run: SQLite rebuilds altered tables by
    copy-and-drop, and with enforcement on a DROP of a parent table would cascade into its
    children. ``PRAGMA foreign_key_check`` then verifies the result before the commit.
    """
    from alembic import command

    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), target)
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationFailedError(f"foreign key violations: {problems[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
