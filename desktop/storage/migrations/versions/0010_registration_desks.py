"""Registration counters per desk: ``registration_counters.desk`` (0: no desk number).

Revision ID: 0010_registration_desks
Revises: 0009_account_password_change
Create Date: 2026-12-04

A desk enrolled with the district server gets a desk number, and its registration numbers
carry it (``AKT-05-2026-2-000123``, desktop.storage.registration), so that two desks of one
office never issue the same number. Each desk counts per (office, year, desk); the counters
that exist are those of numbers without a desk number and keep desk 0.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_registration_desks"
down_revision = "0009_account_password_change"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registration_counters", recreate="always") as batch:
        batch.add_column(sa.Column("desk", sa.Integer(), nullable=False,
                                   server_default=sa.text("0")))
        batch.drop_constraint("pk_registration_counters", type_="primary")
        batch.create_primary_key("pk_registration_counters", ["office_code", "year", "desk"])


def downgrade() -> None:
    # the counters of desk numbers cannot stay: a desk-less counter takes over the highest
    op.execute(
        "UPDATE registration_counters SET last_seq = (SELECT MAX(c.last_seq) FROM "
        "registration_counters AS c WHERE c.office_code = registration_counters.office_code "
        "AND c.year = registration_counters.year) WHERE desk = 0")
    op.execute("DELETE FROM registration_counters WHERE desk <> 0")
    with op.batch_alter_table("registration_counters", recreate="always") as batch:
        batch.drop_constraint("pk_registration_counters", type_="primary")
        batch.create_primary_key("pk_registration_counters", ["office_code", "year"])
        batch.drop_column("desk")
