"""Full points on a form's indicator whose actual misses its target."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.rules import meets
from ..base import Check, Finding, Location
from ..subject import Subject
from .form_rows import form_leaves, recomputed, rules_known


class FullMissed(Check):
    code = "full-missed"
    title = "未达目标却得满分"
    severity = Severity.ERROR
    subject = "arithmetic"  # the same leaf's score-recomputed says less: this one is kept
    rank = 2
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in form_leaves(subject):
            score, weight = leaf.stated_score, leaf.weight
            if score is None or weight is None or score < weight or "benchmark" not in leaf.cells:
                continue
            if meets(leaf.cell("benchmark"), leaf.cell("actual")) is not False:
                continue
            cell = leaf.cells["score"]
            yield self.finding(f"指标“{leaf.name.text}”的实际完成值“{leaf.cell('actual')}”未达到指标值“{leaf.cell('benchmark')}”，"
                               f"却得满分 {cell.text} 分{recomputed(subject, leaf)}",
                               [Location(cell.source, cell.text), Location(leaf.cells["actual"].source, leaf.cell("actual"))],
                               "按完成程度扣分，并在偏差原因中说明未完成的原因和改进措施",
                               certain=leaf.certain and rules_known(subject))


CHECK = FullMissed()
