"""The parameter tables, validated from already-loaded JSON/YAML documents (no file I/O here).

Each table is one document (one file under ``resources/params/``); an administrator's overlay
document of the same name adds to it and, for the same key (region and quarter of a poverty
line, a date of MRP ...), replaces the shipped value. Every value carries its source. Errors
name the document and the JSON pointer of the wrong value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.calendar import (
    HOLIDAY_NAMES,
    CalendarData,
    DayOffTransfer,
    FixedHoliday,
    WorkingCalendar,
)
from desktop.domain.deadlines import (
    STEP_NAMES,
    ChannelSchedule,
    DeadlineSchedule,
    StepTerm,
)
from desktop.domain.family import PensionAge
from desktop.domain.farm import FarmNorms, FarmNormTable, LivestockNorm, NonIncomeDeclaration
from desktop.domain.issues import Issue, ParameterError
from desktop.domain.model import Channel, IncomeKind, IncomeSource, LandKind, LivestockKind
from desktop.domain.money import Money, Rounding, RoundingMode, tenge
from desktop.domain.poverty_line import (
    ComputedLine,
    LineFigure,
    LineFigureError,
    LineFigures,
    compute_line,
)
from desktop.domain.quarters import Quarter, quarter_text
from desktop.domain.reader import Reader, pointer_join
from desktop.domain.rulesets import RULE_SETS, RuleSet
from desktop.domain.text import Bilingual, Text, as_written

DOCUMENTS = (
    "regions",
    "poverty_lines",
    "mrp",
    "subsistence_minimum",
    "median_income",
    "farm_norms",
    "calendar",
    "deadlines",
    "pension_age",
    "rules",
)


@dataclass(frozen=True, slots=True)
class Sourced:
    """Where a value comes from, and whether the research confirmed it.

    ``source`` is the act or publication as written; ``wording``, when the document gives it in
    both languages, is what a reader sees in Kazakh and in Russian. ``url`` and ``read`` (the
    day the publication was read) say where the figure can be checked.
    """

    source: str
    confirmed: bool = True
    origin: str = "resources"  # "resources" (shipped) or "overlay" (added by the administrator)
    wording: Bilingual | None = None
    url: str = ""
    read: dt.date | None = None

    @property
    def text(self) -> Text:
        """The source in the reader's language (as written when it is given in one only)."""
        if self.wording is not None:
            return as_written(self.wording.kk, self.wording.ru)
        return as_written(self.source)


@dataclass(frozen=True, slots=True)
class FormerName:
    """A name a region had up to ``until`` (inclusive)."""

    until: dt.date
    name_kk: str
    name_ru: str


@dataclass(frozen=True, slots=True)
class Region:
    """An oblast, a city of republican significance or the capital; its current names, the
    days it existed (``None``: open) and the names it had before."""

    code: str
    name_kk: str
    name_ru: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    former_names: tuple[FormerName, ...] = ()  # by ``until``, oldest first

    def name_on(self, day: dt.date | None = None) -> Bilingual:
        """The names in force on ``day`` (today's names when ``day`` is None)."""
        if day is not None:
            for former in self.former_names:
                if day <= former.until:
                    return Bilingual(former.name_kk, former.name_ru)
        return Bilingual(self.name_kk, self.name_ru)

    def name_text(self, day: dt.date | None = None) -> Text:
        names = self.name_on(day)
        return as_written(names.kk, names.ru)

    def exists_in(self, quarter: Quarter) -> bool:
        """Whether the region existed on any day of ``quarter``."""
        return ((self.valid_from is None or self.valid_from <= quarter.last_day)
                and (self.valid_until is None or quarter.first_day <= self.valid_until))


@dataclass(frozen=True, slots=True)
class PovertyLine:
    """Черта бедности / кедейлік шегі of a region for a quarter.

    ``basis``: the published figures it was computed from (by the rule in force for the
    quarter, ``desktop.domain.poverty_line``), when the document gives them.
    """

    region: str
    quarter: Quarter
    amount: int  # tiyn
    sourced: Sourced
    basis: LineFigures | None = None
    region_label: Text | None = None  # the region's name as of the quarter

    @property
    def region_name(self) -> Text:
        return self.region_label if self.region_label is not None else as_written(self.region)

    @property
    def source(self) -> Text:
        """The act or publication that gives the line, in the reader's language."""
        return self.sourced.text

    @property
    def computed(self) -> ComputedLine | None:
        """The computation from ``basis`` (None when the line was given as it is)."""
        return compute_line(self.quarter, self.basis) if self.basis is not None else None


