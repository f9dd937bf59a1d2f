"""The paper forms as typed, immutable values: what ``forms/*.yaml`` declares, after checking.

Nothing here imports Qt or SQLAlchemy. The intake wizard (``desktop/ui``) walks
``FormSpec.pages`` -> ``PageSpec.fields`` and makes one input widget per ``FieldSpec`` whose
``objectName`` is ``FieldSpec.id``; the printed sheets (``desktop/printing``) read the same
fields' ``print`` hints and the form's fixed texts (``FormSpec.blocks``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

LANGS: tuple[str, ...] = ("kk", "ru")


class FieldType(StrEnum):
    """The input kinds a form may declare (one widget kind each in the wizard)."""

    TEXT = "text"
    IIN = "iin"
    IBAN = "iban"
    DATE = "date"
    PHONE = "phone"
    CHOICE = "choice"
    BOOL = "bool"
    MONEY = "money"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TABLE = "table"


class Entry(StrEnum):
    """Who fills a field: the person at the desk, the program, or a rule from another field."""

    INPUT = "input"  # typed or picked in the wizard
    DERIVED = "derived"  # computed from other fields (e.g. birth date from the IIN); read-only
    SYSTEM = "system"  # filled by the program at registration (numbers, dates, staff names)


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One text in Kazakh and Russian, both required and non-empty."""

    kk: str
    ru: str

    def text(self, lang: str) -> str:
        if lang == "kk":
            return self.kk
        if lang == "ru":
            return self.ru
        raise ValueError(f"unknown language {lang!r} (expected 'kk' or 'ru')")

    def items(self) -> Iterator[tuple[str, str]]:
        yield "kk", self.kk
        yield "ru", self.ru


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where the official wording comes from: a seed file, its line ranges, forms.md section."""

    seed: str
    lines: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # lang -> (first, last)
    doc: str = ""  # e.g. "forms.md §1 (lines 35-205)"
    note: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """One value of a choice field: a stable id (the domain enum value) and its labels."""

    id: str
    label: LocalizedText
    help: LocalizedText | None = None
    # Words printed on paper if they differ from the screen label (e.g. "картсчет").
    print_label: LocalizedText | None = None
    # The label of applications dated up to ``earlier_until`` (the law's earlier word: «оралман»
    # until 2020, «қандас» after).
    earlier_label: LocalizedText | None = None
    earlier_until: dt.date | None = None

    def label_on(self, day: dt.date | None) -> LocalizedText:
        """The screen label for an application of ``day`` (None: today's wording)."""
        if (day is not None and self.earlier_label is not None and self.earlier_until is not None
                and day <= self.earlier_until):
            return self.earlier_label
        return self.label


@dataclass(frozen=True, slots=True)
class Validation:
    """Constraints on one value. ``validators`` names checks in ``desktop.formspec.validate``."""

    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    validators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PrintHint:
    """Where a field goes on paper.

    ``order`` maps each printout language to the field's position in its block; a language
    missing from ``order`` means the field is not printed on that language's sheet (the KZ
    application has no bank-name line, for instance).
    """

    sheet: str
    place: str
    order: Mapping[str, int] = field(default_factory=dict)
    ref: str = ""  # the item id in forms.md (H5, C4, ...)
    width: float | None = None  # table columns: relative width
    group: LocalizedText | None = None  # table columns: group header above this column
    style: str = ""  # e.g. "underline_choice": print every choice, underline the chosen one

    def printed_in(self, lang: str) -> bool:
        return lang in self.order


@dataclass(frozen=True, slots=True)
class FixedRow:
    """A row printed on the blank whatever the data (farm objects, livestock kinds)."""

    id: str
    label: LocalizedText
    # Choice ids of the table's key column that this printed row gathers (livestock kinds).
    kinds: tuple[str, ...] = ()
    # A second line under the label on paper (e.g. "коровы быки").
    sublabel: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class Rows:
    """How many rows a table has and, for fixed tables, which ones."""

    min: int = 0
    max: int | None = None
    fixed: tuple[FixedRow, ...] = ()
    from_: str = ""  # rows supplied at run time, e.g. "checklist" or "members"
    printed: int | None = None  # empty rows the blank prints


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input: an id that is the Qt objectName, a type, labels, rules and print hints."""

    id: str
    type: FieldType
    label: LocalizedText
    binding: str
    required: bool = False
    entry: Entry = Entry.INPUT
    help: LocalizedText | None = None
    caption: LocalizedText | None = None
    validation: Validation = field(default_factory=Validation)
    choices: tuple[Choice, ...] = ()
    choices_from: str = ""  # choices supplied at run time: "offices", "members", "documents"
    multiple: bool = False  # a choice field holding a set of choice ids (member statuses)
    derived_from: tuple[str, ...] = ()
    required_if: str = ""  # id of a bool field that makes this one required when true
    visible_if: str = ""  # id of a bool field that shows this one when true
    columns: tuple[FieldSpec, ...] = ()  # type == table
    rows: Rows | None = None  # type == table
    print: PrintHint | None = None
    note: str = ""

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    def walk(self) -> Iterator[FieldSpec]:
        """This field and, for a table, its columns."""
        yield self
        for column in self.columns:
            yield from column.walk()


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One wizard page (or, with ``wizard=False``, an office-only part of the paper)."""

    id: str
    title: LocalizedText
    fields: tuple[FieldSpec, ...]
    help: LocalizedText | None = None
    wizard: bool = True


@dataclass(frozen=True, slots=True)
class Statement:
    """Fixed text printed on a sheet, verbatim from the seed, with its order per language."""

    id: str
    text: LocalizedText
    order: Mapping[str, int] = field(default_factory=dict)
    ref: str = ""
    note: str = ""
    # The same text with its blanks as {field_id} placeholders, for a filled-in printout.
    fill: LocalizedText | None = None
    caption: LocalizedText | None = None  # small print under the line


@dataclass(frozen=True, slots=True)
class Block:
    """A printed block of fixed text (body statements, acceptance block, coupon, footnote)."""

    id: str
    statements: tuple[Statement, ...]
    title: LocalizedText | None = None

    def in_order(self, lang: str) -> list[Statement]:
        """The statements printed on the ``lang`` sheet, in that sheet's order."""
        chosen = [s for s in self.statements if lang in s.order]
        return sorted(chosen, key=lambda s: s.order[lang])


@dataclass(frozen=True, slots=True)
class DocumentSpec:
    """A document of the regulation's list, with its official names."""

    id: str
    name: LocalizedText  # as the regulation names it
    slip_name: LocalizedText  # as the refusal slip prints it under "missing documents"
    expires: bool = False  # has a validity period or an expiry date to check at intake
    from_form: str = ""  # produced by the wizard from forms/<from_form>.yaml
    note: str = ""


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One line of a rule set's document list for a channel."""

    document: str
    requirement: str  # "required" | "conditional"
    presentation: str  # "original" | "copy" | "original_and_copy" | "form"
    condition: LocalizedText | None = None
    waivable: bool = False  # not required if the data come from state information systems
    name: LocalizedText | None = None  # this rule set's own wording, if it differs
    channels: tuple[str, ...] = ()  # empty: every channel of the checklist
    # a service's document listed only when the application's details hold one of these
    # values (``(("aid", ("hearing_aids", "hygiene_aids")),)``); empty: always listed
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Checklist:
    """The documents a rule set requires, per intake channel."""

    rule_set: str
    channels: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    source: SourceRef
    assumed: bool = False  # the list is not in the seeds; carried over, to confirm
    note: str = ""

    def for_channel(self, channel: str) -> list[ChecklistItem]:
        if channel not in self.channels:
            return []
        return [i for i in self.items if not i.channels or channel in i.channels]


@dataclass(frozen=True, slots=True)
class TextOverride:
    """An edition's own wording of one statement (only the parts that differ)."""

    text: LocalizedText | None = None
    fill: LocalizedText | None = None
    caption: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class FieldOverride:
    """An edition's own label, help or caption of a field, and labels of its choices."""

    label: LocalizedText | None = None
    help: LocalizedText | None = None
    caption: LocalizedText | None = None
    choices: Mapping[str, LocalizedText] = field(default_factory=dict)  # choice id -> label


@dataclass(frozen=True, slots=True)
class Edition:
    """One edition of a blank: the rule sets (and days) it is printed for, where its text
    comes from, and the texts that differ from the form file's own.

    ``legal_source`` is printed in small print on the sheet; ``official`` says whether the
    printed text is quoted from this edition's own act (false: the text of an older act is
    carried over because the act in force is not in the sources, and ``legal_source`` says
    so). ``extends`` names the edition whose overrides apply first.
    """

    id: str
    rule_sets: tuple[str, ...]
    legal_source: LocalizedText
    official: bool = False
    valid_from: dt.date | None = None  # first day, inclusive (none: the rule set's own)
    valid_until: dt.date | None = None  # last day, inclusive
    extends: str = ""
    title: LocalizedText | None = None
    appendix: LocalizedText | None = None
    intake: Mapping[str, LocalizedText] = field(default_factory=dict)  # channel -> place
    block_titles: Mapping[str, LocalizedText] = field(default_factory=dict)
    statements: Mapping[str, TextOverride] = field(default_factory=dict)  # "block.statement"
    fields: Mapping[str, FieldOverride] = field(default_factory=dict)
    note: str = ""

    def covers(self, rule_set_id: str, day: dt.date) -> bool:
        """True when this edition is printed for an application of ``day`` decided by
        ``rule_set_id``."""
        if rule_set_id not in self.rule_sets:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until


@dataclass(frozen=True, slots=True)
class FormSpec:
    """One paper form: its title as printed, legal source, pages, fixed texts."""

    id: str
    version: str
    title: LocalizedText
    marker: LocalizedText  # "Нысан" / "Форма"
    source: SourceRef
    pages: tuple[PageSpec, ...]
    appendix: LocalizedText | None = None  # "... регламентіне 2-қосымша" / "Приложение 2 ..."
    subtitle: LocalizedText | None = None
    sheet: str = ""  # the printed sheet id
    rule_sets: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    documents: tuple[DocumentSpec, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    path: str = ""  # the file it was loaded from (for messages)
    editions: tuple[Edition, ...] = ()
    # Set on a form resolved for one application (desktop.formspec.editions.resolve): the
    # edition whose texts it carries, and the form as the file declares it.
    edition: Edition | None = None
    origin: FormSpec | None = None

    def fields(self) -> Iterator[FieldSpec]:
        """Every field of every page, table columns included, in page order."""
        for page in self.pages:
            for spec in page.fields:
                yield from spec.walk()

    def field(self, field_id: str) -> FieldSpec:
        for spec in self.fields():
            if spec.id == field_id:
                return spec
        raise KeyError(f"{self.id}: no field {field_id!r}")

    def page(self, page_id: str) -> PageSpec:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(f"{self.id}: no page {page_id!r}")

    def block(self, block_id: str) -> Block:
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(f"{self.id}: no block {block_id!r}")

    def document(self, document_id: str) -> DocumentSpec:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        raise KeyError(f"{self.id}: no document {document_id!r}")

    def find_edition(self, edition_id: str) -> Edition:
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        raise KeyError(f"{self.id}: no edition {edition_id!r}")

    def checklist(self, rule_set: str, channel: str) -> list[ChecklistItem]:
        """The documents of ``rule_set`` at ``channel`` (empty if none is declared)."""
        for checklist in self.checklists:
            if checklist.rule_set == rule_set:
                return checklist.for_channel(channel)
        return []
