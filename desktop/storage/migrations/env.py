"""Alembic environment: runs on the connection that ``desktop.storage.migrate`` hands over."""

from __future__ import annotations

from alembic import context

import desktop.storage.models  # noqa: F401 - registers the tables on Base.metadata
from desktop.storage.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Kömek migrations run only through desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
