"""Metrics computed from work records and bound to indicators; each case worked by hand."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from jixiao import Project, RuleRegistry, load_project_text
from jixiao.evidence.metrics import compute_metric
from jixiao.rules.base import RuleError

from .conftest import codes, load

PROJECT = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 50, arrived: 50, spent: 48}
framework:
  indicators:
    - name: 产出
      weight: 60
      children:
        - {name: 日志分析次数, weight: 20, rule: {kind: completion, label: 日志分析次数, target: 12, unit: 次}}
        - {name: 月报及时率, weight: 20, rule: {kind: timeliness, label: 月报及时率, deadline: 次月10日前}}
        - {name: 故障报告及时率, weight: 20, rule: {kind: timeliness, label: 故障报告及时率, deadline: 5个工作日内}}
    - name: 效益
      weight: 40
      children:
        - {name: 故障响应时间, weight: 40, rule: {kind: reverse, target: 2, unit: 小时}}
evidence:
  records: [records.csv]
  metrics:
    日志分析: {kind: count, where: {kind: 日志分析}, unit: 次}
    月报: {kind: on_time, where: {kind: 运维月报}, deadline: 次月10日前, from: period_end}
    故障报告: {kind: on_time, where: {kind: 故障}, deadline: 5个工作日内, from: solved}
    响应: {kind: max, where: {kind: 故障}, from: reported, to: responded, unit: 小时}
facts:
  日志分析次数: {metric: 日志分析}
  月报及时率: {metric: 月报}
  故障报告及时率: {metric: 故障报告}
  故障响应时间: {metric: 响应}
"""

# Nine log analyses; the November report on time, December's a day late (due 10 January 2024);
# two faults solved on 28 September 2023: one report on the 5th working day after (11 October, with
# the make-up working days of 7-8 October counted), one on the 6th; responses after 2 and 3 hours.
RECORDS = "日期,系统,类型,报告时间,响应时间,解决时间,提交时间,所属期\n" + "".join(
    f"2023-{m:02d}-20,甲,日志分析,,,,,\n" for m in range(1, 10)) + """\
2023-12-08,甲,运维月报,,,,2023-12-08 09:00,2023-11
2024-01-11,甲,运维月报,,,,2024-01-11 09:00,2023-12
,甲,故障,2023-09-28 10:15,2023-09-28 12:15,2023-09-28 15:55,2023-10-11 09:30,
,甲,故障,2023-09-28 10:00,2023-09-28 13:00,2023-09-28 15:00,2023-10-12 09:00,
"""


def scored(tmp_path: Path, registry: RuleRegistry, records: str = RECORDS, project: str = PROJECT):  # type: ignore[no-untyped-def]
    (tmp_path / "records.csv").write_text(records, encoding="utf-8")
    return load(project, registry, tmp_path)


def project_of(tmp_path: Path, registry: RuleRegistry, records: str = RECORDS) -> Project:
    (tmp_path / "records.csv").write_text(records, encoding="utf-8")
    loaded = load_project_text(textwrap.dedent(PROJECT), "项目.yaml", registry, tmp_path)
    assert loaded.project is not None
    return loaded.project


def test_scores_come_from_the_records(tmp_path: Path, registry: RuleRegistry) -> None:
    result, diags = scored(tmp_path, registry)
    assert diags == []
    assert result is not None
    # 20 × 9/12 = 15; 1 of 2 reports on time: 20 × 50% = 10; likewise 10; 40 × (2×2 − 3) ÷ 2 = 20.
    assert [(s.indicator.name, s.actual, f"{s.score:.2f}") for s in result.leaves()] == [
        ("日志分析次数", "9次", "15.00"), ("月报及时率", "50%", "10.00"), ("故障报告及时率", "50%", "10.00"),
        ("故障响应时间", "3小时", "20.00")]


