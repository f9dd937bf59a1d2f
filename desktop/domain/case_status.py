"""Where an application stands: the steps of the 2015 regulation as statuses (process.md §13).

Values are stable lower-case strings written to the database and the interchange files: add,
never rename. ``Channel`` lives in ``desktop.domain.channel``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from desktop.domain.channel import Channel
from desktop.domain.text import Text

__all__ = [
    "CLOSED_STATUSES",
    "TRANSITIONS",
    "CaseStatus",
    "can_move",
    "channel_label",
    "status_label",
]


class CaseStatus(StrEnum):
    """Statuses of an application, in the order of the office and akim routes."""

    DRAFT = "draft"  # being entered, no number yet
    REGISTERED = "registered"  # құжаттарды тіркеу / регистрация документов (number issued)
    REFUSED_INTAKE = "refused_intake"  # қабылдаудан бас тарту / отказ в приеме (slip printed)
    SENT_TO_COMMISSION = "sent_to_commission"  # учаскелік комиссияға жіберу
    COMMISSION_CONCLUDED = "commission_concluded"  # учаскелік комиссияның қорытындысы
    SENT_TO_DISTRICT = "sent_to_district"  # akim → district office (реестр передаваемых док.)
    RECEIVED_BY_DISTRICT = "received_by_district"  # district office marked the реестр
    VISA = "visa"  # head's visa, executor named (бұрыштама / виза руководителя)
    RETURNED_FOR_REWORK = "returned_for_rework"  # 2018: package returned to the receiver
    DRAFT_DECISION = "draft_decision"  # хабарлама жобасы / проект уведомления
    DRAFT_CHECKED = "draft_checked"  # 2013: the sector head checked and visaed the draft
    ASSIGNED = "assigned"  # signed: АСП assigned (тағайындалды / назначено)
    REFUSED = "refused"  # signed: assignment refused (тағайындаудан бас тартылды)
    SENT_TO_AKIM = "sent_to_akim"  # result sent to the akim (or the ЦОН) for delivery
    DELIVERED = "delivered"  # the notification handed to the applicant
    WITHDRAWN = "withdrawn"  # the applicant withdrew the application
    TERMINATED = "terminated"  # assistance stopped after a change of circumstances


CLOSED_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.REFUSED_INTAKE, CaseStatus.DELIVERED, CaseStatus.WITHDRAWN,
     CaseStatus.TERMINATED}
)

_S = CaseStatus
# Allowed moves; the route (office, ЦОН or akim) decides which ones a case takes.
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    _S.DRAFT: frozenset({_S.REGISTERED, _S.REFUSED_INTAKE, _S.WITHDRAWN}),
    _S.REGISTERED: frozenset({_S.VISA, _S.SENT_TO_COMMISSION, _S.WITHDRAWN}),
    _S.VISA: frozenset({_S.SENT_TO_COMMISSION, _S.DRAFT_DECISION, _S.RETURNED_FOR_REWORK,
                        _S.WITHDRAWN}),
    _S.SENT_TO_COMMISSION: frozenset({_S.COMMISSION_CONCLUDED, _S.WITHDRAWN}),
    _S.COMMISSION_CONCLUDED: frozenset({_S.DRAFT_DECISION, _S.SENT_TO_DISTRICT, _S.WITHDRAWN}),
    _S.SENT_TO_DISTRICT: frozenset({_S.RECEIVED_BY_DISTRICT, _S.RETURNED_FOR_REWORK}),
    _S.RECEIVED_BY_DISTRICT: frozenset({_S.VISA, _S.RETURNED_FOR_REWORK}),
    _S.RETURNED_FOR_REWORK: frozenset({_S.SENT_TO_DISTRICT, _S.VISA, _S.WITHDRAWN}),
    _S.DRAFT_DECISION: frozenset({_S.DRAFT_CHECKED, _S.ASSIGNED, _S.REFUSED}),
    _S.DRAFT_CHECKED: frozenset({_S.ASSIGNED, _S.REFUSED}),
    _S.ASSIGNED: frozenset({_S.DELIVERED, _S.SENT_TO_AKIM}),
    _S.REFUSED: frozenset({_S.DELIVERED, _S.SENT_TO_AKIM}),
    _S.SENT_TO_AKIM: frozenset({_S.DELIVERED}),
    _S.REFUSED_INTAKE: frozenset(),
    _S.DELIVERED: frozenset({_S.TERMINATED}),  # only after an assignment (case_path.py)
    _S.WITHDRAWN: frozenset(),
    _S.TERMINATED: frozenset(),
}


def can_move(current: CaseStatus, target: CaseStatus) -> bool:
    return target in TRANSITIONS[current]


_LABELS: dict[CaseStatus, Text] = {
    _S.DRAFT: Text("Draft"),
    _S.REGISTERED: Text("Registered"),
    _S.REFUSED_INTAKE: Text("Documents not accepted"),
    _S.SENT_TO_COMMISSION: Text("Sent to the district commission"),
    _S.COMMISSION_CONCLUDED: Text("Commission's conclusion received"),
    _S.SENT_TO_DISTRICT: Text("Sent to the district office"),
    _S.RECEIVED_BY_DISTRICT: Text("Received by the district office"),
    _S.VISA: Text("Visa of the head"),
    _S.RETURNED_FOR_REWORK: Text("Returned for rework"),
    _S.DRAFT_DECISION: Text("Draft notification"),
    _S.DRAFT_CHECKED: Text("Draft checked by the sector head"),
    _S.ASSIGNED: Text("Assistance assigned"),
    _S.REFUSED: Text("Assignment refused"),
    _S.SENT_TO_AKIM: Text("Notification sent to the akim"),
    _S.DELIVERED: Text("Notification issued"),
    _S.WITHDRAWN: Text("Withdrawn"),
    _S.TERMINATED: Text("Assistance terminated"),
}

_CHANNEL_LABELS: dict[Channel, Text] = {
    Channel.DISTRICT_OFFICE: Text("District office"),
    Channel.AKIM: Text("Akim"),
    Channel.STATE_CORPORATION: Text("Public service centre"),
}


# a result goes "to the centre or to the akim of the rural district" (seed 002 RU 7395, KZ
# 1384): a case taken at the ЦОН sends it to the centre
_SENT_TO_CENTRE = Text("Notification sent to the public service centre")


def status_label(status: CaseStatus | str, channel: Channel | str | None = None) -> Text:
    """The short label of a status for the journal (glossary B.6 wording); with the case's
    channel, a result sent for delivery names where it went."""
    status = CaseStatus(status)
    if status is _S.SENT_TO_AKIM and channel == Channel.STATE_CORPORATION:
        return _SENT_TO_CENTRE
    return _LABELS[status]


# The 2018 regulation took applications at the Employment Centre, not at the department
# (seed 000:50: «"Халықты жұмыспен қамту орталығы" коммуналдық мемлекеттік мекемесі»).
EMPLOYMENT_CENTRE = Text("Employment Centre")
EMPLOYMENT_CENTRE_RULE_SETS = frozenset({"law2001-2018"})


def channel_label(channel: Channel | str, on: dt.date | None = None) -> Text:
    """Where the application was taken; with ``on`` (its date), in the words of that regime."""
    channel = Channel(channel)
    if on is not None and channel is Channel.DISTRICT_OFFICE and takes_at_employment_centre(on):
        return EMPLOYMENT_CENTRE
    return _CHANNEL_LABELS[channel]


def takes_at_employment_centre(day: dt.date) -> bool:
    """True for a day whose rules took applications at the Employment Centre (2018)."""
    from desktop.domain.issues import InvalidApplicationError
    from desktop.domain.rulesets import rule_set_for  # rulesets needs this module's enums

    try:
        return rule_set_for(day).id in EMPLOYMENT_CENTRE_RULE_SETS
    except InvalidApplicationError:  # a day before the first legal text
        return False
