"""``komek print DOCUMENT REGISTRATION_NUMBER --out FILE.pdf``: print a stored application.

Documents: the application with its coupon, the coupon alone, the family, income and farm
sheets, the calculation (assessed now with the installed parameters) and the whole packet.
Exit codes: 0 the PDF is written; 2 no application has that registration number, or it is
not registered yet; 3 a parameter the calculation needs is missing; 4 the file cannot be
written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import i18n
from desktop.domain.assessment import Assessment, assess
from desktop.domain.issues import DomainError
from desktop.domain.model import Application
from desktop.formspec.model import LocalizedText
from desktop.printing.application import render_application
from desktop.printing.calculation import render_calculation
from desktop.printing.coupon import render_coupon
from desktop.printing.family_sheet import render_family_sheet
from desktop.printing.farm_sheet import render_farm_sheet
from desktop.printing.income_sheet import render_income_sheet
from desktop.printing.packet import render_packet
from desktop.printing.records import OfficeInfo, Registration, Staff

EXIT_OK = 0
EXIT_NOT_FOUND = 2
EXIT_PARAMETERS = 3
EXIT_WRITE = 4

Renderer = Callable[[Application, Registration, Callable[[], Assessment], str, bool], bytes]
DOCUMENTS: dict[str, Renderer] = {
    "application": lambda app, reg, _a, lang, dup: render_application(app, reg, lang, dup),
    "coupon": lambda app, reg, _a, lang, dup: render_coupon(app, reg, lang, dup),
    "family": lambda app, _r, _a, lang, dup: render_family_sheet(app, lang, dup),
    "income": lambda app, _r, _a, lang, dup: render_income_sheet(app, lang, dup),
    "farm": lambda app, _r, _a, lang, dup: render_farm_sheet(app, lang, dup),
    "calculation": lambda app, _r, assessed, lang, dup: render_calculation(
        app, assessed(), lang, dup),
    "packet": lambda app, reg, assessed, lang, dup: render_packet(app, reg, assessed(), lang,
                                                                  dup),
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "print", help="print a registered application's document to a PDF file")
    parser.add_argument("document", choices=list(DOCUMENTS), metavar="DOCUMENT",
                        help="one of: " + ", ".join(DOCUMENTS))
    parser.add_argument("number", metavar="REGISTRATION_NUMBER",
                        help="registration number, e.g. AKT-05-2026-000123")
    parser.add_argument("--out", metavar="FILE.pdf", type=Path, required=True,
                        help="the PDF file to write")
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help="language of the document: kk or ru")
    # SUPPRESS keeps a --db given before the sub-command from being reset to None.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help="another SQLite database file")
    parser.add_argument("--duplicate", action="store_true",
                        help="mark the print as a duplicate (a reprint)")
    return parser


def _local(moment: dt.datetime) -> dt.datetime:
    """A stored UTC time as the desk's wall-clock time, for the printed coupon."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().replace(tzinfo=None)


def find(session: Session, number: str) -> tuple[Application, Registration] | None:
    """The registered application with ``number`` and its registration facts."""
    from desktop.storage.models import ApplicationRecord, OfficeRecord, StaffRecord
    from desktop.storage.repositories.applications import get_application

    record = session.execute(select(ApplicationRecord).where(
        func.upper(ApplicationRecord.registration_number) == number.strip().upper())
    ).scalar_one_or_none()
    if record is None or record.registered_at is None:
        return None
    app = get_application(session, record.id)
    office = session.get(OfficeRecord, record.office_id) if record.office_id else None
    staff = session.get(StaffRecord, record.registered_by) if record.registered_by else None
    info = OfficeInfo(
        name=LocalizedText(office.name_kk, office.name_ru) if office else app.office.name,
        address=LocalizedText(office.address_kk, office.address_ru) if office else "",
        phone=office.phone if office else "",
        area=", ".join(p for p in (app.office.locality, app.office.district) if p),
        code=app.office.code)
    registered_at = _local(record.registered_at)
    registration = Registration(
        number=record.registration_number or number, registered_at=registered_at,
        due_date=record.due_date or registered_at.date(),
        accepted_by=Staff(staff.full_name, staff.position) if staff else Staff(""),
        office=info, documents_count=len(app.documents),
        family_number=app.family_registration_number)
    return app, registration


def run(args: argparse.Namespace) -> int:
    from desktop.parameters.store import load_parameters
    from desktop.storage.database import Database, default_db_path

    lang = getattr(args, "lang", None) or i18n.current_language()
    db_path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    db = Database.open(db_path)
    try:
        with db.session() as session:
            found = find(session, args.number)
    finally:
        db.close()
    if found is None:
        print(f"No registered application has the number {args.number}.", file=sys.stderr)
        return EXIT_NOT_FOUND
    app, registration = found

    def assessed() -> Assessment:
        return assess(app, load_parameters(), validate=False)

    try:
        data = DOCUMENTS[args.document](app, registration, assessed, lang, args.duplicate)
    except DomainError as error:
        for issue in error.issues:
            print(f"{issue.pointer or '/'}: {i18n.render(issue.message, lang)}",
                  file=sys.stderr)
        return EXIT_PARAMETERS
    try:
        args.out.write_bytes(data)
    except OSError as error:
        print(f"Cannot write {args.out}: {error}", file=sys.stderr)
        return EXIT_WRITE
    print(args.out)
    return EXIT_OK
