"""Make case_world.py importable and its ``world`` fixture available to the case tests."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from case_world import case_parameters, world  # noqa: E402

__all__ = ["case_parameters", "world"]
