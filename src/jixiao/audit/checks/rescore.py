"""A stated score that the stated rule, applied to the stated actual, does not give.

A score written with fewer decimals than the computation (9 where the rule gives 9.78, a form
that writes whole points) is compared at the precision it is written with: a difference that
rounding explains is a 提示, not an 错误, and so is one within the review's stated tolerance.
A row read from a flattened text, or judged in tiers from the words of its actual, is 疑似.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.form.words import BUDGET_PART
from ...importers.model import Node
from ...numbers import pts, round_half_up
from ..base import Check, Finding, Location
from ..subject import Subject

GUESSED_KINDS = ("tiers",)  # the tier is read from the actual's words, not stated


class ScoreRecomputed(Check):
    code = "score-recomputed"
    title = "得分与评分规则不符"
    severity = Severity.ERROR
    subject = "arithmetic"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        for leaf in subject.leaves():
            if subject.form is not None and leaf.name.text == BUDGET_PART:
                continue  # a form's budget line is execution-score's
            stated, computed = leaf.stated_score, subject.rescored(leaf.name.text)
            if stated is None or computed is None or stated == computed:
                continue
            yield self._finding(leaf, stated, computed, subject)

    def _finding(self, leaf: Node, stated: Decimal, computed: Decimal, subject: Subject) -> Finding:
        cell = leaf.cells["score"]
        scored = subject.result.find(leaf.name.text) if subject.result else None
        how = scored.explanation[-2] if scored is not None and len(scored.explanation) > 1 else ""
        rounded = rounds_to(cell.text, computed) or abs(stated - computed) <= subject.tolerance
        rule = "按其评分标准" if subject.form is None else "按自评规则"
        message = (f"指标“{leaf.name.text}”{_stated(subject)}得分“{cell.text}”，{rule}和实际完成值“{leaf.cell('actual')}”"
                   f"复算为 {pts(computed)} 分（{how}）")
        if rounded:
            message += f"；差异可由四舍五入（保留到 {_places(cell.text)}）解释"
        criterion = leaf.cells.get("criterion")
        places = [Location(cell.source, cell.text)]
        if criterion is not None:
            places.append(Location(criterion.source, criterion.text[:80]))
        elif "actual" in leaf.cells:
            places.append(Location(leaf.cells["actual"].source, leaf.cell("actual")))
        # A form that does not print its scoring rules may use a local variant of the default ones.
        rules_known = subject.form is None or subject.form.rules_stated
        certain = leaf.certain and rules_known and subject.kinds.get(leaf.name.text) not in GUESSED_KINDS
        return self.finding(message, places, "按评分规则重新计算该指标得分，或补充说明调整理由", certain=certain,
                            hint=rounded)


def _stated(subject: Subject) -> str:
    return "报告" if subject.form is None else "自评表"


def rounds_to(text: str, computed: Decimal) -> bool:
    """``9`` for 9.4, ``9.8`` for 9.78: the computed value rounded half up to the places written."""
    try:
        stated = Decimal(text.replace("分", "").strip())
    except ArithmeticError:
        return False
    exponent = stated.as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return round_half_up(computed, quantum) == stated and quantum > Decimal("0.01")


def _places(text: str) -> str:
    digits = text.strip().partition(".")[2]
    return f"{len(digits)} 位小数" if digits else "整数"


CHECK = ScoreRecomputed()
