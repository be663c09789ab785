"""Each rule kind at its boundaries: exactly at a threshold, just below, far below, zero, over."""

from __future__ import annotations

import pytest

from jixiao import RuleRegistry

from .conftest import codes
from .rulekit import points_of, score_one

BUDGET_RATE = "{kind: threshold, label: 预算执行率, full_at: 98%, per: 1%, deduct: 0.1, partial: up}"


@pytest.mark.parametrize(("rate", "expected"), [
    ("100%", "5.00"),     # above the threshold
    ("98%", "5.00"),      # exactly at it
    ("97.99%", "4.90"),   # a started point below costs a whole step
    ("97%", "4.90"),      # exactly one point below
    ("88.84%", "4.00"),   # 9.16 points below: ten started points × 0.1
    ("40%", "0.00"),      # far below: never under 0
    ("0%", "0.00"),
])
def test_threshold_deducts_per_started_point(registry: RuleRegistry, rate: str, expected: str) -> None:
    assert points_of(registry, BUDGET_RATE, f"{{actual: {rate}}}", "5") == expected


@pytest.mark.parametrize(("partial", "expected"), [("up", "4.80"), ("down", "4.90"), ("proportional", "4.85")])
def test_threshold_partial_steps(registry: RuleRegistry, partial: str, expected: str) -> None:
    rule = f"{{kind: threshold, full_at: 98%, deduct: 0.1, partial: {partial}}}"
    assert points_of(registry, rule, "{actual: 96.5%}", "5") == expected


def test_threshold_uses_the_rate_as_printed(registry: RuleRegistry) -> None:
    # 97.996% prints as 98% in the report, so it scores full marks there too.
    assert points_of(registry, BUDGET_RATE, "{actual: 97.996%}", "5") == "5.00"


@pytest.mark.parametrize(("rate", "expected"), [
    ("99.68%", "4.00"), ("100%", "4.00"), ("100.2%", "3.50"), ("102%", "3.00"), ("150%", "0.00")])
def test_overrun_deducts_per_point_over(registry: RuleRegistry, rate: str, expected: str) -> None:
    rule = "{kind: overrun, label: 成本控制率, full_at: 100%, deduct: 0.5}"
    assert points_of(registry, rule, f"{{actual: {rate}}}", "4") == expected


@pytest.mark.parametrize(("actual", "expected"), [("365", "2.00"), ("400", "2.00"), ("300", "1.64"), ("0", "0.00")])
def test_completion_is_proportional_up_to_the_target(registry: RuleRegistry, actual: str, expected: str) -> None:
    rule = "{kind: completion, label: 监测次数, target: 365, unit: 次}"
    assert points_of(registry, rule, f"{{actual: {actual}}}", "2") == expected


def test_completion_rejects_a_rate_for_a_count(registry: RuleRegistry) -> None:
    _, diags = score_one(registry, "{kind: completion, target: 12, unit: 次}", "{actual: 100%}")
    assert "fact-invalid" in codes(diags)
    assert "目标值是 12次" in next(d.message for d in diags if d.code == "fact-invalid")


BANDS = "{kind: bands, label: 完工率, bands: [{from: 90%, share: 100%}, {from: 80%, share: 80%}, {from: 70%, share: 60%}]}"


@pytest.mark.parametrize(("rate", "expected"), [
    ("100%", "10.00"), ("90%", "10.00"),  # the top band, from its lower bound (含)
    ("89.99%", "8.00"), ("80%", "8.00"),  # the band below
    ("79.996%", "8.00"),                  # prints as 80.00%, so it scores as printed
    ("75%", "6.00"), ("69.9%", "0.00"),   # under the last band: nothing
])
def test_bands_score_the_band_the_rate_falls_in(registry: RuleRegistry, rate: str, expected: str) -> None:
    assert points_of(registry, BANDS, f"{{actual: {rate}}}") == expected


def test_bands_out_of_order_are_refused(registry: RuleRegistry) -> None:
    rule = "{kind: bands, bands: [{from: 80%, share: 80%}, {from: 90%, share: 100%}]}"
    _, diags = score_one(registry, rule, "{actual: 85%}")
    assert "分段应从高到低排列" in next(d.message for d in diags if d.code == "bad-param")


@pytest.mark.parametrize(("count", "expected"), [("0", "5.00"), ("2", "3.00"), ("9", "0.00")])
def test_per_item_deducts_for_each_item_down_to_zero(registry: RuleRegistry, count: str, expected: str) -> None:
    rule = "{kind: per_item, label: 问题未按期整改, per: 1}"
    assert points_of(registry, rule, f"{{count: {count}, reason: 审计指出的问题未整改}}", "5") == expected


