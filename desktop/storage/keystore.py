"""The desk key: a random 256-bit key in the operating system's credential store.

One key per user account of the computer encrypts every Kömek database of that account and
every backup of it. It is kept by ``keyring`` (Windows Credential Manager, the Secret Service
on Linux); where no credential store answers, in a file of the user's config folder that only
its owner can read, and the status bar and ``komek --help`` say so.

``KOMEK_NO_KEYRING=1`` (set by the tests) forces the file, and ``$KOMEK_CONFIG_DIR`` moves the
config folder, as for the sync secret (``desktop.sync.client.credentials``). The key never
goes into the database, a log or a message; a person sees it only as the recovery code
(``desktop.storage.recovery_code``), once.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop.storage.cipher import KEY_BYTES

SERVICE = "Komek database"
USERNAME = "desk key"
KEY_FILE_NAME = "database-key"
NO_KEYRING_ENV = "KOMEK_NO_KEYRING"
CONFIG_DIR_ENV = "KOMEK_CONFIG_DIR"

Location = Literal["keyring", "file"]


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_config_path("Komek", appauthor=False)


def keyring_backend() -> Any | None:
    """The ``keyring`` module when a real credential store is there, else None."""
    if os.environ.get(NO_KEYRING_ENV) == "1":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def write_private_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` readable by its owner only (0600), atomically and durably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def key_file() -> Path:
    return config_dir() / KEY_FILE_NAME


def _parse(value: str | None) -> bytes | None:
    if not value:
        return None
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


@dataclass(frozen=True)
class StoredKey:
    key: bytes = field(repr=False)
    location: Location


def load_key() -> StoredKey | None:
    """The desk key, from the credential store or else the key file; None if neither has it."""
    backend = keyring_backend()
    if backend is not None:
        with contextlib.suppress(Exception):
            key = _parse(backend.get_password(SERVICE, USERNAME))
            if key is not None:
                return StoredKey(key, "keyring")
    try:
        key = _parse(key_file().read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    return StoredKey(key, "file") if key is not None else None


def _erase_key_file() -> None:
    path = key_file()
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(b"\0" * size)
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()


def store_key(key: bytes) -> Location:
    """Keep ``key`` as the desk key; returns where. A key file left from a time without a
    credential store is overwritten and removed once the store holds the key."""
    if len(key) != KEY_BYTES:
        raise ValueError("a desk key is 32 bytes")
    backend = keyring_backend()
    if backend is not None:
        try:
            backend.set_password(SERVICE, USERNAME, key.hex())
            if _parse(backend.get_password(SERVICE, USERNAME)) == key:
                _erase_key_file()
                return "keyring"
        except Exception:
            pass
    write_private_file(key_file(), key.hex())
    return "file"


def credential_store_available() -> bool:
    return keyring_backend() is not None
