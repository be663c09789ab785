"""The analysis as an evaluator writes it: per 二级 one paragraph that says what was found and where
it came from, sums up the leaves at full marks, and names every lost point with its reason.

The wording is data (src/jixiao/wording.yaml): an overlay per project category, and a user's file
whose templates are checked place by place.
"""

from __future__ import annotations

from pathlib import Path

from jixiao import RuleRegistry, load_project, load_project_text, score_project
from jixiao.report import build_report
from jixiao.wording import default_wording, load_wording

from .conftest import EXAMPLE
from .reportkit import TRAINING, built_from_file, built_from_text
from .test_report import paragraph_with, texts


def test_a_part_at_full_marks_is_summed_up_after_what_was_found(registry: RuleRegistry) -> None:
    doc = built_from_file(EXAMPLE, registry).document
    assert paragraph_with(doc, "立项依据充分性方面") == (
        "立项依据充分性方面，项目根据《关于做好省一体化信访信息系统暨广东智慧信访一期项目上线准备工作的通知》等文件立项。"
        "立项程序规范性方面，项目由办理科提出立项申请，经区信访局党组会审议决策通过。"
        "以上 2 项指标均符合评分标准，得满分 7 分。")
    # equal values are said once; a funds figure gives its operands, not the result twice
    assert paragraph_with(doc, "验收通过率均为") == (
        "省一体化信访信息系统运维服务验收通过率、盐田区群众诉求智慧指挥系统运维服务验收通过率均为 100%。"
        "以上 2 项指标均符合评分标准，得满分 8 分。")
    assert paragraph_with(doc, "成本控制率为") == (
        "成本控制率为 99.68%（实际支出 61.71 万元 ÷ 指标金额 61.91 万元），符合评分标准，得满分 4 分。")


def test_no_sentence_reads_like_a_scoring_log(registry: RuleRegistry) -> None:
    """The old analysis said "X：得 n 分（满分 n 分），实际完成值 v。" for every leaf, "实际完成值 是" too."""
    doc = built_from_file(EXAMPLE, registry).document
    analysis = texts(doc)
    assert not [t for t in analysis if "实际完成值 是" in t or ("分（满分" in t and "：得" in t)]
    assert paragraph_with(doc, "化解群众诉求的速度") == (
        "运用省一体化系统、盐田区群众诉求服务智慧指挥系统以及云安访系统快速化解民众诉求，保障辖区社会安全稳定，"
        "项目实施能提高化解群众诉求的速度，符合评分标准，得满分 15 分。")


def test_a_lost_checklist_point_is_named_with_its_reason(registry: RuleRegistry) -> None:
    doc = built_from_file(EXAMPLE, registry).document
    assert paragraph_with(doc, "绩效目标合理性扣 1 分，要点") == (
        "本项满分 7 分，得 6 分。绩效目标明确性符合评分标准，得满分；绩效目标合理性扣 1 分，"
        "要点③“项目预期产出效益和效果符合正常的业绩水平”不符合：社会效益指标下的三级指标表述冗长，未形成可与正常业绩水平比较的指标。")


def test_the_counts_table_is_introduced_and_not_repeated(registry: RuleRegistry) -> None:
    doc = built_from_file(EXAMPLE, registry).document
    # the category 信息化运维 gives the table its own introduction
    assert "产出数量方面，项目围绕系统日常监测、定期巡检、系统培训等运维工作开展，具体完成情况如下表：" in texts(doc)
    assert paragraph_with(doc, "8 项指标") == "经核查，省一体化信访信息系统运行环境监测次数等 8 项指标均符合评分标准，得满分 16 分。"


def test_a_computed_actual_is_said_beside_the_one_the_unit_stated(registry: RuleRegistry) -> None:
    doc = built_from_file(EXAMPLE, registry).document
    assert paragraph_with(doc, "运维月报提交及时率由工作记录计算").startswith(
        "盐田区群众诉求智慧指挥系统运维月报提交及时率由工作记录计算为 100%，项目单位填报为“次月10日”，以计算值为准。")
    goals = next(t for t in doc.tables() if t.sheet == "绩效目标")
    assert goals.below == ("注：“信访群众满意度”由评价小组根据项目资料核定为 90%，项目单位填报为 98.72%。表中为评价采用的值。",)


def test_the_appendix_says_where_every_actual_came_from(registry: RuleRegistry) -> None:
    scoring = next(t for t in built_from_file(EXAMPLE, registry).document.tables() if t.sheet == "评分表")
    assert scoring.below == (
        "注：实际完成值中，资金到位率、预算执行率、成本控制率由资金数据计算；省一体化信访信息系统运行环境监测次数等 10 项"
        "由工作记录计算；立项依据充分性等 13 项由评价小组根据项目资料核定。",)


