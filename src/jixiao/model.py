"""The domain model: immutable, typed, and every node knows where it came from.

A :class:`Project` holds the project's particulars, its money, its goals table, the indicator
system it is scored against (:class:`Framework` of :class:`Indicator` nodes) and the facts found
for each leaf. Nothing here computes scores; see :mod:`jixiao.score`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .diagnostics import Source
from .evidence.spec import Evidence
from .numbers import ZERO, parse_number
from .plans import MonitorPlan, ReportPlan, SelfEvalPlan


@dataclass(frozen=True, slots=True)
class Rule:
    """A configured rule: a kind from the registry and its parsed parameters."""

    kind: str
    params: Any
    source: Source


@dataclass(frozen=True, slots=True)
class Indicator:
    """One node of an indicator system (一级/二级/三级指标). Leaves carry a rule."""

    name: str
    weight: Decimal
    source: Source
    children: tuple[Indicator, ...] = ()
    description: str = ""  # 指标说明
    criterion: str = ""  # 评分标准, as written in the framework or generated from the rule
    benchmark: str = ""  # 标杆值
    rule: Rule | None = None
    measure: str | None = None  # binds the actual to a figure computed from the funds

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Indicator]]:
        here = (*path, self.name)
        yield here, self
        for child in self.children:
            yield from child.walk(here)


@dataclass(frozen=True, slots=True)
class GradeBand:
    name: str
    minimum: Decimal  # inclusive


DEFAULT_GRADES = (
    GradeBand("优", Decimal(90)),
    GradeBand("良", Decimal(80)),
    GradeBand("中", Decimal(60)),
    GradeBand("差", ZERO),
)


@dataclass(frozen=True, slots=True)
class Framework:
    """An indicator system: the roots (一级指标) and the grade bands."""

    name: str
    title: str
    roots: tuple[Indicator, ...]
    source: Source
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES

    def walk(self) -> Iterator[tuple[tuple[str, ...], Indicator]]:
        for root in self.roots:
            yield from root.walk()

    def leaves(self) -> Iterator[tuple[tuple[str, ...], Indicator]]:
        return ((p, n) for p, n in self.walk() if n.is_leaf)

    @property
    def total_weight(self) -> Decimal:
        return sum((r.weight for r in self.roots), ZERO)


@dataclass(frozen=True, slots=True)
class ProjectInfo:
    name: str
    department: str
    year: int | None
    category: str
    evaluator: str
    period_start: dt.date | None
    period_end: dt.date | None
    source: Source


@dataclass(frozen=True, slots=True)
class Funds:
    """Money in 万元. An amount is ``None`` while it is not filled in (a project begun on the
    workbench): nothing is computed from it, and it is never shown as 0."""

    budget: Decimal | None  # 预算/指标金额
    arrived: Decimal | None  # 实际到位
    spent: Decimal | None  # 实际支出
    source: Source
    origin: str = ""  # 资金来源, in words
    as_of: dt.date | None = None  # 支出统计截止日期

    def missing(self, *keys: str) -> tuple[str, ...]:
        """Of ``keys`` (all three amounts when none is given), those not filled in, in order."""
        return tuple(k for k in (keys or tuple(FUNDS_LABELS)) if getattr(self, k) is None)


# The amounts of ``funds:`` as a person names them (the workbench's form says the same).
FUNDS_LABELS = {"budget": "预算（指标）金额", "arrived": "实际到位", "spent": "实际支出"}


_COMPARATORS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "＞": ">", ">": ">", "＜": "<", "<": "<",
                "=": "=", "＝": "="}
_TARGET = re.compile(r"^\s*(≥|>=|≤|<=|＞|>|＜|<|=|＝)?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|％)?\s*([^\d\s]*?)\s*(以内|内|以下|前|以上)?\s*$")


@dataclass(frozen=True, slots=True)
class Target:
    """A goal's 年度指标值: a comparator with a number and unit, or a qualitative level."""

    text: str
    comparator: str | None = None  # ≥ ≤ > < =, None for a qualitative target
    value: Decimal | None = None  # a rate as a fraction when ``is_rate``
    unit: str = ""
    is_rate: bool = False

    @property
    def qualitative(self) -> bool:
        return self.value is None


