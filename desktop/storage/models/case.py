"""The case after registration: its state, events, the commission's act, decisions, certificates.

The application itself stays immutable (``applications``); what happens to it afterwards is
written here, one row per step, so the district server and the akimat see the same history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain.assessment import AssistanceType
from desktop.domain.case_path import Action
from desktop.domain.case_status import CaseStatus
from desktop.domain.model import NoNeedCriterion
from desktop.storage.base import Base, Synced, UTCDateTime
from desktop.storage.checks import IIN, JSON_DOCUMENT, JSON_OBJECT, OFFICE_CODE, QUARTER, choice


def _application_fk(unique: bool = False) -> Mapped[str]:
    return mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=not unique,
                         unique=unique)


class CaseStateRecord(Synced, Base):
    """Where a registered case stands: the executor named, since when, the step's due date."""

    __tablename__ = "case_states"

    application_id: Mapped[str] = _application_fk(unique=True)
    status: Mapped[str] = mapped_column(String(32), info=choice(CaseStatus))
    status_since: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    step_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    executor_id: Mapped[str | None] = mapped_column(String(36))  # an account id
    executor_name: Mapped[str] = mapped_column(String(300), default="")
    assigned: Mapped[bool] = mapped_column(Boolean, default=False)  # the head assigned АСП


class CaseEventRecord(Synced, Base):
    """One step taken (or event recorded): who, when, from which status to which.

    ``data`` is JSON of the step's own facts (executor named, decision number ...); no IIN.
    """

    __tablename__ = "case_events"

    application_id: Mapped[str] = _application_fk()
    action: Mapped[str] = mapped_column(String(32), info=choice(Action))
    from_status: Mapped[str] = mapped_column(String(32), info=choice(CaseStatus))
    to_status: Mapped[str] = mapped_column(String(32), info=choice(CaseStatus))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    on_date: Mapped[dt.date] = mapped_column(Date)  # the working date the step is dated
    account_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(300), default="")
    office_code: Mapped[str] = mapped_column(String(12), default="", info=OFFICE_CODE)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="{}", info=JSON_OBJECT)


class CommissionActRecord(Synced, Base):
    """Акт обследования и заключение участковой комиссии / тексеру актісі және қорытынды."""

    __tablename__ = "commission_acts"

    application_id: Mapped[str] = _application_fk()
    act_number: Mapped[str] = mapped_column(String(40), default="")
    survey_date: Mapped[dt.date | None] = mapped_column(Date)
    survey_refused: Mapped[bool] = mapped_column(Boolean, default=False)
    need_confirmed: Mapped[bool] = mapped_column(Boolean, default=True)
    no_need_criteria: Mapped[str] = mapped_column(  # comma-separated
        String(400), default="", info=choice(NoNeedCriterion, listed=True))
    members_present: Mapped[str] = mapped_column(Text, default="")  # one name per line
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class DecisionRecord(Synced, Base):
    """A draft decision (the executor's calculation), the head's decision, or a recalculation.

    Amounts in tiyn. ``trace`` is the calculation's trace as JSON (figures and articles).
    """

    __tablename__ = "case_decisions"

    application_id: Mapped[str] = _application_fk()
    stage: Mapped[str] = mapped_column(String(16))  # draft | final | recalculation
    outcome: Mapped[str] = mapped_column(String(16))  # assigned | refused | terminated
    assistance_type: Mapped[str | None] = mapped_column(String(24),
                                                        info=choice(AssistanceType))
    monthly_amount: Mapped[int] = mapped_column(Integer, default=0)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    refusal_codes: Mapped[str] = mapped_column(String(400), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str] = mapped_column(String(48), default="")
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_by_name: Mapped[str] = mapped_column(String(300), default="")
    per_capita_income: Mapped[int] = mapped_column(Integer, default=0)
    # a calculation's trace ({"kk": [...], "ru": [...]}), or [] where there is none
    trace: Mapped[str] = mapped_column(Text, default="[]", info=JSON_DOCUMENT)

    __table_args__ = (Index("ix_case_decisions_stage_on", "stage", "decided_on"),)


class CertificateIssueRecord(Synced, Base):
    """One certificate of belonging (or not) to АСП recipients, as issued and printed."""

    __tablename__ = "certificate_issues"

    number: Mapped[str] = mapped_column(String(48), unique=True)
    office_code: Mapped[str] = mapped_column(String(12), info=OFFICE_CODE)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    iin: Mapped[str] = mapped_column(String(12), index=True, info=IIN)
    application_id: Mapped[str | None] = mapped_column(String(36))
    belongs: Mapped[bool] = mapped_column(Boolean)
    quarter: Mapped[str] = mapped_column(String(7), info=QUARTER)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str | None] = mapped_column(String(36))
    language: Mapped[str] = mapped_column(String(2))

    __table_args__ = (Index("ix_certificate_issues_office_year_seq", "office_code", "year",
                            "seq"),)
