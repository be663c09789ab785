"""Decimal arithmetic for the generator: round half up (四舍五入) and the number styles forms print."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def q2(x: Decimal) -> Decimal:
    """Round half up to 0.01, the rounding every published form uses."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def trim(x: Decimal) -> str:
    """Shortest exact text of a number: 8.00 → "8", 7.50 → "7.5", never an exponent."""
    text = format(x, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def fixed(x: Decimal, places: int = 2, thousands: bool = False) -> str:
    """A number with a fixed count of decimals, optionally with thousands separators (1,280.00)."""
    pattern = f"{{:{',' if thousands else ''}.{places}f}}"
    return pattern.format(x)


def styled(x: Decimal, style: str) -> str:
    """Print a number in a profile's style: "trim" (8, 7.5) or "2" (8.00, 7.50)."""
    return trim(x) if style == "trim" else fixed(x)


def percent(rate: Decimal, style: str = "2") -> str:
    """A rate as a percent with two decimals (99.68%); style "trim" prints a whole percent without them (100%)."""
    value = q2(rate * HUNDRED)
    return f"{trim(value) if style == 'trim' and value == value.to_integral_value() else fixed(value)}%"


def dec(text: str) -> Decimal:
    return Decimal(text)
