"""An actual of a different kind than its target: a percentage for a qualitative target (明显,
良好), a date or a duration for a rate (及时率 against "次月10日前"), text for a number."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.document import Value
from ...importers.figures import quantity
from ...model import parse_target
from ..base import Check, Finding, Location
from ..subject import Subject

QUANTITY_KINDS = ("rate", "timeliness", "threshold", "overrun", "completion", "equality", "reverse")
DEADLINE = re.compile(r"(?:\d+\s*(?:个)?(?:工作日|日|天|小时|月|周)|月底|年底)\s*(?:内|前|以内)$")
NOT_APPLICABLE = ("不适用", "无", "-", "--", "/")
COMPARED = re.compile(r"^[≥≤><≧≦]=?\s*\d")  # ≥90%: a target's bound copied, not a value reached
MEASURE_UNIT = re.compile(r"[\u4e00-\u9fff/]{1,5}")  # 个工作日, 人次, 元/人: a unit, not a sentence's rest (分 are points)


class ActualKind(Check):
    code = "actual-kind"
    title = "实际完成值与指标值不是同一类"
    severity = Severity.WARNING
    subject = "indicator"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        for goal in subject.goals:
            if goal.applicable:
                yield from self._check(goal.name, goal.target, goal.actual)
        for leaf in subject.leaves():
            if subject.kinds.get(leaf.name.text) in QUANTITY_KINDS and "benchmark" in leaf.cells and "actual" in leaf.cells:
                yield from self._check(leaf.name, leaf.cells["benchmark"], leaf.cells["actual"])

    def _check(self, name: Value, target: Value, actual: Value) -> Iterable[Finding]:
        problem = mismatch(name.text, target.text.strip(), actual.text.strip())
        if problem:
            yield self.finding(f"指标“{_short(name.text)}”的指标值为“{target.text}”，实际完成值却是“{actual.text}”：{problem}",
                               [Location(actual.source, actual.text), Location(target.source, target.text)],
                               "实际完成值应与指标值同一计量方式：定性目标写达成情况，比率目标写比率")


def mismatch(name: str, target: str, actual: str) -> str:
    """Why ``actual`` cannot answer ``target`` (empty when it can)."""
    if not target or not actual or target in NOT_APPLICABLE or actual in NOT_APPLICABLE:
        return ""
    parsed, got = parse_target(target), quantity(actual)
    if DEADLINE.search(target) and name.endswith("率") and not (got and got[1]):
        return "该指标是比率，以期限为指标值时应填写按期完成的比率，而不是日期或时长"
    if parsed.qualitative and not DEADLINE.search(target) and got is not None and got[1]:
        return "定性指标用百分比作为完成值，无法判断是否达成"
    if COMPARED.match(actual):
        return f"完成值照抄了指标值的“{actual[0]}”，应填写实际达到的数值"
    if parsed.is_rate and not (got and got[1]):
        return "指标值是比率，完成值却不是比率"
    if not parsed.qualitative and MEASURE_UNIT.fullmatch(parsed.unit) and "分" not in parsed.unit \
            and not re.search(r"\d", actual):
        return f"指标值是以“{parsed.unit}”计的数量，完成值却只有文字，无法判断是否达到"  # ≤10个工作日 → 及时响应
    return ""


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:24] + "…"


CHECK = ActualKind()
