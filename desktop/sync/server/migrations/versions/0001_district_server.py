"""District server: offices, nodes, enrolments, records and their history, batches, conflicts.

Revision ID: s0001_district_server
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "s0001_district_server"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.execute("CREATE SEQUENCE change_cursor")
    op.create_table(
        "offices",
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_offices"),
    )
    op.create_table(
        "nodes",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(12), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("auth_hash", sa.String(64), nullable=False),
        sa.Column("bundle_key", sa.LargeBinary(), nullable=False),
        sa.Column("enrolled_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("last_seen_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["office_code"], ["offices.code"],
                                name="fk_nodes_office_code_offices"),
        sa.PrimaryKeyConstraint("id", name="pk_nodes"),
    )
    op.create_table(
        "enrolments",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(12), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        sa.Column("node_id", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["office_code"], ["offices.code"],
                                name="fk_enrolments_office_code_offices"),
        sa.PrimaryKeyConstraint("code_hash", name="pk_enrolments"),
    )
    op.create_table(
        "records",
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", postgresql.JSONB(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("table_name", "id", name="pk_records"),
    )
    op.create_index("ix_records_cursor", "records", ["cursor"], unique=True)
    op.create_index("ix_records_scope_cursor", "records", ["scope", "cursor"])
    op.create_index("ix_records_table_scope", "records", ["table_name", "scope"])
    op.create_table(
        "record_history",
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("data", postgresql.JSONB(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("cursor", name="pk_record_history"),
    )
    op.create_index("ix_record_history_record", "record_history",
                    ["table_name", "id", "version"])
    op.create_table(
        "push_batches",
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("response", postgresql.JSONB(), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("node_id", "seq", name="pk_push_batches"),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("node_id", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("mine_version", sa.Integer(), nullable=False),
        sa.Column("theirs_version", sa.Integer(), nullable=False),
        sa.Column("mine", postgresql.JSONB(), nullable=True),
        sa.Column("theirs", postgresql.JSONB(), nullable=True),
        sa.Column("detected_at", TZ, nullable=False),
        sa.Column("resolved_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_conflicts"),
    )
    op.create_index("ix_conflicts_record", "conflicts", ["table_name", "record_id"])
    op.create_table(
        "reference_documents",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("content", postgresql.JSONB(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_reference_documents"),
    )


def downgrade() -> None:
    for table in ("reference_documents", "conflicts", "push_batches", "record_history",
                  "records", "enrolments", "nodes", "offices"):
        op.drop_table(table)
    op.execute("DROP SEQUENCE change_cursor")
