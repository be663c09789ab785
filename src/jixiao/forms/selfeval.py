"""The self-evaluation form (绩效自评表): the goals table scored.

预算执行率 (spent ÷ budget) takes its part (10 by default); each 一级 of the goals table
(产出指标 50, 效益指标 30, 满意度指标 10 by default; ``self_eval.weights`` changes them) is shared
among its applicable rows: a row's own ``weight`` is kept and the rest of the part is split
equally (to 0.01, the last row taking the remainder so the parts add up exactly). "不适用" rows
carry no weight.

Every row is scored by a rule kind of the registry, through the same :func:`~jixiao.score.score_rule`
as a framework's leaves (kept within 0..weight, rounded half up to 0.01, the kind's formula as the
row's explanation). :func:`goal_rule` turns a row into that rule and its facts, by its target:

* 预算执行率: ``completion`` of the ``spending_rate`` figure against 100%, weight × min(rate, 100%);
* ``≥``/``>`` forward: ``completion``, weight × min(actual ÷ target, 1);
* ``≤``/``<`` reverse: ``reverse`` with ``mode: ratio`` (said explicitly: the kind's default is
  ``linear``), full at or under the target, else weight × target ÷ actual;
* ``=`` equality: ``equality``, full at the target, else weight × max(0, 1 − |actual − target| ÷ target);
* a target of 0 (``0起``, ``≥0次``): ``yes_no``, since nothing is a share of 0: ``=0`` and ``≤0`` are
  met by 0 only, ``≥0`` by any actual;
* a qualitative target (明显, 良好): ``tiers``, the evaluator's tier and points from ``self_eval.goals``
  (达成 80–100%, 部分达成 60–80%, 未达成 0–60% of the weight), or full marks when the actual
  repeats the target or says 达成.

Actuals come from a goal's binding in ``evidence.goals`` (a metric or a funds figure) or else
from the goals table's ``actual`` text (``3个``, ``99.68%``, ``2小时``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..diagnostics import Diagnostic, Severity, Source
from ..measures import MEASURES, FundsMissing, check_comparable, goal_quantity
from ..model import Goal, Project, Rule, Target, parse_target
from ..numbers import ONE, ZERO, percent, plain, points, pts, round_half_up
from ..plans import BUDGET_PART, DEFAULT_PARTS, Judgement, SelfEvalPlan
from ..rules import default_registry, reverse, tiers, yes_no
from ..rules.base import Evaluation, Quantity, RuleError, RuleRegistry, TargetParams
from ..rules.tiers import DEFAULT_TIERS
from ..score import grade_for, score_rule

FULL = Quantity(ONE, True, "%")  # 预算执行率's target


class RowKind(StrEnum):
    """How a row is scored, as the form names it (``KIND_NAMES``)."""

    FORWARD = "forward"
    REVERSE = "reverse"
    EQUALITY = "equality"
    QUALITATIVE = "qualitative"
    NA = "na"


KIND_NAMES = {RowKind.FORWARD: "正向", RowKind.REVERSE: "反向", RowKind.EQUALITY: "等值", RowKind.QUALITATIVE: "定性",
              RowKind.NA: "不适用"}


@dataclass(frozen=True, slots=True)
class Row:
    """One scored line of the form."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    kind: RowKind
    weight: Decimal
    score: Decimal
    formula: str
    source: Source | None = None
    scored: bool = True  # False while an amount the row needs is not filled in: 未评分, not 0


@dataclass(frozen=True, slots=True)
class SelfEvalForm:
    title: str
    year: int | None
    budget: Row  # 预算执行率
    rows: tuple[Row, ...]
    total: Decimal
    grade: str
    diagnostics: tuple[Diagnostic, ...]

    @property
    def complete(self) -> bool:
        """Every row scored: only then are the total and the grade a result."""
        return all(r.scored for r in (self.budget, *self.rows))

    def to_json(self) -> dict[str, Any]:
        """Total, grade and every row as ``jixiao self-eval --json`` gives them (the pipeline adds
        the diagnostics of every stage)."""
        done = self.complete
        return {"total": points(self.total) if done else None, "grade": self.grade if done else None,
                "complete": done, "rows": [
            {"level1": r.level1, "level2": r.level2, "name": r.name, "target": r.target, "actual": r.actual,
             "kind": r.kind, "weight": format(r.weight, "f"), "score": points(r.score) if r.scored else None,
             "formula": r.formula}
            for r in (self.budget, *self.rows)]}


