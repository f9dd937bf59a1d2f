"""The personal subsidiary farming sheet (appendix 5, forms.md §4) with the akim's block.

Two lists side by side, as the blank prints them: land and property on the left (columns 1–2),
livestock on the right (columns 3–5). The printed rows and their labels are the fixed rows of
``forms/farm.yaml``; each row gathers the holdings of its kinds.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.model import Application, LandHolding, LandKind, LivestockHolding
from desktop.formspec.model import FixedRow
from desktop.i18n import NBSP
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.records import Staff
from desktop.printing.sheets import applicant_line, block_flowables, head, header_texts
from desktop.printing.sheets import number_line as family_number_line
from desktop.printing.styles import styles
from desktop.printing.words import esc

FORM = "farm"
SQUARE_METRES_PER_HECTARE = 10_000


def area_text(holding: LandHolding) -> str:
    """"0,12 га" from a hectare up or for plots of 1 000 m² and more, else "600 м²";
    the year of issue for a property share."""
    if holding.kind is LandKind.PROPERTY_SHARE:
        return str(holding.year_issued or "")
    if not holding.area_m2:
        return ""
    if holding.area_m2 >= 1000:
        hectares = (Decimal(holding.area_m2) / SQUARE_METRES_PER_HECTARE).normalize()
        return f"{hectares:f}".replace(".", ",") + f"{NBSP}га"
    return f"{holding.area_m2}{NBSP}м²"


def _land_cells(row: FixedRow, app: Application, lang: str) -> list[Flowable | str]:
    field = ft.form(FORM).field("land_kind")
    held = [h for h in app.land if h.kind.value in row.kinds]
    lines = []
    for holding in held:
        value = area_text(holding)
        if len(row.kinds) > 1 and value:
            choice = field.choice(holding.kind.value)
            value = f"{choice.label.text(lang) if choice else holding.kind.value}: {value}"
        if value:
            lines.append(esc(value))
    return [el.cell(row.label.text(lang)), el.rich("<br/>".join(lines), styles().cell)]


def _livestock_cells(row: FixedRow, app: Application, lang: str) -> list[Flowable | str]:
    field = ft.form(FORM).field("livestock_kind")
    held: list[LivestockHolding] = [h for h in app.livestock if h.kind.value in row.kinds]
    label = esc(row.label.text(lang))
    if row.sublabel is not None:
        label += "<br/>" + esc(row.sublabel.text(lang))
    ages, heads = [], []
    for holding in held:
        age = str(holding.age_years)
        if len(row.kinds) > 1:
            choice = field.choice(holding.kind.value)
            age = f"{choice.label.text(lang) if choice else holding.kind.value}: {age}"
        ages.append(esc(age))
        heads.append(str(holding.heads))
    s = styles()
    return [el.rich(label, s.cell), el.rich("<br/>".join(ages), s.cell),
            el.rich("<br/>".join(heads), s.cell_right)]


@ft.in_edition
def farm_table(app: Application, lang: str, width: float = PORTRAIT_WIDTH) -> Flowable:
    headers = header_texts(FORM, lang)
    spec = ft.form(FORM)
    land_rows = spec.field("farm_objects").rows
    stock_rows = spec.field("livestock").rows
    assert land_rows is not None and stock_rows is not None
    weights = [4, 1.8, 3, 1.6, 1.2]
    widths = [width * w / sum(weights) for w in weights]
    rows: list[list[Flowable | str]] = [[el.head(headers[f"col{i}"]) for i in range(1, 6)]]
    for land, stock in zip_longest(land_rows.fixed, stock_rows.fixed):
        left = _land_cells(land, app, lang) if land else ["", ""]
        right = _livestock_cells(stock, app, lang) if stock else ["", "", ""]
        rows.append([*left, *right])
    return el.grid(rows, widths)


@ft.in_edition
def farm_story(app: Application, lang: str, akim: Staff | None = None,
               width: float = PORTRAIT_WIDTH) -> list[Flowable]:
    spec = ft.form(FORM)
    number = app.family_registration_number or app.registration_number
    caption = ft.caption(FORM, "head", "applicant_line", lang)
    parts = head(spec, lang)
    story = [*parts[:2], family_number_line(FORM, lang, number), *parts[2:],
             applicant_line(app, caption, lang, width), el.gap(3), farm_table(app, lang, width),
             el.gap(4)]
    footer = ft.form(FORM).block("footer").in_order(lang)
    for item in footer:
        if item.id == "akim_block":
            story += _akim_block(item.text.text(lang), item.caption.text(lang)
                                 if item.caption else "", akim)
        else:
            story += block_flowables(FORM, "footer", lang, {}, skip=[
                other.id for other in footer if other.id != item.id])
    return story


def _akim_block(text: str, caption: str, akim: Staff | None) -> list[Flowable]:
    """The akim's (or authorised official's) name, signature and surname lines."""
    s = styles()
    words = text.rstrip("_ ")
    captions = caption.split(") (")
    left = captions[0] + (")" if len(captions) > 1 else "")
    right = "(" + captions[1] if len(captions) > 1 else ""
    surname = akim.name if akim else ""
    return [el.para(words, s.body_left),
            el.side_by_side([el.blank("", left)], [el.blank(surname, right)], split=0.4,
                            width=110 * mm), el.gap(2)]


@ft.in_edition
def render_farm_sheet(app: Application, lang: str, duplicate: bool = False,
                      akim: Staff | None = None) -> bytes:
    """Appendix 5 filled in from the land and livestock of the application."""
    number = app.family_registration_number or app.registration_number
    title = f"{ft.form(FORM).title.text(lang)} {number}"
    return build_pdf(farm_story(app, lang, akim), lang=lang, title=title, duplicate=duplicate,
                     setup=PageSetup(footer=number))
