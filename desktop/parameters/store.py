"""Read the parameter documents (YAML or JSON) and hand them to the domain's validators.

Shipped values live in ``resources/params/<name>.yaml``. A district administrator adds values
(a new quarter's poverty line, farm norms, next year's Kurban Ait date) without a new release
by putting a document of the same name in an overlay folder: by default
``<user data folder>/komek/params`` (platformdirs), or the folder in ``KOMEK_PARAMS_OVERLAY``,
or the one passed in. An overlay value replaces a shipped one with the same key.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from desktop.domain.issues import Issue, ParameterError
from desktop.domain.money import tenge
from desktop.domain.parameters import DOCUMENTS, Parameters, parse_parameters
from desktop.domain.poverty_line import LineFigure, LineFigures
from desktop.domain.quarters import Quarter
from desktop.domain.text import Text
from desktop.paths import resources_dir

SUFFIXES = (".yaml", ".yml", ".json")
OVERLAY_ENV = "KOMEK_PARAMS_OVERLAY"


def shipped_dir() -> Path:
    return resources_dir() / "params"


def default_overlay_dir() -> Path:
    """The administrator's folder: ``$KOMEK_PARAMS_OVERLAY`` or the user data folder."""
    override = os.environ.get(OVERLAY_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("komek", appauthor=False)) / "params"


def read_documents(folder: Path) -> dict[str, Any]:
    """Every parameter document in ``folder`` by name; a missing folder has none."""
    documents: dict[str, Any] = {}
    if not folder.is_dir():
        return documents
    for path in sorted(folder.iterdir()):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        if path.stem in documents:
            raise ParameterError([Issue("params.duplicate_file", Text(
                "The parameter document “{name}” exists twice in one folder.", name=path.stem),
                str(path))])
        documents[path.stem] = _load(path)
    return documents


def _load(path: Path) -> Any:
    try:
        with path.open("r", encoding="utf-8") as handle:
            if path.suffix == ".json":
                return json.load(handle)
            return yaml.safe_load(handle)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise ParameterError([Issue("params.unreadable", Text(
            "The parameter file cannot be read: {error}", error=str(error)), str(path))]) \
            from error


def load_parameters(
    overlay_dir: Path | None = None, shipped: Path | None = None, *, use_overlay: bool = True
) -> Parameters:
    """The validated parameters: shipped documents plus the administrator's overlay."""
    base = read_documents(shipped or shipped_dir())
    overlay: Mapping[str, Any] = {}
    if use_overlay:
        overlay = read_documents(overlay_dir or default_overlay_dir())
    return parse_parameters(base, overlay)


def add_poverty_line(
    overlay_dir: Path, region: str, quarter: Quarter, amount_tenge: str | int, source: str,
    *, confirmed: bool = True, basis: LineFigures | None = None,
) -> Path:
    """Add (or replace) one quarter's poverty line in the overlay folder; returns the file.

    ``basis``: the published figures the line was computed from, stored with it (the loader
    checks that they give this line). The value is validated first, together with everything
    else, so a wrong entry never reaches the file.
    """
    tenge(amount_tenge)  # raises ValueError for a malformed amount
    overlay_dir.mkdir(parents=True, exist_ok=True)
    path = overlay_dir / "poverty_lines.yaml"
    document = _load(path) if path.exists() else None
    entries = list((document or {}).get("poverty_lines") or [])
    entries = [e for e in entries
               if not (e.get("region") == region and str(e.get("quarter")) == str(quarter))]
    entry: dict[str, Any] = {"region": region, "quarter": str(quarter),
                             "amount": str(amount_tenge)}
    if basis is not None:
        entry["basis"] = {figure.value: tenge_text(value) for figure in LineFigure
                          if (value := basis.get(figure)) is not None}
    entry.update({"source": source, "confirmed": confirmed})
    entries.append(entry)
    new_document = {"poverty_lines": entries}
    parse_parameters(read_documents(shipped_dir()), {"poverty_lines": new_document})
    tmp = path.with_suffix(".yaml.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(new_document, handle, allow_unicode=True, sort_keys=False)
    tmp.replace(path)
    return path


def tenge_text(tiyn: int) -> str:
    """An amount as the parameter files write it: ``\"45000.50\"`` (tenge, two decimals)."""
    return f"{tiyn // 100}.{tiyn % 100:02d}"


__all__ = ["DOCUMENTS", "add_poverty_line", "default_overlay_dir", "load_parameters",
           "read_documents", "shipped_dir", "tenge_text"]
