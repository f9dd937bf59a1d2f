"""``komek accounts``: list the workstation's accounts; recover a forgotten administrator.

    komek accounts list
    komek accounts recover USERNAME [--password-stdin]

``recover`` gives an administrator's account a temporary password (asked twice on the
terminal, or one line on standard input for a script), unlocks and re-activates it; its owner
must change the password at the next log-in. It is for the workstation's only administrator
who forgot the password: every other password is reset by the administrator in the app.
Exit codes: 0 done; 2 refused (the message says why); 3–5 the database cannot be used.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from desktop import i18n
from desktop.cli import l10n as cli_l10n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options
from desktop.startup import ExitCode


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "accounts", help=_("the workstation's accounts; recover a forgotten administrator"))
    add_common_options(parser)
    actions = parser.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    add_common_options(actions.add_parser(
        "list", help=_("list the accounts with their roles and state")))
    recover = actions.add_parser(
        "recover", help=_("give an administrator who forgot the password a temporary one"))
    add_common_options(recover)
    recover.add_argument("username", metavar="USERNAME", help=_("the administrator's user name"))
    recover.add_argument("--password-stdin", action="store_true",
                         help=_("read the temporary password from standard input"))
    return parser


def run(args: argparse.Namespace) -> int:
    from desktop.startup import database_problem, resolve_db_path
    from desktop.storage.database import Database, DatabaseError

    lang = cli_l10n.language()
    try:
        db = Database.open(resolve_db_path(getattr(args, "db", None)))
    except DatabaseError as error:
        problem = database_problem(error)
        print(i18n.render(problem.message, lang), file=sys.stderr)
        return problem.exit_code
    try:
        if args.accounts_command == "list":
            return _list(db, lang)
        return _recover(db, args, lang)
    finally:
        db.close()


def _state(summary: Any) -> str:
    _ = cli_gettext()
    if not summary.active:
        return _("deactivated")
    if summary.locked:
        return _("locked")
    return _("active")


def _list(db: Any, lang: str) -> int:
    from desktop.domain.roles import role_label
    from desktop.services.accounts import list_accounts

    for summary in list_accounts(db):
        roles = ", ".join(i18n.render(role_label(role), lang) for role in sorted(summary.roles))
        print(f"{summary.username:<20} {summary.office_code:<10} {_state(summary):<12} "
              f"{summary.full_name} ({roles})")
    return ExitCode.OK


def _read_password(from_stdin: bool) -> str | None:
    _ = cli_gettext()
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("Temporary password: "))
    if getpass.getpass(_("The same password again: ")) != first:
        print(_("The two passwords differ."), file=sys.stderr)
        return None
    return first


def _recover(db: Any, args: argparse.Namespace, lang: str) -> int:
    from desktop.services.accounts import AccountError, recover_administrator

    _ = cli_gettext()
    password = _read_password(args.password_stdin)
    if password is None:
        return ExitCode.BAD_ARGUMENTS
    try:
        recover_administrator(db, args.username, password)
    except AccountError as error:
        print(i18n.render(error.message, lang), file=sys.stderr)
        return ExitCode.BAD_ARGUMENTS
    print(_("Done: {username} logs in with the temporary password and must change it.")
          .format(username=args.username.strip().lower()))
    return ExitCode.OK
