"""Read and check ``forms/services/<code>/service.yaml``, reporting every problem at once.

A broken service never reaches the desk half-read. Each problem names the file, the line and
the path inside, for example::

    services/child_benefit/service.yaml:57: documents[2].name: missing "ru"

and ``load_catalogue`` raises one ``CatalogueError`` that lists them all. Besides the structure
it checks what the data refers to: the channels, statuses, roles and actions of the domain,
the sheets (shared ``forms/<id>.yaml`` or the service's own ``<id>.yaml``) and their pages,
the steps of the deadline vocabulary, a path that leads from registration to a closed status
on every channel, the number markers (one per service), the rule module, and the Kazakh and
Russian of every text (glossary.md C.1, as the forms' loader does).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
import types
import typing
from collections import deque
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from desktop.catalog.located import line_of, read_yaml
from desktop.catalog.model import (
    ASP,
    ChannelSpec,
    Coupon,
    DocumentItem,
    Level,
    ProgrammeItem,
    QueueSpec,
    Quote,
    RefusalGroundSpec,
    Regulation,
    ResultDocument,
    ResultKind,
    Service,
    ServiceStatus,
    Span,
    StepSpec,
    WizardStep,
)
from desktop.domain import model as domain_model
from desktop.domain.case_path import Action, CasePath, Side, Step
from desktop.domain.case_status import CLOSED_STATUSES, CaseStatus
from desktop.domain.deadlines import STEP_NAMES, StepTerm
from desktop.domain.model import Channel, DocumentKind
from desktop.domain.roles import Role
from desktop.formspec.load import FormSpecError, check_kazakh, check_russian, load_form
from desktop.formspec.model import LANGS, FieldType, FormSpec, LocalizedText, SourceRef
from desktop.formspec.result_form import (
    BLANK_SOURCES,
    DECISION_SOURCES,
    DETAIL_SOURCES,
    OUTCOMES,
    PROGRAMME_SOURCES,
    ResultForm,
    ResultLine,
    placeholders,
)

__all__ = [
    "SCHEMA_VERSION",
    "CatalogueError",
    "check_sheets",
    "read_service",
    "resolve_paths",
    "result_problems",
]

SCHEMA_VERSION = 1
CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MARKER_RE = re.compile(r"^[A-Z]{2,3}$")
DETAILS = "details."  # bindings of a service's own data (Application.details)
REQUIREMENTS = frozenset({"required", "conditional"})
PRESENTATIONS = frozenset({"original", "copy", "original_and_copy", "form", "report"})
DOCUMENT_KINDS = frozenset({"document", "rehabilitation_programme", "medical_report",
                            "commission_report", "court_decision"})
# Who takes a step: the roles of Kömek, and the people outside it the regulations name.
EXTERNAL_ACTORS = frozenset({"state_corporation_worker", "courier", "special_commission",
                             "medical_organisation", "applicant"})
ACTORS = frozenset(r.value for r in Role) | EXTERNAL_ACTORS
TOP_KEYS = (
    "schema", "code", "status", "level", "order", "title", "short_title", "marker",
    "regulations", "in_force", "end", "provider", "applicants", "channels", "documents",
    "documents_from", "sheets", "wizard", "coupon", "steps", "terms", "totals", "extensions",
    "extension_months",
    "path", "statuses", "actions", "events", "results", "refusals", "rules", "parameters", "where",
    "queues", "programme_items", "handled_by", "note",
)
# The results the district's desk prints itself; a commission's decision, a card, a permit or
# a payment may be made by another body, and need no form here.
ISSUED_HERE = frozenset({ResultKind.NOTIFICATION, ResultKind.REASONED_REFUSAL,
                         ResultKind.CERTIFICATE, ResultKind.REFERRAL})
# A service provided at the desk without an application of its own: the АСП certificate is
# issued by IIN from the recipients' records (desktop.services.certificates).
HANDLERS = frozenset({"certificates"})


class CatalogueError(ValueError):
    """The catalogue is broken; ``problems`` holds one line per problem."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: list[str] = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the catalogue of services:"
        super().__init__("\n".join([head, *("  " + p for p in self.problems)]))


@dataclasses.dataclass(frozen=True, slots=True)
class PathRef:
    """A path declared as another service's, less some of its actions (resolved later)."""

    extends: str
    without: frozenset[Action]
    line: int


