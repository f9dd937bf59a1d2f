"""The intake wizard's state without Qt: values by field id, table rows, problems, documents.

Widgets only show and edit an ``IntakeSession``; a language switch or a recovered draft
rebuilds the pages from it. Values are kept as typed (text as entered, choice ids, ticks), so
nothing is lost even when it is not valid yet; ``to_application()`` converts them through the
forms' bindings, ``to_state()`` / ``from_state()`` make the JSON of a draft.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.domain.assessment import Assessment, assess
from desktop.domain.iin import check_iin
from desktop.domain.intake_bindings import Incomplete, build, get, put, raw_to_typed, typed_to_raw
from desktop.domain.issues import DomainError
from desktop.domain.model import (
    Applicant,
    Application,
    Channel,
    Consents,
    FamilyMember,
    IncomeEntry,
    LandHolding,
    LivestockHolding,
    Office,
    PersonName,
    PresentedDocument,
    Relationship,
    Representative,
)
from desktop.domain.parameters import Parameters
from desktop.domain.quarters import Quarter, income_quarter, quarter_text
from desktop.domain.rulesets import RULE_SETS_BY_ID
from desktop.domain.service_rules import ServiceAssessment
from desktop.domain.spelling import names_agree
from desktop.domain.text import Text
from desktop.formspec.editions import NoEditionError, resolve
from desktop.formspec.model import (
    ChecklistItem,
    Entry,
    FieldSpec,
    FieldType,
    FormSpec,
    LocalizedText,
)
from desktop.formspec.validate import Problem, validate_value

STATE_SCHEMA = 1
MEMBERS, INCOMES, LAND, LIVESTOCK, DOCUMENTS = (
    "members[]", "incomes[]", "land[]", "livestock[]", "documents[]")
TABLES = (MEMBERS, INCOMES, LAND, LIVESTOCK, DOCUMENTS)
ROW_ID = "row_id"
# Wizard steps in paper order and the form pages each one shows.
Steps = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
STEPS: Steps = (
    ("application", (("application", "application"), ("application", "representative"),
                     ("application", "consents"))),
    ("family", (("family", "family"),)),
    ("income", (("income", "income"),)),
    ("farm", (("farm", "farm"),)),
    ("documents", (("documents", "documents"),)),
    ("review", ()),
)
# The applicant's header fields and the family row 1 they are the same as.
APPLICANT_MIRROR = {
    "applicant_surname": "member_surname",
    "applicant_first_name": "member_first_name",
    "applicant_patronymic": "member_patronymic",
    "applicant_iin": "member_iin",
    "applicant_birth_date": "member_birth_date",
    "applicant_sex": "member_sex",
    "applicant_locality": "member_registered_locality",
    "applicant_street": "member_registered_street",
    "applicant_house": "member_registered_house",
    "applicant_flat": "member_registered_flat",
}
# The fields an IIN fills in when it is entered (birth date and sex are read from it).
IIN_DERIVED = {
    "applicant_iin": ("applicant_birth_date", "applicant_sex"),
    "member_iin": ("member_birth_date", "member_sex"),
}
# A new family member lives, by default, where the applicant is registered.
ADDRESS_DEFAULTS = {
    "member_registered_locality": "applicant_locality",
    "member_registered_street": "applicant_street",
    "member_registered_house": "applicant_house",
    "member_registered_flat": "applicant_flat",
}
# The identity document typed on the application page, carried to its row of the documents
# presented (while that row holds what was carried, or nothing).
IDENTITY_MIRROR = {
    "applicant_id_number": "document_number",
    "applicant_id_issue_date": "document_issue_date",
    "applicant_id_expiry_date": "document_expiry_date",
}
IDENTITY_DOCUMENT = "identity_document"
# The fields whose name an IIN is checked against (the journal may know the IIN by another).
NAME_FIELDS = ("applicant_surname", "applicant_first_name", "applicant_patronymic")
NAME_COLUMNS = ("member_surname", "member_first_name", "member_patronymic")
# A new application's applicant lives, by default, in the district of the receiving office:
# the desk knows it, so it is not typed (the person overwrites it for a family from elsewhere).
OFFICE_DEFAULTS = {"applicant_district": "district"}


def office_values(office: Office) -> dict[str, str]:
    """What a new application starts with from its office (``OFFICE_DEFAULTS``), by field."""
    return {field_id: getattr(office, attribute)
            for field_id, attribute in OFFICE_DEFAULTS.items()}
PRESENTED_MARKS = ("original_shown", "copy_taken")


class SessionReadOnlyError(RuntimeError):
    """The application is registered: it is shown, not edited (corrections are amendments)."""


@dataclass(frozen=True, slots=True)
class DocumentIssue:
    """A document of the checklist that is missing or has expired (refusal-slip line)."""

    document: str  # DocumentKind value
    problem: str  # "missing" | "expired"
    name: LocalizedText  # the name the refusal slip prints
    expired_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person the journal holds under an IIN: the name and the application it is in."""

    name: str
    registration_number: str
    application_id: str = ""


