"""Checks before writing (issue 16): ``jixiao report`` runs the audit checks that read a project,
prints their findings as located warnings, marks the report 征求意见稿 while an error finding
remains, and ``--strict`` writes nothing while an error finding or a 【待填写】 part remains."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jixiao import pipeline
from jixiao.cli import main
from jixiao.rules import default_registry

from .conftest import EXAMPLE

STEM = "信息化项目运维服务费2023年度绩效评价报告"
WHAT_IF = "funds.spent=55"  # the example's goals still state 预算支出偏差率 0.32%: an error finding


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_findings_are_printed_located_before_the_paths_and_the_example_stays_final(tmp_path: Path) -> None:
    code, out, err = run("report", str(EXAMPLE), "-f", "html", "-o", str(tmp_path))
    assert code == 0
    assert f"{EXAMPLE}:28:5: [audit-finding] 警告：指标名称“保障系统运行" in err
    assert "（审核：指标名称是一句话，警告·疑似）" in err and "共 0 个错误，5 个警告。" in err
    assert out.splitlines() == ["信息化项目运维服务费：综合得分 98 分，评价等级“优”", f"已生成：{tmp_path / STEM}.html"]


def test_an_error_finding_makes_the_report_a_draft_that_says_what_remains() -> None:
    evaluation = pipeline.evaluate(EXAMPLE, default_registry(), [WHAT_IF])
    assert evaluation.complete  # the scoring is whole: only the audit finds the contradiction
    rendered = pipeline.render(evaluation, ["html"])
    assert rendered.draft and rendered.stem == f"{STEM}（征求意见稿）"
    assert [(f.code, f.severity.value) for f in rendered.findings if f.severity.value == "error"] == [
        ("rate-recomputed", "error")]
    assert [d.code for d in rendered.holds] == ["audit-finding"]
    html = rendered.outputs[0][1].decode("utf-8")
    assert "本稿为征求意见稿" in html and "项目文件中有 1 处问题待修正" in html
    assert "偏差率 = 1 − 实际支出 ÷ 实际到位 = 11.16%" in html  # listed in 三 among the problems


def test_the_cli_says_why_the_report_is_only_a_draft(tmp_path: Path) -> None:
    code, out, err = run("report", str(EXAMPLE), "-f", "html", "--set", WHAT_IF, "-o", str(tmp_path))
    assert code == 1
    assert "[audit-finding] 警告：报告称“预算支出偏差率：0.32%”" in err and "（审核：比率与金额不符，错误·确定）" in err
    assert out.splitlines()[0] == "信息化项目运维服务费：尚未完成，暂不计总分和等级（征求意见稿，审核发现 1 处错误）"
    assert [p.name for p in tmp_path.iterdir()] == [f"{STEM}（征求意见稿）.html"]


def test_strict_refuses_an_error_finding_and_writes_nothing(tmp_path: Path) -> None:
    code, out, err = run("report", str(EXAMPLE), "--strict", "--set", WHAT_IF, "-o", str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert "--strict：以下问题尚未解决，未生成任何报告：" in err
    assert err.split("--strict：")[1].count("[audit-finding]") == 1  # only the error is listed as a hold
    assert not (tmp_path / "out").exists()


def test_strict_refuses_a_part_still_to_write(tmp_path: Path) -> None:
    code, out, err = run("report", str(EXAMPLE), "--strict", "--set", "narrative.background=''", "-o",
                         str(tmp_path / "out"))
    assert code == 1 and out == ""
    assert "  " + f"{EXAMPLE}:3:1: [narrative-missing] 警告：评价报告的“项目背景”没有内容" in err
    assert not (tmp_path / "out").exists()


def test_strict_writes_the_example_whose_findings_are_only_warnings(tmp_path: Path) -> None:
    code, out, _ = run("report", str(EXAMPLE), "--strict", "-f", "html", "-o", str(tmp_path))
    assert code == 0 and out.splitlines()[-1] == f"已生成：{tmp_path / STEM}.html"
