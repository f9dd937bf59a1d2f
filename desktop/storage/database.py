"""The workstation database: where it lives, opening it safely, migrations, sessions."""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from desktop.storage import cipher, keystore, migrate
from desktop.storage.backup import KEEP_BACKUPS, latest_backup, latest_good_backup, make_backup
from desktop.storage.clock import stored_utc, utcnow
from desktop.storage.connection import open_connection
from desktop.storage.conversion import ConversionError, convert, finish_conversion, plain_revision
from desktop.storage.damage_record import clear_damage, damage_recorded
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
from desktop.storage.page_check import PageCheck
from desktop.storage.private import create_private, is_private, private_folder, tighten
from desktop.storage.recovery_code import format_code

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

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


# Reads and writes in SQL text, run by the driver or by SQLAlchemy's connection alike
# (:class:`Sql`): the window's start reads the settings, the office and the journal's first
# page before SQLAlchemy is imported (``desktop.ui.app``).
Row = Sequence[Any]


class Sql:
    """One transaction's statements in SQL text with ``?`` parameters, run by the driver:
    on the start's connection before the engine is made, on one of the engine's after."""

    def __init__(self, raw: cipher.Connection) -> None:
        self._raw = raw

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        return self._raw.execute(sql, tuple(parameters)).fetchall()

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None: no row)."""
        found = self.rows(sql, parameters)
        return found[0][0] if found else None


def _setting(sql: Sql, key: str) -> str | None:
    value = sql.scalar("SELECT value FROM settings WHERE key = ?", (key,))
    return None if value is None else str(value)


def _put_setting(sql: Sql, key: str, value: str | None) -> None:
    """Store ``value`` under ``key`` (None: remove it); ``read_setting``/``write_setting`` do
    the same inside an ORM session."""
    if value is None:
        sql.rows("DELETE FROM settings WHERE key = ?", (key,))
        return
    stored = _setting(sql, key)
    if stored is None:
        sql.rows("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)",
                 (key, value, stored_utc(utcnow())))
    elif stored != value:
        sql.rows("UPDATE settings SET value = ?, updated_at = ? WHERE key = ?",
                 (value, stored_utc(utcnow()), key))


def _driver_error(error: BaseException) -> BaseException | None:
    """The SQLCipher driver's error in ``error``: itself, or the one SQLAlchemy wrapped
    (``DBAPIError.orig``); None for anything else."""
    if isinstance(error, cipher.Error):
        return error
    orig = getattr(error, "orig", None)
    return orig if isinstance(orig, cipher.Error) else None


def _damaged(path: Path, key: bytes | None, detail: str) -> DatabaseCorruptError:
    return DatabaseCorruptError(path, latest_good_backup(path, key), detail)


class _Inspection(NamedTuple):
    revision: str | None  # the Alembic revision (None: none, or no tables)
    has_tables: bool
    unclean: bool  # the last session did not end with close(): the b-trees are to be checked


def _inspect(path: Path, key: bytes, *, integrity_check: bool | None,
             pages: bool = True) -> _Inspection:
    """What the file holds, read without writing it.

    Raises DatabaseCorruptError for anything that is not a sound Kömek database under ``key``
    with a readable ``alembic_version`` (or no tables at all): a wrong key reads as damage.
    Always checked, cheaply: the file's length against its header (``PRAGMA page_count``: a
    truncation at a page boundary, which no page's HMAC can show) and the pages read for the
    schema, the revision and the session marker (SQLCipher checks the HMAC of each page it
    reads, so a wrong key fails at the first). ``pages`` checks every page's HMAC
    (:func:`cipher.damage`), so a damaged page is found before the program writes anything.
    ``integrity_check=None`` also runs ``PRAGMA quick_check`` (the b-trees) when the last
    session did not close cleanly, True always, False never.
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
            else:
                connection.execute("PRAGMA page_count").fetchone()
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            unclean = "settings" in tables and bool(connection.execute(
                "SELECT 1 FROM settings WHERE key = ?", (OPEN_MARKER_KEY,)).fetchone())
            if integrity_check or (integrity_check is None and unclean):
                verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
                if verdict != "ok":
                    raise _damaged(path, key, "quick_check failed")
            if "alembic_version" not in tables:
                if tables:
                    raise _damaged(path, key, "no alembic_version")
                return _Inspection(None, False, unclean)
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
            return _Inspection(rows[0][0] if rows else None, True, unclean)
        finally:
            connection.close()
    except (cipher.DatabaseError, MemoryError) as error:  # SQLCipher: a failed HMAC may read
        raise _damaged(path, key, str(error) or "page HMAC") from error  # as out of memory


