"""Any subset of the test files collects: helpers are imported by their full name.

A test module that imports a helper by a bare name (``from conftest import ...``, or a module
beside it that a ``conftest`` put on ``sys.path``) collects alone but not beside a test of
another folder, whose ``conftest`` or folder was put on the path first. The helpers live in the
package ``tests.support`` instead; this file keeps it so, by reading every test file's imports
and by collecting subsets across folders in a fresh pytest. The helpers' former bare names
(tests/support/old_names) stay importable, as the very modules of ``tests.support``.
"""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
OLD_NAMES = TESTS / "support" / "old_names"

# Each subset mixes folders whose conftests or helpers once shadowed one another, in both
# orders where the order decided which ``conftest`` a bare import found.
SUBSETS: tuple[tuple[str, ...], ...] = (
    ("tests/unit/services/cases/test_cases.py", "tests/gui/wizard/test_wizard.py"),
    ("tests/gui/wizard/test_wizard.py", "tests/unit/domain/test_intake_session.py"),
    ("tests/unit/domain/test_assessment.py", "tests/gui/wizard/test_dates.py",
     "tests/unit/services/cases/test_cases.py", "tests/gui/test_main_window.py"),
    ("tests/unit/printing/test_cli_print_cases.py", "tests/unit/storage/test_backup.py",
     "tests/integration/sync/test_ownership.py", "tests/integration/desk/test_kills.py"),
    ("tests/integration/sync/test_bounds.py", "tests/unit/domain/test_properties.py",
     "tests/gui/wizard/test_keyboard_flow.py", "tests/packaging/test_desktop_bundle.py"),
)


def _python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _old_names() -> dict[str, str]:
    """Each former bare name and the module of tests.support it is."""
    names = {}
    for path in sorted(OLD_NAMES.glob("*.py")):
        calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and getattr(node.func, "attr", "")
                 == "import_module"]
        assert len(calls) == 1, f"{path.name}: one import_module call, nothing else"
        target = calls[0].args[0]
        assert isinstance(target, ast.Constant) and isinstance(target.value, str)
        names[path.stem] = target.value
    return names


def _bare_imports(path: Path, names: set[str]) -> list[str]:
    """The modules ``path`` imports by a bare name among ``names``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported = [node.module]
        elif isinstance(node, ast.Import):
            imported = [alias.name for alias in node.names]
        else:
            continue
        found += [name for name in imported if name.split(".")[0] in names]
    return found


def test_no_test_imports_a_conftest() -> None:
    offenders = {str(p.relative_to(ROOT)): bare for p in _python_files()
                 if (bare := _bare_imports(p, {"conftest"}))}
    assert offenders == {}, "a conftest holds fixtures; import helpers from tests.support"


def test_a_helper_is_imported_by_its_full_name_or_a_former_name() -> None:
    helpers = {p.stem for p in _python_files() if p.stem != "__init__"}
    allowed = set(_old_names()) | {"conftest"}  # conftest: the test above
    offenders = {str(p.relative_to(ROOT)): bare for p in _python_files()
                 if (bare := _bare_imports(p, helpers - allowed))}
    assert offenders == {}, "import these from tests.support instead"


def test_no_conftest_changes_the_import_path() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _python_files()
                 if p.name == "conftest.py" and "sys.path" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_a_former_name_is_the_very_module_it_names() -> None:
    names = _old_names()
    assert {"storage_helpers", "sync_wire", "casework", "case_world", "domain_factories",
            "wizard_driver", "keyboard"} <= set(names)
    for old, new in names.items():
        assert importlib.import_module(old) is importlib.import_module(new), old
        assert (ROOT / (new.replace(".", "/") + ".py")).is_file(), new


@pytest.mark.slow
@pytest.mark.parametrize("subset", SUBSETS, ids=lambda s: "+".join(Path(f).stem for f in s))
def test_a_subset_across_folders_collects(subset: tuple[str, ...]) -> None:
    for name in subset:
        assert (ROOT / name).is_file(), name
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *subset],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    collected = {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}
    assert collected == set(subset)
