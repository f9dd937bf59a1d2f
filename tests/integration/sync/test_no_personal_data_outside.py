"""No personal data outside the database: the desk's whole day, run as the program runs
(the demo filled in by ``komek --demo``, an intake through the wizard, prints by ``komek
print``, a sync with the real district server and PostgreSQL, and a crash whose exception
carries an IIN), in a home folder of its own; then every file written anywhere under that
home or in the temporary folder is read, and none outside the database holds an IIN or a
surname of the families. The documents a person asked for (the coupon in ``prints/``, a
packet saved with ``--out``) are personal data by purpose: their names are checked, and
their modes, never their pages. Everything in the data and config folders is the owner's
alone (0600 files, 0700 folders)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.demo.intake_family import write_test_overlay
from desktop.domain.quarters import Quarter
from desktop.services.journal import Journal
from desktop.services.workstation import load_setup
from desktop.storage.database import Database
from desktop.storage.models import ApplicationRecord, MemberRecord
from desktop.ui.language import LanguageController
from desktop.ui.main_window import AppContext, MainWindow

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(os.name != "posix", reason="POSIX home and modes")]
ROOT = Path(__file__).resolve().parents[3]
SURNAME = "Жұмабекова"  # the intake family's own, typed into the wizard


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A user of its own: home, data, config, cache and temporary folders."""
    folders = {"home": tmp_path / "home", "tmp": tmp_path / "tmp"}
    folders["share"] = folders["home"] / ".local" / "share"
    folders["config"] = folders["home"] / ".config"
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    for name, value in (("HOME", "home"), ("XDG_DATA_HOME", "share"),
                        ("XDG_CONFIG_HOME", "config"), ("TMPDIR", "tmp")):
        monkeypatch.setenv(name, str(folders[value]))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folders["home"] / ".cache"))
    monkeypatch.delenv("KOMEK_CONFIG_DIR", raising=False)  # the real config folder
    monkeypatch.delenv("KOMEK_PARAMS_OVERLAY", raising=False)
    folders["data"] = folders["share"] / "Komek"
    folders["komek_config"] = folders["config"] / "Komek"
    return folders


OUTPUT: list[str] = []  # what the commands printed: a desktop session's log keeps it


