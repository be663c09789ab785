"""A stated score that the stated rule, applied to the stated actual, does not give."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...numbers import pts
from ..base import Check, Finding, Location
from ..subject import Subject


class ScoreRecomputed(Check):
    code = "score-recomputed"
    title = "得分与评分标准不符"
    severity = Severity.ERROR
    subject = "arithmetic"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in subject.leaves():
            stated, computed = leaf.stated_score, subject.rescored(leaf.name.text)
            if stated is None or computed is None or stated == computed:
                continue
            cell = leaf.cells["score"]
            scored = subject.result.find(leaf.name.text) if subject.result else None
            how = scored.explanation[-2] if scored is not None and len(scored.explanation) > 1 else ""
            yield self.finding(
                f"指标“{leaf.name.text}”报告得分“{cell.text}”，按其评分标准和实际完成值“{leaf.cell('actual')}”"
                f"复算为 {pts(computed)} 分（{how}）",
                [Location(cell.source, cell.text), Location(leaf.cells.get("criterion", leaf.name).source,
                                                            leaf.cell("criterion")[:80])],
                "按评分标准重新计算该指标得分，或补充说明调整理由")


CHECK = ScoreRecomputed()
