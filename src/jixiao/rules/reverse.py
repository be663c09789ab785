"""反向指标: full marks at or under the target; above it either falling linearly to 0 at twice the
target (``mode: linear``, the default) or shrinking as target ÷ actual (``mode: ratio``, the
self-evaluation forms' usual 得分 = 分值 × 指标值 ÷ 实际值)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import ONE, ZERO, clamp, plain, pts
from ..yamlsrc import Reader
from .base import (
    Deduction,
    Evaluation,
    FactField,
    Quantity,
    RuleKind,
    TargetParams,
    actual_field,
    bad_param,
    read_actual,
    read_target,
)

MODES = {"linear": "linear", "线性": "linear", "ratio": "ratio", "比值": "ratio"}


@dataclass(frozen=True, slots=True)
class Params(TargetParams):
    mode: str = "linear"


class Reverse(RuleKind[Params, Quantity]):
    name = "reverse"
    title = "反向指标"
    help = (
        "越小越好的指标（如偏差率≤1%、响应时间≤2小时）：实际值不超过目标值得满分；超过时按 mode 扣分："
        "linear（默认）线性扣分，达到目标值的2倍得0分：得分 = 权重 × (2 × 目标 − 实际) ÷ 目标；"
        "ratio 按比值计分（自评表常用）：得分 = 权重 × 目标 ÷ 实际。"
    )
    example = """\
weight: 10
rule: {kind: reverse, target: 2, unit: 小时}
facts: {actual: 2.5}
expect: 7.5
"""

    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        label = r.text("label")
        target = read_target(r)
        mode_text = r.text("mode", default="linear")
        mode = MODES.get(mode_text)
        if mode is None:
            bad_param(r, f"mode 应为 linear（线性）或 ratio（比值），写的是“{mode_text}”", source=r.key_source("mode"))
            return None
        return None if target is None else Params(target, label, mode)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return (actual_field(params.target, "2.5"),)

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        return read_actual(r, params.target)

    def describe(self, params: Params) -> str:
        t = params.target
        if params.mode == "ratio":
            return f"≤{t.show()}，得满分；超出的，得分=指标值÷实际值×分值。"
        return f"≤{t.show()}，得满分；超出的按比例扣分，达到{_twice(t)}及以上不得分。"

    def benchmark(self, params: Params) -> str:
        return f"≤{params.target.show()}"

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        t = params.target
        if facts.value <= t.value:
            return Evaluation(weight, facts.show(), f"实际 {facts.show()} ≤ 目标 {t.show()}，得满分 {plain(weight)}")
        if params.mode == "ratio":
            score = weight * t.value / facts.value
            formula = f"{plain(weight)} × {t.show()} ÷ {facts.show()} = {pts(score)}"
        else:
            share = clamp((2 * t.value - facts.value) / t.value, ZERO, ONE)
            score = weight * share
            formula = (f"{plain(weight)} × (2 × {t.show()} − {facts.show()}) ÷ {t.show()} = {pts(score)}"
                       if share > ZERO else f"实际 {facts.show()} ≥ 目标的2倍 {_twice(t)}，得 0 分")
        return Evaluation(score, facts.show(), formula,
                          (Deduction(weight - score, f"实际 {facts.show()} 超过目标 {t.show()}"),))


def _twice(t: Quantity) -> str:
    return Quantity(t.value * 2, t.is_rate, t.unit).show()


KIND = Reverse()
