"""及时率: items delivered on time against a deadline ÷ items due, × weight."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import Diagnostic
from ..numbers import ONE, RATE_QUANTUM, ZERO, percent, plain, pts, round_half_up
from ..yamlsrc import Reader
from .base import Deduction, Evaluation, FactField, FactType, Quantity, RuleKind


@dataclass(frozen=True, slots=True)
class Params:
    deadline: str  # the deadline in words: 次月10日前, 故障解决后5个工作日内
    label: str


class Timeliness(RuleKind[Params, Quantity]):
    name = "timeliness"
    title = "及时率"
    help = (
        "及时率 = 按期完成数 ÷ 应完成数，得分 = 及时率 × 权重分。事实写 on_time（按期完成数）"
        "与 due（应完成数），应完成数为0时视为全部及时；只知道及时率时可写 actual: 100%。deadline 用文字写明期限（如“次月10日前”）。"
    )
    example = """\
weight: 4
rule: {kind: timeliness, label: 运维月报提交及时率, deadline: 次月10日前}
facts: {on_time: 9, due: 10}
expect: 3.6
"""
    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        return Params(r.text("deadline", required=True), r.text("label", default="及时率"))

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        alone = "未写 actual 时填写"
        return (FactField("on_time", "按期完成数", FactType.COUNT, minimum=ZERO, when=alone, sample="9"),
                FactField("due", "应完成数", FactType.COUNT, minimum=ZERO, when=alone, sample="10"),
                FactField("actual", "实际完成值", FactType.RATE, when="只知道及时率时填写，代替 on_time 与 due"))

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        if r.has("actual"):  # only the rate is known, e.g. read from a report
            rate = r.rate("actual")
            return None if rate is None else Quantity(rate, True, "%", source=r.key_source("actual"))
        on_time, due = r.integer("on_time", required=True), r.integer("due", required=True)
        if on_time is None or due is None:
            return None
        if due < 0 or not 0 <= on_time <= max(due, 0):
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：按期完成 {on_time} 件、应完成 {due} 件不成立",
                                      r.source, "按期完成数应在0与应完成数之间"))
            return None
        if due == 0:
            return Quantity(ONE, True, "%", "无应完成事项，视为全部及时", r.source)
        rate = Decimal(on_time) / due
        return Quantity(rate, True, "%", f"按期完成 {on_time} 件 ÷ 应完成 {due} 件 = {percent(rate)}", r.source)

    def describe(self, params: Params) -> str:
        return f"{params.label}=在{params.deadline}完成的数量/应完成数量×100%；得分={params.label}×权重分。"

    def benchmark(self, params: Params) -> str:
        return params.deadline

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        rate = min(round_half_up(facts.value, RATE_QUANTUM), ONE)
        score = rate * weight
        deductions = () if rate == ONE else (
            Deduction(weight - score, f"{params.label} {percent(rate)}，有事项未在{params.deadline}完成"),)
        return Evaluation(score, percent(rate), f"{params.label} {percent(rate)} × {plain(weight)} = {pts(score)}", deductions)


KIND = Timeliness()
