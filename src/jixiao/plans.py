"""The ``monitoring:``, ``self_eval:`` and ``report:`` sections of a project file, read into immutable settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from .diagnostics import Diagnostic, Source
from .numbers import parse_number
from .yamlsrc import Reader, Scalar, as_date, as_decimal

T = TypeVar("T")

DEFAULT_GREEN = Decimal("0.9")
DEFAULT_YELLOW = Decimal("0.8")
DEFAULT_PARTS: dict[str, Decimal] = {
    "预算执行率": Decimal(10), "产出指标": Decimal(50), "效益指标": Decimal(30), "满意度指标": Decimal(10),
}
BUDGET_PART = "预算执行率"


@dataclass(frozen=True, slots=True)
class Note:
    """Why an item is behind and what is being done about it (偏差原因, 纠偏措施)."""

    reason: str
    measure: str
    source: Source


Milestones = tuple[tuple[dt.date, Decimal], ...]


@dataclass(frozen=True, slots=True)
class MonitorPlan:
    green: Decimal = DEFAULT_GREEN  # progress ratio at or above: green
    yellow: Decimal = DEFAULT_YELLOW  # at or above: yellow; below: red
    milestones: Mapping[str, Milestones] = field(default_factory=dict)  # name → (date, expected value)
    budget_plan: Milestones = ()  # (date, expected share of the budget spent)
    spending: str = ""  # a ``sum`` metric giving the money paid by a date
    notes: Mapping[str, Note] = field(default_factory=dict)
    source: Source | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "milestones", MappingProxyType(dict(self.milestones)))
        object.__setattr__(self, "notes", MappingProxyType(dict(self.notes)))


@dataclass(frozen=True, slots=True)
class Judgement:
    """The evaluator's tier and points for a qualitative goal (定性指标)."""

    tier: str
    points: Decimal
    reason: str
    source: Source


@dataclass(frozen=True, slots=True)
class SelfEvalPlan:
    parts: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_PARTS))
    judgements: Mapping[str, Judgement] = field(default_factory=dict)
    source: Source | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", MappingProxyType(dict(self.parts)))
        object.__setattr__(self, "judgements", MappingProxyType(dict(self.judgements)))


def read_monitor_plan(r: Reader | None) -> MonitorPlan | None:
    if r is None:
        return None
    thresholds = r.map("thresholds")
    green = thresholds.rate("green") if thresholds else None
    yellow = thresholds.rate("yellow") if thresholds else None
    if thresholds:
        thresholds.finish()
    if green is not None and yellow is not None and yellow > green:
        r.diags.append(Diagnostic("bad-value", "黄灯阈值高于绿灯阈值", thresholds.source if thresholds else r.source,
                                  "例如 thresholds: {green: 90%, yellow: 80%}"))
        green = yellow = None
    milestones = _milestone_sets(r.map("milestones"))
    budget_plan = _milestones(r.map("budget_plan"), "预算执行进度")
    spending, notes = r.text("spending"), _notes(r.map("notes"))
    r.finish()
    return MonitorPlan(green or DEFAULT_GREEN, yellow or DEFAULT_YELLOW, milestones, budget_plan, spending, notes,
                       r.source)


def _milestone_sets(r: Reader | None) -> dict[str, Milestones]:
    if r is None:
        return {}
    out = {name: _milestones(r.map(name), f"“{name}”的进度节点") for name in list(r.node.keys())}
    r.finish()
    return out


def _milestones(r: Reader | None, what: str) -> Milestones:
    """``{2023-06-30: 180, 2023-09-30: 75%}``: keys are dates, values numbers or rates."""
    if r is None:
        return ()
    out = []
    for key, (key_source, node) in r.node.entries.items():
        r.raw(key)
        day = as_date(Scalar(key, key_source), r.diags, f"{what}的日期")
        parsed = parse_number(str(getattr(node, "value", "")))
        value = parsed[0] if parsed else as_decimal(node, r.diags, f"{what}的值")
        if day is not None and value is not None:
            out.append((day, value))
    r.finish()
    return tuple(sorted(out))


def _each_named(r: Reader | None, read: Callable[[Reader], T | None]) -> dict[str, T]:
    """A map of named maps (``notes:``, ``goals:``), each read by ``read`` and finished; ``None``
    results are left out."""
    if r is None:
        return {}
    out = {}
    for name in list(r.node.keys()):
        item = r.map(name)
        if item is None:
            continue
        value = read(item)
        item.finish()
        if value is not None:
            out[name] = value
    r.finish()
    return out


def _notes(r: Reader | None) -> dict[str, Note]:
    return _each_named(r, lambda item: Note(item.text("reason"), item.text("measure"), item.source))


def read_self_eval_plan(r: Reader | None) -> SelfEvalPlan | None:
    if r is None:
        return None
    parts = dict(DEFAULT_PARTS)
    given = r.map("weights")
    if given is not None:
        for name in list(given.node.keys()):
            value = given.decimal(name)
            if value is not None:
                parts[name] = value
        given.finish()
    judgements = _judgements(r.map("goals"))
    r.finish()
    return SelfEvalPlan(parts, judgements, r.source)


def _judgements(r: Reader | None) -> dict[str, Judgement]:
    def judgement(item: Reader) -> Judgement | None:
        tier, points, reason = item.text("tier", required=True), item.decimal("points", required=True), item.text("reason")
        return Judgement(tier, points, reason, item.source) if tier and points is not None else None
    return _each_named(r, judgement)


@dataclass(frozen=True, slots=True)
class ReportPlan:
    """The ``report:`` section: the evaluation report's optional cover page (封面) and table of
    contents (目录), both off by default, and the particulars only a cover states. The evaluating
    body is ``project.evaluator``, as the signature has it."""

    cover: bool = False
    contents: bool = False
    number: str = ""  # 报告编号
    commissioner: str = ""  # 委托单位
    date: dt.date | None = None  # 报告日期 (成文日期): the cover's and the signature's; today when not given


def read_report_plan(r: Reader | None) -> ReportPlan:
    if r is None:
        return ReportPlan()
    cover, contents = r.boolean("cover"), r.boolean("contents")
    plan = ReportPlan(bool(cover), bool(contents), r.text("number"), r.text("commissioner"), r.date("date"))
    r.finish()
    return plan
