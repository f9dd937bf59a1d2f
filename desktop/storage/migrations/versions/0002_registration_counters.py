"""Per-office, per-year registration counters, started from the numbers already issued.

Revision ID: 0002_registration_counters
Revises: 0001_initial
Create Date: 2026-11-22

Before this revision the next number was the highest issued one plus one; the counter table
makes allocation one indexed UPDATE inside the registering transaction. Each counter starts at
the highest sequence already used by that office in that year, so no number is issued twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_registration_counters"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_counters",
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", "year", name=op.f("pk_registration_counters")),
    )
    op.execute(
        "INSERT INTO registration_counters (office_code, year, last_seq) "
        "SELECT office_code, registration_year, MAX(registration_seq) FROM applications "
        "WHERE registration_year IS NOT NULL AND registration_seq IS NOT NULL "
        "GROUP BY office_code, registration_year"
    )


def downgrade() -> None:
    op.drop_table("registration_counters")