def test_the_explanation_names_the_records_and_the_late_ones(tmp_path: Path, registry: RuleRegistry) -> None:
    result, _ = scored(tmp_path, registry)
    assert result is not None
    reports = result.find("故障报告及时率")
    assert reports is not None
    assert ("实际值：按期 1 件 ÷ 应完成 2 件（类型为“故障”，期限“5个工作日内”自解决时间起算；records.csv 第 13、14 行）；"
            "逾期：records.csv:14 于 2023-10-12 09:00 完成，期限 2023-10-11") in reports.explanation
    months = result.find("月报及时率")
    assert months is not None and any("records.csv:12 于 2024-01-11 09:00 完成，期限 2024-01-10" in line
                                      for line in months.explanation)
    count = result.find("日志分析次数")
    assert count is not None and any("类型为“日志分析”，2023-01-01 至 2023-12-31 内的记录 9次" in line
                                     for line in count.explanation)


def test_an_empty_ledger_counts_nothing_and_cannot_give_a_maximum(tmp_path: Path, registry: RuleRegistry) -> None:
    result, diags = scored(tmp_path, registry, records="日期,类型\n")
    assert result is not None
    assert [(s.actual, f"{s.score:.2f}") for s in result.leaves()] == [("0次", "0.00"), ("100%", "20.00"),
                                                                     ("100%", "20.00"), ("", "0.00")]
    assert [(d.code, d.message) for d in diags] == [
        ("fact-invalid", "指标“故障响应时间”无法计分：指标数据“响应”：2023-01-01 至 2023-12-31 没有同时记有"
                         "“报告时间”到“响应时间”的用时的记录")]


def test_a_malformed_row_is_reported_and_the_rest_still_count(tmp_path: Path, registry: RuleRegistry) -> None:
    result, diags = scored(tmp_path, registry, records=RECORDS.replace("2023-05-20", "2023-05-32"))
    assert result is not None
    assert [(d.code, str(d.source)) for d in diags] == [("record-invalid", "records.csv:6")]
    count = result.find("日志分析次数")
    assert count is not None and count.actual == "8次"


def test_a_fact_must_name_a_declared_metric_on_a_rule_that_takes_one_value(tmp_path: Path,
                                                                           registry: RuleRegistry) -> None:
    project = PROJECT.replace("{metric: 日志分析}", "{metric: 日志}").replace(
        "deadline: 次月10日前, from: period_end", "deadline: 尽快, from: period_end")
    _, diags = scored(tmp_path, registry, project=project)
    assert codes(diags)[:2] == ["metric-invalid", "unknown-metric"]
    assert "期限“尽快”无法识别" in diags[0].message
    assert diags[1].hint == "已声明的指标数据：响应、故障报告、日志分析"


def test_a_what_if_fact_beside_the_metric_is_scored_instead(tmp_path: Path, registry: RuleRegistry) -> None:
    result, diags = scored(tmp_path, registry, project=PROJECT.replace("{metric: 日志分析}", "{metric: 日志分析, actual: 12}"))
    assert result is not None
    assert [(d.code, d.severity.value) for d in diags] == [("metric-invalid", "info")]
    count = result.find("日志分析次数")
    assert count is not None and f"{count.score:.2f}" == "20.00"


def test_a_deadline_in_a_year_the_calendar_lacks_names_the_year(tmp_path: Path, registry: RuleRegistry) -> None:
    project = PROJECT.replace("year: 2023", "year: 2099")
    records = "类型,解决时间,提交时间\n故障,2099-03-02 10:00,2099-03-03 10:00\n"
    result, diags = scored(tmp_path, registry, records=records, project=project)
    assert result is not None
    late = [d for d in diags if "故障报告及时率" in d.message]
    assert len(late) == 1 and "records.csv:2：日历中没有2099年的节假日安排" in late[0].message


@pytest.mark.parametrize(("as_of", "count"), [("2023-01-19", "0"), ("2023-06-30", "6"), ("2023-12-31", "9")])
def test_as_of_cuts_the_ledger(tmp_path: Path, registry: RuleRegistry, as_of: str, count: str) -> None:
    project = project_of(tmp_path, registry)
    assert project.evidence is not None
    value = compute_metric(project.evidence.metrics["日志分析"], project.evidence, dt.date.fromisoformat(as_of))
    assert str(value.value) == count


