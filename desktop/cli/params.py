"""``komek params``: the poverty lines a desk knows, and adding a new quarter's line."""

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


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "params", help=_("poverty lines: list them or add a quarter's line"))
    add_common_options(parser)
    actions = parser.add_subparsers(dest="params_command", metavar="ACTION", required=True)
    listing = actions.add_parser("poverty-lines",
                                 help=_("list the poverty lines by region and quarter"))
    add_common_options(listing)
    add = actions.add_parser("add-poverty-line", help=_("add or replace a quarter's poverty line"))
    add_common_options(add)
    add.add_argument("--region", required=True, help=_("region code, e.g. karaganda"))
    add.add_argument("--quarter", required=True, help=_("quarter as YYYY-Qn, e.g. 2026-Q4"))
    add.add_argument("--amount", required=True, help=_("the line in tenge, e.g. 45000"))
    add.add_argument("--source", required=True,
                     help=_("the act that set it: the akimat's decision, number and date"))
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
    for row in poverty_lines.rows(parameters):
        name = row.region.name_ru if lang == "ru" else row.region.name_kk
        mark = "*" if row.added_here else " "
        print(f"{mark} {row.region.code:<18} {i18n.render(quarter_text(row.quarter), lang):<22} "
              f"{i18n.format_money(row.amount_tiyn, lang):>14}  {name}  [{row.source}]")
    return 0


def _add(args: argparse.Namespace, lang: str) -> int:
    try:
        quarter = Quarter.parse(args.quarter)
    except ValueError:
        print(i18n._("The quarter must be written as YYYY-Qn, e.g. 2026-Q4.", lang),
              file=sys.stderr)
        return 2
    result = poverty_lines.add_line(args.region, quarter, args.amount, args.source,
                                    params_dir(args))
    if isinstance(result, poverty_lines.AddLineProblems):
        for field, message in result.by_field.items():
            print(f"--{field}: {i18n.render(message, lang)}", file=sys.stderr)
        return 2
    print(i18n._("Saved: {path}", lang).format(path=result))
    return 0
