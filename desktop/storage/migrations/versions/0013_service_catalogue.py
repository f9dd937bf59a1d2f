"""The service of each application, its own data, and a counter per service's journal.

Revision ID: 0013_service_catalogue
Revises: 0011_office_ids
Create Date: 2026-12-07

Kömek takes applications for every service of the catalogue (forms/services/<code>), not
only АСП. ``applications.service`` names the service (every row before this revision is
АСП's: "asp"); ``applications.service_details`` holds what only that service asks, as JSON
("{}" for АСП). Each service keeps its own registration journal, as the offices do: the
counters are kept per (office, year, desk, marker), where the marker is the index the
service's numbers carry (AKT-05-2026-2-BS-000007); АСП's marker is "" and its numbers and
counters stay as they are. An index on (service, registered_on) serves the journal's
service filter and the reports by service, one on the service alone its sort; and the
journal's covering search indexes (revision 0005) hold the service too, so that a search
inside one service is filtered within the index (benchmarks/journal_services.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_service_catalogue"
down_revision = "0012_conflict_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database stamped back to an older revision may hold these already (the tests of the
    # revisions before it do that): what is there is kept, what is missing is made.
    inspector = sa.inspect(op.get_bind())
    columns = {c["name"] for c in inspector.get_columns("applications")}
    if "service" not in columns:
        with op.batch_alter_table("applications") as batch:
            batch.add_column(sa.Column("service", sa.String(40), nullable=False,
                                       server_default="asp"))
            batch.add_column(sa.Column("service_details", sa.Text(), nullable=False,
                                       server_default="{}"))
    indexes = {i["name"] for i in inspector.get_indexes("applications")}
    if "ix_applications_service_registered" not in indexes:
        op.create_index("ix_applications_service_registered", "applications",
                        ["service", "registered_on"])
    if "ix_applications_service" not in indexes:
        op.create_index("ix_applications_service", "applications", ["service"])
    _covering([*JOURNAL_COLUMNS, "service"], indexes)
    op.execute("ANALYZE applications")
    if "marker" in {c["name"] for c in inspector.get_columns("registration_counters")}:
        return
    with op.batch_alter_table("registration_counters", recreate="always") as batch:
        batch.add_column(sa.Column("marker", sa.String(3), nullable=False,
                                   server_default=sa.text("''")))
        batch.drop_constraint("pk_registration_counters", type_="primary")
        batch.create_primary_key("pk_registration_counters",
                                 ["office_code", "year", "desk", "marker"])


JOURNAL_COLUMNS = ["registered_on", "due_date", "family_size", "channel", "status",
                   "applicant_sort", "registration_number", "applicant_iin", "applicant_search"]
COVERING = {
    "ix_applications_journal_by_search": "applicant_search",
    "ix_applications_journal_by_iin": "applicant_iin",
    "ix_applications_journal_by_number": "registration_number",
}


def _covering(columns: list[str], existing: set[str]) -> None:
    """The journal's covering search indexes (revision 0005) over ``columns``."""
    for name, lead in COVERING.items():
        if name in existing:
            op.drop_index(name, table_name="applications")
        op.create_index(name, "applications", [lead, *[c for c in columns if c != lead]])


def downgrade() -> None:
    # numbers of other services keep their records; their counters cannot stay
    op.execute("DELETE FROM registration_counters WHERE marker <> ''")
    with op.batch_alter_table("registration_counters", recreate="always") as batch:
        batch.drop_constraint("pk_registration_counters", type_="primary")
        batch.create_primary_key("pk_registration_counters", ["office_code", "year", "desk"])
        batch.drop_column("marker")
    op.drop_index("ix_applications_service_registered", table_name="applications")
    op.drop_index("ix_applications_service", table_name="applications")
    _covering(JOURNAL_COLUMNS, set(COVERING))
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("service_details")
        batch.drop_column("service")
