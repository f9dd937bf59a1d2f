"""Desk numbers: ``nodes.desk_number``, unique within an office; registration numbers found
by their value.

Revision ID: s0002_desk_numbers
Revises: s0001_district_server
Create Date: 2026-12-04

Each desk of an office gets a desk number at enrolment (1, 2, … in the order of enrolment,
never reused, revoked desks keep theirs: their numbers stay in the journal) and puts it into
the registration numbers it issues. Desks enrolled before this revision are numbered here in
the order they were enrolled and learn their number at their next sync (``/v1/status``).
The expression index serves the push's check that a registration number is not held by
another application of the office.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0002_desk_numbers"
down_revision = "s0001_district_server"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("nodes", sa.Column("desk_number", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE nodes SET desk_number = numbered.n FROM (SELECT id, row_number() OVER "
        "(PARTITION BY office_code ORDER BY enrolled_at, id) AS n FROM nodes) AS numbered "
        "WHERE nodes.id = numbered.id")
    op.create_unique_constraint("uq_nodes_office_code_desk_number", "nodes",
                                ["office_code", "desk_number"])
    op.execute(
        "CREATE INDEX ix_records_registration_number ON records "
        "((data ->> 'registration_number')) WHERE table_name = 'applications'")


def downgrade() -> None:
    op.drop_index("ix_records_registration_number", table_name="records")
    op.drop_constraint("uq_nodes_office_code_desk_number", "nodes", type_="unique")
    op.drop_column("nodes", "desk_number")
