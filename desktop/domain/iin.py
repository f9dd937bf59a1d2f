"""IIN (ИИН / ЖСН): the 12-digit individual identification number, checked and decoded.

Structure (Government decree No. 406 of 22.05.2007, as reproduced in rules-research.md §4):
digits 1–6 the birth date YYMMDD, digit 7 the century and sex (1/2: 1800s, 3/4: 1900s,
5/6: 2000s; odd male, even female), digits 8–11 a serial number, digit 12 the check digit
(two-pass mod 11; a prefix for which both passes give 10 is never issued).

Digit 7 = 0 occurs in real, checksum-valid IINs whose official meaning is not confirmed
(rules-research.md §4.2). Policy, see ``ZeroCenturyPolicy``: by default such an IIN is
accepted with a warning, and the birth date and sex must be entered by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from desktop.domain.issues import Issue, Severity
from desktop.domain.model import Sex
from desktop.domain.text import Text

IIN_LENGTH = 12
WEIGHTS_PASS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_PASS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class ZeroCenturyPolicy(StrEnum):
    """What to do with an IIN whose 7th digit is 0."""

    ACCEPT = "accept"  # valid if the checksum is; birth date and sex are not decoded (warning)
    REJECT = "reject"  # an error


@dataclass(frozen=True, slots=True)
class IinInfo:
    """What an IIN says about its holder; ``None`` where the IIN does not tell."""

    iin: str
    birth_date: dt.date | None
    sex: Sex | None


@dataclass(frozen=True, slots=True)
class IinCheck:
    info: IinInfo | None
    issues: tuple[Issue, ...]

    @property
    def valid(self) -> bool:
        return not any(issue.severity is Severity.ERROR for issue in self.issues)


def check_digit(prefix: str) -> int | None:
    """The 12th digit for an 11-digit prefix, or ``None`` if no IIN has that prefix."""
    if len(prefix) != IIN_LENGTH - 1:
        raise ValueError("an IIN prefix has 11 digits")
    digits = list(map(int, prefix))
    total = sum(map(int.__mul__, digits, WEIGHTS_PASS_1)) % 11
    if total == 10:
        total = sum(map(int.__mul__, digits, WEIGHTS_PASS_2)) % 11
        if total == 10:
            return None
    return total


# The weights as one number in base 2**16, in reverse order: multiplied by the digits in the
# same base (least significant first), the 11th place of the product is the weighted sum.
_PLACE = 16
_WEIGHTED_1 = sum(w << (_PLACE * (10 - i)) for i, w in enumerate(WEIGHTS_PASS_1))
_WEIGHTED_2 = sum(w << (_PLACE * (10 - i)) for i, w in enumerate(WEIGHTS_PASS_2))
_MASK = (1 << _PLACE) - 1


def _check_digit_of_digits(iin: str) -> int | None:
    """``check_digit(iin[:11])`` for a text of ASCII digits, in a few integer operations (a
    district's IINs are checked by the hundred thousand).

    The 11 characters' codes (digit + 48) are read as one number in base 2**16 and multiplied
    by the weights: the 11th place is the weighted sum of the codes (at most 57 × 66, so no
    place carries into the next). Both passes' weights add up to 66 = 6 × 11: the 48s add a
    multiple of 11 and the remainder is that of the digits.
    """
    codes = int.from_bytes(iin[:11].encode("utf-16-le"), "little")
    total = ((codes * _WEIGHTED_1) >> (_PLACE * 10) & _MASK) % 11
    if total == 10:
        total = ((codes * _WEIGHTED_2) >> (_PLACE * 10) & _MASK) % 11
        if total == 10:
            return None
    return total


@lru_cache(maxsize=1 << 12)
def check_iin(
    text: str, policy: ZeroCenturyPolicy = ZeroCenturyPolicy.ACCEPT
) -> IinCheck:
    """Check an IIN and decode it. Every problem has its own message that says what is wrong.

    The result is immutable and cached for the IINs checked again and again while they are
    typed, merged or printed; a district's hundred thousand families are more than any cache
    holds, so the check itself is kept cheap.
    """
    iin = text.strip()
    if len(iin) != IIN_LENGTH:
        return IinCheck(None, (_issue("iin.length", Text(
            "The IIN must have 12 digits; {count} characters were entered.", count=len(iin))),))
    # isdigit() alone would accept other scripts' digits, hence isascii() too.
    if not (iin.isascii() and iin.isdigit()):
        for position, char in enumerate(iin, start=1):
            if not ("0" <= char <= "9"):
                return IinCheck(None, (_issue("iin.not_digit", Text(
                    "The IIN may contain digits only; character {position} is “{char}”.",
                    position=position, char=char)),))
    expected = _check_digit_of_digits(iin)
    if expected is None:
        return IinCheck(None, (_issue("iin.unusable_prefix", Text(
            "No IIN is issued with the first eleven digits {prefix}: "
            "both passes of the check-digit calculation give 10.", prefix=iin[:11])),))
    if ord(iin[11]) - 48 != expected:
        return IinCheck(None, (_issue("iin.check_digit", Text(
            "The check digit (the last digit) of the IIN should be {expected}, not {actual}.",
            expected=expected, actual=iin[11])),))
    century_digit = ord(iin[6]) - 48  # an ASCII digit: checked above
    if century_digit == 0:
        if policy is ZeroCenturyPolicy.REJECT:
            return IinCheck(None, (_issue("iin.century_zero", Text(
                "The 7th digit of the IIN is 0: such IINs are not accepted here.")),))
        warning = _issue("iin.century_zero", Text(
            "The 7th digit of the IIN is 0, so the IIN does not tell the century of birth "
            "and the sex: enter the birth date and the sex."), Severity.WARNING)
        return IinCheck(IinInfo(iin, None, None), (warning,))
    if century_digit not in _CENTURY:
        return IinCheck(None, (_issue("iin.century_digit", Text(
            "The 7th digit of the IIN (century of birth and sex) must be 1 to 6, not {digit}.",
            digit=century_digit)),))
    year = _CENTURY[century_digit] + int(iin[0:2])
    month, day = int(iin[2:4]), int(iin[4:6])
    if not 1 <= month <= 12:
        return IinCheck(None, (_issue("iin.month", Text(
            "Digits 3–4 of the IIN are the month of birth and must be 01 to 12, not {month}.",
            month=iin[2:4])),))
    try:
        birth_date = dt.date(year, month, day)
    except ValueError:
        return IinCheck(None, (_issue("iin.day", Text(
            "The IIN gives the birth date {day}.{month}.{year}, which does not exist.",
            day=iin[4:6], month=iin[2:4], year=year)),))
    sex = Sex.MALE if century_digit % 2 else Sex.FEMALE
    return IinCheck(IinInfo(iin, birth_date, sex), ())


def make_iin(birth_date: dt.date, sex: Sex, serial: int) -> str:
    """A checksum-valid IIN for a birth date, sex and serial (0..9999), for generated data.

    Raises ``ValueError`` when the serial gives a prefix that is never issued: take the next.
    """
    base = {1800: 1, 1900: 3, 2000: 5}[birth_date.year // 100 * 100]
    digit7 = base if sex is Sex.MALE else base + 1
    prefix = f"{birth_date:%y%m%d}{digit7}{serial:04d}"
    digit = check_digit(prefix)
    if digit is None:
        raise ValueError(f"the prefix {prefix} is never issued")
    return prefix + str(digit)


def _issue(code: str, message: Text, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(code, message, "", severity)
