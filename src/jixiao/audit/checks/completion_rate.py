"""A 完成率 (the 2023 form's column) that is not 实际完成值 ÷ 指标值.

Only forward targets (≥, >, a bare quantity) are checked: for them every form computes the rate
the same way, capped at 100% or not (both are accepted). A ceiling's rate (≤) is written as
指标值 ÷ 实际完成值 by some and as its inverse by others, so it is left alone. The rates are
compared at the precision the form writes, rounded or cut (a spreadsheet's display).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.form.model import FormRow
from ...importers.form.rules import actual_of, target_of
from ...numbers import ONE, percent
from ..base import Check, Finding, Location
from ..subject import Subject
from .form_rows import same_rate, stated_rate_text, truncated

FORWARD = (None, "≥", ">")


class CompletionRate(Check):
    code = "completion-rate"
    title = "完成率与完成值不符"
    severity = Severity.WARNING
    subject = "indicator"
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        for row in subject.form.rows:
            computed = _computed(row)
            cell = row.cells.get("rate")
            stated = stated_rate_text(cell.text) if cell is not None else None
            if computed is None or cell is None or stated is None:
                continue
            if any(same_rate(cell.text, stated, rate) or truncated(cell.text, rate) for rate in (computed, min(computed, ONE))):
                continue  # capped at 100% or not, rounded or cut at the places written
            yield self.finding(f"指标“{row.name.text}”所列完成率“{cell.text}”，按实际完成值 {row.text('actual')} ÷ "
                               f"指标值 {row.text('target')} 计算应为 {percent(computed)}"
                               + ("（超过100%按100%计为 100%）" if computed > ONE else ""),
                               [Location(cell.source, cell.text), Location(row.cells["actual"].source, row.text("actual"))],
                               "按“完成率 = 实际完成值 ÷ 指标值”重新计算完成率", certain=row.certain)


def _computed(row: FormRow) -> Decimal | None:
    target = target_of(row.text("target"))
    if target.qualitative or target.comparator not in FORWARD or not target.value:
        return None
    actual = actual_of(row.text("actual"), target)
    if actual is None or actual[1] != target.is_rate:
        return None
    return actual[0] / target.value


CHECK = CompletionRate()
