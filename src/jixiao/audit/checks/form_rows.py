"""What the form checks share: the indicator leaves of a form (the budget line aside), and
whether a leaf's 偏差原因 says something."""

from __future__ import annotations

from ...importers.form.words import BUDGET_PART, norm
from ...importers.model import Node
from ...numbers import pts
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
