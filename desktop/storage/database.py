"""The workstation database: where it lives, opening it safely, migrations, sessions."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.storage import cipher, keystore, migrate, outbox
from desktop.storage.backup import KEEP_BACKUPS, latest_backup, latest_good_backup, make_backup
from desktop.storage.base import utcnow
from desktop.storage.conversion import ConversionError, convert, finish_conversion, plain_revision
from desktop.storage.engine import create_sqlite_engine
from desktop.storage.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseTooNewError,
    DataFolderNotWritableError,
    DiskFullError,
    is_disk_full,
    is_disk_full_at,
)
from desktop.storage.ids import new_id
from desktop.storage.location import LOGS_FOLDER, PRINTS_FOLDER, default_db_path
from desktop.storage.models import SettingRecord
from desktop.storage.private import create_private, is_private, private_folder, tighten
from desktop.storage.recovery_code import format_code
from desktop.storage.settings import read_setting, write_setting

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
# When the recovery code of the desk key was shown (absent: not yet, so it is shown next).
RECOVERY_SHOWN_KEY = "key.recovery_code_shown"


def _damaged(path: Path, key: bytes | None, detail: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(path, latest_good_backup(path, key), detail)


def _inspect(path: Path, key: bytes, *, integrity_check: bool | None,
             pages: bool = True) -> tuple[str | None, bool]:
    """(Alembic revision or None, whether the file holds any table); never writes the file.

    Raises DatabaseCorruptError for anything that is not a sound Kömek database under ``key``
    with a readable ``alembic_version`` (or no tables at all): a wrong key reads as damage.
    ``pages`` checks every page's HMAC and the file's length (:func:`cipher.damage`), so a
    damaged page is found before the program writes anything. ``integrity_check=None`` also
    runs ``PRAGMA quick_check`` (the b-trees) when the last session did not close cleanly.
    """
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise DataFolderNotWritableError(path) from error
    try:
        connection = cipher.connect(path, key, read_only=True)
        try:
            if pages:
                problem = cipher.damage(connection)
                if problem is not None:
                    raise _damaged(path, key, problem)
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
                    raise _damaged(path, key, "quick_check failed")
            if "alembic_version" not in tables:
                if tables:
                    raise _damaged(path, key, "no alembic_version")
                return None, False
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            return (rows[0][0] if rows else None), True
        finally:
            connection.close()
    except (cipher.DatabaseError, MemoryError) as error:  # SQLCipher: a failed HMAC may read
        raise _damaged(path, key, str(error) or "page HMAC") from error  # as out of memory


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
    return cipher.is_damage(error.orig)


def _desk_key(path: Path, exists: bool) -> keystore.StoredKey:
    """The desk key; a new one is made only when there is no encrypted file to open."""
    stored = keystore.load_key()
    if stored is not None:
        return stored
    if exists and not cipher.is_plain(path):
        # an encrypted file and no key for it: a reset credential store, another computer
        raise DatabaseCorruptError(path, latest_backup(path), "no desk key")
    key = keystore.new_key()
    try:
        location = keystore.store_key(key)
    except OSError as error:
        raise DataFolderNotWritableError(keystore.config_dir()) from error
    return keystore.StoredKey(key, location)


def _convert(path: Path, key: bytes, keep_backups: int) -> None:
    """A plain database of the version before encryption, encrypted in place (conversion)."""
    try:
        revision, has_tables = plain_revision(path)
    except ConversionError as error:
        raise DatabaseCorruptError(path, latest_backup(path), error.detail) from error
    if revision is None and has_tables:  # another program's SQLite file: not ours to encrypt
        raise DatabaseCorruptError(path, latest_backup(path), "no alembic_version")
    if revision is not None and revision not in migrate.known_revisions():
        raise DatabaseTooNewError(path, revision)
    try:
        convert(path, key, keep_backups=keep_backups)
    except ConversionError as error:
        raise DatabaseCorruptError(path, latest_backup(path), error.detail) from error
    except OSError as error:
        raise DataFolderNotWritableError(path.parent) from error


def current_revision(path: Path) -> str | None:
    """The Alembic revision of the database at ``path`` (None: no file or an empty one)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    if cipher.is_plain(path):
        try:
            return plain_revision(path)[0]
        except ConversionError as error:
            raise DatabaseCorruptError(path, latest_backup(path), error.detail) from error
    stored = keystore.load_key()
    if stored is None:
        raise DatabaseCorruptError(path, latest_backup(path), "no desk key")
    return _inspect(path, stored.key, integrity_check=False, pages=False)[0]


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

    def __init__(self, path: Path, engine: Engine,
                 key: keystore.StoredKey | None = None) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        outbox.install(self._sessions)  # every change of a synced record is queued for sync
        self.node_id = ""
        # The staff member of the account logged in at this desk (None: no accounts, or
        # headless): who the audit log names for prints. Set by the interface at log-in.
        self.acting_staff_id: str | None = None
        self._key = key

    @property
    def key_location(self) -> keystore.Location | None:
        """Where the desk key is kept: ``keyring`` (the credential store) or ``file``."""
        return self._key.location if self._key is not None else None

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        keep_backups: int = KEEP_BACKUPS,
        integrity_check: bool | None = None,
    ) -> Database:
        """Open (or create) the encrypted database at ``path``; bring it to the current schema.

        In order: the folder is created and must be writable; the desk key is loaded (a new one
        is made and stored only when there is no encrypted file yet); a plain database of the
        version before encryption is converted (``desktop.storage.conversion``) and plaintext an
        interrupted conversion left is removed; the file is inspected read-only: every page's
        HMAC and the file's length (a damaged page or a wrong key is refused before anything is
        written), the schema, the Alembic revision, and ``PRAGMA quick_check`` when
        ``integrity_check`` is True, or, by default, when the previous session ended without
        :meth:`close` or a migration is due; a revision this app does not know means a newer
        app made it, and the file is left untouched; before any migration of a database that
        holds tables an encrypted dated backup is written beside it; then the migrations run
        in one transaction.
        """
        path = Path(path)
        _ensure_writable(path)
        _keep_private(path)
        revision: str | None = None
        has_tables = False
        exists = path.exists() and path.stat().st_size > 0
        stored = _desk_key(path, exists)
        key = stored.key
        if exists:
            if cipher.is_plain(path):
                _convert(path, key, keep_backups)
            else:
                try:
                    finish_conversion(path, key, keep_backups=keep_backups)
                except OSError as error:
                    raise DataFolderNotWritableError(path.parent) from error
            revision, has_tables = _inspect(path, key, integrity_check=integrity_check)
            if revision != HEAD_REVISION and has_tables and integrity_check is None:
                _inspect(path, key, integrity_check=True, pages=False)  # never migrate damage
        if revision not in (None, HEAD_REVISION) and revision not in migrate.known_revisions():
            raise DatabaseTooNewError(path, revision)
        if revision != HEAD_REVISION and has_tables:
            try:
                make_backup(path, key, keep=keep_backups)
            except (OSError, cipher.Error) as error:
                if is_disk_full(error):
                    raise DiskFullError(path) from error
                raise DataFolderNotWritableError(path.parent) from error
        try:
            create_private(path)  # a new database is 0600, and its -wal and -shm take its mode
        except OSError as error:
            raise DataFolderNotWritableError(path) from error
        engine = create_sqlite_engine(path, key)
        try:
            if revision != HEAD_REVISION:
                migrate.upgrade(engine)
            database = cls(path, engine, stored)
            database.node_id = database._ensure_node_id()
            with database.session() as session:
                write_setting(session, OPEN_MARKER_KEY, utcnow().isoformat(timespec="seconds"))
        except DBAPIError as error:
            engine.dispose()
            if is_disk_full_at(error, path.parent):
                raise DiskFullError(path) from error
            if isinstance(error.orig, cipher.OperationalError) and "readonly" in str(error.orig):
                raise DataFolderNotWritableError(path) from error
            raise _damaged(path, key, str(error.orig)) from error
        except DatabaseError:
            engine.dispose()
            raise
        except BaseException as error:
            engine.dispose()
            if is_disk_full(error):
                raise DiskFullError(path) from error
            raise
        return database

    def recovery_code_due(self) -> bool:
        """Whether the recovery code has not been shown yet for this database."""
        with self.session() as session:
            return read_setting(session, RECOVERY_SHOWN_KEY) is None

    def recovery_code(self) -> str:
        """The desk key as the recovery code (``desktop.storage.recovery_code``)."""
        if self._key is None:
            raise RuntimeError("no desk key")
        return format_code(self._key.key)

    def recovery_code_shown(self) -> None:
        """Remember that the recovery code was shown (and so is not shown again)."""
        with self.session() as session:
            write_setting(session, RECOVERY_SHOWN_KEY, utcnow().isoformat(timespec="seconds"))

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
            with contextlib.suppress(DBAPIError, cipher.Error):
                session.rollback()
            if is_disk_full_at(error, self.path.parent):
                raise DiskFullError(self.path) from error
            if _is_corruption(error):
                raise _damaged(self.path, self._key.key if self._key else None,
                               str(error.orig)) from error
            raise
        except MemoryError as error:
            # SQLCipher reports a page whose HMAC fails inside some reads as "out of memory"
            session.rollback()
            problem = self._page_damage()
            if problem is not None:
                raise _damaged(self.path, self._key.key if self._key else None,
                               problem) from error
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _page_damage(self) -> str | None:
        """What :func:`cipher.damage` finds in the file now (None: nothing, or no key)."""
        if self._key is None:
            return None
        try:
            connection = cipher.connect(self.path, self._key.key)
            try:
                return cipher.damage(connection)
            finally:
                connection.close()
        except (cipher.DatabaseError, MemoryError) as error:
            return str(error) or type(error).__name__

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def close(self) -> None:
        """Mark a clean end, checkpoint the WAL into the main file, release every connection.

        Never raises for the database's sake: on a full disk the marker or the checkpoint may
        not be written, and then the committed work stays in the ``-wal`` file, which SQLite
        reads (and checkpoints) at the next open; the next open also checks the file, as after
        any session that did not end cleanly. A damaged page met here is reported by SQLCipher
        as a driver error or a MemoryError, and is left to the next open too."""
        with contextlib.suppress(DatabaseError, DBAPIError, cipher.Error, OSError, MemoryError), \
                self.session() as session:
            write_setting(session, OPEN_MARKER_KEY, None)
        with contextlib.suppress(DBAPIError, cipher.Error, OSError, MemoryError), \
                self.engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            if raw is not None:
                raw.execute("PRAGMA optimize")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with contextlib.suppress(DBAPIError, cipher.Error, OSError):
            self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

