"""``komek-server``: create the schema, serve, enrol and revoke desks, import bundles.

    komek-server init   --database postgresql://komek@/komek
    komek-server run    --host 0.0.0.0 --port 8443 --certfile cert.pem --keyfile key.pem
                        [--keep-alive 60]
    komek-server enrol  --office AKT-05 [--kind akimat|district] [--days 7]
    komek-server revoke --node NODE_ID
    komek-server nodes
    komek-server conflicts [--office AKT-05] [--all]
    komek-server import BUNDLE --reply REPLY
    komek-server reference FILE.json...   (parameter documents for every desk)

The database comes from ``--database`` or ``$KOMEK_SERVER_DATABASE``. Exit codes: 0 done,
1 a usage or data problem (printed), 2 the database is not ready (run ``init``).

Help and messages are in Russian or Kazakh: ``--lang kk|ru``, else ``$KOMEK_LANG``, else
Russian (the language district administrators are most often addressed in). The service's
log stays in English: it is read by whoever maintains the server, and searched by codes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import ssl
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select, text

from desktop import i18n
from desktop.cli import l10n
from desktop.domain.text import Text
from desktop.paths import i18n_dir
from desktop.sync.bundle import BundleError
from desktop.sync.server import db, enrolment
from desktop.sync.server.bundles import answer_bundle
from desktop.sync.server.nodes import OFFICE_KINDS
from desktop.sync.server.push import LOCK_KEY
from desktop.sync.server.schema import nodes, reference_documents


def certificate_sha256(path: Path) -> str:
    """SHA-256 of the DER bytes of the first certificate of a PEM file (the server's own;
    intermediates may follow it), as the desk computes it of the certificate it is shown."""
    pem = path.read_text(encoding="ascii")
    end = "-----END CERTIFICATE-----"
    first = pem[pem.index("-----BEGIN CERTIFICATE-----"):pem.index(end) + len(end)]
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(first)).hexdigest()


LANG_ENV = "KOMEK_LANG"
DEFAULT_LANGUAGE = "ru"


def choose_language(argv: Sequence[str]) -> str:
    """``--lang`` on the command line, else ``$KOMEK_LANG``, else Russian."""
    fallback = os.environ.get(LANG_ENV, "").strip().lower()
    return l10n.language_from(argv, fallback if fallback in i18n.LANGUAGES
                              else DEFAULT_LANGUAGE)


def _catalogs_found() -> bool:
    """Whether the catalogs are installed (a source checkout or the desktop bundle has
    them; a server installed from a wheel without the data folders answers in English
    rather than not at all)."""
    try:
        i18n_dir()
    except FileNotFoundError:
        return False
    return True


def _parser(_: Callable[[str], str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="komek-server",
                                     description=_("Kömek district sync server"))
    parser.add_argument("--database", metavar="URL",
                        help=_("postgresql://… (default: ${env})").format(env=db.DATABASE_ENV))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=DEFAULT_LANGUAGE,
                        help=_("language of the messages: kk or ru"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("init", help=_("create or upgrade the database schema"))
    run = sub.add_parser("run", help=_("serve the desks"))
    run.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    run.add_argument("--port", type=int, default=8443, help=_("port to listen on"))
    run.add_argument("--certfile", type=Path, help=_("TLS certificate (PEM) of the district"))
    run.add_argument("--keyfile", type=Path, help=_("its private key (PEM)"))
    run.add_argument("--keep-alive", type=int, default=KEEP_ALIVE, metavar="SECONDS",
                     help=_("seconds a desk's idle connection is kept open between its "
                            "requests"))
    enrol = sub.add_parser("enrol", help=_("print a one-time enrolment code for a desk (a new "
                                           "one, or one to enrol again)"))
    enrol.add_argument("--office", required=True, help=_("office code, e.g. AKT-05"))
    enrol.add_argument("--kind", choices=OFFICE_KINDS, default="akimat",
                       help=_("akimat (a village) or district (the department)"))
    enrol.add_argument("--days", type=int, default=enrolment.CODE_VALID_DAYS,
                       help=_("how many days the code is valid"))
    # before codes proved the server by themselves, the code carried a tag of this file:
    # still accepted (and ignored) so that an administrator's notes keep working
    enrol.add_argument("--cert", type=Path, help=argparse.SUPPRESS)
    revoke = sub.add_parser("revoke", help=_("revoke a desk's access"))
    revoke.add_argument("--node", required=True, help=_("the desk's node id (see nodes)"))
    sub.add_parser("nodes", help=_("list enrolled desks"))
    listing = sub.add_parser("conflicts", help=_("list the conflicts desks have not settled"))
    listing.add_argument("--office", help=_("only this office's records, e.g. AKT-05"))
    listing.add_argument("--all", action="store_true",
                         help=_("settled conflicts too (a desk has pushed a person's choice)"))
    imp = sub.add_parser("import", help=_("apply a desk's bundle and write the reply bundle"))
    imp.add_argument("bundle", type=Path, help=_("the bundle file from the desk"))
    imp.add_argument("--reply", type=Path, required=True,
                     help=_("where the reply bundle is written"))
    ref = sub.add_parser("reference", help=_("publish parameter documents to every desk"))
    ref.add_argument("files", type=Path, nargs="+", metavar="FILE.json",
                     help=_("parameter documents (JSON)"))
    return parser


def _say(message: Text, *, error: bool = False) -> None:
    text = i18n.render(message, l10n.language()) if _catalogs_found() else \
        message.msgid.format(**message.params)
    print(text, file=sys.stderr if error else sys.stdout)


def _run(args: argparse.Namespace) -> int:
    import uvicorn

    from desktop.sync.server import memory
    from desktop.sync.server.app import create_app

    memory.limit_arenas()  # before any thread of the server starts

    engine = db.make_engine(args.database)
    db.check_schema(engine)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if bool(args.certfile) != bool(args.keyfile):
        _say(Text("Give both --certfile and --keyfile, or neither."), error=True)
        return 1
    with engine.connect() as connection:
        loose = db.log_settings_not_private(connection)
    if loose:
        logging.getLogger("komek.server").warning(
            "PostgreSQL may write personal data to its log: set %s (see the server's "
            "installation guide, PostgreSQL's log)", ", ".join(loose))
    fingerprint = certificate_sha256(args.certfile) if args.certfile else ""
    uvicorn.run(create_app(engine, certificate_sha256=fingerprint), host=args.host,
                port=args.port,
                ssl_certfile=str(args.certfile) if args.certfile else None,
                ssl_keyfile=str(args.keyfile) if args.keyfile else None,
                access_log=False, log_level="info", timeout_keep_alive=max(1, args.keep_alive),
                **UVICORN_LIMITS)
    return 0


# Seconds a desk's connection is kept open after an answer, for its next request. A desk's
# sync is a series of requests with its own work in between (storing an acknowledgement,
# applying a pulled page: seconds on a busy desk); with uvicorn's 5-second default the
# server closed connections a desk was about to reuse, and in a morning rush most first
# syncs failed with "Server disconnected without sending a response". The desk keeps an
# idle connection for less than this (desktop.sync.client.transport.KEEP_ALIVE), so it is
# the desk that closes it. One process serves: see docs/sync.md, "One process".
KEEP_ALIVE = 60

# The HTTP server's own bounds, below the application's (desktop.sync.server.limits): h11,
# whose request line and headers together may take at most 16 KiB (httptools buffers any
# amount of them), and at most this many connections and requests at once, beyond which a
# new request gets 503 at once: far above the application's places and queue, so it is
# only reached by connections that were opened and left idle.
UVICORN_LIMITS: dict[str, object] = {
    "http": "h11",
    "h11_max_incomplete_event_size": 16 * 1024,
    "limit_concurrency": 512,
}


def _reference(engine: object, files: Sequence[Path]) -> int:
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    with engine.begin() as connection:  # type: ignore[attr-defined]
        # the pushes' lock: change cursors must commit in increasing order, or a desk that
        # pulled meanwhile would step over this document's cursor and never see it
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        for path in files:
            content = json.loads(path.read_text(encoding="utf-8"))
            cursor = connection.execute(text("SELECT nextval('change_cursor')")).scalar()
            statement = pg_insert(reference_documents).values(
                name=path.stem, content=content, version=1, cursor=cursor,
                updated_at=dt.datetime.now(dt.UTC))
            connection.execute(statement.on_conflict_do_update(
                index_elements=["name"],
                set_={"content": statement.excluded.content, "cursor": cursor,
                      "version": reference_documents.c.version + 1,
                      "updated_at": statement.excluded.updated_at}))
            _say(Text("{name}: published", name=path.stem))
    return 0


def _conflicts(engine: object, office: str | None, include_settled: bool,
               _: Callable[[str], str]) -> int:
    """The district's conflicts, one line each: when, office, table, record, desk, why."""
    from desktop.sync.protocol import DUPLICATE_NUMBER
    from desktop.sync.server.conflict_list import list_conflicts

    with engine.connect() as connection:  # type: ignore[attr-defined]
        found = list_conflicts(connection, office=office, include_settled=include_settled)
    reasons = {"": _("both desks changed it"),
               DUPLICATE_NUMBER: _("registration number given twice")}
    for item in found:
        state = _("settled") if item.settled else _("not settled")
        print(f"{item.detected_at:%d.%m.%Y %H:%M}  {item.scope:12}  {item.table:22}  "
              f"{item.record_id}  {item.node_id}  {state:10}  "
              f"{reasons.get(item.reason, item.reason)}")
    _say(Text("Open conflicts: {count}", count=sum(not c.settled for c in found)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _catalogs_found():
        l10n.use_language(choose_language(argv))
        _ = l10n.gettext()
    else:
        _ = str
    args = _parser(_).parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        engine = db.make_engine(args.database, pool_size=1)
        if args.command == "init":
            db.upgrade(engine)
            # a status line the install script and its documentation read: kept as it is
            print(f"schema at {db.HEAD_REVISION}")
            return 0
        db.check_schema(engine)
        if args.command == "enrol":
            with engine.begin() as connection:
                code = enrolment.create_enrolment(connection, args.office, args.kind,
                                                  days=args.days)
            print(code)
            return 0
        if args.command == "revoke":
            with engine.begin() as connection:
                done = enrolment.revoke(connection, args.node)
            _say(Text("The desk's access is revoked.") if done else
                 Text("No active desk has this node id."))
            return 0 if done else 1
        if args.command == "nodes":
            with engine.connect() as connection:
                for row in connection.execute(select(nodes).order_by(nodes.c.office_code)):
                    status = _("access revoked") if row.revoked_at else _("access active")
                    print(f"{row.id}  {row.office_code:12}  {status:16}  {row.name}")
            return 0
        if args.command == "conflicts":
            return _conflicts(engine, args.office, args.all, _)
        if args.command == "import":
            with engine.begin() as connection:
                reply, summary = answer_bundle(connection, args.bundle.read_bytes())
            args.reply.write_bytes(reply)
            _say(Text("Applied {batches} batch(es) from {node}; the reply with {changes} "
                      "change(s) is written to {reply}.", batches=summary["batches"],
                      node=summary["node"], changes=summary["changes_out"],
                      reply=str(args.reply)))
            return 0
        if args.command == "reference":
            return _reference(engine, args.files)
    except db.DatabaseNotReadyError as error:
        _say(error.message, error=True)
        return 2
    except (BundleError, enrolment.EnrolmentInputError) as error:
        _say(error.message, error=True)
        return 1
    except OSError as error:
        _say(Text("Cannot read or write {path}: {reason}", path=str(error.filename or ""),
                  reason=error.strerror or str(error)), error=True)
        return 1
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