def test_per_item_count_is_a_whole_number_not_below_zero(registry: RuleRegistry) -> None:
    _, diags = score_one(registry, "{kind: per_item, per: 1}", "{count: -1}")
    assert "“count”应不小于 0，填写的是 -1" in next(d.message for d in diags if d.code == "fact-invalid")


@pytest.mark.parametrize(("facts", "expected"), [
    ("{actual: 100%}", "4.00"), ("{count: 9, total: 10}", "3.60"), ("{count: 0, total: 3}", "0.00"),
    ("{actual: 120%}", "4.00")])
def test_rate_times_weight(registry: RuleRegistry, facts: str, expected: str) -> None:
    assert points_of(registry, "{kind: rate, label: 验收通过率}", facts, "4") == expected


def test_rate_explains_the_count_it_came_from(registry: RuleRegistry) -> None:
    scored, _ = score_one(registry, "{kind: rate, label: 验收通过率}", "{count: 9, total: 10}", "4")
    assert scored.explanation[1:3] == ("实际值：9 ÷ 10 = 90%", "计算：验收通过率 90% × 4 = 3.6")


def test_checklist_sums_unequal_items_and_honours_a_negated_item(registry: RuleRegistry) -> None:
    rule = """{kind: checklist, items: [{text: 符合政策, points: 0.5}, {text: 属于职责, points: 1.5},
              {text: 与其他项目重复, points: 2, negated: true}]}"""
    assert points_of(registry, rule, "{answers: [是, 是, 否]}", "4") == "4.00"
    scored, _ = score_one(registry, rule, "{answers: [是, 否, 是], reasons: {2: 超出职责, 3: 与某项目重复}}", "4")
    assert f"{scored.score:.2f}" == "0.50"
    assert [d.reason for d in scored.evaluation.deductions] == [
        "要点②“属于职责”不符合：超出职责", "要点③“与其他项目重复”不符合：与某项目重复"]


def test_checklist_gate_zeroes_the_whole_indicator(registry: RuleRegistry) -> None:
    rule = "{kind: checklist, gate: 1, items: [{text: 按程序申请, points: 1}, {text: 材料齐全, points: 1}, {text: 经过论证, points: 1}]}"
    assert points_of(registry, rule, "{answers: [否, 是, 是], reasons: {1: 未履行程序}}", "3") == "0.00"
    assert points_of(registry, rule, "{answers: [是, 否, 是], reasons: {2: 缺少批复}}", "3") == "2.00"


def test_checklist_lost_point_without_reason_is_a_warning(registry: RuleRegistry) -> None:
    rule = "{kind: checklist, items: [{text: 甲, points: 5}, {text: 乙, points: 5}]}"
    scored, diags = score_one(registry, rule, "{answers: [是, 否]}")
    assert f"{scored.score:.2f}" == "5.00"
    assert [(d.code, d.severity.value) for d in diags] == [("reason-missing", "warning")]


def test_checklist_wrong_number_of_answers(registry: RuleRegistry) -> None:
    rule = "{kind: checklist, items: [{text: 甲, points: 5}, {text: 乙, points: 5}]}"
    _, diags = score_one(registry, rule, "{answers: [是]}")
    assert "有 2 个评分要点，却回答了 1 个" in " ".join(d.message for d in diags)


def test_yes_no(registry: RuleRegistry) -> None:
    rule = "{kind: yes_no, question: 项目实施能提高化解群众诉求的速度}"
    assert points_of(registry, rule, "{value: 是, reason: 办结时间缩短}", "15") == "15.00"
    assert points_of(registry, rule, "{value: 否, reason: 办结时间未缩短}", "15") == "0.00"


@pytest.mark.parametrize(("facts", "expected"), [
    ("{survey: 否, complaints: 0}", "9.00"),       # presumed 90%
    ("{survey: 否, complaints: 3}", "8.85"),       # 90% − 3 × 0.5%
    ("{survey: 否, complaints: 500}", "0.00"),     # never below 0
    ("{survey: 是, rate: 96.5%}", "9.65"),
    ("{survey: 是, rate: 100%}", "10.00"),
])
def test_satisfaction(registry: RuleRegistry, facts: str, expected: str) -> None:
    rule = "{kind: satisfaction, label: 群众满意度, presumed: 90%, per_complaint: 0.5%}"
    assert points_of(registry, rule, facts) == expected


def test_satisfaction_rate_without_survey_is_an_error(registry: RuleRegistry) -> None:
    _, diags = score_one(registry, "{kind: satisfaction}", "{survey: 否, rate: 98.72%, complaints: 0}")
    assert "未开展满意度调查，却填写了满意度 98.72%" in " ".join(d.message for d in diags)


