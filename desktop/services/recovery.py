"""The desk key's recovery code: what a person is told, and opening a database with the code.

The code is shown once (at setup, and after the upgrade that encrypted an existing desk) by
the window and by ``komek setup save``; ``komek setup recover`` takes it back on a new
computer or after the credential store was reset, checks that it opens the database, and
stores the key again. See docs/security.md, "Encrypted at rest, and the recovery code".
"""

from __future__ import annotations

from pathlib import Path

from desktop.domain.text import Text
from desktop.storage import cipher, keystore
from desktop.storage.backup import latest_good_backup
from desktop.storage.errors import DatabaseCorruptError
from desktop.storage.recovery_code import RecoveryCodeError, parse_code

RECOVERY_TITLE = Text("Recovery code of the database key")
RECOVERY_EXPLAINED = Text(
    "Kömek keeps this desk's database encrypted. Its key is kept by this computer; if the "
    "computer is replaced or its credential store is reset, only this code opens the database "
    "and its backups. Write it down or print it now and keep it locked away, apart from the "
    "computer: it is shown only once. Whoever holds it and a copy of the database can read "
    "every family's data.")
RECOVERY_HOW = Text("To open the database with it: komek setup recover")


class RecoveryRefused(Exception):
    """The code cannot be used; ``message`` says why, ``exit_code`` is 2 (as typed) or 5."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.msgid)
        self.message = message


def key_storage_note(location: keystore.Location | None) -> Text | None:
    """What a person must know about where the key is kept (None: the credential store)."""
    if location != "file":
        return None
    return Text(
        "No credential store on this computer: the database key is kept in the file {path}, "
        "readable by your user account only. Whoever copies that file together with the "
        "database can read it.", path=str(keystore.key_file()))


def code_problem(error: RecoveryCodeError) -> Text:
    if error.group == 0:
        return Text("A recovery code has 96 digits in 16 groups of 6; {count} digits were "
                    "entered.", count=error.digits)
    return Text("Group {group} of the recovery code is mistyped (its last digit does not "
                "match). Check it against the printed code.", group=error.group)


def recover(path: Path, code: str) -> keystore.Location:
    """Store the key in ``code`` as the desk key once it opens the database at ``path``.

    Raises :class:`RecoveryRefused` for a mistyped code or a file that is not there or not
    encrypted, and :class:`DatabaseCorruptError` (the message of a damaged database) when the
    code does not open it: a wrong key and a damaged file cannot be told apart.
    """
    try:
        key = parse_code(code)
    except RecoveryCodeError as error:
        raise RecoveryRefused(code_problem(error)) from error
    if not path.is_file() or path.stat().st_size == 0:
        raise RecoveryRefused(Text("There is no database at {path}.", path=str(path)))
    if cipher.is_plain(path):
        raise RecoveryRefused(Text(
            "The database {path} is not encrypted yet: Kömek encrypts it at its next start, "
            "with no code needed.", path=str(path)))
    try:
        connection = cipher.connect(path, key, read_only=True)
        try:
            problem = cipher.damage(connection)
            if problem is None:
                connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except (cipher.DatabaseError, MemoryError) as error:
        problem = str(error) or type(error).__name__
    if problem is not None:
        raise DatabaseCorruptError(path, latest_good_backup(path, key), problem)
    return keystore.store_key(key)