def _komek(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", **env}
    done = subprocess.run([sys.executable, "-m", "desktop", *args], env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    OUTPUT.extend((done.stdout, done.stderr))
    return done


def _files(*folders: Path) -> dict[Path, tuple[int, int]]:
    found: dict[Path, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                info = path.stat()
                found[path] = (info.st_size, info.st_mtime_ns)
    return found


def _needles(db: Database) -> set[str]:
    """The IINs and surnames of every family in the database."""
    with db.session() as session:
        rows = session.execute(select(ApplicationRecord.applicant_iin,
                                      ApplicationRecord.applicant_name)).all()
        members = session.execute(select(MemberRecord.iin, MemberRecord.surname)).all()
    found = {iin for iin, _name in rows if iin} | {iin for iin, _s in members if iin}
    found |= {name.split()[0] for _iin, name in rows if name and len(name.split()[0]) > 3}
    found |= {surname for _iin, surname in members if surname and len(surname) > 3}
    return found


def _forms_of(needle: str) -> list[bytes]:
    """How a value may sit in a file: as UTF-8, and as JSON writes it with ASCII escapes."""
    return [needle.encode(), json.dumps(needle)[1:-1].encode(), needle.encode("utf-16-le")]


def _intake(qtbot, db: Database) -> str:
    """One family through the real wizard: typed, registered, its coupon saved."""
    from desktop.demo.intake_family import fill_family

    window = MainWindow(AppContext(db=db, language=LanguageController(), setup=load_setup(db)))
    qtbot.addWidget(window)
    window.show()
    window.desk.new_application()  # АСП's wizard, the chooser aside
    wizard = window.desk.windows[-1]
    fill_family(wizard.session, 4, seed=11)
    wizard.session.set_value("applicant_surname", SURNAME)
    wizard.dirty = True
    wizard.rebuild()
    wizard.register()
    number = wizard.session.registration_number
    assert number and wizard.pdf_dialog is not None
    wizard.close()
    window.close()
    return number


def _crash(db: Database) -> str:
    """A real exception whose message holds an IIN: SQLAlchemy puts the statement's values in
    it. The command line's handler and the window's hook both report it."""
    from sqlalchemy.exc import IntegrityError

    from desktop.__main__ import unexpected
    from desktop.ui.problems import ExceptionHook

    with db.session() as session:
        app_id, iin = session.execute(select(ApplicationRecord.id,
                                             ApplicationRecord.applicant_iin)).first()
    try:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO applications (id, applicant_iin) VALUES (?, ?)", (app_id, iin))
    except IntegrityError as error:
        assert iin in str(error)  # what a plain traceback would have printed
        assert unexpected(error, str(db.path), "ru") == 1
        hook = ExceptionHook(lambda: db.path.parent / "logs")
        try:
            hook.handle(error)
        finally:
            hook.restore()
            if hook.box is not None:
                hook.box.close()
        assert hook.reports and hook.reports[0] is not None
        return iin
    raise AssertionError("the insert should have failed")


def test_a_day_at_the_desk_leaves_no_personal_data_outside_the_database(
        qtbot, home, server, capsys, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(home["tmp"]))  # this process's temp files
    OUTPUT.clear()
    overlay = write_test_overlay(home["share"] / "komek" / "params", "karaganda",
                                 [Quarter.of(dt.date.today())])
    assert overlay.is_dir()
    before = _files(home["home"], home["tmp"])

    _komek("--lang", "ru", "setup", "save", "--kind", "district_office", "--region",
           "Карагандинская область", "--district", "Актогайский район", "--name-kk",
           "Ақтоғай ауданының бөлімі", "--name-ru", "Отдел Актогайского района",
           "--code", "AKT-01", "--operator", "Сейтқали Әлия Нұрланқызы")
    # the window, filled with the demo, closes once it is ready
    started = _komek("--demo", "--lang", "kk", KOMEK_REPORT_SHOWN="1")
    assert "ready" in started.stdout

    path = home["data"] / "komek.sqlite3"
    db = Database.open(path)
    try:
        assert Journal(db).count() > 100
        number = _intake(qtbot, db)
        needles = _needles(db)
        crashed_iin = _crash(db)
    finally:
        db.close()
    assert SURNAME in needles and crashed_iin in needles and len(needles) > 300

    exports = {home["data"] / "packet.pdf", home["data"] / "access.xlsx"}  # the person's
    _komek("print", "packet", number, "--out", str(home["data"] / "packet.pdf"), "--lang", "ru")
    today = dt.date.today().isoformat()
    _komek("print", "access_journal", "--from", today, "--to", today, "--out",
           str(home["data"] / "access.xlsx"))
    code = server.cli("enrol", "--office", "AKT-01", "--kind", "district")
    _komek("sync", "--enrol", server.url, "--code", code, "--lang", "ru")
    synced = _komek("sync", "--lang", "ru")
    assert "Синхронизировано" in synced.stdout

    written = {p for p, seen in _files(home["home"], home["tmp"]).items()
               if before.get(p) != seen}
    database = {p for p in written if p.parent == home["data"]
                and (p.name.startswith("komek.sqlite3"))}
    documents = {p for p in written if p.parent == home["data"] / "prints" or p in exports}
    others = written - database - documents
    assert any(p.parent == home["data"] / "logs" for p in others)  # the crash reports
    assert any(p.parent == home["komek_config"] for p in others)  # the sync credentials
    assert not list(home["tmp"].iterdir())  # no temporary file left behind
    leaks = [(str(p.relative_to(home["home"].parent)), needle) for p in sorted(others)
             for needle in sorted(needles)
             if any(form in p.read_bytes() for form in _forms_of(needle))]
    assert leaks == []
    for document in documents:
        assert not any(needle in document.name for needle in needles), document.name
    err = capsys.readouterr().err
    assert "Traceback" in err  # the crash report went to standard error too
    printed = "\n".join([err, *OUTPUT])
    assert [needle for needle in needles if needle in printed] == []

    for folder in (home["data"], home["komek_config"]):
        for item in [folder, *folder.rglob("*")]:
            mode = stat.S_IMODE(item.stat().st_mode)
            assert mode == (0o700 if item.is_dir() else 0o600), (str(item), oct(mode))
