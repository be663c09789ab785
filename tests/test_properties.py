"""Properties every rule must keep: a score stays within 0..weight, and more of a good thing never
lowers it (less of a bad thing, for the reverse, overrun and complaint rules)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import default_registry
from jixiao.rules.base import Quantity
from jixiao.yamlsrc import Map, Reader, parse_yaml

REGISTRY = default_registry()
WEIGHTS = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(30), places=1)
RATES = st.decimals(min_value=Decimal(0), max_value=Decimal("1.5"), places=4)
COUNTS = st.decimals(min_value=Decimal(0), max_value=Decimal(1000), places=2)


def params(kind: str, text: str) -> object:
    node, _ = parse_yaml(text, "规则")
    assert isinstance(node, Map)
    parsed = REGISTRY.get(kind).parse_params(Reader(node, [], "规则"))  # type: ignore[union-attr]
    assert parsed is not None
    return parsed


def points(kind: str, rule: str, facts: object, weight: Decimal) -> Decimal:
    return REGISTRY.get(kind).evaluate(params(kind, rule), facts, weight).points  # type: ignore[union-attr]


def rate(value: Decimal) -> Quantity:
    return Quantity(value, True, "%")


def count(value: Decimal) -> Quantity:
    return Quantity(value, False, "次")


QUANTITY_RULES = [
    ("threshold", "{full_at: 98%, deduct: 0.1}", rate, RATES, +1),
    ("threshold", "{full_at: 90%, deduct: 2, partial: proportional}", rate, RATES, +1),
    ("overrun", "{deduct: 0.5}", rate, RATES, -1),
    ("rate", "{}", rate, RATES, +1),
    ("completion", "{target: 365, unit: 次}", count, COUNTS, +1),
    ("reverse", "{target: 2, unit: 小时}", count, COUNTS, -1),
]


@settings(max_examples=60, deadline=None)
@given(weight=WEIGHTS, data=st.data())
def test_quantity_rules_stay_in_range_and_are_monotonic(weight: Decimal, data: st.DataObject) -> None:
    for kind, rule, make, values, direction in QUANTITY_RULES:
        low, high = sorted([data.draw(values), data.draw(values)])
        at_low, at_high = points(kind, rule, make(low), weight), points(kind, rule, make(high), weight)
        assert Decimal(0) <= at_low <= weight and Decimal(0) <= at_high <= weight, kind
        assert (at_high - at_low) * direction >= 0, (kind, low, high, at_low, at_high)


@settings(max_examples=60, deadline=None)
@given(weight=WEIGHTS, complaints=st.lists(st.integers(min_value=0, max_value=400), min_size=2, max_size=2))
def test_more_complaints_never_raise_satisfaction(weight: Decimal, complaints: list[int]) -> None:
    from jixiao.rules.satisfaction import Facts

    fewer, more = sorted(complaints)
    rule = "{presumed: 90%, per_complaint: 0.5%}"
    at_fewer = points("satisfaction", rule, Facts(False, None, fewer), weight)
    at_more = points("satisfaction", rule, Facts(False, None, more), weight)
    assert Decimal(0) <= at_more <= at_fewer <= weight


@settings(max_examples=60, deadline=None)
@given(answers=st.lists(st.booleans(), min_size=4, max_size=4), flip=st.integers(min_value=0, max_value=3))
def test_meeting_one_more_checklist_item_never_lowers_the_score(answers: list[bool], flip: int) -> None:
    from jixiao.rules.checklist import Facts

    rule = "{gate: 1, items: [{text: 甲, points: 1}, {text: 乙, points: 0.5}, {text: 丙, points: 2}, {text: 丁, points: 0.5}]}"
    better = list(answers)
    better[flip] = True
    before = points("checklist", rule, Facts(tuple(answers), {}), Decimal(4))
    after = points("checklist", rule, Facts(tuple(better), {}), Decimal(4))
    assert Decimal(0) <= before <= after <= Decimal(4)
