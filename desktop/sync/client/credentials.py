"""The desk's sync secret: in the OS keyring, or in a 0600 file when there is none.

``KOMEK_NO_KEYRING=1`` (set by the tests) forces the file, kept in the user's config folder
(``$KOMEK_CONFIG_DIR`` overrides it). The secret never goes into the database.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from desktop.storage.keystore import config_dir
from desktop.storage.keystore import keyring_backend as _keyring

SERVICE = "Komek sync"
FILE_NAME = "sync-credentials.json"


def _file() -> Path:
    return config_dir() / FILE_NAME


def _read_file() -> dict[str, str]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write_file(data: dict[str, str]) -> None:
    from desktop.storage.private import private_folder

    path = _file()
    private_folder(path.parent)  # 0700: the config folder is the owner's alone
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def store_secret(node_id: str, secret: str) -> str:
    """Keep ``secret`` for ``node_id``; returns where: ``keyring`` or ``file``."""
    backend = _keyring()
    if backend is not None:
        try:
            backend.set_password(SERVICE, node_id, secret)  # type: ignore[attr-defined]
            return "keyring"
        except Exception:
            pass
    data = _read_file()
    data[node_id] = secret
    _write_file(data)
    return "file"


def load_secret(node_id: str) -> str | None:
    backend = _keyring()
    if backend is not None:
        with contextlib.suppress(Exception):
            value = backend.get_password(SERVICE, node_id)  # type: ignore[attr-defined]
            if value:
                return str(value)
    return _read_file().get(node_id)


def delete_secret(node_id: str) -> None:
    backend = _keyring()
    if backend is not None:
        with contextlib.suppress(Exception):
            backend.delete_password(SERVICE, node_id)  # type: ignore[attr-defined]
    data = _read_file()
    if data.pop(node_id, None) is not None:
        _write_file(data)
