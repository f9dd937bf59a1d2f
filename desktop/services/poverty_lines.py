"""The district administrator's poverty lines: list them, add a quarter's line.

A line is entered as it is, or as the published figures it is computed from (the regional
subsistence minimum and, from 2025, the median income of the quarter before); then the rule in
force for that quarter computes it (``desktop.domain.poverty_line``) and the line is stored with
its figures. Shipped lines come with the release; the administrator's lines go to the parameter
overlay folder, so a new quarter never waits for a new release.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain.issues import ParameterError
from desktop.domain.money import Money, tenge
from desktop.domain.parameters import Parameters, Region, RegionalFigure
from desktop.domain.poverty_line import (
    ComputedLine,
    LineFigure,
    LineFigureError,
    LineFigures,
    compute_line,
)
from desktop.domain.quarters import Quarter, quarter_text
from desktop.domain.text import Text, as_written
from desktop.parameters.store import (
    add_poverty_line,
    default_overlay_dir,
    load_parameters,
    tenge_text,
)
from desktop.storage.textkeys import sort_key

SOURCE_MAX = 300  # characters of the act's citation the administrator types


@dataclass(frozen=True, slots=True)
class PovertyLineRow:
    region: Region
    region_name: Text  # as the region was called in the quarter
    quarter: Quarter
    amount_tiyn: int
    source: Text  # the act or publication, in the reader's language
    confirmed: bool
    added_here: bool  # from the administrator's overlay, not shipped
    formula: Text | None  # how it was computed from its figures, when they are given


def region_name(region: Region, lang: str) -> str:
    return region.name_ru if lang == "ru" else region.name_kk


def regions(parameters: Parameters, lang: str = "kk",
            quarter: Quarter | None = None) -> list[Region]:
    """The regions by their name in ``lang`` (Kazakh alphabet order); with ``quarter``, only
    those that existed in it (no South Kazakhstan after 2018, no Abai before 2022)."""
    found = [r for r in parameters.regions.values() if quarter is None or r.exists_in(quarter)]
    return sorted(found, key=lambda region: sort_key(region_name(region, lang)))


def find_region(parameters: Parameters, text: str) -> Region | None:
    """A region by its code or by its name in either language (case and spacing ignored)."""
    wanted = sort_key(text)
    for region in parameters.regions.values():
        if wanted in (sort_key(region.code), sort_key(region.name_kk), sort_key(region.name_ru)):
            return region
    return None


def rows(parameters: Parameters, lang: str = "kk") -> list[PovertyLineRow]:
    """Every known line, newest quarter first, then by region name in ``lang``."""
    found = []
    for line in parameters.poverty_lines.lines.values():
        region = parameters.regions.get(line.region, Region(line.region, line.region,
                                                            line.region))
        computed = line.computed
        found.append(PovertyLineRow(
            region=region,
            region_name=line.region_name,
            quarter=line.quarter,
            amount_tiyn=line.amount,
            source=line.source,
            confirmed=line.sourced.confirmed,
            added_here=line.sourced.origin == "overlay",
            formula=computed.formula if computed else None,
        ))
    return sorted(found, key=lambda row: (-row.quarter.year, -row.quarter.number,
                                          sort_key(region_name(row.region, lang))))


def parse_amount(text: str) -> int:
    """Tiyn from what a person types: «45 000», «45000,50», «45 000.5»."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
    if not cleaned:
        raise ValueError("empty")
    amount = tenge(cleaned)
    if amount <= 0:
        raise ValueError("not positive")
    return amount


@dataclass(frozen=True, slots=True)
class AddLineProblems:
    """What is wrong with a new line, by field: ``region``, ``quarter``, ``amount``,
    ``subsistence_minimum``, ``median_income``, ``source``."""

    by_field: dict[str, Text]


@dataclass(frozen=True, slots=True)
class LinePreview:
    """The line as it will be stored: its amount and, when figures were given, how."""

    amount: int  # tiyn
    computed: ComputedLine | None


_NOT_AN_AMOUNT = Text("Enter an amount in tenge, greater than zero, with at most two decimals.")


