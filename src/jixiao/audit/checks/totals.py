"""Stated leaf scores that do not add up to the stated total; a total stated twice differently."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.document import Value
from ...importers.form.report import rescaled
from ...numbers import ZERO, plain
from ..base import Check, Finding, Location
from ..subject import Subject


class ScoreTotal(Check):
    code = "score-total"
    title = "得分合计与总分不符"
    severity = Severity.ERROR
    subject = "arithmetic"
    rank = 2

    def run(self, subject: Subject) -> Iterable[Finding]:
        scores = [leaf.stated_score for leaf in subject.leaves()]
        known = [s for s in scores if s is not None]
        totals = [t for t in (subject.table_total, subject.text_total) if t is not None and t.number is not None]
        if not known or len(known) != len(scores):
            if len(totals) == 2 and totals[0].number != totals[1].number:
                yield self._twice(totals[0], totals[1])
            return
        total = sum(known, ZERO)
        # a score inferred from a flattened text may have lost digits to its neighbour: 疑似, never 错误
        certain = all(leaf.certain for leaf in subject.leaves())
        if subject.report is not None:
            total = rescaled(total, subject.report)  # a form scored on a hundred over the rows that apply
        wrong = [t for t in totals if t.number != total]
        for text in dict.fromkeys(t.text for t in wrong):  # the same wrong total written twice is one finding
            places = [Location(t.source, t.text) for t in wrong if t.text == text]
            yield self.finding(f"报告所列总分为“{text}”，各三级指标得分之和却是 {plain(total)} 分", places,
                               "逐项核对评分表的得分与总分", certain=certain)

    def _twice(self, table: Value, text: Value) -> Finding:
        return self.finding(f"正文所述综合得分“{text.text}分”与评分表总分“{table.text}”不一致",
                            [Location(text.source, f"综合得分为 {text.text} 分"), Location(table.source, table.text)],
                            "统一正文与评分表中的总分")


CHECK = ScoreTotal()
