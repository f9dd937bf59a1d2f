"""Name search finds either spelling: a folded key per applicant and per family member.

Revision ID: 0014_spelling_keys
Revises: 0013_service_catalogue
Create Date: 2026-12-08

A Kazakh surname is written both ways at the desk ("Серікбаева" and "Серикбаева"), and the
journal's name key (revision 0003) keeps the two apart. ``applications.applicant_fold`` and
``members.name_fold`` hold ``desktop.domain.spelling.spelling_key`` of the name, which gives
both spellings one key; existing rows are filled here. The journal's covering search index
leads with the new key instead of the old one (``applicant_search`` stays, in step, for desks
of earlier versions that still search it), and a member's key is indexed for the
certificate's search by name. Neither column is sent to the district: each desk makes them
from the name (``desktop.sync.client.codec.LOCAL_COLUMNS``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.storage.textkeys import member_name_key, spelling_key

revision = "0014_spelling_keys"
down_revision = "0013_service_catalogue"
branch_labels = None
depends_on = None

BATCH = 5_000
# the journal's columns as revision 0013 left them (the service last), and with the new key
OLD_JOURNAL_COLUMNS = ["registered_on", "due_date", "family_size", "channel", "status",
                       "applicant_sort", "registration_number", "applicant_iin",
                       "applicant_search", "service"]
JOURNAL_COLUMNS = [c if c != "applicant_search" else "applicant_fold"
                   for c in OLD_JOURNAL_COLUMNS]
COVERING = {
    "ix_applications_journal_by_iin": "applicant_iin",
    "ix_applications_journal_by_number": "registration_number",
}


def _fill(bind: sa.Connection, select: str, update: str, key: object) -> None:
    rows = bind.exec_driver_sql(select).fetchall()
    for start in range(0, len(rows), BATCH):
        bind.exec_driver_sql(update, [(key(*row[1:]), row[0])  # type: ignore[operator]
                                      for row in rows[start:start + BATCH]])


def _columns(bind: sa.Connection, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(bind).get_columns(table)}


def upgrade() -> None:
    bind = op.get_bind()
    # ADD COLUMN is native in SQLite: no table copy. (A database whose revision mark was set
    # back by hand may hold the columns already: they are filled again all the same.)
    if "applicant_fold" not in _columns(bind, "applications"):
        op.add_column("applications", sa.Column("applicant_fold", sa.String(length=300),
                                                nullable=False, server_default=""))
    if "name_fold" not in _columns(bind, "members"):
        op.add_column("members", sa.Column("name_fold", sa.String(length=600), nullable=False,
                                           server_default=""))
    _fill(bind, "SELECT id, applicant_name FROM applications",
          "UPDATE applications SET applicant_fold = ? WHERE id = ?", spelling_key)
    _fill(bind, "SELECT id, surname, first_name, patronymic FROM members",
          "UPDATE members SET name_fold = ? WHERE id = ?", member_name_key)
    for name in ("ix_applications_journal_by_search", "ix_applications_journal_by_fold",
                 *COVERING, "ix_members_name_fold"):
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.create_index("ix_applications_journal_by_fold", "applications",
                    ["applicant_fold", *[c for c in JOURNAL_COLUMNS if c != "applicant_fold"]])
    for name, lead in COVERING.items():  # the journal columns now end with the new key
        op.create_index(name, "applications", [lead, *[c for c in JOURNAL_COLUMNS if c != lead]])
    op.create_index("ix_members_name_fold", "members", ["name_fold"])
    op.execute("ANALYZE applications")
    op.execute("ANALYZE members")


def downgrade() -> None:
    op.drop_index("ix_members_name_fold", table_name="members")
    op.drop_index("ix_applications_journal_by_fold", table_name="applications")
    for name, lead in COVERING.items():
        op.drop_index(name, table_name="applications")
        op.create_index(name, "applications",
                        [lead, *[c for c in OLD_JOURNAL_COLUMNS if c != lead]])
    op.create_index("ix_applications_journal_by_search", "applications",
                    ["applicant_search", *[c for c in OLD_JOURNAL_COLUMNS
                                           if c != "applicant_search"]])
    with op.batch_alter_table("members") as batch_op:
        batch_op.drop_column("name_fold")
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("applicant_fold")