@dataclass(frozen=True, slots=True)
class PovertyLineTable:
    lines: Mapping[tuple[str, Quarter], PovertyLine] = field(default_factory=dict)
    regions: Mapping[str, Region] = field(default_factory=dict)  # to name them in messages

    def get(self, region: str, quarter: Quarter) -> PovertyLine:
        """The line, or a specific error: never a silent zero."""
        line = self.lines.get((region, quarter))
        if line is None:
            known = self.regions.get(region)
            name = known.name_text(quarter.first_day) if known else as_written(region)
            raise ParameterError([Issue("poverty_line.missing", Text(
                "No poverty line is given for region “{region}” for {quarter}: the district "
                "administrator must add it before this application can be assessed.",
                region=name, quarter=quarter_text(quarter)), "/office/region")])
        return line

    def with_line(self, line: PovertyLine) -> PovertyLineTable:
        lines = dict(self.lines)
        lines[(line.region, line.quarter)] = line
        return PovertyLineTable(lines, self.regions)


@dataclass(frozen=True, slots=True)
class RegionalFigure:
    """A published figure of a region a line is computed from: the regional subsistence minimum
    of a month or a quarter, or the median income of a quarter."""

    region: str
    figure: LineFigure
    period: str  # "2025-08" (a month) or "2025-Q3" (a quarter), as the publication gives it
    quarter: Quarter  # the quarter the period lies in
    amount: int  # tiyn
    sourced: Sourced

    @property
    def monthly(self) -> bool:
        return "Q" not in self.period


@dataclass(frozen=True, slots=True)
class RegionalFigures:
    figures: tuple[RegionalFigure, ...] = ()

    def of(self, region: str, quarter: Quarter) -> tuple[RegionalFigure, ...]:
        """The figures of ``region`` published for ``quarter`` or a month of it."""
        return tuple(f for f in self.figures if f.region == region and f.quarter == quarter)


@dataclass(frozen=True, slots=True)
class DatedAmount:
    effective_from: dt.date
    amount: int  # tiyn
    sourced: Sourced


@dataclass(frozen=True, slots=True)
class DatedAmounts:
    """An amount that changes on given dates (MRP, subsistence minimum)."""

    name: str
    values: tuple[DatedAmount, ...] = ()  # sorted by date

    def on(self, day: dt.date) -> DatedAmount:
        found = None
        for value in self.values:
            if value.effective_from <= day:
                found = value
        if found is None:
            raise ParameterError([Issue(f"{self.name}.missing", Text(
                "No value of {name} is in force on {date}: the district administrator must "
                "add it.", name=_AMOUNT_NAMES.get(self.name, Text("this parameter")),
                date=day), "/application_date")])
        return found


_AMOUNT_NAMES: Mapping[str, Text] = {
    "mrp": Text("the monthly calculation index (MRP)"),
    "subsistence_minimum": Text("the subsistence minimum"),
}


@dataclass(frozen=True, slots=True)
class Parameters:
    """Everything the assessment and the deadlines read, validated."""

    regions: Mapping[str, Region]
    poverty_lines: PovertyLineTable
    mrp: DatedAmounts
    subsistence_minimum: DatedAmounts
    farm: FarmNormTable
    calendar: WorkingCalendar
    deadlines: Mapping[str, DeadlineSchedule]
    pension_age: PensionAge
    rule_sets: tuple[RuleSet, ...]
    # published regional subsistence minimums and median incomes (for the administrator)
    regional_figures: RegionalFigures = field(default_factory=RegionalFigures)


