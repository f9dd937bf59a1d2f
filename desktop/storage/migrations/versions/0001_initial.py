"""Initial schema: offices, staff, applications and their parts, journal, audit log, settings.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22

Written out in full (not ``metadata.create_all``) so that later changes to the models never
change what this revision creates. Times are naive UTC ``DATETIME`` text.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

TABLES = (
    "presented_documents",
    "incomes",
    "representatives",
    "prior_events",
    "members",
    "livestock_holdings",
    "land_holdings",
    "journal_entries",
    "applications",
    "staff",
    "settings",
    "offices",
    "audit_log",
)


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('node', sa.String(length=64), nullable=False),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('record_id', sa.String(length=64), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_log_hash')),
    sa.UniqueConstraint('id', name=op.f('uq_audit_log_id')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_log_prev_hash'))
    )
    op.create_index('ix_audit_log_record_id', 'audit_log', ['record_id'], unique=False)

    op.create_table('offices',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=200), nullable=False),
    sa.Column('locality', sa.String(length=200), nullable=False),
    sa.Column('name_kk', sa.String(length=500), nullable=False),
    sa.Column('name_ru', sa.String(length=500), nullable=False),
    sa.Column('address_kk', sa.String(length=500), nullable=False),
    sa.Column('address_ru', sa.String(length=500), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('code', name=op.f('uq_offices_code'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('staff',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_staff_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    op.create_index('ix_staff_office_id', 'staff', ['office_id'], unique=False)

    op.create_table('applications',
    sa.Column('office_id', sa.String(length=36), nullable=True),
    sa.Column('office_code', sa.String(length=12), nullable=False),
    sa.Column('office_region', sa.String(length=200), nullable=False),
    sa.Column('office_district', sa.String(length=200), nullable=False),
    sa.Column('office_locality', sa.String(length=200), nullable=False),
    sa.Column('office_name', sa.String(length=500), nullable=False),
    sa.Column('application_date', sa.Date(), nullable=False),
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('registration_number', sa.String(length=40), nullable=True),
    sa.Column('registration_year', sa.Integer(), nullable=True),
    sa.Column('registration_seq', sa.Integer(), nullable=True),
    sa.Column('family_registration_number', sa.String(length=40), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('registered_at', sa.DateTime(), nullable=True),
    sa.Column('registered_by', sa.String(length=36), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('applicant_member_id', sa.String(length=36), nullable=True),
    sa.Column('applicant_region', sa.String(length=200), nullable=False),
    sa.Column('applicant_district', sa.String(length=200), nullable=False),
    sa.Column('applicant_locality', sa.String(length=200), nullable=False),
    sa.Column('applicant_street', sa.String(length=200), nullable=False),
    sa.Column('applicant_house', sa.String(length=40), nullable=False),
    sa.Column('applicant_flat', sa.String(length=40), nullable=False),
    sa.Column('applicant_phone', sa.String(length=100), nullable=False),
    sa.Column('applicant_occupation', sa.String(length=200), nullable=False),
    sa.Column('id_doc_kind', sa.String(length=32), nullable=True),
    sa.Column('id_doc_number', sa.String(length=40), nullable=False),
    sa.Column('id_doc_series', sa.String(length=20), nullable=False),
    sa.Column('id_doc_issuer', sa.String(length=200), nullable=False),
    sa.Column('id_doc_issue_date', sa.Date(), nullable=True),
    sa.Column('id_doc_expiry_date', sa.Date(), nullable=True),
    sa.Column('bank_name', sa.String(length=200), nullable=True),
    sa.Column('bank_iban', sa.String(length=34), nullable=False),
    sa.Column('bank_account_type', sa.String(length=16), nullable=False),
    sa.Column('consent_personal_data', sa.Boolean(), nullable=False),
    sa.Column('consent_income_reconciliation', sa.Boolean(), nullable=False),
    sa.Column('consent_protected_information', sa.Boolean(), nullable=False),
    sa.Column('commission_recorded', sa.Boolean(), nullable=False),
    sa.Column('commission_survey_date', sa.Date(), nullable=True),
    sa.Column('commission_survey_refused', sa.Boolean(), nullable=False),
    sa.Column('commission_need_confirmed', sa.Boolean(), nullable=False),
    sa.Column('commission_no_need_criteria', sa.String(length=400), nullable=False),
    sa.Column('commission_note', sa.Text(), nullable=False),
    sa.Column('applicant_name', sa.String(length=300), nullable=False),
    sa.Column('applicant_iin', sa.String(length=12), nullable=False),
    sa.Column('family_size', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_applications_office_id_offices')),
    sa.ForeignKeyConstraint(['registered_by'], ['staff.id'], name=op.f('fk_applications_registered_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('registration_number', name=op.f('uq_applications_registration_number'))
    )
    op.create_index('ix_applications_due_date', 'applications', ['due_date'], unique=False)
    op.create_index('ix_applications_office_id', 'applications', ['office_id'], unique=False)
    op.create_index('ix_applications_office_year_seq', 'applications', ['office_code', 'registration_year', 'registration_seq'], unique=False)
    op.create_index('ix_applications_registered_on', 'applications', ['registered_on'], unique=False)
    op.create_index('ix_applications_registration_seq', 'applications', ['registration_seq'], unique=False)

    op.create_table('journal_entries',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('previous_status', sa.String(length=32), nullable=True),
    sa.Column('staff_id', sa.String(length=36), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_journal_entries_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_journal_entries_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries'))
    )
    op.create_index('ix_journal_entries_application_id', 'journal_entries', ['application_id'], unique=False)
    op.create_index('ix_journal_entries_staff_id', 'journal_entries', ['staff_id'], unique=False)

    op.create_table('land_holdings',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('area_m2', sa.Integer(), nullable=False),
    sa.Column('year_issued', sa.Integer(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_land_holdings_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_land_holdings'))
    )
    op.create_index('ix_land_holdings_application_id', 'land_holdings', ['application_id'], unique=False)

    op.create_table('livestock_holdings',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('heads', sa.Integer(), nullable=False),
    sa.Column('age_years', sa.Integer(), nullable=False),
    sa.Column('working_animal', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_livestock_holdings_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_livestock_holdings'))
    )
    op.create_index('ix_livestock_holdings_application_id', 'livestock_holdings', ['application_id'], unique=False)

    op.create_table('members',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('surname', sa.String(length=200), nullable=False),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('patronymic', sa.String(length=200), nullable=False),
    sa.Column('relationship', sa.String(length=24), nullable=False),
    sa.Column('iin', sa.String(length=12), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=8), nullable=True),
    sa.Column('reg_region', sa.String(length=200), nullable=True),
    sa.Column('reg_district', sa.String(length=200), nullable=True),
    sa.Column('reg_locality', sa.String(length=200), nullable=True),
    sa.Column('reg_street', sa.String(length=200), nullable=True),
    sa.Column('reg_house', sa.String(length=40), nullable=True),
    sa.Column('reg_flat', sa.String(length=40), nullable=True),
    sa.Column('act_region', sa.String(length=200), nullable=True),
    sa.Column('act_district', sa.String(length=200), nullable=True),
    sa.Column('act_locality', sa.String(length=200), nullable=True),
    sa.Column('act_street', sa.String(length=200), nullable=True),
    sa.Column('act_house', sa.String(length=40), nullable=True),
    sa.Column('act_flat', sa.String(length=40), nullable=True),
    sa.Column('residence_status', sa.String(length=24), nullable=False),
    sa.Column('disability', sa.String(length=8), nullable=True),
    sa.Column('statuses', sa.String(length=400), nullable=False),
    sa.Column('excluded', sa.String(length=32), nullable=True),
    sa.Column('absence', sa.String(length=32), nullable=True),
    sa.Column('place_of_work_or_study', sa.String(length=300), nullable=False),
    sa.Column('unemployment_certificate', sa.String(length=200), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_members_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members'))
    )
    op.create_index('ix_members_application_id', 'members', ['application_id'], unique=False)
    op.create_index('ix_members_iin', 'members', ['iin'], unique=False)

    op.create_table('prior_events',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_prior_events_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prior_events'))
    )
    op.create_index('ix_prior_events_application_id', 'prior_events', ['application_id'], unique=False)

    op.create_table('representatives',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('surname', sa.String(length=200), nullable=False),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('patronymic', sa.String(length=200), nullable=False),
    sa.Column('iin', sa.String(length=12), nullable=False),
    sa.Column('id_doc_kind', sa.String(length=32), nullable=True),
    sa.Column('id_doc_number', sa.String(length=40), nullable=False),
    sa.Column('id_doc_series', sa.String(length=20), nullable=False),
    sa.Column('id_doc_issuer', sa.String(length=200), nullable=False),
    sa.Column('id_doc_issue_date', sa.Date(), nullable=True),
    sa.Column('id_doc_expiry_date', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('poa_number', sa.String(length=60), nullable=False),
    sa.Column('poa_date', sa.Date(), nullable=True),
    sa.Column('poa_notary', sa.String(length=200), nullable=False),
    sa.Column('poa_valid_until', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_representatives_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_representatives')),
    sa.UniqueConstraint('application_id', name=op.f('uq_representatives_application_id'))
    )
    op.create_table('incomes',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('evidence', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('payer', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_incomes_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_incomes_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incomes'))
    )
    op.create_index('ix_incomes_application_id', 'incomes', ['application_id'], unique=False)
    op.create_index('ix_incomes_member_id', 'incomes', ['member_id'], unique=False)

    op.create_table('presented_documents',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('original_shown', sa.Boolean(), nullable=False),
    sa.Column('copy_taken', sa.Boolean(), nullable=False),
    sa.Column('sheets', sa.Integer(), nullable=False),
    sa.Column('from_state_systems', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('origin_node', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_presented_documents_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_presented_documents_member_id_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_presented_documents'))
    )
    op.create_index('ix_presented_documents_application_id', 'presented_documents', ['application_id'], unique=False)
    op.create_index('ix_presented_documents_member_id', 'presented_documents', ['member_id'], unique=False)

    # The audit log is append-only: the database itself refuses to change or delete a row.
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for table in TABLES:
        op.drop_table(table)
