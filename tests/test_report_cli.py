"""``jixiao report`` as a user runs it: one file, every format, many files into a folder."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.cli.report import FORMATS, _check_renderers
from jixiao.report import Renderer, RendererRegistry, default_renderers

from .conftest import EXAMPLE, ROOT
from .reportkit import TRAINING

STEM = "信息化项目运维服务费2023年度绩效评价报告"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_format_all_writes_the_four_formats_and_says_where(tmp_path: Path) -> None:
    code, out, _ = run("report", str(EXAMPLE), "--format", "all", "-o", str(tmp_path / "out"))
    assert code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"{STEM}.{s}" for s in ("docx", "html", "pdf", "xlsx")]
    assert out.startswith("信息化项目运维服务费：综合得分 98 分，评价等级“优”\n")
    assert f"已生成：{tmp_path / 'out' / STEM}.docx" in out


def test_one_format_may_be_written_to_a_named_file(tmp_path: Path) -> None:
    code, out, _ = run("report", str(EXAMPLE), "--format", "xlsx", "-o", str(tmp_path / "评分表.xlsx"))
    assert code == 0 and (tmp_path / "评分表.xlsx").stat().st_size > 0
    assert out.splitlines()[-1] == f"已生成：{tmp_path / '评分表.xlsx'}"


def test_many_files_run_in_parallel_into_one_folder(tmp_path: Path) -> None:
    training = tmp_path / "training.yaml"
    training.write_text(TRAINING, encoding="utf-8")
    code, out, err = run("report", str(EXAMPLE), str(training), "-f", "html", "-f", "docx", "-o",
                         str(tmp_path / "batch"), "--jobs", "2")
    assert code == 0, err
    assert out.count("已生成：") == 4
    assert sorted(p.name for p in (tmp_path / "batch").iterdir()) == [
        f"{STEM}.docx", f"{STEM}.html", "社区就业技能培训2024年度绩效评价报告.docx", "社区就业技能培训2024年度绩效评价报告.html"]
    assert "[narrative-missing] 警告：评价报告的“项目背景”没有内容" in err  # the training file's warnings


def test_two_projects_of_the_same_name_do_not_overwrite_each_other(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "p.yaml").write_text(TRAINING, encoding="utf-8")
    code, _, _ = run("report", str(tmp_path / "a" / "p.yaml"), str(tmp_path / "b" / "p.yaml"), "-f", "html",
                     "-o", str(tmp_path / "out"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "社区就业技能培训2024年度绩效评价报告.html", "社区就业技能培训2024年度绩效评价报告（2）.html"]


def test_a_project_with_errors_gets_no_report_and_a_located_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(TRAINING.replace("spent: 90", "spent: 九十"), encoding="utf-8")
    code, _, err = run("report", str(broken), "-o", str(tmp_path))
    assert code == 1
    assert re.search(r"broken\.yaml:\d+:\d+: \[wrong-type\] 错误", err)
    assert f"未生成报告：{broken}（请先修正上面列出的错误）" in err
    assert list(tmp_path.glob("*.docx")) == []


def test_a_project_not_complete_gets_only_a_draft_and_exit_status_1(tmp_path: Path) -> None:
    """One leaf without facts: the problem is listed, and the report is a 征求意见稿 without a total."""
    waiting = tmp_path / "training.yaml"
    waiting.write_text(TRAINING.replace("  培训班次: {actual: 10}\n", ""), encoding="utf-8")
    code, out, err = run("report", str(waiting), "-f", "html", "-o", str(tmp_path / "out"))
    assert code == 1
    assert "[fact-missing] 错误：末级指标“培训班次”没有填写事实" in err
    assert out.splitlines() == [
        "社区就业技能培训：尚未完成，暂不计总分和等级（征求意见稿，1 项指标未评分）",
        f"已生成：{tmp_path / 'out' / '社区就业技能培训2024年度绩效评价报告（征求意见稿）.html'}"]
    assert f"仅生成征求意见稿：{waiting}（修正上面列出的问题后重新生成正式报告）" in err


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("report", str(tmp_path / "无.yaml"))
    assert code == 2 and "找不到项目文件" in err


def test_the_commands_in_the_reports_page_run(tmp_path: Path) -> None:
    """Every ``$ jixiao report …`` line of docs/reports.md, writing into a temporary folder."""
    lines = [line.strip()[2:] for line in (ROOT / "docs" / "reports.md").read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("$ jixiao report")]
    assert lines
    for line in lines:
        args = shlex.split(line)[1:]
        args = [str(ROOT / a) if a.startswith("examples/") else a for a in args]
        if "-o" in args:
            out = args.index("-o") + 1
            args[out] = str(tmp_path / Path(args[out]).name)
        code, _, err = run(*args)
        assert code == 0, (line, err)


def test_a_format_this_machine_cannot_write_stops_with_a_chinese_message(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Without pango WeasyPrint cannot load: the command says so before doing any work."""
    cannot = Renderer("pdf", ".pdf", "PDF 文档", lambda doc, ctx: b"", lambda: "缺少 libpango-1.0")
    with pytest.raises(SystemExit) as stopped:
        _check_renderers(RendererRegistry((cannot,)), ("pdf",))
    assert stopped.value.code == 1
    assert "[renderer-unavailable] 错误：无法生成PDF 文档：缺少 libpango-1.0" in capsys.readouterr().err


def test_a_file_name_for_several_outputs_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run("report", str(EXAMPLE), "--format", "all", "-o", str(tmp_path / "报告.docx"))
    assert code == 2
    assert "应为输出文件夹（生成多个文件时）" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_folder_gets_a_chinese_message(tmp_path: Path) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run("report", str(EXAMPLE), "-f", "html", "-o", str(blocker / "out"))
    assert code == 1
    assert "无法写入：" in err and "请检查路径和写入权限" in err
    assert "Traceback" not in err


def test_the_command_offers_exactly_the_registered_formats() -> None:
    """--format's choices are spelled out so `jixiao --help` need not load the renderers."""
    assert tuple(default_renderers().names()) == FORMATS
