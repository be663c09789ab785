"""The figures of a project: those computed from the funds (资金到位率, 预算执行率, 成本控制率,
预算支出偏差率), and a goal's or a metric's value at year end or at a monitoring date.

A leaf binds a funds figure with ``measure: execution_rate`` (or its Chinese name), so a change of
the money (``--set funds.spent=55``) moves every score that depends on it; a goal is bound to a
metric or a funds figure in ``evidence.goals`` (:func:`goal_quantity`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .evidence.metrics import compute_metric
from .model import Funds, Project, Target
from .numbers import ONE, ZERO, amount, percent
from .rules.base import Quantity, RuleError


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    label: str
    compute: Callable[[Funds], Quantity]


def _ratio(label: str, num: tuple[str, Decimal], den: tuple[str, Decimal]) -> Quantity:
    if den[1] == ZERO:
        raise RuleError(f"{den[0]}为0，无法计算{label}")
    value = num[1] / den[1]
    how = f"{num[0]} {amount(num[1])} 万元 ÷ {den[0]} {amount(den[1])} 万元 = {percent(value)}"
    return Quantity(value, True, "%", f"{label} = {how}")


def _deviation(funds: Funds) -> Quantity:
    execution = _ratio("预算执行率", ("实际支出", funds.spent), ("实际到位", funds.arrived))
    value = ONE - execution.value
    return Quantity(value, True, "%", f"预算支出偏差率 = 1 − 预算执行率 {percent(execution.value)} = {percent(value)}")


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("arrival_rate", "资金到位率",
            lambda f: _ratio("资金到位率", ("实际到位", f.arrived), ("预算", f.budget))),
    Measure("execution_rate", "预算执行率",
            lambda f: _ratio("预算执行率", ("实际支出", f.spent), ("实际到位", f.arrived))),
    Measure("cost_control_rate", "成本控制率",
            lambda f: _ratio("成本控制率", ("实际支出", f.spent), ("指标金额", f.budget))),
    Measure("deviation_rate", "预算支出偏差率", _deviation),
    # 自评表的预算执行率按全年预算数计算（财预〔2020〕10号附件），与 execution_rate 的分母不同。
    Measure("spending_rate", "预算执行率（按预算数）",
            lambda f: _ratio("预算执行率", ("实际支出", f.spent), ("预算", f.budget))),
)}


def find_measure(name: str) -> Measure | None:
    """By English name or Chinese label."""
    return MEASURES.get(name) or next((m for m in MEASURES.values() if m.label == name), None)


def measure_names() -> dict[str, str]:
    """Every name and Chinese label of a funds figure → its name (what ``evidence.goals`` may bind)."""
    return {**{m.label: m.name for m in MEASURES.values()}, **{m.name: m.name for m in MEASURES.values()}}


# A goal's or a metric's value -----------------------------------------------------------------


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
