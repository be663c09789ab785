"""The ``jixiao`` command: a thin shell over the library. Every command is one call of
:mod:`jixiao.pipeline` (whose error policy it follows) plus printing; messages are Chinese.
Exit status: 0 fine, 1 problems in the user's data, 2 usage."""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import click

from .. import frameworks as fw
from .. import pipeline
from ..diagnostics import Diagnostic, Source, has_errors
from ..rules import RuleRegistry, default_registry
from ..templates import project_template
from ..web.cli import db, serve, users_group
from ..web.clicktext import Group
from ..yamlsrc import Scalar
from . import forms, report, review
from .textout import echo_diagnostics, print_framework, print_result

PROJECT_FILE = click.Path(path_type=Path, dir_okay=False)


def _registry() -> RuleRegistry:
    return default_registry()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao", message="jixiao %(version)s", help="显示版本号并退出。")
def main() -> None:
    """jixiao：项目支出绩效评价工具。用 jixiao 命令 --help 查看各命令的用法。"""


def _existing(file: Path) -> Path:
    if not file.exists():
        raise click.UsageError(f"找不到项目文件：{file}")
    return file


def _exit_for(diags: Sequence[Diagnostic]) -> None:
    if has_errors(diags):
        sys.exit(1)


@main.command()
@click.argument("file", type=PROJECT_FILE)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("--set", "sets", multiple=True, metavar="路径=值",
              help="本次运行临时修改输入，如 --set funds.spent=55（可多次使用）。")
@click.option("--explain", is_flag=True, help="列出每个指标的完整计分说明。")
def score(file: Path, as_json: bool, sets: tuple[str, ...], explain: bool) -> None:
    """计算项目文件 FILE 的各级指标得分、总分和等级。"""
    evaluation = pipeline.evaluate(_existing(file), _registry(), sets)
    if as_json:
        click.echo(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2))
    else:
        echo_diagnostics(evaluation.diagnostics)
        if evaluation.result is not None:
            print_result(evaluation.result, explain, partial=not evaluation.complete)
    _exit_for(evaluation.diagnostics)


@main.command()
@click.argument("file", type=PROJECT_FILE)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def check(file: Path, as_json: bool) -> None:
    """只检查项目文件 FILE（格式、指标体系、权重、事实），不打分。"""
    diags = list(pipeline.load(_existing(file), _registry()).diagnostics)
    if as_json:
        click.echo(json.dumps({"ok": not has_errors(diags), "diagnostics": [d.to_json() for d in diags]},
                              ensure_ascii=False, indent=2))
    else:
        echo_diagnostics(diags)
        if not has_errors(diags):
            click.echo(f"检查通过：{file}")
    _exit_for(diags)


@main.command()
@click.argument("name", required=False)
def rules(name: str | None) -> None:
    """列出可用的评分规则类型；给出 NAME 时显示该类型的说明和示例。"""
    from ..rules.catalogue import example_fields, text_lines

    registry = _registry()
    if name is None:
        for kind in registry:
            click.echo(f"{kind.name:<14}{kind.title}（事实：{', '.join(f.key for f in example_fields(kind))}）")
        click.echo("\n用 jixiao rules 类型名 查看说明和示例。")
        return
    found = registry.get(name)
    if found is None:
        raise click.UsageError(f"没有名为“{name}”的评分规则类型；可用：{'、'.join(registry.names())}")
    click.echo(f"{found.name}（{found.title}）\n\n{found.help}\n\n事实（按示例的规则）：\n"
               f"{text_lines(example_fields(found, shared=True))}\n\n示例：\n{found.example}")


@main.command()
@click.argument("name", required=False)
def frameworks(name: str | None) -> None:
    """列出内置指标体系；给出 NAME（内置名或文件路径）时显示其指标树。"""
    registry = _registry()
    if name is None:
        for builtin in fw.builtin_names():
            diags: list[Diagnostic] = []
            framework = fw.load_framework(_scalar(builtin), Path.cwd(), registry, diags)
            click.echo(f"{builtin:<22}{framework.title if framework else ''}")
        click.echo("\n用 jixiao frameworks 名称 查看指标树。")
        return
    diags = []
    framework = fw.load_framework(_scalar(name), Path.cwd(), registry, diags)
    echo_diagnostics(diags)
    if framework is None:
        sys.exit(1)
    print_framework(framework)
    _exit_for(diags)


def _scalar(value: str) -> Scalar:
    return Scalar(value, Source("命令行"))


@main.command()
@click.argument("file", type=PROJECT_FILE)
@click.option("--framework", "framework_name", required=True, help="内置指标体系名称或指标体系文件路径。")
@click.option("--force", is_flag=True, help="覆盖已存在的文件。")
def init(file: Path, framework_name: str, force: bool) -> None:
    """按指标体系生成一个待填写的项目文件 FILE。"""
    if file.exists() and not force:
        raise click.UsageError(f"{file} 已存在；如要覆盖请加 --force")
    registry = _registry()
    diags: list[Diagnostic] = []
    base = file.parent if file.parent.exists() else Path.cwd()
    framework = fw.load_framework(_scalar(framework_name), base, registry, diags)
    if framework is None or has_errors(diags):
        echo_diagnostics(diags)
        sys.exit(1)
    file.write_text(project_template(framework, framework_name, registry), encoding="utf-8")
    click.echo(f"已生成项目文件：{file}\n请填写其中的项目信息、资金、绩效目标和各指标的事实，然后运行 jixiao score {file}")


def run() -> None:
    """Entry point that turns an unexpected crash into a short Chinese message."""
    try:
        main(standalone_mode=True)
    except Exception:  # a bug, not bad input: say so plainly
        if os.environ.get("JIXIAO_DEBUG"):
            raise
        click.echo("jixiao 内部错误，请将以下信息反馈给开发者：\n" + traceback.format_exc(limit=3), err=True)
        sys.exit(3)


# The commands of the other stages, one module each beside this one (the web's in jixiao.web.cli);
# each imports its heavy libraries inside the command function so `jixiao --help` stays fast.
main.add_command(report.report)
main.add_command(serve)
main.add_command(db)
main.add_command(users_group)
main.add_command(forms.monitor)
main.add_command(forms.self_eval, "self-eval")
main.add_command(review.review)
main.add_command(review.import_report, "import")
