"""是否判断: full marks if the condition holds, else 0; the answer needs its justification."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..diagnostics import Diagnostic, Severity
from ..numbers import ZERO, plain
from ..yamlsrc import Reader
from .base import REASON, Deduction, Evaluation, FactField, FactType, RuleKind


@dataclass(frozen=True, slots=True)
class Params:
    question: str  # the condition, e.g. 项目实施能提高化解群众诉求的速度


@dataclass(frozen=True, slots=True)
class Facts:
    value: bool
    reason: str


class YesNo(RuleKind[Params, Facts]):
    name = "yes_no"
    title = "是否判断"
    help = "条件成立得满分，否则得0分。事实写 value: 是/否，并在 reason 中写明判断依据。"
    example = """\
weight: 15
rule: {kind: yes_no, question: 项目实施能提高化解群众诉求的速度}
facts: {value: 是, reason: 群众诉求平均办结时间由12天缩短至8天}
expect: 15
"""

    def parse_params(self, r: Reader) -> Params | None:
        return Params(r.text("question", required=True))

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return (FactField("value", "是否成立（是/否）", FactType.YES_NO, required=True, sample="是"),
                replace(REASON, when="写明判断所依据的事实", sample="群众诉求平均办结时间由12天缩短至8天"))

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        value = r.boolean("value", required=True)
        reason = r.text("reason")
        if value is not None and not reason:
            r.diags.append(Diagnostic("reason-missing", f"{r.where}：判断“{'是' if value else '否'}”没有写明依据",
                                      r.source, "在 reason 中写明判断所依据的事实", Severity.WARNING))
        return None if value is None else Facts(value, reason)

    def describe(self, params: Params) -> str:
        return f"{params.question}，得满分，否则不得分。"

    def benchmark(self, params: Params) -> str:
        return "是"

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        why = f"（{facts.reason}）" if facts.reason else ""
        if facts.value:
            return Evaluation(weight, "是", f"{params.question}：是{why}，得满分 {plain(weight)}",
                              finding=f"{facts.reason.rstrip('。')}，{params.question}" if facts.reason else params.question)
        return Evaluation(ZERO, "否", f"{params.question}：否{why}，得 0 分",
                          (Deduction(weight, f"未达到“{params.question}”{why}"),))


KIND = YesNo()
