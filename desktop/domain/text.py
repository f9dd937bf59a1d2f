"""Translatable text as a value: a message id and its parameters, rendered later in a language.

The domain never knows which language a person reads. It returns ``Text`` values; the UI and
the printed documents render them with ``desktop.i18n.render(text, lang)``. Message ids are
English and are extracted into the gettext catalogs by Babel (keyword ``Text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Text:
    """A message id with named ``{placeholders}`` and the values that fill them.

    A parameter may itself be a ``Text``; it is rendered in the same language first.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, msgid: str, /, **params: Any) -> None:
        # ``**params`` is already a new dict owned by this call: no copy needed.
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))


def N_(msgid: str) -> str:  # the gettext convention, hence the capital N
    """Mark a string for extraction without translating it now."""
    return msgid


@dataclass(frozen=True, slots=True)
class Bilingual:
    """Words that come with the data in both languages: a region's name, a publication cited.

    Not a message of the catalogs: it is shown as written, in the reader's language.
    """

    kk: str
    ru: str

    def in_language(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.kk


# The message id of a ``Text`` that is only its wording (never extracted into a catalog:
# it is not a literal argument of ``Text``, and an id missing from a catalog is itself).
_AS_WRITTEN = "{wording}"


def as_written(kk: str, ru: str | None = None) -> Text:
    """A ``Text`` that renders ``kk`` in Kazakh and ``ru`` in Russian (``kk`` if none)."""
    return Text(_AS_WRITTEN, wording=Bilingual(kk, kk if ru is None else ru))
