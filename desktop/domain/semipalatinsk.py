"""The one-time state compensation to citizens affected by the nuclear tests at the
Semipalatinsk test site (services.md §9): who is recognised, and how much is paid.

The Law of the Republic of Kazakhstan of 18 December 1992 No. 1787-XII "О социальной защите
граждан, пострадавших вследствие ядерных испытаний на Семипалатинском испытательном ядерном
полигоне":

* Article 10: affected are the citizens who lived, worked or served in the contaminated
  territories while the air and ground explosions were carried out (1949-1965) or the
  underground ones (1966-1990), and on the territory of privileged socio-economic status from
  1949 to 1990;
* Article 12: the one-time compensation is, by zone (Articles 5-9), a number of monthly
  calculation indices (МРП) "за каждый год проживания" in 1949-1965, and another for each
  year in 1966-1990. The rates are data (``resources/services/semipalatinsk.yaml``): a rate
  not confirmed from the Law's text is absent, and the amount is then to be checked, never
  guessed.

The application (appendix 2 of the regulation, seed 002) states the years lived, from and to
both inclusive ("________ жылдан бастап ________ жылды қоса алғанда"): a year counts once
for each period it falls in. The amount is the МРП of the application date times the indices,
rounded half up to the tiyn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from desktop.domain.assessment import Outcome
from desktop.domain.issues import InvalidApplicationError, Issue, Severity
from desktop.domain.model import Application
from desktop.domain.money import Money, Rounding
from desktop.domain.parameters import Parameters
from desktop.domain.reader import Reader, pointer_join
from desktop.domain.service_rules import (
    ServiceAssessment,
    ServiceRefusal,
    decision_step,
    read_documents,
)
from desktop.domain.text import Text
from desktop.domain.trace import Figure, TraceStep

__all__ = ["PARAMETERS", "PERIODS", "ZONES", "Compensation", "ResidencePeriod",
           "SemipalatinskParameters", "ZoneRate", "assess", "compensation", "parse_parameters",
           "years_in"]

SERVICE = "semipalatinsk_compensation"
PARAMETERS = ("semipalatinsk",)
# Article 10 of the Law: the air and ground explosions, then the underground ones.
PERIODS: tuple[tuple[str, int, int], ...] = (("1949-1965", 1949, 1965),
                                            ("1966-1990", 1966, 1990))
# Articles 5-9 of the Law, in their order.
ZONES = ("extreme", "maximum", "increased", "minimal", "privileged")
_ZONE_NAMES: Mapping[str, Text] = {
    "extreme": Text("zone of extreme radiation risk"),
    "maximum": Text("zone of maximum radiation risk"),
    "increased": Text("zone of increased radiation risk"),
    "minimal": Text("zone of minimal radiation risk"),
    "privileged": Text("territory of privileged socio-economic status"),
}
_HALF_UP = Rounding()
_REFERENCE = Text("Law of 18.12.1992 No. 1787-XII, Article 12")


@dataclass(frozen=True, slots=True)
class ZoneRate:
    """The indices for each year lived in the zone, by period (None: not confirmed)."""

    zone: str
    mrp_per_year: Mapping[str, Fraction | None]
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class SemipalatinskParameters:
    rates: Mapping[str, ZoneRate]
    source: str


@dataclass(frozen=True, slots=True)
class ResidencePeriod:
    """Years lived in one zone, both inclusive."""

    zone: str
    first_year: int
    last_year: int


@dataclass(frozen=True, slots=True)
class Compensation:
    """Years counted per period and zone, and the indices they give (None: a rate needed is
    not confirmed, the amount is to be checked)."""

    years: Mapping[tuple[str, str], int]  # (zone, period) -> years
    mrp: Fraction | None
    unconfirmed: tuple[str, ...]  # the zones whose rate was needed and is missing

    @property
    def total_years(self) -> int:
        return sum(self.years.values())


def years_in(first_year: int, last_year: int, period_first: int, period_last: int) -> int:
    """The years from ``first_year`` to ``last_year`` (inclusive) that fall in the period."""
    return max(0, min(last_year, period_last) - max(first_year, period_first) + 1)


def compensation(periods: Iterable[ResidencePeriod],
                 rates: Mapping[str, ZoneRate]) -> Compensation:
    """Article 12: the indices for each year lived, by zone and period. A year lived twice
    (periods that overlap in one zone) counts once."""
    lived: dict[str, set[int]] = {}
    for period in periods:
        lived.setdefault(period.zone, set()).update(
            range(period.first_year, period.last_year + 1))
    years: dict[tuple[str, str], int] = {}
    total = Fraction(0)
    missing: list[str] = []
    for zone in ZONES:
        for name, first, last in PERIODS:
            count = sum(1 for year in lived.get(zone, ()) if first <= year <= last)
            if not count:
                continue
            years[(zone, name)] = count
            rate = rates.get(zone)
            per_year = rate.mrp_per_year.get(name) if rate is not None else None
            if per_year is None:
                if zone not in missing:
                    missing.append(zone)
                continue
            total += per_year * count
    return Compensation(years, None if missing else total, tuple(missing))


def _rate(reader: Reader, value: Any, where: str) -> Fraction | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidOperation
        rate = Fraction(Decimal(str(value).replace(",", ".")))
    except (InvalidOperation, ValueError):
        reader.problem(where, Text("A number such as 1 or 1.5 is expected here."),
                       "input.type")
        return None
    if not 0 < rate <= 100:
        reader.problem(where, Text("The number must be more than 0 and at most {limit}.",
                                   limit=100), "input.range")
        return None
    return rate


def _parse(reader: Reader, document: Any) -> SemipalatinskParameters:
    data = reader.object(document, "")
    reader.no_other_keys(data, "", {"zones", "source", "note"})
    rates: dict[str, ZoneRate] = {}
    for where, item in reader.items(data.get("zones"), "/zones"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"zone", "mrp_per_year", "source", "confirmed",
                                            "note"})
        zone = reader.text(entry, "zone", where, required=True)
        if zone and zone not in ZONES:
            reader.problem(pointer_join(where, "zone"), Text(
                "“{value}” is not one of: {choices}.", value=zone,
                choices=", ".join(ZONES)), "input.choice")
            continue
        table_where = pointer_join(where, "mrp_per_year")
        table = reader.object(entry.get("mrp_per_year") or {}, table_where)
        reader.no_other_keys(table, table_where, {name for name, _f, _l in PERIODS})
        per_year = {name: _rate(reader, table.get(name), pointer_join(table_where, name))
                    for name, _f, _l in PERIODS}
        confirmed = reader.flag(entry, "confirmed", where, default=False)
        source = reader.text(entry, "source", where, required=True)
        if zone in rates:
            reader.problem(where, Text("The zone “{zone}” is given twice.", zone=zone),
                           "input.duplicate")
        # a rate not confirmed is not applied: the amount is then to be checked
        rates[zone] = ZoneRate(zone, per_year if confirmed else dict.fromkeys(per_year),
                               source, confirmed)
    return SemipalatinskParameters(rates, reader.text(data, "source", "", required=True))


def parse_parameters(documents: Mapping[str, Any]) -> SemipalatinskParameters:
    """The service's parameter document, checked (``ParameterError`` with every problem)."""
    parsed: SemipalatinskParameters = read_documents(
        documents, PARAMETERS, {"semipalatinsk": _parse})["semipalatinsk"]
    return parsed


