"""Search and sort keys for names: Kazakh-aware case folding and the Kazakh alphabet order.

SQLite's ``lower()``, ``LIKE`` and ``NOCASE`` know only ASCII, and its ``BINARY`` order is
code-point order, which puts Ә Ғ Қ Ң Ө Ұ Ү Һ after Я and І before А (glossary C.1 rule 5).
So the journal stores derived columns per applicant name, made here in Python:

* ``search_key``: NFC, look-alikes mended (Latin ``i`` inside a Cyrillic word → ``і``,
  ``ə`` → ``ә``), case-folded, ``ё`` folded to ``е``, spaces collapsed. Prefix search compares
  the typed text, passed through the same function, with a range condition on an index.
* ``sort_key``: the same text (without the ``ё`` fold) with every letter of the Kazakh alphabet
  replaced by one code point in alphabet order, so that plain binary order *is* Kazakh order.
* ``applicant_fold`` (and ``members.name_fold``): ``desktop.domain.spelling.spelling_key``,
  which gives either spelling of a Kazakh name one key (і/и, ә/а, қ/к, …): what a name search
  compares with (revision 0014).

Every write of an application or a member goes through :func:`name_keys` /
:func:`member_name_key` (``desktop.storage.mapping`` for the desk's own writes,
``desktop.sync.client.apply`` for records pulled from the district), so the keys never come
from another machine.

If any of these functions changes, a migration must recompute the stored columns (see revisions
0003 and 0014).
"""

from __future__ import annotations

from desktop.domain.spelling import folded, mend_lookalikes, spelling_key

__all__ = [
    "KAZAKH_ALPHABET",
    "kazakh_collation",
    "member_name_key",
    "mend_lookalikes",
    "name_keys",
    "prefix_upper_bound",
    "search_key",
    "sort_key",
    "spelling_key",
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
_fold = folded


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


def name_keys(applicant_name: str) -> dict[str, str]:
    """The derived journal columns of an application whose applicant is ``applicant_name``."""
    return {
        "applicant_search": search_key(applicant_name),
        "applicant_sort": sort_key(applicant_name),
        "applicant_fold": spelling_key(applicant_name),
    }


def member_name_key(surname: str | None, first_name: str | None,
                    patronymic: str | None) -> str:
    """``members.name_fold``: the spelling key of «surname first-name patronymic»."""
    return spelling_key(" ".join(part for part in (surname, first_name, patronymic) if part))
