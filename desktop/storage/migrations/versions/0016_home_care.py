"""Home care: the care worker assigned to a case of special social services at home, and the
visits made.

Revision ID: 0016_home_care
Revises: 0015_disability_records
Create Date: 2026-12-07

Services.md §17 (seed 002): after the documents are arranged, the office assigns a care worker
and records each visit (its day, hours and what was done). Two new tables following their
application (``desktop.storage.models.home_care``); nothing existing is touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_home_care"
down_revision = "0015_disability_records"
branch_labels = None
depends_on = None


def _common(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f(f"fk_{table}_application_id_applications"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "home_care_assignments" not in existing:
        op.create_table(
            "home_care_assignments",
            sa.Column("worker_name", sa.String(length=300), nullable=False),
            sa.Column("assigned_on", sa.Date(), nullable=False),
            sa.Column("note", sa.Text(), nullable=False),
            *_common("home_care_assignments"),
        )
        op.create_index(op.f("ix_home_care_assignments_application_id"),
                        "home_care_assignments", ["application_id"])
    if "home_care_visits" not in existing:
        op.create_table(
            "home_care_visits",
            sa.Column("visit_date", sa.Date(), nullable=False),
            sa.Column("quarter_hours", sa.Integer(), nullable=False),
            sa.Column("work_done", sa.Text(), nullable=False),
            sa.Column("worker_name", sa.String(length=300), nullable=False),
            *_common("home_care_visits"),
        )
        op.create_index(op.f("ix_home_care_visits_application_id"), "home_care_visits",
                        ["application_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_home_care_visits_application_id"), table_name="home_care_visits")
    op.drop_table("home_care_visits")
    op.drop_index(op.f("ix_home_care_assignments_application_id"),
                  table_name="home_care_assignments")
    op.drop_table("home_care_assignments")
