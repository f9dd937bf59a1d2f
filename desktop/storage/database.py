"""The workstation database: where it lives, opening it safely, migrations, sessions."""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.storage import migrate, outbox
from desktop.storage.backup import KEEP_BACKUPS, latest_backup, make_backup
from desktop.storage.base import utcnow
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DataFolderNotWritableError,
    DiskFullError,
    is_disk_full,
)
from desktop.storage.ids import new_id
from desktop.storage.location import LOGS_FOLDER, PRINTS_FOLDER, default_db_path
from desktop.storage.models import SettingRecord
from desktop.storage.private import create_private, is_private, private_folder, tighten
from desktop.storage.settings import write_setting

__all__ = [
    "HEAD_REVISION",
    "DataFolderNotWritableError",
    "Database",
    "DatabaseCorruptError",
    "DatabaseError",
    "DatabaseTooNewError",
    "DiskFullError",
    "current_revision",
    "default_db_path",
]

HEAD_REVISION = migrate.HEAD_REVISION
NODE_ID_KEY = "node.id"
OPEN_MARKER_KEY = "session.open_since"  # present while open: left behind by a crash
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no trace: with no ``-wal`` file beside it the whole
    database is in the main file, and ``immutable=1`` reads it without creating ``-shm``/``-wal``
    (which a plain read-only open of a WAL database would do)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not path.with_name(path.name + "-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _inspect(path: Path, *, integrity_check: bool | None) -> tuple[str | None, bool]:
    """(Alembic revision or None, whether the file holds any table); never writes the file.

    Raises DatabaseCorruptError for anything that is not a sound SQLite database with a
    readable ``alembic_version`` (or no tables at all). ``integrity_check=None`` runs
    ``PRAGMA quick_check`` (about 2 s per GB) only when the last session did not close cleanly.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise DataFolderNotWritableError(path) from error
    if header != _SQLITE_MAGIC:
        raise DatabaseCorruptError(path, latest_backup(path), "not an SQLite file")
    try:
        connection = _read_only(path)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if integrity_check is None:
                integrity_check = "settings" in tables and bool(
                    connection.execute(
                        "SELECT 1 FROM settings WHERE key = ?", (OPEN_MARKER_KEY,)
                    ).fetchone()
                )
            if integrity_check:
                verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise DatabaseCorruptError(path, latest_backup(path), "quick_check failed")
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseCorruptError(path, latest_backup(path), "no alembic_version")
                return None, False
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            return (rows[0][0] if rows else None), True
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseCorruptError(path, latest_backup(path), str(error)) from error


def _keep_private(path: Path) -> None:
    """Owner-only modes for what a desk installed before the rule left readable to others.

    The user's data folder is Kömek's own: when it is still open to others (a desk from
    before), it and everything in it are tightened, once. A database given with ``--db`` may
    sit in a folder of other files: there only the database's own files (``komek.sqlite3``,
    ``-wal``, ``-shm``, backups, a damaged copy) are, and the ``prints`` and ``logs`` folders
    beside it when they are open. What Kömek makes afterwards is private from the start, so
    a start after the first looks at a few files only (not at every coupon ever printed)."""
    folder = path.parent
    if folder == default_db_path().parent and not is_private(folder):
        tighten([folder], recursive=True)
        return
    tighten([p for p in folder.iterdir() if p.name.startswith(path.name)])
    tighten([sub for sub in (folder / PRINTS_FOLDER, folder / LOGS_FOLDER)
             if not is_private(sub)], recursive=True)


def _is_corruption(error: DBAPIError) -> bool:
    """SQLITE_CORRUPT / SQLITE_NOTADB: the file is damaged (found while reading a page)."""
    code = getattr(error.orig, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or (
        "malformed" in str(error.orig)
    )


def current_revision(path: Path) -> str | None:
    """The Alembic revision of the database at ``path`` (None: no file or an empty one)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    return _inspect(path, integrity_check=False)[0]


def _ensure_writable(path: Path) -> None:
    folder = path.parent
    try:
        private_folder(folder, ours=False)  # created 0700; an existing one: _keep_private
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise DataFolderNotWritableError(folder) from error
    if path.exists():
        try:
            with path.open("r+b"):
                pass
        except OSError as error:
            raise DataFolderNotWritableError(path) from error


