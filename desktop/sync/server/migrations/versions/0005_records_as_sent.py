"""What a first sync costs PostgreSQL: records kept as the desks sent them, their digests'
hash inlined, one index fewer.

Revision ID: s0005_records_as_sent
Revises: s0004_record_digests
Create Date: 2026-12-07

Measured on a COPY of 71 349 generated records in batches of 5 000, as pushes write them
(docs/sync.md, "PostgreSQL's share of a first sync"):

* ``records.data`` and ``record_history.data`` are ``json`` (the text, checked to be JSON)
  instead of ``jsonb`` (a parsed binary form). The server reads a record's fields in Python
  (``desktop.sync.server.push``) and hands a record's text to the desks as it is
  (``pull``); PostgreSQL looks inside a record only for an application's registration
  number and a case's status, which ``json``'s operators read as well. ``jsonb`` made
  PostgreSQL parse every record on its way in and print it again, with spaces, on its way
  out. Both columns change together: a replaced version moves from one to the other as it
  is. The registration number's index is rebuilt on the new type.
* ``komek_record_hash`` gives the same values, but PostgreSQL now inlines it: ``text ||
  integer`` is a stable operator, so the immutable function was called row by row (2.5
  times the cost of its expression); ``text || CAST(integer AS text)`` is immutable.
* ``ix_records_table_scope`` is dropped: every write of ``records`` kept it up to date (about
  a tenth of a first sync's COPY), for the consistency check's repair, which lists a table's
  records in one office (``pull.record_versions``) only when their digests differ; it reads
  them by ``ix_records_scope_cursor`` now.
"""

from __future__ import annotations

from alembic import op

revision = "s0005_records_as_sent"
down_revision = "s0004_record_digests"
branch_labels = None
depends_on = None

_HASH = """
CREATE OR REPLACE FUNCTION komek_record_hash(record_id text, version integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CAST(CAST('x' || substr(md5(record_id || ':' || {version}), 1, 16) AS bit(64))
              AS bigint) $$
"""


def upgrade() -> None:
    op.execute("ALTER TABLE records ALTER COLUMN data TYPE json USING data::json")
    op.execute("ALTER TABLE record_history ALTER COLUMN data TYPE json USING data::json")
    op.execute(_HASH.format(version="CAST(version AS text)"))
    op.drop_index("ix_records_table_scope", table_name="records")


def downgrade() -> None:
    op.create_index("ix_records_table_scope", "records", ["table_name", "scope"])
    op.execute(_HASH.format(version="version"))
    op.execute("ALTER TABLE record_history ALTER COLUMN data TYPE jsonb USING data::jsonb")
    op.execute("ALTER TABLE records ALTER COLUMN data TYPE jsonb USING data::jsonb")
