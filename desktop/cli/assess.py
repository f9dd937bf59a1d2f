"""``komek assess FILE.json [--lang kk|ru]``: assess one application, print JSON with the trace.

The file's ``service`` (absent: АСП) names the service of the catalogue whose rules decide it;
a service that computes nothing is a bad input.

Exit codes: 0 the assessment is printed; 2 the input is wrong (each problem with its JSON
pointer); 3 a parameter the assessment needs is missing or malformed (for example no poverty
line for the region and quarter). Errors are printed as JSON on stdout too, and as plain
lines on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from desktop import i18n
from desktop.cli.l10n import gettext as cli_gettext
from desktop.cli.options import add_common_options, params_dir
from desktop.domain.assessment import assess
from desktop.domain.interchange import (
    MAX_DOCUMENT_BYTES,
    application_from_json,
    assessment_to_json,
    issue_to_json,
    parse_document,
    service_assessment_to_json,
    unreadable_file,
)
from desktop.domain.issues import DomainError, InvalidApplicationError, Issue, ParameterError
from desktop.domain.service_rules import ServiceAssessment
from desktop.parameters.store import load_parameters

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_PARAMETERS = 3


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    _ = cli_gettext()
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "assess", help=_("assess one application (interchange JSON) and print the result as JSON"))
    parser.add_argument("file", metavar="FILE.json", help=_("application file, or - for stdin"))
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=argparse.SUPPRESS,
                        help=_("language of the texts in the output: kk or ru"))
    add_common_options(parser)
    parser.add_argument("--no-overlay", action="store_true",
                        help=_("use the shipped parameters only"))
    parser.add_argument("--no-documents-check", action="store_true",
                        help=_("do not check the set of documents (preview of the calculation)"))
    return parser


def _errors(issues: tuple[Issue, ...] | list[Issue], lang: str, code: int) -> int:
    render = _renderer(lang)
    document = {"format": "komek.errors", "version": 1,
                "errors": [issue_to_json(issue, render) for issue in issues]}
    print(json.dumps(document, ensure_ascii=False, indent=2))
    for issue in issues:
        print(f"{issue.pointer or '/'}: {render(issue.message)}", file=sys.stderr)
    return code


def _renderer(lang: str) -> Any:
    return lambda text: i18n.render(text, lang)


def _read(source: str) -> bytes:
    """The bytes of the file (``-``: standard input), at most one more than the limit."""
    if source == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text stream put in place of stdin
            return sys.stdin.read(MAX_DOCUMENT_BYTES + 1).encode("utf-8")
        return bytes(stream.read(MAX_DOCUMENT_BYTES + 1))
    with open(source, "rb") as handle:
        return handle.read(MAX_DOCUMENT_BYTES + 1)


def run(args: argparse.Namespace) -> int:
    lang = getattr(args, "lang", None) or i18n.current_language()
    try:
        document = parse_document(_read(args.file))
    except OSError as error:
        return _errors([unreadable_file(str(error))], lang, EXIT_BAD_INPUT)
    except InvalidApplicationError as error:
        return _errors(error.issues, lang, EXIT_BAD_INPUT)
    use_overlay = not getattr(args, "no_overlay", False)
    try:
        application = application_from_json(document)
        parameters = load_parameters(params_dir(args), use_overlay=use_overlay)
        if application.service != "asp":
            from desktop.services.service_rules import assess_application

            decided = assess_application(application, parameters,
                                         overlay_dir=params_dir(args), use_overlay=use_overlay)
            output = service_assessment_to_json(decided, _renderer(lang)) \
                if isinstance(decided, ServiceAssessment) else \
                assessment_to_json(decided, _renderer(lang))
            output["lang"] = lang
            print(json.dumps(output, ensure_ascii=False, indent=2))
            return EXIT_OK
        assessment = assess(application, parameters,
                            check_documents=not getattr(args, "no_documents_check", False))
    except InvalidApplicationError as error:
        return _errors(error.issues, lang, EXIT_BAD_INPUT)
    except ParameterError as error:
        return _errors(error.issues, lang, EXIT_PARAMETERS)
    except DomainError as error:  # pragma: no cover - every domain error is one of the above
        return _errors(error.issues, lang, EXIT_BAD_INPUT)
    output = assessment_to_json(assessment, _renderer(lang))
    output["lang"] = lang
    print(json.dumps(output, ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="komek")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_parser(subparsers)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