@pytest.mark.parametrize(("facts", "expected"), [
    ("{on_time: 10, due: 10}", "4.00"), ("{on_time: 7, due: 10}", "2.80"), ("{on_time: 0, due: 0}", "4.00"),
    ("{actual: 90%}", "3.60")])
def test_timeliness(registry: RuleRegistry, facts: str, expected: str) -> None:
    assert points_of(registry, "{kind: timeliness, deadline: 次月10日前}", facts, "4") == expected


def test_timeliness_more_on_time_than_due_is_an_error(registry: RuleRegistry) -> None:
    _, diags = score_one(registry, "{kind: timeliness, deadline: 次月10日前}", "{on_time: 11, due: 10}")
    assert codes(diags) == ["fact-invalid"]


@pytest.mark.parametrize(("actual", "expected"), [
    ("1", "10.00"), ("2", "10.00"), ("2.5", "7.50"), ("3", "5.00"), ("4", "0.00"), ("9", "0.00")])
def test_reverse_falls_linearly_to_zero_at_twice_the_target(registry: RuleRegistry, actual: str, expected: str) -> None:
    assert points_of(registry, "{kind: reverse, target: 2, unit: 小时}", f"{{actual: {actual}}}") == expected


def test_reverse_with_rates(registry: RuleRegistry) -> None:
    rule = "{kind: reverse, target: 1%}"
    assert points_of(registry, rule, "{actual: 0.32%}") == "10.00"
    assert points_of(registry, rule, "{actual: 1.5%}") == "5.00"


@pytest.mark.parametrize(("actual", "expected"), [("3", "5.00"), ("4", "3.33"), ("2", "3.33"), ("6", "0.00"), ("0", "0.00")])
def test_equality(registry: RuleRegistry, actual: str, expected: str) -> None:
    assert points_of(registry, "{kind: equality, target: 3, unit: 个}", f"{{actual: {actual}}}", "5") == expected


def test_tiers_points_inside_the_band(registry: RuleRegistry) -> None:
    assert points_of(registry, "{kind: tiers}", "{tier: 达成, points: 9, reason: 目标基本实现}") == "9.00"
    assert points_of(registry, "{kind: tiers}", "{tier: 未达成, points: 0, reason: 未实施}") == "0.00"


def test_tiers_points_outside_the_band_is_an_error(registry: RuleRegistry) -> None:
    scored, diags = score_one(registry, "{kind: tiers}", "{tier: 部分达成, points: 9, reason: 部分实现}")
    assert scored.score == 0
    assert "“部分达成”档的得分应在 6 到 8 分之间，填写的是 9 分" in diags[0].message


def test_tiers_unknown_tier(registry: RuleRegistry) -> None:
    _, diags = score_one(registry, "{kind: tiers}", "{tier: 优秀, points: 9, reason: 好}")
    assert "可选档位：达成、部分达成、未达成" in diags[0].hint


@pytest.mark.parametrize(("facts", "expected"), [
    ("{done: 45, plan: 60}", "7.50"), ("{done: 90, plan: 60}", "10.00"), ("{done: 0, plan: 60}", "0.00")])
def test_formula(registry: RuleRegistry, facts: str, expected: str) -> None:
    rule = '{kind: formula, inputs: [done, plan], expr: "weight * min(done / plan, 1)"}'
    assert points_of(registry, rule, facts) == expected


def test_formula_result_is_kept_within_the_weight(registry: RuleRegistry) -> None:
    rule = '{kind: formula, inputs: [x], expr: "x * 3 - 50"}'
    assert points_of(registry, rule, "{x: 100}") == "10.00"
    assert points_of(registry, rule, "{x: 1}") == "0.00"


def test_formula_division_by_zero_is_reported_not_raised(registry: RuleRegistry) -> None:
    rule = '{kind: formula, inputs: [a, b], expr: "weight * a / b"}'
    scored, diags = score_one(registry, rule, "{a: 1, b: 0}")
    assert scored.score == 0
    assert "除以0" in diags[0].message


@pytest.mark.parametrize("expr", [
    "__import__('os').system('true')", "weight.__class__", "[1, 2]", "open('x')", "unknown * 2", "'text'",
    "lambda: 1", "weight ** 2"])
def test_formula_rejects_anything_but_arithmetic(registry: RuleRegistry, expr: str) -> None:
    _, diags = score_one(registry, f'{{kind: formula, expr: "{expr}"}}', "{}")
    assert "formula-invalid" in codes(diags)
