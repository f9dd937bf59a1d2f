"""What the kill test's children do until they are killed, and the server they are forked
from: ``python kill_worker.py`` imports the program and registers one family once, then
reads commands on its standard input, one a line, forks a child for each and prints the
child's process id. A child starts in milliseconds, not in the seconds an interpreter takes.

    register DB OVERLAY SEED LOG    register families one after another
    open DB LOG                     open an older desk's database (back up, migrate)

A child appends what it has done to LOG, one line a single write (a kill never leaves half
a line): ``ready`` once it starts its work, then each registration's number once it is
committed, or ``migrated``. Everything goes through the program's own opener,
``Database.open``, and its services: the test holds whatever the database file becomes
(encrypted, for one) to the same account.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from desktop.demo.intake_family import fill_family, write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.parameters.store import load_parameters
from desktop.services.intake import intake_context, new_session, register
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database

SETUP = WorkstationSetup(
    region="Карагандинская область", district="Актогайский район",
    office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
    office_name_ru="Отдел Актогайского района", office_code="AKT-01",
    operator_full_name="Оператор Тест", operator_position="маман")


def _warm_up() -> None:
    """One registration in a scratch folder, at import: the forms, the rules, the fonts and
    the migrations are loaded once in the server the children are forked from."""
    folder = Path(tempfile.mkdtemp(prefix="komek-kill-warm-"))
    try:
        overlay = write_test_overlay(folder / "params", "karaganda",
                                     [Quarter.of(dt.date.today())])
        db = Database.open(folder / "komek.sqlite3")
        save_setup(db, SETUP)
        context = intake_context(db, parameters=load_parameters(overlay_dir=overlay))
        session = new_session(context)
        fill_family(session, 3)
        register(context, session, "kk")
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)



def _say(log: int, line: str) -> None:
    os.write(log, (line + "\n").encode())


def register_until_killed(path: str, overlay: str, seed: int, log: int) -> None:
    db = Database.open(Path(path))
    context = intake_context(db, parameters=load_parameters(overlay_dir=Path(overlay)))
    _say(log, "ready")
    number = 0
    while True:
        session = new_session(context)
        fill_family(session, 2 + (seed + number) % 4, seed=seed + number)
        _say(log, register(context, session, "kk").number)
        number += 1


def open_until_killed(path: str, log: int) -> None:
    _say(log, "ready")
    Database.open(Path(path)).close()
    _say(log, "migrated")


def _child(words: list[str]) -> None:
    log = os.open(words[-1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if words[0] == "register":
            register_until_killed(words[1], words[2], int(words[3]), log)
        else:
            open_until_killed(words[1], log)
    except Exception as error:  # the test fails on it, naming the kind
        import traceback

        _say(log, f"error {type(error).__name__}")
        traceback.print_exc()
        raise


def serve() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they die
    print("serving", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 0
            try:
                _child(words)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        print(pid, flush=True)


if __name__ == "__main__":
    _warm_up()
    serve()