def parse_target(text: str) -> Target:
    """``≥99%`` → (≥, 0.99, rate); ``2小时内`` → (≤, 2, 小时); ``3个`` → (=, 3, 个); ``明显`` → qualitative."""
    match = _TARGET.match(text)
    if match is None:
        return Target(text)
    sign, number, pct, unit, suffix = match.groups()
    parsed = parse_number(number + (pct or ""))
    if parsed is None:  # pragma: no cover - the pattern admits only numbers
        return Target(text)
    comparator = _COMPARATORS.get(sign or "")
    if comparator is None:
        comparator = {"以内": "≤", "内": "≤", "以下": "≤", "前": "≤", "以上": "≥"}.get(suffix or "", "=")
    return Target(text, comparator, parsed[0], "%" if pct else unit, bool(pct))


@dataclass(frozen=True, slots=True)
class Goal:
    """A row of the goals table (绩效目标). ``applicable`` is False for "不适用" rows."""

    level1: str
    level2: str
    name: str
    target: Target | None
    actual: str
    source: Source
    applicable: bool = True
    weight: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Override:
    """An evaluator's score in place of the computed one, always with a written reason."""

    score: Decimal
    reason: str
    source: Source


@dataclass(frozen=True, slots=True)
class Fact:
    """What was found for one leaf: the kind's parsed facts, plus an override and a note."""

    indicator: str
    value: Any  # the rule kind's facts object; None when unusable
    source: Source
    override: Override | None = None
    note: str = ""  # the evaluator's remark, shown in reports
    metric: str | None = None  # the actual is computed from work records (evidence.metrics)
    stated: str = ""  # the actual as the budget unit stated it, where it may differ from the one scored


@dataclass(frozen=True, slots=True)
class Problem:
    title: str
    cause: str = ""
    detail: str = ""


NARRATIVE_TEXTS: dict[str, str] = {
    "background": "项目背景",
    "overview": "项目概况",
    "overall_goal": "项目总目标",
    "annual_goal": "年度绩效目标",
    "purpose": "评价目的",
    "scope": "评价对象和范围",
    "basis": "评价依据",
    "principles": "评价原则",
    "methods": "评价方法",
    "process": "评价实施过程",
    "decision": "项目决策分析",
    "management": "项目管理分析",
    "output": "项目产出分析",
    "benefit": "项目效益分析",
    "experience": "主要经验及做法",
}


@dataclass(frozen=True, slots=True)
class Narrative:
    """The evaluator's own text, placed in the report by later stages."""

    texts: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    recommendations: tuple[str, ...] = ()
    analysis: Mapping[str, str] = field(default_factory=dict)  # by indicator name, any level

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))
        object.__setattr__(self, "analysis", MappingProxyType(dict(self.analysis)))


@dataclass(frozen=True, slots=True)
class Project:
    info: ProjectInfo
    funds: Funds
    goals: tuple[Goal, ...]
    framework: Framework
    facts: Mapping[str, Fact]
    narrative: Narrative
    source: Source
    evidence: Evidence | None = None  # work records and metrics (evidence:)
    monitoring: MonitorPlan | None = None  # in-year monitoring settings (monitoring:)
    self_eval: SelfEvalPlan | None = None  # self-evaluation form settings (self_eval:)
    wording: Mapping[str, str] = field(default_factory=dict)  # the report's templates the user changed (wording:)
    report: ReportPlan = field(default_factory=ReportPlan)  # the report's cover and contents (report:)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))
        object.__setattr__(self, "wording", MappingProxyType(dict(self.wording)))