def self_evaluate(project: Project, registry: RuleRegistry | None = None) -> SelfEvalForm:
    """The form of ``project``, every row scored by a kind of ``registry`` (the built-in kinds by default)."""
    if registry is None:
        registry = default_registry()
    plan = project.self_eval or SelfEvalPlan()
    diags: list[Diagnostic] = []
    where = plan.source or project.source
    _check_parts(plan.parts, where, diags)
    budget = _budget_row(project, plan.parts.get(BUDGET_PART, DEFAULT_PARTS[BUDGET_PART]), registry)
    weights = goal_weights(project.goals, plan.parts, where, diags)
    rows = tuple(_row(goal, weights.get(i, ZERO), project, plan, registry, diags)
                 for i, goal in enumerate(project.goals))
    total = budget.score + sum((r.score for r in rows), ZERO)
    return SelfEvalForm(f"{project.info.name}项目支出绩效自评表", project.info.year, budget, rows, total,
                        grade_for(total, project.framework.grades), tuple(diags))


def _check_parts(parts: Mapping[str, Decimal], where: Source, diags: list[Diagnostic]) -> None:
    total = sum(parts.values(), ZERO)
    if total != 100:
        shown = "、".join(f"{k} {plain(v)}" for k, v in parts.items())
        diags.append(Diagnostic("selfeval-weights", f"自评表各部分分值合计 {plain(total)}，应为100（{shown}）", where,
                                "在 self_eval.weights 中调整各部分分值"))


def _budget_row(project: Project, weight: Decimal, registry: RuleRegistry) -> Row:
    """预算执行率, spent ÷ budget (the form's 全年执行数 ÷ 全年预算数), by the ``completion`` kind against
    100%: the rate as computed, not first rounded to 0.01% as the ``rate`` kind does."""
    funds = project.funds
    rule = Rule("completion", TargetParams(FULL, BUDGET_PART), funds.source)
    try:
        spending = MEASURES["spending_rate"].compute(funds)
        score, evaluation = _score(rule, spending, weight, registry)
    except FundsMissing as err:  # the loader has said so (funds-missing); the row waits
        return Row(BUDGET_PART, "", BUDGET_PART, "100%", "", RowKind.FORWARD, weight, ZERO, f"未评分：{err}",
                   funds.source, scored=False)
    except RuleError as err:
        return Row(BUDGET_PART, "", BUDGET_PART, "100%", "", RowKind.FORWARD, weight, ZERO, str(err), funds.source)
    return Row(BUDGET_PART, "", BUDGET_PART, "100%", percent(spending.value), RowKind.FORWARD, weight, score,
               f"{spending.how}；{evaluation.formula}", funds.source)


def _score(rule: Rule, facts: object, weight: Decimal, registry: RuleRegistry) -> tuple[Decimal, Evaluation]:
    kind = registry.get(rule.kind)
    if kind is None:
        raise RuleError(f"评分规则类型“{rule.kind}”不可用")
    return score_rule(kind, rule.params, facts, weight)


def goal_weights(goals: Sequence[Goal], parts: Mapping[str, Decimal], where: Source,
                 diags: list[Diagnostic]) -> dict[int, Decimal]:
    """Each applicable goal's weight (by its index in the table)."""
    out: dict[int, Decimal] = {}
    for level1 in dict.fromkeys(g.level1 for g in goals):
        members = [i for i, g in enumerate(goals) if g.level1 == level1 and g.applicable]
        part = parts.get(level1)
        if part is None:
            if members:
                diags.append(Diagnostic("selfeval-weights", f"一级指标“{level1}”不在自评表的分值设置中",
                                        goals[members[0]].source, "可用：" + "、".join(k for k in parts if k != BUDGET_PART)))
            continue
        out.update(_share(level1, part, [(i, goals[i]) for i in members], where, diags))
    return out


