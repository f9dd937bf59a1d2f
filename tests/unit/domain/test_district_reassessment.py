"""A district re-assessed at once gives exactly what each application assessed alone gives.

``Assessor`` shares what applications of one day, region and quarter or rule set have in
common; these tests keep that fast path from drifting from ``assess``: the same outcome,
figures, warnings and trace, step by step, and the same error where there is one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from desktop.demo.families import FamilyFactory, Place
from desktop.domain.assessment import (
    Assessment,
    Assessor,
    Outcome,
    PreparedAssessment,
    assess,
    decide,
    prepare,
)
from desktop.domain.issues import DomainError, InvalidApplicationError, ParameterError
from desktop.domain.model import (
    Application,
    Channel,
    CommissionConclusion,
    DocumentKind,
    ExclusionReason,
    NoNeedCriterion,
    Office,
    PriorEvent,
    PriorEventKind,
)
from desktop.domain.parameters import Parameters, parse_parameters
from desktop.domain.quarters import Quarter
from tests.support.domain_factories import shipped_documents

D = dt.date
# Days of every rule set, the days a new text starts in the middle of a quarter (two rule
# sets share a poverty line then), days no text covers, and the first and last of a quarter.
DAYS = (D(2013, 4, 15), D(2014, 2, 3), D(2015, 9, 21), D(2015, 9, 22), D(2015, 9, 30),
        D(2017, 11, 20), D(2018, 5, 3), D(2018, 5, 4), D(2019, 4, 1), D(2021, 6, 30),
        D(2023, 7, 1), D(2024, 12, 31), D(2026, 1, 1), D(2026, 4, 1), D(2026, 5, 15),
        D(2026, 6, 30))
CONFIRMED, UNCONFIRMED, NO_LINE = "karaganda", "pavlodar", "kostanay"
FARM_NORMS = {
    "norms": [{"region": region, "from": "2010-01-01", "source": "test norms",
               "livestock": [{"kind": kind, "monthly_per_head": 2000 + 100 * index}
                             for index, kind in enumerate(("cow", "bull", "mare", "sheep_goat",
                                                           "poultry", "camel"))],
               "land": {"household_plot": 900, "garden": 800, "conditional_land_share": 300,
                        "property_share": 0}}
              for region in (CONFIRMED, UNCONFIRMED)],
    # akimats' decisions that livestock (and land) give no income
    "non_income_declarations": [{"region": UNCONFIRMED, "district": "Аудан",
                                 "from": "2024-01-01", "livestock": True, "land": False,
                                 "source": "test decision"},
                                {"region": NO_LINE, "district": "Аудан",
                                 "from": "2019-01-01", "livestock": True, "land": True,
                                 "source": "test decision"}],
}


def district(count: int, seed: int) -> list[Application]:
    """Generated families of three regions on ``DAYS``, with what changes a decision: the
    commission's conclusions, earlier refusals, missing documents, members not counted, a
    channel a rule set does not know."""
    rng = random.Random(seed)
    used: set[str] = set()
    factories = [FamilyFactory(rng, Place(Office(f"{region[:3].upper()}-01", region, "Аудан"),
                                          region, "Аудан", ("Ауыл",)), used)
                 for region in (CONFIRMED, CONFIRMED, CONFIRMED, UNCONFIRMED, NO_LINE)]
    applications = []
    for _ in range(count):
        day = rng.choice(DAYS)
        family = rng.choice(factories).family(day, rng.choice((Channel.DISTRICT_OFFICE,
                                                               Channel.AKIM)))
        roll = rng.random()
        if roll < 0.6:
            family = dataclasses.replace(family, commission=CommissionConclusion(day))
        elif roll < 0.7:
            family = dataclasses.replace(family, commission=CommissionConclusion(
                day, need_confirmed=False,
                no_need_criteria=(NoNeedCriterion.MORE_THAN_ONE_CAR,)))
        elif roll < 0.75:
            family = dataclasses.replace(family, commission=CommissionConclusion(
                day, survey_refused=True))
        roll = rng.random()
        if roll < 0.05:
            family = dataclasses.replace(family, prior_events=(PriorEvent(
                PriorEventKind.REFUSED_EMPLOYMENT_MEASURES, day - dt.timedelta(days=40)),))
        elif roll < 0.10:
            family = dataclasses.replace(family, documents=tuple(
                d for d in family.documents if d.kind is not DocumentKind.FAMILY_COMPOSITION))
        elif roll < 0.13:
            family = dataclasses.replace(family, channel=Channel.STATE_CORPORATION)
        elif roll < 0.18:
            members = list(family.members)
            members[-1] = dataclasses.replace(members[-1],
                                              excluded=ExclusionReason.CONSCRIPT_SERVICE)
            family = dataclasses.replace(family, members=tuple(members))
        applications.append(family)
    return applications


def with_lines(tenge: int) -> Parameters:
    """Shipped parameters with a line for every quarter of ``DAYS`` in two regions (one of
    them not confirmed) and none in the third."""
    lines = []
    for quarter in sorted({Quarter.of(day) for day in DAYS}):
        lines.append({"region": CONFIRMED, "quarter": str(quarter), "amount": tenge,
                      "source": "test"})
        lines.append({"region": UNCONFIRMED, "quarter": str(quarter), "amount": tenge + 700,
                      "source": "test estimate", "confirmed": False})
    return parse_parameters(shipped_documents(), {"poverty_lines": {"poverty_lines": lines},
                                                  "farm_norms": FARM_NORMS})


Result = Assessment | PreparedAssessment | tuple[type[DomainError], tuple[object, ...]]


def outcome_of(call: Callable[..., Assessment | PreparedAssessment], *args: Any,
               **options: Any) -> Result:
    """What a call gives: its result, or the kind of error and every issue it carries."""
    try:
        return call(*args, **options)
    except DomainError as error:
        return type(error), error.issues


APPLICATIONS = district(700, seed=20)
PARAMETERS = with_lines(40_000)


def test_the_generated_district_has_every_kind_of_decision_and_error() -> None:
    # the comparisons below mean something only if every path is taken
    results = [outcome_of(assess, a, PARAMETERS) for a in APPLICATIONS]
    kinds = Counter(r.outcome if isinstance(r, Assessment) else r[0] for r in results)
    assert {Outcome.ASSIGNED, Outcome.REFUSED, Outcome.NOT_ACCEPTED, InvalidApplicationError,
            ParameterError} <= set(kinds)
    errors = {issue.code for r in results if not isinstance(r, Assessment)
              for issue in r[1]}  # type: ignore[union-attr]
    assert {"channel.rule_set", "poverty_line.missing", "farm.no_norms"} <= errors
    assessed = [r for r in results if isinstance(r, Assessment)]
    assert len({r.rule_set.id for r in assessed}) == 5
    warnings = {w.code for r in assessed for w in r.warnings}
    assert {"ruleset.gap", "poverty_line.unconfirmed", "commission.missing"} <= warnings
    steps = {s.code for r in assessed for s in r.trace}
    assert {"farm", "child_supplement", "assistance_type", "refusal_grounds"} <= steps


def test_a_district_assessed_at_once_gives_each_application_its_own_assessment() -> None:
    assessor = Assessor(PARAMETERS)
    for application in APPLICATIONS:
        alone = outcome_of(assess, application, PARAMETERS)
        at_once = outcome_of(assessor.assess, application)
        assert at_once == alone  # outcome, figures, warnings, every step of the trace
        if isinstance(alone, Assessment):
            assert at_once.trace == alone.trace  # type: ignore[union-attr]


def test_a_prepared_district_re_decided_with_a_new_line_is_assessed_anew() -> None:
    new = with_lines(43_500)
    preparing = Assessor(PARAMETERS)
    deciding = Assessor(new)
    changed = 0
    for application in APPLICATIONS:
        prepared = outcome_of(preparing.prepare, application)
        assert prepared == outcome_of(prepare, application, PARAMETERS)
        anew = outcome_of(assess, application, new)
        if not isinstance(prepared, PreparedAssessment):
            continue
        again = outcome_of(deciding.decide, prepared)
        assert again == anew == outcome_of(decide, prepared, new.poverty_lines)
        before = outcome_of(assess, application, PARAMETERS)
        changed += isinstance(again, Assessment) and isinstance(before, Assessment) \
            and again.monthly_amount != before.monthly_amount
    assert changed > 100  # the new line moved the amounts: the line's steps were not reused


def test_assessing_without_validation_or_documents_check_is_the_same_at_once() -> None:
    for options in ({"validate": False}, {"check_documents": False}):
        assessor = Assessor(PARAMETERS, **options)
        for application in APPLICATIONS[:200]:
            assert outcome_of(assessor.assess, application) \
                == outcome_of(assess, application, PARAMETERS, **options)
