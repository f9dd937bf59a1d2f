"""The wheel (what the district server installs) carries the shipped data, not just the code.

Without forms/, resources/ and i18n/ a server installed from the wheel could only speak
English and could not read its parameter tables; desktop/paths.py finds them in
``<prefix>/share/komek``.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("forms", "i18n", "resources")


@pytest.mark.slow
def test_the_wheel_installs_every_shipped_data_file_under_share_komek(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0 and "No matching distribution" in result.stderr:
        pytest.skip("no package index reachable to build the wheel")
    assert result.returncode == 0, result.stderr[-3000:]
    wheel = next(tmp_path.glob("komek-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {name.split("/data/share/komek/", 1)[1] for name in names
               if "/data/share/komek/" in name}
    expected = {path.relative_to(ROOT).as_posix()
                for folder in SHIPPED for path in (ROOT / folder).rglob("*")
                if path.is_file() and path.suffix not in (".py", ".pyc")}
    assert expected == shipped
    assert "desktop/sync/server/cli.py" in names


def test_data_root_falls_back_to_the_prefix_share_folder(tmp_path, monkeypatch):
    from desktop import paths

    share = tmp_path / "share" / "komek"
    for folder in SHIPPED:
        (share / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site" / "desktop" / "paths.py"))
    monkeypatch.delenv("KOMEK_DATA_ROOT", raising=False)
    paths.data_root.cache_clear()
    try:
        assert paths.data_root() == share
    finally:
        paths.data_root.cache_clear()
