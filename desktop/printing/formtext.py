"""The fixed texts of the blanks, read from ``forms/*.yaml``, and filling their blanks.

A statement's ``fill`` is its text with ``{field_id}`` placeholders; a filled printout writes
the values underlined, as if by hand on the line. A run of placeholders joined only by
spaces or commas ("{surname} {first_name} {patronymic}") is one blank: empty values drop
out with their separator. A value not known yet leaves a line to write on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from desktop.formspec import FormSpec, load_form
from desktop.formspec.model import Statement
from desktop.paths import forms_dir
from desktop.printing.words import esc

EMPTY_BLANK = "_" * 16
_RUN = re.compile(r"\{[a-z][a-z0-9_]*\}(?:[ ,]*\{[a-z][a-z0-9_]*\})*")
_NAME = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Markup(str):
    """A value that is reportlab markup already (not escaped, not underlined again)."""

    __slots__ = ()


@cache
def form(form_id: str) -> FormSpec:
    """``forms/<form_id>.yaml``, loaded and checked once."""
    return load_form(forms_dir() / f"{form_id}.yaml")


def statement(form_id: str, block_id: str, statement_id: str) -> Statement:
    for candidate in form(form_id).block(block_id).statements:
        if candidate.id == statement_id:
            return candidate
    raise KeyError(f"{form_id}: block {block_id!r} has no statement {statement_id!r}")


def text(form_id: str, block_id: str, statement_id: str, lang: str) -> str:
    """A statement's printed text (blanks as underscores) in ``lang``."""
    return statement(form_id, block_id, statement_id).text.text(lang)


def caption(form_id: str, block_id: str, statement_id: str, lang: str) -> str:
    found = statement(form_id, block_id, statement_id).caption
    return found.text(lang) if found else ""


def filled(form_id: str, block_id: str, statement_id: str, lang: str,
           values: Mapping[str, str]) -> str:
    """Markup of a statement with its blanks filled (its plain text if it has no fill)."""
    found = statement(form_id, block_id, statement_id)
    if found.fill is None:
        return esc(found.text.text(lang))
    return fill_template(found.fill.text(lang), values)


def fill_template(template: str, values: Mapping[str, str]) -> str:
    """Markup of ``template`` with each run of placeholders written in, underlined."""
    out: list[str] = []
    position = 0
    for run in _RUN.finditer(template):
        out.append(esc(template[position:run.start()]))
        out.append(_fill_run(run.group(0), values))
        position = run.end()
    out.append(esc(template[position:]))
    return "".join(out)


def _fill_run(run: str, values: Mapping[str, str]) -> str:
    pieces: list[str] = []
    separator = ""
    position = 0
    has_markup = False
    for match in _NAME.finditer(run):
        if match.start() > position:
            separator = run[position:match.start()]
        value = values.get(match.group(1), "")
        if value:
            if pieces:
                pieces.append(esc(separator))
            if isinstance(value, Markup):
                has_markup = True
                pieces.append(value)
            else:
                pieces.append(esc(value))
        position = match.end()
    if not pieces:
        return EMPTY_BLANK
    if has_markup:  # the markup underlines its own parts (e.g. the chosen account type)
        return "".join(pieces)
    return "<u>" + "".join(pieces) + "</u>"
