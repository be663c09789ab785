"""``jixiao review`` and ``jixiao import``: library calls plus printing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..audit import default_checks
from ..numbers import points
from ..rules import default_registry
from ..textout import echo_diagnostics
from . import Review, review_file

REPORT = click.Path(path_type=Path, dir_okay=False)


def _existing(path: Path) -> None:
    if not path.exists():
        raise click.UsageError(f"找不到文件：{path}")


@click.command()
@click.argument("report", type=REPORT)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("-o", "--output", type=REPORT, help="把复核意见写入文件（.html 或 .docx）。")
def review(report: Path, as_json: bool, output: Path | None) -> None:
    """复核评价报告 REPORT（.txt/.html/.docx/.pdf 或项目文件）：复算得分并列出发现的问题。"""
    _existing(report)
    if output is not None and output.suffix.lower() not in (".html", ".htm", ".docx"):
        raise click.UsageError("复核意见只能写成 .html 或 .docx 文件")
    result = review_file(report, default_registry(), default_checks())
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        echo_diagnostics(result.diagnostics)
        _print(result)
    if output is not None:
        from .render import write_opinion

        write_opinion(result, output)
        click.echo(f"已写出复核意见：{output}", err=as_json)
    sys.exit(1 if result.failed else 0)


def _print(result: Review) -> None:
    s = result.subject
    stated = s.text_total or s.table_total if s else None
    click.echo(f"复核：{result.file}")
    if result.imported is not None and not result.rows():
        # Nothing was read: a score of 0 and "no findings" would both be false reassurance.
        click.echo("未能从报告中读出评分表，无法复算和复核；请先处理上面列出的问题。")
        return
    if stated is not None:
        grade = f"，等级“{s.grade.text}”" if s and s.grade else ""
        click.echo(f"报告所列总分：{stated.text} 分{grade}")
    if result.result is not None:
        click.echo(_rescored_line(result))
    if not result.findings:
        click.echo("未发现问题。")
    for number, finding in enumerate(result.findings, 1):
        click.echo(f"\n{number}. [{finding.code}] {finding.grade}：{finding.message}")
        for loc in finding.locations:
            click.echo(f"   {loc.source}：{loc.quote}")
        click.echo(f"   建议：{finding.fix}")


def _rescored_line(result: Review) -> str:
    """The recomputed total, saying how much of it is the document's own figures — never a total
    with holes in it."""
    total, stated, missing = result.rescored_total, result.taken_as_stated, result.missing
    if total is None:
        names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        return f"复算总分：未复算（{len(missing)} 个指标既无法复算、文件也未列得分：{names}）"
    note = ""
    if stated:
        names = "、".join(stated[:5]) + ("等" if len(stated) > 5 else "")
        note = f"（其中 {len(stated)} 个指标未复算，按文件所列得分计入：{names}）"
    return f"复算总分：{points(total)} 分，等级“{result.rescored_grade}”{note}"


@click.command("import")
@click.argument("report", type=REPORT)
@click.option("-o", "--output", type=REPORT, help="写入的项目文件（.yaml）；不给出时打印到标准输出。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def import_report(report: Path, output: Path | None, force: bool) -> None:
    """把评价报告 REPORT（.txt/.html/.docx/.pdf）导入为 jixiao 项目文件。"""
    from ..importers import import_report as run_import

    _existing(report)
    if output is not None and output.exists() and not force:
        raise click.UsageError(f"{output} 已存在；如要覆盖请加 --force")
    imported = run_import(report, default_registry())
    echo_diagnostics(imported.diagnostics)
    if not imported.report.roots:
        sys.exit(1)
    if output is None:
        click.echo(imported.yaml, nl=False)
        return
    output.write_text(imported.yaml, encoding="utf-8")
    click.echo(f"已生成项目文件：{output}（{sum(1 for _ in imported.report.leaves())} 个三级指标）\n"
               f"运行 jixiao score {output} 查看复算得分")
