"""Generated applications of every service of the catalogue taken at a desk, in a district's
proportions: which services, how often, through which channel, with what data and decision.

``DEFAULT_MIX`` is the share of each service (АСП and the child benefit most); a service the mix
does not name (added to the catalogue later, as data) gets ``OTHER_WEIGHT`` and appears with
no code. Each application is the family of ``desktop.demo.families`` answered through the
service's own wizard (``desktop.demo.answers``); a service whose span of force ended before
the demo's two years (the child benefit, until 2017) is dated in the last two years it was in
force, as an office's archive holds it.

Where the catalogue's data ask for more than a form: a disability service's applicant gets a
disability record (group, rehabilitation programme with the items the service provides), and
a service whose result names the day the applicant was registered as unemployed
(``unemployed.since``) is asked for by people the demo registered as unemployed before.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from desktop.catalog import ASP, Catalogue, Service
from desktop.demo.answers import ChoiceSource, answer_session, unanswered
from desktop.demo.families import FamilyFactory
from desktop.demo.progress import DemoDecision
from desktop.domain import model as m
from desktop.domain.disability import Unit
from desktop.domain.intake_session import IntakeSession
from desktop.domain.intake_session import _fill_from_application as fill_from_application
from desktop.domain.rulesets import rule_set_for
from desktop.storage.ids import new_id
from desktop.storage.mapping import with_storage_ids

__all__ = [
    "CHANNEL_WEIGHTS",
    "DEFAULT_MIX",
    "OTHER_WEIGHT",
    "DisabilityRow",
    "ServiceApplications",
    "demo_mix",
    "service_decision",
]

# A district's applications by service (shares, not counts): АСП and the child benefit most.
DEFAULT_MIX: Mapping[str, float] = {
    ASP: 45, "child_benefit": 15, "unemployed_registration": 8, "unemployed_certificate": 6,
    "employment_referral": 5, "local_assistance": 5, "rural_fuel": 3, "prosthetic_aid": 2,
    "hearing_vision_aids": 2, "personal_assistant": 1.5, "wheelchairs": 1.5,
    "sanatorium_treatment": 2,
}
OTHER_WEIGHT = 1.5  # a service the mix does not name
# How applications come in, where a service takes them by several channels.
CHANNEL_WEIGHTS: Mapping[m.Channel, int] = {
    m.Channel.DISTRICT_OFFICE: 60, m.Channel.AKIM: 30, m.Channel.STATE_CORPORATION: 10}
DEMO_YEARS = 2
UNEMPLOYED_SINCE = "unemployed.since"  # a result blank read from an earlier case of the person
_UNITS = {"personal_assistant": Unit.HOURS_PER_YEAR, "sign_language": Unit.HOURS_PER_YEAR,
          "hygiene_aids": Unit.PER_DAY, "sanatorium_treatment": Unit.VOUCHERS}


def demo_mix(catalogue: Catalogue, mix: Mapping[str, float] | None, *, akimat: bool,
             channels: Callable[[Service], Sequence[m.Channel]] | None = None
             ) -> dict[str, float]:
    """The services the demo makes, by weight: every one taken at a desk (by an akimat's desk,
    through the akim), weighted by ``mix`` (``DEFAULT_MIX`` when None; a service it leaves
    out gets ``OTHER_WEIGHT`` unless ``mix`` is given, when it names exactly the services)."""
    weights = dict(DEFAULT_MIX if mix is None else mix)
    found: dict[str, float] = {}
    for service in catalogue:
        if not service.takes_applications:
            continue
        if akimat and m.Channel.AKIM not in service.channel_ids:
            continue
        weight = weights.get(service.code, OTHER_WEIGHT if mix is None else 0)
        if weight > 0:
            found[service.code] = float(weight)
    return found


def demo_day(rng: random.Random, service: Service | None, today: dt.date) -> dt.date:
    """A day an application of ``service`` was received: in the demo's last two years (a fifth
    in the last six weeks, so every step of a path has cases open), or in the last two years
    of a service that ended before them."""
    end = today
    if service is not None and service.in_force.end is not None \
            and service.in_force.end < today - dt.timedelta(days=365 * DEMO_YEARS):
        end = service.in_force.end
    day = end - dt.timedelta(days=rng.randint(0, 42) if rng.random() < 0.2 and end == today
                             else rng.randint(0, 365 * DEMO_YEARS - 1))
    if service is not None:
        day = max(day, service.in_force.start)
    return day - dt.timedelta(days=max(day.weekday() - 4, 0))  # a weekday


def pick_channel(rng: random.Random, service: Service, akimat: bool) -> m.Channel:
    if akimat:
        return m.Channel.AKIM
    offered = service.channel_ids
    return rng.choices(offered, [CHANNEL_WEIGHTS.get(c, 1) for c in offered])[0]


@dataclass(frozen=True, slots=True)
class DisabilityRow:
    """A person's disability record as the demo makes it (``disability_records`` columns)."""

    person_iin: str
    person_name: str
    disability_group: str
    established_on: dt.date
    valid_until: dt.date | None
    programme_number: str
    programme_date: dt.date
    programme_items: str  # JSON, ``desktop.domain.disability.entries_to_json``


