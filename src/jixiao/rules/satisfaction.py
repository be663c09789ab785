"""满意度: survey result × weight; without a survey, a presumed rate lowered per complaint."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import Diagnostic
from ..numbers import ONE, RATE_QUANTUM, ZERO, percent, plain, pts, round_half_up
from ..yamlsrc import Reader
from .base import Deduction, Evaluation, FactField, FactType, RuleKind


@dataclass(frozen=True, slots=True)
class Params:
    presumed: Decimal  # satisfaction assumed when no survey was held and nobody complained
    per_complaint: Decimal  # how much each complaint lowers the presumed rate
    label: str


@dataclass(frozen=True, slots=True)
class Facts:
    survey: bool
    rate: Decimal | None  # the survey's result, when a survey was held
    complaints: int


class Satisfaction(RuleKind[Params, Facts]):
    name = "satisfaction"
    title = "满意度"
    help = (
        "开展了满意度调查：得分 = 调查满意度 × 权重分。未开展调查：以 presumed（默认90%）"
        "为推定满意度，每收到1件投诉下降 per_complaint（默认0.5个百分点），得分 = 推定满意度 × 权重分。"
        "事实写 survey（是否开展调查）、rate（调查结果，仅在开展调查时填写）、complaints（投诉件数）。"
    )
    example = """\
weight: 10
rule: {kind: satisfaction, label: 信访群众满意度, presumed: 90%, per_complaint: 0.5%}
facts: {survey: 否, complaints: 2}
expect: 8.9
"""

    def parse_params(self, r: Reader) -> Params | None:
        presumed = r.rate("presumed") or Decimal("0.9")
        per_complaint = r.rate("per_complaint") or Decimal("0.005")
        return Params(presumed, per_complaint, r.text("label", default="满意度"))

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return (FactField("survey", "是否开展满意度调查", FactType.YES_NO, required=True, sample="否"),
                FactField("rate", "调查满意度", FactType.RATE, when="仅在开展调查时填写"),
                FactField("complaints", "投诉件数", FactType.COUNT, minimum=ZERO, when="未开展调查时必填", sample="2"))

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        survey = r.boolean("survey", required=True)
        rate = r.rate("rate")
        complaints = r.integer("complaints", required=survey is False)
        if survey is None:
            return None
        if survey and rate is None and not r.has("rate"):
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：开展了满意度调查，但没有填写调查结果 rate",
                                      r.source, "填写调查得出的满意度，例如 rate: 96.5%"))
            return None
        if survey and rate is None:  # a rate was written but could not be read; already reported
            return None
        if not survey and rate is not None:
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：未开展满意度调查，却填写了满意度 {percent(rate)}",
                                      r.key_source("rate"), "删除 rate，或把 survey 改为 是 并附调查材料"))
            return None
        if complaints is not None and complaints < 0:
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：投诉件数不能为负", r.key_source("complaints")))
            return None
        return Facts(survey, rate, complaints or 0)

    def describe(self, params: Params) -> str:
        return (f"①项目未开展满意度调查，但未收到投诉，视满意度为{percent(params.presumed)}；"
                f"②项目未开展满意度调查，每收到1件投诉，视满意度下降{percent(params.per_complaint)}，"
                f"按满意度比例扣分；③项目开展满意度调查，得分={params.label}×权重分。")

    def benchmark(self, params: Params) -> str:
        return "100%"

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        if facts.survey and facts.rate is not None:
            rate = min(round_half_up(facts.rate, RATE_QUANTUM), ONE)
            how = f"调查{params.label} {percent(rate)}"
        else:
            rate = max(params.presumed - params.per_complaint * facts.complaints, ZERO)
            how = (f"未开展满意度调查，收到投诉 {facts.complaints} 件，推定{params.label} "
                   f"{percent(params.presumed)} − {facts.complaints} × {percent(params.per_complaint)} = {percent(rate)}")
        score = rate * weight
        deductions = () if rate == ONE else (Deduction(weight - score, f"{how}，按满意度比例扣分"),)
        return Evaluation(score, percent(rate), f"{how}；得分 {percent(rate)} × {plain(weight)} = {pts(score)}",
                          deductions)


KIND = Satisfaction()
