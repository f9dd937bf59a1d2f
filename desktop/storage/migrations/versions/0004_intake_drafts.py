"""Intake drafts (the wizard's JSON state) and the akimat's transfer registry.

Revision ID: 0004_intake_drafts
Revises: 0003_journal_search
Create Date: 2026-11-22

Drafts keep a half-filled wizard that is not yet a valid Application, so a closed window, a
crash or a power cut loses nothing. The transfer registry (реестр передаваемых документов)
lists the applications an akim registered and must hand over to the district office.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_intake_drafts"
down_revision = "0003_journal_search"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "intake_drafts",
        *_synced(),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=24), nullable=False),
        sa.Column("applicant_name", sa.String(length=300), nullable=False),
        sa.Column("applicant_iin", sa.String(length=12), nullable=False),
        sa.Column("member_iins", sa.String(length=800), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("refused_at", sa.DateTime(), nullable=True),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_intake_drafts_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_drafts")),
    )
    op.create_index("ix_intake_drafts_status_updated", "intake_drafts",
                    ["status", "updated_at"])
    op.create_table(
        "transfer_registry",
        *_synced(),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("sender_office_code", sa.String(length=12), nullable=False),
        sa.Column("registration_number", sa.String(length=40), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("transfer_due", sa.Date(), nullable=True),
        sa.Column("sheets", sa.Integer(), nullable=False),
        sa.Column("batch_number", sa.String(length=40), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"], ondelete="CASCADE",
                                name=op.f("fk_transfer_registry_application_id_applications")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_registry")),
        sa.UniqueConstraint("application_id", name=op.f("uq_transfer_registry_application_id")),
    )


def downgrade() -> None:
    op.drop_table("transfer_registry")
    op.drop_index("ix_intake_drafts_status_updated", table_name="intake_drafts")
    op.drop_table("intake_drafts")