def _share(level1: str, part: Decimal, members: list[tuple[int, Goal]], where: Source,
           diags: list[Diagnostic]) -> dict[int, Decimal]:
    if not members:
        diags.append(Diagnostic("selfeval-weights", f"一级指标“{level1}”没有适用的目标行，其 {plain(part)} 分无从计分",
                                where, "在绩效目标表中补充该类目标", Severity.WARNING))
        return {}
    fixed = {i: w for i, g in members if (w := g.weight) is not None}
    free = [i for i, g in members if g.weight is None]
    left = part - sum(fixed.values(), ZERO)
    if left < ZERO or (not free and left != ZERO):
        diags.append(Diagnostic("selfeval-weights", f"“{level1}”各目标行的分值合计 {plain(part - left)}，应为 {plain(part)}",
                                members[0][1].source, "调整这些行的 weight，或删去 weight 由系统平均分配"))
    shares = dict(fixed)
    each = round_half_up(left / len(free)) if free else ZERO
    for n, i in enumerate(free):
        shares[i] = each if n < len(free) - 1 else left - each * (len(free) - 1)
    return shares


def _row(goal: Goal, weight: Decimal, project: Project, plan: SelfEvalPlan, registry: RuleRegistry,
         diags: list[Diagnostic]) -> Row:
    if not goal.applicable or goal.target is None:
        return Row(goal.level1, goal.level2, goal.name or "不适用", "不适用", "不适用", RowKind.NA, ZERO, ZERO, "不适用，不计分值",
                   goal.source)
    target = goal.target
    try:
        if target.qualitative:
            return _qualitative(goal, target, weight, plan.judgements.get(goal.name), registry, diags)
        actual = _actual(goal, project)
        score, evaluation = _score(*goal_rule(goal, actual), weight, registry)
    except FundsMissing as err:  # a goal bound to a funds figure whose amount is not filled in yet
        return Row(goal.level1, goal.level2, goal.name, target.text, goal.actual, row_kind(target), weight, ZERO,
                   f"未评分：{err}", goal.source, scored=False)
    except RuleError as err:
        diags.append(Diagnostic("selfeval-goal", f"目标“{goal.name}”无法计分：{err}", goal.source,
                                "在 actual 中写明实际完成值，如 3个、99.5%、2小时"))
        kind = RowKind.QUALITATIVE if target.qualitative else RowKind.FORWARD
        return Row(goal.level1, goal.level2, goal.name, target.text, goal.actual, kind, weight, ZERO,
                   f"无法计分：{err}", goal.source)
    return Row(goal.level1, goal.level2, goal.name, target.text, actual.show(), row_kind(target), weight, score,
               evaluation.formula + (f"；实际值：{actual.how}" if actual.how else ""), goal.source)


def row_kind(target: Target) -> RowKind:
    """How the form names a quantitative row's scoring, by its comparator."""
    return _BY_COMPARATOR.get(target.comparator or "", RowKind.FORWARD)


_BY_COMPARATOR = {"≤": RowKind.REVERSE, "<": RowKind.REVERSE, "=": RowKind.EQUALITY}


def _actual(goal: Goal, project: Project) -> Quantity:
    bound = goal_quantity(project, goal.name)
    if bound is not None and goal.target is not None:
        return check_comparable(goal.target, bound)
    parsed = parse_target(goal.actual) if goal.actual else None
    if parsed is None or parsed.value is None:
        raise RuleError(f"实际完成值“{goal.actual}”不是数值")
    if goal.target is not None and parsed.is_rate != goal.target.is_rate:
        raise RuleError(f"目标值是“{goal.target.text}”，实际完成值“{goal.actual}”的计量方式不同")
    return Quantity(parsed.value, parsed.is_rate, parsed.unit)


