"""A stated grade that the stated total does not earn (90 优, 80 良, 60 中, else 差)."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...model import DEFAULT_GRADES
from ...numbers import plain
from ...score import grade_for
from ..base import Check, Finding, Location
from ..subject import Subject

SAME_GRADE = {"优秀": "优", "良好": "良", "中等": "中"}  # the two-character words of the same grades


class GradeBand(Check):
    code = "grade-band"
    title = "评价等级与总分不符"
    severity = Severity.ERROR
    subject = "arithmetic"

    def run(self, subject: Subject) -> Iterable[Finding]:
        total = subject.text_total or subject.table_total
        grade = subject.grade
        if total is None or grade is None or total.number is None:
            return
        bands = subject.result.project.framework.grades if subject.result else DEFAULT_GRADES
        expected = grade_for(total.number, bands)
        stated = SAME_GRADE.get(grade.text, grade.text)
        if stated not in {b.name for b in bands}:
            return  # another scale (合格/不合格, five levels): its bands are not known here
        if expected != stated:
            yield self.finding(f"报告总分 {plain(total.number)} 分，按等级划分应为“{expected}”，报告却评定为“{grade.text}”",
                               [Location(grade.source, f"评价等级为“{grade.text}”"), Location(total.source, total.text)],
                               "按 90 分以上为优、80–90 分为良、60–80 分为中、60 分以下为差修正等级")


CHECK = GradeBand()
