"""Accounts: ``must_change_password``, set when the administrator resets a password.

Revision ID: 0009_account_password_change
Revises: 0008_amendments
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_account_password_change"
down_revision = "0008_amendments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("must_change_password")