def parse_parameters(
    documents: Mapping[str, Any], overlay: Mapping[str, Any] | None = None
) -> Parameters:
    """Validate the shipped documents (and an administrator's overlay) into ``Parameters``.

    ``documents`` maps a document name (``DOCUMENTS``) to its loaded content. Raises
    ``ParameterError`` listing every problem, each with ``<document>#<pointer>``.
    """
    overlay = overlay or {}
    issues: list[Issue] = []
    for name in documents:
        if name not in DOCUMENTS:
            issues.append(Issue("params.unknown_document", Text(
                "Unknown parameter document “{name}”.", name=name), name))
    for name in overlay:
        if name not in DOCUMENTS:
            issues.append(Issue("params.unknown_document", Text(
                "Unknown parameter document “{name}”.", name=name), f"overlay/{name}"))
    for name in ("poverty_lines", "mrp", "calendar", "deadlines", "pension_age"):
        if name not in documents:
            issues.append(Issue("params.missing_document", Text(
                "The parameter document “{name}” is missing.", name=name), name))
    if issues:
        raise ParameterError(issues)

    def read(name: str, parse: Any, origin: str, doc: Any) -> Any:
        reader = Reader()
        value = parse(reader, doc if doc is not None else {}, origin)
        prefix = name if origin == "resources" else f"overlay/{name}"
        issues.extend(issue.at(f"{prefix}#") for issue in reader.issues)
        return value

    def both(name: str, parse: Any) -> tuple[Any, Any]:
        base = read(name, parse, "resources", documents.get(name))
        extra = read(name, parse, "overlay", overlay.get(name)) if name in overlay else None
        return base, extra

    regions, extra_regions = both("regions", _regions)
    lines, extra_lines = both("poverty_lines", _poverty_lines)
    mrp, extra_mrp = both("mrp", _dated_amounts("mrp"))
    pm, extra_pm = both("subsistence_minimum", _subsistence_minimum)
    medians, extra_medians = both("median_income", _median_income)
    farm, extra_farm = both("farm_norms", _farm_norms)
    calendar, extra_calendar = both("calendar", _calendar)
    deadlines, extra_deadlines = both("deadlines", _deadlines)
    pension, extra_pension = both("pension_age", _pension_age)
    rules, extra_rules = both("rules", _rule_overrides)
    if issues:
        raise ParameterError(issues)

    regions = {**regions, **(extra_regions or {})}
    all_lines = {**lines, **(extra_lines or {})}
    for (region, quarter), line in list(all_lines.items()):
        known = regions.get(region)
        if regions and known is None:
            issues.append(Issue("poverty_line.region", Text(
                "Unknown region code “{region}”.", region=region),
                "poverty_lines#/poverty_lines"))
        elif known is not None:
            if not known.exists_in(quarter):
                issues.append(Issue("poverty_line.region_period", Text(
                    "The region “{region}” did not exist in {quarter}.",
                    region=known.name_text(), quarter=quarter_text(quarter)),
                    "poverty_lines#/poverty_lines"))
            all_lines[(region, quarter)] = dataclasses.replace(
                line, region_label=known.name_text(quarter.first_day))
    pm_values, pm_regional = pm
    extra_pm_values, extra_pm_regional = extra_pm or (None, ())
    figures = _merge_figures(pm_regional + medians, extra_pm_regional + (extra_medians or ()))
    for figure in figures:
        if regions and figure.region not in regions:
            document = "subsistence_minimum" \
                if figure.figure is LineFigure.SUBSISTENCE_MINIMUM else "median_income"
            issues.append(Issue("regional_figure.region", Text(
                "Unknown region code “{region}”.", region=figure.region), f"{document}#/regional"))
    if issues:
        raise ParameterError(issues)
    calendar_data: CalendarData = calendar
    if extra_calendar is not None:
        calendar_data = CalendarData(
            fixed=calendar.fixed if not extra_calendar.fixed else extra_calendar.fixed,
            kurban_ait={**calendar.kurban_ait, **extra_calendar.kurban_ait},
            transfers=_merge_transfers(calendar.transfers, extra_calendar.transfers),
        )
    rule_overrides = {**rules, **(extra_rules or {})}
    rule_sets = tuple(
        dataclasses.replace(rule_set, **rule_overrides.get(rule_set.id, {}))
        for rule_set in RULE_SETS
    )
    return Parameters(
        regions=regions,
        poverty_lines=PovertyLineTable(all_lines, regions),
        mrp=_merge_amounts(mrp, extra_mrp),
        subsistence_minimum=_merge_amounts(pm_values, extra_pm_values),
        farm=FarmNormTable(
            norms=farm.norms + (extra_farm.norms if extra_farm else ()),
            declarations=farm.declarations + (extra_farm.declarations if extra_farm else ()),
        ),
        calendar=WorkingCalendar(calendar_data),
        deadlines={**deadlines, **(extra_deadlines or {})},
        pension_age=extra_pension or pension,
        rule_sets=rule_sets,
        regional_figures=RegionalFigures(figures),
    )


