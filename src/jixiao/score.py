"""Scoring: every leaf's points with its explanation, parents' subtotals, total and grade.

Pure functions of a :class:`~jixiao.model.Project` and a rule registry. Leaf scores are rounded
half up to 0.01 points; a parent's score is the sum of its children's rounded scores, so every
figure in a report adds up exactly as printed. A score keeps everything that produced it (the
rule's evaluation, the quantity it was computed from, an override), and words its explanation
from those when asked, so scoring many projects does not format text nobody reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .diagnostics import Diagnostic
from .evidence.metrics import compute_metric
from .measures import MEASURES, FundsMissing
from .model import Fact, GradeBand, Indicator, Override, Project
from .numbers import ZERO, clamp, plain, pts, round_half_up
from .rules.base import AnyKind, Evaluation, Quantity, RuleError, RuleRegistry

WAITING = "未评分："  # how the scorer begins the problem of a leaf waiting for an amount not filled in


@dataclass(frozen=True, slots=True)
class Scored:
    """An indicator with its score. ``computed`` is the rule's score before any override."""

    indicator: Indicator
    path: tuple[str, ...]
    score: Decimal
    children: tuple[Scored, ...] = ()
    computed: Decimal | None = None
    evaluation: Evaluation | None = None
    override: Override | None = None
    measured: Quantity | None = None  # the actual, when computed from funds or work records
    shown: Quantity | None = None  # the quantity scored, whose derivation the explanation gives
    problem: str = ""  # why a leaf could not be scored (and counts 0)

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

    @property
    def explanation(self) -> tuple[str, ...]:
        """The score in words: the rule, the actual value, the formula, every deduction."""
        if self.children:
            parts = " + ".join(pts(c.score) for c in self.children)
            return (f"下级指标得分合计：{parts} = {pts(self.score)}（权重 {plain(self.weight)}）",)
        lines = [f"评分标准：{self.indicator.criterion}"] if self.indicator.criterion else []
        lines.extend(self._working())
        if self.override is not None:
            lines.append(f"评价人调整：计算得分 {pts(self.computed or ZERO)}，调整为 {pts(self.score)}，"
                         f"理由：{self.override.reason}")
        lines.append(f"得分：{pts(self.score)}（权重 {plain(self.weight)}）")
        return tuple(lines)

    def _working(self) -> list[str]:
        if self.evaluation is None:
            return [self.problem]
        lines = [f"实际值：{self.shown.how}"] if self.shown is not None and self.shown.how else []
        lines.append(f"计算：{self.evaluation.formula}")
        lines.extend(f"扣 {pts(d.points)} 分：{d.reason}" for d in self.evaluation.deductions)
        lines.extend(self.evaluation.notes)
        return lines

    def walk(self) -> Iterator[Scored]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_json(self) -> dict[str, Any]:
        """One indicator as ``jixiao score --json`` and the web API give it; numbers as strings."""
        item: dict[str, Any] = {
            "path": list(self.path),
            "weight": format(self.weight, "f"),
            "score": f"{self.score:.2f}",
            "explanation": "\n".join(self.explanation),
        }
        if not self.children:
            item["actual"] = self.actual
            item["computed"] = f"{self.computed:.2f}" if self.computed is not None else None
            item["override"] = ({"score": f"{self.override.score:.2f}", "reason": self.override.reason}
                                if self.override else None)
        return item


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

    @property
    def unscored(self) -> tuple[Scored, ...]:
        """The leaves that could not be scored from their facts (missing, invalid, ÷0) and were
        not given a score by an override: while any is left the total is no grade."""
        return tuple(s for s in self.leaves() if s.problem and s.override is None)

    @property
    def complete(self) -> bool:
        return not self.unscored

    def to_json(self) -> dict[str, Any]:
        """Total, grade and every indicator (the diagnostics are the pipeline's to add)."""
        return {"total": f"{self.total:.2f}", "grade": self.grade, "indicators": [s.to_json() for s in self.walk()]}


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
    return Scored(node, here, sum((c.score for c in children), ZERO), children)


def _score_leaf(node: Indicator, path: tuple[str, ...], project: Project, registry: RuleRegistry,
                diags: list[Diagnostic]) -> Scored:
    fact = project.facts.get(node.name)
    rule = node.rule
    kind = registry.get(rule.kind) if rule else None
    override = fact.override if fact else None
    if kind is None or rule is None or _unusable(fact, node):
        # Already reported when the file was read (missing or invalid facts, bad rule).
        return _unscored(node, path, override, "缺少有效的事实或评分规则，暂计0分")
    try:
        facts, measured = _facts_for(node, fact, project)
        computed, evaluation = score_rule(kind, rule.params, facts, node.weight)
    except FundsMissing as err:  # already reported when the file was read (funds-missing): it waits
        return _unscored(node, path, override, f"{WAITING}{err}")
    except RuleError as err:
        diags.append(_unscorable(node, fact, project, str(err)))
        return _unscored(node, path, override, f"无法计分：{err}")
    score = round_half_up(override.score) if override else computed
    shown = facts if isinstance(facts, Quantity) else None
    return Scored(node, path, score, (), computed, evaluation, override, measured, shown)


def score_rule(kind: AnyKind, params: object, facts: object, weight: Decimal) -> tuple[Decimal, Evaluation]:
    """A rule's points as every score in jixiao is given (a leaf of a framework, a row of the
    self-evaluation form): the kind's evaluation, kept within 0..weight and rounded half up to
    0.01. Raises :class:`RuleError` when the facts cannot be scored."""
    evaluation = kind.evaluate(params, facts, weight)
    return round_half_up(clamp(evaluation.points, ZERO, weight)), evaluation


def _unscored(node: Indicator, path: tuple[str, ...], override: Override | None, problem: str) -> Scored:
    score = round_half_up(override.score) if override else ZERO
    return Scored(node, path, score, (), ZERO, None, override, problem=problem)


def _unscorable(node: Indicator, fact: Fact | None, project: Project, why: str) -> Diagnostic:
    if node.measure is not None:  # the money is what cannot be divided: point at the funds
        return Diagnostic("funds-invalid", f"指标“{node.name}”无法计分：{why}", project.funds.source,
                          "在 funds 中填写预算、到位和支出金额（万元）")
    return Diagnostic("fact-invalid", f"指标“{node.name}”无法计分：{why}", fact.source if fact else node.source,
                      "修改该指标的事实或评分规则参数")


def _unusable(fact: Fact | None, node: Indicator) -> bool:
    return (fact is None or (fact.value is None and fact.metric is None)) and node.measure is None


def _facts_for(node: Indicator, fact: Fact | None, project: Project) -> tuple[object, Quantity | None]:
    if node.measure is not None:
        measured = MEASURES[node.measure].compute(project.funds)
        return measured, measured
    if fact is not None and fact.value is None and fact.metric is not None and project.evidence is not None:
        measured = compute_metric(project.evidence.metrics[fact.metric], project.evidence)
        return measured, measured
    return (fact.value if fact else None), None
