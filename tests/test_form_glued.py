"""Forms a document site flattened into one run of text, every cell glued to the next: what a
careful reader takes apart, and what is left whole because no single reading holds.

Each example is a form written inline the way such a page gives it (one line, no separators)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, default_checks
from jixiao.importers import read_document
from jixiao.importers.form import read_form
from jixiao.review import review_file

from .test_form import rows, write

HEAD = ("项目支出绩效自评表（2023年度）项目名称困难群众临时救助资金主管部门某区民政局实施单位某区民政局"
        "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分年度资金总额626.95626.95607.701096.93%9.69"
        "其中：当年财政拨款626.95626.95607.70上年结转资金其他资金年度总体目标预期目标实际完成情况"
        "按标准及时足额发放补助。计划完成入户核查户数200户。补助资金全部发放到户。全年实际完成入户核查户数174户。")

# 指标解释 and 评分标准 glued to the name; the weight glued to the score (3 | 2.61, 4 | 4)
EXPLAINED = (HEAD + "一级指标二级指标三级指标指标解释评分标准年度指标值实际完成值分值得分偏差原因分析及改进措施"
             "产出指标（50分）数量指标入户核查户数考察入户核查户数的完成情况。完成值达到指标值的得满分，未达到的按完成值/指标值×分值计分。"
             "≥200户174户3026.1部分申请材料补正时间较长，下一步将优化审核流程。"
             "津贴发放人次考察津贴发放人次的完成情况。完成值达到指标值的得满分，未达到的按完成值/指标值×分值计分。8600人次8600人次2020"
             "效益指标（30分）社会效益指标社会救助兜底保障作用考察社会救助兜底保障作用的完成情况。"
             "达成的按分值的80%-100%计分，部分达成的按60%-80%计分，未达成的按60%以下计分。明显部分达成3021部分补助对象迁出，下一步将加强动态管理。"
             "满意度指标（10分）服务对象满意度指标受助对象满意度考察受助对象满意度的完成情况。"
             "完成值达到指标值的得满分，未达到的按完成值/指标值×分值计分。≥95%98.5%1010总分10086.79评价结论良")


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


def test_a_name_glued_to_its_explanation_and_criterion_is_three_cells(tmp_path: Path) -> None:
    """The explanation names its indicator again (考察入户核查户数的…), the criterion is the next
    sentence; 分值 and 80% inside the criterion's sentence are its words, not a column's cells; the
    cells keep their own full-width commas, as written."""
    read = rows(write(tmp_path, "自评表.txt", EXPLAINED))
    first = read[0][3]
    assert read[0][2] == "入户核查户数"
    assert first["description"] == "考察入户核查户数的完成情况。"
    assert first["criterion"] == "完成值达到指标值的得满分，未达到的按完成值/指标值×分值计分。"
    assert (first["target"], first["actual"], first["weight"], first["score"]) == ("≥200户", "174户", "30", "26.1")
    assert first["reason"] == "部分申请材料补正时间较长，下一步将优化审核流程。"
    tiers = read[2][3]
    assert read[2][2] == "社会救助兜底保障作用"
    assert tiers["criterion"] == "达成的按分值的80%-100%计分，部分达成的按60%-80%计分，未达成的按60%以下计分。"
    assert (tiers["target"], tiers["actual"], tiers["weight"], tiers["score"]) == ("明显", "部分达成", "30", "21")


def test_a_glued_form_re_scores_to_its_total(tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """9.69 (96.93% of 10) + 26.1 (174/200 of 30) + 20 + 21 (部分达成, 60–80% of 30) + 10."""
    result = review_file(write(tmp_path, "自评表.txt", EXPLAINED), registry, checks)
    assert str(result.rescored_total) == "86.79"
    assert [f.format() for f in result.findings if f.severity == "error"] == []


# An actual, a weight and a score glued (13 | 7.00 | 7.00), read by the target beside them
TRIPLES = ("2024年度项目支出绩效自评表项目名称城区雨污管网改造工程主管部门某区住房和城乡建设局实施单位某区城市建设服务中心"
           "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分年度资金总额3393.703393.703393.7010.00100%10.00"
           "其中：当年财政拨款3393.703393.703393.70100%上年结转资金其他资金"
           "年度总体目标预期目标实际完成情况按期完成工程建设。工程全部完工。"
           "一级指标二级指标三级指标指标性质指标值度量单位实际完成值分值得分偏差原因分析及改进措施"
           "产出指标数量指标改造小区数量≥12个137.007.00新建道路里程≥25公里2540.0040.00"
           "成本指标单位面积改造成本≤450元/平方米38210.0010.00"
           "效益指标社会效益指标群众出行便利程度定性明显提升达成预期目标30.0030.00"
           "满意度指标服务对象满意度指标小区居民满意度90%97%10.0010.00总分100.0097.00")


def test_an_actual_glued_to_its_weight_and_score_is_read_by_its_target(tmp_path: Path) -> None:
    """137.007.00 reads as 13 | 7.00 | 7.00, 1 | 37.00 | 7.00 and 137.00 | 7.00 with no score; a
    reader takes the one whose actual is the size of the target (≥12个), and the points printed alike."""
    read = rows(write(tmp_path, "自评表.txt", TRIPLES))
    assert [(name, cells.get("actual"), cells["weight"], cells["score"]) for _, _, name, cells in read] == [
        ("改造小区数量", "13", "7.00", "7.00"),
        ("新建道路里程", "25", "40.00", "40.00"),
        ("单位面积改造成本", "382", "10.00", "10.00"),
        ("群众出行便利程度", "达成预期目标", "30.00", "30.00"),
        ("小区居民满意度", "97%", "10.00", "10.00"),
    ]
    assert read[1][3]["target"] == "≥25公里" and read[2][3]["target"] == "≤450元/平方米"
    assert read[3][3]["target"] == "明显提升"  # 定性 is the 指标性质 column's, not the end of the name


def test_glued_funds_figures_and_total_are_taken_apart(tmp_path: Path) -> None:
    """Three amounts with two decimals, the weight, and a rate after them (…10.00100%): one reading;
    the total row's 100.0097.00 is the weights' 100.00 and the score's 97.00."""
    form = read_form(read_document(write(tmp_path, "自评表.txt", TRIPLES)))
    assert form is not None
    assert form.year is not None and form.year.text == "2024"  # 2024 | 年度 | 项目支出…: cut at its figure
    assert {k: v.text for k, v in form.funds[0].cells.items()} == {
        "initial": "3393.70", "budget": "3393.70", "spent": "3393.70", "weight": "10.00", "rate": "100%", "score": "10.00"}
    assert form.total is not None and form.total.text == "97.00"


