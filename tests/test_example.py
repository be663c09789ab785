"""The bundled example reproduces the seed report's appendix from facts alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import RuleRegistry, load_project, score_project

from .conftest import EXAMPLE

# The seed's appendix (项目绩效指标体系评分表): what an evaluator scored by hand. jixiao must arrive
# at the same figures from the facts in the project file.
SEED_APPENDIX = {
    "立项依据充分性": "4.00", "立项程序规范性": "3.00", "绩效目标合理性": "3.00", "绩效目标明确性": "3.00",
    "预算编制科学性": "3.00", "资金分配合理性": "3.00", "资金到位率": "2.00", "预算执行率": "5.00",
    "资金使用合规性": "4.00", "管理制度健全性": "4.00", "制度执行有效性": "5.00",
    "省一体化信访信息系统运行环境监测次数": "2.00", "省一体化信访信息系统日志管理与分析次数": "2.00",
    "省一体化信访信息系统培训次数": "2.00", "盐田区群众诉求智慧指挥系统运维月报数量": "2.00",
    "盐田区群众诉求智慧指挥系统巡检报告数量": "2.00", "盐田区群众诉求智慧指挥系统操作培训次数": "2.00",
    "云安访系统上门巡检次数": "2.00", "云安访系统季度巡检报告数量": "2.00",
    "省一体化信访信息系统运维服务验收通过率": "4.00", "盐田区群众诉求智慧指挥系统运维服务验收通过率": "4.00",
    "盐田区群众诉求智慧指挥系统运维月报提交及时率": "4.00", "盐田区群众诉求智慧指挥系统故障维护报告提交及时率": "3.00",
    "成本控制率": "4.00", "提高化解群众诉求速度": "15.00", "信访群众满意度": "9.00",
}


def scored(registry: RuleRegistry, *sets: str):  # type: ignore[no-untyped-def]
    loaded = load_project(EXAMPLE, registry, sets)
    assert loaded.project is not None
    assert not [d for d in loaded.diagnostics if d.severity.value == "error"], loaded.diagnostics
    return score_project(loaded.project, registry)


def test_every_leaf_matches_the_seed_appendix(registry: RuleRegistry) -> None:
    result = scored(registry)
    assert {s.indicator.name: f"{s.score:.2f}" for s in result.leaves()} == SEED_APPENDIX


def test_subtotals_total_and_grade(registry: RuleRegistry) -> None:
    result = scored(registry)
    assert [(r.indicator.name, f"{r.score:.2f}") for r in result.roots] == [
        ("项目决策", "19.00"), ("项目管理", "20.00"), ("项目产出", "35.00"), ("项目效益", "24.00")]
    assert (f"{result.total:.2f}", result.grade) == ("98.00", "优")


def test_rates_are_computed_from_the_money(registry: RuleRegistry) -> None:
    result = scored(registry)
    execution = result.find("预算执行率")
    assert execution is not None and execution.actual == "99.68%"
    assert "实际值：预算执行率 = 实际支出 61.71 万元 ÷ 实际到位 61.91 万元 = 99.68%" in execution.explanation


def test_spending_55_costs_one_point_of_budget_execution(registry: RuleRegistry) -> None:
    # 55 / 61.91 = 88.84%: 9.16 points under 98%, ten started points × 0.1 = 1 point.
    result = scored(registry, "funds.spent=55")
    execution = result.find("预算执行率")
    assert execution is not None
    assert (execution.actual, f"{execution.score:.2f}") == ("88.84%", "4.00")
    assert f"{result.total:.2f}" == "97.00"


@pytest.mark.parametrize(("change", "leaf", "expected"), [
    ("facts.省一体化信访信息系统培训次数.actual=3", "省一体化信访信息系统培训次数", "1.50"),
    ("facts.信访群众满意度.complaints=4", "信访群众满意度", "8.80"),
    ("funds.arrived=60", "资金到位率", "1.94"),
])
def test_a_changed_fact_moves_only_its_own_score(registry: RuleRegistry, change: str, leaf: str, expected: str) -> None:
    before, after = scored(registry), scored(registry, change)
    moved = {s.indicator.name for s, t in zip(before.leaves(), after.leaves(), strict=True) if s.score != t.score}
    assert leaf in moved
    target = after.find(leaf)
    assert target is not None and f"{target.score:.2f}" == expected


def test_example_file_states_no_scores() -> None:
    # The example holds facts, never the seed's stated scores: no `score:` key anywhere in it.
    text = Path(EXAMPLE).read_text(encoding="utf-8")
    assert "score:" not in text
