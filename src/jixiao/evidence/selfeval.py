"""The self-evaluation form (绩效自评表): the goals table scored.

预算执行率 (spent ÷ budget) takes its part (10 by default); each 一级 of the goals table
(产出指标 50, 效益指标 30, 满意度指标 10 by default; ``self_eval.weights`` changes them) is shared
among its applicable rows: a row's own ``weight`` is kept and the rest of the part is split
equally (to 0.01, the last row taking the remainder so the parts add up exactly). "不适用" rows
carry no weight. A row's target decides how it is scored:

* ``≥``/``>`` forward: weight × min(actual ÷ target, 1);
* ``≤``/``<`` reverse: full at or under the target, else weight × target ÷ actual;
* ``=`` equality: full at the target, else weight × max(0, 1 − |actual − target| ÷ target);
* a qualitative target (明显, 良好): the evaluator's tier and points from ``self_eval.goals``
  (达成 80–100%, 部分达成 60–80%, 未达成 0–60% of the weight), or full marks when the actual
  repeats the target or says 达成.

Actuals come from a goal's binding in ``evidence.goals`` (a metric or a funds figure) or else
from the goals table's ``actual`` text (``3个``, ``99.68%``, ``2小时``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import Diagnostic, Severity, Source
from ..model import Goal, Project, Target, parse_target
from ..numbers import ONE, ZERO, clamp, percent, plain, pts, round_half_up
from ..rules.base import Quantity, RuleError
from ..rules.tiers import DEFAULT_TIERS
from ..score import grade_for
from .binding import check_comparable, goal_quantity
from .plans import BUDGET_PART, DEFAULT_PARTS, Judgement, SelfEvalPlan

KIND_NAMES = {"forward": "正向", "reverse": "反向", "equality": "等值", "qualitative": "定性", "na": "不适用"}


@dataclass(frozen=True, slots=True)
class Row:
    """One scored line of the form."""

    level1: str
    level2: str
    name: str
    target: str
    actual: str
    kind: str  # a key of KIND_NAMES
    weight: Decimal
    score: Decimal
    formula: str
    source: Source | None = None


@dataclass(frozen=True, slots=True)
class SelfEvalForm:
    title: str
    year: int | None
    budget: Row  # 预算执行率
    rows: tuple[Row, ...]
    total: Decimal
    grade: str
    diagnostics: tuple[Diagnostic, ...]


def self_evaluate(project: Project) -> SelfEvalForm:
    plan = project.self_eval or SelfEvalPlan()
    diags: list[Diagnostic] = []
    where = plan.source or project.source
    _check_parts(plan.parts, where, diags)
    budget = _budget_row(project, plan.parts.get(BUDGET_PART, DEFAULT_PARTS[BUDGET_PART]))
    weights = goal_weights(project.goals, plan.parts, where, diags)
    rows = tuple(_row(goal, weights.get(i, ZERO), project, plan, diags) for i, goal in enumerate(project.goals))
    total = budget.score + sum((r.score for r in rows), ZERO)
    return SelfEvalForm(f"{project.info.name}项目支出绩效自评表", project.info.year, budget, rows, total,
                        grade_for(total, project.framework.grades), tuple(diags))


def _check_parts(parts: dict[str, Decimal], where: Source, diags: list[Diagnostic]) -> None:
    total = sum(parts.values(), ZERO)
    if total != 100:
        shown = "、".join(f"{k} {plain(v)}" for k, v in parts.items())
        diags.append(Diagnostic("selfeval-weights", f"自评表各部分分值合计 {plain(total)}，应为100（{shown}）", where,
                                "在 self_eval.weights 中调整各部分分值"))


def _budget_row(project: Project, weight: Decimal) -> Row:
    funds = project.funds
    if funds.budget == ZERO:
        return Row(BUDGET_PART, "", BUDGET_PART, "100%", "", "forward", weight, ZERO, "预算数为0，无法计算", funds.source)
    rate = funds.spent / funds.budget
    score = round_half_up(weight * min(rate, ONE))
    formula = (f"全年执行数 {plain(funds.spent)} 万元 ÷ 全年预算数 {plain(funds.budget)} 万元 = {percent(rate)}；"
               f"{plain(weight)} × min({percent(rate)}, 100%) = {pts(score)}")
    return Row(BUDGET_PART, "", BUDGET_PART, "100%", percent(rate), "forward", weight, score, formula, funds.source)


def goal_weights(goals: Sequence[Goal], parts: dict[str, Decimal], where: Source,
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


def _row(goal: Goal, weight: Decimal, project: Project, plan: SelfEvalPlan, diags: list[Diagnostic]) -> Row:
    if not goal.applicable or goal.target is None:
        return Row(goal.level1, goal.level2, goal.name or "不适用", "不适用", "不适用", "na", ZERO, ZERO, "不适用，不计分值",
                   goal.source)
    target = goal.target
    if target.qualitative:
        return _qualitative(goal, target, weight, plan.judgements.get(goal.name), diags)
    try:
        actual = _actual(goal, project)
    except RuleError as err:
        diags.append(Diagnostic("selfeval-goal", f"目标“{goal.name}”无法计分：{err}", goal.source,
                                "在 actual 中写明实际完成值，如 3个、99.5%、2小时"))
        return Row(goal.level1, goal.level2, goal.name, target.text, goal.actual, "forward", weight, ZERO,
                   f"无法计分：{err}", goal.source)
    kind, share, formula = quantitative(target, actual, weight)
    score = round_half_up(weight * share)
    return Row(goal.level1, goal.level2, goal.name, target.text, actual.show(), kind, weight, score,
               f"{formula} = {pts(score)}" + (f"；实际值：{actual.how}" if actual.how else ""), goal.source)


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


def quantitative(target: Target, actual: Quantity, weight: Decimal) -> tuple[str, Decimal, str]:
    """(kind, share of the weight, formula) for a quantitative goal."""
    t, a = target.value or ZERO, actual.value
    shown_t = Quantity(t, target.is_rate, target.unit).show()
    if target.comparator in ("≤", "<"):
        share = ONE if a <= t else (t / a if a > ZERO else ZERO)
        words = f"{plain(weight)} × 1（实际 {actual.show()} ≤ 目标 {shown_t}）" if share == ONE else \
            f"{plain(weight)} × {shown_t} ÷ {actual.show()}"
        return "reverse", share, words
    if target.comparator == "=":
        share = ONE if a == t else (clamp(ONE - abs(a - t) / t, ZERO, ONE) if t else ZERO)
        return "equality", share, f"{plain(weight)} × (1 − |{actual.show()} − {shown_t}| ÷ {shown_t})"
    share = min(a / t, ONE) if t else ONE
    return "forward", share, f"{plain(weight)} × min({actual.show()} ÷ {shown_t}, 1)"


def _qualitative(goal: Goal, target: Target, weight: Decimal, judgement: Judgement | None,
                 diags: list[Diagnostic]) -> Row:
    def row(actual: str, score: Decimal, formula: str) -> Row:
        return Row(goal.level1, goal.level2, goal.name, target.text, actual, "qualitative", weight, score, formula,
                   goal.source)

    if judgement is not None:
        return _judged(judgement, weight, diags, row)
    if goal.actual.strip() in (target.text.strip(), "达成", "已达成"):
        return row(goal.actual, weight, f"实际“{goal.actual}”达到目标“{target.text}”，得满分 {plain(weight)}")
    diags.append(Diagnostic("selfeval-goal", f"定性目标“{goal.name}”的实际完成值“{goal.actual}”无法对照目标“{target.text}”评定",
                            goal.source, "定性目标写明达成情况（达成/部分达成/未达成），并在 self_eval.goals 中给出档位和分数",
                            Severity.WARNING))
    return row(goal.actual, ZERO, "未评定档位，暂计0分")


_RowMaker = Callable[[str, Decimal, str], Row]


def _judged(judgement: Judgement, weight: Decimal, diags: list[Diagnostic], row: _RowMaker) -> Row:
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
    reason = f"：{judgement.reason}" if judgement.reason else ""
    return row(tier.name, round_half_up(judgement.points),
               f"{tier.name}（{pts(low)}–{pts(high)}分），评定 {plain(judgement.points)} 分{reason}")
