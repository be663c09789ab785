"""Figures computed from the funds (资金到位率, 预算执行率, 成本控制率, 预算支出偏差率).

A leaf binds one with ``measure: execution_rate`` (or its Chinese name), so a change of the
money (``--set funds.spent=55``) moves every score that depends on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .model import Funds
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
