"""A form's 全年预算数 that differs from its 年初预算数 while nothing on the form says why."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.words import FUNDS_COLUMNS, FUNDS_ROWS, TEMPLATE_TEXT, canonical, norm
from ..base import Check, Finding, Location
from ..subject import Subject

EXPLAINED = re.compile(r"调整|追加|调减|调增|调剂|追减|增加预算|减少预算|收回|结转")
MONEY_WORDS = re.compile(r"预算|资金|经费|万元|拨款|指标")  # 调整 of the budget, not of a policy (政策调整)
CLAUSE = re.compile(r"[，,。；;]")
# the form's printed instruction (年中发生预算调整的，应单独说明理由) asks for a reason; it gives none
INSTRUCTION = re.compile(r"(?:应|需|须|要)(?:单独|另行|逐项)?(?:说明|写明|注明)")


class BudgetChanged(Check):
    code = "budget-changed"
    title = "预算调整未说明理由"
    severity = Severity.WARNING
    subject = "execution"
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        form = subject.form
        line = form.total_line if form else None
        if form is None or line is None:
            return
        initial, budget = line.number("initial"), line.number("budget")
        if initial is None or budget is None or initial == budget:
            return
        words = [v.text for v in form.cells if _explains(v.text)]
        if words:
            return
        cell = line.cells["budget"]
        yield self.finding(f"年初预算数 {line.cells['initial'].text} 调整为全年预算数 {cell.text}，自评表中没有说明调整理由",
                           [Location(cell.source, cell.text), Location(line.cells["initial"].source, line.cells["initial"].text)],
                           "在偏差原因或说明中写明预算调整的依据和理由")


def _explains(text: str) -> bool:
    """A sentence that says the budget was changed: a change word and money in one clause."""
    if TEMPLATE_TEXT.search(text) or INSTRUCTION.search(text):
        return False
    return not _label(text) and any(EXPLAINED.search(c) and MONEY_WORDS.search(c) for c in CLAUSE.split(text))


def _label(text: str) -> bool:
    """Labels (调整后预算数, 上年结转资金) name money, they do not explain a change: a reason is a sentence."""
    flat = norm(text)
    return len(flat) <= 12 or canonical(flat, FUNDS_ROWS, whole=False) is not None or canonical(flat, FUNDS_COLUMNS) is not None


CHECK = BudgetChanged()
