"""A person's disability and rehabilitation programme, entered once and reused by services.

Revision ID: 0015_disability_records
Revises: 0014_spelling_keys
Create Date: 2026-12-07

The disability services of the catalogue (seed 002, services.md §11-15) rest on the person's
disability group, its term and the individual rehabilitation programme (ИПР / ОЖБ). One row
per person and office (``desktop.storage.models.disability``); the index serves the lookup by
IIN, the most recent row first. A new table: nothing existing is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_disability_records"
down_revision = "0014_spelling_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a database whose revision mark was set back by hand may hold the table already
    if "disability_records" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "disability_records",
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("person_iin", sa.String(length=12), nullable=False),
        sa.Column("person_name", sa.String(length=300), nullable=False),
        sa.Column("disability_group", sa.String(length=16), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("programme_number", sa.String(length=64), nullable=False),
        sa.Column("programme_date", sa.Date(), nullable=True),
        sa.Column("programme_items", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disability_records")),
    )
    op.create_index("ix_disability_records_person", "disability_records",
                    ["person_iin", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_disability_records_person", table_name="disability_records")
    op.drop_table("disability_records")
