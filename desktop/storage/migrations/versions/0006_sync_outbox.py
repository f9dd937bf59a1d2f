"""Sync with the district server: the outbox, formed batches, known versions, conflicts.

Revision ID: 0006_sync_outbox
Revises: 0005_journal_covering
Create Date: 2026-11-22

The outbox is written by a session hook in the same transaction as each change of a synced
record (desktop.storage.outbox). Records that existed before this revision are not put in the
outbox here: the desk adds them when it enrols with a district server.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sync_outbox"
down_revision = "0005_journal_covering"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("batch_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_outbox")),
    )
    op.create_index("ix_sync_outbox_batch_seq", "sync_outbox", ["batch_seq", "seq"])
    op.create_index("ix_sync_outbox_record", "sync_outbox", ["table_name", "record_id"])
    op.create_table(
        "sync_batches",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_batches")),
    )
    op.create_table(
        "sync_known",
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("table_name", "record_id", name=op.f("pk_sync_known")),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("mine_version", sa.Integer(), nullable=False),
        sa.Column("theirs_version", sa.Integer(), nullable=False),
        sa.Column("mine", sa.Text(), nullable=False),
        sa.Column("theirs", sa.Text(), nullable=False),
        sa.Column("base", sa.Text(), nullable=False),
        sa.Column("theirs_node", sa.String(length=64), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    op.create_index("ix_sync_conflicts_open", "sync_conflicts",
                    ["resolved_at", "table_name", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_sync_conflicts_open", table_name="sync_conflicts")
    op.drop_table("sync_conflicts")
    op.drop_table("sync_known")
    op.drop_table("sync_batches")
    op.drop_index("ix_sync_outbox_record", table_name="sync_outbox")
    op.drop_index("ix_sync_outbox_batch_seq", table_name="sync_outbox")
    op.drop_table("sync_outbox")