ANALYSED = TRAINING.replace("""  recommendations: [提前落实培训场地。]""", """  recommendations: [提前落实培训场地。]
  analysis:
    资金管理: 项目资金由区财政年初足额安排，按培训进度拨付。
    培训班次: 全年开班 10 期，每期均有签到表和结业名单。""")


def test_the_evaluators_analysis_of_a_part_and_of_a_leaf_has_its_place(registry: RuleRegistry) -> None:
    doc = built_from_text(ANALYSED, registry).document
    assert paragraph_with(doc, "按培训进度拨付").startswith(
        "项目资金由区财政年初足额安排，按培训进度拨付。预算执行率为 90%（实际支出 90.00 万元 ÷ 实际到位 100.00 万元）。")
    assert paragraph_with(doc, "签到表").startswith(
        "培训人次方面，下半年两期培训因场地改造推迟。全年开班 10 期，每期均有签到表和结业名单。")


def test_an_analysis_of_an_indicator_that_does_not_exist_is_located(registry: RuleRegistry) -> None:
    loaded = load_project_text(ANALYSED.replace("    培训班次: 全年", "    培训班数: 全年"), "培训.yaml", registry)
    unused = [d for d in loaded.diagnostics if d.code == "narrative-unused"]
    assert [(d.message, d.source.line) for d in unused] == [("指标分析“培训班数”没有对应的指标", 51)]
    assert "培训班次" in unused[0].hint


def test_a_category_changes_only_the_words_it_overlays() -> None:
    training, plain = default_wording("就业培训"), default_wording("")
    assert training.say("table_intro", part="产出数量") == "产出数量方面，培训计划的具体完成情况如下表："
    assert plain.say("table_intro", part="产出数量") == "产出数量具体完成情况如下表："
    assert training.say("part_scored", weight="40", score="32") == plain.say("part_scored", weight="40", score="32")


def test_a_users_wording_file_is_checked_place_by_place(tmp_path: Path) -> None:
    path = tmp_path / "措辞.yaml"
    path.write_text("part_scored: 该项满分 {weight} 分，实得 {score} 分。\n"
                    "part_waiting: 本项 {weight} 分，{missing} 项未评。\n"
                    "table_intro: 如下表{\n"
                    "closing: 综上所述\n", encoding="utf-8")
    wording, diags = load_wording(path)
    assert wording.say("part_scored", weight="7", score="6") == "该项满分 7 分，实得 6 分。"
    assert wording.say("part_waiting", weight="7", waiting=1) == "本项满分 7 分，其中 1 项指标尚未评分，暂不计得分。"
    assert [(d.code, d.message, d.source.line) for d in diags] == [
        ("wording-invalid", "措辞“part_waiting”含有无法填入的字段“{missing}”，本项沿用默认措辞", 2),
        ("wording-invalid", "措辞“table_intro”花括号不成对，本项沿用默认措辞", 3),
        ("unknown-key", diags[2].message, 4),
    ]
    assert all(d.severity.value == "warning" for d in diags)  # the report is not held up by its wording
    assert "可用的字段：waiting、weight" in diags[0].hint


def test_a_project_names_its_own_wording_file(tmp_path: Path, registry: RuleRegistry) -> None:
    (tmp_path / "措辞.yaml").write_text("part_scored: 该项满分 {weight} 分，实得 {score} 分。\n"
                                       "lost_leaf: \"{name}扣{lost}分（{reason}）\"\n", encoding="utf-8")
    project = tmp_path / "培训.yaml"
    project.write_text(TRAINING.replace("jixiao: 1\n", "jixiao: 1\nwording: 措辞.yaml\n"), encoding="utf-8")
    loaded = load_project(project, registry)
    assert [(d.code, d.source.file if d.source else "", d.source.line if d.source else 0) for d in loaded.diagnostics
            if d.code == "wording-invalid"] == [("wording-invalid", str(tmp_path / "措辞.yaml"), 2)]
    assert loaded.project is not None
    missing = load_project_text(TRAINING.replace("jixiao: 1\n", "jixiao: 1\nwording: 没有.yaml\n"), "培训.yaml", registry)
    assert [(d.message, d.source.line if d.source else 0, d.severity.value) for d in missing.diagnostics
            if d.code == "wording-invalid"] == [("措辞文件“没有.yaml”不存在，报告沿用默认措辞", 2, "warning")]
    doc = build_report(score_project(loaded.project, registry)).document  # lost_leaf keeps the default
    assert paragraph_with(doc, "实得").endswith("该项满分 40 分，实得 32 分。预算执行率扣 8 分，预算执行率 90%，低于98%。")
