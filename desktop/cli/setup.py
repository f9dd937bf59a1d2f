"""``komek setup``: the workstation's office and operator without the first-start dialog.

A district IT administrator preparing many front-desk PCs or akimat laptops writes the office
once from a script instead of answering the dialog on each machine:

    komek setup offices [--search TEXT]      # the reference offices, numbered
    komek setup show                         # what this workstation has now
    komek setup save --office N --code AKT-05 --operator "…" [--position "…"] [--interface kk]
    komek setup save --kind akimat --region … --district … --name-kk … --name-ru … --code …
    komek setup recover [--code-stdin]       # the recovery code opens the database again

The same service as the dialog saves it (validated, audited). ``save`` prints the recovery code
of the database key when it has not been shown yet (once). ``recover`` asks for the code (or
reads it from standard input), checks that it opens the database and stores the key in the
credential store again. Exit codes: 0 done; 2 a value is not acceptable (the message names the
option, or the group of the code that is mistyped); 3–5 the database cannot be used (as for
the window: unwritable folder, newer version, damaged file or a code that does not open it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop import i18n
from desktop.cli import l10n as cli_l10n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options
from desktop.domain.text import Text
from desktop.startup import LANGUAGE_SETTING, ExitCode, remember_language

KINDS = ("district_office", "akimat")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "setup", help=_("the workstation's office and operator, without the first-start dialog"))
    add_common_options(parser)
    actions = parser.add_subparsers(dest="setup_command", metavar="ACTION", required=True)
    offices = actions.add_parser("offices", help=_("list the reference offices, numbered"))
    add_common_options(offices)
    offices.add_argument("--search", metavar="TEXT", default="",
                         help=_("only offices whose region, district or name contains TEXT"))
    add_common_options(actions.add_parser(
        "show", help=_("show this workstation's office and operator")))
    save = actions.add_parser("save", help=_("save this workstation's office and operator"))
    add_common_options(save)
    save.add_argument("--office", metavar="N", type=int,
                      help=_("number of a reference office (see: komek setup offices)"))
    save.add_argument("--kind", choices=KINDS,
                      help=_("a new office: district_office or akimat"))
    save.add_argument("--region", help=_("a new office: its region"))
    save.add_argument("--district", help=_("a new office: its district"))
    save.add_argument("--name-kk", dest="name_kk", help=_("a new office: its name in Kazakh"))
    save.add_argument("--name-ru", dest="name_ru", help=_("a new office: its name in Russian"))
    save.add_argument("--code", required=True,
                      help=_("office code used in registration numbers, e.g. AKT-05"))
    save.add_argument("--operator", required=True, help=_("the operator's full name"))
    save.add_argument("--position", default="", help=_("the operator's position"))
    save.add_argument("--interface", choices=list(i18n.LANGUAGES),
                      help=_("interface language the window starts in: kk or ru"))
    recover = actions.add_parser(
        "recover", help=_("open the database with its recovery code and keep its key again"))
    recover.add_argument("--code-stdin", action="store_true",
                         help=_("read the recovery code from standard input"))
    return parser


def _say(message: Text | str) -> str:
    return i18n.render(message, cli_l10n.language())


def _kind_name(kind: str) -> str:
    if kind == "akimat":
        return _say(Text("Akim's office of a village or rural district"))
    return _say(Text("District department of employment and social programs"))


def run(args: argparse.Namespace) -> int:
    from desktop.services import workstation

    if args.setup_command == "offices":
        return _offices(workstation.reference_offices(), args.search)
    from desktop.startup import database_problem, resolve_db_path
    from desktop.storage.database import Database, DatabaseError

    if args.setup_command == "recover":
        return _recover(resolve_db_path(getattr(args, "db", None)), args.code_stdin)

    try:
        db = Database.open(resolve_db_path(getattr(args, "db", None)))
    except DatabaseError as error:
        problem = database_problem(error)
        print(_say(problem.message), file=sys.stderr)
        return problem.exit_code
    try:
        if args.setup_command == "show":
            return _show(workstation.load_setup(db), db.path)
        return _save(db, args)
    finally:
        db.close()


def _offices(offices: list[Any], search: str) -> int:
    needle = search.casefold().strip()
    lang = cli_l10n.language()
    for number, office in enumerate(offices, start=1):
        name = office.name_ru if lang == "ru" else (office.name_kk or office.name_ru)
        if needle and needle not in " ".join(
                (office.region, office.district, office.name_kk, office.name_ru)).casefold():
            continue
        print(f"{number:3}. {office.region} / {office.district} / {name}")
    return ExitCode.OK


def _show(setup: Any, path: Path) -> int:
    _ = cli_gettext()
    print(_("Database: {path}").format(path=path))
    if setup is None:
        print(_("Office not set up"))
        return ExitCode.OK
    rows = (
        (_("Region:"), setup.region),
        (_("District:"), setup.district),
        (_("Kind of office:"), _kind_name(setup.office_kind)),
        (_("Office name in Kazakh:"), setup.office_name_kk),
        (_("Office name in Russian:"), setup.office_name_ru),
        (_("Office code:"), setup.office_code),
        (_("Operator (surname, first name, patronymic):"), setup.operator_full_name),
        (_("Position:"), setup.operator_position),
    )
    for label, value in rows:
        print(f"{label} {value}")
    return ExitCode.OK


def _refuse(option: str, message: Text | str) -> int:
    print(f"{option}: {_say(message)}", file=sys.stderr)
    return ExitCode.BAD_ARGUMENTS


def _save(db: Any, args: argparse.Namespace) -> int:
    from desktop.services import workstation

    _ = cli_gettext()
    if args.office is not None:
        offices = workstation.reference_offices()
        if not 1 <= args.office <= len(offices):
            return _refuse("--office", _("No reference office has number {number}; "
                                         "see: komek setup offices.").format(number=args.office))
        office = offices[args.office - 1]
        region, district, kind = office.region, office.district, office.kind
        name_kk, name_ru = office.name_kk, office.name_ru
    else:
        for option, value in (("--kind", args.kind), ("--region", args.region),
                              ("--district", args.district)):
            if not (value or "").strip():
                return _refuse(option, _("Give --office N, or a new office's --kind, "
                                         "--region, --district and names."))
        region, district, kind = args.region.strip(), args.district.strip(), args.kind
        name_kk, name_ru = (args.name_kk or "").strip(), (args.name_ru or "").strip()
    setup = workstation.WorkstationSetup(
        region=region, district=district, office_kind=kind,
        office_name_kk=name_kk, office_name_ru=name_ru,
        office_code=args.code.strip(), operator_full_name=args.operator.strip(),
        operator_position=args.position.strip())
    # The service checks these too; here each message names its option.
    code_problem = workstation.validate_office_code(setup.office_code)
    if code_problem is not None:
        return _refuse("--code", code_problem)
    if not (name_kk or name_ru):
        return _refuse("--name-kk", Text("Enter the office's name."))
    if not setup.operator_full_name:
        return _refuse("--operator", Text("Enter the operator's full name."))
    try:
        workstation.save_setup(db, setup)
    except workstation.SetupInvalidError as error:
        return _refuse("--code", error.message)
    if args.interface:
        workstation.set_setting(db, LANGUAGE_SETTING, args.interface)
        remember_language(db.path, args.interface)
    print(_("Saved: {path}").format(path=db.path))
    if db.recovery_code_due():
        _show_recovery_code(db)
    return ExitCode.OK


def _show_recovery_code(db: Any) -> None:
    """The recovery code, once: on the terminal of whoever prepares the workstation."""
    from desktop.services.recovery import RECOVERY_EXPLAINED, RECOVERY_HOW, RECOVERY_TITLE

    print()
    print(_say(RECOVERY_TITLE))
    print(_say(RECOVERY_EXPLAINED))
    print()
    print(db.recovery_code())
    print()
    print(_say(RECOVERY_HOW))
    db.recovery_code_shown()


def _recover(path: Path, from_stdin: bool) -> int:
    from desktop.services.recovery import RecoveryRefused, recover
    from desktop.startup import database_problem
    from desktop.storage.database import Database, DatabaseError

    _ = cli_gettext()
    if from_stdin:
        code = sys.stdin.read()
    else:
        print(_("Type the recovery code (16 groups of 6 digits); an empty line ends it:"))
        lines = []
        while True:
            try:
                line = input()
            except EOFError:
                break
            if not line.strip():
                break
            lines.append(line)
        code = " ".join(lines)
    try:
        location = recover(path, code)
        db = Database.open(path)
    except RecoveryRefused as error:
        print(_say(error.message), file=sys.stderr)
        return ExitCode.BAD_ARGUMENTS
    except DatabaseError as error:
        problem = database_problem(error)
        print(_say(problem.message), file=sys.stderr)
        return problem.exit_code
    db.recovery_code_shown()  # its holder has it: it is not shown again
    db.close()
    if location == "keyring":
        print(_("The database {path} opens again; its key is kept in this computer's "
                "credential store.").format(path=path))
    else:
        print(_("The database {path} opens again; its key is kept in the file {key}, "
                "readable by your user account only (no credential store on this computer)."
                ).format(path=path, key=_key_file()))
    return ExitCode.OK


def _key_file() -> Path:
    from desktop.storage.keystore import key_file

    return key_file()
