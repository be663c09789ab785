"""The project page's arrangement of the core's output: each fact field holds the value as
written (on one line) and the problems found on its own line, and nothing else."""

from __future__ import annotations

from jixiao.diagnostics import Diagnostic, Source
from jixiao.rules.base import default_registry
from jixiao.storage.projects import evaluate
from jixiao.web.views import Control, Widget, typed_into, workspace

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


# -- the form controls: one per key the rule kind declares ------------------------------------


def controls_of(text: str, name: str) -> dict[str, Control]:
    registry = default_registry()
    ws = workspace(text, evaluate(text, "项目7.yaml", registry), registry, "项目7.yaml")
    node = next(n for n in ws.tree if n.name == name)
    return {c.path.rsplit(".", 1)[-1]: c for c in node.controls}


def test_a_checklist_is_a_box_per_point_named_by_the_framework() -> None:
    checklist = controls_of(PROJECT, "立项依据充分性")["answers"]
    assert checklist.widget == Widget.CHECKLIST and checklist.reasons == "facts.立项依据充分性.reasons"
    assert [(i.number, i.ticked, i.reason) for i in checklist.items] == [
        (1, True, ""), (2, True, ""), (3, True, ""), (4, True, ""), (5, False, "未见可行性研究")]
    assert checklist.items[1].text == "项目立项符合行业发展规划和政策要求" and checklist.items[1].points == "1"
    fifth = checklist.items[4]  # 与同类项目重复: answering 否 earns its points, so 是 is what loses them
    assert fifth.negated and fifth.losing == "是"
    assert "reasons" not in controls_of(PROJECT, "立项依据充分性")  # asked beside each point instead


def test_a_gate_point_is_marked_and_a_new_checklist_starts_empty() -> None:
    checklist = controls_of(PROJECT, "立项程序规范性")["answers"]  # nothing entered yet
    assert [(i.ticked, i.gate) for i in checklist.items] == [(False, True), (False, False), (False, False)]
    assert not checklist.answered


def test_a_value_no_control_can_hold_is_shown_as_the_yaml_it_is() -> None:
    answers = controls_of(PROJECT, "绩效目标合理性")["answers"]  # “完全” is neither 是 nor 否
    assert (answers.widget, answers.value, answers.name) == (Widget.YAML, "[是, 是, 完全]", "set:facts.绩效目标合理性.answers")
    assert answers.problems


def test_each_type_gets_its_own_control_and_the_kinds_hints_in_the_forms_words() -> None:
    rate = controls_of(PROJECT, "实际完成率")
    assert [(k, c.widget, c.unit) for k, c in rate.items()] == [
        ("actual", Widget.RATE, "%"), ("count", Widget.NUMBER, ""), ("total", Widget.NUMBER, ""),
        ("note", Widget.TEXTAREA, ""), ("stated", Widget.TEXT, "")]
    assert rate["count"].when == "未写实际完成值时填写" and rate["count"].minimum == "0"
    satisfaction = controls_of(PROJECT, "服务对象满意度")
    assert [(k, c.widget) for k, c in satisfaction.items()] == [
        ("survey", Widget.YES_NO), ("rate", Widget.RATE), ("complaints", Widget.NUMBER), ("note", Widget.TEXTAREA),
        ("stated", Widget.TEXT)]
    assert satisfaction["complaints"].step == "1"
    tiers = controls_of(PROJECT, "效益目标实现程度")
    assert tiers["tier"].widget == Widget.CHOICE and tiers["tier"].options == ("达成", "部分达成", "未达成")


def test_a_stored_rate_is_shown_as_the_percent_a_person_types() -> None:
    text = PROJECT.replace("facts:\n", "facts:\n  实际完成率: {actual: 98.5%}\n  质量达标率: {actual: 0.9}\n")
    assert controls_of(text, "实际完成率")["actual"].value == "98.5"
    assert controls_of(text, "质量达标率")["actual"].value == "90"  # 0.9 is read as 90% by the core too


