"""What the form checks share: the indicator leaves of a form (the budget line aside), and
whether a leaf's 偏差原因 says something."""

from __future__ import annotations

from ...importers.form.words import BUDGET_PART, norm
from ...importers.model import Node
from ..subject import Subject

NOTHING = ("", "无", "/", "—", "-", "——", "暂无", "无偏差", "无。")


def form_leaves(subject: Subject) -> list[Node]:
    return [leaf for leaf in subject.leaves() if leaf.name.text != BUDGET_PART]


def reason_given(leaf: Node) -> bool:
    return norm(leaf.cell("reason")) not in NOTHING
