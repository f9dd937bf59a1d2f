"""``komek sync``: synchronize with the district server without the window (a scheduled task).

    komek sync                          push, pull, and the daily consistency check
    komek sync --check                  run the consistency check now
    komek sync --enrol URL --code CODE  enrol this workstation
    komek sync --enrol URL --code CODE --again   enrol it again (revoked, certificate renewed)
    komek sync --export FILE            write the pending changes to a bundle (no connection)
    komek sync --import FILE            apply the district's reply bundle
    komek sync --relay FILE --reply OUT district desk: pass a village's bundle to the server
    komek sync --status                 pending changes, conflicts, last synchronization

Exit codes: 0 done; 2 not enrolled or no credentials; 3 no connection (try again later);
4 refused by the server (credentials, revoked, version); 5 the bundle was refused; 6 the disk
is full (the application's own code, ``desktop.startup.ExitCode.DISK_FULL``: what was saved
before is intact, the next run resumes); 7 done, but records are set aside for a person:
refused by the server (a wrong value, another office's record) or received and not storable
here. They are listed (by registration number or record id, never by name: a scheduled
task's output may be logged) and shown, field by field, in Synchronization → Data
conflicts; everything else was sent and received.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop import i18n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options, params_dir

EXIT_OK = 0
EXIT_NOT_ENROLLED = 2
EXIT_OFFLINE = 3
EXIT_REFUSED = 4
EXIT_BUNDLE = 5
EXIT_SET_ASIDE = 7  # 6 is the application's "disk full" (desktop.startup.ExitCode)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sync", help=_("synchronize with the district server (or by bundle files)"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of the messages: kk or ru"))
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--enrol", metavar="URL", help=_("district server address (https://…)"))
    action.add_argument("--export", metavar="FILE", type=Path,
                        help=_("write pending changes to a bundle file"))
    action.add_argument("--import", dest="import_", metavar="FILE", type=Path,
                        help=_("apply the district's reply bundle"))
    action.add_argument("--relay", metavar="FILE", type=Path,
                        help=_("district desk: send a village's bundle to the server"))
    action.add_argument("--status", action="store_true", help=_("show the sync state"))
    parser.add_argument("--code", help=_("enrolment code from the district administrator"))
    parser.add_argument("--again", action="store_true",
                        help=_("with --enrol: connect this workstation again with a new code "
                               "(its data and what it has sent stay)"))
    parser.add_argument("--reply", metavar="OUT", type=Path, help=_("where --relay writes"))
    parser.add_argument("--check", action="store_true", help=_("run the consistency check now"))
    add_common_options(parser)  # --params: where the district's parameter documents go
    return parser


def _exit_code(code: str) -> int:
    from desktop.sync.errors import NO_SECRET, NOT_ENROLLED

    if code in (NOT_ENROLLED, NO_SECRET):
        return EXIT_NOT_ENROLLED
    from desktop.sync.errors import SyncError

    return EXIT_OFFLINE if SyncError(code).retry_later else EXIT_REFUSED


def _params_dir(args: argparse.Namespace) -> Path:
    folder = params_dir(args)
    if folder is not None:
        return folder
    from desktop.parameters.store import default_overlay_dir

    return default_overlay_dir()


def _set_aside(db: Any, lang: str, _: Any) -> int:
    """List the records set aside for a person (see the module); EXIT_SET_ASIDE if any."""
    from desktop.sync.client.conflicts import open_conflicts, queued_referents, waiting
    from desktop.sync.errors import REFUSALS, problem_message
    from desktop.ui.sync.record_labels import column_label, table_label

    aside = [c for c in open_conflicts(db) if c.set_aside]
    found, behind = waiting(aside, queued_referents(db, aside))
    if not aside:
        return EXIT_OK
    i18n.set_language(lang)
    print(_("Records set aside, to be seen in Synchronization → Data conflicts: {count}")
          .format(count=len(found)), file=sys.stderr)
    for conflict in found:
        number = conflict.registration_number or str(
            (conflict.mine or conflict.theirs or {}).get("registration_number") or "")
        name = f"{table_label(conflict.table)} {number or conflict.record_id}"
        if conflict.problem:
            why = i18n.render(problem_message(conflict.table, conflict.field,
                                              conflict.problem), lang)
            where = column_label(conflict.table, conflict.field) if conflict.field else ""
            print(f"  {name}: {where + ': ' if where else ''}{why}", file=sys.stderr)
        else:
            reason = REFUSALS.get(conflict.reason)
            print(f"  {name}: {i18n.render(reason, lang) if reason else conflict.reason}",
                  file=sys.stderr)
    if behind:
        print(_("Records that belong to these and wait for them: {count}. They are sent "
                "by themselves once these are corrected and accepted.").format(
            count=len(behind)), file=sys.stderr)
    return EXIT_SET_ASIDE


def _run(args: argparse.Namespace, db: Any, _: Any) -> int:
    from desktop.sync.client import bundles
    from desktop.sync.client.engine import open_transport, record_failure, run_sync
    from desktop.sync.client.status import sync_status

    if args.enrol:
        from desktop.sync.client.enrol import enrol

        if not args.code:
            print(_("Give the enrolment code with --code."), file=sys.stderr)
            return EXIT_NOT_ENROLLED
        found = enrol(db, args.enrol, args.code, again=args.again)
        print(_("Enrolled with the district server; office {office}.").format(
            office=found.office_code))
        return EXIT_OK
    if args.status:
        state = sync_status(db)
        print(_("Pending changes: {count}").format(count=state.pending))
        print(_("Conflicts to resolve: {count}").format(count=state.conflicts))
        print(_("Last synchronized: {when}").format(
            when=state.last_success or _("never")))
        return EXIT_OK
    if args.export:
        count = bundles.export_bundle(db, args.export)
        print(_("Bundle written: {count} changed records.").format(count=count))
        return EXIT_OK
    if args.import_:
        report = bundles.import_reply(db, args.import_, _params_dir(args))
        print(_("Reply applied: {acknowledged} records confirmed, {applied} received, "
                "{conflicts} conflicts.").format(acknowledged=report.acknowledged,
                                                 applied=report.applied,
                                                 conflicts=report.conflicts))
        return _set_aside(db, args.lang, _)
    if args.relay:
        if args.reply is None:
            print(_("Give the reply file with --reply."), file=sys.stderr)
            return EXIT_BUNDLE
        with open_transport(db) as transport:
            args.reply.write_bytes(transport.relay_bundle(args.relay.read_bytes()))
        print(args.reply)
        return EXIT_OK
    try:
        with open_transport(db) as transport:
            result = run_sync(db, transport, check=True if args.check else None,
                              params_dir=_params_dir(args))
    except Exception as error:
        from desktop.sync.errors import SyncError

        if isinstance(error, SyncError):
            record_failure(db, error)
        raise
    print(_("Synchronized: {sent} records sent, {received} received, {conflicts} conflicts.")
          .format(sent=result.accepted, received=result.pulled, conflicts=result.conflicts))
    if transport.server_version:
        print(_("District server version: {version}").format(version=transport.server_version))
    return _set_aside(db, args.lang, _)


def run(args: argparse.Namespace) -> int:
    from desktop.storage.database import Database, default_db_path
    from desktop.sync.bundle import BundleError
    from desktop.sync.errors import SyncError

    lang = getattr(args, "lang", None) or i18n.current_language()
    args.lang = lang
    _ = i18n.translator(lang).gettext
    db = Database.open(Path(args.db) if getattr(args, "db", None) else default_db_path())
    try:
        return _run(args, db, _)
    except SyncError as error:
        print(i18n.render(error.message, lang), file=sys.stderr)
        from desktop.sync.errors import ALREADY_ENROLLED

        if error.code == ALREADY_ENROLLED:
            print(_("To connect it again with a new code, add --again."), file=sys.stderr)
        return _exit_code(error.code)
    except BundleError as error:
        print(i18n.render(error.message, lang), file=sys.stderr)
        return EXIT_BUNDLE
    except OSError as error:
        from desktop.storage.errors import is_disk_full

        if is_disk_full(error):
            raise  # the command's own message and exit code for a full disk
        print(_("Cannot read or write the file: {error}").format(error=error), file=sys.stderr)
        return EXIT_BUNDLE
    finally:
        db.close()
