"""The akimat's transfer registry (реестр передаваемых документов / тапсырылатын құжаттар
тізілімі): applications registered at the akimat wait here until the akim hands them to the
district office in a numbered, dated batch, printed in two copies (process.md §4.3 step C5).

Forming a batch: the batch number and date go on its registry lines, each application takes
the case path's step "send to the district office" (``CaseService``: only from a status that
allows it, ``case_status.can_move``, by a person whose role may), with its case event, journal
entry and audit row. The registry can be printed
again at any time; every print is logged, reprints are stamped as duplicates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_path import Action, ActionNotAllowedError, require_action
from desktop.domain.case_status import CaseStatus, can_move, status_label
from desktop.domain.text import Text
from desktop.formspec.model import LocalizedText
from desktop.printing.records import OfficeInfo, Staff, TransferBatch, TransferItem
from desktop.services.accounts import CurrentUser, workstation_user
from desktop.services.cases import CaseService, facts_of, state_of
from desktop.services.print_log import log_print, times_printed
from desktop.services.service_paths import case_path
from desktop.services.workstation import (
    acting_staff,
    current_office_and_staff,
    place_name,
    reference_offices,
)
from desktop.storage.database import Database
from desktop.storage.models import (
    ApplicationRecord,
    JournalEntryRecord,
    OfficeRecord,
    StaffRecord,
    TransferRecord,
)

__all__ = [
    "BatchSummary",
    "FormedBatch",
    "PendingTransfer",
    "TransferNotReadyError",
    "batches",
    "form_batch",
    "pending_transfers",
    "print_registry",
    "record_registry_print",
]

KIND = "transfer_registry"  # the audit action "print.transfer_registry"
TARGET = CaseStatus.SENT_TO_DISTRICT


class TransferNotReadyError(ValueError):
    """The batch cannot be formed; ``messages`` say why, for the user."""

    def __init__(self, messages: list[Text]) -> None:
        super().__init__("; ".join(m.msgid for m in messages))
        self.messages = messages


@dataclass(frozen=True, slots=True)
class PendingTransfer:
    """An application registered at this akimat that has not been sent yet."""

    application_id: str
    registration_number: str
    registered_on: dt.date
    applicant_name: str
    iin: str
    sheets: int
    status: str
    transfer_due: dt.date | None

    @property
    def ready(self) -> bool:
        """Its status allows sending it (e.g. the district commission has concluded)."""
        return can_move(CaseStatus(self.status), TARGET)


@dataclass(frozen=True, slots=True)
class FormedBatch:
    number: str
    sent_on: dt.date
    application_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BatchSummary:
    number: str
    sent_on: dt.date | None
    applications: int
    sheets: int


def _office(session: Session, db: Database) -> OfficeRecord:
    office_id, _staff = current_office_and_staff(db)
    office = session.get(OfficeRecord, office_id) if office_id else None
    if office is None:
        raise TransferNotReadyError([Text("Set up the workstation's office and operator "
                                          "first.")])
    return office


def pending_transfers(db: Database) -> list[PendingTransfer]:
    """This office's registry lines not in a batch yet, oldest registration first."""
    with db.session() as session:
        office = _office(session, db)
        rows = session.execute(
            select(TransferRecord.application_id, TransferRecord.registration_number,
                   TransferRecord.added_on, ApplicationRecord.applicant_name,
                   ApplicationRecord.applicant_iin, TransferRecord.sheets,
                   ApplicationRecord.status, TransferRecord.transfer_due)
            .join(ApplicationRecord, ApplicationRecord.id == TransferRecord.application_id)
            .where(TransferRecord.sender_office_code == office.code,
                   TransferRecord.batch_number == "")
            .order_by(TransferRecord.added_on, TransferRecord.registration_number)).all()
    return [PendingTransfer(*row) for row in rows]


