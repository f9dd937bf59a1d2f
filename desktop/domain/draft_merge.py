"""Two desks' edits of one wizard draft, merged field by field (a three-way merge).

A draft is an ``IntakeSession`` state (``IntakeSession.to_state()``). When two desks edit the
same draft before they sync, the district server keeps its version and sends this desk's
back as a conflict, with the version both started from (the *base*). Then every field is
decided on its own: a field changed at one desk takes that desk's value, a field changed at
both to different values is a *clash*, which a person decides (``choices``; without one the
clash keeps this desk's value, as the conflicts view proposes).

What a field is:

* a wizard value: ``values/<field id>``;
* a cell of a table: ``tables/<table>/<row id>/<column id>``; rows are matched by their id
  (``row_id``). A row added at either desk is kept; a row removed at one desk and left alone
  at the other is removed; a row removed at one desk and edited at the other (for a family
  member: also an income of theirs added or edited) is a clash on the whole row,
  ``tables/<table>/<row id>``;
* anything else of the state (the channel, the application date): its top-level key.

What the session derives follows its source: the birth date and sex read from an IIN take
the side the IIN was taken from, and the applicant's family row (row 1) takes the side of
the applicant's header fields it mirrors, so a merged draft never pairs one desk's IIN with
the other's birth date. Where the wizard was (``step``) is not a clash: the page further on
is kept. Ticked steps and the row counter are merged as sets and by the maximum.

Rows made by versions before row ids carried a tag were numbered ``r1, r2, …`` at each
desk, so two desks adding a member each could give two different people the same id. A row
id added at both desks with different contents is therefore two rows: one of them (the one
whose contents sort last, so the result does not depend on which desk merges) gets a new
id derived from its contents, and its desk's incomes follow it.

The merge is symmetric (swapping the two desks, and the choices, gives the same draft) and
idempotent (merging the result with either side again changes nothing).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.intake_session import (
    APPLICANT_MIRROR,
    IIN_DERIVED,
    INCOMES,
    MEMBERS,
    ROW_ID,
    STEPS,
)

MINE, THEIRS = "mine", "theirs"
SAME = "same"  # both desks hold the same value: nothing to decide
VALUES, TABLES = "values", "tables"
_OWN = frozenset({VALUES, TABLES, "step", "checked_steps", "next_row"})
_STEP_ORDER = {step: index for index, (step, _pages) in enumerate(STEPS)}


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


ABSENT: Any = _Marker("ABSENT")  # a key one side does not hold
UNKNOWN: Any = _Marker("UNKNOWN")  # the base's value when the base is not known

# follower -> source: a value the session derives, and where from
_VALUE_SOURCES = {derived: source for source, fields in IIN_DERIVED.items()
                  if source in APPLICANT_MIRROR for derived in fields}
_CELL_SOURCES = {derived: source for source, fields in IIN_DERIVED.items()
                 if source not in APPLICANT_MIRROR for derived in fields}
_MIRRORED = {column: header for header, column in APPLICANT_MIRROR.items()}


def value_key(field_id: str) -> str:
    return f"{VALUES}/{field_id}"


def row_key(table: str, row_id: str) -> str:
    return f"{TABLES}/{table}/{row_id}"


def cell_key(table: str, row_id: str, column: str) -> str:
    return f"{TABLES}/{table}/{row_id}/{column}"


@dataclass(frozen=True, slots=True)
class DraftKey:
    """What a key names: a wizard value, a table row, a cell, or a key of the state."""

    key: str
    field: str = ""  # the value's field id, the cell's column id, or the state's key
    table: str = ""
    row_id: str = ""

    @property
    def is_row(self) -> bool:
        return bool(self.row_id) and not self.field


def parse_key(key: str) -> DraftKey:
    parts = key.split("/")
    if parts[0] == VALUES and len(parts) == 2:
        return DraftKey(key, field=parts[1])
    if parts[0] == TABLES and len(parts) == 3:
        return DraftKey(key, table=parts[1], row_id=parts[2])
    if parts[0] == TABLES and len(parts) == 4:
        return DraftKey(key, field=parts[3], table=parts[1], row_id=parts[2])
    return DraftKey(key, field=key)


@dataclass(frozen=True, slots=True)
class Clash:
    """A field both desks changed, to different values. ``base`` is ``UNKNOWN`` when the
    version both started from is not known; a row's sides are the row, or None (removed)."""

    key: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True, slots=True)
