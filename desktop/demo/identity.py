"""Generated identifiers that pass their checks: IIN (two-pass mod 11) and IBAN (mod 97)."""

from __future__ import annotations

import datetime as dt
import operator
import random

from desktop.domain.model import Sex

_W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_check_digit(first11: str) -> int | None:
    """The 12th digit for 11 digits (rules-research.md §4.3), or None if no IIN uses them."""
    digits = list(map(int, first11))
    check = sum(map(operator.mul, digits, _W1)) % 11
    if check == 10:
        check = sum(map(operator.mul, digits, _W2)) % 11
    return None if check == 10 else check


def century_sex_digit(birth: dt.date, sex: Sex) -> int:
    base = {18: 1, 19: 3, 20: 5}[birth.year // 100]
    return base + (1 if sex is Sex.FEMALE else 0)


def random_iin(rng: random.Random, birth: dt.date, sex: Sex, used: set[str]) -> str:
    """A valid, not yet used IIN for a person born on ``birth``."""
    head = f"{birth:%y%m%d}{century_sex_digit(birth, sex)}"
    while True:
        first11 = f"{head}{rng.randrange(1, 10_000):04d}"
        check = iin_check_digit(first11)
        if check is None:
            continue
        iin = f"{first11}{check}"
        if iin not in used:
            used.add(iin)
            return iin


def is_valid_iin(iin: str) -> bool:
    """Length, digits, a real birth date in the century of digit 7, and the check digit."""
    if len(iin) != 12 or not iin.isdigit() or iin[6] not in "123456":
        return False
    century = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}[iin[6]]
    try:
        dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return False
    return iin_check_digit(iin[:11]) == int(iin[11])


BANKS = (  # (name, 3-digit bank code of the Kazakh IBAN)
    ("АО «Kaspi Bank»", "722"),
    ("АО «Народный Банк Казахстана»", "601"),
    ("АО «ForteBank»", "965"),
    ("АО «Банк ЦентрКредит»", "856"),
    ("АО «Bereke Bank»", "914"),
)


def iban(bank_code: str, rng: random.Random) -> str:
    """A Kazakh IBAN (KZ, 2 check digits, 3-digit bank code, 13 characters) with valid checks."""
    account = f"{rng.randrange(10**13):013d}"
    bban = bank_code + account
    numeric = "".join(str(int(c, 36)) for c in bban + "KZ00")
    check = 98 - int(numeric) % 97
    return f"KZ{check:02d}{bban}"
