"""What the form checks share: the indicator leaves of a form (the budget line aside), whether a
leaf's 偏差原因 says something, and rates compared at the places the form writes them."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ...importers.form.words import BUDGET_PART, norm
from ...importers.model import Node
from ...numbers import HUNDRED, ONE, pts, round_half_up
from ..subject import Subject

NOTHING = ("", "无", "/", "—", "-", "——", "暂无", "无偏差", "无。")


def form_leaves(subject: Subject) -> list[Node]:
    return [leaf for leaf in subject.leaves() if leaf.name.text != BUDGET_PART]


def reason_given(leaf: Node) -> bool:
    return norm(leaf.cell("reason")) not in NOTHING


def recomputed(subject: Subject, leaf: Node) -> str:
    """``，按自评规则应得 9.7 分`` when jixiao recomputed the leaf, for a finding that says it once."""
    value = subject.rescored(leaf.name.text)
    return f"，按自评规则应得 {pts(value)} 分" if value is not None and value != leaf.stated_score else ""


def rules_known(subject: Subject) -> bool:
    """Re-scoring a form is certain only when it prints its scoring rules (else a local variant may apply)."""
    return subject.form is None or subject.form.rules_stated


def stated_rate_text(written: str) -> Decimal | None:
    text = written.replace("%", "").replace("％", "").strip()
    try:
        number = Decimal(text)
    except ArithmeticError:
        return None
    return number / HUNDRED if "%" in written or "％" in written or number > ONE else number


def same_rate(text: str, stated: Decimal, computed: Decimal) -> bool:
    """Equal at the places written: 99.7% for 99.68% is the same rate, 0.1 for 14.46% is not."""
    quantum = _quantum(text)
    return round_half_up(computed, quantum) == round_half_up(stated, quantum)


def truncated(text: str, computed: Decimal) -> bool:
    """97.80% for 97.8086%: the rate cut at the places written instead of rounded (a spreadsheet's
    display or ROUNDDOWN), the figure otherwise right: a 提示, not an error."""
    stated = stated_rate_text(text)
    return stated is not None and computed.quantize(_quantum(text), rounding=ROUND_DOWN) == stated


def _quantum(text: str) -> Decimal:
    digits = text.replace("%", "").replace("％", "").strip().partition(".")[2]
    places = len(digits) + (2 if "%" in text or "％" in text else 0)
    return Decimal(1).scaleb(-places)
