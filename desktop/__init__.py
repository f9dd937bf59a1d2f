"""Kömek: intake and case desk for state targeted social assistance (АСП / АӘК)."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs tens of milliseconds: read it only when someone asks.
    from importlib import metadata

    try:
        return metadata.version("komek")
    except metadata.PackageNotFoundError:  # a source tree that was not installed
        return "0.1.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
