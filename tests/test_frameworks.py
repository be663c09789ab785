"""Frameworks as data: built-ins, extension by name, and validation with located messages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao import RuleRegistry, builtin_names, load_framework
from jixiao.diagnostics import Diagnostic, Source
from jixiao.yamlsrc import Scalar, parse_yaml

from .conftest import codes


def framework(text: str, registry: RuleRegistry, base: Path = Path(".")):  # type: ignore[no-untyped-def]
    node, diags = parse_yaml(text, "体系.yaml")
    assert node is not None, diags
    return load_framework(node, base, registry, diags), diags


def builtin(name: str, registry: RuleRegistry):  # type: ignore[no-untyped-def]
    diags: list[Diagnostic] = []
    return load_framework(Scalar(name, Source("测试")), Path("."), registry, diags), diags


def test_builtins_are_valid_and_add_up_to_100(registry: RuleRegistry) -> None:
    assert {"common", "self-eval", "yantian-it-om-2023"} <= set(builtin_names())
    for name in builtin_names():
        fw, diags = builtin(name, registry)
        assert fw is not None and diags == [], (name, [d.format() for d in diags])
        assert fw.total_weight == Decimal(100)


def test_seed_framework_extends_common_with_its_own_outputs(registry: RuleRegistry) -> None:
    fw, _ = builtin("yantian-it-om-2023", registry)
    leaves = [(path, node) for path, node in fw.leaves()]
    assert len(leaves) == 26
    counts = [node.name for path, node in leaves if path[1] == "产出数量"]
    assert len(counts) == 8 and all(n.endswith(("次数", "数量")) for n in counts)
    assert [(r.name, r.weight) for r in fw.roots] == [
        ("项目决策", 20), ("项目管理", 20), ("项目产出", 35), ("项目效益", 25)]
    # what came from common keeps its wording
    common_leaf = dict((n.name, n) for _, n in leaves)["立项程序规范性"]
    assert common_leaf.criterion.endswith("如不符合①，则本项整体得0分。")


def test_self_eval_form_weights(registry: RuleRegistry) -> None:
    fw, _ = builtin("self-eval", registry)
    assert [(r.name, r.weight) for r in fw.roots] == [
        ("预算执行率", 10), ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]


def test_inline_extension_removes_changes_and_adds(registry: RuleRegistry) -> None:
    fw, diags = framework("""
extends: common
remove: [实际完成率]
change:
  效益目标实现程度: {name: 培训效果, weight: 15}
add:
  - under: 产出数量
    indicators:
      - {name: 培训人次, weight: 16, rule: {kind: completion, label: 培训人次, target: 500, unit: 人次}}
""", registry)
    assert diags == []
    names = [n.name for _, n in fw.leaves()]
    assert "实际完成率" not in names and "培训人次" in names and "培训效果" in names
    assert dict((n.name, n) for _, n in fw.leaves())["培训人次"].criterion == "培训人次=500人次，得满分，否则按完成比例扣分。"


WEIGHTS_OFF = """
indicators:
  - name: 决策
    weight: 60
    children:
      - {name: 立项, weight: 30, rule: {kind: yes_no, question: 立项规范}}
      - {name: 目标, weight: 20, rule: {kind: yes_no, question: 目标明确}}
  - name: 产出
    weight: 30
    children:
      - name: 数量
        weight: 30
        rule: {kind: checklist, items: [{text: 甲, points: 10}, {text: 乙, points: 10}]}
