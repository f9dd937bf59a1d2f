"""The aid provided on an application of a disability service (the end of its wait).

Revision ID: 0017_aid_provided
Revises: 0016_home_care
Create Date: 2026-12-07

The disability services (seed 002, services.md §11-15) notify the term of provision; the item
is provided later. One row per delivery (``desktop.storage.models.aid_provision``), following
its application; an application with one leaves the waiting register of its kind of aid. A new
table: nothing existing is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_aid_provided"
down_revision = "0016_home_care"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a database whose revision mark was set back by hand may hold the table already
    if "aid_provisions" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "aid_provisions",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("provided_on", sa.Date(), nullable=False),
        sa.Column("item", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("supplier", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_by_name", sa.String(length=300), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f("fk_aid_provisions_application_id_applications"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_provisions")),
    )
    op.create_index("ix_aid_provisions_application_id", "aid_provisions", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_aid_provisions_application_id", table_name="aid_provisions")
    op.drop_table("aid_provisions")
