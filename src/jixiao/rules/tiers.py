"""定性分档: the evaluator picks a tier (达成/部分达成/未达成) and gives the points inside its band."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..diagnostics import Diagnostic
from ..numbers import ONE, ZERO, percent, plain, pts
from ..yamlsrc import Map, Node, Reader
from .base import (
    REASON,
    Deduction,
    Evaluation,
    FactField,
    FactType,
    RuleError,
    RuleKind,
    bad_param,
    require_reason,
)


@dataclass(frozen=True, slots=True)
class Tier:
    name: str
    low: Decimal  # share of the weight, inclusive
    high: Decimal  # share of the weight, inclusive


DEFAULT_TIERS = (
    Tier("达成", Decimal("0.8"), ONE),
    Tier("部分达成", Decimal("0.6"), Decimal("0.8")),
    Tier("未达成", ZERO, Decimal("0.6")),
)


@dataclass(frozen=True, slots=True)
class Params:
    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Facts:
    tier: Tier
    points: Decimal
    reason: str


class Tiers(RuleKind[Params, Facts]):
    name = "tiers"
    title = "定性分档"
    help = (
        "定性指标分档评分：达成得权重的80%–100%，部分达成60%–80%，未达成0–60%（档位可自定义）。"
        "评价人选定档位 tier，在该档分值范围内给出得分 points，并在 reason 中写明理由。"
    )
    example = """\
weight: 10
rule: {kind: tiers}
facts: {tier: 部分达成, points: 7, reason: 群众诉求办理时限有所缩短，但仍有超期件}
expect: 7
"""

    def parse_params(self, r: Reader) -> Params | None:
        nodes = r.seq("tiers")
        if not nodes:
            return Params(DEFAULT_TIERS)
        tiers = [t for t in (_tier(n, r) for n in nodes) if t is not None]
        return Params(tuple(tiers)) if len(tiers) == len(nodes) else None

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        name = r.text("tier", required=True)
        points = r.decimal("points", required=True)
        tier = next((t for t in params.tiers if t.name == name), None)
        if name and tier is None:
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：没有名为“{name}”的档位", r.key_source("tier"),
                                      "可选档位：" + "、".join(t.name for t in params.tiers)))
        reason = require_reason(r, True, "定性分档须说明理由")
        if tier is None or points is None:
            return None
        return Facts(tier, points, reason)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        top = params.tiers[0]
        return (FactField("tier", "档次", FactType.TEXT, required=True, allowed=tuple(t.name for t in params.tiers),
                          sample=top.name),
                FactField("points", "得分", FactType.NUMBER, required=True, when="在所选档次的分值范围内",
                          sample=pts(top.high * weight)),
                replace(REASON, when="写明评定理由", sample="请写明评定理由"))

    def describe(self, params: Params) -> str:
        return "；".join(f"{t.name}得权重的{percent(t.low)}–{percent(t.high)}" for t in params.tiers) + "。"

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        low, high = facts.tier.low * weight, facts.tier.high * weight
        if not low <= facts.points <= high:
            raise RuleError(f"“{facts.tier.name}”档的得分应在 {pts(low)} 到 {pts(high)} 分之间，"
                            f"填写的是 {plain(facts.points)} 分")
        formula = f"{facts.tier.name}（{pts(low)}–{pts(high)}分），评价人给分 {plain(facts.points)}：{facts.reason}"
        deductions = () if facts.points == weight else (
            Deduction(weight - facts.points, f"评定为“{facts.tier.name}”：{facts.reason}"),)
        return Evaluation(facts.points, facts.tier.name, formula, deductions)


def _tier(node: Node, r: Reader) -> Tier | None:
    if not isinstance(node, Map):
        bad_param(r, "档位应写成“{name: 达成, low: 80%, high: 100%}”", source=node.source)
        return None
    t = Reader(node, r.diags, f"{r.where}的档位")
    name, low, high = t.text("name", required=True), t.rate("low", required=True), t.rate("high", required=True)
    t.finish()
    if low is None or high is None or not name:
        return None
    if low > high:
        bad_param(r, f"档位“{name}”的下限高于上限", source=node.source)
        return None
    return Tier(name, low, high)


KIND = Tiers()
