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
        value = Fraction(amount) / self.unit
        return _round(value, self.mode) * self.unit


def _round(value: Fraction, mode: RoundingMode) -> int:
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest == 0:
        return floor
    if mode is RoundingMode.DOWN:
        return floor if value > 0 else floor + 1
    if mode is RoundingMode.UP:
        return floor + 1 if value > 0 else floor
    half = Fraction(1, 2)
    if rest > half:
        return floor + 1
    if rest < half:
        return floor
    if mode is RoundingMode.HALF_EVEN:
        return floor if floor % 2 == 0 else floor + 1
    return floor + 1 if value > 0 else floor  # HALF_UP: away from zero


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