class _Reader:
    """Walks one service file, turning nodes into model values and collecting problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []

    def error(self, node: Any, key: str | int | None, path: str, message: str) -> None:
        line = line_of(node, key)
        where = f"{self.name}:{line}" if line else self.name
        self.problems.append(f"{where}: {path}: {message}" if path else f"{where}: {message}")

    # --- primitives ----------------------------------------------------------------------

    def mapping(self, node: Any, path: str, allowed: Iterable[str], parent: Any = None,
                key: str | int | None = None) -> Mapping[str, Any] | None:
        if not isinstance(node, Mapping):
            self.error(parent if parent is not None else node, key, path,
                       f"expected a mapping, got {type(node).__name__}")
            return None
        allowed_set = set(allowed)
        for name in node:
            if name not in allowed_set:
                self.error(node, name, path,
                           f'unknown key "{name}" (allowed: {", ".join(sorted(allowed_set))})')
        return node

    def text(self, node: Mapping[str, Any], key: str, path: str, required: bool = True) -> str:
        value = node.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(node, key, where, f"expected text, got {type(value).__name__}")
            return ""
        if required and not str(value).strip():
            self.error(node, key, where, "is empty")
        return str(value)

    def flag(self, node: Mapping[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = node.get(key, default)
        if not isinstance(value, bool):
            self.error(node, key, f"{path}.{key}", f"expected true or false, got {value!r}")
            return default
        return value

    def whole(self, node: Mapping[str, Any], key: str, path: str,
              required: bool = False) -> int | None:
        value = node.get(key)
        if value is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.error(node, key, f"{path}.{key}", f"expected a whole number >= 0, got {value!r}")
            return None
        return value

    def date(self, node: Mapping[str, Any], key: str, path: str,
             required: bool = True) -> dt.date | None:
        value = node.get(key)
        if value is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.error(node, key, f"{path}.{key}", f"expected a date like 2015-09-22, "
                                                   f"got {value!r}")
            return None
        return value

    def items(self, node: Mapping[str, Any], key: str, path: str,
              required: bool = False) -> list[Any]:
        value = node.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return []
        if not isinstance(value, list):
            self.error(node, key, where, "expected a list")
            return []
        if required and not value:
            self.error(node, key, where, "is empty")
        return value

    def names(self, node: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = node.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(node, key, f"{path}.{key}" if path else key, "expected a list of names")
            return ()
        return tuple(value)

    def enum(self, kind: type[Any], value: str, node: Any, key: str | int | None,
             path: str, what: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            known = ", ".join(str(v.value) for v in kind)
            self.error(node, key, path, f'unknown {what} "{value}" (known: {known})')
            return None

    def localized(self, node: Mapping[str, Any], key: str, path: str,
                  required: bool = True) -> LocalizedText | None:
        value = node.get(key)
        where = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return None
        return self.languages(value, where, node, key)

    def languages(self, value: Any, where: str, parent: Any, key: str | int | None,
                  extra: Iterable[str] = ()) -> LocalizedText | None:
        if not isinstance(value, Mapping):
            self.error(parent, key, where, "expected a mapping with kk and ru")
            return None
        for name in value:
            if name not in LANGS and name not in extra:
                self.error(value, name, where, f'unknown language "{name}" (expected kk and ru)')
        texts: dict[str, str] = {}
        for lang in LANGS:
            text = value.get(lang)
            if text is None:
                self.error(value, None, where, f'missing "{lang}"')
                continue
            if not isinstance(text, str) or not text.strip():
                self.error(value, lang, f"{where}.{lang}", "expected a text that is not empty")
                continue
            for problem in (check_kazakh(text) if lang == "kk" else check_russian(text)):
                self.error(value, lang, f"{where}.{lang}", problem)
            texts[lang] = text.strip()
        if len(texts) != len(LANGS):
            return None
        return LocalizedText(kk=texts["kk"], ru=texts["ru"])

    def source(self, node: Mapping[str, Any], path: str,
               required: bool = True) -> SourceRef | None:
        raw = node.get("source")
        where = f"{path}.source" if path else "source"
        if raw is None:
            if required:
                self.error(node, None, path, 'missing "source" (the seed and its lines)')
            return None
        src = self.mapping(raw, where, ("seed", "lines", "doc", "note"), node, "source")
        if src is None:
            return None
        seed = self.text(src, "seed", where)
        lines: dict[str, tuple[int, int]] = {}
        raw_lines = src.get("lines", {})
        if not isinstance(raw_lines, Mapping):
            self.error(src, "lines", f"{where}.lines", "expected {kk: [first, last], ru: [...]}")
        else:
            for lang, span in raw_lines.items():
                good = (isinstance(span, list) and len(span) == 2
                        and all(isinstance(n, int) and not isinstance(n, bool) for n in span)
                        and 0 < span[0] <= span[1])
                if lang not in LANGS:
                    self.error(raw_lines, lang, f"{where}.lines", f'unknown language "{lang}"')
                elif not good:
                    self.error(raw_lines, lang, f"{where}.lines.{lang}",
                               "expected [first, last] line numbers")
                else:
                    lines[lang] = (span[0], span[1])
        return SourceRef(seed=seed, lines=lines,
                         doc=self.text(src, "doc", where, required=False),
                         note=self.text(src, "note", where, required=False))

    def quote(self, node: Mapping[str, Any], key: str, path: str,
              required: bool = True) -> Quote | None:
        raw = node.get(key)
        where = f"{path}.{key}" if path else key
        if raw is None:
            if required:
                self.error(node, None, path, f'missing "{key}"')
            return None
        if not isinstance(raw, Mapping):
            self.error(node, key, where, "expected kk, ru and source")
            return None
        text = self.languages(raw, where, node, key, extra=("source",))
        source = self.source(raw, where)
        if text is None or source is None:
            return None
        return Quote(text, source)

    def span(self, node: Mapping[str, Any], key: str, path: str) -> Span | None:
        raw = node.get(key)
        where = f"{path}.{key}" if path else key
        if raw is None:
            self.error(node, None, path, f'missing "{key}" (from and to, to: null if open)')
            return None
        span = self.mapping(raw, where, ("from", "to", "note"), node, key)
        if span is None:
            return None
        start = self.date(span, "from", where)
        end = self.date(span, "to", where, required=False)
        if start is None:
            return None
        if end is not None and end < start:
            self.error(span, "to", f"{where}.to", f"ends ({end}) before it starts ({start})")
        return Span(start, end)

    def channel(self, value: Any, node: Any, key: str | int | None, path: str) -> Channel | None:
        if not isinstance(value, str):
            self.error(node, key, path, f"expected a channel name, got {value!r}")
            return None
        found: Channel | None = self.enum(Channel, value, node, key, path, "channel")
        return found

    def channels_of(self, node: Mapping[str, Any], key: str, path: str,
                    allowed: tuple[Channel, ...]) -> tuple[Channel, ...]:
        found = []
        for i, name in enumerate(self.names(node, key, path)):
            channel = self.channel(name, node.get(key), i, f"{path}.{key}[{i}]")
            if channel is None:
                continue
            if allowed and channel not in allowed:
                self.error(node.get(key), i, f"{path}.{key}[{i}]",
                           f'the service has no channel "{channel.value}"')
            found.append(channel)
        return tuple(found)

    def unique(self, values: list[tuple[str, Any, int]], path: str, what: str) -> None:
        seen: set[str] = set()
        for value, node, index in values:
            if value in seen:
                self.error(node, index, path, f'duplicate {what} "{value}"')
            seen.add(value)

    # --- parts ---------------------------------------------------------------------------

    def regulations(self, node: Mapping[str, Any]) -> tuple[Regulation, ...]:
        found = []
        required = node.get("status") == ServiceStatus.PROVIDED.value
        for i, raw in enumerate(self.items(node, "regulations", "", required=required)):
            path = f"regulations[{i}]"
            item = self.mapping(raw, path, ("id", "act", "source", "in_force", "note"),
                                node.get("regulations"), i)
            if item is None:
                continue
            ident = self.text(item, "id", path)
            act = self.localized(item, "act", path)
            source = self.source(item, path)
            span = self.span(item, "in_force", path)
            if ident and act and source and span:
                found.append(Regulation(ident, act, source, span,
                                        self.text(item, "note", path, required=False)))
        self.unique([(r.id, node.get("regulations"), i) for i, r in enumerate(found)],
                    "regulations", "regulation id")
        return tuple(found)

    def channel_specs(self, node: Mapping[str, Any]) -> tuple[ChannelSpec, ...]:
        found = []
        for i, raw in enumerate(self.items(node, "channels", "")):
            path = f"channels[{i}]"
            item = self.mapping(raw, path, ("id", "text", "condition", "note"),
                                node.get("channels"), i)
            if item is None:
                continue
            channel = self.channel(item.get("id"), item, "id", f"{path}.id")
            text = self.quote(item, "text", path, required=False)
            condition = self.localized(item, "condition", path, required=False)
            if channel is not None:
                found.append(ChannelSpec(channel, text, condition))
        self.unique([(c.channel.value, node.get("channels"), i) for i, c in enumerate(found)],
                    "channels", "channel")
        return tuple(found)

    def documents(self, node: Mapping[str, Any], channels: tuple[Channel, ...]
                  ) -> tuple[DocumentItem, ...]:
        found = []
        raw_list = node.get("documents")
        for i, raw in enumerate(self.items(node, "documents", "")):
            path = f"documents[{i}]"
            item = self.mapping(raw, path, (
                "id", "name", "slip_name", "requirement", "presentation", "condition",
                "waivable", "expires", "channels", "from_sheet", "kind", "source", "note",
                "when"), raw_list, i)
            if item is None:
                continue
            ident = self.text(item, "id", path)
            if ident and ident not in {k.value for k in DocumentKind}:
                self.error(item, "id", f"{path}.id", f'"{ident}" is not a document kind of '
                           "desktop.domain.model.DocumentKind")
            requirement = self.text(item, "requirement", path)
            if requirement and requirement not in REQUIREMENTS:
                self.error(item, "requirement", f"{path}.requirement",
                           f'"{requirement}" is not required or conditional')
            presentation = self.text(item, "presentation", path)
            if presentation and presentation not in PRESENTATIONS:
                self.error(item, "presentation", f"{path}.presentation",
                           f'"{presentation}" is not one of {", ".join(sorted(PRESENTATIONS))}')
            condition = self.localized(item, "condition", path, required=False)
            if requirement == "conditional" and condition is None:
                self.error(item, None, path, 'a conditional document needs a "condition"')
            kind = self.text(item, "kind", path, required=False) or "document"
            if kind not in DOCUMENT_KINDS:
                self.error(item, "kind", f"{path}.kind",
                           f'"{kind}" is not one of {", ".join(sorted(DOCUMENT_KINDS))}')
            name = self.localized(item, "name", path)
            slip = self.localized(item, "slip_name", path)
            source = self.source(item, path)
            if not (ident and name and slip and source):
                continue
            found.append(DocumentItem(
                id=ident, name=name, slip_name=slip, requirement=requirement,
                presentation=presentation, source=source, condition=condition,
                waivable=self.flag(item, "waivable", path),
                expires=self.flag(item, "expires", path),
                channels=self.channels_of(item, "channels", path, channels),
                from_sheet=self.text(item, "from_sheet", path, required=False), kind=kind,
                when=self.document_when(item, path)))
        self.unique([(d.id, raw_list, i) for i, d in enumerate(found) if not d.channels],
                    "documents", "document")
        return tuple(found)

    def document_when(self, item: Mapping[str, Any], path: str
                      ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``when: {details: {name: [value, ...]}}``: the applications whose details hold
        one of the values get the document on their checklist (§12's list per kind of aid)."""
        raw = item.get("when")
        if raw is None:
            return ()
        where = f"{path}.when"
        spec = self.mapping(raw, where, ("details",), item, "when")
        details = spec.get("details") if spec is not None else None
        if not isinstance(details, Mapping) or not details or not all(
                isinstance(k, str) and isinstance(v, list) and v
                and all(isinstance(x, str) for x in v) for k, v in details.items()):
            self.error(spec if spec is not None else item, "details" if spec else "when",
                       f"{where}.details", "expected names of the application's details, "
                       "each with a list of its values")
            return ()
        return tuple((key, tuple(values)) for key, values in details.items())

    def wizard(self, node: Mapping[str, Any]) -> tuple[WizardStep, ...]:
        found = []
        raw_list = node.get("wizard")
        for i, raw in enumerate(self.items(node, "wizard", "")):
            path = f"wizard[{i}]"
            item = self.mapping(raw, path, ("step", "title", "pages"), raw_list, i)
            if item is None:
                continue
            ident = self.text(item, "step", path)
            pages = []
            for j, ref in enumerate(self.names(item, "pages", path)):
                form, _sep, page = ref.partition(".")
                if not form or not page:
                    self.error(item.get("pages"), j, f"{path}.pages[{j}]",
                               f'"{ref}" is not a page like "application.consents"')
                    continue
                pages.append((form, page))
            if ident:
                found.append(WizardStep(ident, tuple(pages),
                                        self.localized(item, "title", path, required=False)))
        self.unique([(w.id, raw_list, i) for i, w in enumerate(found)], "wizard", "step")
        return tuple(found)

    def coupon(self, node: Mapping[str, Any]) -> Coupon | None:
        raw = node.get("coupon")
        if raw is None:
            return None
        item = self.mapping(raw, "coupon", ("kk", "ru", "fill", "source", "sheet", "block",
                                            "note"), node, "coupon")
        if item is None:
            return None
        if "sheet" in item or "block" in item:
            return Coupon(None, None, sheet=self.text(item, "sheet", "coupon"),
                          block=self.text(item, "block", "coupon"))
        text = self.languages(item, "coupon", node, "coupon",
                              extra=("fill", "source", "note"))
        return Coupon(text, self.source(item, "coupon"),
                      fill=self.localized(item, "fill", "coupon", required=False))

    def term(self, raw: Any, path: str, parent: Any, key: str, step: str) -> StepTerm | None:
        item = self.mapping(raw, path, ("working_days", "hours", "minutes", "from_acceptance"),
                            parent, key)
        if item is None:
            return None
        days = self.whole(item, "working_days", path) or 0
        hours = self.whole(item, "hours", path) or 0
        minutes = self.whole(item, "minutes", path) or 0
        if not (days or hours or minutes):
            self.error(parent, key, path, "a term needs working_days, hours or minutes")
        return StepTerm(step, days, hours * 60 + minutes,
                        self.flag(item, "from_acceptance", path))

    def steps(self, node: Mapping[str, Any], channels: tuple[Channel, ...],
              from_schedule: bool) -> tuple[StepSpec, ...]:
        found = []
        raw_list = node.get("steps")
        for i, raw in enumerate(self.items(node, "steps", "")):
            path = f"steps[{i}]"
            item = self.mapping(raw, path, ("id", "actor", "awaited_in", "terms", "source",
                                            "note"), raw_list, i)
            if item is None:
                continue
            ident = self.text(item, "id", path)
            if ident and ident not in STEP_NAMES:
                self.error(item, "id", f"{path}.id", f'"{ident}" is not a step of '
                           "desktop.domain.deadlines.STEP_NAMES")
            actor = self.text(item, "actor", path)
            if actor and actor not in ACTORS:
                self.error(item, "actor", f"{path}.actor",
                           f'unknown actor "{actor}" (known: {", ".join(sorted(ACTORS))})')
            awaited = self.awaited(item, path, channels)
            terms: dict[Channel, StepTerm] = {}
            raw_terms = item.get("terms")
            if raw_terms is not None and from_schedule:
                self.error(item, "terms", f"{path}.terms", "the terms of this service are the "
                           "rule set's schedule (terms: schedule): a step declares none")
            elif raw_terms is not None:
                table = self.mapping(raw_terms, f"{path}.terms", [c.value for c in Channel],
                                     item, "terms")
                for name, value in (table or {}).items():
                    channel = self.channel(name, table, name, f"{path}.terms")
                    if channel is None or name not in [c.value for c in Channel]:
                        continue
                    if channel not in channels:
                        self.error(table, name, f"{path}.terms.{name}",
                                   f'the service has no channel "{name}"')
                    term = self.term(value, f"{path}.terms.{name}", table, name, ident)
                    if term is not None:
                        terms[channel] = term
            elif not from_schedule:
                self.error(item, None, path, 'missing "terms" (per channel)')
            if ident and actor:
                found.append(StepSpec(ident, actor, awaited, terms,
                                      self.source(item, path, required=not from_schedule)))
        # a step may come again later for another channel (the akim's documents reach the
        # office after the commission, the ЦОН's before the visa): once per channel
        self.unique([(f"{s.id} on {channel.value}", raw_list, i) for i, s in enumerate(found)
                     for channel in (set(s.terms) | set(s.awaited_in))], "steps", "step")
        return tuple(found)

    def awaited(self, item: Mapping[str, Any], path: str, channels: tuple[Channel, ...]
                ) -> dict[Channel, tuple[CaseStatus, ...]]:
        raw = item.get("awaited_in", [])
        where = f"{path}.awaited_in"

        def statuses(values: Any, parent: Any, key: str | int) -> tuple[CaseStatus, ...]:
            if not isinstance(values, list):
                self.error(parent, key, where, "expected a list of statuses")
                return ()
            found = []
            for j, value in enumerate(values):
                status = self.enum(CaseStatus, str(value), values, j, f"{where}[{j}]", "status")
                if status is not None:
                    found.append(status)
            return tuple(found)

        if isinstance(raw, Mapping):
            result: dict[Channel, tuple[CaseStatus, ...]] = {}
            for name, values in raw.items():
                channel = self.channel(name, raw, name, where)
                if channel is None:
                    continue
                if channel not in channels:
                    self.error(raw, name, f"{where}.{name}", f'the service has no channel "{name}"')
                result[channel] = statuses(values, raw, name)
            return result
        every = statuses(raw, item, "awaited_in")
        return {channel: every for channel in channels} if every else {}

    def transitions(self, node: Mapping[str, Any], channels: tuple[Channel, ...]
                    ) -> tuple[Step, ...] | PathRef | None:
        raw = node.get("path")
        if raw is None:
            return None
        if isinstance(raw, Mapping):
            item = self.mapping(raw, "path", ("extends", "without"), node, "path")
            if item is None:
                return None
            without = []
            for j, name in enumerate(self.names(item, "without", "path")):
                action = self.enum(Action, name, item.get("without"), j, f"path.without[{j}]",
                                   "action")
                if action is not None:
                    without.append(action)
            return PathRef(self.text(item, "extends", "path"), frozenset(without),
                           line_of(node, "path"))
        if not isinstance(raw, list):
            self.error(node, "path", "path", "expected a list of transitions or "
                       "{extends: <service>, without: [actions]}")
            return None
        found = []
        for i, entry in enumerate(raw):
            path = f"path[{i}]"
            item = self.mapping(entry, path, ("action", "from", "to", "roles", "side",
                                              "channels", "executor_only", "after_assignment"),
                                raw, i)
            if item is None:
                continue
            action = self.enum(Action, self.text(item, "action", path), item, "action",
                               f"{path}.action", "action")
            sources = []
            for j, name in enumerate(self.names(item, "from", path)):
                status = self.enum(CaseStatus, name, item.get("from"), j, f"{path}.from[{j}]",
                                   "status")
                if status is not None:
                    sources.append(status)
            if not sources:
                self.error(item, None, path, 'missing "from" (the statuses it starts from)')
            target = None
            if item.get("to") is not None:
                target = self.enum(CaseStatus, self.text(item, "to", path), item, "to",
                                   f"{path}.to", "status")
            roles = []
            for j, name in enumerate(self.names(item, "roles", path)):
                role = self.enum(Role, name, item.get("roles"), j, f"{path}.roles[{j}]", "role")
                if role is not None:
                    roles.append(role)
            if not roles:
                self.error(item, None, path, 'missing "roles"')
            side = self.enum(Side, self.text(item, "side", path), item, "side", f"{path}.side",
                             "side")
            allowed = self.channels_of(item, "channels", path, channels) or channels
            if action is None or side is None or not sources or not roles:
                continue
            found.append(Step(action, frozenset(sources), target, frozenset(roles), side,
                              frozenset(allowed), self.flag(item, "executor_only", path),
                              self.flag(item, "after_assignment", path)))
        return tuple(found)

    def labels(self, node: Mapping[str, Any], key: str, kind: type[Any]) -> dict[Any, Any]:
        raw = node.get(key)
        if raw is None:
            return {}
        if not isinstance(raw, Mapping):
            self.error(node, key, key, "expected a mapping of names to {kk, ru}")
            return {}
        found = {}
        for name, value in raw.items():
            member = self.enum(kind, str(name), raw, name, f"{key}.{name}", key.rstrip("s"))
            text = self.languages(value, f"{key}.{name}", raw, name)
            if member is not None and text is not None:
                found[member] = text
        return found

    def results(self, node: Mapping[str, Any]) -> tuple[ResultDocument, ...]:
        found = []
        raw_list = node.get("results")
        for i, raw in enumerate(self.items(node, "results", "")):
            path = f"results[{i}]"
            item = self.mapping(raw, path, ("id", "kind", "title", "text", "print", "when",
                                            "validity", "printout", "source", "note"),
                                raw_list, i)
            if item is None:
                continue
            ident = self.text(item, "id", path)
            kind = self.enum(ResultKind, self.text(item, "kind", path), item, "kind",
                             f"{path}.kind", "result kind")
            title = self.localized(item, "title", path)
            validity = None
            if item.get("validity") is not None:
                spec = self.mapping(item["validity"], f"{path}.validity", ("working_days",),
                                    item, "validity")
                validity = self.whole(spec, "working_days", f"{path}.validity",
                                      required=True) if spec is not None else None
            form = self.result_form(item, path, validity)
            outcome, details = self.when(item, path)
            source = self.source(item, path)
            if ident and kind and title and source:
                found.append(ResultDocument(
                    ident, kind, title, source,
                    text=self.localized(item, "text", path, required=False),
                    form=form, validity_working_days=validity,
                    printout=self.text(item, "printout", path, required=False),
                    outcome=outcome, details=details, line=line_of(raw_list, i)))
        self.unique([(r.id, raw_list, i) for i, r in enumerate(found)], "results",
                    "result document")
        return tuple(found)

    def when(self, item: Mapping[str, Any], path: str) -> tuple[str, dict[str, str]]:
        """``when: {outcome: assigned|refused, details: {name: value}}``: the cases that get
        this result (none: every case of the service)."""
        raw = item.get("when")
        where = f"{path}.when"
        if raw is None:
            return "", {}
        spec = self.mapping(raw, where, ("outcome", "details"), item, "when")
        if spec is None:
            return "", {}
        outcome = self.text(spec, "outcome", where, required=False)
        if outcome and outcome not in OUTCOMES:
            self.error(spec, "outcome", f"{where}.outcome",
                       f'"{outcome}" is not one of {", ".join(OUTCOMES)}')
            outcome = ""
        details: dict[str, str] = {}
        raw_details = spec.get("details")
        if raw_details is not None:
            if not isinstance(raw_details, Mapping) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in raw_details.items()):
                self.error(spec, "details", f"{where}.details",
                           "expected names of the application's details and their values")
            else:
                details = dict(raw_details)
        return outcome, details

    def result_form(self, item: Mapping[str, Any], path: str,
                    validity: int | None) -> ResultForm | None:
        """``print: {heading, lines: [{kk, ru, caption}], blanks: {blank: source}, addressee}``:
        every blank used is declared with a known source, every one declared is used, in
        both languages; a blank line (with a caption) holds exactly one blank."""
        raw = item.get("print")
        where = f"{path}.print"
        if raw is None:
            return None
        spec = self.mapping(raw, where, ("heading", "lines", "blanks", "addressee", "note"),
                            item, "print")
        if spec is None:
            return None
        heading = self.localized(spec, "heading", where)
        blanks: dict[str, str] = {}
        raw_blanks = spec.get("blanks", {})
        if not isinstance(raw_blanks, Mapping):
            self.error(spec, "blanks", f"{where}.blanks", "expected {blank: source}")
            raw_blanks = {}
        for name, source in raw_blanks.items():
            key = f"{where}.blanks.{name}"
            if not isinstance(name, str) or not name.isidentifier():
                self.error(raw_blanks, name, key, f"{name!r} is not a blank name like "
                           "applicant_name")
            elif not isinstance(source, str) or source not in BLANK_SOURCES:
                self.error(raw_blanks, name, key, f"unknown source {source!r} (known: "
                           f"{', '.join(BLANK_SOURCES)})")
            elif source == "validity.end" and validity is None:
                self.error(raw_blanks, name, key, 'validity.end needs the result\'s '
                           '"validity: {working_days: n}"')
            else:
                blanks[name] = source
        lines: list[ResultLine] = []
        used: dict[str, set[str]] = {"kk": set(), "ru": set()}
        raw_lines = spec.get("lines")
        for j, raw_line in enumerate(self.items(spec, "lines", where, required=True)):
            at = f"{where}.lines[{j}]"
            line = self.mapping(raw_line, at, ("kk", "ru", "caption"), raw_lines, j)
            if line is None:
                continue
            text = self.languages(line, at, raw_lines, j, extra=("caption",))
            caption = self.localized(line, "caption", at, required=False)
            if text is None:
                continue
            for lang, value in text.items():
                try:
                    names = placeholders(value)
                except ValueError as error:
                    self.error(line, lang, f"{at}.{lang}", str(error))
                    continue
                used[lang].update(names)
                for name in names:
                    if name not in blanks and name not in raw_blanks:
                        self.error(line, lang, f"{at}.{lang}", f"{{{name}}} is not declared "
                                   "under blanks (where it is filled from)")
                if caption is not None and len(names) != 1:
                    self.error(line, lang, f"{at}.{lang}", "a line with a caption is a blank "
                               f"line: it holds exactly one blank, not {len(names)}")
            lines.append(ResultLine(text, caption))
        if used["kk"] != used["ru"]:
            self.error(spec, "lines", f"{where}.lines", "the Kazakh and Russian lines fill "
                       f"different blanks: kk {sorted(used['kk'])}, ru {sorted(used['ru'])}")
        for name in raw_blanks:
            if name not in used["kk"] | used["ru"]:
                self.error(raw_blanks, name, f"{where}.blanks.{name}",
                           "is declared but no line holds it")
        if heading is None:
            return None
        return ResultForm(heading, tuple(lines), blanks,
                          self.flag(spec, "addressee", where))

    def refusals(self, node: Mapping[str, Any]) -> tuple[tuple[RefusalGroundSpec, ...],
                                                         tuple[RefusalGroundSpec, ...]]:
        raw = node.get("refusals")
        if raw is None:
            return (), ()
        item = self.mapping(raw, "refusals", ("acceptance", "service", "note"), node,
                            "refusals")
        if item is None:
            return (), ()
        groups = []
        for group in ("acceptance", "service"):
            found = []
            raw_list = item.get(group)
            for i, entry in enumerate(self.items(item, group, "refusals")):
                path = f"refusals.{group}[{i}]"
                ground = self.mapping(entry, path, ("id", "kk", "ru", "source", "note"),
                                      raw_list, i)
                if ground is None:
                    continue
                ident = self.text(ground, "id", path)
                text = self.languages(ground, path, raw_list, i, extra=("id", "source", "note"))
                if ident and text:
                    found.append(RefusalGroundSpec(ident, text,
                                                   self.source(ground, path, required=False)))
            self.unique([(g.id, raw_list, i) for i, g in enumerate(found)],
                        f"refusals.{group}", "ground")
            groups.append(tuple(found))
        return groups[0], groups[1]

    def titled(self, node: Mapping[str, Any], key: str, cls: Any) -> tuple[Any, ...]:
        found = []
        raw_list = node.get(key)
        for i, raw in enumerate(self.items(node, key, "")):
            path = f"{key}[{i}]"
            allowed = ("id", "title", "order") if cls is QueueSpec else ("id", "title")
            item = self.mapping(raw, path, allowed, raw_list, i)
            if item is None:
                continue
            ident = self.text(item, "id", path)
            title = self.localized(item, "title", path)
            if ident and title:
                extra = {"order": self.text(item, "order", path, required=False)
                         or "registration"} if cls is QueueSpec else {}
                found.append(cls(ident, title, **extra))
        self.unique([(q.id, raw_list, i) for i, q in enumerate(found)], key, "id")
        return tuple(found)

    def days_per_channel(self, node: Mapping[str, Any], key: str,
                         channels: tuple[Channel, ...]) -> dict[Channel, int]:
        raw = node.get(key)
        if raw is None:
            return {}
        table = self.mapping(raw, key, [c.value for c in Channel], node, key)
        found = {}
        for name in table or {}:
            channel = self.channel(name, table, name, key)
            days = self.whole(table, name, key, required=True) if table is not None else None
            if channel is not None and days is not None:
                if channel not in channels:
                    self.error(table, name, f"{key}.{name}", f'the service has no channel "{name}"')
                found[channel] = days
        return found

    # --- the whole service ---------------------------------------------------------------

    def service(self, raw: Any, folder: Path) -> tuple[Service, Any] | None:
        node = self.mapping(raw, "", TOP_KEYS)
        if node is None:
            return None
        if node.get("schema") != SCHEMA_VERSION:
            self.error(node, "schema", "schema",
                       f"expected {SCHEMA_VERSION}, got {node.get('schema')!r}")
        code = self.text(node, "code", "")
        if code and not CODE_RE.match(code):
            self.error(node, "code", "code", f"{code!r} is not a snake_case code")
        if code and code != folder.name:
            self.error(node, "code", "code", f'"{code}" does not match the folder "{folder.name}"')
        status = self.enum(ServiceStatus, self.text(node, "status", ""), node, "status",
                           "status", "service status")
        level = self.enum(Level, self.text(node, "level", ""), node, "level", "level", "level")
        order = self.whole(node, "order", "", required=True)
        title = self.localized(node, "title", "")
        short = self.localized(node, "short_title", "")
        marker = self.text(node, "marker", "", required=False)
        if marker and not MARKER_RE.match(marker):
            self.error(node, "marker", "marker",
                       f"{marker!r} is not two or three capital Latin letters")
        regulations = self.regulations(node)
        in_force = self.span(node, "in_force", "")
        channels = self.channel_specs(node)
        channel_ids = tuple(c.channel for c in channels)
        terms = node.get("terms")
        if terms is not None and terms != "schedule":
            self.error(node, "terms", "terms", 'the only value is "schedule" (the rule set\'s)')
        from_schedule = terms == "schedule"
        steps = self.steps(node, channel_ids, from_schedule)
        path = self.transitions(node, channel_ids)
        acceptance, refused = self.refusals(node)
        rules = self.text(node, "rules", "", required=False)
        if rules and importlib.util.find_spec(f"desktop.domain.{rules}") is None:
            self.error(node, "rules", "rules", f'no rule module "desktop.domain.{rules}"')
        provided = status is ServiceStatus.PROVIDED
        where: Quote | LocalizedText | None = None
        if node.get("where") is not None:
            raw_where = node["where"]
            where = self.quote(node, "where", "") if isinstance(raw_where, Mapping) \
                and "source" in raw_where else self.localized(node, "where", "")
        sheets = self.names(node, "sheets", "")
        handled_by = self.text(node, "handled_by", "", required=False)
        if handled_by and handled_by not in HANDLERS:
            self.error(node, "handled_by", "handled_by",
                       f'"{handled_by}" is not one of {", ".join(sorted(HANDLERS))}')
        if provided and not handled_by:
            for key in ("channels", "sheets", "wizard", "steps", "path", "results"):
                if not node.get(key):
                    self.error(node, None, "", f'a provided service needs "{key}"')
            if not marker and code != ASP:
                self.error(node, None, "", 'a provided service needs a "marker" (the index of '
                           "its registration journal in the numbers)")
        elif status is ServiceStatus.NOT_PROVIDED and where is None:
            self.error(node, None, "", 'a service not provided here needs "where" (where the '
                       "applicant goes instead)")
        own = tuple(name for name in sheets if (folder / f"{name}.yaml").is_file())
        if not (code and status and level and order is not None and title and short
                and in_force):
            return None
        service = Service(
            code=code, status=status, level=level, order=order, title=title,
            short_title=short, regulations=regulations, in_force=in_force, folder=folder,
            source_file=self.name, marker=marker,
            end=self.languages(node["end"], "end", node, "end", extra=("note",))
            if node.get("end") is not None else None,
            end_note=str(node["end"].get("note", "")) if isinstance(node.get("end"), Mapping)
            else "",
            provider=self.quote(node, "provider", "", required=False),
            applicants=self.quote(node, "applicants", "", required=False),
            channels=channels, documents=self.documents(node, channel_ids),
            documents_from=self.text(node, "documents_from", "", required=False),
            sheets=sheets, own_sheets=own, wizard=self.wizard(node), coupon=self.coupon(node),
            steps=steps, terms_from_schedule=from_schedule,
            totals=self.days_per_channel(node, "totals", channel_ids),
            extensions=self.days_per_channel(node, "extensions", channel_ids),
            extension_months=self.days_per_channel(node, "extension_months", channel_ids),
            path=CasePath(path) if isinstance(path, tuple) else None,
            status_labels=self.labels(node, "statuses", CaseStatus),
            action_labels=self.labels(node, "actions", Action),
            event_labels=self.labels(node, "events", Action),
            results=self.results(node), acceptance_refusals=acceptance,
            service_refusals=refused, rules=rules,
            parameters=self.names(node, "parameters", ""), where=where,
            queues=self.titled(node, "queues", QueueSpec), handled_by=handled_by,
            programme_items=self.titled(node, "programme_items", ProgrammeItem))
        return service, path


