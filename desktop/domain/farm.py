"""Income from personal subsidiary farming (ЛПХ / ЖҚШ): holdings valued by a norms table.

The norms per head and per hectare are set per region (and may change by date); the research
found no confirmed figures (rules-research.md §1.5), so the tables are parameters that the
district administrator fills. A district akimat may declare livestock and poultry, and land,
as not giving income (Social Code art. 127 p.1): that declaration is a parameter too.
A holding for which no norm is given is an error, never a silent zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from desktop.domain.issues import Issue, ParameterError
from desktop.domain.model import LandHolding, LandKind, LivestockHolding, LivestockKind
from desktop.domain.money import Money, Rounding
from desktop.domain.text import Text

SQUARE_METRES_PER_HECTARE = 10_000

LIVESTOCK_NAMES: Mapping[LivestockKind, Text] = {
    LivestockKind.COW: Text("cows"),
    LivestockKind.BULL: Text("bulls"),
    LivestockKind.MARE: Text("mares"),
    LivestockKind.STALLION: Text("stallions"),
    LivestockKind.CAMEL: Text("camels"),
    LivestockKind.SHE_CAMEL: Text("she-camels"),
    LivestockKind.SHEEP_GOAT: Text("sheep, goats"),
    LivestockKind.POULTRY: Text("chickens, ducks, geese"),
    LivestockKind.PIG: Text("pigs"),
}
LAND_NAMES: Mapping[LandKind, Text] = {
    LandKind.DACHA: Text("dacha"),
    LandKind.GARDEN: Text("vegetable garden"),
    LandKind.LAND_PLOT: Text("land plot"),
    LandKind.HOUSEHOLD_PLOT: Text("household plot"),
    LandKind.CONDITIONAL_LAND_SHARE: Text("conditional land share"),
    LandKind.PROPERTY_SHARE: Text("property share"),
}


@dataclass(frozen=True, slots=True)
class LivestockNorm:
    """Monthly income per head for animals of a kind aged ``min_age``..``max_age`` years."""

    kind: LivestockKind
    min_age: int
    max_age: int
    monthly_per_head: int  # tiyn


@dataclass(frozen=True, slots=True)
class FarmNorms:
    """The norms of one region from a date on."""

    region: str
    effective_from: dt.date
    livestock: tuple[LivestockNorm, ...]
    land_monthly_per_hectare: Mapping[LandKind, int]  # tiyn per hectare per month
    source: str = ""

    def livestock_norm(self, kind: LivestockKind, age: int) -> LivestockNorm | None:
        for norm in self.livestock:
            if norm.kind is kind and norm.min_age <= age <= norm.max_age:
                return norm
        return None


@dataclass(frozen=True, slots=True)
class NonIncomeDeclaration:
    """A district akimat's decision that livestock/poultry and/or land give no income."""

    region: str
    district: str  # "" = every district of the region
    effective_from: dt.date
    livestock: bool
    land: bool
    source: str = ""


@dataclass(frozen=True, slots=True)
class FarmNormTable:
    norms: tuple[FarmNorms, ...] = ()
    declarations: tuple[NonIncomeDeclaration, ...] = ()

    def norms_for(self, region: str, on: dt.date) -> FarmNorms | None:
        candidates = [n for n in self.norms if n.region == region and n.effective_from <= on]
        return max(candidates, key=lambda n: n.effective_from) if candidates else None

    def declaration_for(self, region: str, district: str,
                        on: dt.date) -> NonIncomeDeclaration | None:
        candidates = [
            d for d in self.declarations
            if d.region == region and d.district in ("", district) and d.effective_from <= on
        ]
        return max(candidates, key=lambda d: (d.effective_from, d.district != ""), default=None)


@dataclass(frozen=True, slots=True)
class FarmLine:
    """One holding in the calculation: its income for the period, or why it has none."""

    description: Text
    income: int  # tiyn for the whole period (0 when not counted)
    counted: bool
    reason: Text  # how the income was found, or why it is not counted


def farm_income(
    livestock: tuple[LivestockHolding, ...],
    land: tuple[LandHolding, ...],
    *,
    region: str,
    district: str,
    on: dt.date,
    months: int,
    table: FarmNormTable,
    working_animals_excluded: bool,
    rounding: Rounding,
) -> list[FarmLine]:
    """Income of each holding for a period of ``months`` months, norms in force on ``on``."""
    lines: list[FarmLine] = []
    if not livestock and not land:
        return lines
    declaration = table.declaration_for(region, district, on)
    norms: FarmNorms | None = None
    missing: list[Issue] = []

    def need_norms() -> FarmNorms | None:
        nonlocal norms
        if norms is None:
            norms = table.norms_for(region, on)
            if norms is None and not missing:
                missing.append(Issue("farm.no_norms", Text(
                    "No farm income norms are given for region “{region}” on {date}: the "
                    "district administrator must add them before farms can be assessed.",
                    region=region, date=on), "/office/region"))
        return norms

    for index, animals in enumerate(livestock):
        description = Text("{kind}, {age} years: {heads} head",
                           kind=LIVESTOCK_NAMES[animals.kind], age=animals.age_years,
                           heads=animals.heads)
        if declaration is not None and declaration.livestock:
            lines.append(FarmLine(description, 0, False, Text(
                "declared as not giving income by the district akimat ({source})",
                source=declaration.source)))
            continue
        if animals.working_animal and working_animals_excluded:
            lines.append(FarmLine(description, 0, False, Text(
                "working animal: not counted as income")))
            continue
        found = need_norms()
        if found is None:
            continue
        norm = found.livestock_norm(animals.kind, animals.age_years)
        if norm is None:
            missing.append(Issue("farm.no_livestock_norm", Text(
                "The farm norms of region “{region}” give no income for {kind} aged {age}.",
                region=region, kind=LIVESTOCK_NAMES[animals.kind], age=animals.age_years),
                f"/livestock/{index}"))
            continue
        income = animals.heads * norm.monthly_per_head * months
        lines.append(FarmLine(description, income, True, Text(
            "{heads} head × {norm} a month × {months} months",
            heads=animals.heads, norm=Money(norm.monthly_per_head), months=months)))
    for index, plot in enumerate(land):
        description = Text("{kind}: {area} m²", kind=LAND_NAMES[plot.kind], area=plot.area_m2)
        if declaration is not None and declaration.land:
            lines.append(FarmLine(description, 0, False, Text(
                "declared as not giving income by the district akimat ({source})",
                source=declaration.source)))
            continue
        found = need_norms()
        if found is None:
            continue
        per_hectare = found.land_monthly_per_hectare.get(plot.kind)
        if per_hectare is None:
            missing.append(Issue("farm.no_land_norm", Text(
                "The farm norms of region “{region}” give no income for {kind}.",
                region=region, kind=LAND_NAMES[plot.kind]), f"/land/{index}"))
            continue
        exact = Fraction(plot.area_m2 * per_hectare * months, SQUARE_METRES_PER_HECTARE)
        lines.append(FarmLine(description, rounding.apply(exact), True, Text(
            "{area} m² × {norm} a hectare a month × {months} months",
            area=plot.area_m2, norm=Money(per_hectare), months=months)))
    if missing:
        raise ParameterError(missing)
    return lines
