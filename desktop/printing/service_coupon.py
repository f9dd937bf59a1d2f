"""The tear-off coupon of a service of the catalogue other than АСП.

The regulations give the coupon as a blank (the applicant's name, the dates of registration
and of receiving the service, who accepted); it is printed filled in, under the service's
name, with the same cut line and the QR code of the registration number as АСП's coupon.
"""

from __future__ import annotations

from html import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from desktop.domain.model import Application
from desktop.formspec.model import LocalizedText
from desktop.i18n import _, format_date, format_datetime
from desktop.printing import elements as el
from desktop.printing.coupon import SLACK, cut_line
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf, content_height
from desktop.printing.marks import qr_code, qr_payload
from desktop.printing.records import Registration
from desktop.printing.styles import styles
from desktop.printing.words import say

__all__ = ["render_service_coupon"]


def render_service_coupon(app: Application, registration: Registration,
                          service: LocalizedText, lang: str, duplicate: bool = False) -> bytes:
    """The coupon of ``app`` registered for ``service`` (its official name)."""
    s = styles()
    staff = registration.accepted_by
    position = say(staff.position, lang)
    try:
        applicant = app.applicant_member.name.full
    except KeyError:
        applicant = ""
    lines = [
        (_("Registration number", lang), registration.number),
        (_("Applicant", lang), applicant),
        (_("Date and time of registration", lang),
         format_datetime(registration.registered_at)),
        (_("Result due", lang), format_date(registration.due_date)),
        (_("Accepted by", lang), f"{staff.name}, {position}" if position else staff.name),
    ]
    text: list[Flowable] = [el.para(service.text(lang), s.heading)]
    for label, value in lines:
        text.append(el.rich(f"{escape(label)}: <b>{el.filled(value)}</b>", s.body))
    box: list[Flowable] = [qr_code(qr_payload(registration.number), size=26 * mm),
                           el.para(_("Registration number:", lang), s.small_left),
                           el.number(registration.number, s.small_left, bold=True)]

    def parts() -> list[Flowable]:
        return [cut_line(lang), el.para(_("Tear-off coupon", lang), s.heading),
                el.side_by_side(text, box, split=0.8, width=PORTRAIT_WIDTH, gap=4 * mm)]

    height = content_height(parts()) + SLACK
    return build_pdf([KeepTogether(parts())], lang=lang,
                     title=f"{_('Tear-off coupon', lang)} {registration.number}",
                     duplicate=duplicate,
                     setup=PageSetup(footer=registration.number, height=height))
