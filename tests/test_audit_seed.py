"""The seed report, reviewed: every defect domain.md lists is found at its place, and little else."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, Finding, default_checks
from jixiao.review import Review, review_file

SEED = Path(__file__).parent / "corpus" / "seed-yantian-it-om.txt"


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


@pytest.fixture(scope="module")
def seed(registry: RuleRegistry, checks: CheckRegistry) -> Review:
    return review_file(SEED, registry, checks)


def found(review: Review, code: str, words: str) -> Finding:
    """The finding of ``code`` whose message or a quoted place contains ``words``."""
    for f in review.findings:
        if f.code == code and (words in f.message or any(words in loc.quote for loc in f.locations)):
            return f
    raise AssertionError(f"no {code} finding with “{words}” in {[x.format() for x in review.findings]}")


def test_satisfaction_stated_although_no_survey_was_held(seed: Review) -> None:
    f = found(seed, "survey-contradiction", "98.72%")
    assert str(f.locations[0].source) == "seed-yantian-it-om.txt:52（表1第10行第5列）"
    assert "未对信息化项目运维服务费项目进行满意度调查" in f.locations[1].quote


def test_system_name_misspelt_once(seed: Review) -> None:
    f = found(seed, "name-variant", "云安防系统")
    assert "“云安访系统”出现 9 次" in f.message
    assert f.locations[0].source.line == 205


def test_passages_from_a_subsidy_report(seed: Review) -> None:
    # the method section speaks of 慰问政策 (line 105) and 补助金 (line 109): a subsidy report's words
    f = found(seed, "foreign-passage", "补助金")
    assert [loc.source.line for loc in f.locations] == [105, 109]
    assert "“慰问政策”、“补助金”等补助补贴类项目的用语" in f.message


def test_goal_name_that_is_a_sentence(seed: Review) -> None:
    f = found(seed, "name-is-sentence", "产生社会效益")
    assert f.locations[0].source.line == 49


def test_qualitative_targets_met_with_percentages(seed: Review) -> None:
    assert found(seed, "actual-kind", "“明显”").locations[0].quote == "100%"
    assert found(seed, "actual-kind", "“良好”").locations[0].quote == "98.72%"


def test_timeliness_answered_with_a_date_or_duration(seed: Review) -> None:
    assert found(seed, "actual-kind", "次月10日前").locations[0].quote == "次月10日"
    assert found(seed, "actual-kind", "5个工作日内").locations[0].quote == "5个工作日"


def test_lost_point_without_the_failed_criterion(seed: Review) -> None:
    f = found(seed, "loss-unexplained", "绩效目标合理性")
    assert str(f.locations[0].source) == "seed-yantian-it-om.txt:231（表3第5行第9列）"


def test_no_more_than_a_handful_of_other_findings(seed: Review) -> None:
    expected = {"survey-contradiction", "name-variant", "foreign-passage", "name-is-sentence", "actual-kind",
                "loss-unexplained"}
    others = [f.format() for f in seed.findings if f.code not in expected]
    assert others == []
    assert len(seed.findings) == 9


def test_most_serious_first(seed: Review) -> None:
    assert seed.findings[0].code == "survey-contradiction"
    assert [f.severity.value for f in seed.findings] == sorted(
        (f.severity.value for f in seed.findings), key=["error", "warning", "info"].index)


def test_json_shape(seed: Review) -> None:
    data = seed.to_json()
    assert data["rescored"] == {"total": "98.00", "grade": "优", "unscored": [], "taken_as_stated": [], "missing": []}
    assert (data["imported"]["total"], data["imported"]["grade"]) == ("98", "优")
    leaf = data["imported"]["leaves"][2]
    assert leaf == {"path": ["项目决策", "绩效目标", "绩效目标合理性"], "weight": "4", "actual": "75%", "stated": "3",
                    "rescored": "3.00", "rule": "checklist"}
    assert set(data["findings"][0]) == {"code", "severity", "certainty", "grade", "message", "locations", "fix", "key"}
    assert (data["findings"][0]["severity"], data["findings"][0]["grade"]) == ("error", "错误·确定")
