"""Kömek: intake and case desk for state targeted social assistance (АСП / АӘК)."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("komek")
except metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"
