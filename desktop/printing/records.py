"""The facts a printed document needs beyond the Application: plain frozen values.

The case workflow (registration, intake refusal, decision, certificate, transfer between
offices) produces these; the printing layer only reads them. Text that an office writes in
both languages (its name, an employee's position, a refusal ground) is a ``Wording``: a
``LocalizedText`` with both languages, a ``Text`` message rendered through gettext, or a
plain ``str`` printed as it is in either language. Money is in integer tiyn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.model import Application
from desktop.domain.quarters import Quarter
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText

Wording = LocalizedText | Text | str


@dataclass(frozen=True, slots=True)
class Staff:
    """A person who signs: full name as printed, and position (должность / лауазымы)."""

    name: str
    position: Wording = ""


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    """An office as it prints on paper: the district department or the akimat.

    ``area`` is the addressee line "(населенный пункт, район, область)" of the application.
    """

    name: Wording
    address: Wording = ""
    phone: str = ""
    area: Wording = ""
    code: str = ""  # registration-number prefix, e.g. "AKT-05"


@dataclass(frozen=True, slots=True)
class Registration:
    """What registration adds to an application: the coupon and the acceptance block."""

    number: str  # AKT-05-2026-000123
    registered_at: dt.datetime
    due_date: dt.date  # date the result is due (дата получения государственной услуги)
    accepted_by: Staff
    office: OfficeInfo
    documents_count: int  # "с прилагаемыми документами в количестве ___ штук"
    family_number: str = ""  # регистрационный номер семьи; the registration number if empty

    @property
    def family_registration_number(self) -> str:
        return self.family_number or self.number


class DocumentProblem(StrEnum):
    """Why a document makes the desk refuse to accept the package (process.md §9)."""

    MISSING = "missing"  # неполный пакет документов (2015)
    EXPIRED = "expired"  # қолданылу мерзімі өткен құжаттар (2018)


@dataclass(frozen=True, slots=True)
class RefusedDocument:
    """One line of the refusal slip: a document's official name and what is wrong with it."""

    name: Wording
    problem: DocumentProblem = DocumentProblem.MISSING
    expired_on: dt.date | None = None  # for EXPIRED: the date the validity ended


@dataclass(frozen=True, slots=True)
class IntakeRefusal:
    """The refusal to accept documents (расписка об отказе в приеме документов).

    ``state_corporation_department`` is set when a ЦОН department refuses: the slip then
    keeps the ЦОН wording of the 2015 form ("отдел № __ филиала РГП ..."); otherwise the
    office's own name stands in that place.
    """

    office: OfficeInfo
    documents: tuple[RefusedDocument, ...]
    employee: Staff
    date: dt.date
    executor: Staff | None = None
    executor_phone: str = ""
    service: Wording = ""  # the service name; the АСП service if empty
    state_corporation_department: str = ""
    number: str = ""


class DecisionKind(StrEnum):
    ASSIGNMENT = "assignment"  # уведомление о назначении / тағайындау туралы хабарлама
    REFUSAL = "refusal"  # мотивированный отказ / дәлелді бас тарту


@dataclass(frozen=True, slots=True)
class RefusalGround:
    """One ground of a refusal, quoting the law, and the legal reference it quotes."""

    text: Wording
    reference: Wording = ""


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision on an application, for the notification signed by the head."""

    kind: DecisionKind
    number: str
    date: dt.date
    office: OfficeInfo
    head: Staff
    executor: Staff | None = None
    assistance_kind: Wording = ""  # АӘК түрі / вид АСП
    monthly_amount: int = 0  # tiyn per month, the whole family
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    grounds: tuple[RefusalGround, ...] = ()
    legal_basis: Wording = ""  # the article the assignment rests on
    rule_set_id: str = ""  # the regime that decided: it names the refusal (wording.py)


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """The certificate that the applicant (family) does or does not receive АСП."""

    number: str
    date: dt.date
    belongs: bool
    quarter: Quarter  # the quarter asked about in the certificate application
    office: OfficeInfo
    head: Staff
    executor: Staff | None = None
    period_start: dt.date | None = None  # the assignment period found, if belongs
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One line of the applications journal: an application, its registration, its state."""

    application: Application
    registration: Registration
    status: Wording = ""
    result: Wording = ""  # e.g. "assigned 12 345,00 ₸" or "refused", once decided


@dataclass(frozen=True, slots=True)
class TransferItem:
    """One application handed over in a transfer batch, with its sheet count."""

    application: Application
    registration: Registration
    sheets: int
    note: Wording = ""


@dataclass(frozen=True, slots=True)
class TransferBatch:
    """A реестр передаваемых документов: one batch from an akimat (or ЦОН) to the district."""

    number: str
    sender: OfficeInfo
    receiver: OfficeInfo
    sent_on: dt.date
    sent_by: Staff
    items: tuple[TransferItem, ...]
    received_on: dt.date | None = None
    received_by: Staff | None = None
