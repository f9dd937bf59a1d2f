"""Alembic environment of the server: runs on the connection ``desktop.sync.server.db`` gives."""

from __future__ import annotations

from alembic import context

from desktop.sync.server.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("komek-server migrations run only through 'komek-server init'")

context.configure(connection=connection, target_metadata=metadata, compare_type=True,
                  version_table="alembic_version")
with context.begin_transaction():
    context.run_migrations()
