"""Search and sort keys for names: Kazakh-aware case folding and the Kazakh alphabet order.

SQLite's ``lower()``, ``LIKE`` and ``NOCASE`` know only ASCII, and its ``BINARY`` order is
code-point order, which puts Ә Ғ Қ Ң Ө Ұ Ү Һ after Я and І before А (glossary C.1 rule 5).
So the journal stores two derived columns per applicant name, made here in Python:

* ``search_key``: NFC, look-alikes mended (Latin ``i`` inside a Cyrillic word → ``і``,
  ``ə`` → ``ә``), case-folded, ``ё`` folded to ``е``, spaces collapsed. Prefix search compares
  the typed text, passed through the same function, with a range condition on an index.
* ``sort_key``: the same text (without the ``ё`` fold) with every letter of the Kazakh alphabet
  replaced by one code point in alphabet order, so that plain binary order *is* Kazakh order.

If either function changes, a migration must recompute the stored columns (see revision 0003).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "KAZAKH_ALPHABET",
    "kazakh_collation",
    "mend_lookalikes",
    "prefix_upper_bound",
    "search_key",
    "sort_key",
]

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
assert len(KAZAKH_ALPHABET) == 42

# Letters map to U+0100.. (Latin Extended-A, which Kazakh and Russian names never use); any other
# character in that block is pushed just above it, so it cannot interleave with the alphabet.
_BASE = 0x0100
_SORT_MAP = {ord(letter): chr(_BASE + i) for i, letter in enumerate(KAZAKH_ALPHABET)}
_SORT_MAP.update(
    {cp: chr(_BASE + len(KAZAKH_ALPHABET)) for cp in range(_BASE, 0x0180) if cp not in _SORT_MAP}
)

_CYRILLIC = r"\u0400-\u04FF"
# Latin i/I (and dotless ı) standing between or next to Cyrillic letters within one word.
_LATIN_I_IN_WORD = re.compile(rf"(?<=[{_CYRILLIC}])[iIı]|[iIı](?=[{_CYRILLIC}])")
_SPACES = re.compile(r"\s+")


def mend_lookalikes(text: str) -> str:
    """NFC, and the look-alikes glossary C.1 rule 2 names: Latin i in a Cyrillic word, ə/Ə."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("ə", "ә").replace("Ə", "Ә")
    return _LATIN_I_IN_WORD.sub(lambda m: "І" if m.group() == "I" else "і", text)


def _fold(text: str) -> str:
    return _SPACES.sub(" ", mend_lookalikes(text).casefold()).strip()


def search_key(text: str) -> str:
    """The case-insensitive form stored for prefix search and applied to what the user types."""
    return _fold(text).replace("ё", "е")


def sort_key(text: str) -> str:
    """A string whose binary (code-point) order is the Kazakh alphabet order of ``text``."""
    return _fold(text).translate(_SORT_MAP)


def prefix_upper_bound(prefix: str) -> str:
    """The exclusive upper end of the range of strings that start with ``prefix``."""
    return prefix + "\U0010ffff"


def kazakh_collation(left: str, right: str) -> int:
    """An SQLite collation callable ordering by :func:`sort_key` (registered as ``kazakh``)."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)
