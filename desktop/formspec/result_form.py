"""The printed form of a service's result document: its heading, its lines with ``{blanks}``,
and where each blank is filled from (``forms/services/<code>/service.yaml``, ``results[].print``).

Plain values, read by the catalogue (which checks them at load) and by the printing layer
(which lays them out); the services layer fills the blanks from a case. Each blank names one
source of :data:`BLANK_SOURCES`, so that a form says what goes where as data and no service
needs code of its own to print its certificate, referral or notification.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.formspec.model import LocalizedText

__all__ = [
    "BLANK_SOURCES",
    "DECISION_SOURCES",
    "DETAIL_SOURCES",
    "OUTCOMES",
    "PROGRAMME_SOURCES",
    "ResultForm",
    "ResultLine",
    "placeholders",
]

# Where a blank is filled from, and what it is (for docs/services.md and the loader's messages).
BLANK_SOURCES: Mapping[str, str] = {
    "applicant.name": "the applicant's surname, name and patronymic",
    "applicant.iin": "the applicant's IIN",
    "applicant.birth_date": "the applicant's date of birth",
    "applicant.address": "the applicant's address",
    "office.name": "the name of the issuing department (the workstation's office)",
    "registration.number": "the application's registration number",
    "registration.date": "the day the application was registered",
    "issue.date": "the day the result is issued",
    "validity.end": "the last day of validity: the result's validity in working days after "
                    "the day of issue, by the working-day calendar",
    "referral.kind": "the kind of referral chosen in the application (details.referral_kind)",
    "unemployed.since": "the day the applicant was registered as unemployed (the head's "
                        "decision on their registration in the journal)",
    "decision.date": "the day of the head's decision",
    "decision.amount": "the amount the decision assigns (monthly, or once)",
    "decision.period": "the period the decision assigns for",
    "decision.grounds": "the grounds of a refusal, as the decision states them",
    "residence.zone": "the zone of radiation risk the applicant lived in, as chosen in the "
                      "application (details.residence_zone)",
    "residence.years": "the years of residence the application states, from and to both "
                       "inclusive (details.residence_from, details.residence_to)",
    "certificate.original": "the number of the certificate a duplicate replaces, as the "
                            "application states it (details.original_certificate_number)",
    "disability.items": "the items of the person's individual rehabilitation programme that "
                        "this service provides (its programme_items), with their quantities "
                        "and units, from the person's disability record",
}
# The sources that need a decision of the head on the case's path.
DECISION_SOURCES = frozenset(k for k in BLANK_SOURCES if k.startswith("decision."))
# The sources read from the application's own data, and the detail each reads.
DETAIL_SOURCES: Mapping[str, str] = {"referral.kind": "referral_kind",
                                     "residence.zone": "residence_zone"}
# The sources that need the service to declare the programme items it provides.
PROGRAMME_SOURCES = frozenset({"disability.items"})
# The outcomes a result may be for (``when: {outcome: ...}``).
OUTCOMES = ("assigned", "refused")


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One line of the form. With a ``caption`` it is a blank line as on paper: the one
    ``{blank}`` it holds written on a rule, the caption in small print under it, the text
    before and after the blank beside it; without, a sentence whose blanks are underlined."""

    text: LocalizedText
    caption: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class ResultForm:
    """What the paper says: a heading, the lines, and each blank's source."""

    heading: LocalizedText
    lines: tuple[ResultLine, ...]
    blanks: Mapping[str, str] = field(default_factory=dict)  # blank -> BLANK_SOURCES key
    addressee: bool = False  # a letter to the applicant: name, IIN and address on the right

    def sources(self) -> frozenset[str]:
        return frozenset(self.blanks.values())


def placeholders(text: str) -> list[str]:
    """The ``{blanks}`` of ``text`` in order; ``ValueError`` when its braces are not blanks
    (an unclosed brace, ``{}``, a format spec)."""
    found = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"{{{name}}} is not a blank like {{name}}")
        found.append(name)
    return found
