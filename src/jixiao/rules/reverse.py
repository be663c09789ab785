"""反向指标: full marks at or under the target, falling linearly to 0 at twice the target."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import ONE, ZERO, clamp, plain, pts
from .base import Deduction, Evaluation, Quantity, TargetParams, TargetRule


class Reverse(TargetRule):
    name = "reverse"
    title = "反向指标"
    help = (
        "越小越好的指标（如偏差率≤1%、响应时间≤2小时）：实际值不超过目标值得满分；"
        "超过时线性扣分，达到目标值的2倍得0分：得分 = 权重 × (2 × 目标 − 实际) ÷ 目标。"
    )
    example = """\
weight: 10
rule: {kind: reverse, target: 2, unit: 小时}
facts: {actual: 2.5}
expect: 7.5
"""

    def describe(self, params: TargetParams) -> str:
        t = params.target
        return f"≤{t.show()}，得满分；超出的按比例扣分，达到{_twice(t)}及以上不得分。"

    def benchmark(self, params: TargetParams) -> str:
        return f"≤{params.target.show()}"

    def evaluate(self, params: TargetParams, facts: Quantity, weight: Decimal) -> Evaluation:
        t = params.target
        if facts.value <= t.value:
            return Evaluation(weight, facts.show(), f"实际 {facts.show()} ≤ 目标 {t.show()}，得满分 {plain(weight)}")
        share = clamp((2 * t.value - facts.value) / t.value, ZERO, ONE)
        score = weight * share
        formula = (f"{plain(weight)} × (2 × {t.show()} − {facts.show()}) ÷ {t.show()} = {pts(score)}"
                   if share > ZERO else f"实际 {facts.show()} ≥ 目标的2倍 {_twice(t)}，得 0 分")
        return Evaluation(score, facts.show(), formula,
                          (Deduction(weight - score, f"实际 {facts.show()} 超过目标 {t.show()}"),))


def _twice(t: Quantity) -> str:
    return Quantity(t.value * 2, t.is_rate, t.unit).show()


KIND = Reverse()
