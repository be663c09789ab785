"""What the project page's controls post, read back as the ``PATH → YAML`` edits Store.edit
takes (web/facts_form.py). Each example is a form as a browser sends it: name and value pairs in
order, a ticked checkbox after the hidden 否 of the same name."""

from __future__ import annotations

from jixiao.storage.yamledit import apply_edits, read_data
from jixiao.web.facts_form import changes


def test_yaml_fields_pass_as_typed() -> None:
    assert changes([("set:funds.spent", "61.71"), ("set:facts.速度.value", "是"), ("csrf_token", "x"),
                    ("version", "3"), ("reason", "依据决算")]) == {"funds.spent": "61.71", "facts.速度.value": "是"}


def test_a_text_stays_text_whatever_it_looks_like() -> None:
    edits = changes([("text:facts.A.note", "100"), ("text:facts.B.note", "目标: 全覆盖"), ("text:facts.C.note", "按期完成")])
    assert edits == {"facts.A.note": '"100"', "facts.B.note": '"目标: 全覆盖"', "facts.C.note": "按期完成"}
    saved = read_data(apply_edits("facts: {A: {}, B: {}, C: {}}\n", edits)[0])
    assert saved["facts"] == {"A": {"note": "100"}, "B": {"note": "目标: 全覆盖"}, "C": {"note": "按期完成"}}


def test_a_percent_typed_as_a_number_is_saved_as_a_rate() -> None:
    assert changes([("rate:facts.验收通过率.actual", "98"), ("rate:facts.及时率.actual", "99.5%"),
                    ("rate:facts.满意度.rate", " ")]) == {
        "facts.验收通过率.actual": "98%", "facts.及时率.actual": "99.5%", "facts.满意度.rate": ""}


def test_ticked_points_become_the_answers_and_a_lost_point_keeps_its_reason() -> None:
    form = [
        ("answer:facts.立项.answers#1", "否"), ("answer:facts.立项.answers#1", "是"),  # ticked
        ("answer:facts.立项.answers#2", "否"),  # left empty: lost
        ("reason:facts.立项.reasons#1", "旧的原因"), ("lost-if:facts.立项.reasons#1", "facts.立项.answers#1=否"),
        ("reason:facts.立项.reasons#2", "未见可行性研究"), ("lost-if:facts.立项.reasons#2", "facts.立项.answers#2=否"),
        ("answer:facts.立项.answers#3", "否"), ("answer:facts.立项.answers#3", "是"),  # a negated point that holds
        ("reason:facts.立项.reasons#3", "与区级项目重复, 已合并"), ("lost-if:facts.立项.reasons#3", "facts.立项.answers#3=是"),
    ]
    # The reason of the point met again is dropped; a reason with a comma is quoted inside the map.
    assert changes(form) == {"facts.立项.answers": "[是, 否, 是]",
                             "facts.立项.reasons": '{2: 未见可行性研究, 3: "与区级项目重复, 已合并"}'}


def test_no_reason_left_clears_the_reasons() -> None:
    form = [("answer:facts.立项.answers#1", "否"), ("answer:facts.立项.answers#1", "是"),
            ("reason:facts.立项.reasons#1", "曾经失分"), ("lost-if:facts.立项.reasons#1", "facts.立项.answers#1=否")]
    assert changes(form) == {"facts.立项.answers": "[是]", "facts.立项.reasons": ""}


def test_a_blank_new_row_adds_nothing_and_a_filled_one_only_its_values() -> None:
    blank = [("new:goals.2", ""), ("text:goals.2.level1", ""), ("text:goals.2.name", "")]
    assert changes([("text:goals.0.actual", "3个"), *blank]) == {"goals.0.actual": "3个"}
    filled = [("new:goals.2", ""), ("text:goals.2.level1", "效益指标"), ("text:goals.2.name", ""),
              ("text:goals.2.applicable", "否")]
    assert changes(filled) == {"goals.2.level1": "效益指标", "goals.2.applicable": "否"}


def test_values_come_before_clearings() -> None:
    # A new leaf's map is made by its first value; clearing a key of a map that exists costs nothing.
    assert list(changes([("set:facts.A.count", ""), ("set:facts.A.total", ""), ("rate:facts.A.actual", "98")])) == [
        "facts.A.actual", "facts.A.count", "facts.A.total"]


def test_a_row_added_at_the_end_of_the_goals() -> None:
    text = "goals:\n  - {level1: 产出指标, level2: 数量指标, name: 慰问人数, target: ≥300人}\n"
    edits = changes([("new:goals.1", ""), ("text:goals.1.level1", "效益指标"), ("text:goals.1.level2", "社会效益指标"),
                     ("text:goals.1.applicable", "否")])
    saved = read_data(apply_edits(text, edits)[0])
    assert saved["goals"][1] == {"level1": "效益指标", "level2": "社会效益指标", "applicable": "否"}