def _merge_figures(base: tuple[RegionalFigure, ...],
                   extra: tuple[RegionalFigure, ...]) -> tuple[RegionalFigure, ...]:
    """Shipped figures and the overlay's; an overlay figure replaces the same kind, region
    and period."""
    by_key = {(f.figure, f.region, f.period): f for f in base}
    by_key.update({(f.figure, f.region, f.period): f for f in extra})
    return tuple(by_key[key] for key in sorted(by_key))


def _merge_amounts(base: DatedAmounts, extra: DatedAmounts | None) -> DatedAmounts:
    if extra is None:
        return base
    by_date = {v.effective_from: v for v in base.values}
    by_date.update({v.effective_from: v for v in extra.values})
    return DatedAmounts(base.name, tuple(by_date[d] for d in sorted(by_date)))


def _merge_transfers(
    base: tuple[DayOffTransfer, ...], extra: tuple[DayOffTransfer, ...]
) -> tuple[DayOffTransfer, ...]:
    by_worked = {t.worked: t for t in base}
    by_worked.update({t.worked: t for t in extra})
    return tuple(by_worked[d] for d in sorted(by_worked))


# --- one parser per document ---------------------------------------------------------------


def _sourced(reader: Reader, data: dict[str, Any], pointer: str, origin: str) -> Sourced:
    source = reader.text(data, "source", pointer, required=True)
    confirmed = reader.flag(data, "confirmed", pointer, default=True)
    return Sourced(source, confirmed, origin)


def _described_source(reader: Reader, data: dict[str, Any], pointer: str,
                      origin: str) -> Sourced:
    """A source given as written (``source: "…"``) or in both languages (``source: {kk, ru}``),
    with where it can be read (``url``) and when it was read (``read``)."""
    raw = data.get("source")
    wording = None
    if isinstance(raw, dict):
        where = pointer_join(pointer, "source")
        reader.no_other_keys(raw, where, {"kk", "ru"})
        wording = Bilingual(reader.text(raw, "kk", where, required=True),
                            reader.text(raw, "ru", where, required=True))
        source = wording.ru
    else:
        source = reader.text(data, "source", pointer, required=True)
    url = reader.text(data, "url", pointer)
    if url and not url.startswith(("https://", "http://")):
        reader.problem(pointer_join(pointer, "url"), Text(
            "An address beginning with https:// or http:// is expected here."), "input.url")
    return Sourced(source, reader.flag(data, "confirmed", pointer, default=True), origin,
                   wording, url, reader.date(data, "read", pointer))


def _amount(reader: Reader, data: dict[str, Any], key: str, pointer: str) -> int:
    """An amount in tenge (``14849`` or ``"6487.50"``) as tiyn."""
    value = data.get(key)
    where = pointer_join(pointer, key)
    if value is None:
        reader.problem(where, Text("This field is required."), "input.required")
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        reader.problem(where, Text("An amount in tenge is expected here."), "input.type")
        return 0
    try:
        amount = tenge(repr(value) if isinstance(value, float) else value)
    except (ValueError, ZeroDivisionError):
        reader.problem(where, Text(
            "An amount in tenge with at most two decimals is expected here."), "input.amount")
        return 0
    if amount < 0:
        reader.problem(where, Text("The amount must not be negative."), "input.range")
        return 0
    return amount


def _positive_amount(reader: Reader, data: dict[str, Any], key: str, pointer: str) -> int:
    """An amount in tenge as tiyn that must be greater than zero (a published figure)."""
    before = len(reader.issues)
    amount = _amount(reader, data, key, pointer)
    if amount == 0 and len(reader.issues) == before:
        reader.problem(pointer_join(pointer, key), Text(
            "A figure of zero is not a real figure."), "input.range")
    return amount