class DraftMerge:
    state: dict[str, Any]
    clashes: tuple[Clash, ...]  # every clash found, decided by the choices (or mine)


@dataclass
class FieldMerger:
    """Decides field after field, noting the clashes and which side each key took."""

    known: bool  # the base is known
    choices: Mapping[str, str]
    clashes: list[Clash] = field(default_factory=list)
    # the side each decided key was taken from: MINE, THEIRS or SAME
    sides: dict[str, str] = field(default_factory=dict)

    def pick(self, key: str, base: Any, mine: Any, theirs: Any,
             follows: str | None = None, clash: bool = False) -> Any:
        """The merged value of one field (``ABSENT``: the key is left out); ``clash``: both
        desks changed it even if one side's value equals the base's."""
        if follows is not None and self.sides.get(follows, SAME) != SAME:
            side = self.sides[follows]
        elif mine == theirs:
            side = SAME
        elif clash:
            side = self._clash(key, base, mine, theirs)
        elif self.known and theirs == base:
            side = MINE
        elif self.known and mine == base:
            side = THEIRS
        else:
            side = self._clash(key, base, mine, theirs)
        self.sides[key] = side
        return theirs if side == THEIRS else mine

    def _clash(self, key: str, base: Any, mine: Any, theirs: Any) -> str:
        self.clashes.append(Clash(key, base if self.known else UNKNOWN, mine, theirs))
        return THEIRS if self.choices.get(key) == THEIRS else MINE


def _get(mapping: Mapping[str, Any] | None, key: str) -> Any:
    if mapping is None:
        return UNKNOWN
    return mapping.get(key, ABSENT)


def _content(row: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in row.items() if k != ROW_ID}, sort_keys=True,
                      ensure_ascii=False, default=str)


def _rows(state: Mapping[str, Any] | None, table: str) -> list[dict[str, Any]]:
    if state is None:
        return []
    return [dict(r) for r in (state.get(TABLES) or {}).get(table, [])]


def _renamed(state: Mapping[str, Any], table: str, old: str, new: str) -> dict[str, Any]:
    """``state`` with row ``old`` of ``table`` called ``new`` (its incomes follow it)."""
    tables = {name: [dict(r) for r in rows] for name, rows in (state.get(TABLES) or {}).items()}
    for row in tables.get(table, []):
        if row.get(ROW_ID) == old:
            row[ROW_ID] = new
    if table == MEMBERS:
        for row in tables.get(INCOMES, []):
            if row.get("income_member") == old:
                row["income_member"] = new
    return {**state, TABLES: tables}


