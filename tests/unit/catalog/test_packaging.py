"""Every service's folder is shipped: the wheel of the district server and the desk's bundle
carry the catalogue whole."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_service_folder_has_its_line_in_the_wheels_data_files():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["data-files"]
    folders = sorted(p.parent.name for p in (ROOT / "forms" / "services").glob("*/service.yaml"))
    missing = [f for f in folders
               if shipped.get(f"share/komek/forms/services/{f}") != [f"forms/services/{f}/*.yaml"]]
    assert not missing, f"add to pyproject.toml [tool.setuptools.data-files]: {missing}"
    assert shipped.get("share/komek/resources/services") == ["resources/services/*"]


def test_the_desk_bundle_takes_the_forms_folder_with_its_subfolders():
    spec = (ROOT / "packaging" / "desktop" / "komek.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "forms"), "forms")' in spec
    assert '(str(ROOT / "resources"), "resources")' in spec


def test_the_desk_bundle_takes_the_rule_modules_the_catalogue_names():
    spec = (ROOT / "packaging" / "desktop" / "komek.spec").read_text(encoding="utf-8")
    assert 'glob("*/service.yaml")' in spec and 'hiddenimports.append(f"desktop.domain.' in spec
