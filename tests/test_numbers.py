from decimal import Decimal

from jixiao.numbers import parse_number, percent, points, round_half_up


def test_rounding_is_half_up_not_bankers() -> None:
    # Python's round() gives 0.12 and 2.67 here (half to even, and binary floats).
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")
    assert round_half_up(Decimal("2.675")) == Decimal("2.68")
    assert round_half_up(Decimal("-0.125")) == Decimal("-0.13")


def test_rates_print_to_two_decimals_of_a_percent() -> None:
    assert percent(Decimal("61.71") / Decimal("61.91")) == "99.68%"
    assert percent(Decimal(1)) == "100%"
    assert percent(Decimal("0.005")) == "0.5%"


def test_points_always_have_two_decimals() -> None:
    assert points(Decimal(98)) == "98.00"
    assert points(Decimal("3.335")) == "3.34"


def test_parse_number_reads_plain_numbers_and_percentages() -> None:
    assert parse_number("61.91") == (Decimal("61.91"), False)
    assert parse_number("99.68%") == (Decimal("0.9968"), True)
    assert parse_number("98％") == (Decimal("0.98"), True)
    assert parse_number("三个") is None
