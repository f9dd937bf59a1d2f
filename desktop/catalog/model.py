"""A state service as data: what ``forms/services/<code>/service.yaml`` declares, checked.

Nothing here imports Qt or SQLAlchemy. The wizard reads a service's sheets and steps, the
journal its code and title, registration its number marker, the case path its transitions,
steps and terms, printing its coupon, result documents and refusal grounds; the rules, when
the service computes something, are the module of ``desktop/domain`` it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from desktop.domain.case_path import Action, CasePath
from desktop.domain.case_status import CaseStatus
from desktop.domain.deadlines import ChannelSchedule, DeadlineSchedule, StepTerm
from desktop.domain.model import Channel
from desktop.formspec.model import LocalizedText, SourceRef
from desktop.formspec.result_form import ResultForm

__all__ = [
    "ASP",
    "ChannelSpec",
    "Coupon",
    "DocumentItem",
    "Level",
    "ProgrammeItem",
    "QueueSpec",
    "Quote",
    "RefusalGroundSpec",
    "Regulation",
    "ResultDocument",
    "ResultKind",
    "Service",
    "ServiceStatus",
    "Span",
    "StepSpec",
    "WizardStep",
]

ASP = "asp"  # the code of АСП's entry: the service every application had before the catalogue


class ServiceStatus(StrEnum):
    PROVIDED = "provided"  # taken at the district's desks
    NOT_PROVIDED = "not_provided"  # listed so the specialist can say where to go instead


class Level(StrEnum):
    """Who provides the service (services.md, summary table)."""

    DISTRICT = "district"  # the district department (and akims on its behalf)
    OBLAST = "oblast"  # the oblast's department (Управление)
    MINISTRY = "ministry"  # territorial bodies of the Ministry, through the State Corporation


class ResultKind(StrEnum):
    NOTIFICATION = "notification"  # уведомление / хабарлама (of assignment or refusal)
    REASONED_REFUSAL = "reasoned_refusal"  # мотивированный ответ об отказе
    CERTIFICATE = "certificate"  # справка / анықтама
    REFERRAL = "referral"  # направление / жолдама
    DECISION = "decision"  # решение / шешім (a commission's)
    CARD = "card"  # удостоверение / куәлік
    PERMIT = "permit"  # разрешение / рұқсат
    PAYMENT = "payment"  # a payment made by another body (ГЦВП)


@dataclass(frozen=True, slots=True)
class Span:
    """The days a text is in force, both inclusive; ``end`` None: still in force."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Quote:
    """A text in both languages, quoted from a seed at the lines ``source`` names."""

    text: LocalizedText
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Regulation:
    """One legal text that regulates the service, with the span it was in force."""

    id: str
    act: LocalizedText  # the act that approved it, as its heading reads
    source: SourceRef
    in_force: Span
    note: str = ""


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    """Where the applicant may apply, and on what condition (the akim: if no office nearby)."""

    channel: Channel
    text: Quote | None = None  # the regulation's own words for it
    condition: LocalizedText | None = None


@dataclass(frozen=True, slots=True)
class DocumentItem:
    """One document of the regulation's list, with its conditions and channels."""

    id: str  # a ``desktop.domain.model.DocumentKind`` value
    name: LocalizedText  # as the regulation names it
    slip_name: LocalizedText  # as the refusal slip prints it under "missing documents"
    requirement: str  # "required" | "conditional"
    presentation: str  # "original" | "copy" | "original_and_copy" | "form" | "report"
    source: SourceRef
    condition: LocalizedText | None = None
    waivable: bool = False  # not needed if state information systems confirm it
    expires: bool = False  # has a validity period to check at intake
    channels: tuple[Channel, ...] = ()  # empty: every channel of the service
    from_sheet: str = ""  # produced by the wizard from this sheet
    kind: str = "document"  # document | rehabilitation_programme | medical_report | ...
    # listed only when the application's details hold one of these values (the kind of aid
    # of §12: {"aid": ("hearing_aids", "hygiene_aids")}); empty: on every application
    when: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class WizardStep:
    """One step of the service's wizard: the pages (form id, page id) it shows, in order."""

    id: str
    pages: tuple[tuple[str, str], ...]
    title: LocalizedText | None = None  # None: the step's common title (application, ...)


