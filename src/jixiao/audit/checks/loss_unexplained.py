"""Points lost on a checklist indicator while the report names no failed criterion.

Rate-like indicators explain a loss by their actual value; a checklist loses points only for
items it fails, and the report should say which. The loss counts as explained when some
paragraph names the indicator together with a deduction word (扣, 失分, 不符合…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ...numbers import ZERO, plain
from ..base import Check, Finding, Location
from ..subject import Subject

DEDUCTION = re.compile(r"扣|失分|不得分|未得分|不符合|未达到|不满足")
UNEXPLAINED_KINDS = ("checklist", None)


class LossUnexplained(Check):
    kinds = frozenset({"report", "project"})  # a form explains its losses in its own column (see loss_met)
    code = "loss-unexplained"
    title = "失分未说明原因"
    severity = Severity.WARNING
    subject = "indicator"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in subject.leaves():
            score, weight = leaf.stated_score, leaf.weight
            if score is None or weight is None or not ZERO <= score < weight:
                continue
            if subject.kinds.get(leaf.name.text) not in UNEXPLAINED_KINDS or _explained(leaf.name.text, subject):
                continue
            cell = leaf.cells["score"]
            yield self.finding(f"指标“{leaf.name.text}”失 {plain(weight - score)} 分（权重 {plain(weight)}，得分 {cell.text}），"
                               "报告没有写明哪一项评分要点不符合",
                               [Location(cell.source, f"{leaf.name.text}：{cell.text}")],
                               "在指标分析中写明失分的评分要点及所依据的事实")


def _explained(name: str, subject: Subject) -> bool:
    return any(name in p.text and DEDUCTION.search(p.text) for p in subject.passages)


CHECK = LossUnexplained()
