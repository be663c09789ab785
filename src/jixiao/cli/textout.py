"""Terminal output for the CLI: diagnostics, the scored tree, a framework's tree."""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Console
from rich.table import Table

from ..diagnostics import Diagnostic, Severity
from ..model import Framework
from ..numbers import plain, pts
from ..score import Result


def _console() -> Console:
    return Console(width=max(Console().width, 110), highlight=False)


def echo_diagnostics(diags: Sequence[Diagnostic]) -> None:
    """Print every diagnostic to stderr as ``file:line:col: [code] 级别：消息（建议）``."""
    for diag in diags:
        click.echo(diag.format(), err=True)
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = sum(d.severity is Severity.WARNING for d in diags)
    if errors or warnings:
        click.echo(f"共 {errors} 个错误，{warnings} 个警告。", err=True)


def print_result(result: Result, explain: bool, partial: bool) -> None:
    info = result.project.info
    table = Table(title=f"{info.name}（{info.year}年度）绩效评价得分", title_justify="left")
    for header, justify in (("指标", "left"), ("权重", "right"), ("实际完成值", "right"), ("得分", "right")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for scored in result.walk():
        indent = "  " * (len(scored.path) - 1)
        name = f"{indent}{scored.indicator.name}"
        style = "bold" if scored.children else None
        table.add_row(name, plain(scored.weight), scored.actual, f"{scored.score:.2f}", style=style)
    console = _console()
    console.print(table)
    if partial:
        console.print("[bold red]存在错误，以上得分不完整，请先修正上面列出的问题。[/]")
    console.print(f"总分：[bold]{result.total:.2f}[/] 分　评价等级：[bold]{result.grade}[/]")
    _print_losses(result, explain)


def _print_losses(result: Result, explain: bool) -> None:
    leaves = [s for s in result.leaves() if explain or s.score < s.weight or s.override]
    if not leaves:
        return
    # click.echo, not rich: long Chinese lines must not be re-wrapped mid-word.
    click.echo("\n计分说明：" if explain else "\n失分说明：")
    for scored in leaves:
        lost = scored.weight - scored.score
        head = f"{scored.indicator.name}（得 {pts(scored.score)} 分" + (f"，扣 {pts(lost)} 分）" if lost else "）")
        click.echo(f"• {head}")
        lines = scored.explanation if explain else [x for x in scored.explanation if x.startswith(("扣", "评价人"))]
        for line in lines:
            click.echo(f"    {line}")


def print_framework(framework: Framework) -> None:
    table = Table(title=f"{framework.title or framework.name}", title_justify="left")
    for header in ("指标", "权重", "评分规则", "标杆值"):
        table.add_column(header)
    for path, node in framework.walk():
        rule = node.rule.kind if node.rule else ""
        if node.measure:
            rule += f"（{node.measure}）"
        table.add_row("  " * (len(path) - 1) + node.name, plain(node.weight), rule, node.benchmark)
    _console().print(table)
    grades = "，".join(f"{b.name} ≥{plain(b.minimum)}" for b in framework.grades)
    _console().print(f"一级指标权重合计 {plain(framework.total_weight)}；等级：{grades}")