def read_service(path: Path, root: Path) -> tuple[Service | None, PathRef | None, list[str]]:
    """One service file: the service (None if too broken), a path still to resolve, problems."""
    name = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, None, [f"{name}: cannot read: {error.strerror or error}"]
    except UnicodeDecodeError as error:
        return None, None, [f"{name}: not UTF-8 text: {error}"]
    try:
        raw = read_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        problem = getattr(error, "problem", None) or str(error)
        return None, None, [f"{where}: not valid YAML: {problem}"]
    reader = _Reader(name)
    read = reader.service(raw, path.parent)
    if read is None:
        return None, None, reader.problems or [f"{name}: empty service"]
    service, declared = read
    if service.path is not None:
        reader.problems.extend(_path_problems(service, name, line_of(raw, "path")))
        reader.problems.extend(_awaited_problems(service, name, raw))
    return service, declared if isinstance(declared, PathRef) else None, reader.problems


def resolve_paths(services: dict[str, Service], refs: Mapping[str, PathRef]) -> list[str]:
    """Give each service declared as ``path: {extends: ...}`` its path; the problems."""
    problems = []
    for code, ref in refs.items():
        service = services[code]
        base = services.get(ref.extends)
        if base is None or base.path is None:
            problems.append(f"{service.source_file}:{ref.line}: path.extends: no service "
                            f'"{ref.extends}" with a path of its own')
            continue
        steps = tuple(dataclasses.replace(step, channels=step.channels
                                          & frozenset(service.channel_ids))
                      for step in base.path.steps if step.action not in ref.without)
        services[code] = dataclasses.replace(
            service, path=CasePath(tuple(s for s in steps if s.channels)))
        problems.extend(_path_problems(services[code], service.source_file, ref.line))
    return problems


