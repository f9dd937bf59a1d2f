"""The desktop bundle built by packaging/build-desktop.sh runs on its own.

Built once per session into a temporary folder, then copied to another one (as an installer
would), and run from there with the source tree out of reach: a temporary working folder,
no PYTHONPATH, a fresh HOME and user data folder, offscreen Qt.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "desktop" / "storage" / "migrations" / "versions"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),  # the first test also builds the bundle
    pytest.mark.skipif(not sys.platform.startswith("linux"),
                       reason="packaging/build-desktop.sh builds the Linux bundle"),
]


@dataclass(frozen=True)
class Bundle:
    folder: Path
    build_seconds: float
    migrations: tuple[str, ...]  # the source tree's migration files when it was built

    @property
    def executable(self) -> Path:
        return self.folder / "komek"

    @property
    def internal(self) -> Path:
        return self.folder / "_internal"


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Bundle:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed here (pip install -e '.[test]' brings it)")
    build = tmp_path_factory.mktemp("bundle-build")
    migrations = tuple(sorted(p.name for p in MIGRATIONS.glob("*.py")))
    env = {**os.environ, "PYTHON": sys.executable, "KOMEK_BUILD_WORK": str(build / "work")}
    env.pop("PYTHONPATH", None)
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build-desktop.sh"), str(build / "dist")],
        env=env, cwd=build, capture_output=True, text=True, timeout=1100, check=False)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-8000:]
    # "Install" it: a copy elsewhere, and the build folder gone.
    installed = tmp_path_factory.mktemp("installed") / "komek"
    shutil.copytree(build / "dist" / "komek", installed, symlinks=True)
    shutil.rmtree(build)
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"desktop bundle: built in {seconds:.0f} s, "
                            f"{_size(installed) / 2**20:.0f} MiB")
    return Bundle(installed, seconds, migrations)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(bundle: Bundle, home: Path, *args: str, timeout: float = 180, stdin: str | None = None,
        **extra_env: str) -> subprocess.CompletedProcess[str]:
    """The bundle, started as a user would: nothing of the build or the source tree around."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        **extra_env,
    }
    return subprocess.run([str(bundle.executable), *args], env=env, cwd=home, input=stdin,
                          capture_output=True, text=True, timeout=timeout, check=False)


def user_db(home: Path) -> Path:
    return home / "data" / "Komek" / "komek.sqlite3"


def key_file(home: Path) -> Path:
    """Where the bundle keeps the desk key here: no credential store answers in the test's
    environment (no session bus), so the owner-only file in the user's config folder."""
    return home / "config" / "Komek" / "database-key"


def connect(path: Path, home: Path) -> Any:
    """The bundle's encrypted database, opened with the key the bundle stored."""
    from desktop.storage import cipher

    return cipher.connect(path, bytes.fromhex(key_file(home).read_text()))


def revision(path: Path, home: Path) -> str:
    connection = connect(path, home)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


# ---- what is inside ----------------------------------------------------------------------------


