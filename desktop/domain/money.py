"""Money in integer tiyn, exact division and the rounding modes a rule set may prescribe."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

NBSP = "\u00a0"
TIYN_PER_TENGE = 100


class RoundingMode(StrEnum):
    """How an exact amount is brought to a whole number of units (rule-set parameter)."""

    HALF_UP = "half_up"  # 0.5 away from zero: the usual accountant's rounding
    HALF_EVEN = "half_even"  # banker's rounding
    DOWN = "down"  # towards zero (truncate)
    UP = "up"  # away from zero


@dataclass(frozen=True, slots=True)
class Rounding:
    """Round to a multiple of ``unit`` tiyn (1 = to the tiyn, 100 = to the whole tenge)."""

    mode: RoundingMode = RoundingMode.HALF_UP
    unit: int = 1

    def apply(self, amount: Fraction | int) -> int:
        """``amount`` in tiyn, exact, rounded to a whole number of units, in tiyn."""
        value = Fraction(amount)
        return self.divide(value.numerator, value.denominator)

    def divide(self, numerator: int, denominator: int) -> int:
        """``numerator / denominator`` tiyn rounded to a whole number of units, in integers."""
        if denominator < 0:
            numerator, denominator = -numerator, -denominator
        return _round(numerator, denominator * self.unit, self.mode) * self.unit


def _round(numerator: int, denominator: int, mode: RoundingMode) -> int:
    """``numerator / denominator`` (denominator > 0) rounded to an integer by ``mode``."""
    floor, rest = divmod(numerator, denominator)
    if rest == 0:
        return floor
    positive = numerator > 0
    if mode is RoundingMode.DOWN:
        return floor if positive else floor + 1
    if mode is RoundingMode.UP:
        return floor + 1 if positive else floor
    twice = 2 * rest
    if twice > denominator:
        return floor + 1
    if twice < denominator:
        return floor
    if mode is RoundingMode.HALF_EVEN:
        return floor if floor % 2 == 0 else floor + 1
    return floor + 1 if positive else floor  # HALF_UP: away from zero


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in tiyn that prints as ``1 234 567,50 ₸`` (the same in kk and ru)."""

    tiyn: int

    def __str__(self) -> str:
        sign = "-" if self.tiyn < 0 else ""
        tenge, tiyn = divmod(abs(self.tiyn), TIYN_PER_TENGE)
        grouped = f"{tenge:,}".replace(",", NBSP)
        return f"{sign}{grouped},{tiyn:02d}{NBSP}₸"

    def __format__(self, spec: str) -> str:
        return str(self)


def tenge(amount: int | str) -> int:
    """Tiyn from a whole or decimal tenge amount given as text or int: ``tenge("14849")``."""
    value = Fraction(str(amount)) * TIYN_PER_TENGE
    if value.denominator != 1:
        raise ValueError(f"more than two decimals: {amount!r}")
    return int(value)
