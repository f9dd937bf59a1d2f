"""Record digests kept ready: ``record_digests`` holds, per (table, scope), the count of live
records and the XOR of their ``record_hash(id, version)``, which the daily consistency check
(``GET /v1/digest``) reads instead of hashing every record of the desk's offices.

Revision ID: s0004_record_digests
Revises: s0003_enrolment_proofs
Create Date: 2026-12-07

XOR is its own inverse and order does not matter, so a change folds in without reading the
other records: a version leaving (updated or deleted, if it was live) is XORed out and its
count taken off, a version arriving (if live) XORed in and counted. Statement triggers on
``records`` do it with the statement's transition tables, in the writer's transaction, for
every way a row changes (a push's COPY and upsert, a bundle, an administrator's own SQL, a
TRUNCATE), so what is kept always agrees with what is stored: that is what the check relies
on to find a desk whose records differ from the server's. The digests are computed here
once from what is stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0004_record_digests"
down_revision = "s0003_enrolment_proofs"
branch_labels = None
depends_on = None

# 64 bits of md5(id:version) as a signed integer, as desktop.sync.protocol.record_hash
_HASH = """
CREATE FUNCTION komek_record_hash(record_id text, version integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CAST(CAST('x' || substr(md5(record_id || ':' || version), 1, 16) AS bit(64))
              AS bigint) $$
"""

# One function for the three statement triggers: each branch reads only the transition
# tables its event has. Rows are folded in (table, scope) order, so two writers never take
# two digests' row locks in opposite orders.
_FOLD = """
CREATE FUNCTION komek_fold_record_digests() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO record_digests AS d (table_name, scope, n, folded)
        SELECT table_name, scope, count(*), bit_xor(komek_record_hash(id, version))
        FROM arrived WHERE NOT deleted GROUP BY table_name, scope ORDER BY 1, 2
        ON CONFLICT (table_name, scope) DO UPDATE
            SET n = d.n + excluded.n, folded = d.folded # excluded.folded;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO record_digests AS d (table_name, scope, n, folded)
        SELECT table_name, scope, sum(n), bit_xor(h) FROM (
            SELECT table_name, scope, 1 AS n, komek_record_hash(id, version) AS h
            FROM arrived WHERE NOT deleted
            UNION ALL
            SELECT table_name, scope, -1, komek_record_hash(id, version)
            FROM departed WHERE NOT deleted
        ) AS changed GROUP BY table_name, scope ORDER BY 1, 2
        ON CONFLICT (table_name, scope) DO UPDATE
            SET n = d.n + excluded.n, folded = d.folded # excluded.folded;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO record_digests AS d (table_name, scope, n, folded)
        SELECT table_name, scope, -count(*), bit_xor(komek_record_hash(id, version))
        FROM departed WHERE NOT deleted GROUP BY table_name, scope ORDER BY 1, 2
        ON CONFLICT (table_name, scope) DO UPDATE
            SET n = d.n + excluded.n, folded = d.folded # excluded.folded;
    ELSE  -- TRUNCATE
        DELETE FROM record_digests;
    END IF;
    RETURN NULL;
END
$$
"""

_TRIGGERS = (
    "CREATE TRIGGER records_digest_insert AFTER INSERT ON records "
    "REFERENCING NEW TABLE AS arrived FOR EACH STATEMENT "
    "EXECUTE FUNCTION komek_fold_record_digests()",
    "CREATE TRIGGER records_digest_update AFTER UPDATE ON records "
    "REFERENCING OLD TABLE AS departed NEW TABLE AS arrived FOR EACH STATEMENT "
    "EXECUTE FUNCTION komek_fold_record_digests()",
    "CREATE TRIGGER records_digest_delete AFTER DELETE ON records "
    "REFERENCING OLD TABLE AS departed FOR EACH STATEMENT "
    "EXECUTE FUNCTION komek_fold_record_digests()",
    "CREATE TRIGGER records_digest_truncate AFTER TRUNCATE ON records "
    "FOR EACH STATEMENT EXECUTE FUNCTION komek_fold_record_digests()",
)

# what is kept, computed from what is stored (here, and by the tests that compare)
FROM_SCRATCH = """
SELECT table_name, scope, count(*) AS n,
       coalesce(bit_xor(komek_record_hash(id, version)), 0) AS folded
FROM records WHERE NOT deleted GROUP BY table_name, scope
"""


def upgrade() -> None:
    op.create_table(
        "record_digests",
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("scope", sa.String(12), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.Column("folded", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "scope", name="pk_record_digests"),
    )
    op.execute(_HASH)
    op.execute("LOCK TABLE records IN SHARE MODE")  # no write between the sums and triggers
    op.execute("INSERT INTO record_digests (table_name, scope, n, folded) " + FROM_SCRATCH)
    op.execute(_FOLD)
    for trigger in _TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for name in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER records_digest_{name} ON records")
    op.execute("DROP FUNCTION komek_fold_record_digests()")
    op.drop_table("record_digests")
    op.execute("DROP FUNCTION komek_record_hash(text, integer)")
