"""PySide6's import hook, answering the same question without ``inspect``.

Once PySide6 is imported, every module imported after it passes through its hook
(``shibokensupport.feature.feature_imported``, PYSIDE-2029), which asks whether the module's
source mentions "PySide6" (only such modules may switch PySide's ``__feature__`` options on)
through ``inspect.getsource``: for each of the few hundred modules of SQLAlchemy and of
Kömek imported before the journal's first page, a walk through ``inspect``'s and
``linecache``'s machinery that cost about a fifth of SQLAlchemy's import. Reading the
module's file and looking for the same bytes gives the same answer at a fraction of the
cost; anything else (no file, not a ``.py``, unreadable) is left to PySide's own function.
Where a PySide6 release has no such function, nothing is changed. Figures: docs/architecture.md,
"Start-up".
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE_MODULE = "shibokensupport.feature"
_QUESTION = "_mod_uses_pyside"


def quicken() -> bool:
    """Install the quick answer in PySide6's hook; False where there is nothing to replace."""
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, _QUESTION, None)
    if feature is None or original is None or getattr(original, "quick", False):
        return False
    setattr(feature, _QUESTION, _quick(original))
    return True


def _quick(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)  # built in, compiled, a bundle without sources
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.quick = True  # type: ignore[attr-defined]
    uses_pyside.original = original  # type: ignore[attr-defined]
    return uses_pyside
