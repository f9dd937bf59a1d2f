"""What can go wrong opening the database, as exceptions that carry a message for the user."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.text import Text


class DatabaseError(Exception):
    """Base of the problems ``Database.open`` reports; ``message`` is shown to the user."""

    def __init__(self, path: Path, message: Text) -> None:
        super().__init__(f"{type(self).__name__}: {path}")
        self.path = path
        self.message = message


class DatabaseCorruptError(DatabaseError):
    """The file is not a readable Kömek database, or the desk key does not open it (the two
    cannot be told apart); ``latest_backup`` may restore it."""

    def __init__(self, path: Path, latest_backup: Path | None, detail: str = "") -> None:
        if latest_backup is None:
            message = Text(
                "The database file {path} is damaged, is not a Kömek database or does not open "
                "with this computer's key, and no backup that opens was found. If the key was "
                "lost (a new computer, a reset credential store), enter the recovery code: "
                "komek setup recover. Otherwise contact your administrator.",
                path=str(path),
            )
        else:
            message = Text(
                "The database file {path} is damaged, is not a Kömek database or does not open "
                "with this computer's key. The latest good backup is {backup}. If the key was "
                "lost (a new computer, a reset credential store), enter the recovery code: "
                "komek setup recover.",
                path=str(path),
                backup=str(latest_backup),
            )
        super().__init__(path, message)
        self.latest_backup = latest_backup
        self.detail = detail


class DatabaseTooNewError(DatabaseError):
    """The database was made by a newer version of Kömek; it is left untouched."""

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            path,
            Text(
                "The database {path} was created by a newer version of Kömek. Install the newer "
                "version to open it; the file has not been changed.",
                path=str(path),
            ),
        )
        self.revision = revision


class DataFolderNotWritableError(DatabaseError):
    """The folder (or file) where the database lives cannot be written."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            Text(
                "Kömek cannot write to {path}. Check the folder's permissions and free disk "
                "space, or ask your administrator.",
                path=str(path),
            ),
        )
