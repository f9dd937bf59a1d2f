"""Which edition of a blank an application gets, and the form with that edition's texts.

A form file holds the texts of one edition (the 2015 blanks of seed 002) and lists its
``editions``: each names the rule sets (and, inside one, the days) it is printed for, its
legal source, and only the texts that differ. ``resolve(spec, rule_set_id, day)`` gives the
form as the application of ``day`` decided by ``rule_set_id`` prints it and the wizard shows
it; ``spec.edition`` then says which edition that is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from desktop.formspec.model import (
    Block,
    Choice,
    Edition,
    FieldOverride,
    FieldSpec,
    FormSpec,
    LocalizedText,
    PageSpec,
    Statement,
)


class NoEditionError(LookupError):
    """A form declares editions, but none of them covers the rule set and day asked for."""


def edition_for(spec: FormSpec, rule_set_id: str, day: dt.date) -> Edition | None:
    """The edition printed for ``rule_set_id`` on ``day`` (None: the form has no editions).

    The loader makes sure that at most one edition covers a rule set on a day.
    """
    base = spec.origin or spec
    if not base.editions:
        return None
    for edition in base.editions:
        if edition.covers(rule_set_id, day):
            return edition
    raise NoEditionError(f"{base.id}: no edition for {rule_set_id} on {day.isoformat()}")


def lineage(spec: FormSpec, edition: Edition) -> list[Edition]:
    """``edition`` and the editions it extends, the furthest ancestor first."""
    chain = [edition]
    while chain[-1].extends:
        chain.append(spec.find_edition(chain[-1].extends))
    return chain[::-1]


def resolve(spec: FormSpec, rule_set_id: str, day: dt.date) -> FormSpec:
    """``spec`` with the texts of its edition for ``rule_set_id`` on ``day``."""
    base = spec.origin or spec
    edition = edition_for(base, rule_set_id, day)
    if edition is None:
        return base
    return apply(base, edition)


def resolve_all(forms: Mapping[str, FormSpec], rule_set_id: str,
                day: dt.date) -> dict[str, FormSpec]:
    return {form_id: resolve(spec, rule_set_id, day) for form_id, spec in forms.items()}


def apply(base: FormSpec, edition: Edition) -> FormSpec:
    """The form with ``edition``'s overrides (and those of the editions it extends)."""
    title, appendix = base.title, base.appendix
    block_titles: dict[str, LocalizedText] = {}
    statements: dict[str, dict[str, LocalizedText]] = {}
    fields: dict[str, list[FieldOverride]] = {}
    intake: dict[str, LocalizedText] = {}
    for step in lineage(base, edition):
        intake.update(step.intake)
        title = step.title or title
        appendix = step.appendix or appendix
        block_titles.update(step.block_titles)
        for key, override in step.statements.items():
            parts = statements.setdefault(key, {})
            for name in ("text", "fill", "caption"):
                value = getattr(override, name)
                if value is not None:
                    parts[name] = value
        for field_id, field_override in step.fields.items():
            fields.setdefault(field_id, []).append(field_override)
    blocks = tuple(_block(block, block_titles, statements) for block in base.blocks)
    pages = tuple(_page(page, fields) for page in base.pages)
    # the resolved edition carries the intake places it inherits
    effective = dataclasses.replace(edition, intake=intake)
    return dataclasses.replace(base, title=title, appendix=appendix, blocks=blocks,
                               pages=pages, edition=effective, origin=base)


def intake_place(spec: FormSpec, channel: str) -> LocalizedText | None:
    """Where an application of ``spec``'s edition is taken in by ``channel``, when the
    edition names a place other than the addressee (the Employment Centre in 2018)."""
    return spec.edition.intake.get(channel) if spec.edition is not None else None


def _block(block: Block, titles: Mapping[str, LocalizedText],
           statements: Mapping[str, Mapping[str, LocalizedText]]) -> Block:
    changed = tuple(_statement(item, statements.get(f"{block.id}.{item.id}", {}))
                    for item in block.statements)
    return dataclasses.replace(block, statements=changed,
                               title=titles.get(block.id, block.title))


def _statement(item: Statement, parts: Mapping[str, LocalizedText]) -> Statement:
    if not parts:
        return item
    return dataclasses.replace(item, text=parts.get("text", item.text),
                               fill=parts.get("fill", item.fill),
                               caption=parts.get("caption", item.caption))


def _page(page: PageSpec, overrides: Mapping[str, list[FieldOverride]]) -> PageSpec:
    return dataclasses.replace(page, fields=tuple(_field(f, overrides) for f in page.fields))


def _field(spec: FieldSpec, overrides: Mapping[str, list[FieldOverride]]) -> FieldSpec:
    columns = tuple(_field(column, overrides) for column in spec.columns)
    label, help_, caption = spec.label, spec.help, spec.caption
    choice_labels: dict[str, LocalizedText] = {}
    for override in overrides.get(spec.id, ()):
        label = override.label or label
        help_ = override.help or help_
        caption = override.caption or caption
        choice_labels.update(override.choices)
    choices = tuple(_choice(choice, choice_labels) for choice in spec.choices)
    return dataclasses.replace(spec, label=label, help=help_, caption=caption,
                               choices=choices, columns=columns)


def _choice(choice: Choice, labels: Mapping[str, LocalizedText]) -> Choice:
    if choice.id not in labels:
        return choice
    # the printed word follows the edition too ("оралман" on a 2018 sheet)
    label = labels[choice.id]
    return dataclasses.replace(choice, label=label,
                               print_label=label if choice.print_label else None)


def statement_of(spec: FormSpec, key: str) -> Statement | None:
    """The statement ``"block.statement"`` of ``spec`` (None if there is none)."""
    block_id, _, statement_id = key.partition(".")
    for block in spec.blocks:
        if block.id == block_id:
            return next((s for s in block.statements if s.id == statement_id), None)
    return None
