"""In-year monitoring: progress at the first day, mid-year and the year end, lights and reasons."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import Project, RuleRegistry, load_project_text
from jixiao.cli import main
from jixiao.forms.monitor import Monitoring, elapsed_share, expected_by, monitor
from jixiao.numbers import percent

from .conftest import EXAMPLE, ROOT

# 2023 has 365 days. A monthly inspection (12 a year), 4 trainings, uptime ≥ 99%, 4 payments.
PROJECT = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 40, arrived: 40, spent: 40}
goals:
  - {level1: 产出指标, level2: 数量指标, name: 巡检次数, target: ≥12次, actual: ""}
  - {level1: 产出指标, level2: 质量指标, name: 正常运行率, target: ≥99%, actual: ""}
  - {level1: 效益指标, level2: 社会效益指标, name: 群众诉求办理提速, target: 明显, actual: ""}
framework:
  indicators:
    - name: 产出
      weight: 100
      children:
        - {name: 培训次数, weight: 100, benchmark: 4次, rule: {kind: completion, label: 培训次数, target: 4, unit: 次}}
facts:
  培训次数: {metric: 培训}
evidence:
  records: [records.csv]
  metrics:
    巡检: {kind: count, where: {kind: 巡检}, unit: 次}
    培训: {kind: count, where: {kind: 培训}, unit: 次}
    可用率: {kind: availability, where: {kind: 中断}, from: reported, to: solved}
    支付: {kind: sum, where: {kind: 支付}}
  goals: {巡检次数: 巡检, 正常运行率: 可用率}
monitoring:
  spending: 支付
"""

# Inspections on the 5th of January to June; trainings in March and September; one 96-hour outage
# in May; payments of 10 万元 in April and July.
RECORDS = "日期,类型,报告时间,解决时间,金额\n" + "".join(f"2023-{m:02d}-05,巡检,,,\n" for m in range(1, 7)) + """\
2023-03-15,培训,,,
2023-09-15,培训,,,
,中断,2023-05-01 00:00,2023-05-05 00:00,
2023-04-20,支付,,,10
2023-07-20,支付,,,10
"""


def project(tmp_path: Path, registry: RuleRegistry, text: str = PROJECT) -> Project:
    (tmp_path / "records.csv").write_text(RECORDS, encoding="utf-8")
    loaded = load_project_text(textwrap.dedent(text), "项目.yaml", registry, tmp_path)
    assert loaded.project is not None, loaded.diagnostics
    return loaded.project


def rows(m: Monitoring) -> list[tuple[str, str, str, str, str]]:
    return [(i.name, i.expected, i.value, "" if i.progress is None else percent(i.progress), i.light) for i in m.items]


def test_on_the_first_day(tmp_path: Path, registry: RuleRegistry) -> None:
    m = monitor(project(tmp_path, registry), dt.date(2023, 1, 1))
    # 1 day of 365: 12 × 1/365 = 0.03 inspections are due, i.e. none yet in whole units; nothing paid.
    assert rows(m) == [
        ("预算执行率", "0.27%", "0%", "0%", "red"),
        ("巡检次数", "0次", "0次", "100%", "green"),
        ("正常运行率", "99%", "100%", "100%", "green"),
        ("群众诉求办理提速", "", "", "", "none"),
        ("培训次数", "0次", "0次", "100%", "green"),
    ]


def test_mid_year(tmp_path: Path, registry: RuleRegistry) -> None:
    m = monitor(project(tmp_path, registry), dt.date(2023, 7, 31))
    # 212 of 365 days = 58.08%. Inspections: 12 × 58.08% = 6.97 → 6 due, 6 done. Trainings: 4 × 58.08%
    # = 2.32 → 2 due, 1 done: 50%, red. Uptime: 96 h down of 212 × 24 = 5088 h → 98.11% < 99%: 99.10%
    # of the target, green. Paid 20 of 40 = 50% against 58.08% of the year: 86.08%, yellow.
    assert rows(m) == [
        ("预算执行率", "58.08%", "50%", "86.08%", "yellow"),
        ("巡检次数", "6次", "6次", "100%", "green"),
        ("正常运行率", "99%", "98.11%", "99.1%", "green"),
        ("群众诉求办理提速", "", "", "", "none"),
        ("培训次数", "2次", "1次", "50%", "red"),
    ]
    assert [(d.code, d.message) for d in m.diagnostics] == [
        ("monitor-reason-missing", "“预算执行率”为黄灯，未写明偏差原因和纠偏措施"),
        ("monitor-reason-missing", "“培训次数”为红灯，未写明偏差原因和纠偏措施"),
    ]


