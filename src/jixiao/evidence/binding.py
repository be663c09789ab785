"""A goal's or a metric's value for a project, at year end or at a monitoring date."""

from __future__ import annotations

import datetime as dt

from ..measures import MEASURES
from ..model import Project, Target
from ..rules.base import Quantity, RuleError
from .metrics import compute_metric


def goal_quantity(project: Project, goal: str, as_of: dt.date | None = None) -> Quantity | None:
    """The actual of a goal bound in ``evidence.goals``; ``None`` when it is not bound.

    Raises :class:`~jixiao.rules.base.RuleError` when the bound value cannot be computed."""
    evidence = project.evidence
    name = evidence.goals.get(goal) if evidence else None
    if name is None:
        return None
    return metric_quantity(project, name, as_of)


def check_comparable(target: Target, value: Quantity) -> Quantity:
    """``value`` if it is measured as ``target`` is (a rate for a rate, the same unit); else RuleError."""
    if target.value is None:
        return value
    if value.is_rate != target.is_rate or (target.unit and value.unit and target.unit != value.unit):
        raise RuleError(f"目标值是“{target.text}”，实际值 {value.show()} 的计量方式或单位不同")
    return value


def metric_quantity(project: Project, name: str, as_of: dt.date | None = None) -> Quantity:
    """A declared metric, or a funds figure (``deviation_rate``) when no metric has the name."""
    evidence = project.evidence
    if evidence is not None and name in evidence.metrics:
        return compute_metric(evidence.metrics[name], evidence, as_of)
    return MEASURES[name].compute(project.funds)
