"""Make the generated-data helpers of the domain tests importable here too."""

from __future__ import annotations

import sys
from pathlib import Path

DOMAIN_TESTS = str(Path(__file__).resolve().parent.parent / "domain")
if DOMAIN_TESTS not in sys.path:
    sys.path.insert(0, DOMAIN_TESTS)
