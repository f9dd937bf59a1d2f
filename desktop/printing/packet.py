"""The intake packet in one PDF: the application, the three sheets and the calculation."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from desktop.domain.assessment import Assessment
from desktop.domain.model import Application
from desktop.i18n import _
from desktop.printing.application import application_story
from desktop.printing.calculation import calculation_story
from desktop.printing.document import PageSetup, build_pdf
from desktop.printing.family_sheet import family_story
from desktop.printing.farm_sheet import farm_story
from desktop.printing.income_sheet import income_story, quarters_of
from desktop.printing.records import Registration, Staff


def packet_story(app: Application, registration: Registration | None,
                 assessment: Assessment | None, lang: str,
                 executor: Staff | None = None) -> list[Flowable]:
    parts: list[list[Flowable]] = [application_story(app, registration, lang),
                                   family_story(app, lang)]
    parts += [income_story(app, quarter, lang) for quarter in quarters_of(app)]
    parts.append(farm_story(app, lang))
    if assessment is not None:
        parts.append(calculation_story(app, assessment, lang, executor))
    story: list[Flowable] = []
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        story += part
    return story


def render_packet(app: Application, registration: Registration | None,
                  assessment: Assessment | None, lang: str, duplicate: bool = False,
                  executor: Staff | None = None) -> bytes:
    """Appendices 2–5 filled in and, when assessed, the calculation sheet, each on new pages."""
    number = registration.number if registration else app.registration_number
    title = _("Application packet {number}", lang).format(number=number)
    return build_pdf(packet_story(app, registration, assessment, lang, executor), lang=lang,
                     title=title, duplicate=duplicate, setup=PageSetup(footer=number))
