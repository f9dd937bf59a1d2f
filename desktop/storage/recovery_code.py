"""The recovery code: the desk key written as digits a person can print, keep and type back.

Like a disk-encryption recovery key: the 256-bit key in 16 groups of 6 digits. Each group is
one 16-bit part of the key as 5 digits (00000-65535) and a check digit (Damm's algorithm,
which catches every mistyped digit and every swap of two neighbouring digits), so a typing
mistake is named by its group instead of being taken for a wrong key. Digits only: they are
typed the same on a Kazakh, Russian or Latin keyboard layout.
"""

from __future__ import annotations

from desktop.storage.cipher import KEY_BYTES

GROUPS = KEY_BYTES // 2  # 16
GROUP_DIGITS = 6
GROUPS_PER_LINE = 4

# Damm's totally anti-symmetric quasigroup of order 10.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


class RecoveryCodeError(ValueError):
    """The code as typed is not a recovery code: ``group`` (1-16) is the first wrong group,
    0 when the number of digits is wrong."""

    def __init__(self, group: int, digits: int = 0) -> None:
        super().__init__(f"recovery code: group {group}" if group else "recovery code length")
        self.group = group
        self.digits = digits


def _damm(digits: str) -> int:
    interim = 0
    for digit in digits:
        interim = _DAMM[interim][int(digit)]
    return interim


def groups(key: bytes) -> list[str]:
    """The 16 groups of the code for ``key``."""
    if len(key) != KEY_BYTES:
        raise ValueError("a desk key is 32 bytes")
    out = []
    for i in range(GROUPS):
        value = f"{int.from_bytes(key[2 * i:2 * i + 2], 'big'):05d}"
        out.append(value + str(_damm(value)))
    return out


def format_code(key: bytes) -> str:
    """The code in four lines of four groups, groups joined by a hyphen."""
    parts = groups(key)
    return "\n".join("-".join(parts[i:i + GROUPS_PER_LINE])
                     for i in range(0, GROUPS, GROUPS_PER_LINE))


def parse_code(text: str) -> bytes:
    """The key in ``text`` (any spaces, hyphens or line breaks between the digits).

    Raises :class:`RecoveryCodeError` naming the first group whose check digit is wrong, or
    group 0 when there are not 96 digits.
    """
    digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
    stray = [ch for ch in text if not (ch.isspace() or ch in "-–—" or
                                       (ch.isdigit() and ch.isascii()))]
    if stray or len(digits) != GROUPS * GROUP_DIGITS:
        raise RecoveryCodeError(0, len(digits))
    key = bytearray()
    for i in range(GROUPS):
        group = digits[i * GROUP_DIGITS:(i + 1) * GROUP_DIGITS]
        value = int(group[:5])
        if _damm(group) != 0 or value > 0xFFFF:
            raise RecoveryCodeError(i + 1, len(digits))
        key += value.to_bytes(2, "big")
    return bytes(key)
