"""``jixiao review`` and ``jixiao import``: library calls (:func:`jixiao.pipeline.review`) plus printing."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import click

from .. import pipeline
from ..audit import CheckRegistry, default_checks
from ..diagnostics import has_errors, os_reason
from ..numbers import points
from ..review import Review, judgements
from ..review.batch import (
    SUMMARY_SUFFIXES,
    Outcome,
    collect,
    outcomes,
    review_many,
    short_names,
    shorten,
    signed,
    sort_rows,
    tally,
    write_summary,
)
from ..rules import RuleRegistry, default_registry
from ..web.clicktext import Command
from .textout import echo_diagnostics

REPORT = click.Path(path_type=Path, dir_okay=False)
OPINION_SUFFIXES = (".html", ".htm", ".docx", ".pdf")


def _existing(path: Path) -> None:
    if not path.exists():
        raise click.UsageError(f"找不到文件：{path}")


class Jobs(click.ParamType[int]):
    """A positive number of processes, refused in Chinese (click's own messages are English)."""

    name = "N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and value >= 1:
            return value
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)
        raise click.UsageError(f"-j/--jobs 必须是正整数（同时复核的进程数），不能是“{value}”", ctx)


class Points(click.ParamType[Decimal]):
    """Points, exact: ``0.5`` (a tolerance), refused in Chinese."""

    name = "分"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Decimal:
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            number = Decimal(-1)
        if number.is_finite() and 0 <= number <= 100:
            return number
        raise click.UsageError(f"--tolerance 应为 0 到 100 之间的分数（如 0.5），不能是“{value}”", ctx)


class Day(click.ParamType[dt.date]):
    """A date written 2026-12-01, refused in Chinese."""

    name = "日期"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise click.UsageError(f"--date 应写成“年-月-日”的形式（如 2026-12-01），不能是“{value}”", ctx) from None


class Finding(click.ParamType[int]):
    """The number of a finding as the review printed it."""

    name = "序号"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)
        raise click.UsageError(f"--dismiss 应为复核结果中问题的序号（如 3），不能是“{value}”", ctx)


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="文件或文件夹…")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（复核多个文件时为一个列表）。")
@click.option("-o", "--output", type=REPORT, help="把复核意见写入文件（.html、.docx 或 .pdf；只用于复核单个文件）。")
@click.option("--issuer", default="", metavar="单位", help="复核意见的落款单位（如 某区财政局）；不写时留出手写落款的横线。")
@click.option("--number", default="", metavar="文号", help="复核意见的文号（如 某财绩〔2026〕12号），印在标题下方。")
@click.option("--date", "issued", type=Day(), metavar="日期", help="复核意见的成文日期，写成 2026-12-01；默认今天。")
@click.option("--summary", type=REPORT, help="把复核汇总表写入文件（.xlsx 或 .html），每份文件一行。")
@click.option("-j", "--jobs", type=Jobs(), metavar="N",
              help="同时复核的进程数（默认：CPU 核数与文件数中较小者）。")
@click.option("--tolerance", type=Points(), default="0", metavar="分",
              help="所列得分与复算得分相差不超过此分数时视为四舍五入（只作提示），默认 0。")
@click.option("--annotate", type=REPORT, help="写出带批注的副本（PDF 高亮加批注、Word 批注；只用于单个 .pdf 或 .docx 文件）。")
@click.option("--dismiss", type=Finding(), help="把第 N 项问题标记为不适用（须同时用 --reason 写明理由），下次复核同一文件时不再列出。")
@click.option("--reason", help="--dismiss 的理由。")
def review(files: tuple[Path, ...], as_json: bool, output: Path | None, issuer: str, number: str,
           issued: dt.date | None, summary: Path | None, jobs: int | None, tolerance: Decimal,
           annotate: Path | None, dismiss: int | None, reason: str | None) -> None:
    """复核评价报告或自评表（.txt/.html/.docx/.xlsx/.pdf 或项目文件）：复算得分并列出发现的问题。

    可以给出一个或多个文件，也可以给出文件夹（复核其中所有支持的文件）。"""
    if not files:
        raise click.UsageError("请给出要复核的文件或文件夹，例如：jixiao review 报告.docx")
    if output is not None and output.suffix.lower() not in OPINION_SUFFIXES:
        raise click.UsageError("复核意见只能写成 .html、.docx 或 .pdf 文件")
    if output is not None and output.suffix.lower() == ".pdf":
        _check_pdf()
    _check_summary(summary)
    single = len(files) == 1 and not files[0].is_dir()
    _check_single(single, files[0], annotate, dismiss, reason)
    if single:
        _review_one(files[0], as_json, output, summary,
                    Options(tolerance, annotate, dismiss, reason, Issue(issuer.strip(), number.strip(), issued)))
    if output is not None:
        raise click.UsageError("-o 只能用于复核单个文件；复核多个文件时，请用 --summary 写出复核汇总表（.xlsx 或 .html）")
    _review_batch(files, as_json, summary, jobs, tolerance)


