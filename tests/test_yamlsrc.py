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
    assert [(d.code, d.source.line if d.source else None) for d in diags] == [("yaml-syntax", 1)]
    assert "无限嵌套" in diags[0].message


def test_an_alias_outside_its_anchor_reads_the_anchored_value_again() -> None:
    node, diags = parse_yaml('a: &x [1, 2]\nb: *x\nc: "3*4"\n', "p.yaml")
    assert diags == [] and isinstance(node, Map)
    assert flow_text(node.entries["b"][1]) == "[1, 2]" and node.entries["c"][1].value == "3*4"
