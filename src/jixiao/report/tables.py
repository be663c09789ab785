"""The report's tables, built from the scored project: goals, output counts, the scoring table,
and in a draft the leaves not scored yet.

Every figure comes from the scored result. A goal whose name is a leaf indicator or a funds
measure shows the computed value, not the one typed in the goals list, so a figure is never
typed twice. A leaf without usable facts is 未评分 and a branch over one 未完成, never a 0 that
would read as a score (nor a sum that counts it as one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from ..measures import find_measure, goal_quantity
from ..model import Goal, Project
from ..numbers import ONE, ZERO, percent, plain, pts
from ..rules.base import Quantity, RuleError
from ..score import WAITING, Result, Scored
from .model import Cell, Column, Sum, Table
from .text import wording_for

SCORE_FORMAT = "0.00"
RATE_FORMAT = "0.00%"
CANNOT_SCORE = "无法计分："  # how the scorer begins the problem of facts it read but cannot score
UNSCORED, UNFINISHED = "未评分", "未完成"  # what stands in place of a leaf's score, and of a sum over one
DRAFT_NOTE = "注：评价尚未完成，暂不计总分和等级；“未评分”的指标尚缺有效的事实，“未完成”的指标含有未评分的下级指标。"


def waiting(node: Scored) -> tuple[Scored, ...]:
    """The leaves under ``node`` (``node`` itself if a leaf) that are not scored yet: their facts
    are missing or invalid and no evaluator gave a score. While any is left, ``node``'s sum
    counts it as 0 and is no score."""
    return tuple(s for s in node.walk() if not s.children and s.problem and s.override is None)


def unscored_reason(leaf: Scored, project: Project) -> str:
    """Why ``leaf`` waits: no facts, facts that could not be read, or the scorer's reason why
    they cannot be scored (÷0), without the 0 it stands in with."""
    if leaf.problem.startswith(CANNOT_SCORE):
        return leaf.problem.removeprefix(CANNOT_SCORE)
    if leaf.problem.startswith(WAITING):  # a funds figure whose amount is not filled in yet
        return leaf.problem.removeprefix(WAITING)
    return "尚未填写事实" if leaf.indicator.name not in project.facts else "事实不完整或无法读取"


def number(value: Decimal, text: str, number_format: str = "General", *, rowspan: int = 1,
           total: Sum | None = None, bold: bool = False) -> Cell:
    """A numeric cell: ``text`` for pages, ``value`` in ``number_format`` for spreadsheets."""
    return Cell(text, rowspan=rowspan, value=value, number_format=number_format, total=total, bold=bold)


# The goals table (绩效目标完成情况表) -------------------------------------------------------


def goals_table(result: Result) -> Table:
    """The goals with their actuals; below it, each computed actual that differs from the one the
    unit typed in its goals list, both said (the table shows the computed one)."""
    goals = result.project.goals
    rows = [_goal_row(result, goals, i) for i in range(len(goals))]
    columns = (Column("一级指标", 5), Column("二级指标", 7), Column("三级指标", 12),
               Column("年度指标值", 6), Column("实际完成值", 6))
    header = tuple(Cell(c.title, bold=True) for c in columns)
    say = wording_for(result.project)
    differ = [say.say("goal_stated", name=g.name, source=say.say(f"source_{source}"), actual=computed, stated=g.actual)
              for g in goals if g.applicable for computed, source in [_computed_with_source(result, g)]
              if computed is not None and g.actual and not same_value(computed, g.actual)]
    below = (say.say("goals_stated", items="；".join(differ)),) if differ else ()
    return Table("项目绩效目标完成情况表", columns, (header, *rows), sheet="绩效目标", below=below)


def _goal_row(result: Result, goals: tuple[Goal, ...], i: int) -> tuple[Cell, ...]:
    goal = goals[i]
    cells = []
    span1 = _run_length(goals, i, lambda g: g.level1)
    if span1:
        weight = sum((g.weight or ZERO for g in goals[i:i + span1]), ZERO)
        label = f"{goal.level1}\n（{plain(weight)}分）" if weight else goal.level1
        cells.append(Cell(label, rowspan=span1))
    span2 = _run_length(goals, i, lambda g: (g.level1, g.level2))
    if span2:
        cells.append(Cell(goal.level2, rowspan=span2))
    if not goal.applicable:
        return (*cells, Cell("不适用"), Cell("不适用"), Cell("不适用"))
    target = goal.target.text if goal.target else ""
    return (*cells, Cell(goal.name, align="left"), Cell(target), Cell(goal_actual(result, goal)))


def _run_length(goals: tuple[Goal, ...], i: int, key: Callable[[Goal], object]) -> int:
    """How many rows a merged cell starting at row ``i`` covers; 0 when row ``i`` continues one."""
    if i > 0 and key(goals[i - 1]) == key(goals[i]):
        return 0
    n = 1
    while i + n < len(goals) and key(goals[i + n]) == key(goals[i]):
        n += 1
    return n


def goal_actual(result: Result, goal: Goal) -> str:
    """实际完成值, computed where it can be: the metric the goal is bound to (``evidence.goals``), the
    scored leaf of the same name, the funds figure of that name; else as typed in ``goals:``."""
    computed, _ = _computed_with_source(result, goal)
    return computed if computed is not None else goal.actual


def _computed_with_source(result: Result, goal: Goal) -> tuple[str | None, str]:
    """The computed actual and where it came from (``records``, ``funds``, ``facts``)."""
    try:
        return _computed_goal(result, goal)
    except RuleError:  # e.g. a funds figure over a zero budget: the typed value is all there is
        return None, ""


def _computed_goal(result: Result, goal: Goal) -> tuple[str | None, str]:
    project = result.project
    bound = goal_quantity(project, goal.name)
    if bound is not None and project.evidence is not None:  # a metric over records, or a funds figure
        return bound.show(), "records" if project.evidence.goals[goal.name] in project.evidence.metrics else "funds"
    leaf = result.find(goal.name)
    if leaf is not None and not leaf.children and leaf.actual:
        return leaf.actual, source_of(leaf, result.project)
    measure = find_measure(goal.name)
    return (measure.compute(result.project.funds).show(), "funds") if measure is not None else (None, "")


def source_of(leaf: Scored, project: Project) -> str:
    """Where a leaf's actual came from: ``funds``, ``records`` (a metric over work records) or
    ``facts`` (as the project file states it)."""
    if leaf.indicator.measure is not None:
        return "funds"
    fact = project.facts.get(leaf.indicator.name)
    return "records" if fact is not None and fact.metric else "facts"


_FIGURE = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(\S*?)\s*$")


def same_value(a: str, b: str) -> bool:
    """Whether two actuals say the same: equal text, or equal numbers in the same unit (100% = 100.00%)."""
    if a.strip() == b.strip():
        return True
    ma, mb = _FIGURE.match(a), _FIGURE.match(b)
    return ma is not None and mb is not None and Decimal(ma[1]) == Decimal(mb[1]) and ma[2] == mb[2]


# Output counts (数量指标完成情况表) -----------------------------------------------------------


def count_targets(parent: Scored, project: Project) -> list[tuple[Scored, Quantity, Quantity]]:
    """The leaves under ``parent`` scored against a planned count: (leaf, target, actual)."""
    found = []
    for leaf in parent.walk():
        if leaf.children or leaf.indicator.rule is None:
            continue
        target = getattr(leaf.indicator.rule.params, "target", None)
        actual = _actual_quantity(leaf, project)
        if isinstance(target, Quantity) and isinstance(actual, Quantity) and not target.is_rate:
            found.append((leaf, target, actual))
    return found


def _actual_quantity(leaf: Scored, project: Project) -> Quantity | None:
    """The leaf's actual as a number: measured (funds, work records) or as given in the facts."""
    if leaf.measured is not None:
        return leaf.measured
    fact = project.facts.get(leaf.indicator.name)
    return fact.value if fact is not None and isinstance(fact.value, Quantity) else None


