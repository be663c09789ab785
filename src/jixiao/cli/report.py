"""``jixiao report``: write the evaluation report of one or many project files.

Each file is evaluated and rendered by :mod:`jixiao.pipeline` in the chosen formats; a file with
errors gets a draft (征求意见稿, without a total or grade: the pipeline's error policy), one that
cannot be built as a project none, and the problems of each are listed (exit status 1). The
audit's findings on each project are printed as warnings; ``--strict`` writes nothing when any
report would be a draft, or has an error finding or a 【待填写】 part (exit status 1). Several
files run in worker processes (both cores), with a progress bar; workers return the bytes and
this process writes them, so two projects of the same name never overwrite each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import pipeline
from ..diagnostics import Diagnostic, Severity, has_errors, os_reason
from ..numbers import pts
from ..rules import default_registry
from ..web.clicktext import Command
from .textout import echo_diagnostics

if TYPE_CHECKING:  # the report machinery loads when the command runs, not when the CLI starts
    from ..report.renderers import Renderer, RendererRegistry

FORMATS = ("docx", "xlsx", "html", "pdf")


@dataclass(frozen=True, slots=True)
class Job:
    file: Path
    formats: tuple[str, ...]
    sets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    file: Path
    stem: str
    outputs: tuple[tuple[str, bytes], ...]  # (suffix, content)
    diagnostics: tuple[Diagnostic, ...]
    summary: str = ""  # the project, its total and grade, as the report's conclusion states them
    draft: bool = False  # a 征求意见稿: the evaluation was not complete, or holds remain
    holds: tuple[Diagnostic, ...] = ()  # error findings and 【待填写】 warnings (pipeline.Rendered.holds)

    @property
    def failed(self) -> bool:
        return not self.outputs


def run_job(job: Job) -> Outcome:
    """Evaluate and render one project file (:mod:`jixiao.pipeline`). Runs in a worker process."""

    evaluation = pipeline.evaluate(job.file, default_registry(), job.sets)
    rendered = pipeline.render(evaluation, job.formats)
    diags = (*evaluation.diagnostics, *rendered.diagnostics)
    if rendered.refused or evaluation.result is None:
        return Outcome(job.file, "", (), diags)
    result = evaluation.result
    if rendered.draft:
        waiting = "".join(f"，{part}" for part in _what_remains(rendered, result.unscored))
        summary = f"{result.project.info.name}：尚未完成，暂不计总分和等级（征求意见稿{waiting}）"
    else:
        summary = f"{result.project.info.name}：综合得分 {pts(result.total)} 分，评价等级“{result.grade}”"
    return Outcome(job.file, rendered.stem, rendered.outputs, diags, summary, rendered.draft, rendered.holds)


def _what_remains(rendered: pipeline.Rendered, unscored: Sequence[object]) -> list[str]:
    """Why the report is a draft, briefly: the leaves not scored, else the audit's errors."""
    if unscored:
        return [f"{len(unscored)} 项指标未评分"]
    errors = sum(f.severity is Severity.ERROR for f in rendered.findings)
    return [f"审核发现 {errors} 处错误"] if errors else []


@click.command(cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "-f", "formats", multiple=True, default=("docx",), show_default=True,
              type=click.Choice([*FORMATS, "all"]), help="输出格式，可多次使用；all 表示全部四种。")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=Path("."),
              help="输出文件夹；只有一个项目文件和一种格式时，也可以是输出文件名。")
@click.option("--set", "sets", multiple=True, metavar="路径=值", help="本次运行临时修改输入（同 jixiao score）。")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="并行进程数，默认为CPU核数。")
@click.option("--strict", is_flag=True,
              help="有审核错误、【待填写】内容或只能生成征求意见稿时，不生成任何报告（退出状态 1）。")
def report(files: tuple[Path, ...], formats: tuple[str, ...], output: Path, sets: tuple[str, ...],
           jobs: int | None, strict: bool) -> None:
    """由项目文件 FILE… 生成绩效评价报告（Word、Excel、网页、PDF）。"""
    from ..report.renderers import default_renderers

    chosen = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    _check_inputs(files)
    _check_renderers(default_renderers(), chosen)
    target = _target(output, files, chosen)
    outcomes = _run([Job(f, chosen, sets) for f in files], jobs)
    if strict and _refuse(outcomes := list(outcomes)):
        sys.exit(1)
    if not _write_all(outcomes, target):
        sys.exit(1)


def _refuse(outcomes: list[Outcome]) -> bool:
    """``--strict``: print every file's problems and what holds the reports back; True (nothing to
    write) when any report would be a draft or has an error finding or a 【待填写】 part."""
    held = [o for o in outcomes if o.failed or o.draft or o.holds]
    if not held:
        return False
    for outcome in outcomes:
        echo_diagnostics(outcome.diagnostics)
    click.echo("--strict：以下问题尚未解决，未生成任何报告：", err=True)
    for outcome in held:
        reasons = [d.format() for d in outcome.holds]
        if outcome.failed or (outcome.draft and not outcome.holds):
            reasons.append(f"{outcome.file}：评价尚未完成（见上面列出的错误）")
        for reason in reasons:
            click.echo(f"  {reason}", err=True)
    return True


