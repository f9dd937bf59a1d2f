"""What a person reads for a field of a wizard draft in conflict: the wizard's own labels.

A draft's fields are named by their merge keys (:mod:`desktop.domain.draft_merge`): a value
by its form field (``values/applicant_phone`` → «Телефон»), a table cell by the table's
label, the row (the family member's name, the document, the kind of land or livestock) and
the column's label (``Отбасы мүшелері · Тестқызы Айгүл · Мүгедектік тобы``), a whole row
by the table and the row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from desktop.domain.draft_merge import ABSENT, parse_key
from desktop.domain.intake_session import DOCUMENTS, INCOMES, LAND, LIVESTOCK, MEMBERS, ROW_ID
from desktop.formspec.model import FieldSpec, FieldType, FormSpec
from desktop.i18n import _, current_language
from desktop.ui.sync.record_labels import column_label
from desktop.ui.sync.record_labels import value_label as record_value_label

N_ = str  # marks a msgid for extraction; translated where it is shown
SEPARATOR = " · "
_STATUSES = {"open": N_("Being entered"), "registered": N_("Registered"),
             "discarded": N_("Discarded")}
_ROW_NAMES = {LAND: "land_kind", LIVESTOCK: "livestock_kind", DOCUMENTS: "document_kind"}


@cache
def _forms() -> dict[str, FormSpec]:
    from desktop.formspec import load_all

    return dict(load_all())


@cache
def _fields() -> dict[str, FieldSpec]:
    """Every field of the forms by id (a table's columns too)."""
    found: dict[str, FieldSpec] = {}
    for form in _forms().values():
        for spec in form.fields():
            for inner in spec.walk():
                found.setdefault(inner.id, inner)
    return found


@cache
def _tables() -> dict[str, FieldSpec]:
    """column id -> the table field that shows it in the wizard (its label heads it)."""
    found: dict[str, FieldSpec] = {}
    for spec in _fields().values():
        if spec.type is FieldType.TABLE:
            for column in spec.columns:
                found.setdefault(column.id, spec)
    return found


def _label(spec: FieldSpec) -> str:
    return spec.label.text(current_language()).rstrip(": ")


def _states(conflict: Any) -> list[Mapping[str, Any]]:
    """The draft's states, this desk's first (to name a row as it is named here)."""
    found = []
    for side in (conflict.mine, conflict.theirs, conflict.base):
        if isinstance(side, Mapping) and isinstance(side.get("state"), str):
            found.append(json.loads(side["state"]))
    return found


def _row(states: list[Mapping[str, Any]], table: str, row_id: str) -> Mapping[str, Any]:
    for state in states:
        for row in (state.get("tables") or {}).get(table, []):
            if row.get(ROW_ID) == row_id:
                return dict(row)
    return {}


def _member_name(states: list[Mapping[str, Any]], row_id: str) -> str:
    row = _row(states, MEMBERS, row_id)
    parts = (row.get("member_surname"), row.get("member_first_name"),
             row.get("member_patronymic"))
    return " ".join(str(p).strip() for p in parts if p and str(p).strip())


def row_title(states: list[Mapping[str, Any]], table: str, row_id: str) -> str:
    """What names a row: the family member, the document, the kind of land or livestock."""
    row = _row(states, table, row_id)
    if table == MEMBERS:
        return _member_name(states, row_id) or _("family member without a name")
    if table == INCOMES:
        kind = _value("income_kind", row.get("income_kind"), states)
        name = _member_name(states, str(row.get("income_member") or ""))
        return ", ".join(p for p in (name, kind) if p and p != "—") or _("income")
    column = _ROW_NAMES.get(table)
    return _value(column, row.get(column), states) if column else row_id


def field_label(conflict: Any, key: str) -> str:
    """The label of a draft's field, as the wizard shows it, in the current language."""
    where = parse_key(key)
    if where.table:
        states = _states(conflict)
        table = _tables().get(where.field) if where.field else None
        heading = _label(table) if table is not None else _table_heading(where.table)
        parts = [heading, row_title(states, where.table, where.row_id)]
        if where.field:
            spec = _fields().get(where.field)
            parts.append(_label(spec) if spec is not None else where.field)
        return SEPARATOR.join(parts)
    spec = _fields().get(where.field)
    if spec is not None:
        return _label(spec)
    return column_label("intake_drafts", where.field)


def _table_heading(table: str) -> str:
    for spec in _fields().values():
        if spec.type is FieldType.TABLE and spec.binding == table:
            return _label(spec)
    return table


def _value(field_id: str, value: Any, states: list[Mapping[str, Any]]) -> str:
    if value is None or value is ABSENT or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field_id == "income_member":
        return _member_name(states, str(value)) or str(value)
    if field_id == "document_kind":
        try:
            return _forms()["documents"].document(str(value)).name.text(current_language())
        except KeyError:
            return str(value)
    if isinstance(value, list):
        return ", ".join(_value(field_id, item, states) for item in value)
    spec = _fields().get(field_id)
    choice = spec.choice(str(value)) if spec is not None else None
    return choice.label.text(current_language()) if choice is not None else str(value)


def value_text(conflict: Any, key: str, value: Any) -> str:
    """One side's value of a draft's field, for a person."""
    where = parse_key(key)
    if where.is_row:
        return _("removed") if value is None else _("kept and changed")
    if not where.table and where.field == "status":
        return _(_STATUSES[value]) if value in _STATUSES else str(value or "—")
    if not where.table and where.field not in _fields():
        label = record_value_label("intake_drafts", where.field, value)
        if label is not None:
            return label
    return _value(where.field, value, _states(conflict))