def test_a_leaf_computed_from_records_asks_for_its_metric_and_shows_what_it_was_computed_from() -> None:
    from jixiao.storage.attachments import read_beside

    from .conftest import EXAMPLE

    text = EXAMPLE.read_text(encoding="utf-8")
    registry = default_registry()
    ws = workspace(text, evaluate(text, EXAMPLE.name, registry, read_beside(EXAMPLE, text)), registry, EXAMPLE.name)
    node = next(n for n in ws.tree if n.name == "省一体化信访信息系统培训次数")
    assert node.metric == "省一体化系统培训次数" and "records/worklog-2023.csv" in node.derived
    assert [(c.path.rsplit(".", 1)[-1], c.widget) for c in node.controls] == [("metric", Widget.CHOICE), ("note", Widget.TEXTAREA)]
    assert "故障维护报告提交及时率" in node.controls[0].options  # every metric the project declares


def test_the_funds_form_asks_for_amounts_in_wan_yuan_and_the_goals_for_every_column() -> None:
    registry = default_registry()
    ws = workspace(PROJECT, evaluate(PROJECT, "项目7.yaml", registry), registry, "项目7.yaml")
    assert [(c.path, c.widget, c.unit, c.value) for c in ws.funds_form] == [
        ("funds.budget", Widget.NUMBER, "万元", "100"), ("funds.arrived", Widget.NUMBER, "万元", "100"),
        ("funds.spent", Widget.NUMBER, "万元", "96.5"), ("funds.as_of", Widget.DATE, "", ""),
        ("funds.origin", Widget.TEXTAREA, "", "")]
    assert [[c.value for c in g.row] for g in ws.goals] == [
        ["产出指标", "数量指标", "慰问人数", "≥300人", "312人"], ["产出指标", "质量指标", "回访率", "", ""]]
    assert [g.flag.value if g.flag else None for g in ws.goals] == ["", "否"] and ws.new_goal == 2


def test_a_leaf_not_filled_in_is_told_so_at_itself_not_at_the_first_leaf() -> None:
    registry = default_registry()
    ws = workspace(PROJECT, evaluate(PROJECT, "项目7.yaml", registry), registry, "项目7.yaml")
    told = {n.name: [d.message for d in n.problems if d.code == "fact-missing"] for n in ws.tree if n.leaf}
    assert told["立项依据充分性"] == [] and told["立项程序规范性"] == ["“立项程序规范性”尚未填写"]


def test_a_save_refused_before_it_could_be_read_keeps_what_was_typed_in_the_controls() -> None:
    registry = default_registry()
    ws = workspace(PROJECT, evaluate(PROJECT, "项目7.yaml", registry), registry, "项目7.yaml")
    typed = {"funds.spent": "一百", "funds.budget": "120", "facts.立项依据充分性.answers": "[是, 否, 是, 是, 否]",
             "facts.立项依据充分性.reasons": "{2: 未见规划}", "facts.实际完成率.actual": "[98"}
    spent = Diagnostic("wrong-type", "项目文件的“funds”的“spent”应为数字，实际是“一百”", Source("项目7.yaml", 3, 40))
    not_yaml = Diagnostic("bad-set", "“[98”不是合法的取值", Source("facts.实际完成率.actual"))
    elsewhere = Diagnostic("bad-value", "年度不合理", Source("项目7.yaml", 1, 1))
    retyped, left = typed_into(ws, typed, [spent, not_yaml, elsewhere])
    assert left == [elsewhere]  # the only one no control is named by
    funds = {c.path: c for c in retyped.funds_form}
    assert (funds["funds.budget"].widget, funds["funds.budget"].value) == (Widget.NUMBER, "120")
    assert (funds["funds.spent"].widget, funds["funds.spent"].value, funds["funds.spent"].problems) == (
        Widget.YAML, "一百", [spent])  # a number box cannot hold a word: shown as typed
    leaf = {n.name: n for n in retyped.tree}
    checklist = leaf["立项依据充分性"].controls[0]
    assert [(i.ticked, i.reason) for i in checklist.items][:2] == [(True, ""), (False, "未见规划")]
    actual = next(c for c in leaf["实际完成率"].controls if c.path.endswith(".actual"))
    assert (actual.widget, actual.value, actual.problems) == (Widget.YAML, "[98", [not_yaml])
    assert retyped.total == ws.total and leaf["立项依据充分性"].score == "4.00"  # the stored version's score
