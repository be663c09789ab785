"""A form as the indicator tree every check reads: 预算执行率 and the 一级 → 二级 → 三级 rows.

The tree has the same shape as a report's scoring table (:class:`~jixiao.importers.model.Node`
with cells by role), so the checks written for reports (weights, totals, grades, scores above
their weight, re-scored leaves, names that are sentences) read forms unchanged. Rows that do not
apply (不适用) carry no weight and stay out of the tree.
"""

from __future__ import annotations

from decimal import Decimal

from ...diagnostics import Diagnostic, Severity
from ...numbers import HUNDRED, ZERO, round_half_up
from ..document import Document, Paragraph, Value
from ..figures import quantity, text_figures
from ..model import Figure, GoalRow, Info, Node, Report
from .model import Form, FormRow
from .words import BUDGET_PART, RESCALE, norm

ROLE_CELLS = {"target": "benchmark", "actual": "actual", "weight": "weight", "score": "score", "reason": "reason",
              "criterion": "criterion", "description": "description"}


def as_report(form: Form, document: Document, first: bool = True) -> Report:
    """The form's rows are its goals too (指标值 and 实际完成值 are the goals table of a report); its
    prose is the overall goal and the conclusion, in which figures are compared with the rows'.
    The document's own diagnostics go with its ``first`` form (a file holding several says them once)."""
    levels = _levels(form)
    # a form whose rows give no indicator leaves (no 分值 column, no row read, no table): its execution
    # part alone is no tree to sum
    roots = [r for r in (_budget(form), *levels) if r is not None] if levels else []
    header = form.header
    info = Info(_given(header.get("项目名称")), _given(header.get("主管部门")) or _given(header.get("实施单位")), form.year)
    prose = tuple(Paragraph(v.text, v.source) for v in (form.goal_expected, form.goal_actual, form.conclusion) if v)
    goals = tuple(_goal(row) for row in form.rows if row.applicable and "weight" in row.cells)
    figures = (*text_figures(prose), *_row_figures(form))
    left = tuple(Diagnostic("import-table-left", f"文件中从这里起还有一张指标表（{t.rows} 个带分值的指标）没有复核："
                            "一份文件只复核读出指标最多的那一张" if t.rows else
                            "文件中从这里起还有一张指标表，其中的指标没有读出，没有复核", t.source,
                            "把这张表单独存成一个文件，再复核一次", Severity.WARNING) for t in form.left)
    return Report(document, info, tuple(roots), goals, figures, form.total, None, form.grade,
                  (*(document.diagnostics if first else ()), *left, *_no_table(form)), form, prose)


def _no_table(form: Form) -> tuple[Diagnostic, ...]:
    """A form read without its indicator table, or with a table that gave no row, says so."""
    if form.rows:
        return ()
    whole = "提供含绩效指标表（一级/二级/三级指标、指标值、实际完成值、分值、得分）的完整自评表后再复核"
    if not form.columns:
        last = form.funds[-1].label.source if form.funds else form.source
        return (Diagnostic("import-no-table", "自评表中没有找到绩效指标表（只读出了表头和资金栏，表格可能在下一页或另一个文件里）",
                           last, whole),)
    return (Diagnostic("import-no-table", "自评表的绩效指标表中没有读出任何指标行（表格可能是图片，或各列在转换时错乱）",
                       form.table or form.source, "核对原文件的指标表；如是扫描件，请提供可复制文字的版本"),)


def _goal(row: FormRow) -> GoalRow:
    missing = Value("", row.name.source)
    return GoalRow(row.level1.text, row.level2.text, row.name, row.cells.get("target", missing),
                   row.cells.get("actual", missing))


def _row_figures(form: Form) -> list[Figure]:
    """Each row's actual as a figure; an actual written without its unit takes the target's (12 for 12个月)."""
    out = []
    for row in form.rows:
        actual = row.cells.get("actual")
        parsed = quantity(norm(actual.text)) if actual is not None else None
        if actual is None or parsed is None:
            continue
        unit = parsed[2] or (quantity(norm(row.text("target")).lstrip("≥≤=<>")) or (0, False, ""))[2]
        out.append(Figure(row.name.text, parsed[0], parsed[1], unit, f"{row.name.text}：{actual.text}", actual.source, "table"))
    return out


def _given(value: Value | None) -> Value | None:
    return value if value is not None and value.text else None


def _budget(form: Form) -> Node | None:
    line = form.total_line
    if line is None or "weight" not in line.cells:
        return None
    weight = line.number("weight")
    cells = {"weight": line.cells["weight"], "benchmark": Value("100%", line.label.source)}
    if "rate" in line.cells:
        cells["actual"] = line.cells["rate"]
    if "score" in line.cells:
        cells["score"] = line.cells["score"]
    return Node(Value(BUDGET_PART, line.label.source), weight, True, (), cells)


def _levels(form: Form) -> list[Node]:
    groups: dict[str, dict[str, list[Node]]] = {}
    firsts: dict[tuple[str, str], Value] = {}
    seen: dict[str, int] = {}
    for row in form.rows:
        if "weight" not in row.cells:
            continue
        leaf = _leaf(row, seen)
        groups.setdefault(row.level1.text, {}).setdefault(row.level2.text, []).append(leaf)
        firsts.setdefault((row.level1.text, ""), row.level1)
        firsts.setdefault((row.level1.text, row.level2.text), row.level2)
    out = []
    for level1, subgroups in groups.items():
        children = []
        for level2, leaves in subgroups.items():
            if not level2:
                children.extend(leaves)
                continue
            children.append(Node(firsts[(level1, level2)], _sum(leaves), False, tuple(leaves)))
        stated = form.level1_points.get(level1)
        weight = stated.number if stated is not None else None
        name = firsts[(level1, "")]
        if not level1:  # rows with no 一级 written: hang them at the top
            out.extend(children)
            continue
        out.append(Node(name, weight if weight is not None else _sum(children), weight is not None, tuple(children)))
    return out


def _leaf(row: FormRow, seen: dict[str, int]) -> Node:
    name = row.name.text
    seen[name] = seen.get(name, 0) + 1
    if seen[name] > 1:  # two rows of one name: keep both, told apart
        name = f"{name}（{seen[name]}）"
    cells = {ROLE_CELLS[role]: value for role, value in row.cells.items() if role in ROLE_CELLS}
    weight = row.cells["weight"].number
    return Node(Value(name, row.name.source), weight, weight is not None, (), cells, row.certain, row.applicable)


def rescaled(total: Decimal, report: Report) -> Decimal:
    """A form whose notes say 按百分制折算 and whose applicable weights do not add up to 100 (不适用
    rows left out) is scored on a hundred: total × 100 ÷ the weights that apply."""
    if not rescales(report):
        return total
    weights = sum((n.weight or ZERO for n in report.leaves()), ZERO)
    return round_half_up(total * HUNDRED / weights) if weights and weights != HUNDRED else total


def rescales(report: Report) -> bool:
    """Whether the form's notes say its total is 按百分制折算 (scored on a hundred whatever applies)."""
    return report.form is not None and any(RESCALE.search(norm(n.text)) for n in report.form.notes)


def _sum(nodes: list[Node]) -> Decimal:
    return sum((n.weight or ZERO for n in nodes), ZERO)