def _regions(reader: Reader, doc: Any, origin: str) -> dict[str, Region]:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"regions"})
    regions: dict[str, Region] = {}
    for where, item in reader.items(data.get("regions"), "/regions"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"code", "name_kk", "name_ru", "from", "until",
                                            "former_names", "source", "note"})
        code = reader.text(entry, "code", where, required=True)
        valid_from = reader.date(entry, "from", where)
        valid_until = reader.date(entry, "until", where)
        if valid_from and valid_until and valid_until < valid_from:
            reader.problem(pointer_join(where, "until"), Text(
                "The last day is before the first day."), "input.range")
        former: list[FormerName] = []
        for fwhere, fitem in reader.items(entry.get("former_names"),
                                          pointer_join(where, "former_names")):
            fentry = reader.object(fitem, fwhere)
            reader.no_other_keys(fentry, fwhere, {"until", "name_kk", "name_ru"})
            until = reader.date(fentry, "until", fwhere, required=True)
            if until is not None:
                former.append(FormerName(until, reader.text(fentry, "name_kk", fwhere,
                                                            required=True),
                                         reader.text(fentry, "name_ru", fwhere, required=True)))
        if code in regions:
            reader.problem(where, Text("The region “{region}” is given twice.", region=code),
                           "input.duplicate")
        regions[code] = Region(code, reader.text(entry, "name_kk", where, required=True),
                               reader.text(entry, "name_ru", where, required=True),
                               valid_from, valid_until,
                               tuple(sorted(former, key=lambda name: name.until)))
    return regions


def _line_basis(reader: Reader, entry: dict[str, Any], where: str) -> LineFigures | None:
    if "basis" not in entry:
        return None
    bwhere = pointer_join(where, "basis")
    basis = reader.object(entry["basis"], bwhere)
    reader.no_other_keys(basis, bwhere, {figure.value for figure in LineFigure})
    values = {figure: _positive_amount(reader, basis, figure.value, bwhere)
              for figure in LineFigure if figure.value in basis}
    return LineFigures(values.get(LineFigure.SUBSISTENCE_MINIMUM),
                       values.get(LineFigure.MEDIAN_INCOME))


def _poverty_lines(
    reader: Reader, doc: Any, origin: str
) -> dict[tuple[str, Quarter], PovertyLine]:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"poverty_lines"})
    lines: dict[tuple[str, Quarter], PovertyLine] = {}
    for where, item in reader.items(data.get("poverty_lines"), "/poverty_lines"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"region", "quarter", "amount", "source", "confirmed",
                                            "note", "basis", "url", "read"})
        region = reader.text(entry, "region", where, required=True)
        quarter = reader.quarter(entry, "quarter", where, required=True)
        amount = _amount(reader, entry, "amount", where)
        if amount == 0 and "amount" in entry and isinstance(entry["amount"], int | str):
            reader.problem(pointer_join(where, "amount"), Text(
                "A poverty line of zero is not a real line."), "input.range")
        sourced = _described_source(reader, entry, where, origin)
        before = len(reader.issues)
        basis = _line_basis(reader, entry, where)
        if quarter is None:
            continue
        if basis is not None and len(reader.issues) == before:  # each figure read well
            _check_basis(reader, where, quarter, basis, amount)
        if (region, quarter) in lines:
            reader.problem(where, Text(
                "The poverty line of “{region}” for {quarter} is given twice.",
                region=region, quarter=quarter_text(quarter)), "input.duplicate")
        lines[(region, quarter)] = PovertyLine(region, quarter, amount, sourced, basis)
    return lines


