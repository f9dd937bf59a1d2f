"""Only desktop/ui may import Qt: the core layers load in a fresh interpreter without it."""

from __future__ import annotations

import subprocess
import sys

CORE = ["desktop.domain", "desktop.storage", "desktop.services", "desktop.printing",
        "desktop.sync", "desktop.i18n", "desktop.startup", "desktop.formspec",
        "desktop.parameters", "desktop.catalog"]


def test_core_layers_do_not_load_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {CORE!r}:\n"
        "    try:\n"
        "        package = importlib.import_module(name)\n"
        "    except ModuleNotFoundError as error:\n"
        "        if error.name == name: continue\n"
        "        raise\n"
        "    for info in pkgutil.walk_packages(getattr(package, '__path__', []), name + '.'):\n"
        "        if '.migrations' not in info.name:  # Alembic scripts run only under Alembic\n"
        "            importlib.import_module(info.name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
