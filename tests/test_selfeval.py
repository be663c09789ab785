"""The self-evaluation form's arithmetic against hand-worked cases."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from jixiao import RuleRegistry, load_project_text
from jixiao.cli import main
from jixiao.forms.selfeval import SelfEvalForm, self_evaluate

from .conftest import EXAMPLE

PROJECT = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 50, arrived: 50, spent: 48}
framework: {indicators: [{name: 产出, weight: 100, children: [{name: 甲, weight: 100, rule: {kind: rate}}]}]}
facts: {甲: {actual: 100%}}
goals:
  - {level1: 产出指标, level2: 数量指标, name: 巡检次数, target: ≥100次, actual: 90次}
  - {level1: 产出指标, level2: 时效指标, name: 故障响应时间, target: 2小时内, actual: 2.5小时}
  - {level1: 产出指标, level2: 数量指标, name: 保障系统数量, target: 3个, actual: 4个}
  - {level1: 效益指标, level2: 经济效益指标, applicable: 否}
  - {level1: 效益指标, level2: 社会效益指标, name: 诉求办理提速, target: 明显, actual: 部分达成}
  - {level1: 效益指标, level2: 可持续影响指标, name: 系统使用年限, target: ≥5年, actual: 5年}
  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 群众满意度, target: ≥90%, actual: 95%}
self_eval:
  goals:
    诉求办理提速: {tier: 部分达成, points: 10, reason: 办理时限缩短但仍有超期件}
"""


def form(registry: RuleRegistry, text: str = PROJECT) -> SelfEvalForm:
    loaded = load_project_text(textwrap.dedent(text), "项目.yaml", registry)
    assert loaded.project is not None, loaded.diagnostics
    return self_evaluate(loaded.project)


def test_the_form_worked_by_hand(registry: RuleRegistry) -> None:
    f = form(registry)
    assert f.diagnostics == ()
    # 预算执行率 48 ÷ 50 = 96%: 10 × 96% = 9.6.
    # 产出 50 over three rows: 16.67, 16.67 and 16.66 (the remainder).
    #   ≥100次, 90次:  16.67 × 90/100 = 15.003 → 15.00
    #   2小时内, 2.5小时: 16.67 × 2/2.5 = 13.336 → 13.34
    #   3个, 4个:       16.66 × (1 − 1/3) = 11.107 → 11.11
    # 效益 30 over two applicable rows, 15 each: 部分达成 10 (band 9–12); 5年 ≥ 5年: 15. 不适用: nothing.
    # 满意度 10: 95% ≥ 90%: 10.
    assert [(r.name, r.kind, str(r.weight), str(r.score)) for r in (f.budget, *f.rows)] == [
        ("预算执行率", "forward", "10", "9.60"),
        ("巡检次数", "forward", "16.67", "15.00"),
        ("故障响应时间", "reverse", "16.67", "13.34"),
        ("保障系统数量", "equality", "16.66", "11.11"),
        ("不适用", "na", "0", "0"),
        ("诉求办理提速", "qualitative", "15.00", "10.00"),
        ("系统使用年限", "forward", "15.00", "15.00"),
        ("群众满意度", "forward", "10.00", "10.00"),
    ]
    assert (str(f.total), f.grade) == ("84.05", "良")  # 9.6 + 15 + 13.34 + 11.11 + 10 + 15 + 10


def test_each_row_says_how_it_was_scored(registry: RuleRegistry) -> None:
    formulas = {r.name: r.formula for r in form(registry).rows}
    assert formulas["故障响应时间"] == "16.67 × 2小时 ÷ 2.5小时 = 13.34"
    assert formulas["保障系统数量"] == "16.66 × (1 − |4个 − 3个| ÷ 3个) = 11.11"
    assert formulas["诉求办理提速"] == "部分达成（9–12分），评定 10 分：办理时限缩短但仍有超期件"


def test_a_row_may_state_its_own_weight(registry: RuleRegistry) -> None:
    text = PROJECT.replace("target: ≥100次, actual: 90次}", "target: ≥100次, actual: 90次, weight: 20}")
    weights = {r.name: str(r.weight) for r in form(registry, text).rows}
    # 20 kept, the other 30 split: 15 and 15.
    assert (weights["巡检次数"], weights["故障响应时间"], weights["保障系统数量"]) == ("20", "15.00", "15.00")