def _held_until_passed(check: PageCheck) -> Callable[[], bool]:
    """For the engine: no checkpoint into the file until ``check`` has found it sound."""
    return lambda: not check.passed


def _engine(path: Path, key: bytes, hold: Callable[[], bool] | None,
            first: cipher.Connection | None) -> Engine:
    from desktop.storage.engine import create_sqlite_engine

    return create_sqlite_engine(path, key, hold, first)


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
    return _inspect(path, stored.key, integrity_check=False, pages=False).revision


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
    """One open workstation database. Use :meth:`open`; sessions via :meth:`session`.

    The SQLAlchemy engine is made at its first use (:attr:`engine`): until then, the reads and
    writes in SQL text (:meth:`rows`, :meth:`transaction`: the settings, the office, the
    journal) go through one connection of the driver's, which then becomes the engine's
    first. The window's start shows the journal's first page that way, before SQLAlchemy is
    imported (``desktop.ui.app``)."""

    def __init__(self, path: Path, make_engine: Callable[[cipher.Connection | None], Engine],
                 key: keystore.StoredKey | None = None,
                 start: Callable[[], cipher.Connection] | None = None) -> None:
        self.path = path
        self._make_engine = make_engine
        self._engine: Engine | None = None
        # the driver's connection until the engine is made; ``start`` makes it at first use
        self._open_start = start
        self._start: cipher.Connection | None = None
        self._start_lock = threading.RLock()
        # made at the first session(): the ORM is imported then, after the journal's first page
        self._sessions: sessionmaker[Session] | None = None
        self.node_id = ""
        # The staff member of the account logged in at this desk (None: no accounts, or
        # headless): who the audit log names for prints. Set by the interface at log-in.
        self.acting_staff_id: str | None = None
        self._key = key
        # The check of every page left to the background (open(background_check=True)), to be
        # started by the caller; None: the whole file was checked at open.
        self.page_check: PageCheck | None = None

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine, made at the first use (SQLAlchemy is imported then); the
        driver's connection used until then becomes its first connection."""
        engine = self._engine
        if engine is None:
            with self._start_lock:
                if self._engine is None:
                    start, self._start, self._open_start = self._start, None, None
                    try:
                        self._engine = self._make_engine(start)
                    except BaseException:
                        if start is not None:
                            start.close()
                        raise
                engine = self._engine
        return engine

    @property
    def engine_made(self) -> bool:
        return self._engine is not None

    def _start_connection(self) -> cipher.Connection | None:
        """The driver's connection while there is no engine (call with the lock held)."""
        if self._engine is not None:
            return None
        if self._start is None:
            if self._open_start is None:
                return None
            self._start = self._open_start()
        return self._start

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
        background_check: bool = False,
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

        With ``background_check`` (the window's start) only the cheap and decisive part is
        checked here: the key opens the file, the schema and revision read, the file's length
        is its header's. Every page's HMAC, and the b-trees after an unclean end, are left to
        :attr:`page_check`, which the caller starts (``desktop.storage.page_check``); until it
        has passed, nothing is copied from the ``-wal`` into the database file. Everything is
        still checked here first when a migration is due, when ``integrity_check`` is True, or
        when damage was found in the file before (``damage_record``).
        """
        path = Path(path)
        _ensure_writable(path)
        _keep_private(path)
        revision: str | None = None
        has_tables = False
        page_check: PageCheck | None = None
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
            if damage_recorded(path):
                integrity_check = True  # found damaged before: nothing is left for later
            if background_check and not integrity_check:
                found = _inspect(path, key, integrity_check=False, pages=False)
                if found.revision == HEAD_REVISION or not found.has_tables:
                    page_check = PageCheck(path, key, quick_check=found.unclean)
                else:  # never migrate damage: every check now, before the backup
                    found = _inspect(path, key, integrity_check=True)
            else:
                found = _inspect(path, key, integrity_check=integrity_check)
                if found.revision != HEAD_REVISION and found.has_tables and \
                        integrity_check is None and not found.unclean:
                    _inspect(path, key, integrity_check=True, pages=False)  # never migrate damage
            if page_check is None:
                clear_damage(path)  # every page was read and found sound
            revision, has_tables = found.revision, found.has_tables
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
        hold = None if page_check is None else _held_until_passed(page_check)
        database = cls(
            path, lambda first: _engine(path, key, hold, first), stored,
            start=lambda: open_connection(path, key, hold))
        try:
            if revision != HEAD_REVISION:
                migrate.upgrade(database.engine)
            database.page_check = page_check
            database.node_id = database._ensure_node_id()
            database.put_setting(OPEN_MARKER_KEY, utcnow().isoformat(timespec="seconds"))
        except DatabaseError:
            database._release()
            raise
        except BaseException as error:
            database._release()
            if is_disk_full_at(error, path.parent):
                raise DiskFullError(path) from error
            driver_error = _driver_error(error)
            if driver_error is None:
                raise
            if isinstance(driver_error, cipher.OperationalError) and \
                    "readonly" in str(driver_error):
                raise DataFolderNotWritableError(path) from error
            raise _damaged(path, key, str(driver_error)) from error
        return database

    def recovery_code_due(self) -> bool:
        """Whether the recovery code has not been shown yet for this database."""
        return self.setting(RECOVERY_SHOWN_KEY) is None

    def recovery_code(self) -> str:
        """The desk key as the recovery code (``desktop.storage.recovery_code``)."""
        if self._key is None:
            raise RuntimeError("no desk key")
        return format_code(self._key.key)

    def recovery_code_shown(self) -> None:
        """Remember that the recovery code was shown (and so is not shown again)."""
        self.put_setting(RECOVERY_SHOWN_KEY, utcnow().isoformat(timespec="seconds"))

    def _ensure_node_id(self) -> str:
        """This workstation's id (a UUIDv7 made once), written into ``origin_node`` and audit."""
        with self.transaction() as sql:
            node = _setting(sql, NODE_ID_KEY)
            if node is None:
                node = new_id()
                _put_setting(sql, NODE_ID_KEY, node)
            return node

    def setting(self, key: str, default: str | None = None) -> str | None:
        """The workstation setting ``key`` (no SQLAlchemy needed to read it)."""
        with self.transaction() as sql:
            value = _setting(sql, key)
        return default if value is None else value

    def put_setting(self, key: str, value: str | None) -> None:
        """Store ``value`` under ``key`` in a transaction of its own; None removes it."""
        with self.transaction() as sql:
            _put_setting(sql, key, value)

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Row]:
        """The rows of one read in SQL text, outside any transaction (the journal)."""
        with self._database_errors(), self._driver() as raw:
            return Sql(raw).rows(sql, parameters)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Sql]:
        """Statements in SQL text in one transaction, with the errors of :meth:`session`."""
        with self._database_errors(), self._driver() as raw:
            raw.execute("BEGIN")
            try:
                yield Sql(raw)
            except BaseException:
                with contextlib.suppress(cipher.Error):
                    raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")

    @contextlib.contextmanager
    def _driver(self) -> Iterator[cipher.Connection]:
        """A driver connection of this database: the start's, held under the lock, until the
        engine is made; then one of the engine's, checked out of its pool."""
        with self._start_lock:
            raw = self._start_connection()
            if raw is not None:
                yield raw
                return
        with self.engine.connect() as connection:
            yield connection.connection.dbapi_connection  # type: ignore[misc]

    @contextlib.contextmanager
    def _database_errors(self) -> Iterator[None]:
        """A full disk and a damaged page become their ``DatabaseError``."""
        try:
            yield
        except MemoryError as error:
            # SQLCipher reports a page whose HMAC fails inside some reads as "out of memory"
            problem = self._page_damage()
            if problem is not None:
                raise _damaged(self.path, self._key.key if self._key else None,
                               problem) from error
            raise
        except Exception as error:
            driver_error = _driver_error(error)
            if driver_error is None:
                raise
            if is_disk_full_at(error, self.path.parent):
                raise DiskFullError(self.path) from error
            if cipher.is_damage(driver_error):
                raise _damaged(self.path, self._key.key if self._key else None,
                               str(driver_error)) from error
            raise

    def _session_factory(self) -> sessionmaker[Session]:
        """The ORM's sessions, made at the first :meth:`session` (the ORM is imported then)."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            from desktop.storage import outbox

            self._sessions = sessionmaker(bind=self.engine, expire_on_commit=False)
            outbox.install(self._sessions)  # every change of a synced record is queued for sync
        return self._sessions

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        session = self._session_factory()()
        try:
            with self._database_errors():
                try:
                    yield session
                    session.commit()
                except BaseException:
                    with contextlib.suppress(Exception):  # the driver's, or SQLAlchemy's
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
        value = self.rows("SELECT version_num FROM alembic_version")
        return str(value[0][0]) if value else None

    def close(self) -> None:
        """Mark a clean end, checkpoint the WAL into the main file, release every connection.

        Never raises for the database's sake: on a full disk the marker or the checkpoint may
        not be written, and then the committed work stays in the ``-wal`` file, which SQLite
        reads (and checkpoints) at the next open; the next open also checks the file, as after
        any session that did not end cleanly. A damaged page met here is reported by SQLCipher
        as a driver error or a MemoryError, and is left to the next open too.

        A check of the pages still running is waited for (``PageCheck.finish``); one that did
        not pass (damage found, never started, could not run) leaves the marker and the WAL as
        they are, so the next open checks the b-trees as well and nothing is copied into an
        unchecked file here."""
        check = self.page_check
        if check is not None:
            check.finish()
        guard = None if check is None or check.passed else self._keep_the_file_as_it_is()
        if check is None or check.passed:
            with contextlib.suppress(Exception):  # DatabaseError, the driver's, SQLAlchemy's
                self.put_setting(OPEN_MARKER_KEY, None)
            with contextlib.suppress(Exception), self._driver() as raw:
                raw.execute("PRAGMA optimize")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._release()
        if guard is not None:
            guard.close()  # read-only: it never checkpoints

    def _release(self) -> None:
        """Every connection closed: the start's, or the engine's."""
        with self._start_lock:
            start, self._start, self._open_start = self._start, None, None
            engine = self._engine
        with contextlib.suppress(Exception):
            if start is not None:
                start.close()
        with contextlib.suppress(Exception):
            if engine is not None:
                engine.dispose()

    def _keep_the_file_as_it_is(self) -> cipher.Connection | None:
        """A reader held open while the engine's connections close: SQLite copies the WAL
        into the file when the last connection to it closes, and cannot while another reads.
        So a file not found sound is left exactly as it was found, its session's work in the
        ``-wal`` beside it (None: the reader could not be opened)."""
        if self._key is None:
            return None
        try:
            guard = cipher.connect(self.path, self._key.key, read_only=True, immutable=False)
            guard.execute("BEGIN")
            guard.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return guard
        except (cipher.Error, MemoryError, OSError):
            return None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

