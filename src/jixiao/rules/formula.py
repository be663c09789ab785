"""公式: a local scoring rule written as arithmetic, checked and evaluated without ``eval``.

The expression may use ``weight``, the declared ``inputs`` (numbers given in the facts),
numbers (``98%`` is not allowed: write ``0.98``), ``+ - * /``, parentheses, comparisons with
``a if cond else b``, and the functions ``min``, ``max``, ``abs``. The result is kept within
0..weight.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from ..diagnostics import Diagnostic
from ..numbers import ZERO, clamp, plain, pts
from ..yamlsrc import Reader
from .base import Deduction, Evaluation, FactField, FactType, RuleError, RuleKind

FUNCTIONS: dict[str, Callable[..., Decimal]] = {"min": min, "max": max, "abs": abs}
BINARY: dict[type[ast.operator], Callable[[Decimal, Decimal], Decimal]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
COMPARE: dict[type[ast.cmpop], Callable[[Decimal, Decimal], bool]] = {
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
}


class FormulaError(Exception):
    """An expression that is not allowed; the message is for the user (Chinese)."""


def check(expr: str, names: set[str]) -> ast.Expression:
    """Parse ``expr`` and reject anything beyond plain arithmetic on known names."""
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as err:
        raise FormulaError(f"公式“{expr}”无法解析（第 {err.offset} 个字符附近）") from None
    for node in ast.walk(tree):
        _check_node(node, names)
    return tree


def _check_node(node: ast.AST, names: set[str]) -> None:
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd, ast.Constant, ast.Name,
               ast.Load, ast.Call, ast.IfExp, ast.Compare, *BINARY, *COMPARE)
    if not isinstance(node, allowed):
        raise FormulaError(f"公式中不允许使用“{type(node).__name__}”，只能使用四则运算、比较和 min/max/abs")
    if isinstance(node, ast.Constant) and (isinstance(node.value, bool) or not isinstance(node.value, int | float)):
        raise FormulaError(f"公式中只能出现数字，不能出现“{node.value!r}”")
    if isinstance(node, ast.Name) and node.id not in names and node.id not in FUNCTIONS:
        raise FormulaError(f"公式中的“{node.id}”没有定义；可用的名称：{'、'.join(sorted(names))}")
    if isinstance(node, ast.Call) and (not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS
                                       or node.keywords or not node.args):
        raise FormulaError("公式中只能调用 min、max、abs")


def evaluate_expression(tree: ast.Expression, values: Mapping[str, Decimal]) -> Decimal:
    return _eval(tree.body, values)


def _eval(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(repr(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, values)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        return BINARY[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _test(node.test, values) else node.orelse, values)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return FUNCTIONS[node.func.id](*(_eval(a, values) for a in node.args))
    raise FormulaError("公式的条件只能写在“a if 条件 else b”中")


def _test(node: ast.expr, values: Mapping[str, Decimal]) -> bool:
    if not isinstance(node, ast.Compare):
        raise FormulaError("“if”后面应是比较，例如 done >= plan")
    left = _eval(node.left, values)
    for op, right_node in zip(node.ops, node.comparators, strict=False):
        right = _eval(right_node, values)
        if not COMPARE[type(op)](left, right):
            return False
        left = right
    return True


@dataclass(frozen=True, slots=True)
class Params:
    expr: str
    tree: ast.Expression
    inputs: tuple[str, ...]


class Formula(RuleKind[Params, dict[str, Decimal]]):
    name = "formula"
    title = "公式"
    help = (
        "用四则运算写本地评分规则，如 weight * min(done / plan, 1)。可用 weight、inputs 中声明的"
        "事实名称、数字、比较与“a if 条件 else b”、min/max/abs；结果限定在0到权重之间。"
        "不使用 eval，公式中不能出现其他任何内容。"
    )
    example = """\
weight: 6
rule: {kind: formula, inputs: [done, plan], expr: "weight * min(done / plan, 1) if done > 0 else 0"}
facts: {done: 45, plan: 60}
expect: 4.5
"""

    def parse_params(self, r: Reader) -> Params | None:
        expr = r.text("expr", required=True)
        inputs = tuple(str(getattr(n, "value", "")) for n in r.seq("inputs"))
        if not expr:
            return None
        try:
            tree = check(expr, {"weight", *inputs})
        except FormulaError as err:
            r.diags.append(Diagnostic("formula-invalid", f"{r.where}：{err}", r.key_source("expr"),
                                      "参见 docs/rules.md 中 formula 的写法"))
            return None
        return Params(expr, tree, inputs)

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        return tuple(FactField(name, name, FactType.NUMBER, required=True, sample="0") for name in params.inputs)

    def parse_facts(self, r: Reader, params: Params) -> dict[str, Decimal] | None:
        values = {name: r.decimal(name, required=True) for name in params.inputs}
        found = {k: v for k, v in values.items() if v is not None}
        return found if len(found) == len(values) else None

    def describe(self, params: Params) -> str:
        return f"得分 = {params.expr}（结果在0到权重之间）。"

    def evaluate(self, params: Params, facts: dict[str, Decimal], weight: Decimal) -> Evaluation:
        values = {"weight": weight, **facts}
        try:
            raw = evaluate_expression(params.tree, values)
        except (ZeroDivisionError, DivisionByZero, InvalidOperation):
            raise RuleError(f"公式“{params.expr}”出现除以0") from None
        except FormulaError as err:
            raise RuleError(str(err)) from None
        score = clamp(raw, ZERO, weight)
        shown = "，".join(f"{k} = {plain(v)}" for k, v in values.items())
        formula = f"{params.expr}，其中 {shown}，结果 {pts(raw)}"
        if score != raw:
            formula += f"，限定在0到{plain(weight)}之间为 {pts(score)}"
        deductions = () if score == weight else (Deduction(weight - score, f"按公式计算得 {pts(score)} 分"),)
        return Evaluation(score, pts(score), formula, deductions)


KIND = Formula()
