"""An indicator filed under a 二级 or 一级 it does not belong to: 数量指标 under 效益, a
satisfaction rate under 产出, a cost under 效益."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.model import FormRow
from ...importers.form.words import LEVEL2_PARENT, match_word, norm
from ..base import Check, Finding, Location
from ..subject import Subject


class IndicatorMisfiled(Check):
    code = "indicator-misfiled"
    title = "指标归类错误"
    severity = Severity.WARNING
    subject = "indicator"
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        for row in subject.form.rows:
            problem = _problem(row)
            if problem is not None and row.applicable:
                yield self.finding(f"指标“{row.name.text}”{problem}",
                                   [Location(row.name.source, row.name.text), Location(row.level2.source, row.level2.text)],
                                   "把该指标移到相应的一级、二级指标下", certain=row.certain)


def _problem(row: FormRow) -> str | None:
    level1, level2, name = norm(row.level1.text), norm(row.level2.text), norm(row.name.text)
    parent = LEVEL2_PARENT.get(match_word(level2, tuple(LEVEL2_PARENT)) or "")
    if parent is not None and level1 and match_word(level1, (parent,)) is None and parent[:2] not in level1:
        return f"列在“{row.level1.text}”下的二级指标“{row.level2.text}”中，而“{row.level2.text}”属于“{parent}”"
    if "满意" in name and "满意" not in level1 + level2:
        return f"是满意度指标，却列在“{row.level1.text}/{row.level2.text}”下"
    if _is_cost(name) and "成本" not in level2 and ("效益" in level1 or ("成本" in name and _output(level2))):
        return f"是成本指标，却列在“{row.level1.text}/{row.level2.text}”下"
    return None


COST_WORDS = ("成本", "费用", "经费")  # 人均公用经费, 项目总成本; a rate of them (经费到位率) is not a cost


def _is_cost(name: str) -> bool:
    return any(w in name for w in COST_WORDS) and not name.endswith("率")


def _output(level2: str) -> bool:
    """数量, 质量, 时效: the 产出 二级 a cost stands beside (成本指标 is one of its own), never inside."""
    return any(level2.startswith(w) for w in ("数量", "质量", "时效"))


CHECK = IndicatorMisfiled()
