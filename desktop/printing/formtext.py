"""The fixed texts of the blanks, read from ``forms/*.yaml``, and filling their blanks.

A statement's ``fill`` is its text with ``{field_id}`` placeholders; a filled printout writes
the values underlined, as if by hand on the line. A run of placeholders joined only by
spaces or commas ("{surname} {first_name} {patronymic}") is one blank: empty values drop
out with their separator. A value not known yet leaves a line to write on.

Which edition of a blank is printed follows the application: a document's story runs inside
``in_edition`` (the decorator on each story and render function), which sets the rule set
and day of the application it prints; ``form()`` then gives that edition's texts
(desktop/formspec/editions.py). Outside it, ``form()`` gives the form file as it is.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Concatenate, ParamSpec, TypeVar

from desktop.domain.issues import InvalidApplicationError
from desktop.domain.model import Application
from desktop.domain.rulesets import RULE_SETS, rule_set_for
from desktop.formspec import FormSpec, load_form
from desktop.formspec.editions import apply, edition_for
from desktop.formspec.model import LocalizedText, Statement
from desktop.paths import forms_dir
from desktop.printing.words import esc

EMPTY_BLANK = "_" * 16
_RUN = re.compile(r"\{[a-z][a-z0-9_]*\}(?:[ ,]*\{[a-z][a-z0-9_]*\})*")
_NAME = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class Markup(str):
    """A value that is reportlab markup already (not escaped, not underlined again)."""

    __slots__ = ()


P = ParamSpec("P")
R = TypeVar("R")
# (rule set id, application date, channel) of the application being printed
_EDITION: ContextVar[tuple[str, dt.date, str] | None] = ContextVar("blank_edition",
                                                                   default=None)


@cache
def form_file(form_id: str) -> FormSpec:
    """``forms/<form_id>.yaml``, loaded and checked once."""
    return load_form(forms_dir() / f"{form_id}.yaml")


def form(form_id: str) -> FormSpec:
    """The form with the texts of the edition being printed (see the module docstring)."""
    current = _EDITION.get()
    base = form_file(form_id)
    if current is None:
        return base
    rule_set_id, day, _channel = current
    edition = edition_for(base, rule_set_id, day)
    return base if edition is None else _edition(form_id, edition.id)


@cache
def _edition(form_id: str, edition_id: str) -> FormSpec:
    base = form_file(form_id)
    return apply(base, base.find_edition(edition_id))


def rule_set_of(day: dt.date) -> str:
    """The rule set whose blanks an application of ``day`` gets; before the first text,
    the first rule set's (such a date is refused by the rules, but a draft may carry it)."""
    try:
        return rule_set_for(day, RULE_SETS).id
    except InvalidApplicationError:
        return min(RULE_SETS, key=lambda rule_set: rule_set.effective_from).id


@contextmanager
def edition_of(app: Application) -> Iterator[None]:
    """Print the blanks of the edition in force on ``app``'s date inside this block."""
    token = _EDITION.set((rule_set_of(app.application_date), app.application_date,
                          app.channel.value))
    try:
        yield
    finally:
        _EDITION.reset(token)


def in_edition(story: Callable[Concatenate[Application, P], R]
               ) -> Callable[Concatenate[Application, P], R]:
    """Decorates a function whose first argument is the application being printed."""
    @functools.wraps(story)
    def printed(app: Application, *args: P.args, **kwargs: P.kwargs) -> R:
        with edition_of(app):
            return story(app, *args, **kwargs)
    return printed


def legal_source(form_id: str, lang: str) -> str:
    """The small print naming the blank's edition and its act ("" for a form without
    editions)."""
    edition = form(form_id).edition
    return edition.legal_source.text(lang) if edition is not None else ""


def intake_place(form_id: str) -> LocalizedText | None:
    """Where the edition being printed takes applications in by the application's channel,
    when it names a place other than the addressee (the Employment Centre in 2018)."""
    current = _EDITION.get()
    edition = form(form_id).edition
    if current is None or edition is None:
        return None
    return edition.intake.get(current[2])



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
