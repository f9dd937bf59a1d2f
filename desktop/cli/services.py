"""``komek services``: the catalogue of services, one service in full, the maslikhat's decisions.

    komek services [list] [--lang kk|ru]      every service: taken here or where to go instead
    komek services show CODE [--lang kk|ru]   one service: its regulation, channels, documents,
                                              steps with their terms, result documents
    komek services decisions                  the maslikhat's decisions the desk knows
    komek services add-decision FILE.yaml     enter a maslikhat's decision (checked first)

Exit codes: 0 done; 2 a wrong argument (an unknown service, a decision that does not check);
3 the catalogue or a parameter document is broken (each problem on standard error).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from desktop import i18n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options, params_dir
from desktop.domain.issues import ParameterError
from desktop.startup import system_language

EXIT_OK = 0
EXIT_BAD_ARGUMENT = 2
EXIT_BROKEN = 3


def _options(parser: argparse.ArgumentParser) -> None:
    _ = cli_gettext()
    add_common_options(parser)
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of the output: kk or ru"))


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "services", help=_("the state services of the catalogue: list, show one, the "
                           "maslikhat's decisions"))
    _options(parser)
    actions = parser.add_subparsers(dest="services_command", metavar="ACTION")
    _options(actions.add_parser("list", help=_("every service: taken here, or where to go")))
    show = actions.add_parser("show", help=_("one service in full"))
    show.add_argument("code", help=_("the service's code, as the list gives it"))
    _options(show)
    _options(actions.add_parser("decisions",
                                help=_("the maslikhat's decisions this desk knows")))
    add = actions.add_parser("add-decision", help=_("enter a maslikhat's decision from a file"))
    add.add_argument("file", metavar="FILE.yaml",
                     help=_("one decision, in the form of docs/services.md"))
    _options(add)
    return parser


def run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or system_language()
    if lang not in i18n.LANGUAGES:
        lang = i18n.DEFAULT_LANGUAGE
    from desktop.catalog import CatalogueError

    command = getattr(args, "services_command", None) or "list"
    try:
        if command == "show":
            return _show(args.code, lang)
        if command == "decisions":
            return _decisions(args, lang)
        if command == "add-decision":
            return _add_decision(args, lang)
        return _list(lang)
    except CatalogueError as error:
        print(i18n._("The catalogue of services is broken:", lang), file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BROKEN
    except ParameterError as error:
        for issue in error.issues:
            print(f"{issue.pointer}: {i18n.render(issue.message, lang)}", file=sys.stderr)
        return EXIT_BROKEN


def _text(value: Any, lang: str) -> str:
    """A text of the catalogue in ``lang`` (a quote's text, or the text itself)."""
    from desktop.catalog.model import Quote

    if isinstance(value, Quote):
        value = value.text
    return str(value.kk if lang == "kk" else value.ru)


def _list(lang: str) -> int:
    from desktop.catalog import catalogue

    _ = i18n.translator(lang).gettext
    services = catalogue()
    print(_("Services taken at this desk:"))
    for service in services.provided():
        marker = service.marker or "—"
        flags = []
        if service.computes:
            flags.append(_("computes"))
        if service.handled_by:
            flags.append(_("issued by IIN"))
        if service.in_force.end is not None:
            flags.append(_("until {date}").format(date=i18n.format_date(service.in_force.end)))
        channels = ", ".join(i18n.render(_channel(c.channel), lang) for c in service.channels)
        print(f"  {service.code:<24} {marker:<3}  {_text(service.short_title, lang)}")
        print(f"  {'':<24} {'':<3}  {channels}{'; ' if flags else ''}{'; '.join(flags)}")
    print()
    print(_("Services not taken here (where the applicant goes):"))
    for service in services.not_provided():
        print(f"  {service.code:<24}      {_text(service.title, lang)}")
        where = service.where
        if where is not None:
            print(f"  {'':<24}      → {_text(where, lang)}")
    return EXIT_OK


def _channel(channel: Any) -> Any:
    from desktop.domain.case_status import channel_label

    return channel_label(channel)


def _term(term: Any, lang: str) -> str:
    _ = i18n.translator(lang).gettext
    parts = []
    if term.working_days:
        parts.append(_("{n} working days").format(n=term.working_days))
    hours, minutes = divmod(term.minutes, 60)
    if hours:
        parts.append(_("{n} h").format(n=hours))
    if minutes:
        parts.append(_("{n} min").format(n=minutes))
    return " ".join(parts)


def _show(code: str, lang: str) -> int:
    from desktop.catalog import UnknownServiceError, catalogue
    from desktop.domain.deadlines import STEP_NAMES

    _ = i18n.translator(lang).gettext
    try:
        service = catalogue().get(code)
    except UnknownServiceError:
        print(_("No service has the code “{code}”: see komek services list.").format(
            code=code), file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    print(_text(service.title, lang))
    code_label, marker_label = _("Code"), _("Marker of the numbers")
    print(f"  {code_label}: {service.code}   {marker_label}: {service.marker or '—'}")
    for regulation in service.regulations:
        end = i18n.format_date(regulation.in_force.end) if regulation.in_force.end else "…"
        print(f"  {_text(regulation.act, lang)} "
              f"({i18n.format_date(regulation.in_force.start)} – {end})")
    if service.end is not None:
        print(f"  {_text(service.end, lang)}")
    if not service.provided:
        where = service.where
        if where is not None:
            label = _("Not taken here; the applicant goes to")
            print(f"  {label}: {_text(where, lang)}")
        return EXIT_OK
    if service.channels:
        print(_("Channels:"))
        for channel in service.channels:
            condition = f" ({_text(channel.condition, lang)})" if channel.condition else ""
            print(f"  - {i18n.render(_channel(channel.channel), lang)}{condition}")
    if service.documents:
        print(_("Documents:"))
        for document in service.documents:
            mark = "" if document.requirement == "required" else \
                f" [{_text(document.condition, lang) if document.condition else ''}]"
            print(f"  - {_text(document.name, lang)}{mark}")
    elif service.documents_from:
        print(_("Documents: the list of the rule set in force, per channel."))
    schedule = service.schedule()
    if schedule is not None:
        print(_("Steps and terms:"))
        for channel, plan in schedule.channels.items():
            print(f"  {i18n.render(_channel(channel), lang)}:")
            for term in plan.steps:
                print(f"    - {i18n.render(STEP_NAMES[term.step], lang)}: {_term(term, lang)}")
    elif service.terms_from_schedule:
        print(_("Steps and terms: the rule set's schedule in force on the application date."))
    if service.results:
        print(_("Result documents:"))
        for result in service.results:
            validity = (" " + _("(valid {n} working days)").format(
                n=result.validity_working_days)) if result.validity_working_days else ""
            print(f"  - {_text(result.title, lang)}{validity}")
    if service.computes:
        label = _("Rules")
        print(f"{label}: desktop.domain.{service.rules}")
    return EXIT_OK


def _decisions(args: argparse.Namespace, lang: str) -> int:
    from desktop.domain.district_decisions import DOCUMENT, parse_decisions
    from desktop.domain.service_rules import read_documents
    from desktop.parameters.services import load_service_documents

    _ = i18n.translator(lang).gettext
    documents = load_service_documents((DOCUMENT,), params_dir(args))
    decisions = read_documents(documents, (DOCUMENT,), {DOCUMENT: parse_decisions})[DOCUMENT]
    if not decisions:
        print(_("No maslikhat's decision is entered yet."))
    for decision in decisions:
        end = i18n.format_date(decision.effective_to) if decision.effective_to else "…"
        print(f"{decision.district}: № {decision.number} {i18n.format_date(decision.date)} "
              f"({i18n.format_date(decision.effective_from)} – {end})  [{decision.source}]")
        for category in decision.categories:
            print(f"  - {category.id}: {category.title.text(lang)}")
        if decision.fuel is not None:
            fuel = _("fuel assistance")
            print(f"  - {fuel}")
        if decision.home_education is not None:
            home = _("reimbursement of the costs of home education")
            print(f"  - {home}")
    return EXIT_OK


def _add_decision(args: argparse.Namespace, lang: str) -> int:
    from desktop.services.district_decisions import DecisionProblems, add_decision

    _ = i18n.translator(lang).gettext
    try:
        with open(args.file, encoding="utf-8") as handle:
            document = yaml.safe_load(handle.read(1_000_001))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        print(_("The file cannot be read: {error}").format(error=error), file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    result = add_decision(document, params_dir(args))
    if isinstance(result, DecisionProblems):
        for issue in result.issues:
            print(f"{issue.pointer or '/'}: {i18n.render(issue.message, lang)}",
                  file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    print(_("Saved: {path}").format(path=result))
    return EXIT_OK
