"""Points lost on a checklist indicator while the report names no failed criterion.

Rate-like indicators explain a loss by their actual value; a checklist loses points only for
items it fails, and the report should say which. The loss counts as explained when some
paragraph names the indicator together with a deduction word (扣, 失分, 不符合…).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.rules import meets
from ...numbers import ZERO, plain
from ..base import Check, Finding, Location
from ..subject import Subject
from .form_rows import form_leaves, reason_given

DEDUCTION = re.compile(r"扣|失分|不得分|未得分|不符合|未达到|不满足")
UNEXPLAINED_KINDS = ("checklist", None)


class LossUnexplained(Check):
    code = "loss-unexplained"
    title = "失分未说明原因"
    severity = Severity.WARNING
    subject = "indicator"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is not None:
            yield from self._form(subject)
            return
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


    def _form(self, subject: Subject) -> Iterable[Finding]:
        """A form gives each lost point its reason in the 偏差原因 column (a met target is loss-met's)."""
        for leaf in form_leaves(subject):
            score, weight = leaf.stated_score, leaf.weight
            if score is None or weight is None or not ZERO <= score < weight or reason_given(leaf):
                continue
            if meets(leaf.cell("benchmark"), leaf.cell("actual")) is True or "reason" not in subject.form_columns:
                continue
            cell = leaf.cells["score"]
            yield self.finding(f"指标“{leaf.name.text}”失 {plain(weight - score)} 分（分值 {plain(weight)}，得分 {cell.text}），"
                               "偏差原因分析及改进措施一栏却是空的", [Location(cell.source, f"{leaf.name.text}：{cell.text}")],
                               "写明未完成的原因和下一步的改进措施", certain=leaf.certain)


def _explained(name: str, subject: Subject) -> bool:
    return any(name in p.text and DEDUCTION.search(p.text) for p in subject.passages)


CHECK = LossUnexplained()
