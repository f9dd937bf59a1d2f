"""Where Kömek's shipped data lives: forms/, resources/ and i18n/.

The folders sit beside the ``desktop`` package in a source checkout or an editable install,
under ``sys._MEIPASS`` in a frozen bundle, and can be pointed elsewhere with ``KOMEK_DATA_ROOT``.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    """The folder that holds ``forms/``, ``resources/`` and ``i18n/``."""
    override = os.environ.get("KOMEK_DATA_ROOT")
    candidates = [Path(override)] if override else []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen))
    candidates.append(Path(__file__).resolve().parent.parent)
    candidates.append(Path(sys.prefix) / "share" / "komek")
    for candidate in candidates:
        if (candidate / "resources").is_dir() and (candidate / "i18n").is_dir():
            return candidate
    raise FileNotFoundError("Kömek data folders (resources/, i18n/, forms/) not found")


def resources_dir() -> Path:
    return data_root() / "resources"


def forms_dir() -> Path:
    return data_root() / "forms"


def i18n_dir() -> Path:
    return data_root() / "i18n"
