"""A qualitative target (明显, 良好, 有效) with no scoring criterion: nothing says how it is judged."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...model import parse_target
from ..base import Check, Finding, Location
from ..subject import Subject

MOST = 0.75  # share of a table's indicators with a criterion that makes an empty one an omission


class CriterionMissing(Check):
    code = "criterion-missing"
    title = "定性指标缺少评分标准"
    severity = Severity.WARNING
    subject = "indicator"

    def run(self, subject: Subject) -> Iterable[Finding]:
        leaves = [leaf for leaf in subject.leaves() if "criterion" in leaf.cells]
        written = sum(1 for leaf in leaves if leaf.cell("criterion").strip())
        for leaf in leaves:
            target = leaf.cell("benchmark").strip()
            if leaf.cell("criterion").strip() or not target:
                continue
            where = [Location(leaf.cells["criterion"].source, leaf.name.text)]
            if parse_target(target).qualitative:
                yield self.finding(f"指标“{leaf.name.text}”的指标值“{target}”是定性表述，却没有评分标准，无法判断是否达成及如何扣分",
                                   where, "写明评分标准：达成的判断依据和各档得分")
            elif written >= MOST * len(leaves):  # the table writes one for nearly every other indicator
                yield self.finding(f"指标“{leaf.name.text}”没有评分标准（评分表的其他指标都写明了），得分依据不明",
                                   where, "补写评分标准：得分如何由实际完成值计算", hint=True)


CHECK = CriterionMissing()
