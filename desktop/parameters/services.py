"""The service parameter documents: what a service's rules read besides the common tables.

A rule module of the catalogue (``desktop.domain.service_rules``) names its documents; each is
shipped as ``resources/services/<name>.yaml`` and may be added to by the district
administrator in ``<overlay>/services/<name>.yaml`` (the overlay folder of the poverty lines).
An overlay's list entry replaces a shipped one with the same key (a food basket's region and
quarter, a decision's district and number) and is added otherwise; its other values replace
the shipped ones.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from desktop.domain.issues import Issue, ParameterError
from desktop.domain.text import Text
from desktop.parameters.store import default_overlay_dir
from desktop.paths import resources_dir

__all__ = ["KEYS", "load_service_documents", "merge", "overlay_file", "read_overlay",
           "shipped_services_dir", "write_overlay"]

# The entries of a document's lists that are one and the same when these values are.
KEYS: Mapping[str, tuple[str, ...]] = {
    "food_basket": ("region", "quarter"),
    "decisions": ("district", "number"),
    "zones": ("zone",),  # the Semipalatinsk compensation's rates, one entry a zone
}
MAX_BYTES = 2_000_000  # a parameter document is a few kilobytes; a bigger one is not one


def shipped_services_dir() -> Path:
    return resources_dir() / "services"


def overlay_file(name: str, overlay_dir: Path | None = None) -> Path:
    return (overlay_dir or default_overlay_dir()) / "services" / f"{name}.yaml"


def _read(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        with path.open("r", encoding="utf-8") as handle:
            return json.load(handle) if path.suffix == ".json" else yaml.safe_load(handle)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise ParameterError([Issue("params.unreadable", Text(
            "The parameter file cannot be read: {error}", error=str(error)), path.name)]) \
            from error


def _key(entry: Any, fields: tuple[str, ...]) -> tuple[str, ...] | None:
    if not isinstance(entry, Mapping):
        return None
    return tuple(str(entry.get(f)) for f in fields)


def merge(base: Any, extra: Any) -> Any:
    """``extra`` laid over ``base`` (see the module docstring)."""
    if not isinstance(base, Mapping) or not isinstance(extra, Mapping):
        return extra if extra is not None else base
    result = dict(base)
    for key, value in extra.items():
        fields = KEYS.get(key)
        old = result.get(key)
        if fields and isinstance(old, list) and isinstance(value, list):
            merged = {(_key(e, fields) or (str(i),)): e for i, e in enumerate(old)}
            for entry in value:
                merged[_key(entry, fields) or (str(len(merged)),)] = entry
            result[key] = list(merged.values())
        else:
            result[key] = value
    return result


def read_overlay(name: str, overlay_dir: Path | None = None) -> Any:
    """The administrator's own document ``name`` as it is (None: there is none)."""
    return _read(overlay_file(name, overlay_dir))


def load_service_documents(names: tuple[str, ...] | list[str], overlay_dir: Path | None = None,
                           *, use_overlay: bool = True,
                           shipped: Path | None = None) -> dict[str, Any]:
    """The documents ``names``, shipped and overlaid, as loaded data (checked by the rules)."""
    documents: dict[str, Any] = {}
    for name in names:
        base = _read((shipped or shipped_services_dir()) / f"{name}.yaml")
        extra = _read(overlay_file(name, overlay_dir)) if use_overlay else None
        documents[name] = merge(base, extra)
    return documents


def write_overlay(name: str, document: Any, overlay_dir: Path | None = None) -> Path:
    """Write the administrator's document ``name`` whole (atomically); returns the file."""
    path = overlay_file(name, overlay_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".yaml.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(document, handle, allow_unicode=True, sort_keys=False)
    temporary.replace(path)
    return path