@dataclass(frozen=True)
class Issue:
    """Who issues the opinion, its number and its date (None: today)."""

    issuer: str = ""
    number: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Options:
    tolerance: Decimal
    annotate: Path | None
    dismiss: int | None
    reason: str | None
    issue: Issue = Issue()


def _check_single(single: bool, first: Path, annotate: Path | None, dismiss: int | None, reason: str | None) -> None:
    if (annotate is not None or dismiss is not None) and not single:
        raise click.UsageError("--annotate 和 --dismiss 只能用于复核单个文件")
    if dismiss is not None and not (reason or "").strip():
        raise click.UsageError("用 --dismiss 排除一项问题时，请用 --reason 写明理由")
    if reason is not None and dismiss is None:
        raise click.UsageError("--reason 须与 --dismiss 一起使用")
    if annotate is not None and first.suffix.lower() not in (".pdf", ".docx"):
        raise click.UsageError("只有 .pdf 和 .docx 文件可以写出批注副本")
    if annotate is not None and annotate.suffix.lower() != first.suffix.lower():
        raise click.UsageError(f"批注副本应与原文件同一格式（{first.suffix.lower()}）")
    if annotate is not None and not annotate.parent.is_dir():
        raise click.UsageError(f"批注副本所在的文件夹不存在：{annotate.parent}")


def _check_pdf() -> None:
    """Before any review: a PDF opinion needs WeasyPrint, as a PDF report does."""
    from ..report.to_pdf import check

    if why := check():
        raise click.UsageError(f"无法写出 PDF 复核意见：{why}")


def _check_summary(summary: Path | None) -> None:
    """Before any review: a bad summary path found after an hour of reviewing would waste the hour."""
    if summary is None:
        return
    if summary.suffix.lower() not in SUMMARY_SUFFIXES:
        raise click.UsageError("复核汇总表只能写成 .xlsx 或 .html 文件")
    if not summary.parent.is_dir():
        raise click.UsageError(f"复核汇总表所在的文件夹不存在：{summary.parent}")


def _review_one(report: Path, as_json: bool, output: Path | None, summary: Path | None, options: Options) -> NoReturn:
    _existing(report)
    rules, checks = default_registry(), default_checks()
    result = pipeline.review(report, rules, checks, options.tolerance)
    if options.dismiss is not None:
        result = _dismiss(report, result, options.dismiss, options.reason or "", rules, checks, options.tolerance)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        if result.parts:
            click.echo(f"{report.name} 中有 {len(result.every)} 份自评表，逐份复核如下。")
        first = 1
        for part in result.every:  # the findings numbered on through the file, as --dismiss counts them
            echo_diagnostics(part.diagnostics)
            _print(part, first)
            first += len(part.findings)
    if output is not None:
        _write_opinions(result, output, options.issue, as_json)
    if summary is not None:
        _write_summary(outcomes(str(report), result), summary, as_json)
    if options.annotate is not None:
        _annotate(report, result, options.annotate, as_json)
    sys.exit(1 if any(part.failed for part in result.every) else 0)


