"""In-year monitoring (绩效运行监控, "双监控"): goal progress and budget execution at a date.

Items watched: every applicable row of the goals table, and every framework leaf whose actual is
a metric. An item's value at the date comes from its metric (records up to the date) or funds
figure. What it should be by then:

* cumulative metrics (``count``, ``sum``) against a target of ``≥``/``=``: the target pro-rated
  to the elapsed share of the period, or interpolated between the milestones the project states
  (``monitoring.milestones``);
* everything else (rates, durations, availability): the target itself.

Progress is value ÷ expected (for a ``≤`` target: target ÷ value, full when within it). The light
is green at or above ``thresholds.green`` (90%), yellow at or above ``thresholds.yellow`` (80%),
red below. Budget execution (paid ÷ budget) is compared with the elapsed share of the period, or
with ``monitoring.budget_plan``. Every yellow or red item needs a reason and a measure in
``monitoring.notes``; a missing one is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import Any

from ..diagnostics import Diagnostic, Severity, Source
from ..measures import check_comparable, goal_quantity, metric_quantity
from ..model import FUNDS_LABELS, Project, Target, parse_target
from ..numbers import ONE, ZERO, amount, floor_int, percent, plain, round_half_up
from ..plans import Milestones, MonitorPlan, Note
from ..rules.base import Quantity, RuleError


class Light(StrEnum):
    """An item's light; ``none`` when there is nothing to judge it by."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NONE = "none"


LIGHTS = {Light.GREEN: "绿", Light.YELLOW: "黄", Light.RED: "红", Light.NONE: "—"}
BEHIND = (Light.YELLOW, Light.RED)  # the lights that need a reason and a measure
CUMULATIVE = ("count", "sum")
BUDGET = "预算执行率"


@dataclass(frozen=True, slots=True)
class Item:
    """One watched line: a goal or an indicator, its value at the date and its light."""

    group: str  # 绩效目标 / 评价指标 / 预算执行
    name: str
    target: str
    expected: str  # what it should be by the date, as shown
    value: str  # what it is, as shown
    progress: Decimal | None
    light: Light
    basis: str  # how the expectation and the value were obtained
    note: Note | None = None

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "name": self.name, "target": self.target, "expected": self.expected,
                "value": self.value, "progress": percent(self.progress) if self.progress is not None else None,
                "light": self.light, "basis": self.basis, "reason": self.note.reason if self.note else "",
                "measure": self.note.measure if self.note else ""}


@dataclass(frozen=True, slots=True)
class Monitoring:
    title: str
    as_of: dt.date
    elapsed: Decimal  # share of the period gone by
    period: tuple[dt.date, dt.date]
    items: tuple[Item, ...]
    diagnostics: tuple[Diagnostic, ...]

    def behind(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.light in BEHIND)

    def to_json(self) -> dict[str, Any]:
        """The date, the share of the period gone by and every item as ``jixiao monitor --json``
        gives them (the pipeline adds the diagnostics of every stage)."""
        return {"as_of": self.as_of.isoformat(), "elapsed": percent(self.elapsed),
                "items": [i.to_json() for i in self.items]}


def monitor(project: Project, as_of: dt.date) -> Monitoring:
    plan = project.monitoring or MonitorPlan()
    period = _period(project)
    elapsed = elapsed_share(period, as_of)
    diags: list[Diagnostic] = []
    items = [_budget(project, plan, period, as_of, elapsed)]
    items.extend(_goal(project, plan, name, target, period, as_of, elapsed) for name, target in _goals(project))
    items.extend(_leaf(project, plan, name, metric, benchmark, period, as_of, elapsed)
                 for name, metric, benchmark in _leaves(project))
    diags.extend(_unexplained(items, source_of(project)))
    if plan.spending and (project.evidence is None or plan.spending not in project.evidence.metrics):
        diags.append(Diagnostic("unknown-metric", f"monitoring.spending 指定的“{plan.spending}”不是已声明的指标数据",
                                source_of(project), "在 evidence.metrics 中声明一个 kind: sum 的支付金额合计"))
    return Monitoring(f"{project.info.name}绩效运行监控表", as_of, elapsed, period, tuple(items), tuple(diags))


