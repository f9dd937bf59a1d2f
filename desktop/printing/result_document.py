"""A service's result document (certificate, referral, notification) from its declared form.

The catalogue declares each result's paper (``results[].print``: a heading, lines with
``{blanks}``, where each blank is filled from); the services layer fills the blanks from the
case. This module lays it out as every outgoing letter is (``letter.py``): the issuing office
on top, number and date, the addressee when the form is a letter to the applicant, the
heading, the lines, and the head's signature with the QR code of the registration number.
A line with a caption is a blank line as on paper: the value written on its rule, the caption
in small print under it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from desktop.domain.model import Application
from desktop.formspec.result_form import ResultForm, ResultLine, placeholders
from desktop.printing import elements as el
from desktop.printing.document import PageSetup, build_pdf, footer_of
from desktop.printing.letter import addressee, head_signature, number_and_date, office_head
from desktop.printing.records import OfficeInfo, Staff, Wording
from desktop.printing.styles import styles
from desktop.printing.words import say

__all__ = ["ResultFacts", "render_result", "result_story"]


@dataclass(frozen=True, slots=True)
class ResultFacts:
    """What fills a result's form: its number and date, who issues and signs it, and the
    value of each blank (a ``Wording``: said in the document's language)."""

    number: str  # the application's registration number: the QR code and the footer
    date: dt.date  # the day of issue
    office: OfficeInfo
    head: Staff
    executor: Staff | None = None
    values: Mapping[str, Wording] = field(default_factory=dict)


def _line(line: ResultLine, values: Mapping[str, str], lang: str) -> Flowable:
    s = styles()
    text = line.text.text(lang)
    if line.caption is None:
        return el.rich(el.fill(text, values), s.body_left)
    name = placeholders(text)[0]
    before, _sep, after = text.partition("{" + name + "}")
    return el.blank(values.get(name, ""), line.caption.text(lang), label=before.strip(),
                    after=after.strip())


def result_story(app: Application, form: ResultForm, facts: ResultFacts,
                 lang: str) -> list[Flowable]:
    values = {name: say(value, lang) for name, value in facts.values.items()}
    story: list[Flowable] = [*office_head(facts.office, lang),
                             number_and_date(facts.number, facts.date, lang)]
    if form.addressee:
        story += [el.gap(2), addressee(app, lang)]
    story += [el.gap(4), *el.title(form.heading.text(lang)), el.gap(2)]
    for line in form.lines:
        story += [_line(line, values, lang), el.gap(1.5)]
    story += head_signature(facts.head, facts.executor, lang, facts.number)
    return story


def render_result(app: Application, form: ResultForm, facts: ResultFacts, lang: str,
                  duplicate: bool = False) -> bytes:
    """The result document on A4, in ``lang``, stamped as a duplicate when reprinted."""
    title = form.heading.text(lang)
    return build_pdf(result_story(app, form, facts, lang), lang=lang,
                     title=f"{title} {facts.number}", duplicate=duplicate,
                     setup=PageSetup(footer=footer_of(app.registration_number, facts.number)))
