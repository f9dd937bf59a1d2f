"""The columns the window reads before the ORM is imported, as SQLAlchemy Core tables.

The start shows the journal's first page before ``sqlalchemy.orm`` and the models are loaded
(importing them and configuring the mappers costs most of a second); what it reads until then
is named here: the settings (language, office, operator, node, session marker, recovery
code), the office and the operator for the status bar, whether the desk has accounts, and the
journal's columns of ``applications``. The journal's queries (``desktop.services.journal``)
are written against these columns alone, at the start and afterwards: there is one journal
query, never an ORM twin of it.

The models (``desktop.storage.models``) own the schema and the migrations; these are views of
it, names and types only, and ``tests/unit/storage/test_core_tables.py`` checks every column
here against the models' tables.
"""

from __future__ import annotations

from sqlalchemy import Date, Integer, String, Text, column, table

from desktop.storage.types import UTCDateTime

__all__ = ["accounts", "applications", "offices", "settings", "staff"]

settings = table(
    "settings",
    column("key", String),
    column("value", Text),
    column("updated_at", UTCDateTime),
)

offices = table(
    "offices",
    column("id", String),
    column("code", String),
    column("kind", String),
    column("region", String),
    column("district", String),
    column("name_kk", String),
    column("name_ru", String),
)

staff = table(
    "staff",
    column("id", String),
    column("full_name", String),
    column("position", String),
)

accounts = table(
    "accounts",
    column("id", String),
)

# The journal's columns: a row of the journal, its search keys and its sort keys.
applications = table(
    "applications",
    column("id", String),
    column("registration_number", String),
    column("registration_seq", Integer),
    column("registered_on", Date),
    column("applicant_name", String),
    column("applicant_iin", String),
    column("family_size", Integer),
    column("channel", String),
    column("status", String),
    column("due_date", Date),
    column("service", String),
    column("applicant_sort", String),
    column("applicant_fold", String),
)