def _unexplained(items: list[Item], source: Source) -> list[Diagnostic]:
    return [Diagnostic("monitor-reason-missing", f"“{i.name}”为{LIGHTS[i.light]}灯，未写明偏差原因和纠偏措施", source,
                       f"在 monitoring.notes 下添加“{i.name}: {{reason: …, measure: …}}”", Severity.WARNING)
            for i in items
            if i.light in BEHIND and (i.note is None or not (i.note.reason and i.note.measure))]


def _period(project: Project) -> tuple[dt.date, dt.date]:
    if project.evidence is not None and project.evidence.period is not None:
        return project.evidence.period
    year = project.info.year or dt.date.today().year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def elapsed_share(period: tuple[dt.date, dt.date], as_of: dt.date) -> Decimal:
    """Days gone by (the date included) ÷ days in the period, within 0..1."""
    start, end = period
    gone = (min(as_of, end) - start).days + 1
    return max(ZERO, Decimal(gone) / ((end - start).days + 1))


def _goals(project: Project) -> list[tuple[str, Target]]:
    return [(g.name, g.target) for g in project.goals if g.applicable and g.target is not None]


def _leaves(project: Project) -> list[tuple[str, str, str]]:
    benchmarks = {leaf.name: leaf.benchmark for _, leaf in project.framework.leaves()}
    return [(name, fact.metric, benchmarks.get(name, "")) for name, fact in project.facts.items() if fact.metric]


def _goal(project: Project, plan: MonitorPlan, name: str, target: Target, period: tuple[dt.date, dt.date],
          as_of: dt.date, elapsed: Decimal) -> Item:
    note = plan.notes.get(name)
    try:
        value = goal_quantity(project, name, as_of)
        value = check_comparable(target, value) if value is not None else None
    except RuleError as err:
        return Item("绩效目标", name, target.text, "", "", None, Light.NONE, f"无法计算：{err}", note)
    if value is None:
        return Item("绩效目标", name, target.text, "", "", None, Light.NONE, "未绑定数据，请人工填报进度", note)
    bound = project.evidence.goals[name] if project.evidence else ""
    metric = _metric_kind(project, bound)
    funds_as_of = project.funds.as_of
    if not metric and (funds_as_of is None or funds_as_of > as_of):  # a funds figure of another date
        return Item("绩效目标", name, target.text, "", value.show(), None, Light.NONE,
                    f"由年度资金数据计算（截至 {funds_as_of or '未注明'}），不反映监控日的情况；请看预算执行一行", note)
    return _judge("绩效目标", name, target, value, metric, plan, period, as_of, elapsed)


def _leaf(project: Project, plan: MonitorPlan, name: str, metric: str, benchmark: str,
          period: tuple[dt.date, dt.date], as_of: dt.date, elapsed: Decimal) -> Item:
    target = parse_target(benchmark)
    try:
        value = metric_quantity(project, metric, as_of)
        if value.is_rate and not target.is_rate:  # a timeliness leaf's benchmark is a deadline: all on time
            target = Target(f"{benchmark}（全部按期：100%）" if benchmark else "100%", "≥", ONE, "%", True)
        check_comparable(target, value)
    except RuleError as err:
        return Item("评价指标", name, benchmark, "", "", None, Light.NONE, f"无法计算：{err}", plan.notes.get(name))
    return _judge("评价指标", name, target, value, _metric_kind(project, metric), plan, period, as_of, elapsed)


def _metric_kind(project: Project, name: str) -> str:
    evidence = project.evidence
    spec = evidence.metrics.get(name) if evidence else None
    return spec.kind if spec else ""


def _judge(group: str, name: str, target: Target, value: Quantity, metric: str, plan: MonitorPlan,
           period: tuple[dt.date, dt.date], as_of: dt.date, elapsed: Decimal) -> Item:
    note = plan.notes.get(name)
    if target.value is None:
        return Item(group, name, target.text, "", value.show(), None, Light.NONE, "定性目标，请人工判断", note)
    if target.comparator in ("≤", "<"):
        progress = ONE if value.value <= target.value else target.value / value.value
        basis = f"不超过目标值；{value.how}"
        return _item(group, name, target, target.value, value, progress, plan, basis, note)
    expected, basis = target.value, "对照全年目标"
    if metric in CUMULATIVE:
        expected, basis = expected_by(target.value, plan.milestones.get(name, ()), period, as_of, elapsed)
    if metric == "count":  # things are done whole: by a date, the whole ones due by then
        expected = floor_int(expected)
    progress = ONE if expected <= ZERO else min(value.value / expected, ONE)
    return _item(group, name, target, expected, value, progress, plan, f"{basis}；{value.how}", note)


