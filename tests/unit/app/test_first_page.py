"""The window's start shows the journal's first page before SQLAlchemy: what guards the gain.

The real ``komek`` is started in a fresh interpreter (offscreen Qt) on a desk of generated
families; at the moment it reports the journal ready, a probe reads which modules are loaded
and which rows the journal shows, and the start goes on to the whole window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop.demo.generate import fill_demo
from desktop.services.journal import Journal
from desktop.services.workstation import WorkstationSetup, save_setup
from desktop.storage.database import Database

# Runs the real start; at "ready" (the journal's rows painted) and "whole" (the panels) it
# prints what it sees as one JSON line each.
PROBE = """
import json, sys
import desktop.ui.app as app
from PySide6.QtWidgets import QApplication

said = app._report
def report(what):
    said(what)
    if what not in ("ready", "whole"):
        return
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window")
    model = window.journal_view.model
    print(json.dumps({
        "moment": what,
        "modules": sorted(sys.modules),
        "numbers": [model.row_at(i).registration_number for i in range(model.rowCount())],
        "total": model.total,
        "visible": window.journal_view.table.isVisible(),
        "search_enabled": window.journal_view.search_edit.isEnabled(),
        "whole": window.ready,
    }), flush=True)
app._report = report
from desktop.__main__ import main
sys.exit(main(sys.argv[1:]))
"""

# What the first page must be shown without: SQLAlchemy itself (its import alone took more
# CPU than the bare window's whole start), the ORM and the models, and every panel's services
# (the case path, reports and their dashboard counts, printing, sync, catalogue).
NOT_BEFORE_THE_FIRST_PAGE = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "desktop.storage.models",
    "desktop.storage.outbox",
    "desktop.services.reports",
    "desktop.services.cases",
    "desktop.services.intake",
    "desktop.printing",
    "desktop.sync",
    "desktop.catalog",
    "reportlab",
    "alembic",
)


def _desk(path: Path, families: int) -> list[str | None]:
    """A set-up desk with ``families`` generated families; the journal's first page's numbers
    as the journal service reads them."""
    db = Database.open(path)
    save_setup(db, WorkstationSetup(
        region="Карагандинская область", district="Актогайский район",
        office_kind="district_office", office_name_kk="Ақтоғай ауданының бөлімі",
        office_name_ru="Отдел Актогайского района", office_code="AKT-05",
        operator_full_name="Тестова Айгүл", operator_position="маман"))
    db.recovery_code_shown()
    fill_demo(db, families, seed=5)
    numbers = [row.registration_number for row in Journal(db).page(0, 200)]
    db.close()
    return numbers


def _start(path: Path) -> dict[str, dict[str, object]]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KOMEK_REPORT_SHOWN": "1"}
    result = subprocess.run([sys.executable, "-c", PROBE, "--db", str(path)],
                            capture_output=True, text=True, env=environment, timeout=180)
    assert result.returncode == 0, result.stderr
    seen = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return {moment["moment"]: moment for moment in seen}


def test_the_journals_first_page_is_shown_before_sqlalchemy_and_the_panels(tmp_path: Path):
    path = tmp_path / "komek.sqlite3"
    expected = _desk(path, 230)
    seen = _start(path)

    ready = seen["ready"]
    assert ready["visible"] and ready["search_enabled"]
    assert not ready["whole"]  # the panels come after the first page
    assert ready["total"] == 230
    assert ready["numbers"] == expected and len(expected) == 200
    loaded = ready["modules"]
    assert isinstance(loaded, list)
    early = [name for name in loaded
             if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_THE_FIRST_PAGE)]
    assert early == []
    assert "sqlcipher3" in loaded or any(m.startswith("sqlcipher3") for m in loaded)

    whole = seen["whole"]
    assert whole["whole"]
    assert "sqlalchemy.orm" in whole["modules"]  # the panels use the ORM, after the page
    assert whole["numbers"] == expected
