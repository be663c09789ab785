"""A save of an existing value replaces only that value's characters, found by libyaml's marks,
without ruamel's whole-file round trip; anything else still takes the round trip."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.storage import yamledit
from jixiao.yamlsrc import parse_yaml

from .conftest import example_text

FILE = """\
project:
  name: "盐田区信访信息系统运维"   # 项目名称
funds:
  budget: 61.71
  spent: 61.71              # 实际支付
  rate: 95
goals:
  - {name: 服务天数, target: 365天, actual: 365}  # 全年
facts:
  满意度:
    value:
"""


@pytest.fixture
def no_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any edit that falls back to ruamel's whole-file parse: these must not need it."""
    def refuse(text: str) -> None:
        raise AssertionError("took the ruamel round trip")
    monkeypatch.setattr(yamledit, "_load", refuse)


def edited(path: str, value: str, text: str = FILE) -> tuple[str, dict[str, tuple[str, str]]]:
    return yamledit.apply_edits(text, {path: value})


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]


def value_at(text: str, *keys: str | int) -> object:
    node, diags = parse_yaml(text, "项目文件")
    assert node is not None, diags
    for key in keys:
        node = node.entries[key][1] if isinstance(key, str) else node.items[key]  # type: ignore[union-attr]
    return node.value  # type: ignore[union-attr]


@pytest.mark.usefixtures("no_round_trip")
def test_a_value_inside_a_flow_map_keeps_the_map_and_the_comment() -> None:
    text, changes = edited("goals.0.actual", "366")
    assert changed_lines(FILE, text) == [
        ("  - {name: 服务天数, target: 365天, actual: 365}  # 全年",
         "  - {name: 服务天数, target: 365天, actual: 366}  # 全年"),
    ]
    assert changes == {"goals.0.actual": ("365", "366")}


@pytest.mark.usefixtures("no_round_trip")
def test_a_block_value_followed_by_a_comment_keeps_the_comment_in_its_column() -> None:
    text, _ = edited("funds.spent", "55")
    assert changed_lines(FILE, text) == [
        ("  spent: 61.71              # 实际支付", "  spent: 55                 # 实际支付"),
    ]
    assert value_at(text, "funds", "spent") == 55


@pytest.mark.usefixtures("no_round_trip")
def test_a_quoted_chinese_string_stays_quoted() -> None:
    text, changes = edited("project.name", "福田区信访信息系统运维")
    assert changed_lines(FILE, text) == [
        ('  name: "盐田区信访信息系统运维"   # 项目名称', '  name: "福田区信访信息系统运维"   # 项目名称'),
    ]
    assert changes == {"project.name": ("盐田区信访信息系统运维", "福田区信访信息系统运维")}


@pytest.mark.usefixtures("no_round_trip")
def test_a_number_becomes_a_rate() -> None:
    text, changes = edited("funds.rate", "98%")
    assert changed_lines(FILE, text) == [("  rate: 95", "  rate: 98%")]
    assert value_at(text, "funds", "rate") == "98%"
    assert changes == {"funds.rate": ("95", "98%")}


@pytest.mark.usefixtures("no_round_trip")
def test_text_that_would_read_otherwise_is_quoted_to_keep_its_meaning() -> None:
    text, _ = edited("goals.0.target", "365天, 全年")  # a bare comma would split the flow map
    assert "target: '365天, 全年'" in text
    assert value_at(text, "goals", 0, "target") == "365天, 全年"
    text, _ = edited("funds.spent", "'55'")  # typed as quoted text, so it must stay text
    assert value_at(text, "funds", "spent") == "55"


@pytest.mark.usefixtures("no_round_trip")
def test_an_empty_value_is_filled_in_after_its_colon() -> None:
    text, changes = edited("facts.满意度.value", "是")
    assert changed_lines(FILE, text) == [("    value:", "    value: 是")]
    assert changes == {"facts.满意度.value": ("", "是")}


@pytest.mark.usefixtures("no_round_trip")
def test_an_unchanged_value_is_no_change() -> None:
    assert edited("funds.spent", "61.71") == (FILE, {})


def test_a_new_key_or_a_list_still_takes_the_round_trip() -> None:
    text, changes = edited("funds.adjusted", "60")
    assert value_at(text, "funds", "adjusted") == 60 and "  spent: 61.71              # 实际支付" in text
    text, changes = edited("facts.满意度.value", "[是, 否]")
    assert "value: [是, 否]" in text
    assert changes == {"facts.满意度.value": ("", "[是, 否]")}


def test_an_anchored_value_is_not_spliced_under_its_aliases() -> None:
    text, _ = edited("a", "2", "a: &one 1\nb: *one\n")
    assert value_at(text, "a") == 2 and value_at(text, "b") == 1


@pytest.mark.usefixtures("no_round_trip")
def test_the_example_edits_as_before_without_the_round_trip() -> None:
    before = example_text()
    text, _ = yamledit.apply_edits(before, {"funds.spent": "55", "goals.0.actual": "2个"})
    assert len(changed_lines(before, text)) == 2
    assert value_at(text, "funds", "spent") == 55 and value_at(text, "funds", "budget") == Decimal("61.91")


@pytest.mark.usefixtures("no_round_trip")
def test_a_blank_field_for_a_missing_key_changes_nothing() -> None:
    assert edited("goals.0.note", "") == (FILE, {})  # a goal row without a note, saved as the form shows it



def test_the_overrides_of_a_file_are_read_as_the_core_reads_them() -> None:
    text = """\
project: {name: 示例}
facts:
  信访群众满意度:
    complaints: 2
    override: {score: 4.5, reason: "现场核实后调整"}
  2023: {override: 3}
  办结率: {value: 98%, override: null}
  未调整: {value: 1}
  重复: {override: {score: 1}}
  重复: {override: {score: 2}}
"""
    assert yamledit.overrides_in(text) == {"信访群众满意度": {"score": Decimal("4.5"), "reason": "现场核实后调整"},
                                           "2023": 3, "办结率": None, "重复": {"score": 2}}
    assert yamledit.overrides_in("facts: 不是键值表\n") == yamledit.overrides_in("- 列表\n") == {}
    assert yamledit.overrides_in("a: [\n") == {}  # not YAML: the save is refused elsewhere


def test_a_value_that_is_not_yaml_is_refused_in_chinese_with_where_it_breaks() -> None:
    with pytest.raises(yamledit.EditError) as refused:
        yamledit.apply_edits(FILE, {"funds.spent": "[1, "})
    message = refused.value.diagnostic.message
    assert message == "“[1, ”不是合法的取值：第 5 个字符附近无法按 YAML 读取"
    assert refused.value.diagnostic.source is not None and refused.value.diagnostic.source.file == "funds.spent"