def _write_opinions(result: Review, output: Path, issue: Issue, as_json: bool) -> None:
    """One opinion a form: the first at ``output``, the file's other forms beside it (意见-第2份.pdf)."""
    from ..review.render import write_opinion

    output.parent.mkdir(parents=True, exist_ok=True)  # as `jixiao report -o` does: the folder is made
    for k, part in enumerate(result.every, 1):
        path = output if k == 1 else output.with_name(f"{output.stem}-第{k}份{output.suffix}")
        write_opinion(part, path, issuer=issue.issuer, number=issue.number, date=issue.date)
        click.echo(f"已写出复核意见：{path}", err=as_json)


def _dismiss(report: Path, result: Review, number: int, reason: str, rules: RuleRegistry, checks: CheckRegistry,
             tolerance: Decimal) -> Review:
    findings = [f for part in result.every for f in part.findings]
    if number > len(findings):
        raise click.UsageError(f"复核结果中只有 {len(findings)} 项问题，没有第 {number} 项")
    finding = findings[number - 1]
    judgements.dismiss(judgements.store_for(report), report, finding, reason)
    click.echo(f"已把第 {number} 项问题（[{finding.code}] {shorten(finding.message, 40)}）标记为不适用，"
               f"理由：{reason.strip()}；记录在 {judgements.store_for(report)}", err=True)
    return pipeline.review(report, rules, checks, tolerance)


def _annotate(report: Path, result: Review, out: Path, as_json: bool) -> None:
    from ..review.annotate import Note, UnreadableReport, annotate, note_place

    notes = [Note(loc.quote, f"[{f.grade}] {f.message}（建议：{f.fix}）", **note_place(str(loc.source)))  # type: ignore[arg-type]
             for part in result.every for f in part.findings for loc in f.locations[:1]]
    try:
        made = annotate(report, notes, out)
    except OSError as err:
        click.echo(f"无法写出批注副本 {out}：{os_reason(err)}", err=True)
        sys.exit(1)
    except (UnreadableReport, ValueError) as err:
        click.echo(f"无法写出批注副本：{err}", err=True)
        sys.exit(1)
    unplaced = f"；{len(made.unplaced)} 项未能定位到原文，已汇总在第一页的批注中" if made.unplaced else ""
    click.echo(f"已写出批注副本：{out}（{made.placed} 处批注{unplaced}）", err=as_json)


