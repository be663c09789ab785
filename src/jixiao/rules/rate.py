"""比率 × 权重: pass rates, timeliness rates, 资金到位率."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import ONE, RATE_QUANTUM, percent, plain, pts, round_half_up
from ..yamlsrc import Reader
from .base import Deduction, Evaluation, FactField, Quantity, RuleKind, rate_fact_fields, read_rate_fact


@dataclass(frozen=True, slots=True)
class Params:
    label: str  # what the rate is called, e.g. 验收通过率


class Rate(RuleKind[Params, Quantity]):
    name = "rate"
    title = "比率乘以权重"
    help = (
        "得分 = 比率 × 权重分（比率超过100%按100%计）。事实写 actual: 98%，"
        "或写 count 与 total（如验收合格分项数与验收分项总数），由系统计算比率。"
    )
    example = """\
weight: 4
rule: {kind: rate, label: 验收通过率}
facts: {count: 9, total: 10}
expect: 3.6
"""
    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        return Params(r.text("label", default="比率"))

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return rate_fact_fields(count="9", total="10")

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        return read_rate_fact(r)

    def describe(self, params: Params) -> str:
        return f"得分={params.label}×权重分。"

    def benchmark(self, params: Params) -> str:
        return "100%"

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        rate = min(round_half_up(facts.value, RATE_QUANTUM), ONE)
        score = rate * weight
        formula = f"{params.label} {percent(rate)} × {plain(weight)} = {pts(score)}"
        deductions = () if rate == ONE else (
            Deduction(weight - score, f"{params.label}为 {percent(rate)}，未达100%"),)
        return Evaluation(score, percent(rate), formula, deductions)


KIND = Rate()
