"""A wizard draft (``intake_drafts``) in conflict, merged field by field.

The record holds the wizard's state as JSON (``state``) beside copies of it for the drafts
list (name, IINs, page). Comparing records, the whole state would be one field ("Entered
data"), and either side taken would drop the other desk's edits; instead the states are
merged three-way (:func:`desktop.domain.draft_merge.merge_states`), the copies are made
again from the merged state, and the draft's own columns (its status, the refusal time) are
decided like any field. A draft closed at one desk (registered or discarded) while the other
desk went on editing it is a clash on its status: the registered application does not hold
those edits, so a person decides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.domain.draft_merge import (
    MINE,
    THEIRS,
    UNKNOWN,
    Clash,
    FieldMerger,
    merge_states,
)
from desktop.domain.intake_session import ROW_ID, STATE_SCHEMA
from desktop.storage.models import DraftRecord
from desktop.sync.protocol import BOOKKEEPING

DRAFTS = "intake_drafts"
STATE = "state"
STATUS = "status"
_COPIES = frozenset(DraftRecord.copies({}))
# decided with the status: the application a registered draft became
_WITH_STATUS = ("application_id",)


@dataclass(frozen=True, slots=True)
class RecordMerge:
    record: dict[str, Any]
    clashes: tuple[Clash, ...]  # what a person decides (decided here by the choices, or mine)


def is_draft(table: str, mine: Any, theirs: Any) -> bool:
    """Whether two sides are a wizard draft both desks hold, with states to merge."""
    return table == DRAFTS and _state(mine) is not None and _state(theirs) is not None


def _state(record: Any) -> dict[str, Any] | None:
    """The record's wizard state, or None when it has none of the expected shape: a record
    from another desk is not trusted to be one, and a merge must never fail a sync (such a
    conflict is left to a person as a whole record)."""
    if not isinstance(record, Mapping) or not isinstance(record.get(STATE), str):
        return None
    try:
        state = json.loads(record[STATE])
    except ValueError:
        return None
    if not isinstance(state, dict) or state.get("schema") != STATE_SCHEMA or \
            not isinstance(state.get("values"), dict) or \
            not isinstance(state.get("tables"), dict) or \
            not isinstance(state.get("step", ""), str) or \
            type(state.get("next_row", 1)) is not int or \
            not isinstance(state.get("checked_steps", []), list) or \
            not all(isinstance(step, str) for step in state.get("checked_steps", [])):
        return None
    for rows in state["tables"].values():
        if not isinstance(rows, list) or not all(
                isinstance(row, dict) and isinstance(row.get(ROW_ID), str)
                and "/" not in row[ROW_ID] for row in rows):  # a row id is part of a key
            return None
        if len({row[ROW_ID] for row in rows}) != len(rows):
            return None
    return state


def _edited(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    """Whether a desk changed what was entered (where the wizard stood aside)."""
    return before is None or any(before.get(k) != after.get(k) for k in ("values", "tables"))


def merge_records(base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                  theirs: Mapping[str, Any],
                  choices: Mapping[str, str] | None = None) -> RecordMerge:
    """The draft record holding both desks' edits (``base`` None or without a state: not
    known, every difference is a clash). ``choices``: key -> ``mine``/``theirs``."""
    choices = choices or {}
    before = _state(base)
    ours, others = _state(mine), _state(theirs)
    assert ours is not None and others is not None
    if before is None:
        base = None
    states = merge_states(before, ours, others, choices)
    merger = FieldMerger(base is not None, choices)
    record: dict[str, Any] = {k: theirs[k] for k in BOOKKEEPING if k in theirs}
    columns = sorted((set(mine) | set(theirs)) - BOOKKEEPING - _COPIES - {STATE} -
                     set(_WITH_STATUS))
    for column in columns:
        old = base.get(column) if base is not None else UNKNOWN
        ours_value, others_value = mine.get(column), theirs.get(column)
        # closed at one desk (registered, discarded) and edited at the other: a person sees it
        closed_and_edited = column == STATUS and base is not None and (
            (ours_value != old and others_value == old and _edited(before, others)) or
            (others_value != old and ours_value == old and _edited(before, ours)))
        record[column] = merger.pick(column, old, ours_value, others_value,
                                     clash=closed_and_edited)
    for column in _WITH_STATUS:
        if column in mine or column in theirs:
            record[column] = merger.pick(column, base.get(column) if base is not None
                                         else UNKNOWN, mine.get(column), theirs.get(column),
                                         follows=STATUS)
    record[STATE] = json.dumps(states.state, ensure_ascii=False)
    record.update(DraftRecord.copies(states.state))
    return RecordMerge(record, (*merger.clashes, *states.clashes))


def same_record(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether two versions of a draft hold the same (bookkeeping and key order aside)."""
    def content(record: Mapping[str, Any]) -> dict[str, Any]:
        found = {k: v for k, v in record.items() if k not in BOOKKEEPING}
        if isinstance(found.get(STATE), str):
            found[STATE] = json.loads(found[STATE])
        return found

    return content(one) == content(other)


__all__ = ["DRAFTS", "MINE", "THEIRS", "RecordMerge", "is_draft", "merge_records",
           "same_record"]
