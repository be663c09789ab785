"""From a :class:`Document` to a :class:`Report`: which table is which, the indicator tree,
the goals, the money, the stated totals and grade.

The scoring table is the grid with a name column, a weight column and a score column; the goals
table the one with a target column and an actual column but no score. Level cells such as
``项目决策 (20分)`` give the 一级/二级 names and weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import ZERO, parse_number
from .document import Cell, Document, Paragraph, Value
from .figures import quantity, text_figures
from .model import Figure, GoalRow, Info, Node, Report
from .tables import Grid, grids

_LEVEL = re.compile(r"^(.*?)\s*(?:[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]|(\d+(?:\.\d+)?)\s*分)\s*$")
_TOTAL_WORDS = ("总分", "合计", "总计", "综合得分")
_TEXT_TOTAL = re.compile(r"(?:综合得分|综合评分|总得分|评价得分|自评得分|最终得分|总分)[^0-9。；]{0,6}?(\d+(?:\.\d+)?)\s*分")
_GRADE = re.compile(r"(?:评价等级|绩效等级|评级|等级)(?:为|评定为|：|:)?\s*[“\"「]?(优秀|优|良好|良|中|差)[”\"」]?")
# “某项目”项目（2023年度的实施情况）开展绩效评价 / 某项目绩效评价报告
_NAME = (re.compile(r"[“\"]([^”\"]{2,40})[”\"](?:项目)?(?:[^“”\"。，,；;（）()]{0,16}?)(?:实施|开展|进行)?(?:了)?(?:绩效)?(?:自评|评价)"),
         re.compile(r"^(.{2,40}?)(?:项目支出)?\s*(?:绩效)?(?:自评|评价)报告"))
# A budget unit's name as printed, with the code some provinces put before it (394-某区生态环境分局)
_ORGAN = r"((?:\d{3,}-)?[\u4e00-\u9fff]{2,30}(?:局|委员会|办公室|联合会|中心|厅|委|部|院|街道办事处|政府|学校|医院|处|站|馆|队))"
# 某局（以下简称…）; 预算单位：某局; 对某局“某项目”项目…开展评价 (the unit just before the project it runs);
# 某局组织评价组，对“某项目”… (a unit evaluating its own project; a 财政 bureau organising one is not its unit)
_DEPT = (re.compile(_ORGAN + r"[（(]以下简称"),
         re.compile(r"(?:预算单位|项目单位|主管部门|实施单位)(?:名称)?[：:]\s*((?:\d{3,}-)?[\u4e00-\u9fff]{2,30})"),
         re.compile(_ORGAN + r"[“\"][^”\"]{2,40}[”\"](?:项目)?"),
         re.compile(r"(?:(?<![\u4e00-\u9fff])|(?=\d{3,}-))(?![^，,。]*财政)" + _ORGAN + r"(?:组织|成立|牵头)[^，,。；]{0,12}[，,]?对[“\"]"))
_YEAR = re.compile(r"(20\d\d)\s*年度")


@dataclass
class _Group:
    """A 一级 or 二级 group while the tree is assembled."""

    name: Value
    weight: Decimal | None
    children: list[_Group | Node] = field(default_factory=list)


def extract(document: Document) -> Report:
    diags: list[Diagnostic] = list(document.diagnostics)
    tables = grids(document.tables)
    scoring = next((g for g in tables if _is_scoring(g)), None)
    goals_grid = next((g for g in tables if _is_goals(g)), None)
    roots: tuple[Node, ...] = ()
    table_total = None
    if scoring is None:
        diags.append(Diagnostic("import-no-table", "没有找到指标体系评分表（需有指标名称、权重、得分三列）",
                                Source(document.file), "确认报告附有评分表；表头应含“三级指标”“权重”“得分”等字样"))
    else:
        roots, table_total = _tree(scoring, diags)
    paragraphs = document.paragraphs
    figures = (*text_figures(paragraphs), *_table_figures(tables))
    return Report(document, _info(paragraphs), roots, _goals(goals_grid) if goals_grid else (), tuple(figures),
                  table_total, _first(_TEXT_TOTAL, paragraphs), _grade(paragraphs), tuple(diags))


def _is_scoring(grid: Grid) -> bool:
    return {"weight", "score"} <= grid.roles.keys() and bool({"level3", "level1"} & grid.roles.keys())


def _is_goals(grid: Grid) -> bool:
    return {"benchmark", "actual", "level3"} <= grid.roles.keys() and "score" not in grid.roles and (
        "level1" in grid.roles or "level2" in grid.roles)


def _level(cell: Cell | None) -> tuple[Value, Decimal | None] | None:
    if cell is None or not cell.text:
        return None
    match = _LEVEL.match(cell.text)
    if match:
        return Value(match.group(1).strip(), cell.source), Decimal(match.group(2) or match.group(3))
    return Value(cell.text, cell.source), None


def _tree(grid: Grid, diags: list[Diagnostic]) -> tuple[tuple[Node, ...], Value | None]:
    roots: list[_Group] = []
    total: Value | None = None
    name_role = "level3" if "level3" in grid.roles else "level1"
    for row in grid.rows:
        first = next((c for c in row if c.text), None)
        if first is not None and any(first.text.startswith(w) for w in _TOTAL_WORDS):
            score = grid.get(row, "score")
            total = Value(score.text, score.source) if score and score.text else None
            continue
        leaf = _leaf(grid, row, name_role, diags)
        if leaf is not None:
            _place(roots, grid, row, leaf, name_role)
    return tuple(_freeze(g) for g in roots), total


def _leaf(grid: Grid, row: tuple[Cell, ...], name_role: str, diags: list[Diagnostic]) -> Node | None:
    name, weight = grid.get(row, name_role), grid.get(row, "weight")
    if name is None or not name.text:
        return None
    parsed = parse_number(weight.text) if weight is not None else None
    if weight is None or parsed is None or parsed[1]:
        diags.append(Diagnostic("import-row-unreadable", f"指标“{name.text}”的权重“{weight.text if weight else ''}”不是数字，"
                                "该行未导入", weight.source if weight else name.source,
                                "核对评分表该行；权重应为分值（如 4）", Severity.WARNING))
        return None
    cells = {role: Value(c.text, c.source) for role in ("description", "criterion", "benchmark", "actual", "score",
                                                         "weight") if (c := grid.get(row, role)) is not None}
    return Node(Value(name.text, name.source), parsed[0], True, (), cells)


def _place(roots: list[_Group], grid: Grid, row: tuple[Cell, ...], leaf: Node, name_role: str) -> None:
    """Hang the leaf under its 一级/二级 groups, creating them as they first appear."""
    siblings: list[_Group | Node] = roots  # type: ignore[assignment]
    for role in ("level1", "level2"):
        if role == name_role:
            break
        level = _level(grid.get(row, role))
        if level is None:
            continue
        name, weight = level
        group = next((g for g in siblings if isinstance(g, _Group) and g.name.text == name.text), None)
        if not name.text and siblings and isinstance(siblings[-1], _Group):
            group = siblings[-1]  # "(7分)" alone: the rest of a wrapped, merged cell
        if group is None:
            group = _Group(name, weight)
            siblings.append(group)
        elif group.weight is None and weight is not None:
            group.weight = weight
        siblings = group.children
    siblings.append(leaf)


def _freeze(item: _Group | Node) -> Node:
    if isinstance(item, Node):
        return item
    children = tuple(_freeze(c) for c in item.children)
    if item.weight is not None:
        return Node(item.name, item.weight, True, children)
    total = sum((c.weight or ZERO for c in children), ZERO)
    return Node(item.name, total, False, children)


def _goals(grid: Grid) -> tuple[GoalRow, ...]:
    rows = []
    for row in grid.rows:
        name = grid.get(row, "level3")
        if name is None or not name.text:
            continue
        level1, level2 = _level(grid.get(row, "level1")), _level(grid.get(row, "level2"))
        target, actual = grid.get(row, "benchmark"), grid.get(row, "actual")
        rows.append(GoalRow(level1[0].text if level1 else "", level2[0].text if level2 else "",
                            Value(name.text, name.source), _value(target, name), _value(actual, name)))
    return tuple(rows)


def _value(cell: Cell | None, fallback: Cell) -> Value:
    return Value(cell.text, cell.source) if cell is not None else Value("", fallback.source)


def _table_figures(tables: list[Grid]) -> list[Figure]:
    """Every row's actual value, labelled with the row's indicator name."""
    out = []
    for grid in tables:
        for row in grid.rows:
            name, actual = grid.get(row, "level3"), grid.get(row, "actual")
            if name is None or actual is None or not name.text:
                continue
            parsed = quantity(actual.text)
            if parsed is not None:
                value, is_rate, unit = parsed
                out.append(Figure(name.text, value, is_rate, unit, f"{name.text}：{actual.text}", actual.source, "table"))
    return out


def _first(pattern: re.Pattern[str], paragraphs: tuple[Paragraph, ...]) -> Value | None:
    for p in paragraphs:
        match = pattern.search(p.text)
        if match:
            return Value(match.group(1), p.source_at(match.start(1)))
    return None


def _grade(paragraphs: tuple[Paragraph, ...]) -> Value | None:
    found = _first(_GRADE, paragraphs)
    if found is None:
        return None
    return found  # as written: 优秀 stays 优秀 (the grade check reads it as 优)


def _info(paragraphs: tuple[Paragraph, ...]) -> Info:
    head = paragraphs[:12]
    quoted = _first(_NAME[0], head)  # as the report quotes it: only a year before it is not its name
    name = _trim(quoted, _YEAR_BEFORE) if quoted else _trim(_first(_NAME[1], head), _NAME_NOISE)
    department = next((v for pattern in _DEPT if (v := _first(pattern, head)) is not None), None)
    return Info(name, _trim(department, _DEPT_NOISE), _first(_YEAR, paragraphs))


_YEAR_BEFORE = re.compile(r"^20\d\d\s*年度?")
_NAME_NOISE = re.compile(r"^(?:关于)?(?:20\d\d\s*年度?)|(?:项目)?(?:项目的)?$|(?:项目)?20\d\d\s*年度?$")
# 评价机构对某局 → 某局; 某局委托单位… (a cover's next line run on into the unit's) → 某局
_DEPT_NOISE = re.compile(r"^.*?(?:对|由|受|经)(?=[\u4e00-\u9fff]{4,}$)|"
                         r"(?<=[\u4e00-\u9fff]{2})(?:委托单位|评价机构|报告日期|报告编号|项目名称|联系人|联系电话).*$")


def _trim(value: Value | None, noise: re.Pattern[str]) -> Value | None:
    """``2023年度老旧小区改造工程项目`` → ``老旧小区改造工程``; ``评价机构对某县…局`` → ``某县…局``."""
    if value is None:
        return None
    text = noise.sub("", value.text).strip()
    return Value(text, value.source) if len(text) >= 2 else value
