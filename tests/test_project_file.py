"""Reading a project file: every problem located, in Chinese, all of them in one run."""

from __future__ import annotations

from pathlib import Path

from jixiao import RuleRegistry, load_project

from .conftest import codes, load

SMALL = """\
project: {name: 培训项目, department: 人社局, year: 2024, category: 培训}
funds: {budget: 50, arrived: 50, spent: 48}
framework:
  indicators:
    - name: 产出
      weight: 60
      children:
        - {name: 培训人次, weight: 60, rule: {kind: completion, label: 培训人次, target: 500, unit: 人次}}
    - name: 效益
      weight: 40
      children:
        - {name: 学员满意度, weight: 40, rule: {kind: satisfaction}}
facts:
  培训人次: {actual: 450}
  学员满意度: {survey: 是, rate: 95%}
"""


def test_a_small_project_scores(registry: RuleRegistry) -> None:
    result, diags = load(SMALL, registry)
    assert diags == []
    assert result is not None
    assert [(s.indicator.name, f"{s.score:.2f}") for s in result.leaves()] == [("培训人次", "54.00"), ("学员满意度", "38.00")]
    assert (f"{result.total:.2f}", result.grade) == ("92.00", "优")


def test_broken_yaml_points_at_the_line(registry: RuleRegistry) -> None:
    _, diags = load("project:\n  name: 甲\n  department: [乙\nfunds: {}\n", registry)
    assert codes(diags) == ["yaml-syntax"]
    assert diags[0].source is not None and diags[0].source.file == "项目.yaml" and diags[0].source.line == 4


def test_every_problem_in_one_run(registry: RuleRegistry) -> None:
    text = SMALL.replace("year: 2024", "year: 二〇二四").replace("spent: 48", "spent: -1").replace(
        "培训人次: {actual: 450}", "培训人数: {actual: 450}").replace("rate: 95%", "rate: 95") + "remarks: 无\n"
    _, diags = load(text, registry)
    assert [(d.code, d.source.line if d.source else None) for d in diags] == [
        ("wrong-type", 1),      # year: 二〇二四
        ("funds-invalid", 2),   # spent: -1
        ("fact-unused", 14),    # 培训人数 is not an indicator…
        ("wrong-type", 15),     # rate: 95 (percent or fraction?)
        ("fact-missing", 14),   # …so 培训人次 has no facts
        ("unknown-key", 16),    # remarks
    ]
    assert diags[2].hint == "是否想写“培训人次”？"
    assert diags[5].format() == ("项目.yaml:16:1: [unknown-key] 错误：项目文件中有无法识别的键“remarks”"
                                 "（可用的键：evidence、facts、framework、funds、goals、jixiao、monitoring、narrative、project、"
                                 "report、self_eval、wording）")


def test_a_rate_must_say_percent(registry: RuleRegistry) -> None:
    _, diags = load(SMALL.replace("rate: 95%", "rate: 95"), registry)
    assert [d.message for d in diags if d.code == "wrong-type"] == ["指标“学员满意度”的事实的“rate”是“95”，看不出是百分比还是小数"]
    assert diags[0].hint == "百分比请写成“95%”"


def test_missing_sections_are_named(registry: RuleRegistry) -> None:
    _, diags = load("project: {name: 甲}\n", registry)
    messages = [d.message for d in diags if d.code == "missing-key"]
    assert messages == ["项目文件的“project”缺少“department”", "项目文件的“project”缺少“year”",
                        "项目文件缺少“funds”", "项目文件缺少“framework”"]


def test_override_needs_a_reason_and_keeps_both_scores(registry: RuleRegistry) -> None:
    with_reason = SMALL.replace("{actual: 450}", "{actual: 450, override: {score: 58, reason: 另有50人次线上培训经核实}}")
    result, diags = load(with_reason, registry)
    assert diags == [] and result is not None
    leaf = result.find("培训人次")
    assert leaf is not None
    assert (f"{leaf.computed:.2f}", f"{leaf.score:.2f}") == ("54.00", "58.00")
    assert "评价人调整：计算得分 54，调整为 58，理由：另有50人次线上培训经核实" in leaf.explanation

    _, diags = load(SMALL.replace("{actual: 450}", "{actual: 450, override: {score: 58}}"), registry)
    assert codes(diags) == ["override-reason"]
    _, diags = load(SMALL.replace("{actual: 450}", "{actual: 450, override: {score: 70, reason: 理由}}"), registry)
    assert codes(diags) == ["override-range"]


def test_spending_more_than_arrived_is_a_warning(registry: RuleRegistry) -> None:
    result, diags = load(SMALL.replace("spent: 48", "spent: 52"), registry)
    assert result is not None and [(d.code, d.severity.value) for d in diags] == [("funds-invalid", "warning")]


def test_set_overrides_any_input(registry: RuleRegistry, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(SMALL, encoding="utf-8")
    loaded = load_project(path, registry, ["facts.培训人次.actual=500", "project.year=2025"])
    assert loaded.diagnostics == () and loaded.project is not None
    assert loaded.project.info.year == 2025
    assert loaded.project.facts["培训人次"].value.value == 500


def test_bad_set_arguments(registry: RuleRegistry, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(SMALL, encoding="utf-8")
    loaded = load_project(path, registry, ["funds.spent", "framework.indicators.9.weight=3"])
    assert codes(list(loaded.diagnostics)) == ["bad-set", "bad-set"]
    assert loaded.diagnostics[0].hint == "例如 --set funds.spent=55"


def test_unreadable_files(registry: RuleRegistry, tmp_path: Path) -> None:
    missing = load_project(tmp_path / "nope.yaml", registry)
    assert codes(list(missing.diagnostics)) == ["file-unreadable"]
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("project: 项目".encode("gbk"))
    assert load_project(gbk, registry).diagnostics[0].message == "文件不是 UTF-8 编码"


def test_goals_table_targets_are_understood(registry: RuleRegistry) -> None:
    text = SMALL + """goals:
  - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: ≥500人次, actual: 450人次}
  - {level1: 产出指标, level2: 时效指标, name: 响应时间, target: 2小时内, actual: 1.5小时}
  - {level1: 效益指标, level2: 社会效益指标, name: 就业技能提升, target: 明显, actual: 明显}
  - {level1: 效益指标, level2: 生态效益指标, applicable: 否}
"""
    result, diags = load(text, registry)
    assert diags == [] and result is not None
    targets = [(g.target.comparator, g.target.value, g.target.unit) if g.target else None for g in result.project.goals]
    assert targets == [("≥", 500, "人次"), ("≤", 2, "小时"), (None, None, ""), None]
    assert [g.applicable for g in result.project.goals] == [True, True, True, False]


def test_folded_chinese_text_joins_without_spaces(registry: RuleRegistry) -> None:
    text = SMALL + "narrative:\n  background: >-\n    第一行文字，\n    第二行文字。\n"
    result, _ = load(text, registry)
    assert result is not None and result.project.narrative.texts["background"] == "第一行文字，第二行文字。"


def test_an_impossible_date_is_a_located_message(registry: RuleRegistry) -> None:
    _, diags = load(SMALL.replace("category: 培训}", "category: 培训, period: {start: 2024-13-01, end: 2024-12-31}}"), registry)
    assert [(d.code, d.source.line if d.source else None) for d in diags] == [("wrong-type", 1)]
    assert diags[0].message == "项目文件的“project”的“period”的“start”应为日期，实际是“2024-13-01”"
