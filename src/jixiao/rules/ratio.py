"""两数之比: a ratio of two counts against a target rate; full marks at the target, else in proportion."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import ONE, ZERO, percent, plain, pts
from ..yamlsrc import Reader
from .base import Deduction, Evaluation, FactField, FactType, RuleKind, bad_param, read_count

NUMERATOR = FactField("numerator", "分子（达到要求的数量）", FactType.COUNT, required=True, minimum=ZERO, sample="9")
DENOMINATOR = FactField("denominator", "分母（总数量）", FactType.COUNT, required=True, minimum=ZERO, above=True,
                        sample="10")


@dataclass(frozen=True, slots=True)
class Params:
    target: Decimal  # the rate that earns full marks
    label: str


@dataclass(frozen=True, slots=True)
class Facts:
    numerator: int
    denominator: int


class Ratio(RuleKind[Params, Facts]):
    name = "ratio"
    title = "两数之比"
    help = (
        "比率 = 分子 ÷ 分母（两个数量，如抽检合格件数与抽检件数），达到目标比率 target 得满分，"
        "否则按比例计分：得分 = 权重 × min(比率 ÷ 目标比率, 1)。事实写 numerator（分子）与 denominator（分母，应大于0）。"
    )
    example = """\
weight: 5
rule: {kind: ratio, label: 抽检合格率, target: 95%}
facts: {numerator: 36, denominator: 40}
expect: 4.74
"""

    def parse_params(self, r: Reader) -> Params | None:
        target = r.rate("target", required=True)
        if target is not None and target <= ZERO:
            bad_param(r, "“target”应大于0", "目标比率为0时无法按比例计分", r.key_source("target"))
            return None
        return None if target is None else Params(target, r.text("label", default="比率"))

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return (NUMERATOR, DENOMINATOR)

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        numerator, denominator = read_count(r, NUMERATOR), read_count(r, DENOMINATOR)
        return None if numerator is None or denominator is None else Facts(numerator, denominator)

    def describe(self, params: Params) -> str:
        return f"{params.label}≥{percent(params.target)}，得满分；否则得分={params.label}÷{percent(params.target)}×权重分。"

    def benchmark(self, params: Params) -> str:
        return f"≥{percent(params.target)}"

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        rate = Decimal(facts.numerator) / facts.denominator
        share = min(rate / params.target, ONE)
        score = weight * share
        shown = f"{facts.numerator} ÷ {facts.denominator}"
        formula = f"{plain(weight)} × min({shown} ÷ {percent(params.target)}, 1) = {pts(score)}"
        deductions = () if share == ONE else (
            Deduction(weight - score, f"{params.label} {percent(rate)}，未达目标 {percent(params.target)}"),)
        return Evaluation(score, percent(rate), formula, deductions)


KIND = Ratio()