def _check_basis(reader: Reader, where: str, quarter: Quarter, basis: LineFigures,
                 amount: int) -> None:
    """A line given with its figures must be the line those figures give."""
    try:
        computed = compute_line(quarter, basis)
    except LineFigureError as error:
        for issue in error.issues:
            pointer = where if issue.pointer == "quarter" else \
                pointer_join(pointer_join(where, "basis"), issue.pointer)
            reader.problem(pointer, issue.message, issue.code)
        return
    if amount and computed.amount != amount:
        reader.problem(pointer_join(where, "amount"), Text(
            "The figures give a poverty line of {computed}, not {amount}.",
            computed=Money(computed.amount), amount=Money(amount)), "poverty_line.basis")


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _regional_figures(reader: Reader, data: dict[str, Any], key: str, figure: LineFigure,
                      origin: str, *, months: bool) -> tuple[RegionalFigure, ...]:
    found: dict[tuple[str, str], RegionalFigure] = {}
    for where, item in reader.items(data.get(key), f"/{key}"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"region", "period", "amount", "source", "url",
                                            "read", "confirmed", "note"})
        region = reader.text(entry, "region", where, required=True)
        period = reader.text(entry, "period", where, required=True)
        amount = _positive_amount(reader, entry, "amount", where)
        sourced = _described_source(reader, entry, where, origin)
        quarter = _period_quarter(period, months)
        if period and quarter is None:
            reader.problem(pointer_join(where, "period"), Text(
                "A month as YYYY-MM or a quarter as YYYY-Qn is expected here.") if months else
                Text("A quarter as YYYY-Qn (for example 2025-Q2) is expected here."),
                "input.period")
        if quarter is None:
            continue
        if (region, period) in found:
            reader.problem(where, Text("The figure of “{region}” for {period} is given twice.",
                                       region=region, period=period), "input.duplicate")
        found[(region, period)] = RegionalFigure(region, figure, period, quarter, amount,
                                                 sourced)
    return tuple(found.values())


def _period_quarter(period: str, months: bool) -> Quarter | None:
    try:
        return Quarter.parse(period)
    except ValueError:
        pass
    match = _MONTH.match(period.strip()) if months else None
    if match is None:
        return None
    return Quarter.of(dt.date(int(match.group(1)), int(match.group(2)), 1))


def _subsistence_minimum(
    reader: Reader, doc: Any, origin: str
) -> tuple[DatedAmounts, tuple[RegionalFigure, ...]]:
    """The budget-law subsistence minimum by date (``values``) and the regional ones the
    statistics bureau publishes by month or quarter (``regional``)."""
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"values", "regional"})
    dated = _dated_amounts("subsistence_minimum")(reader, {"values": data.get("values")}, origin)
    return dated, _regional_figures(reader, data, "regional", LineFigure.SUBSISTENCE_MINIMUM,
                                    origin, months=True)


def _median_income(reader: Reader, doc: Any, origin: str) -> tuple[RegionalFigure, ...]:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"regional"})
    return _regional_figures(reader, data, "regional", LineFigure.MEDIAN_INCOME, origin,
                             months=False)


def _dated_amounts(name: str) -> Any:
    def parse(reader: Reader, doc: Any, origin: str) -> DatedAmounts:
        data = reader.object(doc, "")
        reader.no_other_keys(data, "", {"values"})
        values: dict[dt.date, DatedAmount] = {}
        for where, item in reader.items(data.get("values"), "/values"):
            entry = reader.object(item, where)
            reader.no_other_keys(entry, where, {"from", "amount", "source", "confirmed", "note"})
            start = reader.date(entry, "from", where, required=True)
            amount = _amount(reader, entry, "amount", where)
            sourced = _sourced(reader, entry, where, origin)
            if start is None:
                continue
            if start in values:
                reader.problem(where, Text("The date {date} is given twice.", date=start),
                               "input.duplicate")
            values[start] = DatedAmount(start, amount, sourced)
        return DatedAmounts(name, tuple(values[d] for d in sorted(values)))

    return parse