@dataclass
class ServiceApplications:
    """Makes applications of the services other than АСП for one office."""

    rng: random.Random
    factory: FamilyFactory
    catalogue: Catalogue
    rule_sets: Any = None  # the parameters' rule sets (None: the shipped ones)
    sources: Mapping[str, ChoiceSource] = field(default_factory=dict)
    # people registered as unemployed (with the day of the decision), for a certificate
    unemployed: list[tuple[dt.date, m.Application]] = field(default_factory=list)

    def needs_registration(self, service: Service) -> bool:
        """Whether the service's result reads the applicant's registration as unemployed."""
        return any(r.form is not None and UNEMPLOYED_SINCE in r.form.sources()
                   for r in service.results)

    def registered_before(self, day: dt.date) -> m.Application | None:
        known = [app for decided, app in self.unemployed if decided < day]
        return self.rng.choice(known) if known else None

    def session(self, code: str, family: m.Application) -> IntakeSession:
        from desktop.services.service_forms import session_setup

        rule_set = rule_set_for(family.application_date, self.rule_sets) \
            if self.rule_sets is not None else rule_set_for(family.application_date)
        forms, setup = session_setup(code, family.channel, {})
        # as ``IntakeSession.from_application`` shows a stored application, without checking
        # every value on the way: the answers are checked once they are all in (the tests)
        session = IntakeSession(forms, channel=family.channel, office=family.office,
                                application_date=family.application_date,
                                rule_set_id=rule_set.id, **setup)
        fill_from_application(session, replace(family, service=code))
        return session

    def application(self, service: Service, received: dt.date, channel: m.Channel,
                    person: m.Application | None = None
                    ) -> tuple[m.Application, DisabilityRow | None, list[str]]:
        """An application of ``service`` as its wizard would register it, the applicant's
        disability record when the service asks for one, and the required fields left
        unanswered (none when it can be registered)."""
        family = self.factory.family(received, channel)
        if person is not None:  # the same person again: name, IIN, address and papers
            family = _again(person, received, channel)
        facts: dict[str, Any] = {}
        disability = None
        session = self.session(service.code, family)
        if session.has_field("disability_group") or service.programme_items:
            facts["disability_group"] = self._group(family.applicant_member, received)
        answer_session(session, family, self.rng, facts=facts, sources=self.sources)
        app = with_storage_ids(session.to_application())
        if service.programme_items:
            disability = self._disability(service, app, facts["disability_group"], received)
        return app, disability, unanswered(session)

    def _group(self, person: m.FamilyMember, day: dt.date) -> str:
        born = person.birth_date or day
        if (day - born).days < 18 * 365:
            return "child"
        return self.rng.choices(("group_1", "group_2", "group_3"), (3, 4, 3))[0]

    def _disability(self, service: Service, app: m.Application, group: str,
                    day: dt.date) -> DisabilityRow:
        """The record a disability service reads: the person's group and a programme that
        prescribes what the service provides (the kind of aid asked for, when it is one)."""
        rng = self.rng
        items = [i.id for i in service.programme_items]
        asked = str(app.details.get("aid", ""))
        chosen = [asked] if asked in items else rng.sample(
            items, rng.randint(1, min(2, len(items))))
        programme_date = day - dt.timedelta(days=rng.randint(20, 400))
        established = programme_date - dt.timedelta(days=rng.randint(0, 30))
        entries = []
        for item in chosen:
            unit = _UNITS.get(item, Unit.PIECES)
            hours = app.details.get("hours_per_year")
            quantity = {Unit.HOURS_PER_YEAR: int(hours) if isinstance(hours, int | str)
                        and str(hours).isdigit() else rng.choice((240, 480, 720, 960)),
                        Unit.PER_DAY: rng.randint(3, 5), Unit.VOUCHERS: 1}.get(
                            unit, rng.randint(1, 2))
            entries.append({"item": item, "quantity": str(Decimal(quantity)), "unit": unit.value,
                            "until": programme_date.replace(
                                year=programme_date.year + rng.randint(1, 3),
                                day=min(programme_date.day, 28)).isoformat(), "note": ""})
        member = app.applicant_member
        return DisabilityRow(
            member.iin, member.name.full, group, established,
            None if group == "group_1" or rng.random() < 0.3 else established.replace(
                year=established.year + rng.randint(1, 2), day=min(established.day, 28)),
            f"{rng.randint(100, 9999)}/{programme_date.year}", programme_date,
            json.dumps(entries, ensure_ascii=False))


def _again(person: m.Application, day: dt.date, channel: m.Channel) -> m.Application:
    """The applicant of an earlier application applying again, as a new application (the
    members' records are new ones)."""
    ids = {x.member_id: new_id() for x in person.members}
    return replace(
        person, application_date=day, channel=channel, documents=(), application_id="",
        applicant=replace(person.applicant, member_id=ids[person.applicant.member_id]),
        members=tuple(replace(x, member_id=ids[x.member_id]) for x in person.members),
        incomes=tuple(replace(x, member_id=ids.get(x.member_id, x.member_id))
                      for x in person.incomes))


def service_decision(rng: random.Random, service: Service, decision: DemoDecision,
                     verdict: Any = None) -> tuple[DemoDecision, str]:
    """The head's decision on a service's case, completed by what the service states: the
    amount its rules computed (``verdict``, when they could decide; else the generated one),
    the term of provision of a disability service, the grounds of a refusal (the service's
    own, when its data name some). Returns the decision and the note (a refusal's grounds)."""
    note = ""
    if verdict is not None and decision.assigned:
        amount = verdict.monthly_amount or verdict.one_time_amount
        if amount:
            decision = replace(decision, monthly_amount=int(amount))
    elif not service.computes:
        decision = replace(decision, monthly_amount=0, period_start=None, period_end=None)
    if decision.assigned and service.decision_states_period:
        start = decision.decided_on
        decision = replace(decision, period_start=start, period_end=start.replace(
            year=start.year + 1, day=min(start.day, 28)) - dt.timedelta(days=1))
    if not decision.assigned and service.service_refusals:
        ground = rng.choice(service.service_refusals)
        note = f"{ground.text.kk} / {ground.text.ru}"
    return decision, note
