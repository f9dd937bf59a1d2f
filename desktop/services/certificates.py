"""The certificate that a person (family) belongs, or not, to АСП recipients (seed 003).

Looked up by IIN in the database: a family member of an application whose head's decision
(as recalculated since) assigns assistance for a period covering the day belongs; a terminated
family belongs up to the termination date, a withdrawn application never. The certificate is
numbered per office and year, printed through ``desktop.printing.certificate`` and logged (who,
when, the IIN's answer, the language). The service passport allows 15 minutes at the office or
the akim.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.case_status import CaseStatus
from desktop.domain.iin import check_iin
from desktop.domain.model import (
    Address,
    Applicant,
    Application,
    Channel,
    FamilyMember,
    Office,
    PersonName,
    Relationship,
)
from desktop.domain.quarters import Quarter
from desktop.domain.roles import Permission, Role, parse_roles
from desktop.domain.text import Text
from desktop.printing.records import CertificateFacts, Staff
from desktop.services.accounts import CurrentUser
from desktop.services.case_decisions import _office, terms_on
from desktop.storage.audit import append_audit
from desktop.storage.base import utcnow
from desktop.storage.database import Database
from desktop.storage.models import (
    AccountRecord,
    ApplicationRecord,
    CertificateIssueRecord,
    MemberRecord,
)
from desktop.storage.repositories.applications import get_application
from desktop.storage.textkeys import prefix_upper_bound, spelling_key

__all__ = ["SERVICE_MINUTES", "CertificateError", "Issued", "Lookup", "Person", "find", "issue",
           "search_people"]

SERVICE_MINUTES = 15  # seed 003: at the provider or the akim
# A terminated family was a recipient up to the termination date (case_changes.py).
_LIVE = (CaseStatus.ASSIGNED.value, CaseStatus.SENT_TO_AKIM.value, CaseStatus.DELIVERED.value,
         CaseStatus.TERMINATED.value)


class CertificateError(ValueError):
    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


@dataclass(frozen=True)
class Lookup:
    iin: str
    name: str  # as in the family file; empty when the IIN is in no application
    belongs: bool
    application_id: str | None  # the recipient family's, or the latest family file
    registration_number: str = ""
    monthly_amount: int = 0
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True)
class Issued:
    number: str
    belongs: bool
    pdf: bytes


def _check(iin: str) -> str:
    iin = iin.strip()
    checked = check_iin(iin)
    if not checked.valid:
        raise CertificateError(checked.issues[0].message)
    return iin


def _find(s: Session, iin: str, day: dt.date) -> Lookup:
    rows = s.execute(
        select(MemberRecord, ApplicationRecord).join(
            ApplicationRecord, ApplicationRecord.id == MemberRecord.application_id)
        .where(MemberRecord.iin == iin).order_by(ApplicationRecord.application_date.desc())
    ).all()
    if not rows:
        return Lookup(iin, "", False, None)
    for member, app in rows:
        if app.status not in _LIVE:
            continue
        terms = terms_on(s, app.id, day)
        if terms is not None:
            return Lookup(iin, _name(member), True, app.id, app.registration_number or "",
                          terms.monthly_amount, terms.period_start, terms.period_end)
    member, app = rows[0]
    return Lookup(iin, _name(member), False, app.id, app.registration_number or "")


@dataclass(frozen=True)
class Person:
    """A person the journal knows, found by name: whom a certificate may be asked for."""

    iin: str
    name: str
    birth_date: dt.date | None
    registration_number: str  # of the latest application naming the person


def search_people(db: Database, typed: str, limit: int = 20) -> list[Person]:
    """People of the applications' families whose name (surname first) starts with
    ``typed``, in either spelling of a Kazakh name; one line per IIN, by name, at most
    ``limit`` (a range on ``members.name_fold``, revision 0014)."""
    key = spelling_key(typed)
    if not key:
        return []
    with db.session() as s:
        rows = s.execute(
            select(MemberRecord.iin, MemberRecord.surname, MemberRecord.first_name,
                   MemberRecord.patronymic, MemberRecord.birth_date,
                   ApplicationRecord.registration_number)
            .join(ApplicationRecord, ApplicationRecord.id == MemberRecord.application_id)
            .where(MemberRecord.name_fold >= key,
                   MemberRecord.name_fold < prefix_upper_bound(key), MemberRecord.iin != "")
            .order_by(MemberRecord.name_fold, ApplicationRecord.application_date.desc())
            .limit(limit * 4)
        ).all()
    people: dict[str, Person] = {}
    for iin, surname, first_name, patronymic, birth, number in rows:
        if iin not in people and len(people) < limit:
            name = " ".join(p for p in (surname, first_name, patronymic) if p)
            people[iin] = Person(iin, name, birth, number or "")
    return list(people.values())


def _name(member: MemberRecord) -> str:
    return " ".join(p for p in (member.surname, member.first_name, member.patronymic) if p)


def find(db: Database, iin: str, day: dt.date) -> Lookup:
    """Whether the person with ``iin`` belongs to АСП recipients on ``day``."""
    iin = _check(iin)
    with db.session() as s:
        return _find(s, iin, day)


def _subject(s: Session, lookup: Lookup, name: PersonName, address: Address,
             day: dt.date) -> Application:
    """The application the certificate names: the person's own row as the addressee."""
    if lookup.application_id:
        app = get_application(s, lookup.application_id)
        member = next((m for m in app.members if m.iin == lookup.iin), app.applicant_member)
        return dataclasses.replace(app, applicant=dataclasses.replace(
            app.applicant, member_id=member.member_id))
    person = FamilyMember("person", name, Relationship.APPLICANT, iin=lookup.iin)
    return Application(day, Channel.DISTRICT_OFFICE, Office("", "", "", "", ""),
                       Applicant("person", address), (person,))