def _farm_norms(reader: Reader, doc: Any, origin: str) -> FarmNormTable:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"norms", "non_income_declarations"})
    norms: list[FarmNorms] = []
    for where, item in reader.items(data.get("norms"), "/norms"):
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"region", "from", "livestock", "land", "source",
                                            "confirmed", "note"})
        region = reader.text(entry, "region", where, required=True)
        start = reader.date(entry, "from", where, required=True)
        sourced = _sourced(reader, entry, where, origin)
        livestock: list[LivestockNorm] = []
        for lwhere, litem in reader.items(entry.get("livestock"), f"{where}/livestock"):
            lentry = reader.object(litem, lwhere)
            kind = reader.choice(lentry, "kind", lwhere, LivestockKind, required=True)
            min_age = reader.integer(lentry, "min_age", lwhere, default=0)
            max_age = reader.integer(lentry, "max_age", lwhere, default=99)
            monthly = _amount(reader, lentry, "monthly_per_head", lwhere)
            if max_age < min_age:
                reader.problem(lwhere, Text("max_age is below min_age."), "input.range")
            if kind is not None:
                livestock.append(LivestockNorm(kind, min_age, max_age, monthly))
        land: dict[LandKind, int] = {}
        land_data = reader.object(entry.get("land", {}), f"{where}/land")
        for key in land_data:
            try:
                land_kind = LandKind(key)
            except ValueError:
                reader.problem(pointer_join(f"{where}/land", key), Text(
                    "“{value}” is not one of: {choices}.", value=key,
                    choices=", ".join(k.value for k in LandKind)), "input.choice")
                continue
            land[land_kind] = _amount(reader, land_data, key, f"{where}/land")
        if start is not None:
            norms.append(FarmNorms(region, start, tuple(livestock), land, sourced.source))
    declarations: list[NonIncomeDeclaration] = []
    for where, item in reader.items(data.get("non_income_declarations"),
                                    "/non_income_declarations"):
        entry = reader.object(item, where)
        region = reader.text(entry, "region", where, required=True)
        district = reader.text(entry, "district", where)
        start = reader.date(entry, "from", where, required=True)
        sourced = _sourced(reader, entry, where, origin)
        if start is not None:
            declarations.append(NonIncomeDeclaration(
                region, district, start, reader.flag(entry, "livestock", where),
                reader.flag(entry, "land", where), sourced.source))
    return FarmNormTable(tuple(norms), tuple(declarations))


def _calendar(reader: Reader, doc: Any, origin: str) -> CalendarData:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"fixed_holidays", "kurban_ait", "transfers"})
    fixed: list[FixedHoliday] = []
    for where, item in reader.items(data.get("fixed_holidays"), "/fixed_holidays"):
        entry = reader.object(item, where)
        code = reader.text(entry, "code", where, required=True)
        if code and code not in HOLIDAY_NAMES:
            reader.problem(pointer_join(where, "code"), Text(
                "“{value}” is not one of: {choices}.", value=code,
                choices=", ".join(HOLIDAY_NAMES)), "input.choice")
            continue
        month = reader.integer(entry, "month", where, required=True, minimum=1)
        day = reader.integer(entry, "day", where, required=True, minimum=1)
        try:
            dt.date(2000, month, day)
        except ValueError:
            reader.problem(where, Text("Not a real day of the year."), "input.date")
            continue
        fixed.append(FixedHoliday(
            code, month, day, reader.flag(entry, "moves", where, default=True),
            reader.integer(entry, "first_year", where, default=1),
            reader.integer(entry, "last_year", where, default=9999)))
    kurban: dict[int, dt.date] = {}
    for where, item in reader.items(data.get("kurban_ait"), "/kurban_ait"):
        entry = reader.object(item, where)
        date = reader.date(entry, "date", where, required=True)
        _sourced(reader, entry, where, origin)
        if date is not None:
            if date.year in kurban:
                reader.problem(where, Text("The year {year} is given twice.", year=date.year),
                               "input.duplicate")
            kurban[date.year] = date
    transfers: list[DayOffTransfer] = []
    for where, item in reader.items(data.get("transfers"), "/transfers"):
        entry = reader.object(item, where)
        worked = reader.date(entry, "worked", where, required=True)
        rested = reader.date(entry, "rested", where, required=True)
        sourced = _sourced(reader, entry, where, origin)
        if worked is not None and worked.weekday() < 5:
            reader.problem(pointer_join(where, "worked"), Text(
                "A transferred working day must be a Saturday or Sunday."), "input.date")
        if worked is not None and rested is not None:
            transfers.append(DayOffTransfer(worked, rested, sourced.source))
    return CalendarData(tuple(fixed), kurban, tuple(transfers))


