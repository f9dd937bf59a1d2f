"""Sync conflicts: the field and the problem of a record refused as invalid.

The district server names the column of a refused record and what is wrong with it
(``desktop.sync.protocol.FieldProblem``); a pulled record this desk cannot store is named
the same way. Kept with the conflict so the conflicts view can show the person the field,
with the form's label, and the reason in their language.

Revision ID: 0012_conflict_fields
Revises: 0011_office_ids
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_conflict_fields"
down_revision = "0011_office_ids"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.add_column(sa.Column("field", sa.String(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("problem", sa.String(length=32), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.drop_column("problem")
        batch.drop_column("field")
