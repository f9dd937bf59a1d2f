"""The case tests' ``world`` fixture (tests/support/case_world.py)."""

from __future__ import annotations

from tests.support.case_world import case_parameters, world

__all__ = ["case_parameters", "world"]