def test_version_is_the_package_version(bundle: Bundle, home: Path) -> None:
    result = run(bundle, home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Kömek {VERSION}"
    # desktop.__version__ comes from the bundled metadata, not a fallback.
    metadata = bundle.internal / f"komek-{VERSION}.dist-info" / "METADATA"
    assert f"Version: {VERSION}" in metadata.read_text(encoding="utf-8")


def test_bundle_holds_what_the_app_reads_and_no_more(bundle: Bundle) -> None:
    internal = bundle.internal
    for lang in ("kk", "ru"):
        assert (internal / "i18n" / lang / "LC_MESSAGES" / "ui.po").is_file()
        assert (internal / "PySide6" / "Qt" / "translations" / f"qtbase_{lang}.qm").is_file()
    # The catalogs are read with the standard library, so no Babel locale is needed at all;
    # should Babel come in through another package, only kk/ru/en data may come with it.
    assert not (internal / "babel" / "locale-data" / "de.dat").exists()
    assert not list(internal.rglob("qtbase_de.qm"))
    bundled = internal / "desktop" / "storage" / "migrations" / "versions"
    assert tuple(sorted(p.name for p in bundled.glob("*.py"))) == bundle.migrations
    assert (internal / "desktop" / "storage" / "migrations" / "env.py").is_file()
    for folder in ("forms", "resources/fonts", "resources/params"):
        assert any((internal / folder).iterdir()), folder
    # Print preview and printing: PDFium's library and Qt's print support.
    assert list((internal / "pypdfium2_raw").glob("*pdfium*")), "PDFium is missing"
    assert (internal / "pypdfium2_raw" / "version.json").is_file()
    assert list(internal.rglob("libQt6PrintSupport*")) or list(internal.rglob("Qt6PrintSupport*"))
    # Modules imported only inside functions (Excel export, sub-commands) made it in too.
    from PyInstaller.archive.readers import pkg_archive_contents

    modules = set(pkg_archive_contents(str(bundle.executable)))
    for module in ("openpyxl", "openpyxl.workbook", "desktop.services.report_export",
                   "desktop.cli.setup", "desktop.cli.print", "pypdfium2",
                   "desktop.sync.client.batches", "orjson", "sqlcipher3.dbapi2", "keyring",
                   "keyring.backends.SecretService", "keyring.backends.Windows"):
        assert module in modules, module
    # orjson is a compiled extension: its library lies beside the archive
    assert list((internal / "orjson").glob("orjson*.so")) or \
        list((internal / "orjson").glob("orjson*.pyd")), "orjson's extension is missing"
    unused = [p.name for pattern in ("*WebEngine*", "*Qt6Qml*", "*Qt6Quick*", "*Qt6Pdf*",
                                     "*Multimedia*", "*tkinter*", "*pytest*", "*psycopg*")
              for p in internal.rglob(pattern)]
    assert unused == []
    assert _size(bundle.folder) < 250 * 2**20


# ---- a fresh workstation -----------------------------------------------------------------------


def test_fresh_data_folder_database_window_and_print(bundle: Bundle, home: Path) -> None:
    from pypdf import PdfReader

    from desktop.storage.migrate import HEAD_REVISION

    # The first command creates the database in the user's data folder, at the current schema.
    result = run(bundle, home, "print", "coupon", "NO-SUCH-NUMBER", "--out", "x.pdf")
    assert result.returncode == 2, result.stderr
    assert revision(user_db(home), home) == HEAD_REVISION
    from desktop.storage import cipher

    assert not cipher.is_plain(user_db(home))  # SQLCipher is in the bundle, and used
    assert oct(key_file(home).stat().st_mode & 0o777) == "0o600"
    result = run(bundle, home, "--lang", "ru", "--help")  # says where the key is, plainly
    assert "нет хранилища учетных данных" in result.stdout, result.stdout

    # The first-start dialog cannot be answered offscreen: the office is set up beforehand,
    # as an administrator preparing PCs does, with the bundle's own command.
    result = run(bundle, home, "--lang", "ru", "setup", "save", "--office", "1",
                 "--code", "TST-01", "--operator", "Оператор Проверки", "--position", "маман")
    assert result.returncode == 0, result.stderr
    result = run(bundle, home, "--lang", "kk", "setup", "show")
    assert "TST-01" in result.stdout and "Мекеме коды" in result.stdout, result.stdout

    result = run(bundle, home, "--demo", KOMEK_REPORT_SHOWN="1")
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("shown ") for line in result.stdout.splitlines()), result.stdout

    with connect(user_db(home), home) as connection:
        number = connection.execute(
            "SELECT registration_number FROM applications WHERE registered_at IS NOT NULL "
            "AND service = 'asp' ORDER BY registration_number LIMIT 1").fetchone()[0]
    # An АСП application: its sheets print (the demo holds every service; the others print
    # their coupon and result). The calculation and the packet need the district's farm
    # norms, which demo data lack.
    for document, lang in (("application", "kk"), ("coupon", "ru")):
        out = home / f"{document}-{lang}.pdf"
        result = run(bundle, home, "print", document, number, "--lang", lang, "--out", str(out))
        assert result.returncode == 0, result.stderr
        pdf = PdfReader(out)
        assert pdf.metadata is not None and pdf.metadata.creator == f"Kömek {VERSION}"
        assert number in "".join(page.extract_text() for page in pdf.pages)


def test_assess_gives_what_the_source_tree_gives(bundle: Bundle, home: Path) -> None:
    import yaml

    from desktop.domain.interchange import application_to_json
    from desktop.domain.model import Relationship
    from desktop.domain.quarters import Quarter
    from tests.support.domain_factories import REGION, application, member, monthly_income

    family = [member("a", Relationship.APPLICANT, dt.date(1950, 1, 1))]
    document = application_to_json(application(family, dt.date(2025, 5, 15),
                                               monthly_income("a", Quarter(2025, 1), 30_000)))
    path = home / "application.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    overlay = home / "overlay"
    overlay.mkdir()
    (overlay / "poverty_lines.yaml").write_text(yaml.safe_dump({"poverty_lines": [
        {"region": REGION, "quarter": "2025-Q2", "amount": "40000", "source": "test"}]}),
        encoding="utf-8")
    args = ["assess", str(path), "--lang", "kk", "--params", str(overlay)]

    frozen = run(bundle, home, *args)
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    source = subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert source.returncode == 0, source.stderr
    output: dict[str, Any] = json.loads(frozen.stdout)
    assert output == json.loads(source.stdout)
    assert output["outcome"] == "assigned" and output["lang"] == "kk"


