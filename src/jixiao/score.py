"""Scoring: every leaf's points with its explanation, parents' subtotals, total and grade.

Pure functions of a :class:`~jixiao.model.Project` and a rule registry. Leaf scores are rounded
half up to 0.01 points; a parent's score is the sum of its children's rounded scores, so every
figure in a report adds up exactly as printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .diagnostics import Diagnostic
from .measures import MEASURES
from .model import Fact, GradeBand, Indicator, Override, Project
from .numbers import ZERO, clamp, plain, pts, round_half_up
from .rules.base import Evaluation, Quantity, RuleError, RuleRegistry


@dataclass(frozen=True, slots=True)
class Scored:
    """An indicator with its score. ``computed`` is the rule's score before any override."""

    indicator: Indicator
    path: tuple[str, ...]
    score: Decimal
    explanation: tuple[str, ...]
    children: tuple[Scored, ...] = ()
    computed: Decimal | None = None
    evaluation: Evaluation | None = None
    override: Override | None = None
    measured: Quantity | None = None

    @property
    def weight(self) -> Decimal:
        return self.indicator.weight

    @property
    def rate(self) -> Decimal:
        """Score as a share of the weight (得分率)."""
        return self.score / self.weight if self.weight else ZERO

    @property
    def actual(self) -> str:
        return self.evaluation.actual if self.evaluation else ""

    def walk(self) -> Iterator[Scored]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Result:
    project: Project
    roots: tuple[Scored, ...]
    total: Decimal
    grade: str
    diagnostics: tuple[Diagnostic, ...]

    def walk(self) -> Iterator[Scored]:
        for root in self.roots:
            yield from root.walk()

    def leaves(self) -> Iterator[Scored]:
        return (s for s in self.walk() if not s.children)

    def find(self, name: str) -> Scored | None:
        return next((s for s in self.walk() if s.indicator.name == name), None)


def grade_for(total: Decimal, bands: tuple[GradeBand, ...]) -> str:
    for band in bands:
        if total >= band.minimum:
            return band.name
    return bands[-1].name


def score_project(project: Project, registry: RuleRegistry) -> Result:
    diags: list[Diagnostic] = []
    roots = tuple(_score(node, (), project, registry, diags) for node in project.framework.roots)
    total = sum((r.score for r in roots), ZERO)
    return Result(project, roots, total, grade_for(total, project.framework.grades), tuple(diags))


def _score(node: Indicator, path: tuple[str, ...], project: Project, registry: RuleRegistry,
           diags: list[Diagnostic]) -> Scored:
    here = (*path, node.name)
    if node.is_leaf:
        return _score_leaf(node, here, project, registry, diags)
    children = tuple(_score(c, here, project, registry, diags) for c in node.children)
    total = sum((c.score for c in children), ZERO)
    parts = " + ".join(pts(c.score) for c in children)
    lines = (f"下级指标得分合计：{parts} = {pts(total)}（权重 {plain(node.weight)}）",)
    return Scored(node, here, total, lines, children)


def _score_leaf(node: Indicator, path: tuple[str, ...], project: Project, registry: RuleRegistry,
                diags: list[Diagnostic]) -> Scored:
    fact = project.facts.get(node.name)
    rule = node.rule
    kind = registry.get(rule.kind) if rule else None
    override = fact.override if fact else None
    lines = [f"评分标准：{node.criterion}"] if node.criterion else []
    try:
        facts, measured = _facts_for(node, fact, project)
        if kind is None or rule is None or facts is None:
            raise RuleError("缺少评分规则或有效的事实，暂计0分")
        evaluation = kind.evaluate(rule.params, facts, node.weight)
    except RuleError as err:
        source = fact.source if fact else node.source
        if _missing(fact, node):
            lines.append("缺少事实，暂计0分")
        else:
            diags.append(Diagnostic("fact-invalid", f"指标“{node.name}”无法计分：{err}", source,
                                    "修改该指标的事实或评分规则参数"))
            lines.append(f"无法计分：{err}")
        return _finish(node, path, ZERO, lines, None, override, None)
    computed = round_half_up(clamp(evaluation.points, ZERO, node.weight))
    if measured is not None and measured.how:
        lines.append(f"实际值：{measured.how}")
    lines.append(f"计算：{evaluation.formula}")
    lines.extend(f"扣 {pts(d.points)} 分：{d.reason}" for d in evaluation.deductions)
    lines.extend(evaluation.notes)
    return _finish(node, path, computed, lines, evaluation, override, measured)


def _missing(fact: Fact | None, node: Indicator) -> bool:
    return (fact is None or fact.value is None) and node.measure is None


def _facts_for(node: Indicator, fact: Fact | None, project: Project) -> tuple[object, Quantity | None]:
    if node.measure is not None:
        measured = MEASURES[node.measure].compute(project.funds)
        return measured, measured
    return (fact.value if fact else None), None


def _finish(node: Indicator, path: tuple[str, ...], computed: Decimal, lines: list[str],
            evaluation: Evaluation | None, override: Override | None, measured: Quantity | None) -> Scored:
    score = computed
    if override is not None:
        score = round_half_up(override.score)
        lines.append(f"评价人调整：计算得分 {pts(computed)}，调整为 {pts(score)}，理由：{override.reason}")
    lines.append(f"得分：{pts(score)}（权重 {plain(node.weight)}）")
    return Scored(node, path, score, tuple(lines), (), computed, evaluation, override, measured)
