"""``komek print DOCUMENT KEY --out FILE.pdf``: print a stored document without the window.

What KEY is depends on the document:

* a registered application's documents — ``application`` (with its coupon), ``coupon``,
  ``family``, ``income``, ``farm``, ``calculation`` (assessed now with the installed
  parameters), ``packet`` and ``notification`` (of the head's decision, once made): the
  registration number;
* ``refusal_slip``: the applicant's IIN (the latest intake refused for that applicant);
* ``certificate``: the IIN of the person asking (a new numbered certificate that the person
  does or does not receive АСП today; ``--name`` for a person in no application);
* ``transfer_registry``: the batch number (``AKT-05-SAR-2026-T001``);
* ``journal``: no key, the period instead: ``--from DATE --to DATE`` (YYYY-MM-DD);
* ``access_journal`` (or ``access-journal``): who opened, printed or exported a family's data
  in the period ``--from``/``--to``; ``--out`` ending in ``.xlsx`` gives Excel, else PDF.
  The export itself is written to the access journal.

Every print goes through the services and is written to the audit log; a document printed
before (the same document of the same application, the same batch, the same journal period)
comes out marked as a duplicate, and ``--duplicate`` marks even a first print.
Exit codes: 0 the PDF is written; 2 nothing has that number (IIN), or the command is
incomplete; 3 a parameter the calculation needs is missing; 4 the file cannot be written;
5 the document cannot be printed yet (no decision, the IIN is wrong, the role does not allow it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop import i18n
from desktop.cli import l10n as cli_l10n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options, params_dir
from desktop.domain.issues import DomainError
from desktop.domain.text import Text
from desktop.storage.errors import DISK_FULL_MESSAGE, is_disk_full
from desktop.storage.private import write_private

EXIT_OK = 0
EXIT_NOT_FOUND = 2
EXIT_PARAMETERS = 3
EXIT_WRITE = 4
EXIT_NOT_PRINTABLE = 5

# a registered application's documents, named by the printouts service's kinds
APPLICATION_DOCUMENTS: tuple[str, ...] = ("application", "coupon", "family", "income", "farm",
                                          "calculation", "packet", "notification", "result")
PERIOD_DOCUMENTS: tuple[str, ...] = ("journal", "access_journal")  # --from/--to, no KEY
DOCUMENTS: tuple[str, ...] = (*APPLICATION_DOCUMENTS, "refusal_slip", "certificate",
                              "transfer_registry", *PERIOD_DOCUMENTS)


class Problem(Exception):
    """Why nothing was printed: the message (in the command line's language), an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    duplicate: bool


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "print", help=_("print a stored document to a PDF file"),
        description=_("KEY is the registration number for an application's documents, the "
                      "applicant's IIN for refusal_slip, the person's IIN for certificate, the "
                      "batch number for transfer_registry; journal takes --from and --to "
                      "instead."))
    parser.add_argument("document", choices=list(DOCUMENTS), metavar="DOCUMENT",
                        type=lambda name: name.replace("-", "_"),
                        help=_("one of: {documents}").format(documents=", ".join(DOCUMENTS)))
    parser.add_argument("key", nargs="?", default="", metavar="KEY",
                        help=_("registration number (e.g. AKT-05-2026-000123), IIN or "
                               "batch number"))
    parser.add_argument("--out", metavar="FILE.pdf", type=Path, required=True,
                        help=_("the PDF file to write"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of the document: kk or ru"))
    add_common_options(parser)  # the calculation and the packet assess with --params
    parser.add_argument("--duplicate", action="store_true",
                        help=_("mark even a first print as a duplicate "
                               "(reprints are marked anyway)"))
    parser.add_argument("--from", dest="start", metavar="DATE", type=_date,
                        help=_("journal, access_journal: the first day of the period "
                               "(YYYY-MM-DD)"))
    parser.add_argument("--to", dest="end", metavar="DATE", type=_date,
                        help=_("journal, access_journal: the last day of the period "
                               "(YYYY-MM-DD)"))
    parser.add_argument("--name", metavar="\"SURNAME NAME [PATRONYMIC]\"",
                        help=_("certificate: the person's name when the IIN is in no "
                               "application"))
    return parser


def _say(message: Text) -> str:
    """A service's message in the command line's language."""
    return i18n.render(message, cli_l10n._language)


def _date(value: str) -> dt.date:
    _ = cli_gettext()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date (YYYY-MM-DD): {value}").format(value=value)) from None


def _application(db: Any, args: argparse.Namespace, lang: str, staff_id: str | None) -> Printed:
    from desktop.services.printouts import (
        NotPrintableError,
        application_id_for_number,
        print_document,
        refused_intake_for_iin,
    )

    _ = cli_gettext()
    if args.document == "refusal_slip":
        application_id = refused_intake_for_iin(db, args.key)
        missing = _("No application refused at intake has an applicant with the IIN {iin}.")
    else:
        application_id = application_id_for_number(db, args.key)
        missing = _("No registered application has the number {number}.")
    if application_id is None:
        raise Problem(missing.format(number=args.key, iin=args.key), EXIT_NOT_FOUND)
    try:
        printed = print_document(db, args.document, application_id, lang, staff_id,
                                 parameters=_parameters(args), force_duplicate=args.duplicate)
    except NotPrintableError as error:
        # the application exists: the document is not one it has (АСП's sheets for another
        # service, a notification before the decision), which is not "no such number"
        raise Problem(_say(error.message), EXIT_NOT_PRINTABLE) from error
    return Printed(printed.pdf, printed.duplicate)


def _parameters(args: argparse.Namespace) -> Any:
    """The parameters with the ``--params`` overlay, or ``None`` for the default overlay."""
    folder = params_dir(args)
    if folder is None:
        return None
    from desktop.parameters.store import load_parameters

    return load_parameters(folder)


def _certificate(db: Any, args: argparse.Namespace, lang: str) -> Printed:
    from desktop.domain.model import PersonName
    from desktop.services import certificates
    from desktop.services.accounts import workstation_user

    _ = cli_gettext()
    user = workstation_user(db)
    if user is None:
        raise Problem(_("Set up the workstation's office and operator first."),
                      EXIT_NOT_PRINTABLE)
    name = None
    if args.name:
        parts = args.name.split()
        name = PersonName(parts[0], " ".join(parts[1:2]), " ".join(parts[2:]))
    try:
        issued = certificates.issue(db, user, args.key, lang, name=name)
    except certificates.CertificateError as error:
        raise Problem(_say(error.message),
                      EXIT_NOT_PRINTABLE) from error
    answer = (_("receives targeted social assistance") if issued.belongs
              else _("does not receive targeted social assistance"))
    print(_("Certificate {number}: {answer}").format(number=issued.number, answer=answer),
          file=sys.stderr)
    return Printed(issued.pdf, False)


def _registry(db: Any, args: argparse.Namespace, lang: str) -> Printed:
    from desktop.services import transfer

    try:
        pdf, duplicate = transfer.print_registry(db, args.key, lang,
                                                 force_duplicate=args.duplicate)
    except transfer.TransferNotReadyError as error:
        raise Problem("\n".join(_say(message) for message in error.messages),
                      EXIT_NOT_FOUND) from error
    return Printed(pdf, duplicate)


def _journal(db: Any, args: argparse.Namespace, lang: str, staff_id: str | None) -> Printed:
    from desktop.services.printouts import NotPrintableError, print_journal

    _ = cli_gettext()
    if args.start is None or args.end is None:
        raise Problem(_("The journal needs its period: --from DATE --to DATE."), EXIT_NOT_FOUND)
    try:
        pdf, duplicate, count = print_journal(db, args.start, args.end, lang, staff_id,
                                              force_duplicate=args.duplicate)
    except NotPrintableError as error:
        raise Problem(_say(error.message),
                      EXIT_NOT_PRINTABLE) from error
    print(_("Applications in the period: {count}").format(count=count), file=sys.stderr)
    return Printed(pdf, duplicate)


def _access_journal(db: Any, args: argparse.Namespace, lang: str,
                    staff_id: str | None) -> Printed:
    from desktop.services.access_journal import Export, access_journal, record_export
    from desktop.services.report_export import to_pdf, to_xlsx

    _ = cli_gettext()
    if args.start is None or args.end is None:
        raise Problem(_("The access journal needs its period: --from DATE --to DATE."),
                      EXIT_NOT_FOUND)
    if args.end < args.start:
        raise Problem(_say(Text("The period ends before it starts.")), EXIT_NOT_FOUND)
    table = access_journal(db, args.start, args.end)
    kind = "xlsx" if args.out.suffix.lower() == ".xlsx" else "pdf"
    data = to_xlsx([table], lang) if kind == "xlsx" else to_pdf([table], lang)
    with db.session() as session:  # logged before the file is written: never unrecorded
        record_export(session, db, Export.ACCESS_JOURNAL, staff_id, file_format=kind,
                      lang=lang, start=args.start, end=args.end)
    print(_("Entries in the period: {count}").format(count=len(table.rows)), file=sys.stderr)
    return Printed(data, False)


def run(args: argparse.Namespace) -> int:
    from desktop.services.workstation import current_office_and_staff
    from desktop.storage.database import Database, default_db_path

    _ = cli_gettext()
    lang = getattr(args, "lang", None) or i18n.current_language()
    if args.document not in PERIOD_DOCUMENTS and not args.key.strip():
        print(_("{document} needs a KEY: see komek print --help.").format(
            document=args.document), file=sys.stderr)
        return EXIT_NOT_FOUND
    db_path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    db = Database.open(db_path)
    try:
        _office, staff_id = current_office_and_staff(db)
        if args.document in APPLICATION_DOCUMENTS or args.document == "refusal_slip":
            printed = _application(db, args, lang, staff_id)
        elif args.document == "certificate":
            printed = _certificate(db, args, lang)
        elif args.document == "transfer_registry":
            printed = _registry(db, args, lang)
        elif args.document == "access_journal":
            printed = _access_journal(db, args, lang, staff_id)
        else:
            printed = _journal(db, args, lang, staff_id)
    except Problem as problem:
        print(problem.message, file=sys.stderr)
        return problem.code
    except DomainError as error:
        for issue in error.issues:
            print(f"{issue.pointer or '/'}: {i18n.render(issue.message, lang)}",
                  file=sys.stderr)
        return EXIT_PARAMETERS
    finally:
        db.close()
    try:
        write_private(args.out, printed.pdf)  # 0600: a document of a family is personal data
    except OSError as error:
        if is_disk_full(error):
            print(i18n.render(DISK_FULL_MESSAGE, lang), file=sys.stderr)
        else:
            print(_("Cannot write {path}: {error}").format(path=args.out,
                                                         error=error.strerror or error),
                  file=sys.stderr)
        return EXIT_WRITE
    if printed.duplicate:
        print(_("Printed before: marked as a duplicate."), file=sys.stderr)
    print(args.out)
    return EXIT_OK