def _separate_added_rows(base: Mapping[str, Any], mine: Mapping[str, Any],
                         theirs: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Rows added at both desks under one id but holding different things are two rows:
    the one whose contents sort last takes an id made from its contents."""
    mine, theirs = dict(mine), dict(theirs)
    tables = sorted(set(mine.get(TABLES) or {}) | set(theirs.get(TABLES) or {}),
                    key=lambda t: (t != MEMBERS, t))  # members first: incomes refer to them
    for table in tables:
        base_ids = {r.get(ROW_ID) for r in _rows(base, table)}
        ours = {r.get(ROW_ID): r for r in _rows(mine, table)}
        others = {r.get(ROW_ID): r for r in _rows(theirs, table)}
        for row_id in sorted(set(ours) & set(others) - base_ids, key=str):
            a, b = _content(ours[row_id]), _content(others[row_id])
            if a == b:
                continue
            later = max(a, b)
            new = _apart(str(row_id), later)
            if later == a:
                mine = _renamed(mine, table, str(row_id), new)
            else:
                theirs = _renamed(theirs, table, str(row_id), new)
        # a row renamed so by a merge before meets the side that still holds it under its
        # first id (a merged draft merged again with one of its sides): one row again
        theirs = _known_apart(table, base_ids, _rows(mine, table), theirs)
        mine = _known_apart(table, base_ids, _rows(theirs, table), mine)
    return mine, theirs


def _known_apart(table: str, base_ids: set[Any], apart: list[dict[str, Any]],
                 state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with each row it holds under the first id of a row of ``apart`` renamed
    apart (``r25`` beside ``r25~<hash>``), whose content gives that very id, called so."""
    apart_ids = {row.get(ROW_ID) for row in apart}
    held = {row.get(ROW_ID): row for row in _rows(state, table)}
    for row_id in sorted(apart_ids - base_ids, key=str):
        first = str(row_id).partition("~")[0]
        row = held.get(first)
        if row is not None and first != row_id and first not in base_ids | apart_ids and \
                _apart(first, _content(row)) == row_id:
            state = _renamed(state, table, first, str(row_id))
    return state


def _apart(row_id: str, content: str) -> str:
    """The id a row added at two desks under ``row_id`` takes to stand apart, from its
    ``content``."""
    return f"{row_id}~{hashlib.sha256(content.encode('utf-8')).hexdigest()[:8]}"


def _changed(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> bool:
    return before is None or _content(before) != _content(after)


class _Table:
    """One table's rows at the three versions."""

    def __init__(self, name: str, base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                 theirs: Mapping[str, Any]) -> None:
        self.name = name
        self.base = {r[ROW_ID]: r for r in _rows(base, name)}
        self.mine = {r[ROW_ID]: r for r in _rows(mine, name)}
        self.theirs = {r[ROW_ID]: r for r in _rows(theirs, name)}
        self.order = {"base": {r[ROW_ID]: i for i, r in enumerate(_rows(base, name))}}

    def ids(self) -> list[str]:
        """Every row id of the three versions, in their order (what a person is asked to
        choose comes in the order of the rows)."""
        every = set(self.base) | set(self.mine) | set(self.theirs)
        return sorted(every, key=self._placing(every))

    def ordered(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The merged rows in their order, placed by the kept rows' ids alone, so that both
        desks and a second merge agree: a row the merge drops (an income of a member it
        removes) placed the others before, and merging the result again moved them."""
        place = self._placing({row[ROW_ID] for row in rows})
        return sorted(rows, key=lambda row: place(row[ROW_ID]))

    def _placing(self, ids: set[str]) -> Callable[[str], tuple[int, int, str, int, str]]:
        """The place of a row among ``ids``: the base's rows, then the added ones, each
        desk's together in the order it added them."""
        first: dict[str, int] = {}
        for row_id in ids - set(self.base):
            number, tag = _numbered(row_id)
            first[tag] = min(number, first.get(tag, number))

        def place(row_id: str) -> tuple[int, int, str, int, str]:
            if row_id in self.base:
                return (0, self.order["base"][row_id], "", 0, row_id)
            number, tag = _numbered(row_id)
            return (1, first[tag], tag, number, row_id)

        return place


def _numbered(row_id: str) -> tuple[int, str]:
    """A row id's counter and the rest (``r12.ab34cd`` -> 12, ``.ab34cd``): the rows one
    opening of a draft added share the rest, and their counters follow the order added. A
    row renamed apart from another desk's under its id (``r25~55aef72f``) keeps its place
    among its own desk's rows."""
    head = row_id.partition("~")[0]
    digits = ""
    for char in head[1:] if head.startswith("r") else "":
        if not char.isdigit():
            break
        digits += char
    return (int(digits), head[1 + len(digits):]) if digits else (1 << 62, head)


def _touched(member: str, base: Mapping[str, Any], side: Mapping[str, Any]) -> bool:
    """Whether a desk added or changed an income of the family member ``member``."""
    before = {r[ROW_ID]: r for r in _rows(base, INCOMES)}
    return any(row.get("income_member") == member and _changed(before.get(row[ROW_ID]), row)
               for row in _rows(side, INCOMES))


def _merge_row(merger: FieldMerger, table: str, row_id: str, base: Mapping[str, Any] | None,
               mine: Mapping[str, Any], theirs: Mapping[str, Any],
               applicant_row: bool) -> dict[str, Any]:
    row: dict[str, Any] = {ROW_ID: row_id}
    columns = sorted((set(mine) | set(theirs)) - {ROW_ID},
                     key=lambda c: (c in _CELL_SOURCES or c in _MIRRORED, c))
    for column in columns:
        follows = None
        if applicant_row and column in _MIRRORED:
            follows = value_key(_MIRRORED[column])
        elif column in _CELL_SOURCES:
            follows = cell_key(table, row_id, _CELL_SOURCES[column])
        value = merger.pick(cell_key(table, row_id, column), _get(base, column),
                            mine.get(column, ABSENT), theirs.get(column, ABSENT), follows)
        if value is not ABSENT:
            row[column] = value
    return row


def _merge_tables(merger: FieldMerger, base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                  theirs: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    names = list(dict.fromkeys([*(mine.get(TABLES) or {}), *(theirs.get(TABLES) or {})]))
    names.sort(key=lambda t: t != MEMBERS)  # members first: incomes follow their member
    applicant = next((r[ROW_ID] for r in _rows(base if base is not None else mine, MEMBERS)),
                     None)
    merged: dict[str, list[dict[str, Any]]] = {}
    gone: set[str] = set()  # family members the merge removes
    restored: dict[str, str] = {}  # members one desk removed and the merge keeps -> that desk
    for name in names:
        rows = _Table(name, base, mine, theirs)
        out: list[dict[str, Any]] = []
        for row_id in rows.ids():
            b, m, t = rows.base.get(row_id), rows.mine.get(row_id), rows.theirs.get(row_id)
            key = row_key(name, row_id)
            if m is None and t is None:
                if name == MEMBERS:
                    gone.add(row_id)
                continue
            if m is not None and t is not None:
                row = _merge_row(merger, name, row_id, b if merger.known else None, m, t,
                                 name == MEMBERS and row_id == applicant)
            elif b is None or not merger.known:  # added at one desk
                row = dict(m if m is not None else t)  # type: ignore[arg-type]
            else:  # removed at one desk
                kept, other = (m, THEIRS) if m is not None else (t, MINE)
                assert kept is not None
                member = str(kept.get("income_member") or "")
                if name == INCOMES and restored.get(member) == other:
                    row = dict(kept)  # removed with its member, whom the merge keeps
                else:
                    editing = _changed(b, kept) or (name == MEMBERS and _touched(
                        row_id, base or {}, mine if other == THEIRS else theirs))
                    value = merger.pick(key, b, m, t, clash=True) if editing else None
                    if value is None:
                        if name == MEMBERS:
                            gone.add(row_id)
                        continue
                    row = dict(value)
                    if name == MEMBERS:
                        restored[row_id] = other
            if name == INCOMES and row.get("income_member") in gone:
                continue  # the merge removes its family member: its incomes go with it
            out.append(row)
        merged[name] = rows.ordered(out)
    return merged


def _merge_steps(merger: FieldMerger, base: Any, mine: Any, theirs: Any) -> Any:
    """Where the wizard was: the side that moved, or the page further on."""
    if mine == theirs or (merger.known and theirs == base):
        return mine
    if merger.known and mine == base:
        return theirs
    return max((mine, theirs), key=lambda s: (_STEP_ORDER.get(str(s), -1), str(s)))


def _merge_set(known: bool, base: Any, mine: Any, theirs: Any) -> list[Any]:
    ours, others = set(mine or ()), set(theirs or ())
    if not known:
        return sorted(ours | others, key=str)
    before = set(base or ())
    return sorted((before & ours & others) | (ours - before) | (others - before), key=str)


def merge_states(base: Mapping[str, Any] | None, mine: Mapping[str, Any],
                 theirs: Mapping[str, Any],
                 choices: Mapping[str, str] | None = None) -> DraftMerge:
    """The draft holding both desks' edits (``base`` None: not known, so every field the two
    sides hold differently is a clash). ``choices`` maps a clash's key to ``mine`` or
    ``theirs``; a derived field follows its source's choice."""
    merger = FieldMerger(base is not None, choices or {})
    if base is not None:
        mine, theirs = _separate_added_rows(base, mine, theirs)
    state: dict[str, Any] = {}
    for key in sorted((set(mine) | set(theirs)) - _OWN):
        value = merger.pick(key, _get(base, key), mine.get(key, ABSENT),
                            theirs.get(key, ABSENT))
        if value is not ABSENT:
            state[key] = value
    values: dict[str, Any] = {}
    ours, others = mine.get(VALUES) or {}, theirs.get(VALUES) or {}
    before = base.get(VALUES) or {} if base is not None else None
    for name in sorted(set(ours) | set(others), key=lambda n: (n in _VALUE_SOURCES, n)):
        follows = value_key(_VALUE_SOURCES[name]) if name in _VALUE_SOURCES else None
        value = merger.pick(value_key(name), _get(before, name), ours.get(name, ABSENT),
                            others.get(name, ABSENT), follows)
        if value is not ABSENT:
            values[name] = value
    state[VALUES] = values
    state[TABLES] = _merge_tables(merger, base, mine, theirs)
    state["step"] = _merge_steps(merger, _get(base, "step"), mine.get("step"),
                                 theirs.get("step"))
    state["checked_steps"] = _merge_set(base is not None, _get(base, "checked_steps"),
                                        mine.get("checked_steps"), theirs.get("checked_steps"))
    state["next_row"] = max(int(mine.get("next_row") or 1), int(theirs.get("next_row") or 1))
    return DraftMerge(state, _folded(merger.clashes))


def _folded(clashes: Iterable[Clash]) -> tuple[Clash, ...]:
    """The clashes a person decides: a mirrored cell of the applicant's row that clashes
    with its header field is decided with it (it follows), so it is not listed twice."""
    found = list(clashes)
    keys = {c.key for c in found}
    listed = []
    for clash in found:
        where = parse_key(clash.key)
        header = _MIRRORED.get(where.field) if where.table == MEMBERS and where.field else None
        if header is not None and value_key(header) in keys:
            continue
        listed.append(clash)
    return tuple(listed)


def changed_fields(base: Mapping[str, Any], state: Mapping[str, Any]) -> list[str]:
    """The keys of the values and cells that differ between two states (for tests and the
    log of an automatic merge: keys only, never values)."""
    found = [value_key(k) for k in sorted(set(base.get(VALUES) or {}) |
                                           set(state.get(VALUES) or {}))
             if (base.get(VALUES) or {}).get(k, ABSENT) != (state.get(VALUES) or {}).get(k, ABSENT)]
    for table in sorted(set(base.get(TABLES) or {}) | set(state.get(TABLES) or {})):
        before = {r[ROW_ID]: r for r in _rows(base, table)}
        after = {r[ROW_ID]: r for r in _rows(state, table)}
        for row_id in sorted(set(before) | set(after), key=str):
            if row_id not in before or row_id not in after:
                found.append(row_key(table, row_id))
                continue
            found += [cell_key(table, row_id, c) for c in sorted(set(before[row_id]) |
                                                               set(after[row_id]))
                      if before[row_id].get(c, ABSENT) != after[row_id].get(c, ABSENT)]
    return found

