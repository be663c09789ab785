"""How a form's rows are re-scored: the self-evaluation rules, each a rule kind with parameters.

The common rules (财预〔2020〕10号 附件2 and the provinces' notes printed under their forms):

* budget execution: 分值 × min(全年执行数 ÷ 全年预算数, 100%) — kind ``rate`` on ``spending_rate``;
* a target with ≥, > or no comparator is forward: 分值 × min(实际值 ÷ 指标值, 1) — kind ``completion``;
* ≤ or < is reverse: full at or under the target, otherwise 分值 × 指标值 ÷ 实际值 (``mode: ratio``,
  the default here) or, where the form's notes say so, falling linearly to 0 at twice the target
  (``mode: linear``) — kind ``reverse``;
* = is equality: 分值 × (1 − |实际值 − 指标值| ÷ 指标值) — kind ``equality``;
* a qualitative target or actual is judged in tiers (达成 80–100%, 部分达成 60–80%, 未达成 0–60% of
  分值) — kind ``tiers``: the tier is read from the actual's words and the stated score is kept
  when it lies in the tier's band, so the review only questions scores its band does not allow.

A row whose target and actual cannot be compared (different units, no number, no score for a
qualitative row) gets no rule: the review keeps its stated score and lists it as 未复算.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...model import Target, parse_target
from ...numbers import ZERO, plain
from ...rules.tiers import DEFAULT_TIERS
from ..criteria import RuleSpec
from ..model import Node
from .words import ACHIEVEMENT, LINEAR_REVERSE, norm

_SIGNS = {"≧": "≥", "≦": "≤", "═": "=", "﹦": "=", "＝": "=", ">=": "≥", "<=": "≤", "＞": ">", "＜": "<"}
_WORDED = ((re.compile(r"^(?:不少于|不低于|大于等于|至少|达到|超过)"), "≥"),
           (re.compile(r"^(?:不多于|不高于|不超过|小于等于|低于|少于)"), "≤"))
_PERCENT_WORD = re.compile(r"百分比|百分之")
_NUMBER_TAIL = re.compile(r"(\d+(?:\.\d+)?)\s*(%)?")


@dataclass(frozen=True, slots=True)
class Variant:
    """What the form's printed notes choose among the rules' variants."""

    reverse: str = "ratio"  # ratio | linear


def variant(notes: list[str]) -> Variant:
    text = "".join(norm(n) for n in notes)
    return Variant("linear" if "反向" in text and LINEAR_REVERSE.search(text) else "ratio")


def target_of(text: str) -> Target:
    """A 年度指标值 as forms write it: ≧735人次, ≥100百分比, 不少于12种, =100%, ≤90万元."""
    flat = norm(text)
    for sign, plain_sign in _SIGNS.items():
        flat = flat.replace(sign, plain_sign)
    flat = _PERCENT_WORD.sub("%", flat)
    for pattern, sign in _WORDED:
        flat = pattern.sub(sign, flat)
    if re.match(r"\d", flat) and not re.search(r"(?:以内|内|以下|前)$", flat):
        flat = "≥" + flat  # a bare "3个" on a form is a quantity to reach, not to hit exactly
    return parse_target(flat)


def actual_of(text: str, target: Target) -> tuple[Decimal, bool] | None:
    """The number of a 实际完成值 (735, 100%, 98.5万元, 2小时), as a rate when the target is one."""
    flat = _PERCENT_WORD.sub("%", norm(text))
    match = _NUMBER_TAIL.search(flat)
    if match is None or not re.fullmatch(r"[≥≤><=约]?\d+(?:\.\d+)?\s*%?\s*[\u4e00-\u9fff/]{0,4}", flat):
        return None
    value = Decimal(match.group(1))
    if match.group(2):
        return value / 100, True
    if target.is_rate and value <= 200:  # "100" against "≥100%": a rate written without its sign
        return value / 100, True
    return value, False


def tier_of(actual: str, target: str) -> str | None:
    """达成 / 部分达成 / 未达成 from a qualitative actual; None when its words do not say."""
    flat, goal = norm(actual), norm(target)
    if flat and flat == goal:
        return "达成"
    for tier, words in ACHIEVEMENT:
        if any(w in flat for w in words):
            return tier
    return None


def meets(target_text: str, actual_text: str) -> bool | None:
    """Whether an actual meets its target: by comparator for numbers, by tier for words; None when
    the two cannot be compared."""
    target = target_of(target_text)
    if not target.qualitative and target.value is not None:
        actual = actual_of(actual_text, target)
        if actual is None or actual[1] != target.is_rate:
            return None
        value, goal = actual[0], target.value
        return {"≤": value <= goal, "<": value < goal, "=": value == goal, ">": value > goal}.get(
            target.comparator or "", value >= goal)
    tier = tier_of(actual_text, target_text)
    return None if tier is None else tier == "达成"


def row_spec(leaf: Node, how: Variant) -> RuleSpec | None:
    target = target_of(leaf.cell("benchmark"))
    weight = leaf.weight or ZERO
    if not target.qualitative and target.value and target.value > ZERO:
        actual = actual_of(leaf.cell("actual"), target)
        if actual is None or actual[1] != target.is_rate:
            return _qualitative(leaf, weight)
        return _quantitative(target, actual[0], how)
    return _qualitative(leaf, weight)


def _quantitative(target: Target, actual: Decimal, how: Variant) -> RuleSpec:
    shown = plain(target.value * 100) + "%" if target.is_rate and target.value is not None else plain(target.value or ZERO)
    params: dict[str, Any] = {"target": shown}
    if target.unit and not target.is_rate:
        params["unit"] = target.unit
    value = plain(actual * 100) + "%" if target.is_rate else plain(actual)
    if target.comparator in ("≤", "<"):
        return RuleSpec("reverse", {**params, "mode": how.reverse}, {"actual": value})
    if target.comparator == "=":
        return RuleSpec("equality", params, {"actual": value})
    return RuleSpec("completion", params, {"actual": value})


def _qualitative(leaf: Node, weight: Decimal) -> RuleSpec | None:
    stated = leaf.stated_score
    tier_name = tier_of(leaf.cell("actual"), leaf.cell("benchmark"))
    tier = next((t for t in DEFAULT_TIERS if t.name == tier_name), None)
    if tier is None or stated is None or weight <= ZERO:
        return None
    low, high = tier.low * weight, tier.high * weight
    points = min(max(stated, low), high)
    note = f"定性指标：实际完成值“{leaf.cell('actual')}”评定为“{tier.name}”（{plain(tier.low * 100)}%–{plain(tier.high * 100)}%）"
    facts = {"tier": tier.name, "points": plain(points), "reason": note}
    return RuleSpec("tiers", {}, facts, notes=(note,))
