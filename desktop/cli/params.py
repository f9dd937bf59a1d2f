"""``komek params``: the poverty lines a desk knows, and adding a new quarter's line.

A line is added as it is (``--amount``) or as the published figures it is computed from
(``--subsistence-minimum``, and from 2025 ``--median-income``): then the rule in force for the
quarter computes it, and the computation is printed with its acts.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop import i18n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options, params_dir
from desktop.domain.issues import ParameterError
from desktop.domain.quarters import Quarter, quarter_text
from desktop.services import poverty_lines
from desktop.startup import system_language

OPTIONS = {"region": "--region", "quarter": "--quarter", "amount": "--amount",
           "subsistence_minimum": "--subsistence-minimum", "median_income": "--median-income",
           "source": "--source"}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "params", help=_("poverty lines: list them or add a quarter's line"))
    add_common_options(parser)
    actions = parser.add_subparsers(dest="params_command", metavar="ACTION", required=True)
    listing = actions.add_parser("poverty-lines",
                                 help=_("list the poverty lines by region and quarter"))
    add_common_options(listing)
    add = actions.add_parser(
        "add-poverty-line", help=_("add or replace a quarter's poverty line: the line itself, "
                                   "or the figures it is computed from"))
    add_common_options(add)
    add.add_argument("--region", required=True,
                     help=_("the region by its name or code, e.g. \"Ақтөбе облысы\" or aktobe"))
    add.add_argument("--quarter", required=True, help=_("quarter as YYYY-Qn, e.g. 2026-Q4"))
    add.add_argument("--amount", default="", help=_("the line in tenge, e.g. 45000"))
    add.add_argument("--subsistence-minimum", default="",
                     help=_("the region's subsistence minimum of the quarter before, in tenge"))
    add.add_argument("--median-income", default="",
                     help=_("the median income of the quarter before, in tenge (from 2025)"))
    add.add_argument("--source", required=True,
                     help=_("the act that set it: the akimat's resolution, number and date"))
    return parser


def run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or system_language()
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    try:
        if args.params_command == "poverty-lines":
            return _list(args, lang)
        return _add(args, lang)
    except ParameterError as error:
        for issue in error.issues:
            print(f"{issue.pointer}: {i18n.render(issue.message, lang)}", file=sys.stderr)
        return 3


def _list(args: argparse.Namespace, lang: str) -> int:
    parameters = poverty_lines.current_parameters(params_dir(args))
    not_confirmed = i18n._("not confirmed", lang)
    for row in poverty_lines.rows(parameters, lang):
        mark = "*" if row.added_here else " "
        name = i18n.render(row.region_name, lang)
        print(f"{mark} {i18n.render(quarter_text(row.quarter), lang):<22} "
              f"{i18n.format_money(row.amount_tiyn, lang):>14}  {name}")
        source = i18n.render(row.source, lang)
        print(f"    {source}" + ("" if row.confirmed else f" ({not_confirmed})"))
        if row.formula is not None:
            print(f"    {i18n.render(row.formula, lang)}")
    return 0


def _add(args: argparse.Namespace, lang: str) -> int:
    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError:
        print(i18n._("The quarter must be written as YYYY-Qn, e.g. 2026-Q4.", lang),
              file=sys.stderr)
        return 2
    parameters = poverty_lines.current_parameters(params_dir(args))
    region = poverty_lines.find_region(parameters, args.region)
    if region is None:
        print("--region: " + i18n._("No such region. The regions are:", lang), file=sys.stderr)
        for known in poverty_lines.regions(parameters, lang, quarter):
            print(f"  {poverty_lines.region_name(known, lang)}", file=sys.stderr)
        return 2
    result = poverty_lines.add_line(region.code, quarter, args.amount, args.source,
                                    params_dir(args), subsistence_minimum=args.subsistence_minimum,
                                    median_income=args.median_income, parameters=parameters)
    if isinstance(result, poverty_lines.AddLineProblems):
        for field, message in result.by_field.items():
            print(f"{OPTIONS.get(field, field)}: {i18n.render(message, lang)}", file=sys.stderr)
        return 2
    checked = poverty_lines.preview(region.code, quarter, args.amount,
                                    subsistence_minimum=args.subsistence_minimum,
                                    median_income=args.median_income)
    assert isinstance(checked, poverty_lines.LinePreview)  # the same entry was just stored
    print(i18n._("Saved: {path}", lang).format(path=result))
    name = i18n.render(region.name_text(quarter.first_day), lang)
    print(f"{name}, {i18n.render(quarter_text(quarter), lang)}: "
          f"{i18n.format_money(checked.amount, lang)}")
    if checked.computed is not None:
        rule = checked.computed.rule
        print(i18n._("Computed: {formula}", lang).format(
            formula=i18n.render(checked.computed.formula, lang)))
        print(i18n._("Rule: {rule}", lang).format(rule=i18n.render(rule.statement, lang)))
        print(i18n._("Acts: {acts}", lang).format(acts=i18n.render(rule.sources, lang)))
    print(i18n._("Source: {source}", lang).format(source=" ".join(args.source.split())))
    return 0
