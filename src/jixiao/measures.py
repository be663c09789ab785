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
from .model import FUNDS_LABELS, Funds, Project, Target
from .numbers import ONE, ZERO, amount, percent
from .rules.base import Quantity, RuleError


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    label: str
    compute: Callable[[Funds], Quantity]  # raises FundsMissing when an amount it needs is not filled in


class FundsMissing(RuleError):
    """A funds figure needs an amount that is not filled in yet: the leaf waits (未评分), as one
    without facts does; the loader has already said which amount (``funds-missing``)."""

    def __init__(self, label: str, keys: tuple[str, ...]) -> None:
        self.keys = keys
        names = "、".join(f"“{FUNDS_LABELS[k]}”" for k in keys)
        super().__init__(f"资金{names}尚未填写，无法计算{label}")


def _amounts(funds: Funds, label: str, *keys: str) -> list[Decimal]:
    """The amounts ``keys`` of ``funds``; FundsMissing when any is not filled in."""
    missing = funds.missing(*keys)
    if missing:
        raise FundsMissing(label, missing)
    return [value for k in keys if (value := getattr(funds, k)) is not None]


def _ratio(label: str, funds: Funds, num: tuple[str, str], den: tuple[str, str]) -> Quantity:
    """``num`` ÷ ``den``, each (amount key, its name in the formula)."""
    top, bottom = _amounts(funds, label, num[0], den[0])
    if bottom == ZERO:
        raise RuleError(f"{den[1]}为0，无法计算{label}")
    value = top / bottom
    how = f"{num[1]} {amount(top)} 万元 ÷ {den[1]} {amount(bottom)} 万元 = {percent(value)}"
    return Quantity(value, True, "%", f"{label} = {how}")


def _deviation(funds: Funds) -> Quantity:
    _amounts(funds, "预算支出偏差率", "spent", "arrived")
    execution = _ratio("预算执行率", funds, ("spent", "实际支出"), ("arrived", "实际到位"))
    value = ONE - execution.value
    return Quantity(value, True, "%", f"预算支出偏差率 = 1 − 预算执行率 {percent(execution.value)} = {percent(value)}")


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("arrival_rate", "资金到位率",
            lambda f: _ratio("资金到位率", f, ("arrived", "实际到位"), ("budget", "预算"))),
    Measure("execution_rate", "预算执行率",
            lambda f: _ratio("预算执行率", f, ("spent", "实际支出"), ("arrived", "实际到位"))),
    Measure("cost_control_rate", "成本控制率",
            lambda f: _ratio("成本控制率", f, ("spent", "实际支出"), ("budget", "指标金额"))),
    Measure("deviation_rate", "预算支出偏差率", _deviation),
    # 自评表的预算执行率按全年预算数计算（财预〔2020〕10号附件），与 execution_rate 的分母不同。
    Measure("spending_rate", "预算执行率（按预算数）",
            lambda f: _ratio("预算执行率", f, ("spent", "实际支出"), ("budget", "预算"))),
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
