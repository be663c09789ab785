"""A form's budget-execution 得分 that is not 分值 × 执行率, or an 执行率 that is not 全年执行数 ÷ 全年预算数.

Both are compared at the precision the form writes them with: 得分 9 for 8.62 is rounding (a
提示); 得分 9 for 9.78 is not. The rule is the forms' common one: 分值 × min(执行率, 100%).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.form.model import FundsLine
from ...numbers import ONE, percent, plain, pts, round_half_up
from ..base import Check, Finding, Location
from ..subject import Subject
from .form_rows import same_rate, stated_rate_text, truncated
from .rescore import rounds_to


class ExecutionScore(Check):
    code = "execution-score"
    title = "预算执行得分与执行率不符"
    severity = Severity.ERROR
    subject = "execution"
    rank = 2
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        line = subject.form.total_line if subject.form else None
        if line is None:
            return
        computed = _computed_rate(line)
        stated = _stated_rate(line)
        wrong_rate = computed is not None and stated is not None and not same_rate(line.cells["rate"].text, stated, computed)
        if wrong_rate and computed is not None:
            yield self._rate(line, computed)
        rate = computed if computed is not None else stated
        weight, score = line.number("weight"), line.number("score")
        if rate is None or weight is None or score is None:
            return
        if wrong_rate and stated is not None and round_half_up(weight * min(stated, ONE)) == score:
            return  # the score follows the stated rate: the rate is the one error, said once
        expected = round_half_up(weight * min(rate, ONE))
        if expected != score:
            cell = line.cells["score"]
            rounded = rounds_to(cell.text, expected) or abs(expected - score) <= subject.tolerance
            carried = not rounded and _last_place(cell.text, abs(expected - score))
            note = "；差异可由四舍五入解释" if rounded else "；只差末位一个单位，可能是进位方式不同" if carried else ""
            yield self.finding(f"自评表预算执行得分“{cell.text}”，按分值 {plain(weight)} × 执行率 {percent(rate)}"
                               f"（超过100%按100%计）应为 {pts(expected)} 分" + note,
                               [Location(cell.source, cell.text), Location(line.cells["weight"].source, line.cells["weight"].text)],
                               "按“得分 = 分值 × 执行率”重新计算预算执行得分", hint=rounded or carried)

    def _rate(self, line: FundsLine, computed: Decimal) -> Finding:
        cell = line.cells["rate"]
        budget, spent = line.cells.get("budget") or line.cells["initial"], line.cells["spent"]
        cut = truncated(cell.text, computed)
        return self.finding(f"自评表所列执行率“{cell.text}”，按全年执行数 {spent.text} ÷ 全年预算数 {budget.text} 计算应为 "
                            f"{percent(computed)}" + ("；所列为截去尾数的值，未四舍五入" if cut else ""),
                            [Location(cell.source, cell.text), Location(spent.source, spent.text),
                             Location(budget.source, budget.text)],
                            "按“执行率 = 全年执行数 ÷ 全年预算数”重新计算执行率，四舍五入保留两位小数", hint=cut)


def _last_place(text: str, difference: Decimal) -> bool:
    """2.16 for 2.1548: one unit of the last of two decimals, the trace of rounding up (进一) or of
    a rate rounded first, not of a wrong score."""
    decimals = len(text.replace("分", "").strip().partition(".")[2])
    return decimals >= 2 and difference == Decimal(1).scaleb(-decimals)


def _computed_rate(line: FundsLine) -> Decimal | None:
    budget = line.number("budget") or line.number("initial")
    spent = line.number("spent")
    return spent / budget if budget and spent is not None else None


def _stated_rate(line: FundsLine) -> Decimal | None:
    value = line.cells.get("rate")
    return None if value is None else stated_rate_text(value.text)


CHECK = ExecutionScore()
