"""A qualitative target (明显, 良好, 有效) with no scoring criterion: nothing says how it is judged."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...model import parse_target
from ..base import Check, Finding, Location
from ..subject import Subject


class CriterionMissing(Check):
    code = "criterion-missing"
    title = "定性指标缺少评分标准"
    severity = Severity.WARNING
    subject = "indicator"

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in subject.leaves():
            target = leaf.cell("benchmark").strip()
            if "criterion" not in leaf.cells or leaf.cell("criterion").strip() or not target:
                continue
            if parse_target(target).qualitative:
                yield self.finding(f"指标“{leaf.name.text}”的指标值“{target}”是定性表述，却没有评分标准，无法判断是否达成及如何扣分",
                                   [Location(leaf.cells["criterion"].source, leaf.name.text)],
                                   "写明评分标准：达成的判断依据和各档得分")


CHECK = CriterionMissing()
