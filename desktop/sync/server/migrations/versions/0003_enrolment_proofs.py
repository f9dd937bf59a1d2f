"""Enrolment proofs: the key of each code (``enrolments.verifier``) and the refused
attempts by source address (``enrolment_attempts``).

Revision ID: s0003_enrolment_proofs
Revises: s0002_desk_numbers
Create Date: 2026-12-10

A code no longer crosses the network: desk and server prove to each other that they know it
by HMACs under a key scrypt derives from it, which the server keeps in ``verifier``. Codes
made before this revision have no key and can no longer be used (make a new one; they
expired within 7 days anyway). Refused enrolments are counted per source address and in all,
so that guessing is answered 429 (``desktop/sync/server/attempts.py``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0003_enrolment_proofs"
down_revision = "s0002_desk_numbers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("enrolments", sa.Column("verifier", sa.LargeBinary(), nullable=True))
    op.create_table(
        "enrolment_attempts",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_enrolment_attempts"),
    )
    op.create_index("ix_enrolment_attempts_at", "enrolment_attempts", ["at"])
    op.create_index("ix_enrolment_attempts_address_at", "enrolment_attempts",
                    ["address", "at"])


def downgrade() -> None:
    op.drop_index("ix_enrolment_attempts_address_at", table_name="enrolment_attempts")
    op.drop_index("ix_enrolment_attempts_at", table_name="enrolment_attempts")
    op.drop_table("enrolment_attempts")
    op.drop_column("enrolments", "verifier")
