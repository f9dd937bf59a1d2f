"""The command line in the user's language: argparse's own texts and our help strings.

argparse looks its texts up through ``gettext`` at call time, so pointing its ``_`` at our
catalogs puts «usage», «options» and its error messages into Kazakh or Russian too.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from desktop import i18n
from desktop.domain.text import N_

# argparse's messages that a person can meet (the rest are programming errors).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)

_language = i18n.DEFAULT_LANGUAGE


def language_from(argv: Sequence[str], fallback: str) -> str:
    """``--lang kk|ru`` if it is on the command line and valid, else ``fallback``."""
    for position, arg in enumerate(argv):
        value = None
        if arg == "--lang" and position + 1 < len(argv):
            value = argv[position + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in i18n.LANGUAGES:
            return value
    return fallback


def use_language(lang: str) -> None:
    """Speak ``lang`` in argparse's texts and in the sub-commands' help from now on."""
    global _language
    _language = lang
    translator = i18n.translator(lang)
    argparse._ = translator.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translator.ngettext  # type: ignore[attr-defined]


def language() -> str:
    """The command line's language (``--lang``, else the system's)."""
    return _language


def gettext() -> Callable[[str], str]:
    """The translation function for help strings, in the command line's language."""
    return i18n.translator(_language).gettext
