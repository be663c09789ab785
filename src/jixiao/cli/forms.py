"""``jixiao monitor`` and ``jixiao self-eval``: each one call of :mod:`jixiao.pipeline` plus printing or a
form file (written whatever the verdict: each row marks what it could not compute; see the pipeline's
error policy)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .. import pipeline
from ..diagnostics import Diagnostic, has_errors
from ..forms.monitor import LIGHTS, Light, Monitoring
from ..forms.selfeval import RowKind, SelfEvalForm
from ..forms.write import Form, monitoring_form, self_eval_form, write_form
from ..numbers import percent, points
from ..rules import default_registry
from ..web.clicktext import Command
from .textout import echo_diagnostics

PROJECT_FILE = click.Path(path_type=Path, dir_okay=False)
OUTPUT_FILE = click.Path(path_type=Path, dir_okay=False)
LIGHT_STYLES = {Light.GREEN: None, Light.YELLOW: "yellow", Light.RED: "bold red", Light.NONE: "dim"}


def _existing(file: Path) -> Path:
    if not file.exists():
        raise click.UsageError(f"找不到项目文件：{file}")
    return file


def _check_output(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (".xlsx", ".docx"):
        raise click.UsageError(f"输出文件“{output}”应以 .xlsx 或 .docx 结尾")


def _finish(form: Form | None, output: Path | None, diags: Sequence[Diagnostic]) -> None:
    if form is not None and output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)  # as `jixiao report -o` does: the folder is made
        write_form(form, output)
        click.echo(f"已写出：{output}", err=True)
    if has_errors(diags):
        sys.exit(1)


def _date_option(value: str | None) -> dt.date | None:
    """A date in Chinese users' terms: the message says what to write, not a strptime format."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是有效日期，请写成 2023-07-31 的形式") from None


@click.command(cls=Command, name="monitor")
@click.argument("file", type=PROJECT_FILE)
@click.option("--as-of", "as_of", callback=lambda _c, _p, v: _date_option(v), default=None,
              help="监控日，如 2023-07-31；默认今天。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("-o", "--output", type=OUTPUT_FILE, help="写出监控表：.xlsx 或 .docx。")
def monitor(file: Path, as_of: dt.date | None, as_json: bool, output: Path | None) -> None:
    """绩效运行监控：截至 --as-of 日各项目标的完成进度、预算执行进度和预警（绿/黄/红灯）。"""
    _check_output(output)
    run = pipeline.monitor(_existing(file), default_registry(), as_of or dt.date.today())
    _answer(run, as_json, _print_monitoring)
    _finish(monitoring_form(run.output) if run.output else None, output, run.diagnostics)


def _answer(run: pipeline.Run[Any], as_json: bool, show: Callable[[Any], None]) -> None:
    """The run as JSON, or its problems and then its table on the terminal."""
    if as_json:
        click.echo(json.dumps(run.to_json(), ensure_ascii=False, indent=2))
        return
    echo_diagnostics(run.diagnostics)
    if run.output is not None:
        show(run.output)


def _print_monitoring(m: Monitoring) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{m.title}（截至 {m.as_of.isoformat()}，时间进度 {percent(m.elapsed)}）", title_justify="left")
    for header in ("类别", "指标", "年度指标值", "应达", "完成", "进度", "预警"):
        table.add_column(header)
    for i in m.items:
        progress = percent(i.progress) if i.progress is not None else ""
        table.add_row(i.group, i.name, i.target, i.expected, i.value, progress, LIGHTS[i.light],
                      style=LIGHT_STYLES[i.light])
    Console(width=max(Console().width, 130), highlight=False).print(table)
    behind = m.behind()
    click.echo(f"\n黄灯、红灯 {len(behind)} 项。" if behind else "\n全部目标进度正常。")
    for i in behind:
        click.echo(f"• {i.name}（{LIGHTS[i.light]}灯）：{i.basis}")
        if i.note:
            click.echo(f"    偏差原因：{i.note.reason}\n    纠偏措施：{i.note.measure}")


@click.command(cls=Command, name="self-eval")
@click.argument("file", type=PROJECT_FILE)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("-o", "--output", type=OUTPUT_FILE, help="写出自评表：.xlsx 或 .docx。")
def self_eval(file: Path, as_json: bool, output: Path | None) -> None:
    """绩效自评表：按绩效目标表计分（预算执行率10、产出50、效益30、满意度10）。"""
    _check_output(output)
    run = pipeline.self_evaluate(_existing(file), default_registry())
    _answer(run, as_json, _print_self_eval)
    _finish(self_eval_form(run.output) if run.output else None, output, run.diagnostics)


def _print_self_eval(form: SelfEvalForm) -> None:
    from rich.console import Console
    from rich.table import Table

    neutral = self_eval_form(form)
    table = Table(title=neutral.title, title_justify="left")
    for header in neutral.headers[:-1]:
        table.add_column(header)
    for row in neutral.rows:
        table.add_row(*row[:-1])
    Console(width=max(Console().width, 130), highlight=False).print(table)
    click.echo((f"总分：{points(form.total)} 分　自评等级：{form.grade}" if form.complete
                else "总分：未完成（有未评分的行，暂不计总分和等级）") + "\n\n计分说明：")
    for r in (form.budget, *form.rows):
        if r.kind is not RowKind.NA:
            click.echo(f"• {r.name}：{r.formula}")
