"""Located YAML: a value shown in a form field as one line reads back as the same value."""

from __future__ import annotations

from typing import Any

import pytest

from jixiao.yamlsrc import Map, Node, Seq, flow_text, parse_yaml


def value_of(text: str) -> Node | None:
    node, diags = parse_yaml(text, "项目.yaml")
    assert isinstance(node, Map) and diags == []
    return node.get("v")


def plain(node: Node | None) -> Any:
    if isinstance(node, Map):
        return {k: plain(v) for k, (_, v) in node.entries.items()}
    if isinstance(node, Seq):
        return [plain(i) for i in node.items]
    return None if node is None else node.value


@pytest.mark.parametrize(("written", "shown"), [
    ("v: 98.72%", "98.72%"),
    ("v: 是", "是"),
    ("v: 61.91", "61.91"),
    ("v: '12'", '"12"'),  # text that looks like a number stays text when saved back
    ("v: [是, 否, 是]", "[是, 否, 是]"),
    ("v:\n  - 是\n  - 否", "[是, 否]"),  # a block list is shown on one line
    ("v: ['x, y', 'a: b', '- a', null, '']", '["x, y", "a: b", "- a", null, ""]'),
    ("v: {actual: 98%, note: 按期}", "{actual: 98%, note: 按期}"),
    ("v: true", "true"),
    ("v: '[不是列表]'", '"[不是列表]"'),
    ("v:", ""),
])
def test_a_value_is_shown_on_one_line_and_reads_back_the_same(written: str, shown: str) -> None:
    node = value_of(written)
    assert flow_text(node) == shown
    assert plain(value_of(f"v: {shown}")) == plain(node)


def test_parsing_the_same_text_twice_shares_the_nodes_but_not_the_diagnostics() -> None:
    # a save reads its new text several times; the immutable nodes are parsed once
    assert parse_yaml("a: 1\n", "项目.yaml")[0] is parse_yaml("a: 1\n", "项目.yaml")[0]
    _, first = parse_yaml("a: 1\na: 2\n", "重复.yaml")
    first.clear()  # a caller's list is its own
    _, second = parse_yaml("a: 1\na: 2\n", "重复.yaml")
    assert [d.code for d in second] == ["yaml-syntax"]


def test_an_alias_inside_its_own_anchor_is_a_located_error_not_a_crash() -> None:
    node, diags = parse_yaml("project: &x\n  name: [*x]\n", "p.yaml")
    assert node is None
    assert [(d.code, d.source.line if d.source else None) for d in diags] == [("yaml-refused", 1)]
    assert "无限嵌套" in diags[0].message


def test_an_alias_outside_its_anchor_reads_the_anchored_value_again() -> None:
    node, diags = parse_yaml('a: &x [1, 2]\nb: *x\nc: "3*4"\n', "p.yaml")
    assert diags == [] and isinstance(node, Map)
    assert flow_text(node.entries["b"][1]) == "[1, 2]" and node.entries["c"][1].value == "3*4"


LAUGHS = "a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))


@pytest.mark.parametrize(("text", "line", "says"), [
    (LAUGHS, 5, "展开后内容过大"),  # "billion laughs": 400 bytes that would expand to 387 million nodes
    ("a: " + "[" * 3000 + "]" * 3000 + "\n", 1, "嵌套层次过深"),  # beyond libyaml's own bound too
    ("a: " + "[" * 41 + "]" * 41 + "\n", 1, "嵌套层次过深"),
    ("facts:\n  立项依据充分性:\n    !x override: {score: 4}\n", 3, "不支持 YAML 标签“!x”"),
    ("a: !!python/object:os.system echo\n", 1, "不支持 YAML 标签“!!python/object:os.system”"),
    ("? [a, b]\n: 1\n", 1, "键必须是单个值"),
    ("spent: " + "5" * 5000 + "\n", 1, "位数过多"),  # Python's int() refuses 4300 digits with an exception
    ("spent: 1e999999999\n", 1, "位数过多"),
])
def test_a_text_that_would_cost_far_more_than_its_size_is_refused_where_it_says_so(
        text: str, line: int, says: str) -> None:
    node, diags = parse_yaml(text, "项目.yaml")
    assert node is None
    assert [(d.code, d.source.line if d.source else None) for d in diags] == [("yaml-refused", line)]
    assert says in diags[0].message and diags[0].hint


def test_the_ordinary_uses_of_yaml_stay_allowed() -> None:
    text = "a: 1.5e3\nb: 2020-01-01\nc: &r [1, 2]\nd: *r\ne: !!str 文字\nf: 123456789012345678901234567890\n"
    node, diags = parse_yaml(text, "项目.yaml")
    assert diags == [] and isinstance(node, Map)
    assert flow_text(node.entries["d"][1]) == "[1, 2]"