def result_problems(service: Service) -> list[str]:
    """A service's result documents against its path (resolved): a service taking
    applications prints each result (a ``print`` form, or АСП's own ``printout``); a blank
    of the head's decision, or a result for one outcome, needs a decision on the path; a
    blank of the rehabilitation programme needs the service's programme items; and every
    outcome the path can decide has its result."""
    if not service.takes_applications or service.path is None:
        return []
    name = service.source_file
    actions = set(service.path.actions())
    decides = {"assigned": Action.ASSIGN in actions, "refused": Action.REFUSE in actions}
    problems = []
    for result in service.results:
        where = f"{name}:{result.line}: results.{result.id}"
        if result.form is None and not result.printout and result.kind in ISSUED_HERE:
            problems.append(f'{where}: a {result.kind.value} of a service taking applications '
                            'is printed here: it needs "print" (its form with the blanks and '
                            "their sources)")
        programme = result.form.sources() & PROGRAMME_SOURCES if result.form else set()
        if programme and not service.programme_items:
            problems.append(f"{where}: {', '.join(sorted(programme))} needs the service's "
                            "programme_items (the items of a rehabilitation programme it "
                            "provides)")
        needs = result.form.sources() & DECISION_SOURCES if result.form else set()
        if (needs or result.outcome) and not any(decides.values()):
            problems.append(f"{where}: {', '.join(sorted(needs)) or 'when.outcome'} needs a "
                            "decision of the head, and the path has none (assign, refuse)")
        elif result.outcome and not decides[result.outcome]:
            problems.append(f"{where}: when.outcome: the path never decides "
                            f'"{result.outcome}"')
    for outcome, decided in decides.items():
        if decided and not any(r.outcome in ("", outcome) for r in service.results):
            problems.append(f"{name}: results: no result document for a case "
                            f"{outcome} (add one with when: {{outcome: {outcome}}})")
    return problems


