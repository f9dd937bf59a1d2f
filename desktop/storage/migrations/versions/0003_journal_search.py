"""Journal search and sort: case-folded and Kazakh-ordered applicant name keys, indexes.

Revision ID: 0003_journal_search
Revises: 0002_registration_counters
Create Date: 2026-11-22

SQLite's ``lower()``/``LIKE`` fold only ASCII and its binary order is not the Kazakh alphabet,
so the applicant name gets two derived columns computed in Python
(``desktop.storage.textkeys``) and indexed for prefix ranges and ordered paging. Existing rows
are filled here. If the key functions ever change, a later revision must recompute them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.storage.textkeys import search_key, sort_key

revision = "0003_journal_search"
down_revision = "0002_registration_counters"
branch_labels = None
depends_on = None

BATCH = 5_000
JOURNAL_INDEXES = {
    "ix_applications_applicant_iin": ["applicant_iin"],
    "ix_applications_applicant_search": ["applicant_search"],
    "ix_applications_applicant_sort": ["applicant_sort"],
    "ix_applications_family_size": ["family_size"],
    "ix_applications_channel": ["channel"],
    "ix_applications_status": ["status"],
}


def upgrade() -> None:
    # ADD COLUMN is native in SQLite: no table copy.
    op.add_column(
        "applications",
        sa.Column("applicant_search", sa.String(length=300), nullable=False, server_default=""),
    )
    op.add_column(
        "applications",
        sa.Column("applicant_sort", sa.String(length=300), nullable=False, server_default=""),
    )
    bind = op.get_bind()
    rows = bind.exec_driver_sql("SELECT id, applicant_name FROM applications").fetchall()
    for start in range(0, len(rows), BATCH):
        bind.exec_driver_sql(
            "UPDATE applications SET applicant_search = ?, applicant_sort = ? WHERE id = ?",
            [(search_key(name), sort_key(name), row_id) for row_id, name in rows[start:start + BATCH]],
        )
    for name, columns in JOURNAL_INDEXES.items():
        op.create_index(name, "applications", columns, unique=False)
    op.execute("ANALYZE applications")


def downgrade() -> None:
    for name in JOURNAL_INDEXES:
        op.drop_index(name, table_name="applications")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("applicant_sort")
        batch_op.drop_column("applicant_search")
