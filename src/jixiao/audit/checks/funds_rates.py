"""Rates stated in the report (到位率, 执行率, 成本控制率, 偏差率) recomputed from its own amounts.

A rate is accepted when it equals, at the precision it is written with, the figure given by
any of the usual definitions (执行率 over the arrived funds or over the budget), so only rates
that no reading of the amounts supports are reported.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.figures import ARRIVED, BUDGET, SPENT
from ...importers.model import Figure
from ...numbers import HUNDRED, ONE, ZERO, amount, percent, round_half_up
from ..base import Check, Finding, Location
from ..subject import Subject

Amounts = dict[str, Decimal]
DEFINITIONS: dict[str, tuple[tuple[str, Callable[[Amounts], Decimal]], ...]] = {
    "资金到位率": (("实际到位 ÷ 预算", lambda a: a[ARRIVED] / a[BUDGET]),),
    "预算执行率": (("实际支出 ÷ 实际到位", lambda a: a[SPENT] / a[ARRIVED]),
                  ("实际支出 ÷ 预算", lambda a: a[SPENT] / a[BUDGET])),
    "成本控制率": (("实际支出 ÷ 指标金额", lambda a: a[SPENT] / a[BUDGET]),),
    "偏差率": (("1 − 实际支出 ÷ 实际到位", lambda a: ONE - a[SPENT] / a[ARRIVED]),
              ("1 − 实际支出 ÷ 预算", lambda a: ONE - a[SPENT] / a[BUDGET])),
}

SHORT_NAMES = {"执行率": "预算执行率", "到位率": "资金到位率"}


class RateRecomputed(Check):
    code = "rate-recomputed"
    title = "比率与金额不符"
    severity = Severity.ERROR
    subject = "figure"
    rank = 3

    def run(self, subject: Subject) -> Iterable[Finding]:
        readings = _readings(subject.amounts)
        if not readings:
            return
        for figure in subject.figures:
            name = _rate_name(figure.label)
            if name is None or not figure.is_rate or subject.other_year(figure):
                continue
            candidates = [(how, f(a)) for a in readings for how, f in DEFINITIONS[name]]
            if not any(_same(figure.value, value) for _, value in candidates):
                yield self._finding(figure, name, candidates[0], subject)

    def _finding(self, figure: Figure, name: str, candidate: tuple[str, Decimal], subject: Subject) -> Finding:
        how, value = candidate
        money = subject.money
        sources = [Location(f.source, f.quote) for f in money.values()]
        figures = "，".join(f"{label} {amount(f.value)} 万元" for label, f in money.items())
        return self.finding(f"报告称“{figure.quote}”，按报告所列金额（{figures}）计算，{name} = {how} = {percent(value)}",
                            [Location(figure.source, figure.quote), *sources[:3]],
                            f"按金额重新计算{name}，或核对金额")


def _rate_name(label: str) -> str | None:
    """The rate a label names: 预算执行率 also as 资金执行率 or 执行率 alone, 资金到位率 as 到位率."""
    return next((n for n in DEFINITIONS if label.endswith(n)), None) or next(
        (name for short, name in SHORT_NAMES.items() if label.endswith(short)), None)


def _readings(amounts: dict[str, tuple[Decimal, ...]]) -> list[Amounts]:
    """Every combination of the amounts stated (a report may give 年初预算 and an adjusted budget);
    none when an amount is missing or not positive. The first combination is the first stated."""
    budgets, spent = amounts.get(BUDGET, ()), amounts.get(SPENT, ())
    arrived = amounts.get(ARRIVED) or budgets
    if not budgets or not spent or min((*budgets, *arrived)) <= ZERO:
        return []
    return [{BUDGET: b, ARRIVED: a, SPENT: s} for b, a, s in itertools.product(budgets, arrived, spent)]


def _same(stated: Decimal, computed: Decimal) -> bool:
    places = max(0, -(stated * HUNDRED).normalize().as_tuple().exponent)  # type: ignore[operator]
    quantum = Decimal(1).scaleb(-places)
    return round_half_up(computed * HUNDRED, quantum) == round_half_up(stated * HUNDRED, quantum)


CHECK = RateRecomputed()