"""


def test_weights_that_do_not_add_up_are_all_reported_with_places(registry: RuleRegistry) -> None:
    _, diags = framework(WEIGHTS_OFF, registry)
    assert codes(diags) == ["weights-sum", "rule-max", "roots-sum"]
    weights = diags[0]
    assert weights.format() == (
        "体系.yaml:3:5: [weights-sum] 错误：“决策”的权重为 60，其下级权重之和为 30 + 20 = 50（调整权重，使下级之和等于上级）")
    assert "评分规则满分却是 20" in diags[1].message and diags[1].source.line == 13
    assert "一级指标权重之和为 90" in diags[2].message


def test_unknown_names_get_a_suggestion(registry: RuleRegistry) -> None:
    _, diags = framework("extends: common\nremove: [预算执行律]\n", registry)
    assert codes(diags) == ["unknown-indicator"]
    unknown = next(d for d in diags if d.code == "unknown-indicator")
    assert unknown.hint == "是否想写“预算执行率”？" and unknown.source.line == 2


def test_unknown_framework_and_rule_kind(registry: RuleRegistry) -> None:
    _, diags = framework("extends: comon\n", registry)
    assert codes(diags) == ["unknown-framework"]
    assert "common" in diags[0].hint
    _, diags = framework("indicators:\n  - {name: 甲, weight: 100, rule: {kind: treshold}}\n", registry)
    assert "unknown-rule" in codes(diags)
    assert next(d for d in diags if d.code == "unknown-rule").hint.startswith("是否想写“threshold”？")


def test_a_framework_that_extends_itself(tmp_path: Path, registry: RuleRegistry) -> None:
    (tmp_path / "a.yaml").write_text("extends: ./b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: ./a.yaml\n", encoding="utf-8")
    _, diags = framework("extends: ./a.yaml\n", registry, tmp_path)
    assert "framework-cycle" in codes(diags)


def test_duplicate_names_leaves_without_rules_and_bad_parameters(registry: RuleRegistry) -> None:
    _, diags = framework("""
indicators:
  - name: 产出
    weight: 100
    children:
      - {name: 产出, weight: 40, rule: {kind: yes_no, question: 是否}}
      - {name: 数量, weight: 30}
      - {name: 质量, weight: 30, rule: {kind: checklist, gate: 5, items: [{text: 甲, points: 30}]}}
""", registry)
    assert sorted(codes(diags)) == ["bad-param", "duplicate-indicator", "leaf-without-rule"]


def test_measures_bind_only_quantity_rules(registry: RuleRegistry) -> None:
    _, diags = framework("""
indicators:
  - {name: 甲, weight: 50, measure: execution_rate, rule: {kind: yes_no, question: 是否}}
  - {name: 乙, weight: 50, measure: 执行速度, rule: {kind: rate}}
""", registry)
    assert codes(diags) == ["measure-unsupported", "unknown-measure"]


def test_grades_can_be_configured(registry: RuleRegistry) -> None:
    fw, diags = framework("""
grades: {A: 85, B: 70, C: 0}
indicators: [{name: 甲, weight: 100, rule: {kind: yes_no, question: 是否}}]
""", registry)
    assert diags == [] and [g.name for g in fw.grades] == ["A", "B", "C"]
    _, diags = framework("grades: {优: 90, 良: 80}\nindicators: [{name: 甲, weight: 100, rule: {kind: yes_no, question: 是否}}]\n",
                         registry)
    assert codes(diags) == ["grades-invalid"]


def test_contradictory_keys_and_values_out_of_their_set(registry: RuleRegistry) -> None:
    _, diags = framework("""
extends: common
indicators: [{name: 甲, weight: 100, rule: {kind: yes_no, question: 是否}}]
change:
  预算执行率: {rule: {kind: threshold, full_at: 98%, deduct: 0.1, partial: 看情况}}
""", registry)
    assert codes(diags) == ["bad-value", "bad-value"]
    assert diags[0].hint == "继承时用 add 添加指标、change 修改指标、remove 删除指标"
    assert diags[1].hint == "可选值：up、进一、down、舍去、proportional、按比例"


def test_a_built_in_framework_is_built_once_and_placed_where_each_project_names_it(registry: RuleRegistry) -> None:
    first: list[Diagnostic] = []
    second: list[Diagnostic] = []
    one = load_framework(Scalar("common", Source("项目1.yaml", 3, 12)), Path("."), registry, first)
    two = load_framework(Scalar("common", Source("项目2.yaml", 5, 12)), Path("."), registry, second)
    assert one is not None and two is not None and first == second == []
    assert one.roots is two.roots  # shared, not rebuilt: frameworks are immutable
    assert (one.source.file, one.source.line) == ("项目1.yaml", 3)
    assert (two.source.file, two.source.line) == ("项目2.yaml", 5)
