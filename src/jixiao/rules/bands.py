"""分段计分: a rate scored by the band it falls in (90% 以上 满分, 80%–90% 得 80% 分值, …)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import HUNDRED, ONE, RATE_QUANTUM, ZERO, percent, plain, pts, round_half_up
from ..yamlsrc import Map, Node, Reader
from .base import Deduction, Evaluation, FactField, Quantity, RuleKind, bad_param, rate_fact_fields, read_rate_fact


@dataclass(frozen=True, slots=True)
class Band:
    low: Decimal  # the band holds rates from ``low`` (含) up to the next band's low
    share: Decimal  # the part of the weight it earns: 1 is full marks


@dataclass(frozen=True, slots=True)
class Params:
    bands: tuple[Band, ...]  # highest first; a rate under the last band earns nothing
    label: str


class Bands(RuleKind[Params, Quantity]):
    name = "bands"
    title = "分段计分"
    help = (
        "比率落在哪一段，得该段的分值比例：bands 从高到低列出各段的下限 from（含）和得分比例 share"
        "（100% 为满分），低于最后一段的下限得0分。比率先四舍五入到百分数两位小数，与报告上显示的数值一致。"
    )
    example = """\
weight: 10
rule:
  kind: bands
  label: 工程按期完工率
  bands: [{from: 90%, share: 100%}, {from: 80%, share: 80%}, {from: 70%, share: 60%}]
facts: {actual: 85%}
expect: 8
"""
    takes_quantity = True

    def parse_params(self, r: Reader) -> Params | None:
        label = r.text("label", default="比率")
        bands = tuple(b for node in r.seq("bands", required=True) if (b := _band(node, r)) is not None)
        if not bands:
            bad_param(r, "至少需要一个分段", "在 bands 下从高到低写“{from: 90%, share: 100%}”")
            return None
        if any(a.low <= b.low or a.share < b.share for a, b in itertools.pairwise(bands)):
            bad_param(r, "分段应从高到低排列，下限和得分比例都依次降低", "按下限从高到低重写 bands")
            return None
        return Params(bands, label)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return rate_fact_fields(actual=percent(params.bands[0].low))

    def parse_facts(self, r: Reader, params: Params) -> Quantity | None:
        return read_rate_fact(r)

    def describe(self, params: Params) -> str:
        parts = []
        for i, band in enumerate(params.bands):
            upper = f"-{percent(params.bands[i - 1].low)}" if i else "（含）以上"
            earns = "得满分" if band.share == ONE else f"得{plain(band.share * HUNDRED)}%分值"
            parts.append(f"{params.label}{percent(band.low)}{'（含）' if i else ''}{upper}{earns}")
        return "；".join(parts) + f"；低于{percent(params.bands[-1].low)}不得分。"

    def benchmark(self, params: Params) -> str:
        return f"≥{percent(params.bands[0].low)}"

    def evaluate(self, params: Params, facts: Quantity, weight: Decimal) -> Evaluation:
        rate = round_half_up(facts.value, RATE_QUANTUM)
        band = next((b for b in params.bands if rate >= b.low), None)
        share = band.share if band else ZERO
        score = weight * share
        where = f"≥ {percent(band.low)}" if band else f"< {percent(params.bands[-1].low)}"
        formula = f"{params.label} {percent(rate)} {where}，得 {plain(weight)} × {percent(share)} = {pts(score)}"
        lost = weight - score
        reason = f"{params.label} {percent(rate)}，未达到{percent(params.bands[0].low)}"
        return Evaluation(score, percent(rate), formula, (Deduction(lost, reason),) if lost else ())


def _band(node: Node, r: Reader) -> Band | None:
    if not isinstance(node, Map):
        bad_param(r, "分段应写成“{from: 90%, share: 100%}”", source=node.source)
        return None
    band = Reader(node, r.diags, f"{r.where}的分段")
    low, share = band.rate("from", required=True), band.rate("share", required=True)
    band.finish()
    if low is None or share is None:
        return None
    if not ZERO <= share <= ONE:
        bad_param(band, "得分比例 share 应在0与100%之间", source=node.source)
        return None
    return Band(low, share)


KIND = Bands()
