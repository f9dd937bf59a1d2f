"""IBAN of a Kazakhstan bank account (банковский счет № on the application): KZ, 20 characters.

Layout (ISO 13616 as used in Kazakhstan): ``KZ`` + 2 check digits + 3-digit bank code +
13 alphanumeric account characters; valid when the number read with letters as 10..35 and
the first four characters moved to the end leaves 1 when divided by 97.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain.issues import Issue
from desktop.domain.text import Text

KZ_IBAN_LENGTH = 20


@dataclass(frozen=True, slots=True)
class IbanCheck:
    iban: str  # normalised: upper case, no spaces
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return not self.issues

    @property
    def bank_code(self) -> str:
        return self.iban[4:7]


def normalise_iban(text: str) -> str:
    return "".join(text.split()).upper()


_LETTERS_AS_NUMBERS = str.maketrans(
    {letter: str(index + 10) for index, letter in enumerate(string.ascii_uppercase)})


def _as_number(text: str) -> int:
    """The IBAN read as a number: digits as they are, letters A..Z as 10..35."""
    return int(text.translate(_LETTERS_AS_NUMBERS))


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits for a country code and the rest of the account number."""
    return f"{98 - _as_number(bban + country + '00') % 97:02d}"


@lru_cache(maxsize=1 << 16)
def check_iban(text: str) -> IbanCheck:
    """Check a KZ IBAN; spaces are allowed between groups and ignored (result cached)."""
    iban = normalise_iban(text)
    if len(iban) != KZ_IBAN_LENGTH:
        return _fail(iban, "iban.length", Text(
            "A Kazakhstan IBAN has 20 characters; {count} were entered.", count=len(iban)))
    if not iban.startswith("KZ"):
        return _fail(iban, "iban.country", Text(
            "A Kazakhstan IBAN starts with KZ, not “{prefix}”.", prefix=iban[:2]))
    for position, char in enumerate(iban, start=1):
        if not (char.isascii() and char.isalnum()):
            return _fail(iban, "iban.character", Text(
                "The IBAN may contain Latin letters and digits only; "
                "character {position} is “{char}”.", position=position, char=char))
    if not iban[2:4].isdigit() or not iban[4:7].isdigit():
        return _fail(iban, "iban.digits", Text(
            "Characters 3 to 7 of a Kazakhstan IBAN (check digits and bank code) are digits."))
    if _as_number(iban[4:] + iban[:4]) % 97 != 1:
        # The right check digits are not said: typing them would make a mistyped account
        # pass the check, and the assistance would go to somebody else's account.
        return _fail(iban, "iban.checksum", Text(
            "The bank account number (IBAN) is wrong: a character is mistyped or missing. "
            "Check it against the bank's document."))
    return IbanCheck(iban, ())


def make_kz_iban(bank_code: str, account: str) -> str:
    """A valid KZ IBAN for a 3-digit bank code and a 13-character account, for generated data."""
    bban = (bank_code + account).upper()
    if len(bban) != KZ_IBAN_LENGTH - 4:
        raise ValueError("bank code and account must have 16 characters together")
    return "KZ" + iban_check_digits("KZ", bban) + bban


def _fail(iban: str, code: str, message: Text) -> IbanCheck:
    return IbanCheck(iban, (Issue(code, message),))