UNSCORED = ("项目支出绩效自评表（2021年度）项目名称中小学校舍维修改造项目主管部门某县教育局实施单位某县教育局"
            "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分年度资金总额1253.841253.841253.8420100.00%"
            "年度总体目标预期目标实际完成情况改善办学条件。全部完成。"
            "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
            "产出指标数量指标受益学校数量≥40所40所40成本指标项目总成本≤1253.84万元1253.8440"
            "满意度指标服务对象满意度指标学生满意度≥90%92%20总分100")


def test_on_a_form_nobody_scored_a_glued_actual_and_weight_gives_no_score(tmp_path: Path) -> None:
    """1253.8440 would read as 1253.84 | 40 or as 1253.8 | 4 | 40; with no score anywhere on the form,
    it is an actual and a weight: a score the form never had is not made up."""
    read = rows(write(tmp_path, "自评表.txt", UNSCORED))
    assert [(name, cells.get("actual"), cells.get("weight"), cells.get("score")) for _, _, name, cells in read] == [
        ("受益学校数量", "40所", "40", None),
        ("项目总成本", "1253.84", "40", None),
        ("学生满意度", "92%", "20", None),
    ]


def test_traditional_letters_are_kept_as_written(tmp_path: Path) -> None:
    """A glued run is cut in simplified letters, but a cell keeps the document's own, so a quote is
    found in the document (the annotated copy highlights it)."""
    text = EXPLAINED.replace("入户核查户数", "入戶核查戶數").replace("受助对象满意度", "受助對象滿意度")
    read = rows(write(tmp_path, "自评表.txt", text))
    assert [name for _, _, name, _ in read] == ["入戶核查戶數", "津贴发放人次", "社会救助兜底保障作用", "受助對象滿意度"]


WHOLE = ("项目支出绩效自评表（2021年度）项目名称高龄老人津贴发放主管部门某镇人民政府实施单位某镇人民政府"
         "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分年度资金总额703.69703.69703.6910100.00%10"
         "年度总体目标预期目标实际完成情况按标准发放补助。全部发放。"
         "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
         "产出指标数量指标入户核查户数450户4504040津贴发放人次≥24000人次218402017.8部分对象迁出，下一步加强动态管理。"
         "满意度指标服务对象满意度指标受助对象满意度≥95%98.5%1010总分10097.8")