# Who the journal knows under an IIN (``desktop.services.drafts.people_with_iin``); the
# session asks it only for a valid IIN, once per IIN.
PeopleLookup = Callable[[str], Sequence[KnownPerson]]
# What the desk already knows of the person with an IIN, as values of this wizard's fields
# (the disability services: the group and the programme's hours,
# ``desktop.services.disabilities.known_values``); asked with the values entered so far.
PersonFacts = Callable[[str, Mapping[str, Any]], Mapping[str, Any]]
# What the desk already knows of a family member with an IIN, as cells of the family sheet
# (АСП: the disability group of the person's disability record); asked when the IIN is typed.
MemberFacts = Callable[[str], Mapping[str, Any]]
# the fields whose change asks for the person's facts again (the kind of aid picks the hours)
FACT_TRIGGERS = frozenset({"applicant_iin", "aid_kind", "assistance_kind", "child_iin"})
# a child's facts (home education, services.md §8): asked by the child's IIN, each fact filling
# the child's field of the same name
CHILD_FACTS = {"disability_group": "child_disability_group",
               "disability_until": "child_disability_until"}


@dataclass(frozen=True, slots=True)
class LiveAssessment:
    """The assessment of what is entered so far, or why there is none yet."""

    assessment: Assessment | None
    messages: tuple[Text, ...] = ()


@dataclass(frozen=True, slots=True)
class LiveServiceAssessment:
    """What the rule module of a service other than АСП decides on what is entered so far,
    or why there is nothing yet."""

    assessment: ServiceAssessment | None
    messages: tuple[Text, ...] = ()


def cell_key(table: str, row_id: str, column: str) -> str:
    return f"{table}/{row_id}/{column}"


