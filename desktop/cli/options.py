"""``--db`` and ``--params``: the same two options in the same places of every command.

A script that prepares or queries a workstation passes the database file and the parameter
folder the same way whatever it runs: before the sub-command (``komek --db P setup show``),
after it (``komek setup --db P show``) or after its action (``komek setup show --db P``).
A command that has no use for one of them accepts it and leaves it aside (``assess`` reads no
database; ``setup`` and ``accounts`` read no parameters), so one command line serves every
command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.l10n import gettext as cli_gettext


def add_common_options(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """Add ``--db PATH`` and ``--params DIR`` to ``parser``.

    Below the top level the default is ``SUPPRESS``: an option given earlier on the command
    line (``komek --db P setup show``) is not reset to nothing by a sub-parser that did not see
    it again.
    """
    _ = cli_gettext()
    default = None if top_level else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help=_("another SQLite database file"))
    parser.add_argument("--params", metavar="DIR", type=Path, default=default,
                        help=_("administrator's parameter overlay folder"))


def params_dir(args: argparse.Namespace) -> Path | None:
    """The ``--params`` folder wherever it was given, or ``None``."""
    value = getattr(args, "params", None)
    return Path(value) if value is not None else None
