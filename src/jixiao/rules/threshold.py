"""门槛扣分: full marks at or above a threshold rate; each step below costs points."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..numbers import RATE_QUANTUM, ZERO, percent, plain, pts, round_half_up
from ..yamlsrc import Reader
from .base import (
    PARTIAL,
    PARTIAL_WORDS,
    Deduction,
    Evaluation,
    FactField,
    Quantity,
    RuleKind,
    bad_param,
    count_steps,
    rate_fact_fields,
    read_rate_fact,
)


@dataclass(frozen=True, slots=True)
class Params:
    full_at: Decimal  # the rate that earns full marks
    per: Decimal  # one deduction step, in rate (0.01 = one percentage point)
    deduct: Decimal  # points per step
    partial: str  # up | down | proportional
    label: str


def read_stepped(r: Reader, default_full: Decimal | None, default_deduct: Decimal | None) -> Params | None:
    full_at = r.rate("full_at", required=default_full is None)
    per = r.rate("per") or Decimal("0.01")
    deduct = r.decimal("deduct", required=default_deduct is None)
    partial = r.choice("partial", PARTIAL, "up")
    label = r.text("label", default="比率")
    full_at = default_full if full_at is None else full_at
    deduct = default_deduct if deduct is None else deduct
    if full_at is None or deduct is None:
        return None
    if per <= ZERO or deduct < ZERO:
        bad_param(r, "步长 per 应大于0，扣分 deduct 不能为负")
        return None
    return Params(full_at, per, deduct, partial, label)


def stepped(params: Params, rate: Decimal, gap: Decimal, weight: Decimal, side: str) -> Evaluation:
    """Score a rate that is ``gap`` past the threshold (``side``: 低于 / 超出)."""
    steps = count_steps(gap, params.per, params.partial)
    lost = min(steps * params.deduct, weight)
    score = weight - lost
    formula = (f"{params.label} {percent(rate)}，{side} {percent(params.full_at)} {percent(gap)}，"
               f"计 {plain(steps)} 个步长 × {plain(params.deduct)} 分 = 扣 {pts(lost)} 分，"
               f"得分 {plain(weight)} − {pts(lost)} = {pts(score)}")
    reason = f"{params.label} {percent(rate)}，{side}{percent(params.full_at)}"
    return Evaluation(score, percent(rate), formula, (Deduction(lost, reason),) if lost else ())


class Threshold(RuleKind[Params, Quantity]):
    name = "threshold"
    title = "门槛扣分"
    help = (
        "比率达到 full_at 得满分；每低于一个步长 per（默认1个百分点）扣 deduct 分，直至0分。"
        "partial 规定不足一个步长的部分：up 按一个步长扣（默认），down 不扣，proportional 按比例扣。"
        "比率先四舍五入到百分数两位小数，与报告上显示的数值一致。"
    )
    example = """\
weight: 5
rule: {kind: threshold, label: 预算执行率, full_at: 98%, per: 1%, deduct: 0.1, partial: up}
facts: {actual: 88.84%}
expect: 4
"""
    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        return read_stepped(r, None, None)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return rate_fact_fields(actual="88.84%")

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        return read_rate_fact(r)

    def describe(self, params: Params) -> str:
        return (f"①{params.label}≥{percent(params.full_at)}，得满分；②{params.label}每降低"
                f"{percent(params.per)}扣{plain(params.deduct)}分，{PARTIAL_WORDS[params.partial]}。")

    def benchmark(self, params: Params) -> str:
        return f"≥{percent(params.full_at)}"

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        rate = round_half_up(facts.value, RATE_QUANTUM)
        if rate >= params.full_at:
            return Evaluation(weight, percent(rate),
                              f"{params.label} {percent(rate)} ≥ {percent(params.full_at)}，得满分 {plain(weight)}")
        return stepped(params, rate, params.full_at - rate, weight, "低于")


KIND = Threshold()