def counts_table(parent: Scored, project: Project) -> Table | None:
    """序号 / 三级指标名称 / 计划完成数量 / 实际完成数量 / 完成率, when ``parent`` has two or more counts."""
    found = count_targets(parent, project)
    if len(found) < 2:
        return None
    columns = (Column("序号", 3), Column("三级指标名称", 16), Column("计划完成数量", 5),
               Column("实际完成数量", 5), Column("完成率", 4))
    header = tuple(Cell(c.title, bold=True) for c in columns)
    rows = [_count_row(n, leaf, target, actual) for n, (leaf, target, actual) in enumerate(found, 1)]
    return Table(f"{parent.indicator.name}指标完成情况表", columns, (header, *rows), sheet="")


def _count_row(n: int, leaf: Scored, target: Quantity, actual: Quantity) -> tuple[Cell, ...]:
    rate = min(actual.value / target.value, ONE) if target.value else ZERO
    return (Cell(str(n)), Cell(leaf.indicator.name, align="left"), Cell(target.show()), Cell(actual.show()),
            number(rate, percent(rate), RATE_FORMAT))


# The scoring table (附件：项目绩效指标体系评分表) -------------------------------------------------

SCORING_COLUMNS = (
    Column("一级指标", 6), Column("二级指标", 6), Column("三级指标", 9), Column("权重", 5),
    Column("指标说明", 13), Column("评分标准", 22), Column("标杆值", 6), Column("实际完成值", 7),
    Column("得分", 6), Column("二级指标得分", 6, sheet_only=True), Column("一级指标得分", 6, sheet_only=True),
)
WEIGHT_COL, SCORE_COL, LEVEL1_SCORE_COL = 3, 8, 10
HEADER_ROWS = 2


