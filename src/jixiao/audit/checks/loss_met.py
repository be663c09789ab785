"""Points lost on a form's indicator whose actual meets its target, with no 偏差原因 to say why."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.rules import meets
from ...numbers import plain
from ..base import Check, Finding, Location
from ..subject import Subject
from .form_rows import form_leaves, reason_given, recomputed, rules_known


class LossMet(Check):
    code = "loss-met"
    title = "已达目标却扣分且未说明原因"
    severity = Severity.ERROR
    subject = "arithmetic"  # the same leaf's score-recomputed says less: this one is kept
    rank = 2
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in form_leaves(subject):
            score, weight = leaf.stated_score, leaf.weight
            if score is None or weight is None or score >= weight or reason_given(leaf):
                continue
            if meets(leaf.cell("benchmark"), leaf.cell("actual")) is not True:
                continue
            cell = leaf.cells["score"]
            yield self.finding(f"指标“{leaf.name.text}”的实际完成值“{leaf.cell('actual')}”已达到指标值“{leaf.cell('benchmark')}”，"
                               f"却得 {cell.text} 分（分值 {plain(weight)}）{recomputed(subject, leaf)}，偏差原因一栏没有说明扣分理由",
                               [Location(cell.source, cell.text), Location(leaf.cells["actual"].source, leaf.cell("actual"))],
                               "写明扣分依据，或按达到目标给满分", certain=leaf.certain and rules_known(subject))


CHECK = LossMet()