def goal_rule(goal: Goal, actual: Quantity) -> tuple[Rule, object]:
    """The rule a quantitative goal is scored by, as a framework leaf would carry it, and its facts."""
    target = goal.target
    assert target is not None and target.value is not None, "a quantitative goal"
    aim = Quantity(target.value, target.is_rate, target.unit)
    kind = row_kind(target)
    if aim.value == ZERO:  # nothing is a share of 0: met or not
        met = actual.value <= ZERO if kind is RowKind.REVERSE else actual.value == ZERO if kind is RowKind.EQUALITY else True
        question = f"目标 {target.text}，实际 {actual.show()}"
        return Rule("yes_no", yes_no.Params(question), goal.source), yes_no.Facts(met, "")
    if kind is RowKind.REVERSE:  # the forms' 分值 × 指标值 ÷ 实际值, said explicitly: the kind's default is linear
        return Rule("reverse", reverse.Params(aim, goal.name, mode="ratio"), goal.source), actual
    return Rule("completion" if kind is RowKind.FORWARD else "equality", TargetParams(aim, goal.name), goal.source), actual


def _qualitative(goal: Goal, target: Target, weight: Decimal, judgement: Judgement | None,
                 registry: RuleRegistry, diags: list[Diagnostic]) -> Row:
    def row(actual: str, score: Decimal, formula: str) -> Row:
        return Row(goal.level1, goal.level2, goal.name, target.text, actual, RowKind.QUALITATIVE, weight, score, formula,
                   goal.source)

    if judgement is not None:
        return _judged(judgement, weight, registry, diags, row)
    if goal.actual.strip() in (target.text.strip(), "达成", "已达成"):
        score = _tier_score(DEFAULT_TIERS[0], weight, weight, goal.actual, goal.source, registry)
        return row(goal.actual, score, f"实际“{goal.actual}”达到目标“{target.text}”，得满分 {plain(weight)}")
    diags.append(Diagnostic("selfeval-goal", f"定性目标“{goal.name}”的实际完成值“{goal.actual}”无法对照目标“{target.text}”评定",
                            goal.source, "定性目标写明达成情况（达成/部分达成/未达成），并在 self_eval.goals 中给出档位和分数",
                            Severity.WARNING))
    return row(goal.actual, ZERO, "未评定档位，暂计0分")


_RowMaker = Callable[[str, Decimal, str], Row]


def _judged(judgement: Judgement, weight: Decimal, registry: RuleRegistry, diags: list[Diagnostic],
            row: _RowMaker) -> Row:
    tier = next((t for t in DEFAULT_TIERS if t.name == judgement.tier), None)
    if tier is None:
        diags.append(Diagnostic("selfeval-goal", f"没有名为“{judgement.tier}”的档位", judgement.source,
                                "可选档位：" + "、".join(t.name for t in DEFAULT_TIERS)))
        return row(judgement.tier, ZERO, "档位无效，暂计0分")
    low, high = tier.low * weight, tier.high * weight
    if not low <= judgement.points <= high:
        diags.append(Diagnostic("selfeval-goal", f"“{tier.name}”档的分数应在 {pts(low)} 到 {pts(high)} 之间，"
                                f"填写的是 {plain(judgement.points)}", judgement.source, "调整 points 或档位"))
        return row(tier.name, ZERO, "分数超出档位范围，暂计0分")
    score = _tier_score(tier, judgement.points, weight, judgement.reason, judgement.source, registry)
    reason = f"：{judgement.reason}" if judgement.reason else ""
    return row(tier.name, score, f"{tier.name}（{pts(low)}–{pts(high)}分），评定 {plain(judgement.points)} 分{reason}")


def _tier_score(tier: tiers.Tier, given: Decimal, weight: Decimal, reason: str, source: Source,
                registry: RuleRegistry) -> Decimal:
    """A qualitative row's points by the ``tiers`` kind (the band was checked above, in the form's words)."""
    rule = Rule("tiers", tiers.Params(DEFAULT_TIERS), source)
    return _score(rule, tiers.Facts(tier, given, reason), weight, registry)[0]
