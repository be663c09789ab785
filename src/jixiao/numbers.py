"""Exact numbers: amounts in 万元, rates, points. Decimal only, rounding half up (四舍五入).

Python's ``round`` rounds half to even, which is wrong for these reports; every rounding in
jixiao goes through :func:`round_half_up`.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
RATE_QUANTUM = Decimal("0.0001")  # a rate kept to two decimals of a percent
HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)

_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(%|％)?\s*$")


def round_half_up(value: Decimal, quantum: Decimal = CENT) -> Decimal:
    """Round to ``quantum`` the way Chinese reports do (四舍五入)."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def ceil_int(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def floor_int(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_FLOOR)


def parse_number(text: str) -> tuple[Decimal, bool] | None:
    """``"61.91"`` → (61.91, False); ``"99.68%"`` → (0.9968, True); anything else → None."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None
    if match.group(2):
        return value / HUNDRED, True
    return value, False


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def plain(value: Decimal) -> str:
    """A number as a person writes it: ``4`` not ``4.00``, ``0.5`` not ``0.50``."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def points(value: Decimal) -> str:
    """Points with two decimals: ``"98.00"``."""
    return format(round_half_up(value), "f")


def percent(rate: Decimal) -> str:
    """A rate to two decimals of a percent, trailing zeros dropped: ``99.68%``, ``100%``."""
    return plain(round_half_up(rate * HUNDRED)) + "%"


def amount(value: Decimal) -> str:
    """An amount in 万元 with two decimals: ``61.91``."""
    return format(round_half_up(value), "f")


def pts(value: Decimal) -> str:
    """Points as a formula shows them: rounded to 0.01, trailing zeros dropped (``3.33``, ``4``)."""
    return plain(round_half_up(value))