def scoring_table(result: Result, final: bool = True) -> Table:
    """The appendix table; not ``final`` (a draft), its total row says 未完成 instead of a total."""
    header = _scoring_header()
    body: list[tuple[Cell, ...]] = []
    for root in result.roots:
        body.extend(_root_rows(root, HEADER_ROWS + len(body)))
    last = HEADER_ROWS + len(body) - 1
    total = _total_row(result, last) if final else _unfinished_total_row(result, last)
    below = (*(() if final else (DRAFT_NOTE,)), sources_note(result))
    return Table("", SCORING_COLUMNS, (*header, *body, total), header_rows=HEADER_ROWS, sheet="评分表",
                 small=True, below=tuple(line for line in below if line))


def sources_note(result: Result) -> str:
    """Where the actuals came from: the leaves computed from funds, from work records, the rest as
    stated in the project file ("" when there are no leaves)."""
    say = wording_for(result.project)
    by_source: dict[str, list[str]] = {"funds": [], "records": [], "facts": []}
    for leaf in result.leaves():
        if leaf.actual:
            by_source[source_of(leaf, result.project)].append(leaf.indicator.name)
    parts = []
    for source, names in by_source.items():
        if names:
            shown = "、".join(names) if len(names) <= 3 else f"{names[0]}等 {len(names)} 项"
            parts.append(say.say("source_part", leaves=shown, count=len(names), source=say.say(f"source_{source}")))
    return say.say("sources", parts="；".join(parts)) if parts else ""


def _scoring_header() -> tuple[tuple[Cell, ...], ...]:
    spanning = [Cell(c.title, rowspan=2, bold=True) for c in SCORING_COLUMNS[4:]]
    first = (Cell("评价指标", colspan=4, bold=True), *spanning)
    second = tuple(Cell(c.title, bold=True) for c in SCORING_COLUMNS[:4])
    return first, second


def _leaves(node: Scored) -> list[Scored]:
    return [s for s in node.walk() if not s.children] or [node]


