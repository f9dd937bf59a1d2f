"""The frame of an outgoing letter (notification, certificate): the issuing office on top,
number and date, the addressee, and the head's signature with the QR code beside it."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.model import Application
from desktop.i18n import _, format_date
from desktop.printing import elements as el
from desktop.printing.document import PORTRAIT_WIDTH
from desktop.printing.marks import qr_code, qr_payload
from desktop.printing.records import OfficeInfo, Staff
from desktop.printing.styles import styles
from desktop.printing.words import esc, full_address, official_name, say


def office_head(office: OfficeInfo, lang: str) -> list[Flowable]:
    """The issuing office's name in bold, its address and phone under it, centred."""
    s = styles()
    contact = ", ".join(p for p in (say(office.address, lang), office.phone) if p)
    story: list[Flowable] = [el.rich(f"<b>{esc(official_name(say(office.name, lang)))}</b>",
                                     s.subtitle)]
    if contact:
        story.append(el.para(contact, s.caption))
    return [*story, el.gap(4)]


def number_and_date(number: str, day: dt.date, lang: str) -> Flowable:
    """"№ 12 от 17.03.2026" on the left of the line under the head."""
    label = _("No. {number} of {date}", lang).format(number=number, date=format_date(day))
    return el.para(label, styles().body_left)


def addressee(app: Application, lang: str) -> Flowable:
    """The applicant as addressee: name, IIN, address (right part of the page)."""
    s = styles()
    member = app.applicant_member
    iin_label = _("IIN", lang)
    lines = [el.rich(f"<b>{esc(member.name.full)}</b>", s.body_left),
             el.para(f"{iin_label} {member.iin}", s.body_left),
             el.para(full_address(app.applicant.address, lang), s.body_left)]
    return el.right_block(lines, width=85 * mm)


def head_signature(head: Staff, executor: Staff | None, lang: str,
                   payload_number: str, second_number: str = "") -> list[Flowable]:
    """The head's position, signature line and name, the seal place; the QR code right."""
    s = styles()
    position = say(head.position, lang) or _("Head of the service provider", lang)
    left: list[Flowable] = [
        el.para(position, s.body_left),
        el.signature(_("(signature)", lang), head.name, width=120 * mm),
        el.gap(2),
        el.para(_("Place of seal", lang), s.small_left),
    ]
    if executor is not None:
        executor_label = _("Executor: {name}", lang).format(name=executor.name)
        left += [el.gap(4), el.para(executor_label, s.small_left)]
    code = qr_code(qr_payload(payload_number, second_number), size=24 * mm)
    return [el.gap(6), el.side_by_side(left, [code], split=0.84, width=PORTRAIT_WIDTH)]
