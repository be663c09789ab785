"""The project page's arrangement of the core's output: each fact field holds the value as
written (on one line) and the problems found on its own line, and nothing else."""

from __future__ import annotations

from jixiao.rules.base import default_registry
from jixiao.storage.projects import evaluate
from jixiao.web.views import workspace

PROJECT = """\
project: {name: 社区养老补助, department: 民政局, year: 2024}
framework: common
funds: {budget: 100, arrived: 100, spent: 96.5}
facts:
  立项依据充分性:
    answers: [是, 是, 是, 是, 否]
    reasons: {5: 未见可行性研究}
  绩效目标合理性: {answers: [是, 是, 完全]}
goals:
  - {level1: 产出指标, level2: 数量指标, name: 慰问人数, target: ≥300人, actual: 312人}
  - {level1: 产出指标, level2: 质量指标, name: 回访率, applicable: 否}
"""


def fields_of(name: str) -> dict[str, tuple[str, list[str]]]:
    registry = default_registry()
    scoring = evaluate(PROJECT, "项目7.yaml", registry)
    ws = workspace(PROJECT, scoring, registry, "项目7.yaml")
    node = next(n for n in ws.tree if n.name == name)
    return {f.path: (f.value, [d.code for d in f.problems]) for f in node.fields}


def test_block_facts_show_their_values_on_one_line() -> None:
    assert fields_of("立项依据充分性") == {
        "facts.立项依据充分性.answers": ("[是, 是, 是, 是, 否]", []),
        "facts.立项依据充分性.reasons": ("{5: 未见可行性研究}", []),
    }


def test_a_problem_in_a_flow_map_goes_to_the_field_it_concerns() -> None:
    fields = fields_of("绩效目标合理性")
    value, problems = fields["facts.绩效目标合理性.answers"]
    assert value == "[是, 是, 完全]" and problems  # “完全” is neither 是 nor 否


def test_an_indicator_with_nothing_entered_offers_its_rule_kinds_fields() -> None:
    fields = fields_of("预算执行率")  # bound to the funds: no fields of its own
    assert fields == {}
    offered = fields_of("资金分配合理性")
    assert offered and all(value == "" and problems == [] for value, problems in offered.values())


def test_funds_and_goals_are_shown_as_written() -> None:
    registry = default_registry()
    ws = workspace(PROJECT, evaluate(PROJECT, "项目7.yaml", registry), registry, "项目7.yaml")
    assert [(f.path, f.value) for f in ws.funds] == [("funds.budget", "100"), ("funds.arrived", "100"),
                                                     ("funds.spent", "96.5")]
    assert [(g.name, g.applicable, [f.value for f in g.fields]) for g in ws.goals] == [
        ("慰问人数", True, ["≥300人", "312人"]), ("回访率", False, [])]  # 不适用: nothing to fill in
