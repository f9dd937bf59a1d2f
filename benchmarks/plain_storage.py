"""For benchmarks only: the same program on a plain (unencrypted) SQLite file, for the ratio.

Kömek has no plain mode a person could switch on: no option, no environment variable. A
benchmark that wants the cost of encryption calls :func:`use_plain_storage` in its own process
before opening a database; it replaces the keying of every connection with nothing and the
conversion with nothing, so the rest of the code runs exactly as shipped. :func:`plain_copy`
makes the plain twin of an encrypted benchmark database without generating it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PLAIN_ARGUMENT = "--plain-storage"  # what benchmarks pass to their own child processes


def use_plain_storage() -> None:
    """Connections are not keyed, and no file is taken for a plain one to convert. Only
    ``desktop.storage.cipher`` is imported here (not SQLAlchemy), so a start-up timed after
    this call pays nothing before its window that the encrypted start does not."""
    from desktop.storage import cipher

    def no_key(_connection: Any, _key: bytes) -> None:
        return None

    def never_plain(_path: Path) -> bool:
        return False

    cipher.apply_key = no_key  # type: ignore[assignment]
    cipher.is_plain = never_plain  # type: ignore[assignment]


def plain_copy(encrypted: Path, plain: Path) -> None:
    """The plain twin of the encrypted database ``encrypted`` (``sqlcipher_export``)."""
    from desktop.storage import cipher, keystore

    stored = keystore.load_key()
    assert stored is not None, "no desk key: open the encrypted database first"
    plain.unlink(missing_ok=True)
    connection = cipher.connect(encrypted, stored.key)
    try:
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()


# A child process that runs ``python -m desktop`` on plain storage (benchmarks/startup.py).
CHILD = f"""
import sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
from plain_storage import use_plain_storage
use_plain_storage()
from desktop.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