@dataclass(frozen=True, slots=True)
class Coupon:
    """The tear-off coupon (талон) handed over at registration, quoted; or a sheet's block."""

    text: LocalizedText | None
    source: SourceRef | None
    fill: LocalizedText | None = None  # the text with {placeholders} for a filled-in print
    sheet: str = ""  # the coupon is this sheet's ``block``
    block: str = ""


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One step of the regulation: who takes it, in which statuses it is awaited, its terms.

    ``id`` is a step of ``desktop.domain.deadlines.STEP_NAMES``; ``terms`` per channel in
    working days and minutes (hours are 60 minutes); a channel without a term does not have
    the step."""

    id: str
    actor: str
    awaited_in: Mapping[Channel, tuple[CaseStatus, ...]]
    terms: Mapping[Channel, StepTerm] = field(default_factory=dict)
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class ResultDocument:
    """A result document of the service (a notification, a certificate, a referral ...)."""

    id: str
    kind: ResultKind
    title: LocalizedText
    source: SourceRef
    text: LocalizedText | None = None  # the document's body as the seed's form prints it
    form: ResultForm | None = None  # the printed form: its lines with {blanks}, their sources
    validity_working_days: int | None = None  # a certificate valid 10 working days
    printout: str = ""  # an existing printing module that renders it (АСП's notification)
    outcome: str = ""  # issued after this decision only ("assigned", "refused"); "": any
    details: Mapping[str, str] = field(default_factory=dict)  # issued when the application's
    # details hold these values (a referral of one kind)
    line: int = field(default=0, compare=False)  # in the service file, for messages

    def applies(self, outcome: str | None, details: Mapping[str, object]) -> bool:
        """Whether this is the result of a case decided with ``outcome`` (None: no decision)
        whose application holds ``details``."""
        if self.outcome and self.outcome != outcome:
            return False
        return all(str(details.get(key, "")) == value for key, value in self.details.items())


@dataclass(frozen=True, slots=True)
class RefusalGroundSpec:
    id: str
    text: LocalizedText
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """A waiting list kept per kind of aid (a wheelchair, a place in a home, a voucher)."""

    id: str
    title: LocalizedText
    order: str = "registration"  # the queue's order: by registration, or by priority


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """An item of an individual rehabilitation programme that the service provides."""

    id: str
    title: LocalizedText


@dataclass(frozen=True, slots=True)
class Service:
    """One service of the catalogue (see ``docs/services.md`` for every key)."""

    code: str
    status: ServiceStatus
    level: Level
    order: int  # position in lists before the desk's own use reorders them
    title: LocalizedText  # the official name
    short_title: LocalizedText  # for lists and the journal's column
    regulations: tuple[Regulation, ...]
    in_force: Span  # the service itself (the child benefit ends with 2017)
    folder: Path
    source_file: str  # "services/<code>/service.yaml", for messages
    marker: str = ""  # the registration journal's index in the number ("" for АСП)
    end: LocalizedText | None = None  # why the service ended (the child benefit: into АСП)
    end_note: str = ""  # where the end is documented, and what is not confirmed
    provider: Quote | None = None
    applicants: Quote | None = None
    channels: tuple[ChannelSpec, ...] = ()
    documents: tuple[DocumentItem, ...] = ()
    documents_from: str = ""  # a shared sheet's checklists per rule set (АСП: "documents")
    sheets: tuple[str, ...] = ()  # form ids: shared (forms/<id>.yaml) or own (<id>.yaml here)
    own_sheets: tuple[str, ...] = ()
    wizard: tuple[WizardStep, ...] = ()
    coupon: Coupon | None = None
    steps: tuple[StepSpec, ...] = ()
    terms_from_schedule: bool = False  # АСП: terms are the rule set's schedule (parameters)
    totals: Mapping[Channel, int] = field(default_factory=dict)  # stated totals, working days
    extensions: Mapping[Channel, int] = field(default_factory=dict)  # working days
    # the term prolonged by whole months when more inquiries are needed (Semipalatinsk)
    extension_months: Mapping[Channel, int] = field(default_factory=dict)
    path: CasePath | None = None
    status_labels: Mapping[CaseStatus, LocalizedText] = field(default_factory=dict)
    action_labels: Mapping[Action, LocalizedText] = field(default_factory=dict)
    # a step taken, as the case's history names it (else the service's label of the status
    # it led to, else АСП's words)
    event_labels: Mapping[Action, LocalizedText] = field(default_factory=dict)
    results: tuple[ResultDocument, ...] = ()
    acceptance_refusals: tuple[RefusalGroundSpec, ...] = ()
    service_refusals: tuple[RefusalGroundSpec, ...] = ()
    rules: str = ""  # a module of desktop.domain that decides and computes
    parameters: tuple[str, ...] = ()  # the service parameter documents the rules read
    where: Quote | LocalizedText | None = None  # not provided here: where the applicant goes
    queues: tuple[QueueSpec, ...] = ()
    programme_items: tuple[ProgrammeItem, ...] = ()
    handled_by: str = ""  # provided without an application ("certificates": by IIN)

    @property
    def provided(self) -> bool:
        return self.status is ServiceStatus.PROVIDED

    @property
    def computes(self) -> bool:
        return bool(self.rules)

    @property
    def decision_states_period(self) -> bool:
        """Whether the head's decision to assign states a period (from-to): the result
        issued after it prints the decision's period (the term of provision of a
        disability service), so the decision form asks it and the decision needs it."""
        return any(r.form is not None and "decision.period" in r.form.sources()
                   and r.outcome in ("", "assigned") for r in self.results)

    @property
    def assesses_need(self) -> bool:
        """Whether the executor's step is the assessment of need (the special social
        services, services.md §16-17): the draft is the assessment recorded with it."""
        return any(step.id == "need_assessment" for step in self.steps)

    @property
    def takes_applications(self) -> bool:
        """Registered through the wizard, with a number and a case path."""
        return self.provided and not self.handled_by

    def available_on(self, day: dt.date) -> bool:
        """Whether an application of this service can be taken at a desk on ``day``."""
        return self.takes_applications and self.in_force.covers(day)

    def regulation_on(self, day: dt.date) -> tuple[Regulation | None, bool]:
        """The regulation in force on ``day``, and whether it is carried over: when no text of
        the seeds is in force on that day (the 2015 regulations were repealed in 2016), the
        last one before it is applied, and the caller says so (``True``)."""
        for regulation in self.regulations:
            if regulation.in_force.covers(day):
                return regulation, False
        earlier = [r for r in self.regulations if r.in_force.start <= day]
        if earlier:
            return max(earlier, key=lambda r: r.in_force.start), True
        return None, False

    @property
    def channel_ids(self) -> tuple[Channel, ...]:
        return tuple(spec.channel for spec in self.channels)

    def checklist(self, channel: Channel) -> list[DocumentItem]:
        """The service's own document list at ``channel`` (АСП's is per rule set, in the
        shared ``documents`` sheet: ``documents_from``)."""
        if channel not in self.channel_ids:
            return []
        return [d for d in self.documents if not d.channels or channel in d.channels]

    def waiting(self) -> dict[tuple[CaseStatus, Channel], tuple[str, ...]]:
        """For each status and channel, the steps that must be done to leave it."""
        table: dict[tuple[CaseStatus, Channel], list[str]] = {}
        for step in self.steps:
            for channel, statuses in step.awaited_in.items():
                if not self.terms_from_schedule and channel not in step.terms:
                    continue
                for status in statuses:
                    table.setdefault((status, channel), []).append(step.id)
        return {key: tuple(steps) for key, steps in table.items()}

    def schedule(self) -> DeadlineSchedule | None:
        """The step terms declared here, per channel (None for a service whose terms are the
        rule set's schedule in the parameters, as АСП's, or that declares none)."""
        if self.terms_from_schedule or not self.steps:
            return None
        channels: dict[Channel, ChannelSchedule] = {}
        for channel in self.channel_ids:
            terms = tuple(step.terms[channel] for step in self.steps if channel in step.terms)
            if terms:
                channels[channel] = ChannelSchedule(
                    terms, total_working_days=self.totals.get(channel),
                    extension_working_days=self.extensions.get(channel),
                    extension_months=self.extension_months.get(channel),
                    source=self.source_file)
        regulation = self.regulations[0].source.seed if self.regulations else ""
        return DeadlineSchedule(f"service:{self.code}", channels, regulation)

    def result_for(self, outcome: str | None, details: Mapping[str, object]
                   ) -> ResultDocument | None:
        """The result document a case of this service gets: the first declared whose
        conditions the case meets (its decision's outcome, its application's details)."""
        return next((r for r in self.results if r.applies(outcome, details)), None)

    def result(self, result_id: str) -> ResultDocument:
        for result in self.results:
            if result.id == result_id:
                return result
        raise KeyError(f"{self.code}: no result document {result_id!r}")
