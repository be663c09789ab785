"""The pipeline's one error policy, on small inline projects: a run stops only when the project
cannot be built; every other error is carried on with and marked; the report of an evaluation
that is not complete is a draft (征求意见稿) without a total. The shells agree because they all
call the pipeline."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jixiao import RuleRegistry, pipeline
from jixiao.cli import main
from jixiao.pipeline import Text

PROJECT = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 50, arrived: 50, spent: 48}
framework:
  indicators:
    - name: 产出
      weight: 100
      children:
        - {name: 验收通过率, weight: 60, rule: {kind: rate}}
        - {name: 巡检完成率, weight: 40, rule: {kind: rate}}
facts: {验收通过率: {actual: 100%}, 巡检完成率: {actual: 90%}}
"""

MISTYPED = PROJECT.replace("actual: 90%", "actual: 九十")  # the loader's error, the project still builds
BROKEN = "project: [\n"  # nothing to build


def evaluate(text: str, registry: RuleRegistry) -> pipeline.Evaluation:
    return pipeline.evaluate(Text(text, "项目.yaml"), registry)


def leaves(evaluation: pipeline.Evaluation) -> list[str]:
    assert evaluation.result is not None
    return [f"{s.indicator.name} {s.score} {s.problem}".strip() for s in evaluation.result.leaves()]


def test_a_clean_project_is_complete_and_gets_its_report(registry: RuleRegistry) -> None:
    evaluation = evaluate(PROJECT, registry)
    assert (evaluation.stopped, evaluation.complete, evaluation.diagnostics) == (False, True, ())
    assert leaves(evaluation) == ["验收通过率 60.00", "巡检完成率 36.00"]
    rendered = pipeline.render(evaluation, ["html"])
    assert rendered.stem == "运维项目2023年度绩效评价报告" and [s for s, _ in rendered.outputs] == [".html"]


def test_an_error_in_the_data_is_carried_on_with_and_marked(registry: RuleRegistry) -> None:
    evaluation = evaluate(MISTYPED, registry)
    assert [d.format() for d in evaluation.diagnostics] == [
        "项目.yaml:10:48: [wrong-type] 错误：指标“巡检完成率”的事实的“actual”应为百分比，实际是“九十”（例如 99.68%）"]
    # Scored all the same: the leaf in error counts 0 and says why; the rest is scored.
    assert (evaluation.stopped, evaluation.complete) == (False, False)
    assert leaves(evaluation) == ["验收通过率 60.00", "巡检完成率 0 缺少有效的事实或评分规则，暂计0分"]
    assert evaluation.to_json()["total"] == "60.00"
    # … but no report states that partial total as a finding: the report is a draft without one.
    rendered = pipeline.render(evaluation, ["html"])
    html = rendered.outputs[0][1].decode("utf-8")
    assert rendered.draft and rendered.stem == "运维项目2023年度绩效评价报告（征求意见稿）"
    assert "评价尚未完成，暂不计总分和等级" in html and "综合得分" not in html


def test_an_error_of_the_scorer_is_carried_on_with_as_well(registry: RuleRegistry) -> None:
    text = PROJECT.replace("budget: 50", "budget: 0").replace(
        "rule: {kind: rate}}\n        - {name: 巡检完成率", "measure: spending_rate, rule: {kind: rate}}\n"
        "        - {name: 巡检完成率").replace("{验收通过率: {actual: 100%}, ", "{")
    evaluation = evaluate(text, registry)
    assert [d.message for d in evaluation.diagnostics] == ["指标“验收通过率”无法计分：预算为0，无法计算预算执行率"]
    assert leaves(evaluation) == ["验收通过率 0 无法计分：预算为0，无法计算预算执行率", "巡检完成率 36.00"]
    assert not evaluation.complete and pipeline.render(evaluation, ["html"]).draft


def test_a_project_that_cannot_be_built_stops_the_run(registry: RuleRegistry) -> None:
    evaluation = evaluate(BROKEN, registry)
    assert (evaluation.stopped, evaluation.complete, evaluation.result) == (True, False, None)
    data = evaluation.to_json()  # the same shape as a result's, empty
    assert (data["total"], data["indicators"], [d["code"] for d in data["diagnostics"]]) == (None, [], ["yaml-syntax"])
    assert pipeline.render(evaluation, ["html"]).refused


def test_score_and_report_agree(tmp_path: Path) -> None:
    """Both list the same problem and exit 1; ``score`` prints the partial score, ``report`` only a draft."""
    file = tmp_path / "项目.yaml"
    file.write_text(MISTYPED, encoding="utf-8")
    runner = CliRunner()
    scored = runner.invoke(main, ["score", str(file)])
    reported = runner.invoke(main, ["report", str(file), "-f", "html", "-o", str(tmp_path / "out")])
    problem = "[wrong-type] 错误：指标“巡检完成率”的事实的“actual”应为百分比"
    assert scored.exit_code == reported.exit_code == 1
    assert problem in scored.stderr and problem in reported.stderr
    assert "存在错误，以上得分不完整" in scored.stdout and "总分：60.00 分" in scored.stdout
    assert f"仅生成征求意见稿：{file}（修正上面列出的问题后重新生成正式报告）" in reported.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["运维项目2023年度绩效评价报告（征求意见稿）.html"]


SELF_EVAL = """\
project: {name: 运维项目, department: 某局, year: 2023}
funds: {budget: 50, arrived: 50, spent: 48}
framework: {indicators: [{name: 产出, weight: 100, children: [{name: 甲, weight: 100, rule: {kind: rate}}]}]}
facts: {甲: {actual: 100%}}
goals:
  - {level1: 产出指标, level2: 时效指标, name: 故障响应时间, target: 2小时内, actual: 3小时}
  - {level1: 产出指标, level2: 质量指标, name: 安全事故, target: 0起, actual: 1起}
"""


def test_the_self_evaluation_rows_are_scored_by_the_rule_kinds(registry: RuleRegistry) -> None:
    run = pipeline.self_evaluate(Text(SELF_EVAL, "项目.yaml"), registry)
    assert run.output is not None
    rows = {r.name: (r.kind, str(r.weight), str(r.score), r.formula) for r in (run.output.budget, *run.output.rows)}
    assert rows == {
        "预算执行率": ("forward", "10", "9.60", "预算执行率 = 实际支出 48.00 万元 ÷ 预算 50.00 万元 = 96%；10 × min(96% ÷ 100%, 1) = 9.6"),
        # the forms' ratio, not the reverse kind's default (linear: 25 × (4 − 3) ÷ 2 = 12.5)
        "故障响应时间": ("reverse", "25.00", "16.67", "25 × 2小时 ÷ 3小时 = 16.67"),
        "安全事故": ("equality", "25.00", "0.00", "目标 0起，实际 1起：否，得 0 分"),
    }
