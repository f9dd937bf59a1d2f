"""The applications journal for a chosen period (журнал учета заявлений / өтініштерді есепке
алу журналы), landscape, one line per registered application."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import Flowable

from desktop.domain.case_status import takes_at_employment_centre
from desktop.domain.model import Channel
from desktop.domain.text import N_
from desktop.i18n import _, format_date, format_datetime
from desktop.printing import elements as el
from desktop.printing import wording as w
from desktop.printing.document import LANDSCAPE_WIDTH, PageSetup, build_pdf
from desktop.printing.letter import office_head
from desktop.printing.records import JournalEntry, OfficeInfo
from desktop.printing.styles import styles
from desktop.printing.words import full_address, say

CHANNELS = {
    Channel.DISTRICT_OFFICE: N_("district office"),
    Channel.AKIM: N_("akim"),
    Channel.STATE_CORPORATION: N_("State Corporation"),
}
# Relative column widths: №, number, registered, applicant, address, members, channel,
# accepted by, due date, status.
WEIGHTS = (3, 11, 8, 16, 15, 7, 8, 12, 7, 13)


def _headers(lang: str) -> list[str]:
    return [_("No.", lang), _("Registration number", lang),
            _("Date and time of registration", lang), _("Applicant, IIN", lang),
            _("Address", lang), _("Family members", lang),
            _("Channel", lang), _("Accepted by", lang), _("Result due", lang),
            _("Status, result", lang)]


def _channel(channel: Channel, day: dt.date, lang: str) -> str:
    if channel is Channel.DISTRICT_OFFICE and takes_at_employment_centre(day):
        return _("Employment Centre", lang)
    return _(CHANNELS[channel], lang)


def _row(number: int, entry: JournalEntry, lang: str) -> list[Flowable | str]:
    app, registration = entry.application, entry.registration
    member = app.applicant_member
    status = "; ".join(p for p in (say(entry.status, lang), say(entry.result, lang)) if p)
    s = styles()
    return [el.cell(str(number), s.cell_center), el.number(registration.number),
            el.cell(format_datetime(registration.registered_at)),
            el.cell(f"{member.name.full}, {member.iin}"),
            el.cell(full_address(app.applicant.address, lang)),
            el.cell(str(len(app.members)), s.cell_center),
            el.cell(_channel(app.channel, app.application_date, lang)),
            el.cell(registration.accepted_by.name),
            el.cell(format_date(registration.due_date)), el.cell(status)]


def journal_story(entries: Sequence[JournalEntry], office: OfficeInfo, start: dt.date,
                  end: dt.date, lang: str) -> list[Flowable]:
    chosen = sorted((e for e in entries if start <= e.registration.registered_at.date() <= end),
                    key=lambda e: (e.registration.registered_at, e.registration.number))
    period = _("Period: from {start} to {end}", lang).format(start=format_date(start),
                                                           end=format_date(end))
    rows: list[list[Flowable | str]] = [[el.head(h) for h in _headers(lang)]]
    rows += [_row(number, entry, lang) for number, entry in enumerate(chosen, start=1)]
    widths = [LANDSCAPE_WIDTH * weight / sum(WEIGHTS) for weight in WEIGHTS]
    total = _("Applications in the period: {count}", lang).format(count=len(chosen))
    s = styles()
    return [*office_head(office, lang), *el.title(w.JOURNAL.text(lang), period),
            el.grid(rows, widths), el.gap(2), el.para(total, s.body_left)]


def render_journal(entries: Sequence[JournalEntry], office: OfficeInfo, start: dt.date,
                   end: dt.date, lang: str, duplicate: bool = False) -> bytes:
    """The journal of the applications registered from ``start`` to ``end`` inclusive."""
    title = f"{w.JOURNAL.text(lang)} {format_date(start)}–{format_date(end)}"
    return build_pdf(journal_story(entries, office, start, end, lang), lang=lang, title=title,
                     duplicate=duplicate, setup=PageSetup(landscape=True, footer=title))