def test_whole_numbers_glued_are_cut_only_beside_a_target_they_match(tmp_path: Path) -> None:
    """4504040 beside 450户 is 450 | 40 | 40 (the actual the target's size); 218402017.8 beside
    ≥24000人次 is 21840 | 20 | 17.8."""
    read = rows(write(tmp_path, "自评表.txt", WHOLE))
    assert [(name, cells.get("actual"), cells.get("weight"), cells.get("score")) for _, _, name, cells in read] == [
        ("入户核查户数", "450", "40", "40"),
        ("津贴发放人次", "21840", "20", "17.8"),
        ("受助对象满意度", "98.5%", "10", "10"),
    ]


def test_a_count_beside_no_target_figure_is_left_whole(tmp_path: Path) -> None:
    """101400 after a bare ≤ reads as 101 | 40 | 0 too, but with no target figure to match it is the
    actual it says, and the weight beside it is the row's."""
    spaced = WHOLE.replace("满意度指标服务对象满意度指标", "成本指标 宣传成本 ≤ 101400 5 5 满意度指标 服务对象满意度指标 ")
    read = rows(write(tmp_path, "自评表.txt", spaced))
    assert ("宣传成本", "101400", "5", "5") in [(name, cells.get("actual"), cells.get("weight"), cells.get("score"))
                                                for _, _, name, cells in read]


DEPARTMENT = ("部门整体支出绩效自评表（2021年度）主管部门某县教育局实施单位某县教育局本级"
              "部门预算执行情况（万元）年初预算数调整后预算数预算执行数预算执行率权重得分"
              "年度资金总额1057.671267.001267.00100.00%1010年度总体目标年初绩效目标全年实际完成情况加强预算管理。全部完成。"
              "绩效指标（90分）指标值完成值权重得分未完成原因分析一级指标二级指标三级指标"
              "产出指标数量指标重点工作任务完成数≥30项29项4038.67部分项目未能按计划实施，下一步将加强预算执行监控。"
              "时效指标预算执行进度达标率90%100%2020效益指标社会效益指标部门履职效能有效提升达成2018部分工作延期，下一步加强管理。"
              "满意度指标满意度指标服务对象满意度90%97%1010合计10096.67")


def test_a_department_form_glued_keeps_its_words_where_they_belong(tmp_path: Path) -> None:
    """预算执行 and 履职效能 are 一级 words of department forms, but inside a sentence (…加强预算执行
    监控。), after a 二级 word (时效指标 | 预算执行进度达标率) or inside a name (部门履职效能) they are
    words, not cells; 绩效指标（90分） ends its cell, so the header's 指标值 and 完成值 are read; 达成
    is the actual, never the end of the name."""
    read = rows(write(tmp_path, "自评表.txt", DEPARTMENT))
    assert [(level1, name, cells.get("actual"), cells["weight"], cells["score"]) for level1, _, name, cells in read] == [
        ("产出指标", "重点工作任务完成数", "29项", "40", "38.67"),
        ("产出指标", "预算执行进度达标率", "100%", "20", "20"),
        ("效益指标", "部门履职效能有效提升", "达成", "20", "18"),
        ("满意度指标", "服务对象满意度", "97%", "10", "10"),
    ]
    assert read[0][3]["target"] == "≥30项"
    assert read[0][3]["reason"] == "部分项目未能按计划实施，下一步将加强预算执行监控。"


def test_a_department_form_glued_re_scores_to_its_total(tmp_path: Path, registry: RuleRegistry,
                                                        checks: CheckRegistry) -> None:
    result = review_file(write(tmp_path, "自评表.txt", DEPARTMENT), registry, checks)
    assert str(result.rescored_total) == "96.67"


def test_a_sentence_name_its_explanation_repeats_and_a_glued_page_number(tmp_path: Path) -> None:
    """A name that is a whole sentence is still cut where its explanation repeats it, with its own
    full-width commas (so the name-is-sentence finding quotes it as written); a page's number glued
    into the run (…2020- 2 -效益指标…) is no cell, so 20 | 20 is the row's weight and score."""
    sentence = "通过加强部门管理，全面提升部门履职能力"
    text = EXPLAINED.replace("8600人次8600人次2020效益指标", "8600人次8600人次2020- 2 -效益指标").replace(
        "社会救助兜底保障作用", sentence)
    read = rows(write(tmp_path, "自评表.txt", text))
    assert [name for _, _, name, _ in read][1:3] == ["津贴发放人次", sentence]
    assert (read[1][3]["weight"], read[1][3]["score"]) == ("20", "20")
    assert read[2][3]["description"] == f"考察{sentence}的完成情况。"
