"""A stated score above the indicator's weight, or below zero."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...numbers import ZERO, plain
from ..base import Check, Finding, Location
from ..subject import Subject


class ScoreOverWeight(Check):
    code = "score-over-weight"
    title = "得分超过权重"
    severity = Severity.ERROR
    subject = "arithmetic"
    rank = 3

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in subject.leaves():
            score, weight = leaf.stated_score, leaf.weight
            if score is None or weight is None or ZERO <= score <= weight:
                continue
            cell = leaf.cells["score"]
            yield self.finding(f"指标“{leaf.name.text}”的权重为 {plain(weight)} 分，报告给出的得分却是“{cell.text}”",
                               [Location(cell.source, cell.text)], "得分应在 0 与权重之间，核对该指标的评分",
                               certain=leaf.certain)  # a row read from a flattened table may hold another's cells


CHECK = ScoreOverWeight()
