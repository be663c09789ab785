"""评分标准 in the wordings reports use, read into rule kinds and re-scored from the report's actuals.

Each case is one row of a scoring table as a unit or an evaluator writes it: the criterion, the
actual, and the score jixiao computes from them (never the score the report states).
"""

from __future__ import annotations

import pytest

from jixiao import RuleRegistry, score_project
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.importers.read_text import parse_text

HEAD = "某项目绩效评价报告\n三级指标\t权重\t评分标准\t实际完成值\t得分\n"


def rescored(registry: RuleRegistry, criterion: str, actual: str, weight: str = "10") -> tuple[str, str]:
    """The rule kind read from ``criterion`` and the score jixiao computes from ``actual``."""
    text = HEAD + f"被评指标\t{weight}\t{criterion}\t{actual}\t0\n"
    imported = build(extract(parse_text(text, "报告.txt")), registry)
    spec = imported.specs["被评指标"]
    assert imported.loaded.project is not None
    [leaf] = score_project(imported.loaded.project, registry).leaves()
    return spec.kind, f"{leaf.score:.2f}"


@pytest.mark.parametrize(("criterion", "actual", "expected"), [
    ("完成4公里得满分，未完成的按实际完成比例得分。", "3公里", ("completion", "7.50")),
    ("加装电梯数量达到10部的得满分，未达到的按比例得分。", "10部", ("completion", "10.00")),
    ("维修改造校舍面积=800平方米，得满分，否则按完成比例扣分。", "600平方米", ("completion", "7.50")),
    ("参训率达到95%的得满分，未达到的按比例得分。", "76%", ("completion", "8.00")),
])
def test_a_target_reached_in_proportion(registry: RuleRegistry, criterion: str, actual: str,
                                        expected: tuple[str, str]) -> None:
    assert rescored(registry, criterion, actual) == expected


@pytest.mark.parametrize(("criterion", "actual", "expected"), [
    ("工程按期完工率达到90%（含）以上的得满分；80%（含）-90%的得80%分值；70%（含）-80%的得60%分值；低于70%的不得分。",
     "85%", ("bands", "8.00")),
    ("合格率90%（含）-100%得满分，80%（含）-90%得80%分值，70%（含）-80%得60%分值，70%以下不得分。", "92.5%", ("bands", "10.00")),
    ("合格率达到90%（含）以上的得满分；80%（含）-90%的得8分；70%（含）-80%的得6分。", "72%", ("bands", "6.00")),
    ("合格率达到90%（含）以上的得满分；80%（含）-90%的得8分；70%（含）-80%的得6分。", "65%", ("bands", "0.00")),
])
def test_bands_of_a_rate(registry: RuleRegistry, criterion: str, actual: str, expected: tuple[str, str]) -> None:
    assert rescored(registry, criterion, actual) == expected


def test_bands_with_a_gap_between_them_are_not_read(registry: RuleRegistry) -> None:
    text = HEAD + "被评指标\t10\t合格率达到90%以上的得满分；70%-80%的得60%分值。\t85%\t8\n"
    imported = build(extract(parse_text(text, "报告.txt")), registry)
    assert imported.unscored == ("被评指标",)  # 80%–90% is not said: left to the reviewer, never guessed


@pytest.mark.parametrize(("criterion", "actual", "expected"), [
    ("发生1次及以上安全责任事故的不得分。", "0次", ("yes_no", "10.00")),
    ("未发生安全责任事故的得满分，发生1次及以上不得分。", "1次", ("yes_no", "0.00")),
    ("发生1次及以上安全责任事故的不得分。", "无", ("yes_no", "10.00")),
])
def test_an_event_that_must_not_happen(registry: RuleRegistry, criterion: str, actual: str,
                                       expected: tuple[str, str]) -> None:
    assert rescored(registry, criterion, actual) == expected


@pytest.mark.parametrize(("actual", "expected"), [("0项", "5.00"), ("2项", "3.00"), ("7项", "0.00")])
def test_points_off_for_each_item(registry: RuleRegistry, actual: str, expected: str) -> None:
    criterion = "发现问题未按期整改的，每项扣1分，扣完为止。"
    assert rescored(registry, criterion, actual, "5") == ("per_item", expected)


def test_an_item_count_that_is_not_a_count_is_left_unscored(registry: RuleRegistry) -> None:
    text = HEAD + "被评指标\t5\t发现问题未按期整改的，每项扣1分，扣完为止。\t已整改\t5\n"
    imported = build(extract(parse_text(text, "报告.txt")), registry)
    assert imported.specs["被评指标"].kind == "per_item"
    assert imported.unscored == ("被评指标",)