class Database:
    """One open workstation database. Use :meth:`open`; sessions via :meth:`session`."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        outbox.install(self._sessions)  # every change of a synced record is queued for sync
        self.node_id = ""
        # The staff member of the account logged in at this desk (None: no accounts, or
        # headless): who the audit log names for prints. Set by the interface at log-in.
        self.acting_staff_id: str | None = None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        keep_backups: int = KEEP_BACKUPS,
        integrity_check: bool | None = None,
    ) -> Database:
        """Open (or create) the database at ``path`` and bring it to the current schema.

        In order: the folder is created and must be writable; an existing file is inspected
        read-only (SQLite header, schema, Alembic revision, and ``PRAGMA quick_check`` when
        ``integrity_check`` is True, or, by default, when the previous session ended without
        :meth:`close` or a migration is due); a revision this app
        does not know means a newer app made it, and the file is left untouched; before any
        migration of a database that holds tables a dated backup is written beside it; then the
        migrations run in one transaction.
        """
        path = Path(path)
        _ensure_writable(path)
        _keep_private(path)
        revision: str | None = None
        has_tables = False
        if path.exists() and path.stat().st_size > 0:
            revision, has_tables = _inspect(path, integrity_check=integrity_check)
            if revision != HEAD_REVISION and has_tables and integrity_check is None:
                _inspect(path, integrity_check=True)  # never migrate a damaged file
        if revision not in (None, HEAD_REVISION) and revision not in migrate.known_revisions():
            raise DatabaseTooNewError(path, revision)
        if revision != HEAD_REVISION and has_tables:
            try:
                make_backup(path, keep=keep_backups)
            except (OSError, sqlite3.Error) as error:
                if is_disk_full(error):
                    raise DiskFullError(path) from error
                raise DataFolderNotWritableError(path.parent) from error
        try:
            create_private(path)  # a new database is 0600, and its -wal and -shm take its mode
        except OSError as error:
            raise DataFolderNotWritableError(path) from error
        engine = create_sqlite_engine(path)
        try:
            if revision != HEAD_REVISION:
                migrate.upgrade(engine)
            database = cls(path, engine)
            database.node_id = database._ensure_node_id()
            with database.session() as session:
                write_setting(session, OPEN_MARKER_KEY, utcnow().isoformat(timespec="seconds"))
        except DBAPIError as error:
            engine.dispose()
            if is_disk_full(error):
                raise DiskFullError(path) from error
            if isinstance(error.orig, sqlite3.OperationalError) and "readonly" in str(error.orig):
                raise DataFolderNotWritableError(path) from error
            raise DatabaseCorruptError(path, latest_backup(path), str(error.orig)) from error
        except DatabaseError:
            engine.dispose()
            raise
        except BaseException as error:
            engine.dispose()
            if is_disk_full(error):
                raise DiskFullError(path) from error
            raise
        return database

    def _ensure_node_id(self) -> str:
        """This workstation's id (a UUIDv7 made once), written into ``origin_node`` and audit."""
        with self.session() as session:
            setting = session.get(SettingRecord, NODE_ID_KEY)
            if setting is None:
                setting = SettingRecord(key=NODE_ID_KEY, value=new_id())
                session.add(setting)
            return setting.value

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as error:
            with contextlib.suppress(DBAPIError, sqlite3.Error):
                session.rollback()
            if is_disk_full(error):
                raise DiskFullError(self.path) from error
            if _is_corruption(error):
                raise DatabaseCorruptError(
                    self.path, latest_backup(self.path), str(error.orig)
                ) from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def close(self) -> None:
        """Mark a clean end, checkpoint the WAL into the main file, release every connection.

        Never raises for the database's sake: on a full disk the marker or the checkpoint may
        not be written, and then the committed work stays in the ``-wal`` file, which SQLite
        reads (and checkpoints) at the next open; the next open also checks the file, as after
        any session that did not end cleanly."""
        with contextlib.suppress(DatabaseError, DBAPIError, sqlite3.Error, OSError), \
                self.session() as session:
            write_setting(session, OPEN_MARKER_KEY, None)
        with contextlib.suppress(DBAPIError, sqlite3.Error, OSError), \
                self.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            if raw is not None:
                raw.execute("PRAGMA optimize")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(DBAPIError, sqlite3.Error, OSError):
            self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