def _deadlines(reader: Reader, doc: Any, origin: str) -> dict[str, DeadlineSchedule]:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"schedules"})
    schedules: dict[str, DeadlineSchedule] = {}
    raw = reader.object(data.get("schedules", {}), "/schedules")
    for schedule_id, item in raw.items():
        where = pointer_join("/schedules", schedule_id)
        entry = reader.object(item, where)
        source = reader.text(entry, "source", where, required=True)
        channels: dict[Channel, ChannelSchedule] = {}
        raw_channels = reader.object(entry.get("channels", {}), f"{where}/channels")
        for channel_name, channel_item in raw_channels.items():
            cwhere = pointer_join(f"{where}/channels", channel_name)
            try:
                channel = Channel(channel_name)
            except ValueError:
                reader.problem(cwhere, Text("“{value}” is not one of: {choices}.",
                               value=channel_name, choices=", ".join(c.value for c in Channel)),
                               "input.choice")
                continue
            centry = reader.object(channel_item, cwhere)
            steps: list[StepTerm] = []
            for swhere, step_item in reader.items(centry.get("steps"), f"{cwhere}/steps"):
                sentry = reader.object(step_item, swhere)
                step = reader.text(sentry, "step", swhere, required=True)
                if step and step not in STEP_NAMES:
                    reader.problem(pointer_join(swhere, "step"), Text(
                        "“{value}” is not one of: {choices}.", value=step,
                        choices=", ".join(STEP_NAMES)), "input.choice")
                    continue
                steps.append(StepTerm(
                    step, reader.integer(sentry, "working_days", swhere),
                    reader.integer(sentry, "minutes", swhere),
                    reader.flag(sentry, "from_acceptance", swhere)))
            total = centry.get("total_working_days")
            extension = centry.get("extension_calendar_days")
            channels[channel] = ChannelSchedule(
                tuple(steps),
                reader.integer(centry, "total_working_days", cwhere) if total is not None
                else None,
                reader.integer(centry, "extension_calendar_days", cwhere)
                if extension is not None else None,
                reader.text(centry, "source", cwhere),
            )
        schedules[schedule_id] = DeadlineSchedule(schedule_id, channels, source)
    return schedules


def _pension_age(reader: Reader, doc: Any, origin: str) -> PensionAge:
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"men", "women", "source", "confirmed"})
    _sourced(reader, data, "", origin)
    tables: list[dict[int, int]] = []
    for sex in ("men", "women"):
        table: dict[int, int] = {}
        for where, item in reader.items(data.get(sex), f"/{sex}"):
            entry = reader.object(item, where)
            year = reader.integer(entry, "from_year", where, required=True, minimum=1900)
            years = reader.integer(entry, "years", where, required=True, minimum=40)
            months = reader.integer(entry, "months", where, default=0)
            table[year] = years * 12 + months
        if not table:
            reader.problem(f"/{sex}", Text("This field is required."), "input.required")
            table[1900] = 0
        tables.append(table)
    return PensionAge(tables[0], tables[1])


def _rule_overrides(reader: Reader, doc: Any, origin: str) -> dict[str, dict[str, Any]]:
    """Per rule set, the parameters the research could not confirm (docs/rules.md)."""
    data = reader.object(doc, "")
    reader.no_other_keys(data, "", {"rule_sets"})
    known = {rule_set.id for rule_set in RULE_SETS}
    result: dict[str, dict[str, Any]] = {}
    raw = reader.object(data.get("rule_sets", {}), "/rule_sets")
    for rule_set_id, item in raw.items():
        where = pointer_join("/rule_sets", rule_set_id)
        if rule_set_id not in known:
            reader.problem(where, Text("“{value}” is not one of: {choices}.", value=rule_set_id,
                           choices=", ".join(sorted(known))), "input.choice")
            continue
        entry = reader.object(item, where)
        reader.no_other_keys(entry, where, {"per_capita_rounding", "amount_rounding",
                                            "excluded_income_sources", "excluded_income_kinds",
                                            "source", "confirmed"})
        changes: dict[str, Any] = {}
        for key in ("per_capita_rounding", "amount_rounding"):
            if key in entry:
                rwhere = pointer_join(where, key)
                rounding = reader.object(entry[key], rwhere)
                mode = reader.choice(rounding, "mode", rwhere, RoundingMode, required=True,
                                     default=RoundingMode.HALF_UP)
                unit = reader.integer(rounding, "unit", rwhere, default=1, minimum=1)
                changes[key] = Rounding(mode or RoundingMode.HALF_UP, unit)
        if "excluded_income_sources" in entry:
            changes["excluded_sources"] = frozenset(
                reader.choices(entry, "excluded_income_sources", where, IncomeSource))
        if "excluded_income_kinds" in entry:
            changes["excluded_kinds"] = frozenset(
                reader.choices(entry, "excluded_income_kinds", where, IncomeKind))
        result[rule_set_id] = changes
    return result
