"""Field values for the blanks: each form field read from the Application by its binding.

``forms/*.yaml`` binds every field to a path in the domain model (``applicant.phone``,
``applicant_member.name.surname``); this module follows the path and formats the value by
the field's type, so a printed sheet shows what the wizard stored, in the sheet's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

from desktop.domain.model import Application, FamilyMember
from desktop.formspec import FieldSpec, FieldType, FormSpec
from desktop.i18n import format_date, format_money
from desktop.printing.formtext import Markup
from desktop.printing.records import Registration
from desktop.printing.words import long_date, say


def resolve(root: Any, path: str) -> Any:
    """The value at a dotted binding path (``[]`` steps are for tables: resolve per row)."""
    value = root
    for step in path.split("."):
        step = step.removesuffix("[]")
        if value is None:
            return None
        value = getattr(value, step, None)
    return value


def format_value(spec: FieldSpec, value: Any, lang: str, day: dt.date | None = None) -> str:
    """A stored value as the sheet prints it (choice label, dd.MM.yyyy date, money...); a
    choice in the words of the application's ``day`` («оралман» until 2020)."""
    if value is None or value == "" or (isinstance(value, frozenset | tuple) and not value):
        return ""
    if spec.type is FieldType.CHOICE:
        ids = sorted(str(v) for v in value) if isinstance(value, frozenset) else [str(value)]
        labels = []
        for choice_id in ids:
            choice = spec.choice(choice_id)
            if choice is None:
                labels.append(choice_id)
            else:
                labels.append((choice.print_label or choice.label_on(day)).text(lang))
        return ", ".join(labels)
    if spec.type is FieldType.DATE and isinstance(value, dt.date):
        return format_date(value)
    if spec.type is FieldType.MONEY and isinstance(value, int):
        return format_money(value, lang)
    if spec.type is FieldType.BOOL:
        return "✓" if value else ""
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def form_values(spec: FormSpec, root: Any, lang: str,
                fields: Iterable[FieldSpec] | None = None) -> dict[str, str]:
    """``{field id: printed value}`` for every bound, non-table field of a form."""
    values: dict[str, str] = {}
    for field in fields if fields is not None else spec.fields():
        if not field.binding or field.type is FieldType.TABLE or "[]" in field.binding:
            continue
        values[field.id] = format_value(field, resolve(root, field.binding), lang,
                                        getattr(root, "application_date", None))
    return values


def row_values(table: FieldSpec, row: Any, lang: str) -> dict[str, str]:
    """``{column id: printed value}`` for one row of a table field (a member, a holding)."""
    values: dict[str, str] = {}
    for column in table.columns:
        if column.binding:
            path = column.binding.split("[].", 1)[-1]
            values[column.id] = format_value(column, resolve(row, path), lang)
    return values


def underline_choice(spec: FieldSpec, chosen: str, lang: str) -> Markup:
    """Every choice printed, the chosen one underlined ("текущий, <u>картсчет</u>")."""
    words = []
    for choice in spec.choices:
        word = (choice.print_label or choice.label).text(lang)
        words.append(f"<u>{word}</u>" if choice.id == chosen else word)
    return Markup(", ".join(words))


def registration_values(app: Application, registration: Registration | None,
                        lang: str) -> dict[str, str]:
    """The system fields of the acceptance block and coupon (forms/application.yaml)."""
    values = {
        "family_size": str(len(app.members)),
        "application_date": long_date(app.application_date, lang, when=True),
        "family_registration_number": app.family_registration_number,
        "registration_number": app.registration_number,
    }
    if registration is not None:
        staff = registration.accepted_by
        position = say(staff.position, lang)
        values.update({
            "application_date": long_date(registration.registered_at.date(), lang, when=True),
            "accepted_by": f"{staff.name}, {position}" if position else staff.name,
            "family_registration_number": app.family_registration_number
            or registration.family_registration_number,
            "registration_number": registration.number,
            "documents_count": str(registration.documents_count),
            "service_due_date": format_date(registration.due_date),
        })
    return values


def member_name(member: FamilyMember) -> str:
    return member.name.full