def expected_by(target: Decimal, milestones: Milestones, period: tuple[dt.date, dt.date], as_of: dt.date,
                elapsed: Decimal, show: Callable[[Decimal], str] = plain) -> tuple[Decimal, str]:
    """The value due by ``as_of``: pro-rated, or interpolated between stated milestones."""
    if not milestones:
        return target * elapsed, f"按时间进度 {percent(elapsed)}"
    points = [(period[0] - dt.timedelta(days=1), ZERO), *milestones, (period[1], target)]
    for (d0, v0), (d1, v1) in pairwise(points):
        if d0 < as_of <= d1:
            share = Decimal((as_of - d0).days) / (d1 - d0).days
            return v0 + (v1 - v0) * share, f"按进度节点（{d1.isoformat()} 应达 {show(v1)}）"
    return (target if as_of > period[1] else ZERO), "按进度节点"


def _item(group: str, name: str, target: Target, expected: Decimal, value: Quantity, progress: Decimal,
          plan: MonitorPlan, basis: str, note: Note | None) -> Item:
    light = light_of(progress, plan)
    shown = Quantity(round_half_up(expected), False, target.unit or value.unit).show() if not target.is_rate else \
        percent(expected)
    return Item(group, name, target.text, shown, value.show(), progress, light, basis, note)


def light_of(progress: Decimal, plan: MonitorPlan) -> Light:
    return Light.GREEN if progress >= plan.green else Light.YELLOW if progress >= plan.yellow else Light.RED


def _budget(project: Project, plan: MonitorPlan, period: tuple[dt.date, dt.date], as_of: dt.date,
            elapsed: Decimal) -> Item:
    funds, note = project.funds, plan.notes.get(BUDGET)
    missing = funds.missing("budget") + (() if plan.spending else funds.missing("spent"))
    if missing:  # an amount not filled in yet: no execution rate, and no light, until it is
        names = "、".join(f"“{FUNDS_LABELS[k]}”" for k in missing)
        return Item("预算执行", BUDGET, "100%", percent(elapsed), "", None, Light.NONE,
                    f"资金{names}尚未填写，无法计算预算执行进度", note)
    paid = _paid(project, plan, as_of)
    if paid is None or funds.budget is None or funds.budget <= ZERO:
        return Item("预算执行", BUDGET, "100%", percent(elapsed), "", None, Light.NONE,
                    "无截至该日的支付数据：在 monitoring.spending 中指定支付金额合计的指标数据", note)
    rate = paid.value / funds.budget
    expected, basis = (elapsed, f"按时间进度 {percent(elapsed)}")
    if plan.budget_plan:
        expected, basis = expected_by(ONE, plan.budget_plan, period, as_of, elapsed, percent)
    progress = ONE if expected <= ZERO else min(rate / expected, ONE)
    how = f"已支付 {amount(paid.value)} 万元 ÷ 预算 {amount(funds.budget)} 万元 = {percent(rate)}；{basis}；{paid.how}"
    light = light_of(progress, plan)
    return Item("预算执行", BUDGET, "100%", percent(expected), percent(rate), progress, light, how, note)


def _paid(project: Project, plan: MonitorPlan, as_of: dt.date) -> Quantity | None:
    evidence = project.evidence
    if plan.spending:
        if evidence is None or plan.spending not in evidence.metrics:
            return None
        try:
            return metric_quantity(project, plan.spending, as_of)
        except RuleError:
            return None
    funds = project.funds
    if funds.spent is not None and funds.as_of is not None and funds.as_of <= as_of:
        return Quantity(funds.spent, False, "万元", f"资金数据截至 {funds.as_of.isoformat()} 的实际支出")
    return None


def source_of(project: Project) -> Source:
    return project.monitoring.source if project.monitoring and project.monitoring.source else project.source
