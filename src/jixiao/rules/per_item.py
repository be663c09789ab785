"""每项扣分: points off for each item found (每发现一项问题扣1分，扣完为止)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..numbers import ZERO, plain, pts
from ..yamlsrc import Reader
from .base import REASON, Deduction, Evaluation, FactField, FactType, RuleKind, bad_param, read_count, require_reason


@dataclass(frozen=True, slots=True)
class Params:
    per: Decimal  # points off for each item
    label: str  # what is counted, e.g. 问题未按期整改


@dataclass(frozen=True, slots=True)
class Facts:
    count: int
    reason: str  # what the items were (检查发现的1项问题未按期整改)


class PerItem(RuleKind[Params, Facts]):
    name = "per_item"
    title = "每项扣分"
    help = "label 为扣分事项（如“问题未按期整改”）。每发生一项扣 per 分，扣完为止：得分 = max(权重 − per × count, 0)。"
    example = """\
weight: 5
rule: {kind: per_item, label: 问题未按期整改, per: 1}
facts: {count: 2, reason: 审计指出的2项问题年底前未整改}
expect: 3
"""

    def parse_params(self, r: Reader) -> Params | None:
        label, per = r.text("label", default="问题"), r.decimal("per", required=True)
        if per is None:
            return None
        if per <= ZERO:
            bad_param(r, "每项扣分 per 应大于0")
            return None
        return Params(per, label)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return (_count(params), replace(REASON, when="有扣分时写明是哪几项"))

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        count = read_count(r, _count(params))
        if count is None:
            return None
        return Facts(count, require_reason(r, count > 0, f"{params.label} {count} 项"))

    def describe(self, params: Params) -> str:
        return f"发现{params.label}的，每项扣{plain(params.per)}分，扣完为止。"

    def benchmark(self, params: Params) -> str:
        return "0项"

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        lost = min(params.per * facts.count, weight)
        score = weight - lost
        formula = (f"{params.label} {facts.count} 项 × {plain(params.per)} 分 = 扣 {pts(lost)} 分，"
                   f"得分 {plain(weight)} − {pts(lost)} = {pts(score)}")
        why = f"（{facts.reason}）" if facts.reason else ""
        deductions = (Deduction(lost, f"{params.label} {facts.count} 项{why}"),) if lost else ()
        return Evaluation(score, f"{facts.count}项", formula, deductions)


def _count(params: Params) -> FactField:
    return FactField("count", f"{params.label}项数", FactType.COUNT, "项", required=True, minimum=ZERO, sample="0")


KIND = PerItem()