def _root_rows(root: Scored, first_row: int) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    n_root = len(_leaves(root))
    for child in root.children or (root,):
        leaves = _leaves(child)
        for leaf in leaves:
            row_no = first_row + len(rows)
            lead: list[Cell] = []
            tail: list[Cell] = []
            if leaf is leaves[0]:  # the 二级 cell and its subtotal start here
                lead.append(_level_cell(child, len(leaves)))
                tail.append(_subtotal(child, len(leaves), row_no))
            if not rows:  # so do the 一级 cell and its subtotal, left and right of the 二级 ones
                lead.insert(0, _level_cell(root, n_root))
                tail.append(_subtotal(root, n_root, row_no))
            rows.append((*lead, *_leaf_cells(leaf), *tail))
    return rows


def _level_cell(node: Scored, span: int) -> Cell:
    """A 一级 or 二级 name down its rows; pages print it on each row, so a page the table continues
    on still says which group its rows belong to."""
    return Cell(f"{node.indicator.name}\n（{plain(node.weight)}分）", rowspan=span, repeat=True)


def _subtotal(node: Scored, span: int, row: int) -> Cell:
    if waiting(node):  # no SUM either: a spreadsheet would count the empty score as 0
        return Cell(UNFINISHED, rowspan=span)
    return number(node.score, pts(node.score), SCORE_FORMAT, rowspan=span,
                  total=Sum(SCORE_COL, row, row + span - 1))


def _leaf_cells(leaf: Scored) -> tuple[Cell, ...]:
    ind = leaf.indicator
    return (
        Cell(ind.name, align="left"),
        number(ind.weight, plain(ind.weight)),
        Cell(ind.description, align="left"),
        Cell(ind.criterion, align="left"),
        Cell(ind.benchmark),
        Cell(leaf.actual),
        Cell(UNSCORED) if waiting(leaf) else number(leaf.score, pts(leaf.score), SCORE_FORMAT),
    )


def _total_row(result: Result, last: int) -> tuple[Cell, ...]:
    weight = sum((r.weight for r in result.roots), ZERO)
    return (
        Cell("总分", colspan=3, bold=True),
        number(weight, plain(weight), total=Sum(WEIGHT_COL, HEADER_ROWS, last), bold=True),
        Cell("—", colspan=4),
        number(result.total, pts(result.total), SCORE_FORMAT, total=Sum(SCORE_COL, HEADER_ROWS, last), bold=True),
        Cell(""),
        number(result.total, pts(result.total), SCORE_FORMAT, total=Sum(LEVEL1_SCORE_COL, HEADER_ROWS, last),
               bold=True),
    )


def _unfinished_total_row(result: Result, last: int) -> tuple[Cell, ...]:
    weight = sum((r.weight for r in result.roots), ZERO)
    return (
        Cell("总分", colspan=3, bold=True),
        number(weight, plain(weight), total=Sum(WEIGHT_COL, HEADER_ROWS, last), bold=True),
        Cell("—", colspan=4),
        Cell(UNFINISHED, bold=True),
        Cell(""),
        Cell(UNFINISHED, bold=True),
    )


# The leaves not scored yet (尚未评分的指标), in a draft ----------------------------------------


def unscored_table(result: Result) -> Table:
    """序号 / 一级指标 / 三级指标 / 权重 / 未评分的原因: what a draft waits for (a sheet of its own)."""
    columns = (Column("序号", 4), Column("一级指标", 6), Column("三级指标", 12), Column("权重", 4),
               Column("未评分的原因", 16))
    header = tuple(Cell(c.title, bold=True) for c in columns)
    rows = [(Cell(str(n)), Cell(leaf.path[0]), Cell(leaf.indicator.name, align="left"),
             number(leaf.weight, plain(leaf.weight)), Cell(unscored_reason(leaf, result.project), align="left"))
            for n, leaf in enumerate(result.unscored, 1)]
    return Table("尚未评分的指标", columns, (header, *rows), sheet="未评分指标")
