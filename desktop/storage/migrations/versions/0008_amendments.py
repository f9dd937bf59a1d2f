"""Amendments of registered applications (author, time, reason, before/after of each field).

Revision ID: 0008_amendments
Revises: 0007_accounts_and_cases
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_amendments"
down_revision = "0007_accounts_and_cases"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "application_amendments",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"],
            name=op.f("fk_application_amendments_application_id_applications"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_amendments")),
    )
    op.create_index(op.f("ix_application_amendments_application_id"),
                    "application_amendments", ["application_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_application_amendments_application_id"),
                  table_name="application_amendments")
    op.drop_table("application_amendments")
