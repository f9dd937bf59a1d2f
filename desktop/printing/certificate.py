"""The certificate that the applicant (family) does or does not receive АСП (анықтама).

The result of the certificate service (services.md §10; seed 003): "справка, подтверждающая
принадлежность (либо отсутствие принадлежности) услугополучателя к получателям адресной
социальной помощи". Its text is not in the seeds (forms.md §10.3), so the sentences are the
program's own (gettext domain ``printing``); the title is the seed's.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop.domain.model import Application
from desktop.i18n import _, format_date
from desktop.printing import elements as el
from desktop.printing import wording as w
from desktop.printing.document import PageSetup, build_pdf, footer_of
from desktop.printing.letter import head_signature, number_and_date, office_head
from desktop.printing.names import dative, member_sex
from desktop.printing.records import CertificateFacts
from desktop.printing.styles import styles
from desktop.printing.words import full_address, quarter_in


def certificate_story(app: Application, facts: CertificateFacts, lang: str) -> list[Flowable]:
    s = styles()
    member = app.applicant_member
    if facts.belongs:
        body = _("This certificate is issued to {name}, IIN {iin}, residing at {address}, to "
                 "confirm that the applicant (family) is a recipient of state targeted social "
                 "assistance in the {quarter}.", lang)
    else:
        body = _("This certificate is issued to {name}, IIN {iin}, residing at {address}, to "
                 "confirm that the applicant (family) is not a recipient of state targeted "
                 "social assistance in the {quarter}.", lang)
    text = body.format(name=dative(member.name, member_sex(member), lang), iin=member.iin,
                       address=full_address(app.applicant.address, lang),
                       quarter=quarter_in(facts.quarter, lang))
    story: list[Flowable] = [*office_head(facts.office, lang),
                             number_and_date(facts.number, facts.date, lang), el.gap(6),
                             *el.title(w.CERTIFICATE.text(lang)), el.gap(2),
                             el.para(text, s.statement)]
    if facts.belongs and facts.period_start and facts.period_end:
        period = _("Assistance is assigned for the period from {start} to {end}.", lang)
        story.append(el.para(period.format(start=format_date(facts.period_start),
                                           end=format_date(facts.period_end)), s.statement))
    story.append(el.para(_("The certificate is issued for presentation at the place of "
                           "demand.", lang), s.statement))
    story += head_signature(facts.head, facts.executor, lang, app.registration_number,
                            facts.number)
    return story


def render_certificate(app: Application, facts: CertificateFacts, lang: str,
                       duplicate: bool = False) -> bytes:
    """The certificate on A4, with a QR code of the registration and certificate numbers."""
    return build_pdf(certificate_story(app, facts, lang), lang=lang,
                     title=f"{w.CERTIFICATE.text(lang)} {facts.number}", duplicate=duplicate,
                     setup=PageSetup(footer=footer_of(app.registration_number, facts.number)))
