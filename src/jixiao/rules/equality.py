"""等值指标: full marks at the target, falling linearly to 0 at a deviation as large as the target."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import ONE, ZERO, clamp, plain, pts
from .base import Deduction, Evaluation, Quantity, TargetParams, TargetRule


class Equality(TargetRule):
    name = "equality"
    title = "等值指标"
    help = (
        "应恰好等于目标值的指标：等于目标值得满分；偏离时线性扣分，偏离量达到目标值（即为0或2倍目标）"
        "时得0分：得分 = 权重 × (1 − |实际 − 目标| ÷ 目标)。"
    )
    example = """\
weight: 5
rule: {kind: equality, target: 3, unit: 个}
facts: {actual: 4}
expect: 3.33
"""
    sample_actual = "4"

    def describe(self, params: TargetParams) -> str:
        return f"={params.target.show()}，得满分；偏离的按偏离比例扣分，偏离量达到目标值时不得分。"

    def benchmark(self, params: TargetParams) -> str:
        return f"={params.target.show()}"

    def evaluate(self, params: TargetParams, facts: Quantity, weight: Decimal) -> Evaluation:
        t = params.target
        if facts.value == t.value:
            return Evaluation(weight, facts.show(), f"实际 {facts.show()} = 目标 {t.show()}，得满分 {plain(weight)}")
        share = clamp(ONE - abs(facts.value - t.value) / t.value, ZERO, ONE)
        score = weight * share
        formula = f"{plain(weight)} × (1 − |{facts.show()} − {t.show()}| ÷ {t.show()}) = {pts(score)}"
        return Evaluation(score, facts.show(), formula,
                          (Deduction(weight - score, f"实际 {facts.show()} 偏离目标 {t.show()}"),))


KIND = Equality()
