"""Kazakh and Russian text for the interface and the documents, on plain gettext.

Catalogs live in ``i18n/<lang>/LC_MESSAGES/<domain>.po``: one gettext domain per layer
(``ui``, ``domain``, ``printing`` ...), all chained into one translator per language. The
``.po`` files are read directly (by ``_Catalog``, on the standard library, as fast as a
compiled ``.mo``) so no compiled ``.mo`` has to be kept in step; Babel serves the tools.

Nothing here imports Qt: the domain, storage and printing layers may use it freely.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from desktop.domain.text import N_, Bilingual, Text
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


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r'\\(.)')


def _unquote(text: str) -> str:
    """The value of one quoted PO string (``"..."``), escapes resolved as Babel does."""
    body = text.strip()[1:-1]
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(0)), body)


class _Catalog(gettext.GNUTranslations):
    """One ``.po`` file as a gettext translator, read with the standard library.

    Babel's ``read_po`` + ``write_mo`` gave the same translator at ten times the cost, paid
    before the first window could appear; tests/unit/i18n compares the two on every catalog.
    Same rules as ``write_mo(use_fuzzy=False)``: fuzzy and untranslated singular messages are
    left out (the next catalog in the chain or the msgid answers), an empty plural form falls
    back to the msgid's own form, obsolete (``#~``) entries are ignored.
    """

    def __init__(self, text: str) -> None:
        gettext.NullTranslations.__init__(self)
        self._catalog: dict[Any, str] = {}
        self._info: dict[str, str] = {}
        self._charset = "utf-8"
        self.plural: Callable[[int], int] = lambda n: int(n != 1)
        self._read(text)

    def _read(self, text: str) -> None:
        entry: dict[str, Any] = {}
        field = ""
        fuzzy = False
        for line in text.splitlines():
            line = line.strip()
            if line.startswith('"'):
                if field:
                    entry[field] += _unquote(line)
                continue
            if not line or line.startswith("#"):
                if line.startswith("#,") and "fuzzy" in line:
                    if entry.get("msgstr") is not None or entry.get("plural"):
                        self._add(entry, fuzzy)
                        entry = {}
                    fuzzy = True
                continue
            keyword, _space, value = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and ("msgstr" in entry or "plural" in entry):
                self._add(entry, fuzzy)
                entry, fuzzy = {}, False
            if keyword.startswith("msgstr["):
                field = f"msgstr{keyword[7:-1]}"
                entry.setdefault("plural", []).append(field)
            else:
                field = keyword
            entry[field] = _unquote(value)
        if entry:
            self._add(entry, fuzzy)

    def _add(self, entry: dict[str, Any], fuzzy: bool) -> None:
        msgid = entry.get("msgid")
        if msgid is None:
            return
        if msgid == "" and "msgctxt" not in entry:
            self._header(entry.get("msgstr", ""))
            return
        if fuzzy:
            return
        context = entry.get("msgctxt")
        key = msgid if context is None else f"{context}\x04{msgid}"
        if "msgid_plural" in entry:
            forms = (msgid, entry["msgid_plural"])
            for index, name in enumerate(entry.get("plural", [])):
                self._catalog[(key, index)] = entry[name] or forms[min(index, 1)]
        elif entry.get("msgstr"):
            self._catalog[key] = entry["msgstr"]

    def _header(self, header: str) -> None:
        for line in header.splitlines():
            name, _colon, value = line.partition(":")
            if name.strip():
                self._info[name.strip().lower()] = value.strip()
        plural = self._info.get("plural-forms", "")
        if "plural=" in plural:
            self.plural = gettext.c2py(plural.split("plural=", 1)[1].rstrip("; "))


# The catalog read first: the window's shell needs only the interface's strings.
FIRST_DOMAIN = "ui"


class _Chain(gettext.NullTranslations):
    """The catalogs of one language as one translator, each read when first needed.

    A message is looked up catalog by catalog (``ui`` first); a catalog file is read only
    when every catalog before it lacks the message, so the window's shell reads the
    interface's catalog alone. The same msgid means the same in every catalog
    (tests/unit/i18n), so the order never changes a translation.
    """

    def __init__(self, paths: Iterable[Any]) -> None:
        super().__init__()
        self._pending = sorted(paths, key=lambda path: (path.stem != FIRST_DOMAIN, path.stem))
        self._read: list[_Catalog] = []
        self._reading = threading.Lock()

    def _catalogs(self) -> Iterator[_Catalog]:
        index = 0
        while True:
            if index == len(self._read):
                with self._reading:  # threads (sync, printing) may ask at the same time
                    if index == len(self._read):
                        if not self._pending:
                            return
                        path = self._pending.pop(0)
                        self._read.append(_Catalog(path.read_text(encoding="utf-8")))
            yield self._read[index]
            index += 1

    def _find(self, key: Any) -> str | None:
        for catalog in self._catalogs():
            found = catalog._catalog.get(key)
            if found is not None:
                return found
        return None

    def gettext(self, message: str) -> str:
        found = self._find(message)
        return message if found is None else found

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        for catalog in self._catalogs():
            found = catalog._catalog.get((msgid1, catalog.plural(n)))
            if found is not None:
                return found
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        found = self._find(f"{context}\x04{message}")
        return message if found is None else found

    def npgettext(self, context: str, msgid1: str, msgid2: str,
                  n: int) -> str:
        key = f"{context}\x04{msgid1}"
        for catalog in self._catalogs():
            found = catalog._catalog.get((key, catalog.plural(n)))
            if found is not None:
                return found
        return msgid1 if n == 1 else msgid2


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """All catalogs of one language chained into one translator (cached; read lazily)."""
    check_language(lang)
    return _Chain(_po_files(lang))


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
        # A broken translation must never hide the message: fall back to the source text,
        # and to the source text unfilled if even that does not format (a stray brace).
        try:
            return text.msgid.format(**params)
        except (KeyError, IndexError, ValueError):
            return text.msgid


def _format_value(value: Any, lang: str) -> Any:
    if isinstance(value, Bilingual):
        return value.in_language(lang)
    if isinstance(value, dt.date):
        return format_date(value)
    if hasattr(value, "kk") and hasattr(value, "ru"):  # data in both languages (a service's)
        return value.kk if lang == "kk" else value.ru
    return value


# --- formats (glossary C.4) ---------------------------------------------------------------


def format_date(value: dt.date | None) -> str:
    """``dd.MM.yyyy`` in both languages."""
    return value.strftime("%d.%m.%Y") if value else ""


def format_datetime(value: dt.datetime | None) -> str:
    return value.strftime("%d.%m.%Y %H:%M") if value else ""


def format_count(count: int) -> str:
    """A count with its thousands apart by a no-break space, in both languages: 36 000."""
    return f"{count:,}".replace(",", "\u00a0")


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
    """A calendar quarter by name: «2026 жылғы I тоқсан» / «I квартал 2026 года»."""
    return render(Text(N_("{roman} quarter {year}"), roman=ROMAN[quarter - 1], year=year), lang)
