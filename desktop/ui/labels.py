"""Interface names of stored codes (channels, statuses), in the current language."""

from __future__ import annotations

from desktop.i18n import N_, _

CHANNEL_LABELS = {
    "district_office": N_("District department"),
    "akimat": N_("Akim of the rural district"),
    "state_corporation": N_("State Corporation"),
}

STATUS_LABELS = {
    "draft": N_("Draft"),
    "registered": N_("Registered"),
    "refused_intake": N_("Refused to accept documents"),
    "sent_to_district": N_("Sent to the district department"),
    "received_by_district": N_("Received by the district department"),
    "executor_assigned": N_("Visa of the head"),
    "sent_to_commission": N_("Sent to the district commission"),
    "commission_concluded": N_("Conclusion of the district commission"),
    "calculated": N_("Calculated"),
    "draft_decision": N_("Draft notification"),
    "assigned": N_("Assigned"),
    "refused": N_("Refused assignment"),
    "notified": N_("Notification issued"),
    "terminated": N_("Terminated"),
}


def channel_label(code: str) -> str:
    msgid = CHANNEL_LABELS.get(code)
    return _(msgid) if msgid else code


def status_label(code: str) -> str:
    msgid = STATUS_LABELS.get(code)
    return _(msgid) if msgid else code