def test_at_the_year_end(tmp_path: Path, registry: RuleRegistry) -> None:
    m = monitor(project(tmp_path, registry), dt.date(2023, 12, 31))
    # Inspections stopped in June: 6 of 12, red. Trainings 2 of 4, red. 96 h of 8760 h: 98.90%.
    assert [(n, e, v, p, light) for n, e, v, p, light in rows(m) if n != "群众诉求办理提速"] == [
        ("预算执行率", "100%", "50%", "50%", "red"),
        ("巡检次数", "12次", "6次", "50%", "red"),
        ("正常运行率", "99%", "98.9%", "99.9%", "green"),
        ("培训次数", "4次", "2次", "50%", "red"),
    ]


def test_written_reasons_silence_the_warning_and_travel_with_the_item(tmp_path: Path, registry: RuleRegistry) -> None:
    text = PROJECT + """\
  notes:
    预算执行率: {reason: 第二期款7月20日支付，第三期按合同10月支付, measure: 按合同节点跟踪支付}
    培训次数: {reason: 培训安排在3月和9月, measure: 9月按计划组织培训}
"""
    m = monitor(project(tmp_path, registry, text), dt.date(2023, 7, 31))
    assert m.diagnostics == ()
    training = m.items[-1]
    assert training.note is not None and training.note.measure == "9月按计划组织培训"


def test_milestones_and_thresholds_from_the_project_file(tmp_path: Path, registry: RuleRegistry) -> None:
    text = PROJECT + """\
  thresholds: {green: 95%, yellow: 50%}
  milestones:
    培训次数: {2023-06-30: 1, 2023-09-30: 2}
  budget_plan: {2023-06-30: 25%, 2023-09-30: 50%}
"""
    m = monitor(project(tmp_path, registry, text), dt.date(2023, 7, 31))
    # Training: 1 by 30 June, 2 by 30 September: 1 + 31/92 = 1.34 → 1 due by 31 July, 1 done.
    # Budget: 25% + 25% × 31/92 = 33.42% due, 50% paid: green.
    assert rows(m)[0] == ("预算执行率", "33.42%", "50%", "100%", "green")
    assert rows(m)[-1] == ("培训次数", "1次", "1次", "100%", "green")


def test_elapsed_share_and_interpolation() -> None:
    year = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))  # 366 days
    assert f"{elapsed_share(year, dt.date(2024, 1, 1)) * 366:.0f}" == "1"
    assert elapsed_share(year, dt.date(2023, 12, 31)) == 0
    assert elapsed_share(year, dt.date(2025, 3, 1)) == 1
    value, basis = expected_by(dt_value(10), ((dt.date(2024, 3, 31), dt_value(0)),), year, dt.date(2024, 4, 30),
                               elapsed_share(year, dt.date(2024, 4, 30)))
    assert (f"{value:.2f}", basis) == ("1.09", "按进度节点（2024-12-31 应达 10）")  # 10 × 30/275


def dt_value(n: int):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    return Decimal(n)


def test_the_example_at_the_end_of_july(registry: RuleRegistry) -> None:
    result = CliRunner().invoke(main, ["monitor", str(EXAMPLE), "--as-of", "2023-07-31", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    lights = {i["name"]: i["light"] for i in data["items"]}
    assert data["elapsed"] == "58.08%"
    assert lights["预算执行率"] == "green" and lights["省一体化信访信息系统运行环境监测次数"] == "green"
    monitoring = next(i for i in data["items"] if i["name"] == "省一体化信访信息系统运行环境监测次数")
    assert (monitoring["expected"], monitoring["value"]) == ("212次", "212次")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_the_form_is_written(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"监控表{suffix}"
    result = CliRunner().invoke(main, ["monitor", str(EXAMPLE), "--as-of", "2023-12-31", "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(out).active
        assert sheet is not None
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        budget = next(r for r in cells if r[1] == "预算执行率")
        assert budget[2:7] == ["100%", "100%", "74.77%", "74.77%", "红"]
        assert budget[7] == "运维服务费按合同分四期支付，第四期在年度验收后支付。"
    else:
        from docx import Document

        table = Document(str(out)).tables[0]
        assert [c.text for c in table.rows[0].cells][:3] == ["类别", "指标", "年度指标值"]


def test_a_wrong_output_suffix_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["monitor", str(EXAMPLE), "--as-of", "2023-07-31", "-o", "form.pdf"])
    assert result.exit_code == 2 and "应以 .xlsx 或 .docx 结尾" in result.output


def documented(page: str, command: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(rf"^\$ jixiao ({command} .*)$", text, re.M)]


@pytest.mark.parametrize("line", documented("monitoring.md", "monitor") + documented("cli.md", "monitor") +
                         documented("self-eval.md", "self-eval") + documented("cli.md", "self-eval"))
def test_documented_commands_run(line: str) -> None:
    result = CliRunner().invoke(main, shlex.split(line), catch_exceptions=False)
    assert result.exit_code == 0, result.output