def _write_all(outcomes: Iterable[Outcome], target: Target) -> bool:
    """Print each file's problems and write its reports; False when any file got none or a draft."""

    all_written, taken = True, set[Path]()
    for outcome in outcomes:
        echo_diagnostics(outcome.diagnostics)
        if outcome.failed:
            all_written = False
            click.echo(f"未生成报告：{outcome.file}（请先修正上面列出的错误）", err=True)
            continue
        click.echo(outcome.summary)
        try:
            written = _write(outcome, target, taken)
        except OSError as err:  # a read-only or missing drive: the user's environment, not a bug
            click.echo(f"无法写入：{err.filename or target.folder}（{os_reason(err)}；请检查路径和写入权限）", err=True)
            return False
        for path in written:
            click.echo(f"已生成：{path}")
        if outcome.draft:
            all_written = False
            click.echo(f"仅生成征求意见稿：{outcome.file}（修正上面列出的问题后重新生成正式报告）", err=True)
    return all_written


def _check_inputs(files: tuple[Path, ...]) -> None:
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise click.UsageError(f"找不到项目文件：{'、'.join(missing)}")


def _check_renderers(renderers: RendererRegistry, chosen: tuple[str, ...]) -> None:
    """Stop before any work when a format cannot be written on this machine (e.g. no PDF engine)."""

    problems = [_unavailable(r, why) for name in chosen if (r := renderers.get(name)) and (why := r.check())]
    if "docx" in chosen or "pdf" in chosen:
        problems.extend(_font_warning())
    echo_diagnostics(problems)
    if has_errors(problems):
        sys.exit(1)


def _unavailable(renderer: Renderer, why: str) -> Diagnostic:
    return Diagnostic("renderer-unavailable", f"无法生成{renderer.title}：{why}", None,
                      "按 docs/reports.md 安装所需的程序和字体，或改用其他格式")


def _font_warning() -> list[Diagnostic]:
    from ..report.fonts import find_cjk_font

    if find_cjk_font() is not None:
        return []
    return [Diagnostic("font-missing", "本机没有中文字体，图表和 PDF 中的中文将无法显示", None,
                       "安装中文字体，如 Debian/Ubuntu：apt-get install fonts-noto-cjk", Severity.WARNING)]


@dataclass(frozen=True, slots=True)
class Target:
    folder: Path
    file: Path | None  # the exact output file, when one file in one format was asked for


def _target(output: Path, files: tuple[Path, ...], chosen: tuple[str, ...]) -> Target:
    from ..report.renderers import default_renderers

    suffixes = {r.name: r.suffix for r in default_renderers()}
    one_file = len(files) == 1 and len(chosen) == 1
    if one_file and output.suffix.lower() == suffixes[chosen[0]]:
        return Target(output.parent, output)
    if output.suffix.lower() in suffixes.values() or (output.exists() and not output.is_dir()):
        wanted = "的扩展名应与 --format 一致" if one_file else "应为输出文件夹（生成多个文件时）"
        raise click.UsageError(f"-o {output} 不合适：{wanted}")
    return Target(output, None)


def _run(jobs: list[Job], workers: int | None) -> Iterable[Outcome]:
    if len(jobs) == 1:
        return [run_job(jobs[0])]  # one file: no worker start-up cost
    return _run_parallel(jobs, workers or os.cpu_count() or 1)


def _run_parallel(jobs: list[Job], workers: int) -> list[Outcome]:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("生成报告"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    done: dict[Path, Outcome] = {}
    with Progress(*columns, transient=False) as progress, ProcessPoolExecutor(min(workers, len(jobs))) as pool:
        task = progress.add_task("report", total=len(jobs))
        futures = [pool.submit(run_job, job) for job in jobs]
        for future in as_completed(futures):
            outcome = future.result()
            done[outcome.file] = outcome
            progress.advance(task)
    return [done[job.file] for job in jobs]  # in the order given, so the output reads predictably


def _write(outcome: Outcome, target: Target, taken: set[Path]) -> list[Path]:
    target.folder.mkdir(parents=True, exist_ok=True)
    written = []
    stem = _free_stem(outcome, target, taken)
    for suffix, data in outcome.outputs:
        path = target.file or target.folder / f"{stem}{suffix}"
        path.write_bytes(data)
        taken.add(path)
        written.append(path)
    return written


def _free_stem(outcome: Outcome, target: Target, taken: set[Path]) -> str:
    """The document's name, with （2）, （3） … when an earlier project of this run took it."""
    stem, n = outcome.stem, 1
    while any(target.folder / f"{stem}{suffix}" in taken for suffix, _ in outcome.outputs):
        n += 1
        stem = f"{outcome.stem}（{n}）"
    return stem
