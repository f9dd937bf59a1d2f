"""Names as the desk compares and searches them: one key for either spelling of a name.

A Kazakh surname reaches the desk written both ways: "Серікбаева" from an identity card,
"Серикбаева" from a certificate typed on a Russian keyboard. ``spelling_key`` gives both the
same key, so a search, or the check that an IIN belongs to the name typed, finds either:

* NFC, and the look-alikes glossary C.1 rule 2 names (Latin ``i`` inside a Cyrillic word →
  ``і``, ``ə`` → ``ә``) mended;
* case-folded, spaces collapsed;
* every Kazakh letter folded to the Russian letter written for it when Kazakh letters are not
  at hand (і→и, ә→а, ө→о, ұ/ү→у, қ→к, ғ→г, ң→н, һ→х), and ё → е.

The journal stores this key per applicant and per family member (desk revision 0014) and
compares it by prefix ranges; if the function ever changes, a revision must recompute them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["FOLDED_LETTERS", "mend_lookalikes", "names_agree", "spelling_key"]

_CYRILLIC = r"\u0400-\u04FF"
# Latin i/I (and dotless ı) standing between or next to Cyrillic letters within one word.
_LATIN_I_IN_WORD = re.compile(rf"(?<=[{_CYRILLIC}])[iIı]|[iIı](?=[{_CYRILLIC}])")
_SPACES = re.compile(r"\s+")
_KAZAKH_TO_RUSSIAN = str.maketrans({
    "і": "и", "ә": "а", "ө": "о", "ұ": "у", "ү": "у", "қ": "к", "ғ": "г", "ң": "н", "һ": "х",
    "ё": "е",
})
# Every letter whose key is shared with another letter (either side of a fold).
FOLDED_LETTERS = frozenset("іиәаөоұүуқкғгңнһхёе")


def mend_lookalikes(text: str) -> str:
    """NFC, and the look-alikes glossary C.1 rule 2 names: Latin i in a Cyrillic word, ə/Ə."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("ə", "ә").replace("Ə", "Ә")
    return _LATIN_I_IN_WORD.sub(lambda m: "І" if m.group() == "I" else "і", text)


def folded(text: str) -> str:
    """Look-alikes mended, case-folded, spaces collapsed (letters kept as written)."""
    return _SPACES.sub(" ", mend_lookalikes(text).casefold()).strip()


def spelling_key(text: str) -> str:
    """The key under which either spelling of a name is the same (see the module's text)."""
    return folded(text).translate(_KAZAKH_TO_RUSSIAN)


def names_agree(typed: str, known: str) -> bool:
    """Whether a name being typed can still be ``known``: its key starts ``known``'s key.

    An empty ``typed`` agrees with anything (nothing typed yet)."""
    return spelling_key(known).startswith(spelling_key(typed))
