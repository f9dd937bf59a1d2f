"""The tear-off coupon of the application (отрывной талон / үзбелі талон), forms.md §1.7."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop.domain.model import Application
from desktop.i18n import _, format_datetime
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf, content_height
from desktop.printing.marks import CutLine, qr_code, qr_payload
from desktop.printing.records import Registration
from desktop.printing.styles import styles
from desktop.printing.values import form_values, registration_values

FORM = "application"
SLACK = 4 * mm  # what rounding of the measured lines may need (the stamp sits in the margin)


@ft.in_edition
def coupon_values(app: Application, registration: Registration, lang: str) -> dict[str, str]:
    values = form_values(ft.form(FORM), app, lang)
    values.update(registration_values(app, registration, lang))
    place = ft.intake_place(FORM)
    if place is not None and values.get("accepted_by"):
        # C5 asks for the acceptor's position: it names the edition's place of intake
        # (2018: the Employment Centre, seed 000 lines 50, 72)
        values["accepted_by"] = f"{values['accepted_by']}, {place.text(lang)}"
    return values


def cut_line(lang: str) -> CutLine:
    return CutLine(ft.caption(FORM, "cut_line", "cut_line", lang))


@ft.in_edition
def coupon_story(app: Application, registration: Registration, lang: str) -> list[Flowable]:
    """The coupon's flowables; the caller keeps them together with the cut line.

    The statements fill the left column; the QR code with the registration number and time
    stands in the right one.
    """
    s = styles()
    values = coupon_values(app, registration, lang)
    block = ft.form(FORM).block("coupon")
    text: list[Flowable] = []
    for item in block.in_order(lang):
        markup = ft.filled(FORM, "coupon", item.id, lang, values)
        text.append(el.rich(markup, s.body))
        caption = item.caption.text(lang) if item.caption else ""
        if caption and not _repeats(caption, item.text.text(lang)):
            text.append(el.para(caption, s.caption))
        text.append(el.gap(0.6))
    story: list[Flowable] = []
    if block.title is not None:
        story.append(el.para(block.title.text(lang), s.heading))
    story.append(el.side_by_side(text, _registration_box(registration, lang), split=0.8,
                                 width=PORTRAIT_WIDTH, gap=4 * mm))
    return story


def _repeats(caption: str, text: str) -> bool:
    """True when the line's own words already say what the caption says (the KZ C5 line)."""
    words = caption.strip("()").split(",")[0].strip().lower()
    return bool(words) and words in text.lower()


def _registration_box(registration: Registration, lang: str) -> list[Flowable]:
    """The QR code that carries the registration number, the number and time under it."""
    s = styles()
    label = _("Registration number:", lang)
    return [
        qr_code(qr_payload(registration.number), size=26 * mm),
        el.para(label, s.small_left),
        el.number(registration.number, s.small_left, bold=True),
        el.para(_("Registered: {when}", lang).format(
            when=format_datetime(registration.registered_at)), s.small_left),
    ]


@ft.in_edition
def render_coupon(app: Application, registration: Registration, lang: str,
                  duplicate: bool = False) -> bytes:
    """The coupon alone under its cut line, with the small print of its blank's edition under
    it, on a page of its own size (A4 wide, as tall as the coupon): a printer prints the
    coupon, not a mostly blank sheet."""
    source = ft.legal_source(FORM, lang)

    def parts() -> list[Flowable]:
        story: list[Flowable] = [cut_line(lang), *coupon_story(app, registration, lang)]
        if source:
            story += [el.gap(2), el.para(source, styles().edition)]
        return story

    title = ft.form(FORM).block("coupon").title
    name = title.text(lang) if title else _("Tear-off coupon", lang)
    height = content_height(parts()) + SLACK
    return build_pdf([KeepTogether(parts())], lang=lang, title=f"{name} {registration.number}",
                     duplicate=duplicate,
                     setup=PageSetup(footer=registration.number, height=height))
