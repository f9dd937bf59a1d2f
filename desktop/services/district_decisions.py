"""The district administrator's maslikhat decisions: list them, enter one.

A decision is district data, entered as it is published (its number, date, the day it takes
force, its categories and amounts) and kept in the administrator's parameter overlay folder,
as the poverty lines are: no release is needed. A decision is checked whole, with every other
decision known, before it is written; a wrong one never reaches the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.district_decisions import (
    DOCUMENT,
    MaslikhatDecision,
    decision_on,
    parse_decisions,
)
from desktop.domain.issues import Issue, ParameterError
from desktop.domain.reader import Reader
from desktop.domain.text import Text
from desktop.parameters.services import (
    load_service_documents,
    merge,
    read_overlay,
    write_overlay,
)

__all__ = ["DecisionProblems", "add_decision", "known_decisions"]


@dataclass(frozen=True)
class DecisionProblems:
    """Why a decision was not entered: each problem at its pointer inside the decision."""

    issues: tuple[Issue, ...]


def known_decisions(overlay_dir: Path | None = None) -> tuple[MaslikhatDecision, ...]:
    document = load_service_documents((DOCUMENT,), overlay_dir)[DOCUMENT]
    reader = Reader()
    found = parse_decisions(reader, document or {})
    if reader.issues:
        raise ParameterError([issue.at(f"{DOCUMENT}#") for issue in reader.issues])
    return found


def category_choices(district: str, day: dt.date, lang: str,
                     overlay_dir: Path | None = None) -> list[tuple[str, str]]:
    """The categories of the maslikhat's decision in force for ``district`` on ``day``, as
    (id, title) for the application's choice; none while the administrator has entered no
    decision (the review page then says so, by the rules)."""
    try:
        decision = decision_on(known_decisions(overlay_dir), district, day)
    except ParameterError:
        return []
    return [(category.id, category.title.text(lang)) for category in decision.categories]


def add_decision(decision: Any, overlay_dir: Path | None = None) -> Path | DecisionProblems:
    """Enter ``decision`` (one decision, as loaded from its file) or replace the one with the
    same district and number; returns the file written, or the problems."""
    reader = Reader()
    checked = parse_decisions(reader, {"decisions": [decision]})
    issues = [Issue(i.code, i.message, i.pointer.removeprefix("/decisions/0"), i.severity)
              for i in reader.issues]
    if issues or not checked:
        return DecisionProblems(tuple(issues) or (Issue("maslikhat.empty", Text(
            "The file holds no decision."), ""),))
    own = read_overlay(DOCUMENT, overlay_dir) or {"decisions": []}
    document = merge(own, {"decisions": [decision]})
    whole = merge(load_service_documents((DOCUMENT,), overlay_dir)[DOCUMENT] or {}, document)
    check = Reader()
    parse_decisions(check, whole)
    if check.issues:
        return DecisionProblems(tuple(check.issues))
    return write_overlay(DOCUMENT, document, overlay_dir)
