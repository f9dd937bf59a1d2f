"""What a person reads in the conflicts view instead of table and column names.

A synced record's columns are named as in the database (``applicant_phone``, ``reg_street``);
the paper forms in ``forms/`` name the same data in Kazakh and Russian. A column is shown with
its form field's label (and a choice value with the choice's label) when the forms have it,
else with a label of this module; the database name stays in the tooltip for the district's
IT administrator.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from desktop.formspec.model import FieldSpec
from desktop.i18n import _, current_language
from desktop.ui.labels import channel_label, status_label

N_ = str  # marks a msgid for extraction; translated where it is shown

# table -> (prefix of its form field ids, aliases column -> form field id)
_FORM_FIELDS: dict[str, tuple[str, dict[str, str]]] = {
    "applications": ("", {
        "id_doc_kind": "applicant_id_kind", "id_doc_number": "applicant_id_number",
        "id_doc_issuer": "applicant_id_issuer", "id_doc_issue_date": "applicant_id_issue_date",
        "id_doc_expiry_date": "applicant_id_expiry_date", "bank_name": "applicant_bank_name",
        "bank_iban": "applicant_iban", "bank_account_type": "applicant_account_type",
        "registered_on": "application_date", "due_date": "service_due_date"}),
    "members": ("member_", {
        "reg_locality": "member_registered_locality", "reg_street": "member_registered_street",
        "reg_house": "member_registered_house", "reg_flat": "member_registered_flat",
        "act_locality": "member_actual_locality", "act_street": "member_actual_street",
        "act_house": "member_actual_house", "act_flat": "member_actual_flat",
        "place_of_work_or_study": "income_member_place",
        "unemployment_certificate": "income_member_unemployment_certificate"}),
    "incomes": ("income_", {"member_id": "income_member"}),
    "presented_documents": ("document_", {}),
    "land_holdings": ("land_", {}),
    "livestock_holdings": ("livestock_", {"age_years": "livestock_age",
                                          "working_animal": "livestock_working"}),
    "representatives": ("representative_", {}),
}

# What the forms do not name: the case after registration, reference data, drafts.
_COLUMNS: dict[str, str] = {
    "status": N_("Status"),
    "status_since": N_("Status since"),
    "step_due": N_("Step due date"),
    "due_date": N_("Due date"),
    "executor_name": N_("Responsible executor"),
    "executor_id": N_("Responsible executor"),
    "assigned": N_("Executor assigned"),
    "full_name": N_("Full name"),
    "position": N_("Position"),
    "active": N_("Works in the office"),
    "code": N_("Office code"),
    "kind": N_("Kind"),
    "region": N_("Region"),
    "district": N_("District"),
    "locality": N_("Locality"),
    "name_kk": N_("Name in Kazakh"),
    "name_ru": N_("Name in Russian"),
    "address_kk": N_("Address in Kazakh"),
    "address_ru": N_("Address in Russian"),
    "phone": N_("Phone"),
    "note": N_("Note"),
    "applicant_name": N_("Applicant"),
    "applicant_iin": N_("Applicant's IIN"),
    "state": N_("Entered data"),
    "step": N_("Wizard page"),
    "office_code": N_("Office code"),
    "channel": N_("Channel"),
    "stage": N_("Decision stage"),
    "outcome": N_("Decision"),
    "monthly_amount": N_("Monthly amount"),
    "period_start": N_("Assigned from"),
    "period_end": N_("Assigned until"),
    "survey_date": N_("Survey date"),
    "need_confirmed": N_("Need confirmed"),
    "members_present": N_("Members of the commission present"),
    "reason": N_("Reason"),
    "changes": N_("Changes"),
    "application_id": N_("Application"),
    "member_id": N_("Family member"),
    "office_id": N_("Office"),
    "staff_id": N_("Staff member"),
    "registered_by": N_("Registered by"),
    "action": N_("Step"),
    "from_status": N_("Status before"),
    "to_status": N_("Status after"),
    "data": N_("Details"),
    "trace": N_("Calculation"),
    "id": N_("Record identifier"),
    "version": N_("Version"),
}

_TABLES: dict[str, str] = {
    "applications": N_("Application"),
    "members": N_("Family member"),
    "incomes": N_("Income"),
    "presented_documents": N_("Presented document"),
    "land_holdings": N_("Land plot"),
    "livestock_holdings": N_("Livestock"),
    "representatives": N_("Representative"),
    "prior_events": N_("Earlier event"),
    "journal_entries": N_("Journal entry"),
    "intake_drafts": N_("Draft application"),
    "case_states": N_("Case status"),
    "case_events": N_("Case history"),
    "commission_acts": N_("Commission act"),
    "case_decisions": N_("Decision"),
    "application_amendments": N_("Amendment"),
    "transfer_registry": N_("Transfer registry"),
    "certificate_issues": N_("Certificate"),
    "offices": N_("Office"),
    "staff": N_("Staff member"),
}


@cache
def _form_fields() -> dict[str, FieldSpec]:
    from desktop.formspec import load_all

    fields: dict[str, FieldSpec] = {}
    for form in load_all().values():
        for spec in form.fields():
            fields.setdefault(spec.id, spec)
    return fields


def _form_field(table: str, column: str) -> FieldSpec | None:
    prefix, aliases = _FORM_FIELDS.get(table, ("", {}))
    fields = _form_fields()
    for candidate in (aliases.get(column), prefix + column, column):
        if candidate and candidate in fields:
            return fields[candidate]
    return None


def table_label(table: str) -> str:
    msgid = _TABLES.get(table)
    return _(msgid) if msgid else table


def column_label(table: str, column: str) -> str:
    """The column's name for a person, in the current language."""
    spec = _form_field(table, column)
    if spec is not None:
        return spec.label.text(current_language()).rstrip(": ")
    msgid = _COLUMNS.get(column)
    return _(msgid) if msgid else column


def value_label(table: str, column: str, value: Any) -> str | None:
    """A choice value's label (``son`` → «ұлы»), None when the value is not a choice."""
    if not isinstance(value, str):
        return None
    if column in ("status", "from_status", "to_status"):
        label = status_label(value)
        return label if label != value else None
    if column == "channel":
        label = channel_label(value)
        return label if label != value else None
    spec = _form_field(table, column)
    if spec is None:
        return None
    choice = spec.choice(value)
    return choice.label.text(current_language()) if choice is not None else None


def record_title(table: str, data: Mapping[str, Any] | None) -> str:
    """What names the record: its registration number, a person's name, an office's name."""
    data = data or {}
    for key in ("registration_number", "number", "applicant_name", "full_name"):
        if data.get(key):
            return str(data[key])
    name = " ".join(str(data[k]) for k in ("surname", "first_name") if data.get(k))
    if name:
        return name
    office = data.get("name_kk" if current_language() == "kk" else "name_ru")
    return str(office or data.get("code") or "")