def _head(s: Session, user: CurrentUser) -> Staff:
    for account in s.scalars(select(AccountRecord).where(
            AccountRecord.office_id == user.office_id, AccountRecord.active.is_(True))):
        if Role.HEAD in parse_roles(account.roles):
            return Staff(account.full_name, account.position)
    return Staff(user.full_name, user.position)


def _not_issued_just_now(s: Session, user: CurrentUser, iin: str, now: dt.datetime) -> None:
    """One request, one certificate: the same person issuing for the same IIN again within
    the service time (a double click, Print pressed twice) is told the number issued."""
    c = CertificateIssueRecord
    earlier = s.scalars(select(c).where(
        c.iin == iin, c.issued_by == user.actor_id,
        c.issued_at > now - dt.timedelta(minutes=SERVICE_MINUTES)).order_by(
        c.issued_at.desc()).limit(1)).first()
    if earlier is not None:
        raise CertificateError(Text(
            "Certificate {number} was issued for this IIN at {time} already; print it again "
            "from its window.", number=earlier.number,
            time=earlier.issued_at.astimezone().strftime("%H:%M")))


def issue(db: Database, user: CurrentUser, iin: str, lang: str, *,
          name: PersonName | None = None, address: Address | None = None,
          now: dt.datetime | None = None) -> Issued:
    """Number, print and log the certificate; a person in no application needs ``name``."""
    from desktop.printing.certificate import render_certificate

    if not user.can(Permission.ISSUE_CERTIFICATES):
        raise CertificateError(Text("Your role does not allow issuing certificates."))
    iin = _check(iin)
    now = now or utcnow()
    day = now.astimezone().date()
    with db.session() as s:
        _not_issued_just_now(s, user, iin, now)
        lookup = _find(s, iin, day)
        if lookup.application_id is None and (name is None or not name.surname.strip()):
            raise CertificateError(Text(
                "The IIN is in no application: enter the person's name for the certificate."))
        app = _subject(s, lookup, name or PersonName("", ""), address or Address(), day)
        seq = 1 + (s.scalar(select(func.max(CertificateIssueRecord.seq)).where(
            CertificateIssueRecord.office_code == user.office_code,
            CertificateIssueRecord.year == day.year)) or 0)
        number = f"{user.office_code}-{day.year}-C{seq:05d}"
        facts = CertificateFacts(number, day, lookup.belongs, Quarter.of(day), _office(s, user),
                                 _head(s, user), Staff(user.full_name, user.position),
                                 lookup.period_start, lookup.period_end)
        pdf = render_certificate(app, facts, lang)
        row = CertificateIssueRecord(
            number=number, office_code=user.office_code, year=day.year, seq=seq, iin=iin,
            application_id=lookup.application_id, belongs=lookup.belongs,
            quarter=str(Quarter.of(day)), issued_on=day, issued_at=now,
            issued_by=user.actor_id, language=lang, origin_node=db.node_id or None)
        s.add(row)
        s.flush()
        append_audit(s, action="certificate.issue", table_name="certificate_issues",
                     record_id=row.id, actor_id=user.actor_id, node=db.node_id,
                     changes={"belongs": (None, lookup.belongs), "language": (None, lang)})
    return Issued(number, lookup.belongs, pdf)
