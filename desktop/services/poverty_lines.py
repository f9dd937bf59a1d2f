"""The district administrator's poverty lines: list them, add a quarter's line.

Shipped lines come with the release; the administrator's lines go to the parameter overlay
folder, so a new quarter never waits for a new release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain.issues import ParameterError
from desktop.domain.money import tenge
from desktop.domain.parameters import Parameters, Region
from desktop.domain.quarters import Quarter
from desktop.domain.text import Text
from desktop.parameters.store import add_poverty_line, default_overlay_dir, load_parameters


@dataclass(frozen=True, slots=True)
class PovertyLineRow:
    region: Region
    quarter: Quarter
    amount_tiyn: int
    source: str
    confirmed: bool
    added_here: bool  # from the administrator's overlay, not shipped


def regions(parameters: Parameters) -> list[Region]:
    return list(parameters.regions.values())


def rows(parameters: Parameters) -> list[PovertyLineRow]:
    """Every known line, newest quarter first, then by region code."""
    found = [
        PovertyLineRow(
            region=parameters.regions.get(line.region, Region(line.region, line.region,
                                                               line.region)),
            quarter=line.quarter,
            amount_tiyn=line.amount,
            source=line.sourced.source,
            confirmed=line.sourced.confirmed,
            added_here=line.sourced.origin == "overlay",
        )
        for line in parameters.poverty_lines.lines.values()
    ]
    return sorted(found, key=lambda row: (-row.quarter.year, -row.quarter.number,
                                          row.region.code))


def parse_amount(text: str) -> int:
    """Tiyn from what a person types: «45 000», «45000,50», «45 000.5»."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
    if not cleaned:
        raise ValueError("empty")
    amount = tenge(cleaned)
    if amount <= 0:
        raise ValueError("not positive")
    return amount


@dataclass(frozen=True, slots=True)
class AddLineProblems:
    """What is wrong with a new line, by field: ``amount``, ``source``, ``region``."""

    by_field: dict[str, Text]


def add_line(region: str, quarter: Quarter, amount_text: str, source: str,
             overlay_dir: Path | None = None) -> AddLineProblems | Path:
    """Validate and store one line; the problems by field, or the file written."""
    problems: dict[str, Text] = {}
    try:
        amount = parse_amount(amount_text)
    except ValueError:
        problems["amount"] = Text(
            "Enter the line in tenge, greater than zero, with at most two decimals.")
    if not source.strip():
        problems["source"] = Text(
            "Name the act that set the line (the akimat's decision, its number and date).")
    if problems:
        return AddLineProblems(problems)
    try:
        return add_poverty_line(overlay_dir or default_overlay_dir(), region, quarter,
                                f"{amount // 100}.{amount % 100:02d}", source.strip())
    except ParameterError as error:
        return AddLineProblems({"region": error.issues[0].message})


def current_parameters(overlay_dir: Path | None = None) -> Parameters:
    return load_parameters(overlay_dir)
