"""A goal that applies to the project but has no target (年度指标值)."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ..base import Check, Finding, Location
from ..subject import Subject

EMPTY = ("", "-", "--", "/", "无")


class TargetMissing(Check):
    code = "target-missing"
    title = "绩效目标缺少指标值"
    severity = Severity.WARNING
    subject = "indicator"

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is not None and "target" not in subject.form_columns:
            return  # a table with no 指标值 column (a score sheet): its rows were never asked for one
        for goal in subject.goals:
            if goal.applicable and goal.target.text.strip() in EMPTY:
                yield self.finding(f"绩效目标“{goal.name.text}”没有指标值", [Location(goal.target.source, goal.name.text)],
                                   "为该目标填写量化或可判断的年度指标值")


CHECK = TargetMissing()