def test_weights_that_do_not_add_up_are_reported(registry: RuleRegistry) -> None:
    text = PROJECT.replace("actual: 90次}", "actual: 90次, weight: 60}") + "  weights: {产出指标: 40}\n"
    f = form(registry, text)
    assert [d.message for d in f.diagnostics] == [
        "自评表各部分分值合计 90，应为100（预算执行率 10、产出指标 40、效益指标 30、满意度指标 10）",
        "“产出指标”各目标行的分值合计 60，应为 40",
    ]


def test_a_percentage_for_a_qualitative_target_is_not_a_tier(registry: RuleRegistry) -> None:
    without_judgements = PROJECT.split("self_eval:")[0]
    f = form(registry, without_judgements.replace("target: 明显, actual: 部分达成}", "target: 明显, actual: 100%}"))
    row = next(r for r in f.rows if r.name == "诉求办理提速")
    assert (str(row.score), row.formula) == ("0", "未评定档位，暂计0分")
    assert [(d.code, d.severity.value) for d in f.diagnostics] == [("selfeval-goal", "warning")]


def test_points_outside_the_tier_and_unreadable_actuals_are_located(registry: RuleRegistry) -> None:
    text = PROJECT.replace("points: 10", "points: 13").replace("actual: 90次", "actual: 九十次")
    f = form(registry, text)
    assert [(d.code, d.message, d.source.line if d.source else None) for d in f.diagnostics] == [
        ("selfeval-goal", "目标“巡检次数”无法计分：实际完成值“九十次”不是数值", 6),
        ("selfeval-goal", "“部分达成”档的分数应在 9 到 12 之间，填写的是 13", 15),
    ]


def test_the_example_self_evaluation() -> None:
    result = CliRunner().invoke(main, ["self-eval", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # 61.71 ÷ 61.91 = 99.68% → 9.97; 产出 4 × 12.5 met from records and funds; 效益 15 + 15; 满意度 9.
    assert (data["total"], data["grade"]) == ("98.97", "优")
    uptime = next(r for r in data["rows"] if r["name"] == "系统正常运行率")
    # One 25-minute outage in the year rounds to 100.00%, the figure the unit states.
    assert uptime["actual"] == "100%" and "records/worklog-2023.csv" in uptime["formula"]


def test_the_form_is_written_as_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "自评表.xlsx"
    result = CliRunner().invoke(main, ["self-eval", str(EXAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    last = [c.value for c in list(sheet.iter_rows())[-1]]
    assert last[:8] == ["总分", None, None, None, None, None, "100", "98.97"]


def test_a_bound_actual_in_another_unit_is_not_compared(tmp_path: Path, registry: RuleRegistry) -> None:
    (tmp_path / "records.csv").write_text("类型,报告时间,响应时间\n故障,2023-05-09 09:40,2023-05-09 11:10\n",
                                          encoding="utf-8")
    text = PROJECT + """\
evidence:
  records: [records.csv]
  metrics: {响应: {kind: max, where: {kind: 故障}, unit: 分钟}}
  goals: {故障响应时间: 响应}
"""
    loaded = load_project_text(textwrap.dedent(text), "项目.yaml", registry, tmp_path)
    assert loaded.project is not None
    f = self_evaluate(loaded.project)
    assert [d.message for d in f.diagnostics] == [
        "目标“故障响应时间”无法计分：目标值是“2小时内”，实际值 90分钟 的计量方式或单位不同"]


def test_a_binding_must_name_a_goal_of_the_table(registry: RuleRegistry) -> None:
    text = PROJECT + "evidence:\n  goals: {巡检数: deviation_rate}\n"
    loaded = load_project_text(textwrap.dedent(text), "项目.yaml", registry)
    assert [d.format() for d in loaded.diagnostics] == [
        "项目.yaml:17:11: [unknown-key] 错误：绩效目标绑定（evidence.goals）中有无法识别的键“巡检数”（是否想写“巡检次数”？）"]