def _next_number(session: Session, code: str, year: int) -> str:
    """``<office code>-<year>-T<sequence>``: unique per office, so offline akimats never
    collide, and readable on paper."""
    prefix = f"{code}-{year}-T"
    used = session.execute(select(TransferRecord.batch_number).where(
        TransferRecord.batch_number.startswith(prefix, autoescape=True)).distinct()
    ).scalars().all()
    numbers = [int(m.group(1)) for n in used if (m := re.fullmatch(r".*-T(\d+)", n))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def form_batch(db: Database, application_ids: list[str], *, today: dt.date | None = None,
               user: CurrentUser | None = None, cases: CaseService | None = None
               ) -> FormedBatch:
    """Number and date a batch of these pending applications and send each of them.

    Everything is checked first (the registry lines, and the case path's "send to the
    district office" step for ``user``, by default the workstation's operator); then each
    application takes that step through ``CaseService`` (status, case event, journal entry
    with the batch number, audit row), its registry line getting the batch number in the same
    transaction. One transaction per application, as every case step.
    """
    if not application_ids:
        raise TransferNotReadyError([Text("Select the applications to hand over.")])
    day = today or dt.date.today()
    user = user or workstation_user(db)
    if user is None:
        raise TransferNotReadyError([Text("Set up the workstation's office and operator "
                                          "first.")])
    ids = list(dict.fromkeys(application_ids))
    with db.session() as session:
        office = _office(session, db)
        lines = {line.application_id: line for line in session.execute(
            select(TransferRecord).where(TransferRecord.application_id.in_(ids))
        ).scalars()}
        problems: list[Text] = []
        for application_id in ids:
            line = lines.get(application_id)
            record = session.get(ApplicationRecord, application_id)
            if line is None or record is None or line.sender_office_code != office.code:
                problems.append(Text("An application is not in this akimat's registry."))
            elif line.batch_number:
                problems.append(Text("{number} is in batch {batch} already.",
                                     number=line.registration_number, batch=line.batch_number))
            elif not can_move(CaseStatus(record.status), TARGET):
                problems.append(Text("{number} cannot be sent yet: {status}.",
                                     number=line.registration_number,
                                     status=status_label(record.status)))
            else:
                try:
                    require_action(user.actor, Action.SEND_TO_DISTRICT,
                                   facts_of(record, state_of(session, record)),
                                   case_path(record.service))
                except ActionNotAllowedError as error:
                    problems.append(Text("{number} cannot be sent: {reason}",
                                         number=line.registration_number,
                                         reason=error.message))
        if problems:
            raise TransferNotReadyError(problems)
        number = _next_number(session, office.code, day.year)
        session.rollback()  # state rows made only for the check are not kept

    def put_in_batch(s: Session, record: ApplicationRecord, _state: object) -> dict[str, Any]:
        line = s.execute(select(TransferRecord).where(
            TransferRecord.application_id == record.id)).scalar_one()
        line.batch_number, line.sent_on = number, day
        return {"batch_number": ("", number)}

    cases = cases or CaseService(db)
    for application_id in ids:
        cases.step(user, application_id, Action.SEND_TO_DISTRICT, note=number,
                   apply=put_in_batch)
    return FormedBatch(number, day, tuple(ids))


def batches(db: Database) -> list[BatchSummary]:
    """This office's batches, the latest first."""
    from sqlalchemy import func

    with db.session() as session:
        office = _office(session, db)
        rows = session.execute(
            select(TransferRecord.batch_number, func.max(TransferRecord.sent_on),
                   func.count(), func.sum(TransferRecord.sheets))
            .where(TransferRecord.sender_office_code == office.code,
                   TransferRecord.batch_number != "")
            .group_by(TransferRecord.batch_number)
            .order_by(func.max(TransferRecord.sent_on).desc(),
                      TransferRecord.batch_number.desc())).all()
    return [BatchSummary(n, sent, count, int(sheets or 0)) for n, sent, count, sheets in rows]


def _info(office: OfficeRecord) -> OfficeInfo:
    return OfficeInfo(name=LocalizedText(office.name_kk or office.name_ru,
                                         office.name_ru or office.name_kk),
                      address=LocalizedText(office.address_kk, office.address_ru)
                      if office.address_kk or office.address_ru else "",
                      phone=office.phone, code=office.code)


def _district_office(office: OfficeRecord) -> OfficeInfo:
    """The district department of the akimat's district, from the reference list."""
    for ref in reference_offices():
        if (ref.kind, ref.region, ref.district) == ("district_office", office.region,
                                                     office.district):
            return OfficeInfo(name=LocalizedText(ref.name_kk, ref.name_ru),
                              address=LocalizedText(ref.address_kk, ref.address_ru),
                              phone=ref.phone)
    district = place_name(office.district)
    return OfficeInfo(name=LocalizedText(
        f"{district.kk}: жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
        f"Отдел занятости и социальных программ: {district.ru}"))


def batch_record(session: Session, db: Database, number: str) -> TransferBatch:
    """The registry of batch ``number`` as the printing layer takes it."""
    from desktop.services.printouts import registration_of
    from desktop.storage.repositories.applications import get_application

    office = _office(session, db)
    lines = session.execute(select(TransferRecord).where(
        TransferRecord.batch_number == number).order_by(TransferRecord.registration_number)
    ).scalars().all()
    if not lines:
        raise TransferNotReadyError([Text("There is no batch {number}.", number=number)])
    items = []
    for line in lines:
        app = get_application(session, line.application_id)
        record = session.get(ApplicationRecord, line.application_id)
        assert record is not None
        items.append(TransferItem(app, registration_of(session, record, app), line.sheets))
    sent = session.execute(
        select(JournalEntryRecord.staff_id).where(
            JournalEntryRecord.application_id == lines[0].application_id,
            JournalEntryRecord.status == TARGET.value, JournalEntryRecord.note == number)
        .limit(1)).scalar_one_or_none()
    staff = session.get(StaffRecord, sent) if sent else None
    sent_on = lines[0].sent_on
    assert sent_on is not None
    return TransferBatch(number=number, sender=_info(office), receiver=_district_office(office),
                         sent_on=sent_on,
                         sent_by=Staff(staff.full_name, staff.position) if staff else Staff(""),
                         items=tuple(items))


def print_registry(db: Database, number: str, lang: str, *, copies: int = 2,
                   log: bool = True, force_duplicate: bool = False) -> tuple[bytes, bool]:
    """The registry of batch ``number`` in ``copies`` copies (one for each office); logged.
    Returns the PDF and whether it is a duplicate (the batch's registry was printed before).
    ``log=False``: what the next print would be, for the print preview (which then logs
    what it printed through :func:`record_registry_print`)."""
    from reportlab.platypus import Flowable, PageBreak

    from desktop.printing import wording
    from desktop.printing.document import PageSetup, build_pdf
    from desktop.printing.transfer_registry import transfer_story

    staff_id = acting_staff(db)
    with db.session() as session:
        batch = batch_record(session, db, number)
        if log:
            duplicate = log_print(session, KIND, number, lang, actor_id=staff_id,
                                  node=db.node_id, force_duplicate=force_duplicate,
                                  table_name="transfer_registry")
        else:
            duplicate = force_duplicate or times_printed(session, KIND, number) > 0
        story: list[Flowable] = []
        for copy in range(copies):
            if copy:
                story.append(PageBreak())
            story += transfer_story(batch, lang)
        title = f"{wording.TRANSFER_REGISTRY.text(lang)} {number}"
        pdf = build_pdf(story, lang=lang, title=title, duplicate=duplicate,
                        setup=PageSetup(footer=title))
    return pdf, duplicate


def record_registry_print(db: Database, number: str, lang: str, *,
                          to_file: bool | None = None) -> bool:
    """Log a print of batch ``number``'s registry that the preview showed; True if a
    duplicate."""
    staff_id = acting_staff(db)
    with db.session() as session:
        batch_record(session, db, number)  # raises for a batch that does not exist
        return log_print(session, KIND, number, lang, actor_id=staff_id, node=db.node_id,
                         table_name="transfer_registry", to_file=to_file)
