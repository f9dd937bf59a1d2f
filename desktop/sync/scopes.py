"""Which office a synced record belongs to: the rule both the desk and the server apply.

Case data belongs to the office that received the application; an akimat reads and writes
only its own. Offices and staff are reference data of the whole district
(:data:`~desktop.sync.protocol.REFERENCE_SCOPE`).

The case after registration (its state, events, the commission's act, decisions, amendments)
follows its application: a decision taken at the district reaches the akimat that registered
the application, and no other akimat sees it. A certificate belongs to the office that issued
it (it may concern no application at all). Every ``Synced`` table must be named here: a test
fails when a new one is not, so that no table silently stays out of sync.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop.sync.protocol import REFERENCE_SCOPE

# table -> the column naming the office code of the record itself
BY_OFFICE_CODE: dict[str, str] = {
    "applications": "office_code",
    "intake_drafts": "office_code",
    "transfer_registry": "sender_office_code",
    "certificate_issues": "office_code",  # the issuing office
    "disability_records": "office_code",  # the office that entered the person's disability
}
# tables whose records follow their application (column application_id)
BY_APPLICATION: frozenset[str] = frozenset({
    "members", "incomes", "representatives", "livestock_holdings", "land_holdings",
    "presented_documents", "prior_events", "journal_entries",
    # the case after registration (revisions 0007 and 0008)
    "case_states", "case_events", "commission_acts", "case_decisions",
    "application_amendments",
    # home care's care worker and visits (revision 0016)
    "home_care_assignments", "home_care_visits",
    # the aid provided on a disability service's application (revision 0017)
    "aid_provisions",
})
# tables whose every record is a step of the case path taken, and the columns that tell which
# (``CaseService``: an event names its step, a decision's stage and outcome tell the draft,
# the head's decision, a recalculation or a termination; a commission act is the
# conclusion's): a new one is stored only from the side that takes that step
STEP_FIELDS: Mapping[str, tuple[str, ...]] = {
    "case_events": ("action",),
    "case_decisions": ("stage", "outcome"),
    "commission_acts": (),
}
REFERENCE: frozenset[str] = frozenset({"offices", "staff"})
# tables whose record id is derived from a natural key (desktop.storage.ids.office_id), so
# that desks create the same record: a second create that agrees is no conflict
KEYED_BY_CONTENT: frozenset[str] = frozenset({"offices"})
SYNCED: frozenset[str] = frozenset(BY_OFFICE_CODE) | BY_APPLICATION | REFERENCE
# Columns each desk makes for itself from others (the spelling keys of names, revision 0014):
# never sent, and made again from the name whenever a record arrives
# (``desktop.sync.client.codec.decode``), so a desk's search never depends on what another
# machine computed, or on its version. A record's shape (``desktop.sync.records``) is of the
# columns a desk sends.
LOCAL_COLUMNS: Mapping[str, frozenset[str]] = {
    "applications": frozenset({"applicant_fold"}),
    "members": frozenset({"name_fold"}),
}


def scope_of(table: str, data: Mapping[str, Any],
              application_scope: Callable[[str], str | None]) -> str | None:
    """The scope of a record with column values ``data``; None when it cannot be told
    (a member whose application is not known). ``application_scope`` looks an application
    up by id."""
    if table in REFERENCE:
        return REFERENCE_SCOPE
    column = BY_OFFICE_CODE.get(table)
    if column is not None:
        return str(data.get(column) or "") or None
    if table in BY_APPLICATION:
        parent = data.get("application_id")
        return application_scope(str(parent)) if parent else None
    return None


def synced_tables() -> list[str]:
    """The desk's tables that sync, parents before children. Plain ``str``: SQLAlchemy's
    table names are a subclass, which sqlite3 adapts by an attribute lookup per parameter."""
    from desktop.storage.outbox import synced_tables as all_synced

    return [str(name) for name in all_synced() if name in SYNCED]