# ---- an upgrade over an older release ----------------------------------------------------------


def test_new_build_migrates_an_old_database_after_a_backup(bundle: Bundle, home: Path) -> None:
    from sqlalchemy import create_engine

    from desktop.services.workstation import OFFICE_KEY, STAFF_KEY
    from desktop.storage import cipher, migrate

    first_revision = "0001_initial"
    path = home / "data" / "Komek" / "komek.sqlite3"
    path.parent.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{path}")  # the old release's plain SQLite file
    migrate.upgrade(engine, first_revision)
    engine.dispose()
    now = "2025-01-10 09:00:00.000000"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO offices (id, code, kind, region, district, locality, name_kk, name_ru,"
            " address_kk, address_ru, phone, version, created_at, updated_at)"
            " VALUES ('01940000-0000-7000-8000-000000000001', 'OLD-01', 'akimat',"
            " 'Карагандинская область', 'Актогайский район', 'Сарышаган', 'Ескі әкімдік',"
            " 'Старый акимат', '', '', '', 1, ?, ?)", (now, now))
        connection.execute(
            "INSERT INTO staff (id, office_id, full_name, position, active, version,"
            " created_at, updated_at) VALUES ('01940000-0000-7000-8000-000000000002',"
            " '01940000-0000-7000-8000-000000000001', 'Әкім Көмекшісі', 'маман', 1, 1, ?, ?)",
            (now, now))
        connection.executemany(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
            [(OFFICE_KEY, "01940000-0000-7000-8000-000000000001", now),
             (STAFF_KEY, "01940000-0000-7000-8000-000000000002", now),
             ("language", "ru", now)])
    connection.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            first_revision,)
    connection.close()

    # the first start of the new build: converted to SQLCipher, then migrated
    result = run(bundle, home, "--db", str(path), "--lang", "ru", "setup", "show")
    assert result.returncode == 0, result.stderr
    assert "OLD-01" in result.stdout
    with connect(path, home) as connection:  # the administrator saw the code in the window,
        connection.execute(  # which offscreen nobody can close: as if it had been shown
            "INSERT INTO settings (key, value, updated_at) VALUES "
            "('key.recovery_code_shown', '2025-01-10T09:00:00', ?)", (now,))
    connection.close()
    result = run(bundle, home, "--db", str(path), KOMEK_REPORT_SHOWN="1")
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("shown ") for line in result.stdout.splitlines()), result.stdout

    assert not cipher.is_plain(path)
    assert revision(path, home) == migrate.HEAD_REVISION
    with connect(path, home) as connection:
        assert connection.execute("SELECT code, name_ru FROM offices").fetchall() == [
            ("OLD-01", "Старый акимат")]
        assert connection.execute("SELECT full_name FROM staff").fetchall() == [
            ("Әкім Көмекшісі",)]
        assert connection.execute(
            "SELECT value FROM settings WHERE key = 'language'").fetchone() == ("ru",)
    connection.close()
    backups = sorted(path.parent.glob("komek.sqlite3.*.bak"))
    assert len(backups) == 2, list(path.parent.iterdir())  # before converting, before migrating
    for backup in backups:
        assert not cipher.is_plain(backup)
        assert revision(backup, home) == first_revision
        with connect(backup, home) as connection:
            assert connection.execute("SELECT code FROM offices").fetchall() == [("OLD-01",)]
        connection.close()
    assert not [p for p in path.parent.iterdir() if cipher.is_plain(p)]

    # the key lost (a reset credential store): refused with exit 5, then the code opens it
    from desktop.storage.recovery_code import format_code

    code = format_code(bytes.fromhex(key_file(home).read_text()))
    key_file(home).unlink()
    result = run(bundle, home, "--db", str(path), "--lang", "ru", "setup", "show")
    assert result.returncode == 5 and str(path) in result.stderr, result.stderr
    result = run(bundle, home, "--db", str(path), "--lang", "kk", "setup", "recover",
                 "--code-stdin", stdin=code)
    assert result.returncode == 0, result.stderr
    assert revision(path, home) == migrate.HEAD_REVISION
