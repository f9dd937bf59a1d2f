"""``komek print DOCUMENT REGISTRATION_NUMBER --out FILE.pdf``: print a stored application.

Documents: the application with its coupon, the coupon alone, the family, income and farm
sheets, the calculation (assessed now with the installed parameters) and the whole packet.
Every print goes through ``desktop.services.printouts``: it is written to the audit log, and a
document printed before for the same application comes out marked as a duplicate.
Exit codes: 0 the PDF is written; 2 no application has that registration number, or it is
not registered yet; 3 a parameter the calculation needs is missing; 4 the file cannot be
written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop import i18n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.domain.issues import DomainError

EXIT_OK = 0
EXIT_NOT_FOUND = 2
EXIT_PARAMETERS = 3
EXIT_WRITE = 4

# the printouts service's document kinds that need a registered application (its one table)
DOCUMENTS: tuple[str, ...] = ("application", "coupon", "family", "income", "farm",
                              "calculation", "packet")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "print", help=_("print a registered application's document to a PDF file"))
    parser.add_argument("document", choices=list(DOCUMENTS), metavar="DOCUMENT",
                        help=_("one of: {documents}").format(documents=", ".join(DOCUMENTS)))
    parser.add_argument("number", metavar="REGISTRATION_NUMBER",
                        help=_("registration number, e.g. AKT-05-2026-000123"))
    parser.add_argument("--out", metavar="FILE.pdf", type=Path, required=True,
                        help=_("the PDF file to write"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of the document: kk or ru"))
    # SUPPRESS keeps a --db given before the sub-command from being reset to None.
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("another SQLite database file"))
    parser.add_argument("--duplicate", action="store_true",
                        help=_("mark even a first print as a duplicate "
                               "(reprints are marked anyway)"))
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.services.printouts import (
        NotPrintableError,
        application_id_for_number,
        print_document,
    )
    from desktop.services.workstation import current_office_and_staff
    from desktop.storage.database import Database, default_db_path

    lang = getattr(args, "lang", None) or i18n.current_language()
    db_path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    db = Database.open(db_path)
    try:
        application_id = application_id_for_number(db, args.number)
        printed = None
        if application_id is not None:
            _office, staff_id = current_office_and_staff(db)
            try:
                printed = print_document(db, args.document, application_id, lang, staff_id,
                                         force_duplicate=args.duplicate)
            except NotPrintableError:
                printed = None
    except DomainError as error:
        for issue in error.issues:
            print(f"{issue.pointer or '/'}: {i18n.render(issue.message, lang)}",
                  file=sys.stderr)
        return EXIT_PARAMETERS
    finally:
        db.close()
    if printed is None:
        print(f"No registered application has the number {args.number}.", file=sys.stderr)
        return EXIT_NOT_FOUND
    try:
        args.out.write_bytes(printed.pdf)
    except OSError as error:
        print(f"Cannot write {args.out}: {error}", file=sys.stderr)
        return EXIT_WRITE
    print(args.out)
    return EXIT_OK
