"""The refusal to accept documents (расписка об отказе / қабылдаудан бас тарту туралы қолхат).

Appendix 6 of the 2015 regulation (forms.md §5), made in two copies, one per side. Only a ЦОН
wording exists; at an office or akimat the office's name stands where the slip names the
ЦОН department, and nothing else changes (a product decision, forms/refusal_slip.yaml).
Expired documents (the 2018 ground, process.md §9) are listed under their own heading.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak

from desktop.domain.model import Application
from desktop.i18n import _, format_date
from desktop.printing import elements as el
from desktop.printing import formtext as ft
from desktop.printing import wording as w
from desktop.printing.document import PORTRAIT_WIDTH, PageSetup, build_pdf
from desktop.printing.records import DocumentProblem, IntakeRefusal, RefusedDocument
from desktop.printing.styles import styles
from desktop.printing.words import esc, full_address, official_name, say

FORM = "refusal_slip"


def _values(app: Application, refusal: IntakeRefusal, lang: str) -> dict[str, str]:
    member = app.applicant_member
    service = say(refusal.service, lang) or w.SERVICE.text(lang)
    # the office's name stands for the ЦОН department, unless the edition names the place
    # that refuses (2018: the Employment Centre, seed 000 line 76)
    place = ft.intake_place(FORM)
    office = (place.text(lang) if place is not None
              else official_name(say(refusal.office.name, lang)))
    return {
        "slip_recipient": member.name.full,
        "slip_recipient_address": full_address(app.applicant.address, lang),
        "slip_department_number": refusal.state_corporation_department,
        "slip_department_address": say(refusal.office.address, lang),
        "slip_office": office,
        "slip_service_name": f"«{service}»",
        "slip_worker": refusal.employee.name,
        "slip_executor": refusal.executor.name if refusal.executor else "",
        "slip_phone": refusal.executor_phone or refusal.office.phone,
    }


def _refusal_sentence(refusal: IntakeRefusal, lang: str, values: dict[str, str]) -> str:
    template = ft.statement(FORM, "body", "refusal").fill
    assert template is not None, "forms/refusal_slip.yaml: body.refusal has no fill"
    text = template.text(lang)
    if not refusal.state_corporation_department:
        phrase = w.SLIP_STATE_CORPORATION.text(lang)
        if phrase not in text:
            raise ValueError("forms/refusal_slip.yaml: the ЦОН department phrase changed")
        text = text.replace(phrase, "{slip_office}")
    return ft.fill_template(text, values)


def _document_list(documents: list[RefusedDocument], lang: str, first: int,
                   total: int) -> list[Flowable]:
    """Numbered lines "1) name;" ... the last ending in a full stop, as on the blank."""
    s = styles()
    rows: list[list[Flowable | str]] = []
    for number, document in enumerate(documents, start=first):
        end = "." if number == total else ";"
        name = say(document.name, lang)
        if document.expired_on is not None:
            name += " " + _("(valid until {date})", lang).format(
                date=format_date(document.expired_on))
        rows.append([el.para(f"{number})", s.body_left), el.rich(ft.fill_template(
            "{name}" + end, {"name": name}), s.body_left)])
    return [el.plain_table(rows, [10 * mm, PORTRAIT_WIDTH - 10 * mm])] if rows else []


@ft.in_edition
def _copy(app: Application, refusal: IntakeRefusal, lang: str, number: int) -> list[Flowable]:
    s = styles()
    spec = ft.form(FORM)
    values = _values(app, refusal, lang)
    missing = [d for d in refusal.documents if d.problem is DocumentProblem.MISSING]
    expired = [d for d in refusal.documents if d.problem is DocumentProblem.EXPIRED]
    story: list[Flowable] = [
        el.para(_("Copy {number} of 2", lang).format(number=number), s.small),
        # the appendix line and the edition's source name АСП's regulation: a slip for
        # another service names its service in the sentence, not under АСП's appendix
        *(el.form_head(spec.marker.text(lang), spec.appendix.text(lang) if spec.appendix
                       else "", ft.legal_source(FORM, lang)) if not refusal.service
          else el.form_head(spec.marker.text(lang))),
    ]
    addressee = []
    for item in spec.block("addressee").in_order(lang):
        value = values.get(item.fill.text(lang).strip("{}"), "") if item.fill else ""
        addressee.append(el.blank(value, item.caption.text(lang) if item.caption else ""))
    story += [el.right_block(addressee), el.gap(3), *el.title(spec.title.text(lang))]
    story.append(el.rich(_refusal_sentence(refusal, lang, values), s.statement))
    for item in spec.block("body").in_order(lang):
        if item.id == "missing_heading":
            story.append(el.para(item.text.text(lang), s.body_left))
            total = len(missing) + len(expired)
            story += _document_list(missing, lang, 1, total)
            if expired:
                story.append(el.para(_("Documents whose validity has expired:", lang),
                                     s.body_left))
                story += _document_list(expired, lang, len(missing) + 1, total)
        elif item.id != "refusal":
            story.append(el.rich(ft.filled(FORM, "body", item.id, lang, values), s.statement))
    story += [el.gap(4), *_signatures(refusal, lang, values)]
    return story


def _signatures(refusal: IntakeRefusal, lang: str, values: dict[str, str]) -> list[Flowable]:
    s = styles()
    worker = ft.statement(FORM, "signatures", "worker")
    caption = worker.caption.text(lang) if worker.caption else ""
    if not refusal.state_corporation_department:
        caption = caption.replace(w.SLIP_WORKER_STATE_CORPORATION.text(lang),
                                  _("employee of the service provider", lang))
    position = say(refusal.employee.position, lang)
    name = f"{refusal.employee.name}, {position}" if position else refusal.employee.name
    story: list[Flowable] = [el.blank(name, caption, label=worker.text.text(lang))]
    for statement_id in ("executor", "phone"):
        story.append(el.rich(ft.filled(FORM, "signatures", statement_id, lang, values),
                             s.body_left))
    date_label = _("Date:", lang)
    story.append(el.rich(f"{esc(date_label)} <u>{format_date(refusal.date)}</u>", s.body_left))
    story += [el.gap(4), el.para(ft.text(FORM, "signatures", "received", lang), s.body_left)]
    return story


@ft.in_edition
def render_refusal_slip(app: Application, refusal: IntakeRefusal, lang: str,
                        duplicate: bool = False) -> bytes:
    """Both copies of the slip, each starting on its own page."""
    story = [*_copy(app, refusal, lang, 1), PageBreak(), *_copy(app, refusal, lang, 2)]
    title = ft.form(FORM).title.text(lang)
    footer = " ".join(part for part in (refusal.number, app.applicant_member.name.short) if part)
    return build_pdf(story, lang=lang, title=title, duplicate=duplicate,
                     setup=PageSetup(footer=footer))
