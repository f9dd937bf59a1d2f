"""Offices under the id derived from their code (UUIDv5, desktop.storage.ids.office_id).

Revision ID: 0011_office_ids
Revises: 0010_registration_desks
Create Date: 2026-12-04

Two desks of one office each made their own ``offices`` row, under a random id, for the same
code; the second to arrive at a desk could not be stored (the code is unique) and stayed an
``unapplied`` conflict. An office's id is now derived from its code, so every desk makes the
same record. This revision re-keys the offices this desk made (``origin_node`` is this desk,
or none) to that id and points its staff, applications, accounts and the workstation's
setting at it. When the desk is enrolled, the district learns it at the next sync: the new
record, the delete of the old one, and the staff and applications this desk made, with
their new office id (one version up). Offices of other desks are left as pulled: their new
record replaces them at a pull (desktop.sync.client.apply). docs/sync.md tells why.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011_office_ids"
down_revision = "0010_registration_desks"
branch_labels = None
depends_on = None

# desktop.storage.ids.OFFICE_NAMESPACE, fixed for ever
_NAMESPACE = uuid.UUID("695894c3-a706-4e88-867b-4515536daed5")


def upgrade() -> None:
    bind = op.get_bind()
    node = bind.execute(sa.text("SELECT value FROM settings WHERE key = 'node.id'")).scalar()
    enrolled = bind.execute(sa.text("SELECT 1 FROM sync_known LIMIT 1")).first() is not None
    at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    offices = bind.execute(sa.text(
        "SELECT id, code FROM offices WHERE origin_node IS NULL OR origin_node = :node"),
        {"node": node}).all()
    for old, code in offices:
        new = str(uuid.uuid5(_NAMESPACE, code))
        if old == new:
            continue
        values = {"old": old, "new": new, "node": node, "at": at}
        # foreign keys are off while migrations run (desktop.storage.migrate)
        bind.execute(sa.text("UPDATE offices SET id = :new WHERE id = :old"), values)
        for table in ("staff", "applications"):
            if enrolled:  # this desk's own records go to the district again
                bind.execute(sa.text(
                    f"INSERT INTO sync_outbox (table_name, record_id, op, at) "
                    f"SELECT '{table}', id, 'upsert', :at FROM {table} "
                    f"WHERE office_id = :old AND (origin_node IS NULL OR origin_node = :node)"),
                    values)
            bind.execute(sa.text(
                f"UPDATE {table} SET office_id = :new, version = version + CASE WHEN "
                f"origin_node IS NULL OR origin_node = :node THEN 1 ELSE 0 END "
                f"WHERE office_id = :old"), values)
        bind.execute(sa.text("UPDATE accounts SET office_id = :new WHERE office_id = :old"),
                     values)
        bind.execute(sa.text(
            "UPDATE settings SET value = :new WHERE key = 'workstation.office_id' "
            "AND value = :old"), values)
        if enrolled:
            bind.execute(sa.text(
                "INSERT INTO sync_outbox (table_name, record_id, op, at) "
                "VALUES ('offices', :new, 'upsert', :at)"), values)
            if bind.execute(sa.text(
                    "SELECT 1 FROM sync_known WHERE table_name = 'offices' "
                    "AND record_id = :old"), values).first() is not None:
                bind.execute(sa.text(
                    "INSERT INTO sync_outbox (table_name, record_id, op, at) "
                    "VALUES ('offices', :old, 'delete', :at)"), values)


def downgrade() -> None:
    pass  # the derived ids are ids like any other: nothing to undo
