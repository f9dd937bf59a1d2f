"""The registry of transferred documents (реестр передаваемых документов / тапсырылатын
құжаттар тізілімі): one batch from an akimat (or ЦОН) to the district office, with the
handing-over and receiving signatures and the mark of receipt (002 RU 7380, KZ 1369)."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.i18n import _, format_date, format_datetime
from desktop.printing import elements as el
from desktop.printing import wording as w
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.letter import number_and_date, office_head
from desktop.printing.records import Staff, TransferBatch
from desktop.printing.styles import styles
from desktop.printing.words import esc, official_name, say

WEIGHTS = (3, 12, 9, 18, 6.5, 5, 8.5)


def _table(batch: TransferBatch, lang: str) -> Flowable:
    s = styles()
    headers = [_("No.", lang), _("Registration number", lang),
               _("Date and time of registration", lang), _("Applicant, IIN", lang),
               _("Documents", lang), _("Sheets", lang),
               _("Note", lang)]
    rows: list[list[Flowable | str]] = [[el.head(h) for h in headers]]
    for number, item in enumerate(batch.items, start=1):
        member = item.application.applicant_member
        rows.append([el.cell(str(number), s.cell_center), el.number(item.registration.number),
                     el.cell(format_datetime(item.registration.registered_at)),
                     el.cell(f"{member.name.full}, {member.iin}"),
                     el.cell(str(item.registration.documents_count), s.cell_center),
                     el.cell(str(item.sheets), s.cell_center), el.cell(say(item.note, lang))])
    total_sheets = sum(item.sheets for item in batch.items)
    rows.append(["", el.cell(_("Total", lang)), "", el.cell(str(len(batch.items))), "",
                 el.cell(str(total_sheets), s.cell_center), ""])
    widths = [PORTRAIT_WIDTH * weight / sum(WEIGHTS) for weight in WEIGHTS]
    return el.grid(rows, widths)


def _party(label: str, office_name: str, person: Staff | None, day: dt.date | None,
           lang: str) -> list[Flowable]:
    s = styles()
    position = say(person.position, lang) if person else ""
    name = ", ".join(p for p in (person.name if person else "", position) if p)
    date_text = format_date(day)
    return [el.rich(f"<b>{esc(label)}</b> {esc(office_name)}", s.body_left),
            el.blank(name, _("(full name, position)", lang)), el.gap(5),
            el.side_by_side([el.blank("", _("(signature)", lang))],
                            [el.blank(date_text, _("(date)", lang))], split=0.5,
                            width=PORTRAIT_WIDTH / 2 - 4 * mm)]


def transfer_story(batch: TransferBatch, lang: str) -> list[Flowable]:
    subtitle = _("from {sender} to {receiver}", lang).format(
        sender=official_name(say(batch.sender.name, lang)),
        receiver=official_name(say(batch.receiver.name, lang)))
    handed = _party(_("Handed over:", lang), official_name(say(batch.sender.name, lang)),
                    batch.sent_by, batch.sent_on, lang)
    received = _party(_("Received:", lang), official_name(say(batch.receiver.name, lang)),
                      batch.received_by, batch.received_on, lang)
    return [*office_head(batch.sender, lang), number_and_date(batch.number, batch.sent_on, lang),
            *el.title(w.TRANSFER_REGISTRY.text(lang), subtitle), _table(batch, lang),
            el.gap(6), el.side_by_side(handed, received, width=PORTRAIT_WIDTH),
            el.gap(4), el.para(_("Mark of receipt of the documents:", lang),
                               styles().body_left),
            el.blank("", "")]


def render_transfer_registry(batch: TransferBatch, lang: str, duplicate: bool = False) -> bytes:
    """One transfer batch as the registry both offices sign."""
    title = f"{w.TRANSFER_REGISTRY.text(lang)} {batch.number}"
    return build_pdf(transfer_story(batch, lang), lang=lang, title=title, duplicate=duplicate,
                     setup=PageSetup(footer=title))
