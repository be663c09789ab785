"""完成比例: full marks at the target, otherwise weight × actual / target."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import ONE, percent, plain, pts
from .base import Deduction, Evaluation, Quantity, TargetParams, TargetRule


class Completion(TargetRule):
    name = "completion"
    title = "完成比例"
    help = "label 为计数对象（如“巡检次数”）。达到目标值得满分，否则按完成比例扣分：得分 = 权重 × min(实际值 ÷ 目标值, 1)。"
    example = """\
weight: 2
rule: {kind: completion, label: 日志分析次数, target: 12, unit: 次}
facts: {actual: 9}
expect: 1.5
"""
    sample_actual = "9"

    def describe(self, params: TargetParams) -> str:
        return f"{params.label}={params.target.show()}，得满分，否则按完成比例扣分。"

    def benchmark(self, params: TargetParams) -> str:
        return params.target.show()

    def evaluate(self, params: TargetParams, facts: Quantity, weight: Decimal) -> Evaluation:
        ratio = min(facts.value / params.target.value, ONE)
        score = weight * ratio
        formula = f"{plain(weight)} × min({facts.show()} ÷ {params.target.show()}, 1) = {pts(score)}"
        deductions: tuple[Deduction, ...] = ()
        if ratio < ONE:
            deductions = (Deduction(weight - score,
                                    f"实际完成 {facts.show()}，目标 {params.target.show()}，完成率 {percent(ratio)}"),)
        return Evaluation(score, facts.show(), formula, deductions)


KIND = Completion()