class IntakeSession:
    """One application being entered at the desk (see the module docstring)."""

    def __init__(self, forms: Mapping[str, FormSpec], *, channel: Channel, office: Office,
                 application_date: dt.date, rule_set_id: str, draft_id: str = "",
                 service: str = "asp", steps: Steps | None = None,
                 checklist: Sequence[ChecklistItem] | None = None,
                 slip_names: Mapping[str, LocalizedText] | None = None,
                 office_defaults: Mapping[str, str] | None = None) -> None:
        """``steps``, ``checklist`` and ``slip_names`` are a service's of the catalogue (its
        wizard over its sheets, its own document list and the names its refusal slip
        prints); none given: АСП's, from the shared sheets. ``office_defaults``: what a new
        application starts with from its office (the applicant's district, in the language
        the desk works in); None: the office's own values (``office_values``)."""
        # the forms in the edition of the rule set in force on the application date: the
        # wizard shows the wording its printed blanks have (docs/forms.md, "Editions")
        self.forms = _editions_of(forms, rule_set_id, application_date)
        self.channel = channel
        self.office = office
        self.application_date = application_date
        self.rule_set_id = rule_set_id
        self.service = service  # the service of the catalogue this application is for
        self.steps: Steps = steps or STEPS
        self._service_checklist = list(checklist) if checklist is not None else None
        self._slip_names = dict(slip_names or {})
        self.draft_id = draft_id
        self.application_id = ""  # set when a stored application is shown
        self.registration_number = ""
        self.read_only = False
        self.step = self.steps[0][0]
        self.checked_steps: set[str] = set()
        self.values: dict[str, Any] = {}
        self.tables: dict[str, list[dict[str, Any]]] = {}
        self.problems: dict[str, tuple[Problem, ...]] = {}
        # the draft as last read from or written to the database (JSON-normalized): the
        # base of a merge when a sync changed the stored draft while the wizard had it open
        self.saved_state: dict[str, Any] | None = None
        self._next_row = 1
        # Row ids are ``r<n>.<tag>``: the counter keeps them short and in order, the tag
        # (new for every opening of a draft) keeps rows added at two desks from sharing an
        # id, so merging the two drafts keeps both (desktop/domain/draft_merge.py).
        self.row_tag = secrets.token_hex(3)
        self.revision = 0  # raised by every change: what is derived from the values is cached
        # who the journal knows under an IIN (set by the desk; None: nobody is asked)
        self.people_lookup: PeopleLookup | None = None
        self._people: dict[str, tuple[KnownPerson, ...]] = {}
        # what the desk knows of the applicant (set by the desk; None: nothing is filled in)
        self.person_facts: PersonFacts | None = None
        # what the desk knows of a family member (set by the desk; None: nothing is filled)
        self.member_facts: MemberFacts | None = None
        self._assessed: tuple[tuple[Any, ...], LiveAssessment] | None = None
        self._decided: tuple[tuple[Any, ...], LiveServiceAssessment] | None = None
        self._fields = {spec.id: spec for form in self.forms.values() for spec in form.fields()}
        self._table_of = {column.id: spec.binding for spec in self._fields.values()
                          if spec.type is FieldType.TABLE for column in spec.columns}
        # a detail of the application -> the field that holds it (``details.aid`` -> aid_kind)
        self._detail_fields = {spec.binding.removeprefix("details."): spec.id
                               for spec in self._fields.values()
                               if spec.binding.startswith("details.")
                               and spec.type is not FieldType.TABLE}
        # the fields a service's checklist follows
        self._checklist_triggers = {self._detail_fields[key] for item in checklist or ()
                                    for key, _values in item.when
                                    if key in self._detail_fields}
        # АСП's tables, and those of a service's own sheets (``details.work_history[]``)
        self.table_names = (*TABLES, *sorted({t for t in self._table_of.values()} - set(TABLES)))
        self.tables = {table: [] for table in self.table_names}
        self.values["office"] = office.code
        if office_defaults is None:
            office_defaults = office_values(office)
        for field_id, value in office_defaults.items():
            if value:
                self.values[field_id] = value
        self.add_row(MEMBERS, member_relationship=Relationship.APPLICANT.value,
                     member_residence_status="citizen")
        if "farm_objects" in self._fields:
            for fixed in self._fields["farm_objects"].rows.fixed:  # type: ignore[union-attr]
                self.add_row(LAND, land_kind=fixed.kinds[0])
        for item in self.checklist():
            self.add_row(DOCUMENTS, document_kind=item.document,
                         document_original_shown=self._from_form(item.document))

    # --- specs ----------------------------------------------------------------------------

    def field(self, field_id: str) -> FieldSpec:
        return self._fields[field_id]

    def has_field(self, field_id: str) -> bool:
        """Whether the service's forms ask ``field_id``."""
        return field_id in self._fields

    def step_fields(self, step: str) -> list[FieldSpec]:
        """The fields shown on a wizard step, in paper order."""
        pages = dict(self.steps)[step]
        return [spec for form_id, page_id in pages
                for spec in self.forms[form_id].page(page_id).fields]

    def checklist(self) -> list[ChecklistItem]:
        """The documents this application needs: a service's list follows the values its
        ``when`` names (§12: the kind of aid chosen); АСП's is its rule set's."""
        if self._service_checklist is not None:
            return [item for item in self._service_checklist if self._listed(item)]
        return self.forms["documents"].checklist(self.rule_set_id, self.channel.value)

    def service_documents(self) -> list[ChecklistItem]:
        """Every document of a service's list, whatever the values chosen (their names)."""
        return list(self._service_checklist or ())

    def _listed(self, item: ChecklistItem) -> bool:
        """Whether the application's details hold a value the item's ``when`` names (a
        detail not chosen yet lists none of the documents that depend on it)."""
        for key, values in item.when:
            field_id = self._detail_fields.get(key)
            if field_id is None or self.values.get(field_id) not in values:
                return False
        return True

    def _follow_checklist(self) -> set[str]:
        """The documents' rows after a value a checklist depends on changed: a row for each
        document now listed; a row of a document no longer listed goes, unless something
        was marked in it (nothing typed is lost)."""
        listed = [item.document for item in self.checklist()]
        changed = set()
        for row in list(self.tables[DOCUMENTS]):
            kind = row.get("document_kind")
            marked = any(value not in (None, "", False) for key, value in row.items()
                         if key not in (ROW_ID, "document_kind"))
            if kind not in listed and not marked:
                self.tables[DOCUMENTS].remove(row)
                self.problems = {k: v for k, v in self.problems.items()
                                 if f"/{row[ROW_ID]}/" not in k}
                changed.add(DOCUMENTS)
        for kind in listed:
            if self.document_row(kind) is None:
                self.add_row(DOCUMENTS, document_kind=kind,
                             document_original_shown=self._from_form(kind))
                changed.add(DOCUMENTS)
        if changed:  # in the list's order; a document kept for its marks, after it
            order = {kind: i for i, kind in enumerate(listed)}
            self.tables[DOCUMENTS].sort(
                key=lambda row: order.get(str(row.get("document_kind")), len(order)))
        return changed

    def _from_form(self, kind: str) -> bool:
        """Whether the wizard makes this document itself (the application, the sheets)."""
        try:
            return bool(self.forms["documents"].document(kind).from_form)
        except KeyError:  # a service's own document, not on the shared documents sheet
            return False

    def document_name(self, kind: str) -> LocalizedText:
        """The document's name as the checklist and the refusal slip print it."""
        if kind in self._slip_names:
            return self._slip_names[kind]
        return self.forms["documents"].document(kind).slip_name

    @property
    def asp(self) -> bool:
        return self.service == "asp"

    @property
    def income_quarter(self) -> Quarter:
        return income_quarter(self.application_date)

    # --- values ---------------------------------------------------------------------------

    def value(self, field_id: str) -> Any:
        return self.values.get(field_id)

    def visible(self, spec: FieldSpec) -> bool:
        return not spec.visible_if or self.values.get(spec.visible_if) is True

    def set_value(self, field_id: str, raw: Any) -> set[str]:
        """Store what the widget holds; returns the keys whose value or problems changed."""
        self._writable()
        self.revision += 1
        previous_value = self.values.get(field_id)
        self.values[field_id] = raw
        changed = {field_id}
        if field_id == "applicant_iin":
            changed |= self._decode_iin(raw, *IIN_DERIVED[field_id])
        elif field_id == "child_iin" and "child_birth_date" in self._fields:
            info = check_iin(str(raw or "")).info
            self.values["child_birth_date"] = (info.birth_date.strftime("%d.%m.%Y")
                                               if info and info.birth_date else "")
            changed.add("child_birth_date")
        mirror = APPLICANT_MIRROR.get(field_id)
        if mirror:
            row = self.tables[MEMBERS][0]
            row[mirror] = self.values.get(field_id)
            changed |= self._after_cell(MEMBERS, row, mirror)
            for derived in ("applicant_birth_date", "applicant_sex"):
                row[APPLICANT_MIRROR[derived]] = self.values.get(derived)
        if field_id in NAME_FIELDS:  # the IIN is checked against the name again
            changed.add("applicant_iin")
        changed |= self._carry_identity(field_id, previous_value, raw)
        if field_id in FACT_TRIGGERS:
            changed |= self._fill_known_facts()
        if field_id in self._checklist_triggers:
            changed |= self._follow_checklist()
        spec = self._fields[field_id]
        if spec.type is FieldType.BOOL:  # visible_if / required_if switches
            changed |= {f.id for f in self._fields.values() if field_id in (f.visible_if,
                                                                              f.required_if)}
        for key in list(changed):
            if key in self._fields:
                self._check_field(key)
        return changed

    def _fill_known_facts(self) -> set[str]:
        """The fields still empty that the desk knows for this (valid) IIN: entered once for
        the person, not typed again for each service."""
        if self.person_facts is None:
            return set()
        filled = set()
        for iin_field, names in (("applicant_iin", None), ("child_iin", CHILD_FACTS)):
            iin = str(self.values.get(iin_field) or "").strip()
            if iin_field not in self._fields or not check_iin(iin).valid:
                continue
            for fact, value in self.person_facts(iin, dict(self.values)).items():
                field_id = fact if names is None else names.get(fact, "")
                if field_id in self._fields and self.values.get(field_id) in (None, "") \
                        and value not in (None, ""):
                    self.values[field_id] = value
                    filled.add(field_id)
        return filled

    def _fill_member_facts(self, row: dict[str, Any]) -> set[str]:
        """The member's cells still empty that the desk knows for this (valid) IIN (the
        disability group of the person's record); a value typed is never overwritten."""
        iin = str(row.get("member_iin") or "").strip()
        if self.member_facts is None or not check_iin(iin).valid:
            return set()
        filled = set()
        for column, value in self.member_facts(iin).items():
            if column in self._fields and row.get(column) in (None, "") \
                    and value not in (None, ""):
                row[column] = value
                self._check_cell(MEMBERS, row, column)
                filled.add(cell_key(MEMBERS, row[ROW_ID], column))
        return filled

    def _carry_identity(self, field_id: str, before: Any, after: Any) -> set[str]:
        """The identity document's number and dates, typed on the application page, into its
        row of the documents presented, unless that row was given other values there."""
        column = IDENTITY_MIRROR.get(field_id)
        row = self.document_row(IDENTITY_DOCUMENT) if column else None
        if column is None or row is None:
            return set()
        if str(row.get(column) or "").strip() not in ("", str(before or "").strip()):
            return set()
        row[column] = after
        self._check_cell(DOCUMENTS, row, column)
        return {cell_key(DOCUMENTS, row[ROW_ID], column)}

    def _decode_iin(self, raw: Any, birth_id: str, sex_id: str,
                    target: dict[str, Any] | None = None) -> set[str]:
        target = self.values if target is None else target
        info = check_iin(str(raw or "")).info
        target[birth_id] = info.birth_date.strftime("%d.%m.%Y") if info and info.birth_date else ""
        target[sex_id] = info.sex.value if info and info.sex else None
        return {birth_id, sex_id}

    # --- tables ---------------------------------------------------------------------------

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]

    def row(self, table: str, row_id: str) -> dict[str, Any]:
        for row in self.tables[table]:
            if row[ROW_ID] == row_id:
                return row
        raise KeyError(row_id)

    def add_row(self, table: str, **values: Any) -> str:
        if self.tables[MEMBERS]:
            self._writable()
        self.revision += 1
        row_id = f"r{self._next_row}.{self.row_tag}" if self.row_tag else f"r{self._next_row}"
        self._next_row += 1
        row: dict[str, Any] = {ROW_ID: row_id, **values}
        if table == MEMBERS and self.tables[MEMBERS]:
            for column, source in ADDRESS_DEFAULTS.items():
                row.setdefault(column, self.values.get(source) or "")
            row.setdefault("member_residence_status", "citizen")
        if table == INCOMES:
            row.setdefault("income_evidence", "documented")
            row.setdefault("income_source", "general")
        self.tables[table].append(row)
        return row_id

    def remove_row(self, table: str, row_id: str) -> None:
        self._writable()
        self.revision += 1
        if table == MEMBERS and self.tables[MEMBERS][0][ROW_ID] == row_id:
            raise ValueError("the applicant's row cannot be removed")
        self.tables[table] = [r for r in self.tables[table] if r[ROW_ID] != row_id]
        if table == MEMBERS:
            self.tables[INCOMES] = [r for r in self.tables[INCOMES]
                                    if r.get("income_member") != row_id]
        self.problems = {k: v for k, v in self.problems.items() if f"/{row_id}/" not in k}
        if table == MEMBERS:
            self._check_duplicates()

    def cell(self, table: str, row_id: str, column: str) -> Any:
        return self.row(table, row_id).get(column)

    def set_cell(self, table: str, row_id: str, column: str, raw: Any) -> set[str]:
        """Store a table cell; returns the keys whose value or problems changed."""
        self._writable()
        self.revision += 1
        row = self.row(table, row_id)
        row[column] = raw
        changed = self._after_cell(table, row, column)
        if table == MEMBERS and row is self.tables[MEMBERS][0]:
            for field_id, mirror in APPLICANT_MIRROR.items():
                if self.values.get(field_id) != row.get(mirror):
                    self.values[field_id] = row.get(mirror)
                    self._check_field(field_id)
                    changed.add(field_id)
        return changed

    def _after_cell(self, table: str, row: dict[str, Any], column: str) -> set[str]:
        row_id = row[ROW_ID]
        changed = {cell_key(table, row_id, column)}
        if column == "member_iin":
            self._decode_iin(row.get(column), *IIN_DERIVED[column], target=row)
            changed |= {cell_key(table, row_id, c) for c in IIN_DERIVED[column]}
            changed |= self._check_duplicates()
            changed |= self._fill_member_facts(row)
        if table == MEMBERS and column in NAME_COLUMNS:  # the IIN is checked against the name
            self._check_cell(table, row, "member_iin")
            changed.add(cell_key(table, row_id, "member_iin"))
        self._check_cell(table, row, column)
        return changed

    def member_label(self, row_id: str) -> str:
        """«Surname First Patronymic» of a family row (the income sheet's first column)."""
        row = self.row(MEMBERS, row_id)
        parts = (row.get("member_surname"), row.get("member_first_name"),
                 row.get("member_patronymic"))
        return " ".join(str(p).strip() for p in parts if p and str(p).strip())

    # --- problems -------------------------------------------------------------------------

    def _check_field(self, field_id: str) -> None:
        spec = self._fields[field_id]
        if spec.entry is not Entry.INPUT or spec.type is FieldType.TABLE or not self.visible(spec):
            self.problems.pop(field_id, None)
            return
        required = spec.required or bool(spec.required_if
                                         and self.values.get(spec.required_if) is True)
        found = validate_value(spec, self.values.get(field_id), required=required,
                               today=self.application_date)
        if not found:
            found = self._early_warnings(field_id)
        self._store(field_id, found)

    def _early_warnings(self, field_id: str) -> list[Problem]:
        """What is better said as it is typed than found at the end: an identity document
        that has expired, an IIN the journal holds under another name."""
        if field_id == "applicant_id_expiry_date":
            return self._expired(self.values.get(field_id))
        if field_id == "applicant_iin":
            name = " ".join(str(self.values.get(f) or "").strip() for f in NAME_FIELDS)
            return self._other_names(str(self.values.get(field_id) or ""), name)
        return []

    def _expired(self, raw: Any) -> list[Problem]:
        expiry = raw_to_typed(self._fields["applicant_id_expiry_date"], raw)
        rule_set = RULE_SETS_BY_ID.get(self.rule_set_id)
        refuses = rule_set is None or rule_set.refuses_expired_documents
        if not refuses or not isinstance(expiry, dt.date) or expiry >= self.application_date:
            return []
        return [Problem("document.expired", Text(
            "The identity document expired on {date}: an expired document is not accepted. "
            "Ask for a valid one.", date=expiry), warning=True)]

    def _other_names(self, iin: str, name: str) -> list[Problem]:
        """A warning when the journal knows this (valid) IIN under a name that the name
        typed cannot become (either spelling of a Kazakh name is the same name)."""
        iin = iin.strip()
        if self.people_lookup is None or len(iin) != 12 or not " ".join(name.split()):
            return []
        if iin not in self._people:
            self._people[iin] = tuple(self.people_lookup(iin))
        own = self.application_id
        others = [p for p in self._people[iin] if not (own and p.application_id == own)
                  and not names_agree(name, p.name)]
        if not others:
            return []
        known = others[0]
        return [Problem("iin.other_name", Text(
            "This IIN is in the journal under another name: {name} (application {number}). "
            "Check the IIN and the name.", name=known.name,
            number=known.registration_number or "—"), warning=True)]

    def _check_cell(self, table: str, row: dict[str, Any], column: str) -> None:
        spec = self._fields.get(column)
        key = cell_key(table, row[ROW_ID], column)
        if spec is None or spec.entry is not Entry.INPUT:
            return
        found = validate_value(spec, row.get(column), today=self.application_date)
        if column == "member_iin" and not found and self._duplicate(row):
            found = [Problem("family.duplicate_iin", Text(
                "This IIN is already entered for another member of the family."))]
        if column == "member_iin" and not found:
            name = " ".join(str(row.get(c) or "").strip() for c in NAME_COLUMNS)
            found = self._other_names(str(row.get(column) or ""), name)
        if column == "member_relationship" and row.get(column) == Relationship.APPLICANT.value \
                and row is not self.tables[MEMBERS][0]:
            found = [Problem("family.second_applicant", Text(
                "Only the first row is the applicant; choose the relationship to the applicant."))]
        if column == "income_member" and row.get(column) and not any(
                r[ROW_ID] == row.get(column) for r in self.tables[MEMBERS]):
            found = [Problem("income.member", Text("Choose a member of the family."))]
        if column == "income_month" and not found and str(row.get(column) or "").strip():
            month = raw_to_typed(spec, row.get(column))
            if isinstance(month, int) and month not in self.income_quarter.months:
                found = [Problem("income.month", Text(
                    "Month {month} is not in the quarter {quarter}.", month=month,
                    quarter=quarter_text(self.income_quarter)))]
        self._store(key, found)

    def _duplicate(self, row: dict[str, Any]) -> bool:
        iin = str(row.get("member_iin") or "").strip()
        return bool(iin) and any(other is not row and str(other.get("member_iin") or "").strip()
                                 == iin for other in self.tables[MEMBERS])

    def _check_duplicates(self) -> set[str]:
        keys = set()
        for row in self.tables[MEMBERS]:
            self._check_cell(MEMBERS, row, "member_iin")
            keys.add(cell_key(MEMBERS, row[ROW_ID], "member_iin"))
        return keys

    def _store(self, key: str, found: list[Problem]) -> None:
        if found:
            self.problems[key] = tuple(found)
        else:
            self.problems.pop(key, None)

    def validate_all(self) -> None:
        """Check every value again (after loading a draft, before registering)."""
        self.problems.clear()
        for spec in self._fields.values():
            if spec.id in self._table_of or spec.type is FieldType.TABLE:
                continue
            self._check_field(spec.id)
        for table in self.table_names:
            for row in self.tables[table]:
                for column in self._columns(table):
                    self._check_cell(table, row, column)

    def _columns(self, table: str) -> list[str]:
        return [c for c, t in self._table_of.items() if t == table]

    def step_keys(self, step: str) -> Iterator[str]:
        """The problem keys of a step: its visible fields and the cells of its tables."""
        for spec in self.step_fields(step):
            if spec.type is FieldType.TABLE:
                columns = {c.id for c in spec.columns}
                for row in self.tables[spec.binding]:
                    yield from (cell_key(spec.binding, row[ROW_ID], c) for c in columns)
            elif self.visible(spec):
                yield spec.id

    def step_problems(self, step: str, *,
                      include_required: bool = True) -> list[tuple[str, Problem]]:
        """Problems that stop the step (warnings and, if asked, empty required fields aside)."""
        found = []
        for key in self.step_keys(step):
            for problem in self.problems.get(key, ()):
                if problem.warning or (problem.code == "required" and not include_required):
                    continue
                found.append((key, problem))
        return found

    def blocking_problems(self, *, recheck: bool = True) -> list[tuple[str, Problem]]:
        """Every problem that stops registration (``recheck``: validate everything first)."""
        if recheck:
            self.validate_all()
        return [item for step, _pages in self.steps for item in self.step_problems(step)]

    # --- documents ------------------------------------------------------------------------

    def document_row(self, kind: str) -> dict[str, Any] | None:
        return next((r for r in self.tables[DOCUMENTS] if r.get("document_kind") == kind), None)

    def document_required(self, item: ChecklistItem) -> bool:
        if item.requirement == "required":
            return True
        return (item.document == "power_of_attorney"
                and self.values.get("has_representative") is True)

    def document_presented(self, item: ChecklistItem) -> bool:
        row = self.document_row(item.document) or {}
        return any(row.get(f"document_{mark}") for mark in PRESENTED_MARKS) or bool(
            item.waivable and row.get("document_from_state_systems"))

    def document_expiry(self, kind: str) -> dt.date | None:
        row = self.document_row(kind) or {}
        dates = [self._typed("document_expiry_date", row.get("document_expiry_date"))]
        if kind == "identity_document" and "applicant_id_expiry_date" in self._fields:
            dates.append(raw_to_typed(self._fields["applicant_id_expiry_date"],
                                      self.values.get("applicant_id_expiry_date")))
        if kind == "power_of_attorney" and self.values.get("has_representative") is True \
                and "representative_poa_valid_until" in self._fields:
            dates.append(raw_to_typed(self._fields["representative_poa_valid_until"],
                                      self.values.get("representative_poa_valid_until")))
        known = [d for d in dates if isinstance(d, dt.date)]
        return min(known) if known else None

    def document_problems(self) -> list[DocumentIssue]:
        """Missing documents of the channel's checklist, and expired ones where the rule set
        refuses them (from 2018), in checklist order."""
        issues = []
        rule_set = RULE_SETS_BY_ID.get(self.rule_set_id)
        check_expiry = rule_set is None or rule_set.refuses_expired_documents
        for item in self.checklist():
            name = self.document_name(item.document)
            presented = self.document_presented(item)
            if self.document_required(item) and not presented:
                issues.append(DocumentIssue(item.document, "missing", name))
                continue
            expiry = self.document_expiry(item.document) if presented and check_expiry \
                else None
            if expiry is not None and expiry < self.application_date:
                issues.append(DocumentIssue(item.document, "expired", name, expiry))
        return issues

    def documents_count(self) -> int:
        """Documents handed in (the coupon's "с прилагаемыми документами в количестве")."""
        return sum(1 for item in self.checklist() if self.document_presented(item))

    # --- the domain application ----------------------------------------------------------

    def _typed(self, field_id: str, raw: Any) -> Any:
        return raw_to_typed(self._fields[field_id], raw)

    def _row_tree(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        tree: dict[str, Any] = {}
        for column in self._columns(table):
            spec = self._fields[column]
            if spec.binding:
                path = spec.binding.removeprefix(table + ".")
                put(tree, path, self._typed(column, row.get(column)))
        return tree

    def _rows(self, table: str, cls: type, **extra: Any) -> tuple[Any, ...]:
        built = []
        for row in self.tables[table]:
            try:
                built.append(build(cls, {**self._row_tree(table, row), **extra}))
            except (Incomplete, ValueError, TypeError):
                continue  # a half-filled row is not part of the application yet
        return tuple(built)

    def to_application(self) -> Application:
        """The application as entered so far; unfinished rows are left out."""
        header: dict[str, Any] = {}
        # without a family sheet (a service's own application), the applicant's name and IIN
        # are the application's own fields, bound to ``applicant_member``; the income sheet
        # alone (the maslikhat's assistance, with its own household sheet) adds columns to the
        # members' rows but not their names
        no_family = APPLICANT_MIRROR["applicant_surname"] not in self._columns(MEMBERS)
        for spec in self._header_fields():
            # the name fields live in family row 1; the address is the applicant's too
            if spec.binding and spec.entry is Entry.INPUT and spec.binding != "office.code" \
                    and (spec.id not in APPLICANT_MIRROR or spec.binding.startswith("applicant.")
                         or (no_family and spec.binding.startswith("applicant_member.")))\
                    and self.visible(spec):
                put(header, spec.binding, self._typed(spec.id, self.values.get(spec.id)))
        for table in self.table_names:
            if table.startswith("details.") and table.endswith("[]"):
                rows = [self._row_tree(table, row) for row in self.tables[table]]
                put(header, table.removesuffix("[]"),
                    [r for r in rows if any(v not in (None, "", False) for v in r.values())])
        members = []
        if no_family:
            tree = dict(header.pop("applicant_member", {}))
            tree["member_id"] = self.tables[MEMBERS][0][ROW_ID]
            tree["relationship"] = Relationship.APPLICANT.value
            members.append(build(FamilyMember, tree))
        for index, row in enumerate(self.tables[MEMBERS] if not no_family else ()):
            tree = self._row_tree(MEMBERS, row)
            tree["member_id"] = row[ROW_ID]
            if index == 0:
                tree["relationship"] = Relationship.APPLICANT.value
            elif not tree.get("relationship"):
                tree["relationship"] = Relationship.OTHER_RELATIVE.value
            members.append(build(FamilyMember, tree))
        applicant_tree = header.get("applicant", {})
        applicant_tree["member_id"] = members[0].member_id
        applicant_tree.setdefault("address", {})["region"] = self.office.region
        applicant = build(Applicant, applicant_tree)
        representative = None
        if self.values.get("has_representative") is True:
            details = header.get("representative")
            try:
                representative = build(Representative, details if isinstance(details, dict)
                                       else {})
            except Incomplete:
                representative = Representative(PersonName("", ""))
        return Application(
            application_date=self.application_date,
            channel=self.channel,
            office=self.office,
            applicant=applicant,
            members=tuple(members),
            incomes=self._rows(INCOMES, IncomeEntry, quarter=self.income_quarter),
            livestock=self._rows(LIVESTOCK, LivestockHolding),
            land=tuple(x for x in self._rows(LAND, LandHolding)
                       if x.area_m2 or x.year_issued),
            documents=tuple(d for d in self._rows(DOCUMENTS, PresentedDocument)
                            if d.original_shown or d.copy_taken or d.from_state_systems),
            representative=representative,
            consents=build(Consents, header.get("consents", {})),
            application_id=self.application_id,
            registration_number=self.registration_number,
            family_registration_number=self.registration_number,
            service=self.service,
            details=header.get("details", {}),
        )

    def _header_fields(self) -> list[FieldSpec]:
        """The fields of the application's header: АСП's first step; every field outside a
        table on every step of a service's own wizard (its ``details`` too)."""
        if self.asp:
            return self.step_fields("application")
        return [spec for step, _pages in self.steps for spec in self.step_fields(step)
                if spec.type is not FieldType.TABLE and spec.id not in self._table_of]

    def assessment(self, parameters: Parameters) -> LiveAssessment:
        """The rules engine's verdict on what is entered (documents are checked separately).

        Cached until the next change, so switching pages does not assess again."""
        key = (self.revision, self.application_date, id(parameters))
        if self._assessed is not None and self._assessed[0] == key:
            return self._assessed[1]
        try:
            application = self.to_application()
            live = LiveAssessment(assess(application, parameters, check_documents=False))
        except DomainError as error:
            live = LiveAssessment(None, tuple(issue.message for issue in error.issues))
        except (Incomplete, ValueError, KeyError):
            live = LiveAssessment(None, (Text(
                "Fill in the applicant and the family to see the assessment."),))
        self._assessed = (key, live)
        return live

    def service_assessment(self, decide: Callable[[Application], ServiceAssessment],
                           parameters: Parameters) -> LiveServiceAssessment:
        """``decide`` (the service's rule module, with its parameter documents) on what is
        entered; cached until the next change like :meth:`assessment`."""
        key = (self.revision, self.application_date, id(parameters), self.service)
        if self._decided is not None and self._decided[0] == key:
            return self._decided[1]
        try:
            live = LiveServiceAssessment(decide(self.to_application()))
        except DomainError as error:
            live = LiveServiceAssessment(None, tuple(issue.message for issue in error.issues))
        except (Incomplete, ValueError, KeyError):
            live = LiveServiceAssessment(None, (Text(
                "Fill in the applicant and the family to see the assessment."),))
        self._decided = (key, live)
        return live

    # --- drafts ---------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        """Everything typed, as JSON-ready data (the draft)."""
        return {
            "schema": STATE_SCHEMA,
            "draft_id": self.draft_id,
            "channel": self.channel.value,
            "office": {"code": self.office.code, "region": self.office.region,
                       "district": self.office.district, "locality": self.office.locality,
                       "name": self.office.name},
            "application_date": self.application_date.isoformat(),
            "rule_set_id": self.rule_set_id,
            **({"service": self.service} if self.service != "asp" else {}),
            "step": self.step,
            "checked_steps": sorted(self.checked_steps),
            "values": dict(self.values),
            "tables": {table: [dict(row) for row in rows] for table, rows in self.tables.items()},
            "next_row": self._next_row,
        }

    @classmethod
    def from_state(cls, forms: Mapping[str, FormSpec], state: Mapping[str, Any],
                   **service: Any) -> IntakeSession:
        """``service``: the steps, checklist and slip names of a service's own wizard."""
        if state.get("schema") != STATE_SCHEMA:
            raise ValueError(f"unknown draft schema {state.get('schema')!r}")
        service.setdefault("service", str(state.get("service") or "asp"))
        session = cls(forms, channel=Channel(state["channel"]), office=Office(**state["office"]),
                      application_date=dt.date.fromisoformat(state["application_date"]),
                      rule_set_id=state["rule_set_id"], draft_id=state.get("draft_id", ""),
                      **service)
        session.load_state(state)
        return session

    def load_state(self, state: Mapping[str, Any]) -> None:
        """Take what was entered from ``state`` (a draft read, or merged with another desk's
        edits); the channel, office and dates stay the session's."""
        self.values = dict(state["values"])
        self.tables = {t: [dict(r) for r in state["tables"].get(t, [])]
                       for t in self.table_names}
        self._next_row = int(state["next_row"])
        self.revision += 1
        self.step = state.get("step", self.step)
        self.checked_steps = set(state.get("checked_steps", ()))
        self.validate_all()

    @classmethod
    def from_application(cls, forms: Mapping[str, FormSpec], application: Application,
                         rule_set_id: str, **service: Any) -> IntakeSession:
        """A stored application shown in the wizard (read-only once registered)."""
        service.setdefault("service", application.service)
        session = cls(forms, channel=application.channel, office=application.office,
                      application_date=application.application_date, rule_set_id=rule_set_id,
                      **service)
        session.application_id = application.application_id
        session.registration_number = application.registration_number
        _fill_from_application(session, application)
        session.revision += 1
        session.validate_all()
        return session

    def _writable(self) -> None:
        if self.read_only:
            raise SessionReadOnlyError(self.registration_number)


def _editions_of(forms: Mapping[str, FormSpec], rule_set_id: str,
                 day: dt.date) -> dict[str, FormSpec]:
    resolved: dict[str, FormSpec] = {}
    for form_id, spec in forms.items():
        try:
            resolved[form_id] = resolve(spec, rule_set_id, day)
        except NoEditionError:  # a rule set the form declares no edition for: its own texts
            resolved[form_id] = spec.origin or spec
    return resolved


def intake_place(session: IntakeSession) -> LocalizedText | None:
    """Where the application is taken in, when the edition in force names a place other
    than the office it is addressed to (2018: the Employment Centre, seed 000 line 50)."""
    form = session.forms.get("application")
    edition = form.edition if form is not None else None
    return edition.intake.get(session.channel.value) if edition is not None else None


def _fill_from_application(session: IntakeSession, app: Application) -> None:
    members = sorted(app.members, key=lambda m: m.relationship is not Relationship.APPLICANT)
    session.tables = {table: [] for table in session.table_names}
    for spec in session._header_fields():
        if spec.binding and spec.entry is not Entry.SYSTEM and spec.binding != "office.code":
            value = _stored(spec, get(app, spec.binding))
            if spec.type is FieldType.BOOL and not isinstance(value, bool):
                value = value is not None  # has_representative: a representative is set
            session.values[spec.id] = typed_to_raw(spec, value)
    sources: dict[str, tuple[Any, ...]] = {
        MEMBERS: tuple(members), INCOMES: app.incomes, LIVESTOCK: app.livestock,
        LAND: app.land, DOCUMENTS: app.documents}
    for table, items in sources.items():
        for item in items:
            row: dict[str, Any] = {ROW_ID: getattr(item, "member_id", "") if table == MEMBERS
                                   else f"r{session._next_row}"}
            session._next_row += 1
            for column in session._columns(table):
                spec = session.field(column)
                if spec.binding:
                    row[column] = typed_to_raw(spec, get(item, spec.binding.removeprefix(
                        table + ".")))
            session.tables[table].append(row)
    for table in session.table_names:  # a service's own tables, kept in its details
        if not table.startswith("details."):
            continue
        stored = app.details.get(table.removeprefix("details.").removesuffix("[]")) or []
        for item in stored if isinstance(stored, list) else []:
            row = {ROW_ID: f"r{session._next_row}"}
            session._next_row += 1
            for column in session._columns(table):
                spec = session.field(column)
                if spec.binding and isinstance(item, Mapping):
                    row[column] = typed_to_raw(spec, _stored(spec, item.get(
                        spec.binding.removeprefix(table + "."))))
            session.tables[table].append(row)
    for item in session.checklist():
        if session.document_row(item.document) is None:
            session.add_row(DOCUMENTS, document_kind=item.document)


def _stored(spec: FieldSpec, value: Any) -> Any:
    """A service's own value as its details keep it (a date as ISO text) for its field."""
    if spec.type is FieldType.DATE and isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value
