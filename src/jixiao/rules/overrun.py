"""超支扣分: full marks at or under a ceiling rate (成本控制率 ≤100%); each step over costs points."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import RATE_QUANTUM, percent, plain, round_half_up
from ..yamlsrc import Reader
from .base import PARTIAL_WORDS, Evaluation, FactField, Quantity, RuleKind, rate_fact_fields, read_rate_fact
from .threshold import Params, read_stepped, stepped


class Overrun(RuleKind[Params, Quantity]):
    name = "overrun"
    title = "超支扣分"
    help = (
        "比率不超过 full_at（默认100%）得满分；每超出一个步长 per（默认1个百分点）扣 deduct 分，"
        "直至0分。partial 的含义同 threshold。常用于成本控制率 = 实际支出 ÷ 指标金额。"
    )
    example = """\
weight: 4
rule: {kind: overrun, label: 成本控制率, full_at: 100%, deduct: 0.5}
facts: {actual: 102.5%}
expect: 2.5
"""
    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        return read_stepped(r, Decimal(1), None)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return rate_fact_fields(actual="102.5%")

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        return read_rate_fact(r)

    def describe(self, params: Params) -> str:
        return (f"①{params.label}≤{percent(params.full_at)}，得满分；②{params.label}"
                f">{percent(params.full_at)}，每超出{percent(params.per)}扣{plain(params.deduct)}分，"
                f"直至0分，{PARTIAL_WORDS[params.partial]}。")

    def benchmark(self, params: Params) -> str:
        return f"≤{percent(params.full_at)}"

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        rate = round_half_up(facts.value, RATE_QUANTUM)
        if rate <= params.full_at:
            return Evaluation(weight, percent(rate),
                              f"{params.label} {percent(rate)} ≤ {percent(params.full_at)}，得满分 {plain(weight)}")
        return stepped(params, rate, rate - params.full_at, weight, "超出")


KIND = Overrun()