def _path_problems(service: Service, name: str, line: int) -> list[str]:
    """Every channel's path must lead from registration to a closed status."""
    assert service.path is not None
    problems = []
    for channel in service.channel_ids:
        edges: dict[CaseStatus, set[CaseStatus]] = {}
        for step in service.path.steps:
            if channel in step.channels and step.target is not None:
                for source in step.sources:
                    edges.setdefault(source, set()).add(step.target)
        seen = {CaseStatus.REGISTERED}
        queue = deque([CaseStatus.REGISTERED])
        while queue:
            for target in edges.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        if not seen & (CLOSED_STATUSES - {CaseStatus.REFUSED_INTAKE}):
            problems.append(f"{name}:{line}: path: on the channel {channel.value} no step "
                            "leads from registered to a closed status (delivered, withdrawn)")
    return problems


def _awaited_problems(service: Service, name: str, raw: Any) -> list[str]:
    """A step awaited in a status must be awaited where the path can stand on that channel."""
    assert service.path is not None
    problems = []
    raw_steps = raw.get("steps") if isinstance(raw, Mapping) else None
    for i, step in enumerate(service.steps):
        for channel, statuses in step.awaited_in.items():
            for status in statuses:
                sources = any(channel in s.channels and status in s.sources
                              for s in service.path.steps)
                if not sources:
                    line = line_of(raw_steps, i) if raw_steps is not None else 0
                    problems.append(f"{name}:{line}: steps[{i}].awaited_in: no step of the "
                                    f"path leaves {status.value} on the channel "
                                    f"{channel.value}")
    return problems


