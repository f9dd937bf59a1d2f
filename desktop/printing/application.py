"""The application (өтініш / заявление, appendix 2) filled from the record, with the
acceptance block and the tear-off coupon below the cut line (forms.md §1)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop.domain.model import Application
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.coupon import coupon_story, cut_line
from desktop.printing.document import PageSetup, build_pdf
from desktop.printing.records import Registration
from desktop.printing.sheets import block_flowables
from desktop.printing.styles import styles
from desktop.printing.values import form_values, registration_values, underline_choice
from desktop.printing.words import say

FORM = "application"
HEADER_WIDTH = 112 * mm  # the addressee block sits in the right two thirds


@ft.in_edition
def application_values(app: Application, registration: Registration | None,
                       lang: str) -> dict[str, str]:
    spec = ft.form(FORM)
    values = form_values(spec, app, lang)
    values.update(registration_values(app, registration, lang))
    office = say(registration.office.area, lang) if registration else ""
    values["office"] = office or ", ".join(
        part for part in (app.office.locality, app.office.district) if part)
    account = app.applicant.bank_account
    if account is not None:
        values["applicant_account_type"] = underline_choice(
            spec.field("applicant_account_type"), account.account_type.value, lang)
    return values


def _header(app: Application, values: dict[str, str], lang: str) -> Flowable:
    """The addressee block, top right, with the blank's edition in small print beside it
    (under it, the sheet would push the coupon off the page)."""
    s = styles()
    lines: list[Flowable] = []
    for item in ft.form(FORM).block("header").in_order(lang):
        lines.append(el.rich(ft.filled(FORM, "header", item.id, lang, values), s.header))
        if item.caption is not None:
            lines.append(el.para(item.caption.text(lang), s.caption))
    edition = ft.legal_source(FORM, lang)
    if edition:
        return el.note_beside(edition, lines, width=HEADER_WIDTH)
    return el.right_block(lines, width=HEADER_WIDTH)


@ft.in_edition
def application_story(app: Application, registration: Registration | None,
                      lang: str) -> list[Flowable]:
    """The whole appendix 2: header, title, statements, acceptance block, coupon."""
    spec = ft.form(FORM)
    values = application_values(app, registration, lang)
    story: list[Flowable] = [*el.form_head(spec.marker.text(lang), _appendix(lang)),
                             _header(app, values, lang), el.gap(2)]
    story += head_title(lang)
    story += block_flowables(FORM, "body", lang, values)
    story += [el.gap(2), *block_flowables(FORM, "signature", lang, values), el.gap(2)]
    story += block_flowables(FORM, "acceptance", lang, values)
    if registration is not None:
        story.append(KeepTogether([el.gap(1), cut_line(lang),
                                   *coupon_story(app, registration, lang)]))
    return story


def _appendix(lang: str) -> str:
    appendix = ft.form(FORM).appendix
    return appendix.text(lang) if appendix else ""


def head_title(lang: str) -> list[Flowable]:
    return el.title(ft.form(FORM).title.text(lang))


@ft.in_edition
def render_application(app: Application, registration: Registration | None, lang: str,
                       duplicate: bool = False) -> bytes:
    """Appendix 2 filled in; without a registration the acceptance block stays blank."""
    number = registration.number if registration else app.registration_number
    title = f"{ft.form(FORM).title.text(lang)} {number}".strip()
    return build_pdf(application_story(app, registration, lang), lang=lang, title=title,
                     duplicate=duplicate, setup=PageSetup(footer=number))

