"""What the form sheets share: the head (appendix, marker, title), the family number and
applicant lines, statements with captions, and a ruled table headed from the form file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import Flowable

from desktop.domain.model import Application
from desktop.formspec import FormSpec
from desktop.formspec.model import Statement
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.styles import styles
from desktop.printing.words import full_address


def edition_line(spec: FormSpec, lang: str) -> str:
    """The small print naming the edition of ``spec`` being printed and its act."""
    return spec.edition.legal_source.text(lang) if spec.edition is not None else ""


def head(spec: FormSpec, lang: str, title: str = "") -> list[Flowable]:
    """Appendix caption, "Нысан"/"Форма", the edition's small print, then the title (the
    form's own unless given)."""
    appendix = spec.appendix.text(lang) if spec.appendix else ""
    subtitle = spec.subtitle.text(lang) if spec.subtitle else ""
    return [*el.form_head(spec.marker.text(lang), appendix, edition_line(spec, lang)),
            *el.title(title or spec.title.text(lang), subtitle)]


def split_caption(caption: str) -> list[str]:
    """Top-level "(...)" groups of a caption: "(name) (address, tel.)" gives two."""
    groups: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(caption):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append(caption[start:index + 1])
    leftover = caption[start:] if depth else ""
    if leftover:
        groups.append(leftover)
    return groups or [caption]


def applicant_line(app: Application, caption: str, lang: str, width: float) -> Flowable:
    """The applicant's name and address+phone on two blanks side by side (or one)."""
    member = app.applicant_member
    where = full_address(app.applicant.address, lang)
    contact = ", ".join(part for part in (where, app.applicant.phone) if part)
    groups = split_caption(caption)
    if len(groups) == 2:
        return el.side_by_side([el.blank(member.name.full, groups[0])],
                               [el.blank(contact, groups[1])], split=0.45, width=width)
    return el.blank(f"{member.name.full}, {contact}", caption)


def number_line(form_id: str, lang: str, number: str) -> Flowable:
    """"Регистрационный номер семьи ____" with the number written in."""
    label = ft.text(form_id, "head", "family_number", lang).rstrip("_ ")
    return el.blank(number, label=label)


def statement_flowables(form_id: str, block_id: str, item: Statement, lang: str,
                        values: Mapping[str, str]) -> list[Flowable]:
    """One statement, filled if it has blanks to fill, with its caption under it."""
    s = styles()
    story: list[Flowable] = [el.rich(ft.filled(form_id, block_id, item.id, lang, values),
                                     s.body)]
    if item.caption is not None:
        story.append(el.para(item.caption.text(lang), s.caption))
    return story


def block_flowables(form_id: str, block_id: str, lang: str, values: Mapping[str, str],
                    skip: Sequence[str] = ()) -> list[Flowable]:
    story: list[Flowable] = []
    for item in ft.form(form_id).block(block_id).in_order(lang):
        if item.id not in skip:
            story += statement_flowables(form_id, block_id, item, lang, values)
            story.append(el.gap(0.6))
    return story


def header_texts(form_id: str, lang: str, block_id: str = "table_header") -> dict[str, str]:
    """``{column statement id: header text}`` of the sheet's table in ``lang``."""
    return {item.id: item.text.text(lang)
            for item in ft.form(form_id).block(block_id).in_order(lang)}
