"""Read ``forms/*.yaml`` into ``FormSpec`` values, checking everything and reporting it all at once.

A broken form must never reach the wizard or the printer half-read. ``load_form`` collects
every problem with the file name and the path inside it, for example::

    application.yaml: pages[1].fields[3].label: missing "kk"

and raises one ``FormSpecError`` that lists them all. Besides the structure it checks the
official-wording rules of glossary.md C.1: Kazakh text has no Latin letters inside Cyrillic
words and no Latin ``ə``; Russian text has none of the Kazakh-only letters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from desktop.formspec.model import (
    LANGS,
    Block,
    Checklist,
    ChecklistItem,
    Choice,
    DocumentSpec,
    Edition,
    Entry,
    FieldOverride,
    FieldSpec,
    FieldType,
    FixedRow,
    FormSpec,
    LocalizedText,
    PageSpec,
    PrintHint,
    Rows,
    SourceRef,
    Statement,
    TextOverride,
    Validation,
)

SCHEMA_VERSION = 1
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CHOICE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# Rule-set ids as in desktop/domain/rulesets.py, e.g. "law2001-2015", "social-code-2023".
RULE_SET_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
BINDING_RE = re.compile(r"^[a-z_][a-z0-9_]*(\[\])?(\.[a-z_][a-z0-9_]*(\[\])?)*$")
# glossary.md C.1: a word mixing Cyrillic and Latin letters, or the Latin schwa.
MIXED_SCRIPT_RE = re.compile(r"[\u0400-\u04FF][A-Za-z]|[A-Za-z][\u0400-\u04FF]")
LATIN_SCHWA = "\u0259\u018f"
KAZAKH_ONLY = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"

VALIDATORS = frozenset({"iin", "iban", "not_future", "digits"})
# "categories": those of the maslikhat decision in force (a service's district data)
RUNTIME_CHOICES = frozenset({"offices", "members", "documents", "categories"})
ROWS_FROM = frozenset({"checklist", "members", "fixed"})
REQUIREMENTS = frozenset({"required", "conditional"})
PRESENTATIONS = frozenset({"original", "copy", "original_and_copy", "form"})
# Intake channels (process.md §0, §4): where the applicant hands in the documents.
# Same values as desktop.domain.model.Channel; the 2018 Employment Centre is "district_office".
CHANNELS = frozenset({"district_office", "akim", "state_corporation"})
PLACEHOLDER_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class FormSpecError(ValueError):
    """A form file is broken; ``problems`` holds one line per problem (``file: path:
    message``), ``located`` the same with the line of the file (``file:line: path:
    message``), which the error's message shows."""

    def __init__(self, problems: Iterable[str], located: Iterable[str] | None = None) -> None:
        self.problems: list[str] = list(problems)
        self.located: list[str] = list(located) if located is not None else list(self.problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the forms:"
        super().__init__("\n".join([head, *("  " + p for p in self.located)]))


def check_kazakh(text: str) -> list[str]:
    """Why ``text`` is not clean Kazakh Cyrillic (empty list if it is)."""
    problems = []
    match = MIXED_SCRIPT_RE.search(text)
    if match:
        near = text[max(0, match.start() - 10) : match.end() + 10]
        problems.append(f"Latin letter inside a Cyrillic word near {near!r}")
    if any(ch in text for ch in LATIN_SCHWA):
        problems.append("Latin schwa (U+0259/U+018F) instead of Kazakh ә/Ә")
    return problems


def check_russian(text: str) -> list[str]:
    """Why ``text`` is not clean Russian (Kazakh-only letters; empty list if it is)."""
    found = sorted({ch for ch in text if ch in KAZAKH_ONLY})
    problems = []
    if found:
        problems.append(f"Kazakh-only letters in Russian text: {''.join(found)}")
    match = MIXED_SCRIPT_RE.search(text)
    if match:
        near = text[max(0, match.start() - 10) : match.end() + 10]
        problems.append(f"Latin letter inside a Cyrillic word near {near!r}")
    return problems


class _Reader:
    """Walks one YAML document, turning nodes into model values and collecting problems."""

    def __init__(self, name: str, lines: Mapping[str, int] | None = None) -> None:
        self.name = name
        self.problems: list[str] = []
        self.located: list[str] = []  # the same problems with the file's line number
        self.lines = lines or {}

    def error(self, path: str, message: str) -> None:
        prefix = f"{self.name}: {path}" if path else self.name
        self.problems.append(f"{prefix}: {message}")
        line = self.line_of(path)
        where = f"{self.name}:{line}" if line else self.name
        self.located.append(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    def line_of(self, path: str) -> int | None:
        """The line of the nearest node of ``path`` that the file has (None if unknown)."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    # --- primitives ----------------------------------------------------------------------

    def mapping(self, node: Any, path: str, allowed: Iterable[str]) -> Mapping[str, Any] | None:
        if not isinstance(node, Mapping):
            self.error(path, f"expected a mapping, got {type(node).__name__}")
            return None
        allowed_set = set(allowed)
        for key in node:
            if key not in allowed_set:
                self.error(path, f'unknown key "{key}" (allowed: {", ".join(sorted(allowed_set))})')
        return node

    def string(self, node: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        value = node.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(path, f'missing "{key}"')
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(where, f"expected text, got {type(value).__name__}")
            return ""
        text = str(value)
        if required and not text.strip():
            self.error(where, "is empty")
        return text

    def boolean(self, node: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", f"expected true or false, got {value!r}")
            return default
        return value

    def number(self, node: Mapping[str, Any], key: str, path: str) -> float | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(f"{path}.{key}", f"expected a number, got {value!r}")
            return None
        return float(value)

    def integer(self, node: Mapping[str, Any], key: str, path: str) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(f"{path}.{key}", f"expected a whole number >= 0, got {value!r}")
            return None
        return value

    def identifier(self, node: Mapping[str, Any], path: str, regex: re.Pattern[str] = ID_RE) -> str:
        ident = self.string(node, "id", path)
        if ident and not regex.match(ident):
            self.error(f"{path}.id", f"{ident!r} is not a snake_case identifier")
        return ident

    def str_list(self, node: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(f"{path}.{key}", "expected a list of texts")
            return ()
        return tuple(value)

    def localized(
        self, node: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> LocalizedText | None:
        value = node.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(path, f'missing "{key}"')
            return None
        if not isinstance(value, Mapping):
            self.error(where, "expected a mapping with kk and ru")
            return None
        for extra in value:
            if extra not in LANGS:
                self.error(where, f'unknown language "{extra}" (expected kk and ru)')
        texts: dict[str, str] = {}
        for lang in LANGS:
            text = value.get(lang)
            if text is None:
                self.error(where, f'missing "{lang}"')
                continue
            if not isinstance(text, str):
                self.error(f"{where}.{lang}", f"expected text, got {type(text).__name__}")
                continue
            if not text.strip():
                self.error(f"{where}.{lang}", "is empty")
            checks = check_kazakh(text) if lang == "kk" else check_russian(text)
            for problem in checks:
                self.error(f"{where}.{lang}", problem)
            texts[lang] = text.strip()
        if len(texts) != len(LANGS):
            return None
        return LocalizedText(kk=texts["kk"], ru=texts["ru"])

    def order(self, node: Mapping[str, Any], path: str) -> dict[str, int]:
        value = node.get("order")
        if value is None:
            return {}
        if isinstance(value, int) and not isinstance(value, bool):
            return dict.fromkeys(LANGS, value)
        if isinstance(value, Mapping):
            result: dict[str, int] = {}
            for lang, pos in value.items():
                if lang not in LANGS:
                    self.error(f"{path}.order", f'unknown language "{lang}"')
                elif isinstance(pos, bool) or not isinstance(pos, int):
                    self.error(f"{path}.order.{lang}", f"expected a whole number, got {pos!r}")
                else:
                    result[lang] = pos
            return result
        self.error(f"{path}.order", "expected a number or a mapping {kk: n, ru: n}")
        return {}

    def items(self, node: Mapping[str, Any], key: str, path: str, required: bool) -> list[Any]:
        value = node.get(key)
        if value is None:
            if required:
                self.error(path, f'missing "{key}"')
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}" if path else key, "expected a list")
            return []
        if required and not value:
            self.error(f"{path}.{key}" if path else key, "is empty")
        return value

    # --- structures ----------------------------------------------------------------------

    def source(self, node: Mapping[str, Any], path: str) -> SourceRef:
        where = f"{path}.source" if path else "source"
        raw = node.get("source")
        if raw is None:
            self.error(path, 'missing "source"')
            return SourceRef(seed="")
        src = self.mapping(raw, where, ("seed", "lines", "doc", "note"))
        if src is None:
            return SourceRef(seed="")
        seed = self.string(src, "seed", where)
        lines: dict[str, tuple[int, int]] = {}
        raw_lines = src.get("lines", {})
        if not isinstance(raw_lines, Mapping):
            self.error(f"{where}.lines", "expected a mapping {kk: [first, last], ru: [...]}")
        else:
            for lang, rng in raw_lines.items():
                ok = (
                    isinstance(rng, list)
                    and len(rng) == 2
                    and all(isinstance(n, int) and not isinstance(n, bool) for n in rng)
                    and rng[0] <= rng[1]
                )
                if lang not in LANGS:
                    self.error(f"{where}.lines", f'unknown language "{lang}"')
                elif not ok:
                    self.error(f"{where}.lines.{lang}", "expected [first, last] line numbers")
                else:
                    lines[lang] = (rng[0], rng[1])
        return SourceRef(
            seed=seed,
            lines=lines,
            doc=self.string(src, "doc", where, required=False),
            note=self.string(src, "note", where, required=False),
        )

    def choice(self, raw: Any, path: str) -> Choice | None:
        node = self.mapping(raw, path, ("id", "label", "help", "print_label", "earlier", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path, CHOICE_ID_RE)
        label = self.localized(node, "label", path)
        help_ = self.localized(node, "help", path, required=False)
        print_label = self.localized(node, "print_label", path, required=False)
        earlier_label, earlier_until = self.earlier(node.get("earlier"), f"{path}.earlier")
        if not ident or label is None:
            return None
        return Choice(id=ident, label=label, help=help_, print_label=print_label,
                      earlier_label=earlier_label, earlier_until=earlier_until)

    def earlier(self, raw: Any, path: str) -> tuple[LocalizedText | None, dt.date | None]:
        """``earlier: {until: YYYY-MM-DD, label: {kk, ru}}``: the word of the older texts."""
        if raw is None:
            return None, None
        node = self.mapping(raw, path, ("until", "label"))
        if node is None:
            return None, None
        until = node.get("until")
        if not isinstance(until, dt.date):
            self.error(path + ".until", "must be a date YYYY-MM-DD")
            return None, None
        return self.localized(node, "label", path), until

    def validation(self, node: Mapping[str, Any], path: str) -> Validation:
        raw = node.get("validation")
        if raw is None:
            return Validation()
        where = f"{path}.validation"
        val = self.mapping(
            raw, where, ("max_length", "min_length", "pattern", "min", "max", "validators")
        )
        if val is None:
            return Validation()
        pattern = self.string(val, "pattern", where, required=False) or None
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                self.error(f"{where}.pattern", f"not a valid regular expression: {exc}")
                pattern = None
        validators = self.str_list(val, "validators", where)
        for name in validators:
            if name not in VALIDATORS:
                known = ", ".join(sorted(VALIDATORS))
                self.error(f"{where}.validators", f'unknown validator "{name}" (known: {known})')
        lo, hi = self.number(val, "min", where), self.number(val, "max", where)
        if lo is not None and hi is not None and lo > hi:
            self.error(where, f"min {lo} is greater than max {hi}")
        min_len = self.integer(val, "min_length", where)
        max_len = self.integer(val, "max_length", where)
        if min_len is not None and max_len is not None and min_len > max_len:
            self.error(where, f"min_length {min_len} is greater than max_length {max_len}")
        return Validation(
            max_length=max_len,
            min_length=min_len,
            pattern=pattern,
            min=lo,
            max=hi,
            validators=validators,
        )

    def print_hint(self, node: Mapping[str, Any], path: str) -> PrintHint | None:
        raw = node.get("print")
        if raw is None:
            return None
        where = f"{path}.print"
        hint = self.mapping(
            raw, where, ("sheet", "place", "order", "ref", "width", "group", "style")
        )
        if hint is None:
            return None
        width = self.number(hint, "width", where)
        if width is not None and width <= 0:
            self.error(f"{where}.width", "must be positive")
        return PrintHint(
            sheet=self.string(hint, "sheet", where),
            place=self.string(hint, "place", where),
            order=self.order(hint, where),
            ref=self.string(hint, "ref", where, required=False),
            width=width,
            group=self.localized(hint, "group", where, required=False),
            style=self.string(hint, "style", where, required=False),
        )

    def fixed_row(self, raw: Any, path: str) -> FixedRow | None:
        node = self.mapping(raw, path, ("id", "label", "sublabel", "kinds", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path)
        label = self.localized(node, "label", path)
        sublabel = self.localized(node, "sublabel", path, required=False)
        kinds = self.str_list(node, "kinds", path)
        if not ident or label is None:
            return None
        return FixedRow(id=ident, label=label, kinds=kinds, sublabel=sublabel)

    def rows(self, node: Mapping[str, Any], path: str) -> Rows:
        raw = node.get("rows")
        where = f"{path}.rows"
        if raw is None:
            self.error(path, 'missing "rows" (a table says how many rows it has)')
            return Rows()
        spec = self.mapping(raw, where, ("min", "max", "fixed", "from", "printed"))
        if spec is None:
            return Rows()
        fixed = tuple(
            row
            for i, item in enumerate(self.items(spec, "fixed", where, required=False))
            if (row := self.fixed_row(item, f"{where}.fixed[{i}]")) is not None
        )
        self._unique([r.id for r in fixed], f"{where}.fixed", "row id")
        from_ = self.string(spec, "from", where, required=False)
        if from_ and from_ not in ROWS_FROM:
            self.error(f"{where}.from", f'unknown row source "{from_}"')
        lo = self.integer(spec, "min", where) or 0
        hi = self.integer(spec, "max", where)
        if hi is not None and lo > hi:
            self.error(where, f"min {lo} is greater than max {hi}")
        printed = self.integer(spec, "printed", where)
        return Rows(min=lo, max=hi, fixed=fixed, from_=from_, printed=printed)

    def field(self, raw: Any, path: str, table_binding: str = "") -> FieldSpec | None:
        node = self.mapping(
            raw,
            path,
            (
                "id",
                "type",
                "label",
                "help",
                "caption",
                "required",
                "entry",
                "validation",
                "choices",
                "choices_from",
                "multiple",
                "derived_from",
                "required_if",
                "visible_if",
                "binding",
                "columns",
                "rows",
                "print",
                "note",
            ),
        )
        if node is None:
            return None
        ident = self.identifier(node, path)
        type_name = self.string(node, "type", path)
        try:
            ftype = FieldType(type_name)
        except ValueError:
            if type_name:
                known = ", ".join(t.value for t in FieldType)
                self.error(f"{path}.type", f'unknown type "{type_name}" (known: {known})')
            ftype = FieldType.TEXT
        entry_name = self.string(node, "entry", path, required=False) or Entry.INPUT.value
        try:
            entry = Entry(entry_name)
        except ValueError:
            self.error(f"{path}.entry", f'unknown entry "{entry_name}" (input, derived, system)')
            entry = Entry.INPUT
        label = self.localized(node, "label", path)
        # Input fields write into the domain model; derived and system values may be computed.
        binding = self.string(node, "binding", path, required=entry is Entry.INPUT)
        if binding and not BINDING_RE.match(binding):
            self.error(f"{path}.binding", f"{binding!r} is not a dotted path like applicant.iin")
        if table_binding and binding and not binding.startswith(table_binding + "."):
            self.error(f"{path}.binding", f"{binding!r} must start with {table_binding + '.'!r}")
        if ftype is FieldType.TABLE and binding and not binding.endswith("[]"):
            self.error(f"{path}.binding", f"a table binds to a list: {binding!r} must end with []")

        choices = tuple(
            c
            for i, item in enumerate(self.items(node, "choices", path, required=False))
            if (c := self.choice(item, f"{path}.choices[{i}]")) is not None
        )
        self._unique([c.id for c in choices], f"{path}.choices", "choice id")
        choices_from = self.string(node, "choices_from", path, required=False)
        if choices_from and choices_from not in RUNTIME_CHOICES:
            self.error(f"{path}.choices_from", f'unknown choice source "{choices_from}"')
        if ftype is FieldType.CHOICE and not choices and not choices_from:
            self.error(path, 'a choice field needs "choices" or "choices_from"')
        if ftype is not FieldType.CHOICE and (choices or choices_from):
            self.error(path, f'"choices" only belong to type choice, not {ftype.value}')

        columns: tuple[FieldSpec, ...] = ()
        rows: Rows | None = None
        if ftype is FieldType.TABLE:
            columns = tuple(
                col
                for i, item in enumerate(self.items(node, "columns", path, required=True))
                if (col := self.field(item, f"{path}.columns[{i}]", binding)) is not None
            )
            rows = self.rows(node, path)
            if any(c.type is FieldType.TABLE for c in columns):
                self.error(f"{path}.columns", "a table inside a table is not supported")
        elif "columns" in node or "rows" in node:
            self.error(path, '"columns" and "rows" only belong to type table')

        derived_from = self.str_list(node, "derived_from", path)
        if entry is Entry.DERIVED and not derived_from:
            self.error(path, 'a derived field needs "derived_from"')
        if ident:
            # A broken label is already reported; keep the field so that nothing that
            # refers to it (placeholders, derived_from) reports a second, misleading problem.
            return FieldSpec(
                id=ident,
                type=ftype,
                label=label or LocalizedText("", ""),
                binding=binding,
                required=self.boolean(node, "required", path, False),
                entry=entry,
                help=self.localized(node, "help", path, required=False),
                caption=self.localized(node, "caption", path, required=False),
                validation=self.validation(node, path),
                choices=choices,
                choices_from=choices_from,
                multiple=self.boolean(node, "multiple", path, False),
                derived_from=derived_from,
                required_if=self.string(node, "required_if", path, required=False),
                visible_if=self.string(node, "visible_if", path, required=False),
                columns=columns,
                rows=rows,
                print=self.print_hint(node, path),
                note=self.string(node, "note", path, required=False),
            )
        # Still check the remaining parts so that every problem is reported.
        self.localized(node, "help", path, required=False)
        self.localized(node, "caption", path, required=False)
        self.validation(node, path)
        self.print_hint(node, path)
        return None

    def page(self, raw: Any, path: str) -> PageSpec | None:
        node = self.mapping(raw, path, ("id", "title", "help", "wizard", "fields", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path)
        title = self.localized(node, "title", path)
        help_ = self.localized(node, "help", path, required=False)
        wizard = self.boolean(node, "wizard", path, True)
        fields = tuple(
            f
            for i, item in enumerate(self.items(node, "fields", path, required=True))
            if (f := self.field(item, f"{path}.fields[{i}]")) is not None
        )
        if not ident or title is None:
            return None
        return PageSpec(id=ident, title=title, fields=fields, help=help_, wizard=wizard)

    def statement(self, raw: Any, path: str) -> Statement | None:
        node = self.mapping(raw, path, ("id", "text", "fill", "caption", "order", "ref", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path)
        text = self.localized(node, "text", path)
        order = self.order(node, path)
        if "order" not in node:
            order = {lang: 0 for lang in LANGS}
        if not ident or text is None:
            return None
        return Statement(
            id=ident,
            text=text,
            order=order,
            ref=self.string(node, "ref", path, required=False),
            note=self.string(node, "note", path, required=False),
            fill=self.localized(node, "fill", path, required=False),
            caption=self.localized(node, "caption", path, required=False),
        )

    def block(self, raw: Any, path: str) -> Block | None:
        node = self.mapping(raw, path, ("id", "title", "statements", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path)
        title = self.localized(node, "title", path, required=False)
        statements = tuple(
            s
            for i, item in enumerate(self.items(node, "statements", path, required=True))
            if (s := self.statement(item, f"{path}.statements[{i}]")) is not None
        )
        self._unique([s.id for s in statements], f"{path}.statements", "statement id")
        for lang in LANGS:
            positions = [s.order[lang] for s in statements if lang in s.order]
            if len(positions) != len(set(positions)) and any(positions):
                self.error(f"{path}.statements", f"two statements share one {lang} order number")
        if not ident:
            return None
        return Block(id=ident, statements=statements, title=title)

    def document(self, raw: Any, path: str) -> DocumentSpec | None:
        node = self.mapping(raw, path, ("id", "name", "slip_name", "expires", "from_form", "note"))
        if node is None:
            return None
        ident = self.identifier(node, path)
        name = self.localized(node, "name", path)
        slip_name = self.localized(node, "slip_name", path)
        expires = self.boolean(node, "expires", path, False)
        if not ident or name is None or slip_name is None:
            return None
        return DocumentSpec(
            id=ident,
            name=name,
            slip_name=slip_name,
            expires=expires,
            from_form=self.string(node, "from_form", path, required=False),
            note=self.string(node, "note", path, required=False),
        )

    def checklist_item(self, raw: Any, path: str, documents: set[str]) -> ChecklistItem | None:
        node = self.mapping(
            raw,
            path,
            (
                "document",
                "requirement",
                "presentation",
                "condition",
                "waivable",
                "name",
                "channels",
                "ref",
                "note",
            ),
        )
        if node is None:
            return None
        document = self.string(node, "document", path)
        if document and document not in documents:
            self.error(f"{path}.document", f'unknown document "{document}"')
        requirement = self.string(node, "requirement", path)
        if requirement and requirement not in REQUIREMENTS:
            self.error(f"{path}.requirement", f'"{requirement}" is not required or conditional')
        presentation = self.string(node, "presentation", path)
        if presentation and presentation not in PRESENTATIONS:
            known = ", ".join(sorted(PRESENTATIONS))
            self.error(f"{path}.presentation", f'"{presentation}" is not one of {known}')
        condition = self.localized(node, "condition", path, required=False)
        if requirement == "conditional" and condition is None:
            self.error(path, 'a conditional document needs a "condition"')
        channels = self.str_list(node, "channels", path)
        for channel in channels:
            if channel not in CHANNELS:
                self.error(f"{path}.channels", f'unknown channel "{channel}"')
        return ChecklistItem(
            document=document,
            requirement=requirement,
            presentation=presentation,
            condition=condition,
            waivable=self.boolean(node, "waivable", path, False),
            name=self.localized(node, "name", path, required=False),
            channels=channels,
        )

    def checklist(self, raw: Any, path: str, documents: set[str]) -> Checklist | None:
        node = self.mapping(
            raw, path, ("rule_set", "channels", "items", "source", "assumed", "note")
        )
        if node is None:
            return None
        rule_set = self.string(node, "rule_set", path)
        if rule_set and not RULE_SET_RE.match(rule_set):
            self.error(f"{path}.rule_set", f"{rule_set!r} is not a rule-set id like law2001-2015")
        channels = self.str_list(node, "channels", path)
        if not channels:
            self.error(path, 'missing "channels"')
        for channel in channels:
            if channel not in CHANNELS:
                self.error(f"{path}.channels", f'unknown channel "{channel}"')
        items = tuple(
            item
            for i, raw_item in enumerate(self.items(node, "items", path, required=True))
            if (item := self.checklist_item(raw_item, f"{path}.items[{i}]", documents)) is not None
        )
        self._unique([i.document for i in items if not i.channels], f"{path}.items", "document")
        return Checklist(
            rule_set=rule_set,
            channels=channels,
            items=items,
            source=self.source(node, path),
            assumed=self.boolean(node, "assumed", path, False),
            note=self.string(node, "note", path, required=False),
        )

    # --- editions ----------------------------------------------------------------------

    def day(self, node: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.error(f"{path}.{key}", f"expected a date like 2021-01-02, got {value!r}")
        return None

    def text_override(self, raw: Any, path: str) -> TextOverride | None:
        node = self.mapping(raw, path, ("text", "fill", "caption", "note"))
        if node is None:
            return None
        override = TextOverride(
            text=self.localized(node, "text", path, required=False),
            fill=self.localized(node, "fill", path, required=False),
            caption=self.localized(node, "caption", path, required=False),
        )
        if override == TextOverride() and not any(k in node for k in ("text", "fill", "caption")):
            self.error(path, 'an override needs "text", "fill" or "caption"')
        return override

    def field_override(self, raw: Any, path: str) -> FieldOverride | None:
        node = self.mapping(raw, path, ("label", "help", "caption", "choices", "note"))
        if node is None:
            return None
        choices: dict[str, LocalizedText] = {}
        raw_choices = node.get("choices", {})
        if not isinstance(raw_choices, Mapping):
            self.error(f"{path}.choices", "expected a mapping {choice id: {kk, ru}}")
        else:
            for choice_id in raw_choices:
                label = self.localized(raw_choices, choice_id, f"{path}.choices")
                if label is not None:
                    choices[str(choice_id)] = label
        return FieldOverride(
            label=self.localized(node, "label", path, required=False),
            help=self.localized(node, "help", path, required=False),
            caption=self.localized(node, "caption", path, required=False),
            choices=choices,
        )

    def keyed(self, node: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = node.get(key, {})
        if not isinstance(value, Mapping):
            self.error(f"{path}.{key}", "expected a mapping")
            return {}
        return value

    def edition(self, raw: Any, path: str) -> Edition | None:
        node = self.mapping(
            raw,
            path,
            (
                "id", "rule_sets", "from", "until", "extends", "legal_source", "official",
                "title", "appendix", "intake", "block_titles", "statements", "fields",
                "source", "note",
            ),
        )
        if node is None:
            return None
        ident = self.string(node, "id", path)
        if ident and not RULE_SET_RE.match(ident):
            self.error(f"{path}.id", f"{ident!r} is not an edition id like nko-2015")
        rule_sets = self.str_list(node, "rule_sets", path)
        if not rule_sets:
            self.error(path, 'missing "rule_sets" (the rule sets this edition is printed for)')
        for rule_set in rule_sets:
            if not RULE_SET_RE.match(rule_set):
                self.error(f"{path}.rule_sets", f"{rule_set!r} is not a rule-set id")
        valid_from = self.day(node, "from", path)
        valid_until = self.day(node, "until", path)
        if valid_from and valid_until and valid_from > valid_until:
            self.error(path, f"from {valid_from} is after until {valid_until}")
        legal_source = self.localized(node, "legal_source", path)
        intake: dict[str, LocalizedText] = {}
        raw_intake = self.keyed(node, "intake", path)
        for channel in raw_intake:
            if channel not in CHANNELS:
                self.error(f"{path}.intake", f'unknown channel "{channel}"')
            place = self.localized(raw_intake, channel, f"{path}.intake")
            if place is not None:
                intake[str(channel)] = place
        block_titles: dict[str, LocalizedText] = {}
        raw_titles = self.keyed(node, "block_titles", path)
        for block_id in raw_titles:
            found = self.localized(raw_titles, block_id, f"{path}.block_titles")
            if found is not None:
                block_titles[str(block_id)] = found
        statements: dict[str, TextOverride] = {}
        raw_statements = self.keyed(node, "statements", path)
        for key, value in raw_statements.items():
            if not isinstance(key, str) or key.count(".") != 1:
                self.error(f"{path}.statements", f"{key!r} is not a key like coupon.c2")
                continue
            override = self.text_override(value, f"{path}.statements.{key}")
            if override is not None:
                statements[key] = override
        fields: dict[str, FieldOverride] = {}
        for field_id, value in self.keyed(node, "fields", path).items():
            field_override = self.field_override(value, f"{path}.fields.{field_id}")
            if field_override is not None:
                fields[str(field_id)] = field_override
        if "source" in node:
            self.source(node, path)
        if not ident or legal_source is None:
            return None
        return Edition(
            id=ident,
            rule_sets=rule_sets,
            legal_source=legal_source,
            official=self.boolean(node, "official", path, False),
            valid_from=valid_from,
            valid_until=valid_until,
            extends=self.string(node, "extends", path, required=False),
            title=self.localized(node, "title", path, required=False),
            appendix=self.localized(node, "appendix", path, required=False),
            intake=intake,
            block_titles=block_titles,
            statements=statements,
            fields=fields,
            note=self.string(node, "note", path, required=False),
        )

    def _edition_checks(self, spec: FormSpec) -> None:
        """Every override names something the form has; no two editions cover one day."""
        ids = [e.id for e in spec.editions]
        self._unique(ids, "editions", "edition id")
        known = set(ids)
        field_ids = {f.id: f for f in spec.fields()}
        statements = {f"{b.id}.{s.id}": s for b in spec.blocks for s in b.statements}
        block_ids = {b.id for b in spec.blocks}
        for number, edition in enumerate(spec.editions):
            where = f"editions[{number}]"
            seen = {edition.id}
            parent = edition.extends
            while parent:
                if parent not in known:
                    self.error(f"{where}.extends", f'no edition "{parent}" in this form')
                    break
                if parent in seen:
                    self.error(f"{where}.extends", f'"{edition.id}" extends itself')
                    break
                seen.add(parent)
                parent = spec.find_edition(parent).extends
            for block_id in edition.block_titles:
                if block_id not in block_ids:
                    self.error(f"{where}.block_titles.{block_id}", "names no block")
            for key, override in edition.statements.items():
                if key not in statements:
                    self.error(f"{where}.statements.{key}", "names no statement of the form")
                if override.fill is not None:
                    for lang, text in override.fill.items():
                        for name in PLACEHOLDER_RE.findall(text):
                            if name not in field_ids:
                                self.error(f"{where}.statements.{key}.fill.{lang}",
                                           f'placeholder "{{{name}}}" names no field')
            for field_id, field_override in edition.fields.items():
                target = field_ids.get(field_id)
                if target is None:
                    self.error(f"{where}.fields.{field_id}", "names no field of the form")
                    continue
                for choice_id in field_override.choices:
                    if target.choice(choice_id) is None:
                        self.error(f"{where}.fields.{field_id}.choices.{choice_id}",
                                   "names no choice of the field")
        for first_no, first in enumerate(spec.editions):
            for second in spec.editions[first_no + 1:]:
                shared = sorted(set(first.rule_sets) & set(second.rule_sets))
                if shared and _overlap(first, second):
                    self.error(f"editions[{first_no}]",
                               f'"{first.id}" and "{second.id}" both cover {shared[0]} '
                               "on the same days")
        if spec.editions:
            for rule_set in spec.rule_sets:
                if not any(rule_set in e.rule_sets for e in spec.editions):
                    self.error("editions", f"no edition covers the form's own {rule_set}")

    def _unique(self, values: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.error(path, f'duplicate {what} "{value}"')
            seen.add(value)

    # --- the whole form --------------------------------------------------------------------

    def form(self, raw: Any, path_text: str) -> FormSpec | None:
        node = self.mapping(
            raw,
            "",
            (
                "schema",
                "id",
                "version",
                "title",
                "subtitle",
                "marker",
                "appendix",
                "source",
                "sheet",
                "rule_sets",
                "pages",
                "blocks",
                "documents",
                "checklists",
                "editions",
                "note",
            ),
        )
        if node is None:
            return None
        schema = node.get("schema")
        if schema != SCHEMA_VERSION:
            self.error("schema", f"expected {SCHEMA_VERSION}, got {schema!r}")
        ident = self.identifier(node, "")
        version = self.string(node, "version", "")
        title = self.localized(node, "title", "")
        marker = self.localized(node, "marker", "")
        source = self.source(node, "")
        rule_sets = self.str_list(node, "rule_sets", "")
        for rule_set in rule_sets:
            if not RULE_SET_RE.match(rule_set):
                self.error("rule_sets", f"{rule_set!r} is not a rule-set id like law2001-2015")
        pages = tuple(
            p
            for i, item in enumerate(self.items(node, "pages", "", required=True))
            if (p := self.page(item, f"pages[{i}]")) is not None
        )
        blocks = tuple(
            b
            for i, item in enumerate(self.items(node, "blocks", "", required=False))
            if (b := self.block(item, f"blocks[{i}]")) is not None
        )
        documents = tuple(
            d
            for i, item in enumerate(self.items(node, "documents", "", required=False))
            if (d := self.document(item, f"documents[{i}]")) is not None
        )
        doc_ids = {d.id for d in documents}
        checklists = tuple(
            c
            for i, item in enumerate(self.items(node, "checklists", "", required=False))
            if (c := self.checklist(item, f"checklists[{i}]", doc_ids)) is not None
        )
        editions = tuple(
            e
            for i, item in enumerate(self.items(node, "editions", "", required=False))
            if (e := self.edition(item, f"editions[{i}]")) is not None
        )
        spec = FormSpec(
            id=ident,
            version=version,
            title=title or LocalizedText("", ""),
            marker=marker or LocalizedText("", ""),
            source=source,
            pages=pages,
            appendix=self.localized(node, "appendix", "", required=False),
            subtitle=self.localized(node, "subtitle", "", required=False),
            sheet=self.string(node, "sheet", "", required=False) or ident,
            rule_sets=rule_sets,
            blocks=blocks,
            documents=documents,
            checklists=checklists,
            path=path_text,
            editions=editions,
        )
        self._unique([p.id for p in pages], "pages", "page id")
        self._unique([b.id for b in blocks], "blocks", "block id")
        self._unique([d.id for d in documents], "documents", "document id")
        self._unique([c.rule_set for c in checklists], "checklists", "rule set")
        self._cross_checks(spec)
        self._edition_checks(spec)
        return spec

    def _cross_checks(self, spec: FormSpec) -> None:
        """References between fields: unique ids, derived_from / required_if targets."""
        by_id: dict[str, FieldSpec] = {}
        for page_no, page in enumerate(spec.pages):
            for field_no, top in enumerate(page.fields):
                for item in top.walk():
                    where = f"pages[{page_no}].fields[{field_no}]"
                    if item is not top:
                        where += f" (column {item.id})"
                    if item.id in by_id:
                        self.error(where, f'duplicate field id "{item.id}"')
                    by_id[item.id] = item
        for block_no, block in enumerate(spec.blocks):
            for st_no, statement in enumerate(block.statements):
                if statement.fill is None:
                    continue
                for lang, text in statement.fill.items():
                    for name in PLACEHOLDER_RE.findall(text):
                        if name not in by_id:
                            where = f"blocks[{block_no}].statements[{st_no}].fill.{lang}"
                            self.error(where, f'placeholder "{{{name}}}" names no field')
        for page_no, page in enumerate(spec.pages):
            for field_no, top in enumerate(page.fields):
                for item in top.walk():
                    where = f"pages[{page_no}].fields[{field_no}]"
                    for ref in item.derived_from:
                        # "form.field" names a field of another form; load_all checks it.
                        if "." not in ref and ref not in by_id:
                            self.error(f"{where}.derived_from", f'unknown field "{ref}"')
                    conditions = (
                        ("required_if", item.required_if),
                        ("visible_if", item.visible_if),
                    )
                    for key, ref in conditions:
                        if not ref:
                            continue
                        target = by_id.get(ref)
                        if target is None:
                            self.error(f"{where}.{key}", f'unknown field "{ref}"')
                        elif target.type is not FieldType.BOOL:
                            self.error(f"{where}.{key}", f'"{ref}" is not a bool field')
                    if item.rows is not None:
                        key_column = next(
                            (c for c in item.columns if c.type is FieldType.CHOICE), None
                        )
                        for row in item.rows.fixed:
                            for kind in row.kinds:
                                if key_column is None or key_column.choice(kind) is None:
                                    self.error(
                                        f"{where}.rows.fixed",
                                        f'row "{row.id}" gathers unknown kind "{kind}"',
                                    )


def _overlap(first: Edition, second: Edition) -> bool:
    """True when the two editions' day windows share a day (no bound: unlimited)."""
    start = max(first.valid_from or dt.date.min, second.valid_from or dt.date.min)
    end = min(first.valid_until or dt.date.max, second.valid_until or dt.date.max)
    return start <= end


def line_index(text: str) -> dict[str, int]:
    """``{path inside the document: line}`` for every key and list item (1-based), so that
    a problem names the line it is on."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    index: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        index.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                index[child] = key.start_mark.line + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value):
                walk(item, f"{path}[{number}]")

    if root is not None:
        walk(root, "")
    index.pop("", None)
    return index


def load_form(path: str | Path) -> FormSpec:
    """Read and check one form file; raise ``FormSpecError`` listing every problem."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FormSpecError([f"{name}: cannot read: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise FormSpecError([f"{name}: not UTF-8 text: {exc}"]) from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FormSpecError([f"{name}: {where}not valid YAML: {problem}"]) from exc
    reader = _Reader(name, line_index(text))
    spec = reader.form(raw, str(path))
    if spec is not None and spec.id and spec.id != path.stem:
        reader.error("id", f'"{spec.id}" does not match the file name "{path.stem}"')
    if reader.problems or spec is None:
        if not reader.problems:
            raise FormSpecError([f"{name}: empty form"])
        raise FormSpecError(reader.problems, reader.located)
    return spec


def load_all(folder: str | Path | None = None) -> dict[str, FormSpec]:
    """Every ``*.yaml`` form in ``folder`` (default: the shipped ``forms/``), by form id.

    All files are read before failing, so one ``FormSpecError`` reports every broken file.
    Field ids must also be unique across forms, since one wizard shows them all.
    """
    if folder is None:
        from desktop.paths import forms_dir

        folder = forms_dir()
    folder = Path(folder)
    problems: list[str] = []
    located: list[str] = []
    forms: dict[str, FormSpec] = {}
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise FormSpecError([f"{folder.name}: no *.yaml forms found"])
    owner: dict[str, str] = {}
    for path in paths:
        try:
            spec = load_form(path)
        except FormSpecError as exc:
            problems.extend(exc.problems)
            located.extend(exc.located)
            continue
        forms[spec.id] = spec
        for item in spec.fields():
            other = owner.setdefault(item.id, path.name)
            if other != path.name:
                problem = f'{path.name}: field id "{item.id}" is already used in {other}'
                problems.append(problem)
                located.append(problem)
    for spec in forms.values():
        for item in spec.fields():
            for ref in item.derived_from:
                form_id, _, field_id = ref.partition(".")
                if not field_id:
                    continue
                other_form = forms.get(form_id)
                if other_form is None or field_id not in {f.id for f in other_form.fields()}:
                    problem = (f"{Path(spec.path).name}: field {item.id}: derived_from names "
                               f'"{ref}", which no form declares')
                    problems.append(problem)
                    located.append(problem)
    if problems:
        raise FormSpecError(problems, located)
    return forms