def _residence(application: Application) -> ResidencePeriod:
    details = application.details
    zone, first, last = (details.get("residence_zone"), details.get("residence_from"),
                         details.get("residence_to"))
    issues = []
    if not isinstance(zone, str) or zone not in ZONES:
        issues.append(Issue("semipalatinsk.zone", Text(
            "Choose the zone of radiation exposure the applicant lived in."),
            "/details/residence_zone"))
    if not isinstance(first, int) or isinstance(first, bool):
        issues.append(Issue("semipalatinsk.from", Text(
            "Enter the year the residence began."), "/details/residence_from"))
    if not isinstance(last, int) or isinstance(last, bool):
        issues.append(Issue("semipalatinsk.to", Text(
            "Enter the last year of the residence."), "/details/residence_to"))
    if issues:
        raise InvalidApplicationError(issues)
    assert isinstance(zone, str) and isinstance(first, int) and isinstance(last, int)
    if last < first:
        raise InvalidApplicationError([Issue("semipalatinsk.order", Text(
            "The last year of the residence ({last}) is before its first ({first}).",
            last=str(last), first=str(first)), "/details/residence_to")])
    return ResidencePeriod(zone, first, last)


def assess(application: Application, parameters: Parameters,
           service_parameters: SemipalatinskParameters) -> ServiceAssessment:
    """Recognise the applicant and compute the compensation (see the module docstring)."""
    day = application.application_date
    period = _residence(application)
    zone_name = _ZONE_NAMES[period.zone]
    figures = compensation([period], service_parameters.rates)
    warnings: list[Issue] = []
    trace = [TraceStep(
        "residence", Text("Residence in the zone of radiation exposure"),
        (Figure(Text("Zone"), zone_name),
         Figure(Text("Years"), Text("from {first} to {last} inclusive",
                                    first=str(period.first_year),
                                    last=str(period.last_year)))),
        Text("Years counted in 1949-1965: {early}; in 1966-1990: {late}.",
             early=figures.years.get((period.zone, "1949-1965"), 0),
             late=figures.years.get((period.zone, "1966-1990"), 0)),
        Text("Law of 18.12.1992 No. 1787-XII, Article 10"))]
    refusals = []
    if not figures.total_years:
        refusals.append(ServiceRefusal("no_year_in_1949_1990", Text(
            "No year of the residence falls within 1949-1990, the years of the tests."),
            Text("Law of 18.12.1992 No. 1787-XII, Article 10")))
    rate = service_parameters.rates.get(period.zone)
    amount = 0
    if figures.mrp is None:
        warnings.append(Issue("semipalatinsk.rate_unconfirmed", Text(
            "The compensation's rate for the {zone} is not confirmed in Kömek ({source}): "
            "the amount is to be checked against the Law's text; the district administrator "
            "enters the confirmed rate.", zone=zone_name, source=_subparagraph(period.zone)),
            "/details/residence_zone", Severity.WARNING))
        trace.append(TraceStep(
            "amount", Text("Amount of the compensation"),
            (Figure(Text("Source"), _subparagraph(period.zone)),),
            Text("To be checked: the rate of this zone is not confirmed."), _REFERENCE))
    else:
        mrp = parameters.mrp.on(day)
        amount = _HALF_UP.apply(figures.mrp * mrp.amount) if not refusals else 0
        assert rate is not None
        trace.append(TraceStep(
            "amount", Text("Amount of the compensation"),
            (Figure(Text("Source"), _subparagraph(period.zone)),
             Figure(Text("MRP a year, 1949-1965"), _shown(rate.mrp_per_year["1949-1965"])),
             Figure(Text("MRP a year, 1966-1990"), _shown(rate.mrp_per_year["1966-1990"])),
             Figure(Text("Monthly calculation index"), Money(mrp.amount))),
            Text("{indices} monthly calculation indices: a one-time payment of {amount}.",
                 indices=_shown(figures.mrp), amount=Money(amount)), _REFERENCE))
    if application.details.get("compensation_received") is True:
        warnings.append(Issue("semipalatinsk.received", Text(
            "The applicant states a compensation received since 1993: the head checks what "
            "was paid before deciding."), "/details/compensation_received", Severity.WARNING))
    outcome = Outcome.REFUSED if refusals else Outcome.ASSIGNED
    trace.append(decision_step(
        refusals, Text("Recognised as affected by the nuclear tests, compensation assigned"),
        Text("Recognition as affected by the nuclear tests is refused"),
        Text("Law of 18.12.1992 No. 1787-XII, Articles 10 and 12")))
    return ServiceAssessment(
        SERVICE, outcome, day, tuple(trace), tuple(refusals), tuple(warnings),
        one_time_amount=amount, period_start=day if outcome is Outcome.ASSIGNED else None,
        figures={"zone": period.zone, "first_year": period.first_year,
                 "last_year": period.last_year,
                 "mrp": None if figures.mrp is None else _indices(figures.mrp),
                 "amount_tiyn": amount if figures.mrp is not None else None})


def _subparagraph(zone: str) -> Text:
    """The subparagraph of Article 12 that sets the zone's rate (the zones in its order)."""
    return Text("Law of 18.12.1992 No. 1787-XII, Article 12, subparagraph {number})",
                number=ZONES.index(zone) + 1)


def _indices(value: Fraction) -> str:
    """The indices as the Law writes them: two decimals."""
    return f"{Decimal(value.numerator) / Decimal(value.denominator):.2f}"


def _shown(value: Fraction | None) -> str:
    """The indices as the Law's text writes them: "5,23"."""
    return _indices(value or Fraction(0)).replace(".", ",")