def _review_batch(paths: tuple[Path, ...], as_json: bool, summary: Path | None, jobs: int | None,
                  tolerance: Decimal) -> NoReturn:
    files, diags = collect(paths)
    echo_diagnostics(diags)
    if not files:
        raise click.UsageError("没有找到可以复核的文件")
    workers = jobs or min(os.cpu_count() or 1, len(files))
    try:
        reviewed = _with_progress(files, workers, tolerance)
    except KeyboardInterrupt:
        click.echo("复核已中断，未输出结果，也未写出汇总表。", err=True)
        sys.exit(130)
    rows = sort_rows(reviewed)
    if as_json:
        click.echo(json.dumps([o.to_json() for o in reviewed], ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    if summary is not None:
        _write_summary(rows, summary, as_json)
    sys.exit(1 if has_errors(diags) or any(o.failed for o in reviewed) else 0)


def _with_progress(files: list[Path], workers: int, tolerance: Decimal) -> list[Outcome]:
    """Review with a progress bar on stderr (only on a terminal: a log or a pipe gets no bar)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (TextColumn("复核中"), BarColumn(), MofNCompleteColumn(), TextColumn("剩余"), TimeRemainingColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task("", total=len(files))

        def advance(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, description=name)

        return review_many(files, workers=workers, tolerance=tolerance, progress=advance)


TABLE_HEADERS = ("文件", "所报", "复算", "差异", "错误", "警告", "最严重问题")
RIGHT = frozenset({1, 2, 3, 4, 5})


def _print_table(rows: list[Outcome]) -> None:
    """One line a document, the ones that need a human first, then the tally."""
    from rich.cells import cell_len

    lines = [TABLE_HEADERS, *(_table_line(o, name) for o, name in zip(rows, short_names(rows), strict=True))]
    widths = [max(cell_len(line[i]) for line in lines) for i in range(len(TABLE_HEADERS) - 1)]
    for line in lines:
        cells = [_pad(text, widths[i], i in RIGHT) for i, text in enumerate(line[:-1])]
        click.echo("  ".join([*cells, line[-1]]))
    click.echo(tally(rows))


def _table_line(o: Outcome, name: str) -> tuple[str, ...]:
    stated = f"{o.stated:.2f}" if o.stated is not None else "" if o.unread or o.error else "未写明"
    return (name, stated, o.recomputed_text, signed(o.difference), str(o.errors), str(o.warnings),
            _worst(o))


def _worst(o: Outcome) -> str:
    if o.error:
        return "复核时程序出错，需人工复核"
    if o.unread:
        also = f"；另有{o.top_grade}：{shorten(o.top_message, 24)}" if o.top_grade else ""
        return "未能读出评分表" + (f"（{shorten(o.reason, 30)}）" if o.reason else "") + also
    if o.top_grade:
        return f"{o.top_grade}：{shorten(o.top_message, 36)}"
    return f"另有 {o.left} 张指标表未复核" if o.left else "未发现问题"


def _pad(text: str, width: int, right: bool) -> str:
    from rich.cells import cell_len

    space = " " * (width - cell_len(text))
    return space + text if right else text + space


def _write_summary(rows: list[Outcome], path: Path, as_json: bool) -> None:
    try:
        write_summary(rows, path)
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    except OSError as err:
        click.echo(f"无法写出复核汇总表 {path}：{os_reason(err)}", err=True)
        sys.exit(1)
    click.echo(f"已写出复核汇总表：{path}", err=as_json)


def _print(result: Review, first: int = 1) -> None:
    """The review as text, its findings numbered from ``first`` (a file's forms number on)."""
    s = result.subject
    stated = s.text_total or s.table_total if s else None
    click.echo(f"复核：{result.file}")
    if result.imported is not None and not result.rows():
        # Nothing was read: a score of 0 and "no findings" would both be false reassurance. What
        # was read around the table (the funds block of a form) may still carry findings.
        if not result.findings:
            click.echo("未能从报告中读出评分表，无法复算和复核；请先处理上面列出的问题。")
            return
        click.echo("未能从报告中读出评分表，无法复算总分；以下是对已读出部分（如资金栏）的复核。")
        _print_findings(result, first)
        return
    if stated is not None:
        grade = f"，等级“{s.grade.text}”" if s and s.grade else ""
        click.echo(f"报告所列总分：{stated.text} 分{grade}")
    if result.result is not None:
        click.echo(_rescored_line(result))
    if not result.findings:
        click.echo("未发现问题。")
    _print_findings(result, first)


def _print_findings(result: Review, first: int) -> None:
    for number, finding in enumerate(result.findings, first):
        click.echo(f"\n{number}. [{finding.code}] {finding.grade}：{finding.message}")
        for loc in finding.locations:
            click.echo(f"   {loc.source}：{loc.quote}")
        click.echo(f"   建议：{finding.fix}")
    if result.dismissed:
        click.echo(f"\n已排除（复核人判断不适用）的问题 {len(result.dismissed)} 项：")
    for finding, judgement in result.dismissed:
        click.echo(f"- [{finding.code}] {shorten(finding.message, 60)}\n  理由：{judgement.reason}（{judgement.date}）")


def _rescored_line(result: Review) -> str:
    """The recomputed total, saying how much of it is the document's own figures — never a total
    with holes in it."""
    total, stated = result.rescored_total, result.taken_as_stated
    if total is None:
        return f"复算总分：未复算（{result.why_not_rescored}）；已读出的指标见下"
    note = ""
    if stated:
        names = "、".join(stated[:5]) + ("等" if len(stated) > 5 else "")
        note = f"（其中 {len(stated)} 个指标未复算，按文件所列得分计入：{names}）"
    return f"复算总分：{points(total)} 分，等级“{result.rescored_grade}”{note}"


@click.command(cls=Command, name="import")
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
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(imported.yaml, encoding="utf-8")
    click.echo(f"已生成项目文件：{output}（{sum(1 for _ in imported.report.leaves())} 个三级指标）\n"
               f"运行 jixiao score {output} 查看复算得分")
