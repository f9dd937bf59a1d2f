"""One application (the family file): the application, its members, incomes, farm, documents.

Columns mirror ``desktop.domain.model`` (the union of the 2015 forms, forms.md §1–§4); enum
values are stored as their stable strings. The ``applicant_*`` journal columns (name, IIN,
family size, search and sort keys) are copies kept in step by ``desktop.storage.mapping`` so the
main window's journal reads one table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.domain import model as m
from desktop.domain.case_status import CaseStatus
from desktop.storage.base import Base, Synced, UTCDateTime
from desktop.storage.checks import IBAN, IIN, OFFICE_CODE, QUARTER, between, choice

_S = String(200)
JOURNAL_INDEX_COLUMNS = ("registered_on", "due_date", "family_size", "channel", "status",
                         "applicant_sort", "registration_number", "applicant_iin",
                         "applicant_fold", "service")


class ApplicationRecord(Synced, Base):
    __tablename__ = "applications"

    # the receiving office, as printed on the application (domain ``Office``)
    office_id: Mapped[str | None] = mapped_column(ForeignKey("offices.id"), index=True)
    office_code: Mapped[str] = mapped_column(String(12), default="", info=OFFICE_CODE)
    office_region: Mapped[str] = mapped_column(_S, default="")
    office_district: Mapped[str] = mapped_column(_S, default="")
    office_locality: Mapped[str] = mapped_column(_S, default="")
    office_name: Mapped[str] = mapped_column(String(500), default="")

    application_date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(24), info=choice(m.Channel))
    # the service of the catalogue (forms/services/<code>); rows before revision 0013 are АСП
    service: Mapped[str] = mapped_column(String(40), default="asp", server_default="asp")
    # the service's own data (Application.details) as JSON text; "{}" for АСП
    service_details: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    status: Mapped[str] = mapped_column(String(32), default="draft", info=choice(CaseStatus))

    registration_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    registration_year: Mapped[int | None] = mapped_column(Integer)
    registration_seq: Mapped[int | None] = mapped_column(Integer, index=True)
    family_registration_number: Mapped[str] = mapped_column(String(40), default="")
    registered_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    registered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    registered_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)

    # applicant's header block (domain ``Applicant``); name and IIN live in the member row
    applicant_member_id: Mapped[str | None] = mapped_column(String(36))
    applicant_region: Mapped[str] = mapped_column(_S, default="")
    applicant_district: Mapped[str] = mapped_column(_S, default="")
    applicant_locality: Mapped[str] = mapped_column(_S, default="")
    applicant_street: Mapped[str] = mapped_column(_S, default="")
    applicant_house: Mapped[str] = mapped_column(String(40), default="")
    applicant_flat: Mapped[str] = mapped_column(String(40), default="")
    applicant_phone: Mapped[str] = mapped_column(String(100), default="")
    applicant_occupation: Mapped[str] = mapped_column(_S, default="")
    id_doc_kind: Mapped[str | None] = mapped_column(  # NULL: no document given
        String(32), info=choice(m.IdentityDocumentKind))
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    id_doc_series: Mapped[str] = mapped_column(String(20), default="")
    id_doc_issuer: Mapped[str] = mapped_column(_S, default="")
    id_doc_issue_date: Mapped[dt.date | None] = mapped_column(Date)
    id_doc_expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    bank_name: Mapped[str | None] = mapped_column(_S)  # NULL: no bank account given
    bank_iban: Mapped[str] = mapped_column(String(34), default="", info=IBAN)
    bank_account_type: Mapped[str] = mapped_column(String(16), default="card",
                                                   info=choice(m.AccountType))

    consent_personal_data: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_income_reconciliation: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_protected_information: Mapped[bool] = mapped_column(Boolean, default=False)

    # the district commission's conclusion (NULL survey fields + recorded=False: none yet)
    commission_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    commission_survey_date: Mapped[dt.date | None] = mapped_column(Date)
    commission_survey_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    commission_need_confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    commission_no_need_criteria: Mapped[str] = mapped_column(
        String(400), default="", info=choice(m.NoNeedCriterion, listed=True))
    commission_note: Mapped[str] = mapped_column(Text, default="")

    # journal copies (revision 0001) and search keys (revisions 0003 and 0014;
    # desktop.storage.textkeys): ``applicant_search`` is kept in step for desks of earlier
    # versions, the journal searches ``applicant_fold`` (either spelling of a name)
    applicant_name: Mapped[str] = mapped_column(String(300), default="")
    applicant_iin: Mapped[str] = mapped_column(String(12), default="", info=IIN)
    family_size: Mapped[int] = mapped_column(Integer, default=0)
    applicant_search: Mapped[str] = mapped_column(String(300), default="")
    applicant_sort: Mapped[str] = mapped_column(String(300), default="")
    applicant_fold: Mapped[str] = mapped_column(String(300), default="")

    members: Mapped[list[MemberRecord]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        order_by="MemberRecord.position",
    )
    incomes: Mapped[list[IncomeRecord]] = relationship(
        cascade="all, delete-orphan", order_by="IncomeRecord.position"
    )
    livestock: Mapped[list[LivestockRecord]] = relationship(
        cascade="all, delete-orphan", order_by="LivestockRecord.position"
    )
    land: Mapped[list[LandRecord]] = relationship(
        cascade="all, delete-orphan", order_by="LandRecord.position"
    )
    documents: Mapped[list[DocumentRecord]] = relationship(
        cascade="all, delete-orphan", order_by="DocumentRecord.position"
    )
    prior_events: Mapped[list[PriorEventRecord]] = relationship(
        cascade="all, delete-orphan", order_by="PriorEventRecord.position"
    )
    representative: Mapped[RepresentativeRecord | None] = relationship(
        cascade="all, delete-orphan", uselist=False
    )
    journal: Mapped[list[JournalEntryRecord]] = relationship(
        cascade="all, delete-orphan", order_by="JournalEntryRecord.at"
    )

    __table_args__ = (
        # journal search: the searched column first, then every journal sort column, so that
        # matches are filtered and sorted inside the index (revisions 0005, 0013 and 0014)
        *(
            Index(name, lead, *(c for c in JOURNAL_INDEX_COLUMNS if c != lead))
            for name, lead in (
                ("ix_applications_journal_by_fold", "applicant_fold"),
                ("ix_applications_journal_by_iin", "applicant_iin"),
                ("ix_applications_journal_by_number", "registration_number"),
            )
        ),
        Index("ix_applications_applicant_sort", "applicant_sort"),
        Index("ix_applications_family_size", "family_size"),
        Index("ix_applications_channel", "channel"),
        Index("ix_applications_status", "status"),
        Index("ix_applications_office_year_seq", "office_code", "registration_year",
              "registration_seq"),
        # the journal's service filter and the reports by service, its sort (revision 0013)
        Index("ix_applications_service_registered", "service", "registered_on"),
        Index("ix_applications_service", "service"),
    )


def _application_fk() -> Mapped[str]:
    return mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)


class RepresentativeRecord(Synced, Base):
    """Представитель по нотариально заверенной доверенности."""

    __tablename__ = "representatives"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    surname: Mapped[str] = mapped_column(_S)
    first_name: Mapped[str] = mapped_column(_S, default="")
    patronymic: Mapped[str] = mapped_column(_S, default="")
    iin: Mapped[str] = mapped_column(String(12), default="", info=IIN)
    id_doc_kind: Mapped[str | None] = mapped_column(String(32),
                                                    info=choice(m.IdentityDocumentKind))
    id_doc_number: Mapped[str] = mapped_column(String(40), default="")
    id_doc_series: Mapped[str] = mapped_column(String(20), default="")
    id_doc_issuer: Mapped[str] = mapped_column(_S, default="")
    id_doc_issue_date: Mapped[dt.date | None] = mapped_column(Date)
    id_doc_expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(100), default="")
    poa_number: Mapped[str] = mapped_column(String(60), default="")
    poa_date: Mapped[dt.date | None] = mapped_column(Date)
    poa_notary: Mapped[str] = mapped_column(_S, default="")
    poa_valid_until: Mapped[dt.date | None] = mapped_column(Date)


class MemberRecord(Synced, Base):
    """A row of the family sheet; ``id`` is the domain ``member_id``."""

    __tablename__ = "members"

    application_id: Mapped[str] = _application_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    surname: Mapped[str] = mapped_column(_S)
    first_name: Mapped[str] = mapped_column(_S, default="")
    patronymic: Mapped[str] = mapped_column(_S, default="")
    relationship_: Mapped[str] = mapped_column("relationship", String(24),
                                               info=choice(m.Relationship))
    iin: Mapped[str] = mapped_column(String(12), default="", index=True, info=IIN)
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(8), info=choice(m.Sex))
    # addresses: all six columns NULL means "no address given"
    reg_region: Mapped[str | None] = mapped_column(_S)
    reg_district: Mapped[str | None] = mapped_column(_S)
    reg_locality: Mapped[str | None] = mapped_column(_S)
    reg_street: Mapped[str | None] = mapped_column(_S)
    reg_house: Mapped[str | None] = mapped_column(String(40))
    reg_flat: Mapped[str | None] = mapped_column(String(40))
    act_region: Mapped[str | None] = mapped_column(_S)
    act_district: Mapped[str | None] = mapped_column(_S)
    act_locality: Mapped[str | None] = mapped_column(_S)
    act_street: Mapped[str | None] = mapped_column(_S)
    act_house: Mapped[str | None] = mapped_column(String(40))
    act_flat: Mapped[str | None] = mapped_column(String(40))
    residence_status: Mapped[str] = mapped_column(String(24), default="citizen",
                                                  info=choice(m.ResidenceStatus))
    disability: Mapped[str | None] = mapped_column(String(8), info=choice(m.DisabilityGroup))
    statuses: Mapped[str] = mapped_column(  # sorted, comma-separated
        String(400), default="", info=choice(m.MemberStatus, listed=True))
    excluded: Mapped[str | None] = mapped_column(String(32), info=choice(m.ExclusionReason))
    absence: Mapped[str | None] = mapped_column(String(32), info=choice(m.AbsenceReason))
    place_of_work_or_study: Mapped[str] = mapped_column(String(300), default="")
    unemployment_certificate: Mapped[str] = mapped_column(String(200), default="")
    # «surname first-name patronymic» as desktop.domain.spelling.spelling_key folds it: the
    # certificate's search by name (revision 0014; made at each desk, never synced)
    name_fold: Mapped[str] = mapped_column(String(600), default="", index=True)

    application: Mapped[ApplicationRecord] = relationship(back_populates="members")


class IncomeRecord(Synced, Base):
    """One amount (tiyn) of one member in one quarter or month of it."""

    __tablename__ = "incomes"

    application_id: Mapped[str] = _application_fk()
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(32), info=choice(m.IncomeKind))
    amount: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[str] = mapped_column(String(7), info=QUARTER)  # "2026-Q1"
    evidence: Mapped[str] = mapped_column(String(16), default="documented",
                                          info=choice(m.IncomeEvidence))
    source: Mapped[str] = mapped_column(String(40), default="general",
                                        info=choice(m.IncomeSource))
    month: Mapped[int | None] = mapped_column(Integer, info=between(1, 12))
    payer: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    # declared so that the unit of work writes members before the incomes that refer to them
    member: Mapped[MemberRecord] = relationship(lazy="raise")


class LivestockRecord(Synced, Base):
    """Домашние животные: kind and sex, age, heads (farm sheet)."""

    __tablename__ = "livestock_holdings"

    application_id: Mapped[str] = _application_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(24), info=choice(m.LivestockKind))
    heads: Mapped[int] = mapped_column(Integer)
    age_years: Mapped[int] = mapped_column(Integer, default=0)
    working_animal: Mapped[bool] = mapped_column(Boolean, default=False)


class LandRecord(Synced, Base):
    """Объект личного подсобного хозяйства: land and shares (farm sheet)."""

    __tablename__ = "land_holdings"

    application_id: Mapped[str] = _application_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(32), info=choice(m.LandKind))
    area_m2: Mapped[int] = mapped_column(Integer, default=0)
    year_issued: Mapped[int | None] = mapped_column(Integer)


class DocumentRecord(Synced, Base):
    """A document presented with the application."""

    __tablename__ = "presented_documents"

    application_id: Mapped[str] = _application_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(32), info=choice(m.DocumentKind))
    member_id: Mapped[str | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    number: Mapped[str] = mapped_column(String(60), default="")
    issue_date: Mapped[dt.date | None] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    original_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    copy_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    sheets: Mapped[int] = mapped_column(Integer, default=1)
    from_state_systems: Mapped[bool] = mapped_column(Boolean, default=False)

    member: Mapped[MemberRecord | None] = relationship(lazy="raise")


class PriorEventRecord(Synced, Base):
    """An earlier event that bars АСП for six months."""

    __tablename__ = "prior_events"

    application_id: Mapped[str] = _application_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(40), info=choice(m.PriorEventKind))
    date: Mapped[dt.date] = mapped_column(Date)
    member_id: Mapped[str] = mapped_column(String(36), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class JournalEntryRecord(Synced, Base):
    """One step of an application's way (status change with time and staff), process.md §8."""

    __tablename__ = "journal_entries"

    application_id: Mapped[str] = _application_fk()
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(32), info=choice(CaseStatus))
    previous_status: Mapped[str | None] = mapped_column(String(32), info=choice(CaseStatus))
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