def _unwrap(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return hint


def binds_to_application(binding: str) -> bool:
    """Whether a dotted binding resolves to a field (or property) of the domain Application."""
    current: Any = domain_model.Application
    for part in binding.split("."):
        many = part.endswith("[]")
        name = part.removesuffix("[]")
        current = _unwrap(current)
        if not (isinstance(current, type) and dataclasses.is_dataclass(current)):
            return False
        hints = typing.get_type_hints(current, vars(domain_model))
        if name in hints:
            current = hints[name]
        else:
            prop = getattr(current, name, None)
            if not isinstance(prop, property) or prop.fget is None:
                return False
            current = typing.get_type_hints(prop.fget, vars(domain_model)).get("return")
        if many:
            current = _unwrap(current)
            if typing.get_origin(current) is not tuple:
                return False
            current = typing.get_args(current)[0]
    return True


def check_sheets(service: Service, shared: Mapping[str, FormSpec]
                 ) -> tuple[dict[str, FormSpec], list[str]]:
    """The service's sheets by form id (its own and the shared ones) and their problems:
    every sheet found, wizard pages and the coupon's block on them, field ids unique in the
    service's wizard, own fields bound to the Application or to its ``details``."""
    name = service.source_file
    problems: list[str] = []
    forms: dict[str, FormSpec] = {}
    for sheet in service.sheets:
        own = service.folder / f"{sheet}.yaml"
        if own.is_file():
            if sheet in shared:
                problems.append(f'{name}: sheets: "{sheet}" is both a shared sheet and the '
                                "service's own: name the own sheet differently")
            try:
                forms[sheet] = load_form(own)
            except FormSpecError as error:
                folder = f"services/{service.code}/"
                problems.extend(folder + problem for problem in error.problems)
        elif sheet in shared:
            forms[sheet] = shared[sheet]
        else:
            problems.append(f'{name}: sheets: no sheet "{sheet}" (neither {sheet}.yaml beside '
                            "service.yaml nor a shared forms/" + f"{sheet}.yaml)")
    owner: dict[str, str] = {}
    for form_id, form in forms.items():
        for field in form.fields():
            other = owner.setdefault(field.id, form_id)
            if other != form_id:
                problems.append(f'{name}: sheets: field id "{field.id}" is in both {other} and '
                                f"{form_id} (one wizard shows them together)")
            if form_id in service.own_sheets and field.binding \
                    and not field.binding.startswith(DETAILS) \
                    and not binds_to_application(field.binding):
                problems.append(f"services/{service.code}/{form_id}.yaml: field {field.id}: "
                                f'binding "{field.binding}" is neither a path of the '
                                "Application nor details.<name>")
    for step in service.wizard:
        for form_id, page in step.pages:
            found = forms.get(form_id)
            if found is None:
                problems.append(f'{name}: wizard.{step.id}: page "{form_id}.{page}" is on no '
                                "sheet of the service")
            elif page not in {p.id for p in found.pages}:
                problems.append(f'{name}: wizard.{step.id}: sheet {form_id} has no page '
                                f'"{page}"')
    coupon = service.coupon
    if coupon is not None and coupon.sheet:
        sheet_of = forms.get(coupon.sheet)
        if sheet_of is None or coupon.block not in {b.id for b in sheet_of.blocks}:
            problems.append(f'{name}: coupon: no block "{coupon.block}" on sheet '
                            f'"{coupon.sheet}"')
    if service.documents_from and service.documents_from not in forms:
        problems.append(f'{name}: documents_from: "{service.documents_from}" is not a sheet '
                        "of the service")
    for document in service.documents:
        if document.from_sheet and document.from_sheet not in forms:
            problems.append(f'{name}: documents: {document.id}.from_sheet '
                            f'"{document.from_sheet}" is not a sheet of the service')
    problems.extend(_result_detail_problems(service, forms))
    problems.extend(_document_detail_problems(service, forms))
    return forms, problems


def _document_detail_problems(service: Service, forms: Mapping[str, FormSpec]) -> list[str]:
    """A document listed for some values of the application's details (``when``) needs a
    choice field bound to that detail, and each value must be one of its choices."""
    problems = []
    for i, document in enumerate(service.documents):
        for key, values in document.when:
            field = next((f for form in forms.values() for f in form.fields()
                          if f.binding == DETAILS + key and f.type is FieldType.CHOICE), None)
            where = f"{service.source_file}: documents[{i}].when.details.{key}"
            if field is None:
                problems.append(f"{where}: no choice field of the service's sheets is bound "
                                f"to details.{key}")
                continue
            choices = [c.id for c in field.choices]
            problems.extend(f'{where}: "{value}" is not a choice of the field {field.id} '
                            f"({', '.join(choices)})" for value in values
                            if value not in choices)
    return problems


def _result_detail_problems(service: Service, forms: Mapping[str, FormSpec]) -> list[str]:
    """A result for a value of the application's details (a referral of one kind), or a
    blank filled from them, needs a choice field bound to that detail; then every choice of
    it has its result."""
    name = service.source_file
    keys = {key for r in service.results for key in r.details}
    keys |= {DETAIL_SOURCES[source] for r in service.results if r.form is not None
             for source in r.form.sources() if source in DETAIL_SOURCES}
    problems = []
    for key in sorted(keys):
        field = next((f for form in forms.values() for f in form.fields()
                      if f.binding == DETAILS + key and f.type is FieldType.CHOICE), None)
        if field is None:
            problems.append(f"{name}: results: no choice field of the service's sheets is "
                            f"bound to details.{key}")
            continue
        choices = [c.id for c in field.choices]
        for result in service.results:
            value = result.details.get(key)
            if value is not None and value not in choices:
                problems.append(f"{name}:{result.line}: results.{result.id}: when.details."
                                f'{key}: "{value}" is not a choice of the field {field.id} '
                                f"({', '.join(choices)})")
        if any(key in r.details for r in service.results):
            for choice in choices:
                if service.result_for(None, {key: choice}) is None and not any(
                        r.applies(o, {key: choice}) for r in service.results
                        for o in OUTCOMES):
                    problems.append(f"{name}: results: no result document for details.{key} "
                                    f'"{choice}"')
    return problems
