"""Kömek: intake and case desk for state targeted social assistance (АСП / АӘК)."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata costs tens of milliseconds: read it only when someone asks.
    from importlib import metadata

    try:
        return metadata.version("komek")
    except metadata.PackageNotFoundError:
        pass
    # A source tree that was not installed: pyproject.toml beside the package. A frozen bundle
    # has none (it carries komek-<version>.dist-info instead), so a bundle built without its
    # metadata says "unknown" rather than a stale number.
    import tomllib
    from pathlib import Path

    try:
        with (Path(__file__).resolve().parent.parent / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(name)
