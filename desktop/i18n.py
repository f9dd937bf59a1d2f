"""Kazakh and Russian text for the interface and the documents, on plain gettext and Babel.

Catalogs live in ``i18n/<lang>/LC_MESSAGES/<domain>.po``: one gettext domain per layer
(``ui``, ``domain``, ``printing`` ...), all chained into one translator per language. The
``.po`` files are read directly (through Babel) so no compiled ``.mo`` has to be kept in step.

Nothing here imports Qt: the domain, storage and printing layers may use it freely.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import threading
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from desktop.domain.text import N_, Text
from desktop.paths import i18n_dir

LANGUAGES: tuple[str, ...] = ("kk", "ru")
DEFAULT_LANGUAGE = "kk"
# Each language is named in its own language in the switcher (glossary B.1).
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}
# Babel locales: Russian as written in Kazakhstan.
BABEL_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ"}
NBSP = "\u00a0"

__all__ = [
    "LANGUAGES",
    "N_",
    "Text",
    "_",
    "current_language",
    "format_date",
    "format_money",
    "ngettext",
    "render",
    "set_language",
    "translator",
]


class UnknownLanguageError(ValueError):
    """A language code other than ``kk`` or ``ru`` was asked for."""


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    return lang


_lock = threading.Lock()
_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def _po_files(lang: str) -> Iterable[Any]:
    folder = i18n_dir() / lang / "LC_MESSAGES"
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """All catalogs of one language chained into one translator (cached)."""
    check_language(lang)
    # Babel is imported here, not at the top: start-up should not wait for it.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    chain: gettext.NullTranslations | None = None
    for po_path in _po_files(lang):
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALES[lang])
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        buffer.seek(0)
        translations = gettext.GNUTranslations(buffer)
        if chain is None:
            chain = translations
        else:
            chain.add_fallback(translations)
    return chain or gettext.NullTranslations()


def reload_catalogs() -> None:
    """Forget the cached catalogs (after a catalog file changed)."""
    translator.cache_clear()


def current_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch the language of everything rendered from now on and tell the listeners."""
    global _current
    check_language(lang)
    with _lock:
        changed = lang != _current
        _current = lang
    if changed:
        for listener in list(_listeners):
            listener(lang)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(lang)`` after each switch; returns a function that unsubscribes."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _(msgid: str, lang: str | None = None) -> str:
    return translator(lang or _current).gettext(msgid)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translator(lang or _current).ngettext(singular, plural, n)


def pgettext(context: str, msgid: str, lang: str | None = None) -> str:
    return translator(lang or _current).pgettext(context, msgid)


def render(text: Text | str, lang: str | None = None) -> str:
    """A ``Text`` (or a plain msgid) in the given language, placeholders filled."""
    lang = lang or _current
    if isinstance(text, str):
        return _(text, lang)
    params = {
        key: render(value, lang) if isinstance(value, Text) else _format_value(value, lang)
        for key, value in text.params.items()
    }
    template = _(text.msgid, lang)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        # A broken translation must never hide the message: fall back to the source text.
        return text.msgid.format(**params)


def _format_value(value: Any, lang: str) -> Any:
    if isinstance(value, dt.date):
        return format_date(value)
    return value


# --- formats (glossary C.4) ---------------------------------------------------------------


def format_date(value: dt.date | None) -> str:
    """``dd.MM.yyyy`` in both languages."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def format_amount(tiyn: int, lang: str | None = None) -> str:
    """An amount of money in tenge without the sign: ``1 234 567,50`` (no-break spaces)."""
    # Both kk_KZ and ru_KZ group thousands with a no-break space and use a decimal comma
    # (CLDR, checked against Babel in tests/unit/i18n/test_formats.py).
    sign = "-" if tiyn < 0 else ""
    tenge, rest = divmod(abs(tiyn), 100)
    return f"{sign}{tenge:,}".replace(",", NBSP) + f",{rest:02d}"


def format_money(tiyn: int, lang: str | None = None) -> str:
    """``1 234 567,50 ₸``: amount, no-break space, tenge sign."""
    return f"{format_amount(tiyn, lang)}{NBSP}₸"


ROMAN = ("I", "II", "III", "IV")


def format_quarter(year: int, quarter: int, lang: str | None = None) -> str:
    """A calendar quarter by name: «2026 жылғы I тоқсан» / «I квартал 2026 г.»."""
    return render(Text(N_("{roman} quarter {year}"), roman=ROMAN[quarter - 1], year=year), lang)
