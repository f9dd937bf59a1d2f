"""The ``komek`` command: the desktop application, and sub-commands for headless work."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

import desktop
from desktop import i18n
from desktop.cli import l10n as cli_l10n
from desktop.cli.options import add_common_options
from desktop.startup import (
    StartupProblem,
    database_problem,
    disk_full_problem,
    hold_collection,
    resolve_db_path,
    resume_collection,
    system_language,
    unexpected_problem,
    unknown_language,
)
from desktop.storage.errors import DatabaseError, is_disk_full
from desktop.storage.private import restrict_process, unrestrict_process

# Sub-commands that exist: name -> module with add_parser(subparsers) and run(args) -> int.
SUBCOMMANDS: dict[str, str] = {
    "assess": "desktop.cli.assess",
    "print": "desktop.cli.print",
    "sync": "desktop.cli.sync",
    "params": "desktop.cli.params",
    "setup": "desktop.cli.setup",
    "accounts": "desktop.cli.accounts",
    "services": "desktop.cli.services",
}


def _available_subcommands(argv: Sequence[str]) -> dict[str, object]:
    """Import only the sub-commands this call can use: the GUI start stays light."""
    wanted = [name for name in SUBCOMMANDS if name in argv]
    if not wanted and any(arg in ("-h", "--help") for arg in argv):
        wanted = list(SUBCOMMANDS)
    modules: dict[str, object] = {}
    for name in wanted:
        module_name = SUBCOMMANDS[name]
        try:
            modules[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
    return modules


class _VersionAction(argparse.Action):
    """Print the version; it is looked up only when asked for (it costs start-up time)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        print(f"Kömek {desktop.__version__}")
        parser.exit()


def build_parser(lang: str, argv: Sequence[str] = ("--help",),
                 ) -> tuple[argparse.ArgumentParser, dict[str, object]]:
    cli_l10n.use_language(lang)
    _ = i18n.translator(lang).gettext
    parser = argparse.ArgumentParser(
        prog="komek",
        description=_("Kömek: applications for state targeted social assistance."),
        epilog=_key_note(lang) if any(arg in ("-h", "--help") for arg in argv) else None,
    )
    add_common_options(parser, top_level=True)
    parser.add_argument("--lang", metavar="kk|ru", help=_("interface language: kk or ru"))
    parser.add_argument("--demo", action="store_true",
                        help=_("fill an empty database with generated demo families"))
    parser.add_argument("--version", action=_VersionAction, nargs=0,
                        help=_("print the version and exit"))
    modules = _available_subcommands(argv)
    if modules:
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        for module in modules.values():
            module.add_parser(subparsers)  # type: ignore[attr-defined]
    return parser, modules


def _key_note(lang: str) -> str:
    """Where the database key is kept, when that is a file and not a credential store."""
    from desktop.services.recovery import key_storage_note
    from desktop.storage.keystore import credential_store_available

    _ = i18n.translator(lang).gettext
    if credential_store_available():
        return _("The database and its backups are encrypted; the key is kept in this "
                 "computer's credential store. If it is lost: komek setup recover.")
    note = key_storage_note("file")
    assert note is not None
    return i18n.render(note, lang)


def report(problem: StartupProblem, lang: str) -> int:
    print(i18n.render(problem.message, lang), file=sys.stderr)
    return problem.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    umask = restrict_process()  # every file and folder made from here on is the owner's alone
    hold_collection()  # until the window is whole (desktop/ui/app.py) or a command runs
    try:
        return _main(argv)
    finally:
        resume_collection()
        unrestrict_process(umask)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A valid --lang speaks from the first line of --help on; else the system's language.
    lang = cli_l10n.language_from(argv, system_language())
    parser, modules = build_parser(lang, argv)
    args = parser.parse_args(argv)
    if args.lang is not None:
        if args.lang not in i18n.LANGUAGES:
            return report(unknown_language(args.lang), lang)
        lang = args.lang
    command = getattr(args, "command", None)
    try:
        if command:
            resume_collection()
            return int(modules[command].run(args))  # type: ignore[attr-defined]
        if getattr(args, "params", None) is not None:
            # The window loads parameters in many places; all of them read the overlay
            # folder from this variable (desktop/parameters/store.py), so it is set once,
            # for this run.
            from desktop.parameters.store import OVERLAY_ENV

            os.environ[OVERLAY_ENV] = str(args.params)
        from desktop.ui.app import run_gui

        return run_gui(args, fallback_language=lang)
    except DatabaseError as error:  # every sub-command: a message, never a traceback
        return report(database_problem(error), lang)
    except Exception as error:
        return unexpected(error, getattr(args, "db", None), lang)


def unexpected(error: Exception, db_argument: str | None, lang: str) -> int:
    """A full disk found outside the database's sessions is a message too; anything else
    leaves a crash report that holds no personal data (desktop/crash.py), never Python's
    traceback with its messages."""
    from desktop import crash
    from desktop.storage.location import logs_folder

    path = resolve_db_path(db_argument)
    if is_disk_full(error):
        return report(disk_full_problem(path), lang)
    return report(unexpected_problem(crash.report(error, logs_folder(path))), lang)


if __name__ == "__main__":
    sys.exit(main())
