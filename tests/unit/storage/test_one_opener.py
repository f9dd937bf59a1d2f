"""Every connection the program makes to a desk database goes through the keyed opener
(desktop/storage/cipher.py, and the engine built on it): no plain ``sqlite3`` anywhere."""

from __future__ import annotations

import re
from pathlib import Path

DESKTOP = Path(__file__).resolve().parents[3] / "desktop"
# the district server speaks PostgreSQL: its engine is not a desk database's
ENGINES = {DESKTOP / "storage" / "engine.py", DESKTOP / "sync" / "server" / "db.py"}


def test_no_module_opens_sqlite_without_the_key() -> None:
    offenders = []
    for path in sorted(DESKTOP.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import sqlite3|from sqlite3 )", source, re.MULTILINE):
            offenders.append(f"{path.relative_to(DESKTOP)}: imports sqlite3")
        if "create_engine(" in source and path not in ENGINES:
            offenders.append(f"{path.relative_to(DESKTOP)}: creates an engine")
        if "driver.connect(" in source and path.name != "cipher.py":
            offenders.append(f"{path.relative_to(DESKTOP)}: connects by itself")
    assert offenders == []