def preview(region: str, quarter: Quarter, amount_text: str = "", *,
            subsistence_minimum: str = "", median_income: str = "",
            parameters: Parameters | None = None) -> AddLineProblems | LinePreview:
    """The line the entry gives, or the problems by field; nothing is written.

    The line itself (``amount_text``) or its figures: with figures, the rule in force for the
    quarter computes it; with both, they must agree.
    """
    problems: dict[str, Text] = {}
    if parameters is not None:
        known = parameters.regions.get(region)
        if known is None:
            problems["region"] = Text("Choose a region from the list.")
        elif not known.exists_in(quarter):
            problems["region"] = Text("The region “{region}” did not exist in this quarter.",
                                      region=known.name_text())
    amount: int | None = None
    if amount_text.strip():
        try:
            amount = parse_amount(amount_text)
        except ValueError:
            problems["amount"] = _NOT_AN_AMOUNT
    typed = {LineFigure.SUBSISTENCE_MINIMUM: subsistence_minimum,
             LineFigure.MEDIAN_INCOME: median_income}
    figures: dict[LineFigure, int] = {}
    for figure, text in typed.items():
        if text.strip():
            try:
                figures[figure] = parse_amount(text)
            except ValueError:
                problems[figure.value] = _NOT_AN_AMOUNT
    figure_typed = any(text.strip() for text in typed.values())
    if amount is None and not figure_typed and "amount" not in problems:
        problems["amount"] = Text("Enter the poverty line, or the figures it is computed from.")
    computed = None
    if figure_typed:
        try:
            computed = compute_line(quarter, LineFigures(
                figures.get(LineFigure.SUBSISTENCE_MINIMUM),
                figures.get(LineFigure.MEDIAN_INCOME)))
        except LineFigureError as error:
            for issue in error.issues:  # a figure typed wrong keeps its own message
                problems.setdefault(issue.pointer, issue.message)
    if computed is not None and amount is not None and computed.amount != amount:
        problems["amount"] = Text("The figures give a poverty line of {computed}, not "
                                  "{amount}.", computed=Money(computed.amount),
                                  amount=Money(amount))
    if problems:
        return AddLineProblems(problems)
    if computed is not None:
        return LinePreview(computed.amount, computed)
    assert amount is not None
    return LinePreview(amount, None)


def add_line(region: str, quarter: Quarter, amount_text: str, source: str,
             overlay_dir: Path | None = None, *, subsistence_minimum: str = "",
             median_income: str = "", parameters: Parameters | None = None,
             ) -> AddLineProblems | Path:
    """Validate and store one line (with its figures when they were given); the problems by
    field, or the file written. ``parameters`` lets the region be checked before anything is
    read from disk (the loader checks it again when the line is written)."""
    result = preview(region, quarter, amount_text, subsistence_minimum=subsistence_minimum,
                     median_income=median_income, parameters=parameters)
    problems = dict(result.by_field) if isinstance(result, AddLineProblems) else {}
    if not source.strip():
        problems["source"] = Text(
            "Name the act that set the line (the akimat's resolution, its number and date).")
    elif len(source.strip()) > SOURCE_MAX:
        problems["source"] = Text("At most {count} characters.", count=SOURCE_MAX)
    if problems or isinstance(result, AddLineProblems):
        return AddLineProblems(problems)
    basis = result.computed.figures if result.computed else None
    try:
        return add_poverty_line(overlay_dir or default_overlay_dir(), region, quarter,
                                tenge_text(result.amount), " ".join(source.split()),
                                basis=basis)
    except ParameterError as error:
        issue = error.issues[0]
        field = "source" if "/source" in issue.pointer else "region"
        return AddLineProblems({field: issue.message})


def published_figures(parameters: Parameters, region: str,
                      quarter: Quarter) -> tuple[RegionalFigure, ...]:
    """The shipped figures of ``region`` for the quarter before ``quarter`` (the quarter the
    line of ``quarter`` is computed from), months in order."""
    found = parameters.regional_figures.of(region, quarter.previous())
    return tuple(sorted(found, key=lambda figure: (figure.figure, figure.period)))


def figure_text(figure: RegionalFigure) -> Text:
    """«08.2025: 59 245,00 ₸ (source)»: a published figure as the dialog lists it (a month as
    MM.yyyy, the date format of both languages; a quarter by name)."""
    if figure.monthly:
        year, month = figure.period.split("-")
        period = as_written(f"{month}.{year}")
    else:
        period = quarter_text(figure.quarter)
    return Text("{period}: {amount} ({source})", period=period, amount=Money(figure.amount),
                source=figure.sourced.text)


def current_parameters(overlay_dir: Path | None = None) -> Parameters:
    return load_parameters(overlay_dir)
