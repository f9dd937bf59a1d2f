"""Accounts and roles; the case after registration: state, events, commission acts, decisions,
certificates issued.

Revision ID: 0007_accounts_and_cases
Revises: 0006_sync_outbox
Create Date: 2026-11-23

Accounts are local to the workstation (not synced). Cases registered before this revision get
no state row: the case service reads their status from ``applications`` and adds the row at
their next step.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_accounts_and_cases"
down_revision = "0006_sync_outbox"
branch_labels = None
depends_on = None


def _synced(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("origin_node", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _application(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"],
                                name=op.f(f"fk_{table}_application_id_applications"),
                                ondelete="CASCADE"),
    ]


def _accounts() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.String(length=300), nullable=False),
        sa.Column("office_id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=True),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"],
                                name=op.f("fk_accounts_office_id_offices")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_accounts_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_index(op.f("ix_accounts_office_id"), "accounts", ["office_id"])


def _case_tables() -> None:
    op.create_table(
        "case_states",
        *_application("case_states"),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("status_since", sa.DateTime(), nullable=False),
        sa.Column("step_due", sa.Date(), nullable=True),
        sa.Column("executor_id", sa.String(length=36), nullable=True),
        sa.Column("executor_name", sa.String(length=300), nullable=False),
        sa.Column("assigned", sa.Boolean(), nullable=False),
        *_synced("case_states"),
        sa.UniqueConstraint("application_id", name=op.f("uq_case_states_application_id")),
    )
    op.create_index(op.f("ix_case_states_step_due"), "case_states", ["step_due"])
    op.create_table(
        "case_events",
        *_application("case_events"),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=False),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=300), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        *_synced("case_events"),
    )
    op.create_index(op.f("ix_case_events_application_id"), "case_events", ["application_id"])
    op.create_table(
        "commission_acts",
        *_application("commission_acts"),
        sa.Column("act_number", sa.String(length=40), nullable=False),
        sa.Column("survey_date", sa.Date(), nullable=True),
        sa.Column("survey_refused", sa.Boolean(), nullable=False),
        sa.Column("need_confirmed", sa.Boolean(), nullable=False),
        sa.Column("no_need_criteria", sa.String(length=400), nullable=False),
        sa.Column("members_present", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        *_synced("commission_acts"),
    )
    op.create_index(op.f("ix_commission_acts_application_id"), "commission_acts",
                    ["application_id"])


def _decisions() -> None:
    op.create_table(
        "case_decisions",
        *_application("case_decisions"),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("assistance_type", sa.String(length=24), nullable=True),
        sa.Column("monthly_amount", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("refusal_codes", sa.String(length=400), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("number", sa.String(length=48), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_by_name", sa.String(length=300), nullable=False),
        sa.Column("per_capita_income", sa.Integer(), nullable=False),
        sa.Column("trace", sa.Text(), nullable=False),
        *_synced("case_decisions"),
    )
    op.create_index(op.f("ix_case_decisions_application_id"), "case_decisions",
                    ["application_id"])
    op.create_index("ix_case_decisions_stage_on", "case_decisions", ["stage", "decided_on"])
    op.create_table(
        "certificate_issues",
        sa.Column("number", sa.String(length=48), nullable=False),
        sa.Column("office_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("iin", sa.String(length=12), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.Column("belongs", sa.Boolean(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        *_synced("certificate_issues"),
        sa.UniqueConstraint("number", name=op.f("uq_certificate_issues_number")),
    )
    op.create_index(op.f("ix_certificate_issues_iin"), "certificate_issues", ["iin"])
    op.create_index("ix_certificate_issues_office_year_seq", "certificate_issues",
                    ["office_code", "year", "seq"])


def upgrade() -> None:
    _accounts()
    _case_tables()
    _decisions()


def downgrade() -> None:
    for table in ("certificate_issues", "case_decisions", "commission_acts", "case_events",
                  "case_states", "accounts"):
        op.drop_table(table)
