"""Children's weights that do not add up to their parent's (only where the parent's is stated)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.model import Node
from ...numbers import ZERO, plain
from ..base import Check, Finding, Location
from ..subject import Subject


class WeightsSum(Check):
    code = "weights-sum"
    title = "下级权重之和与上级不符"
    severity = Severity.ERROR
    subject = "arithmetic"

    def run(self, subject: Subject) -> Iterable[Finding]:
        if not subject.complete:
            return  # rows past where the document stops were never read: their sums say nothing
        for node in subject.nodes():
            if not node.children or not node.weight_stated or node.weight is None:
                continue
            total = sum((c.weight or ZERO for c in node.children), ZERO)
            if total != node.weight:
                yield self._finding(node, node.weight, total, all(_certain(c) for c in node.children))
        roots = subject.roots
        stated = [r.weight for r in roots if r.weight_stated and r.weight is not None]
        if roots and len(stated) == len(roots) and sum(stated, ZERO) != Decimal(100):
            yield self.finding(f"一级指标权重之和为 {plain(sum(stated, ZERO))}，应为 100",
                               [Location(r.name.source, f"{r.name.text}（{plain(r.weight or ZERO)}分）") for r in roots],
                               "核对一级指标的分值", certain=all(_certain(r) for r in roots))

    def _finding(self, node: Node, weight: Decimal, total: Decimal, certain: bool) -> Finding:
        parts = " + ".join(plain(c.weight or ZERO) for c in node.children)
        where = [Location(c.name.source, f"{c.name.text}（{plain(c.weight or ZERO)}分）") for c in node.children]
        return self.finding(f"“{node.name.text}”的权重为 {plain(weight)} 分，其下级指标权重之和为 {parts} = {plain(total)} 分",
                            [Location(node.name.source, f"{node.name.text}（{plain(weight)}分）"), *where],
                            "核对评分表中该组指标的权重，使下级之和等于上级", certain=certain)


def _certain(node: Node) -> bool:
    return node.certain and all(_certain(c) for c in node.children)


CHECK = WeightsSum()