def test_mid_year_a_deadline_not_yet_passed_is_not_late(tmp_path: Path, registry: RuleRegistry) -> None:
    project = project_of(tmp_path, registry)
    assert project.evidence is not None
    spec = project.evidence.metrics["故障报告"]
    # On 11 October one report is in on time; the other's deadline (11 October) is not over yet.
    assert project.evidence and compute_metric(spec, project.evidence, dt.date(2023, 10, 11)).show() == "100%"
    assert compute_metric(spec, project.evidence, dt.date(2023, 10, 12)).show() == "50%"


PERCENTILE = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 50, arrived: 50, spent: 48}
framework: {indicators: [{name: 产出, weight: 100, children: [{name: 甲, weight: 100, rule: {kind: rate}}]}]}
facts: {甲: {actual: 100%}}
evidence:
  records: [records.csv]
  metrics:
    P90: {kind: percentile, p: 90, where: {kind: 故障}, unit: 分钟}
    可用率: {kind: availability, where: {result: 服务中断}, period: {start: 2023-01-01, end: 2023-01-10}}
    支付: {kind: sum, where: {kind: 支付}}
"""


def test_percentile_availability_and_sum(tmp_path: Path, registry: RuleRegistry) -> None:
    faults = "".join(f"故障,2023-01-0{d} 09:00,2023-01-0{d} 09:{d * 10:02d},,\n" for d in range(1, 6))
    # Outages of 09:00-15:00 and 12:00-18:00 on 2 January overlap: 9 hours of 240.
    records = ("类型,报告时间,响应时间,解决时间,结果,金额,日期\n" + faults.replace(",,\n", ",,,,\n") +
               "故障,2023-01-02 09:00,,2023-01-02 15:00,服务中断,,\n故障,2023-01-02 12:00,,2023-01-02 18:00,服务中断,,\n"
               "支付,,,,,15.43,2023-04-20\n支付,,,,,15.42,2024-01-19\n")
    (tmp_path / "records.csv").write_text(records, encoding="utf-8")
    loaded = load_project_text(PERCENTILE, "项目.yaml", registry, tmp_path)
    evidence = loaded.project.evidence if loaded.project else None
    assert loaded.diagnostics == () and evidence is not None
    # Response times 10..50 minutes: the 90th percentile by nearest rank is the 5th of 5.
    assert compute_metric(evidence.metrics["P90"], evidence).show() == "50分钟"
    availability = compute_metric(evidence.metrics["可用率"], evidence)
    assert availability.show() == "96.25%" and "中断 1 段共 9 小时" in availability.how
    assert compute_metric(evidence.metrics["支付"], evidence).show() == "15.43万元"  # 2024's payment is outside


def test_a_maximum_with_no_records_is_an_error_the_scorer_reports() -> None:
    from jixiao.diagnostics import Source
    from jixiao.evidence.calendar import official_calendar
    from jixiao.evidence.spec import Evidence, MetricSpec

    spec = MetricSpec("响应", "max", Source("项目.yaml"), start="reported", end="responded")
    evidence = Evidence((), (), {"响应": spec}, official_calendar(), {}, (dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
                        Source("项目.yaml"))
    with pytest.raises(RuleError, match="没有同时记有"):
        compute_metric(spec, evidence)


def test_items_without_their_anchor_are_named_not_silently_dropped(tmp_path: Path, registry: RuleRegistry) -> None:
    result, _ = scored(tmp_path, registry, records=RECORDS.replace(",2023-11\n", ",\n"))
    assert result is not None
    months = result.find("月报及时率")
    assert months is not None and months.actual == "0%"  # only December's, which was late
    assert any(line.endswith("；1 条记录缺少所属期结束，未计入（records.csv 第 11 行）") for line in months.explanation)
