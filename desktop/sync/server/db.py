"""The server's PostgreSQL engine and the upgrade of its schema (Alembic, configured in code)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, text

from desktop.domain.text import Text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "s0005_records_as_sent"
DATABASE_ENV = "KOMEK_SERVER_DATABASE"


class DatabaseNotReadyError(RuntimeError):
    """The database has no Kömek schema, or an older one: run ``komek-server init``.

    ``message`` is the sentence for the administrator (translated by the CLI)."""

    def __init__(self, detail: str, message: Text) -> None:
        super().__init__(detail)
        self.message = message


def database_url(url: str | None) -> str:
    """``url`` or ``$KOMEK_SERVER_DATABASE``, with the psycopg 3 driver named."""
    url = url or os.environ.get(DATABASE_ENV, "")
    if not url:
        raise DatabaseNotReadyError(
            f"no database given: use --database postgresql://… or set {DATABASE_ENV}",
            Text("No database given: use --database postgresql://… or set {env}.",
                 env=DATABASE_ENV))
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _json_text(value: object) -> str:
    return orjson.dumps(value).decode("utf-8")


def make_engine(url: str | None, *, pool_size: int = 8) -> Engine:
    """The engine; JSON columns are encoded and decoded by orjson (a pull page, a push's
    stored answer and the records a push compares hold thousands of documents)."""
    return create_engine(database_url(url), pool_size=pool_size, max_overflow=4,
                         pool_pre_ping=True, json_serializer=_json_text,
                         json_deserializer=orjson.loads)


def driver(connection: Connection) -> Any:
    """The psycopg connection under ``connection``, in its transaction (or autocommit):
    for SQL text run on every request (the credentials' check, status, pull) and for
    COPY, without SQLAlchemy building and compiling a statement each time."""
    raw = connection.connection.driver_connection
    assert raw is not None
    return raw


# PostgreSQL's settings that keep a failed statement's data out of its log: the line that
# quotes a refused row ("COPY records, line 1, column data: {…}") is a CONTEXT line, its
# text a DETAIL, the statement a STATEMENT line (packaging/server/postgresql-komek.conf)
PRIVATE_LOG_SETTINGS = {
    "log_error_verbosity": "terse",
    "log_min_error_statement": "panic",
    "log_parameter_max_length": "0",
    "log_parameter_max_length_on_error": "0",
}


def log_settings_not_private(connection: Connection) -> list[str]:
    """``name = value`` of each setting of :data:`PRIVATE_LOG_SETTINGS` that PostgreSQL
    does not have as it should, for a warning in the server's log."""
    return [f"{name} = {wanted}" for name, wanted in PRIVATE_LOG_SETTINGS.items()
            if str(connection.execute(text(f"SHOW {name}")).scalar()) != wanted]


def _config(connection: object) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema in one transaction (``komek-server init``)."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")  # type: ignore[arg-type]


def check_schema(engine: Engine) -> None:
    """Refuse to serve a database that ``komek-server init`` has not brought to this version."""
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        revision = connection.execute(
            text("SELECT version_num FROM alembic_version")).scalar() if exists else None
    if revision != HEAD_REVISION:
        raise DatabaseNotReadyError(
            f"database schema is {revision or 'missing'}, expected {HEAD_REVISION}: "
            "run 'komek-server init'",
            Text("The database schema is {found}, this version needs {needed}: run "
                 "komek-server init.", found=revision or "—", needed=HEAD_REVISION))
