"""Variants of the self-evaluation form found in the wild: the 2023 form's extra columns, funds blocks
written otherwise (分值权重, 150万, the points in the block's label, figures glued together), and
the checks that read them.

Each example is a small form written inline the way a web page gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, default_checks
from jixiao.importers import read_document
from jixiao.importers.form import read_form
from jixiao.review import review_file

from .test_form import CELLS, replaced, review, rows, write

FORM_2023 = """项目支出绩效自评表
(2023年度)
项目名称 统计调查专项经费
主管部门 某市统计局 实施单位 某市统计局
项目资金(万元)
资金来源 年初预算数 全年预算数 全年执行数 分值权重 执行率 得分
年度资金总额 5.28 5.28 5.00 10 94.70% 9.47
其中:当年财政拨款 5.28 5.28 5.00 - - -
一级指标 二级指标 三级指标 指标值 指标值设置依据 上年完成值 指标分值权重 指标赋分规则 佐证资料 \
指标实际完成值 完成率 指标得分 偏差原因分析及改进措施
产出指标 数量指标 记账户数 ≥120户 计划标准 120户 40 完成值达到指标值的得满分 工作台账 120户 100.00% 40
时效指标 补贴发放及时率 ≥95% 历史标准 95% 10 完成值达到指标值的得满分 支付凭证 90% 94.74% 9.47 个别月份发放延后，下一步按月发放。
效益指标 社会效益指标 数据质量 明显提高 行业标准 提高 30 达成的按分值的80%-100%计分 验收报告 达成 100% 30
满意度指标 服务对象满意度指标 记账户满意度 ≥90% 计划标准 90% 10 完成值达到指标值的得满分 调查问卷 95% 100% 10
总分 100 98.94
"""


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


def test_the_2023_form_is_read_with_its_extra_columns(tmp_path: Path, registry: RuleRegistry,
                                                      checks: CheckRegistry) -> None:
    """指标值设置依据, 上年完成值, 佐证资料 and 完成率 stand between the usual columns: last year's
    120户 is not this year's actual, and 完成率 is not a score."""
    path = write(tmp_path, "自评表.txt", FORM_2023)
    read = rows(path)
    assert [(name, cells["target"], cells["actual"], cells["weight"], cells["score"]) for _, _, name, cells in read] == [
        ("记账户数", "≥120户", "120户", "40", "40"),
        ("补贴发放及时率", "≥95%", "90%", "10", "9.47"),
        ("数据质量", "明显提高", "达成", "30", "30"),
        ("记账户满意度", "≥90%", "95%", "10", "10"),
    ]
    assert read[1][3]["previous"] == "95%" and read[1][3]["rate"] == "94.74%"
    result = review_file(path, registry, checks)
    assert str(result.rescored_total) == "98.94"
    assert [f.format() for f in result.findings] == []


def messages(tmp_path: Path, cells: list[str], registry: RuleRegistry, checks: CheckRegistry, code: str) -> list[str]:
    return [f.message for f in review(tmp_path, cells, registry, checks).findings if f.code == code]


def funds(path: Path) -> dict[str, str]:
    form = read_form(read_document(path))
    assert form is not None and form.total_line is not None
    return {role: value.text for role, value in form.total_line.cells.items()}


def test_amounts_written_with_their_unit_are_read(tmp_path: Path) -> None:
    cells = replaced("100", "150万", 2)
    cells[17] = "147万"
    assert funds(write(tmp_path, "自评表.txt", "\n".join(cells))) == {
        "initial": "150万", "budget": "150万", "spent": "147万", "weight": "10", "rate": "98%", "score": "9.8"}


HUBEI_FUNDS = """项目支出绩效自评表
项目名称 科普经费
预算执行情况(万元)
(20分)
预算数(A) 执行数(B) 执行率(B/A) 得分
(20分*执行率)
年度财政资金总额 104 103.97 99.97% 19
"""


def test_the_weight_of_execution_is_read_from_the_block_label(tmp_path: Path) -> None:
    """Hubei's form has no 分值 column: the 20 points are in 预算执行情况(20分)."""
    path = write(tmp_path, "自评表.txt", HUBEI_FUNDS + "一级指标 二级指标 三级指标 分值 得分\n产出指标 数量指标 科普活动场次 80 80\n")
    assert funds(path) == {"budget": "104", "spent": "103.97", "rate": "99.97%", "score": "19", "weight": "20"}


def test_a_funds_line_glued_together_is_cut_where_its_arithmetic_holds(tmp_path: Path) -> None:
    """A page that lost every separator: 202010100.00% is 20 | 20 | 10 | 100.00%, the one reading
    in which 执行数 ÷ 预算数 is the rate and 分值 × rate the score that follows."""
    text = "\n".join(CELLS).replace("100\n100\n98\n10\n98%\n9.8", "202010100.00%\n10", 1)
    text = text.replace("年初预算数\n", "", 1)  # the layout of the page: 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    assert funds(write(tmp_path, "自评表.txt", text)) == {
        "budget": "20", "spent": "20", "weight": "10", "rate": "100.00%", "score": "10"}


def test_a_glued_funds_line_with_two_readings_is_left_unread(tmp_path: Path) -> None:
    """Where no reading (or more than one) makes the line's arithmetic hold, nothing is guessed."""
    text = "\n".join(CELLS).replace("100\n100\n98\n10\n98%\n9.8", "505010100.00%\n9", 1).replace("年初预算数\n", "", 1)
    assert "budget" not in funds(write(tmp_path, "自评表.txt", text))  # 50 | 50 | 10 | 100% scores 10, not 9


def test_the_forms_printed_instruction_is_no_reason_for_a_budget_change(tmp_path: Path, registry: RuleRegistry,
                                                                        checks: CheckRegistry) -> None:
    cells = replaced("两名护理员中途离职，下一步加强队伍建设。",
                     "1.预算执行率未达到90%的需说明原因(100字以内);2.年中发生预算调整的(追加或调减),应单独说明理由")
    cells[15] = "90"
    found = messages(tmp_path, cells, registry, checks, "budget-changed")
    assert found == ["年初预算数 90 调整为全年预算数 100，自评表中没有说明调整理由"]


def test_an_execution_score_one_unit_off_in_its_last_place_is_a_hint(tmp_path: Path, registry: RuleRegistry,
                                                                     checks: CheckRegistry) -> None:
    cells = list(CELLS)
    cells[15:21] = ["278.4449", "278.4449", "30.00", "20", "10.77%", "2.16"]  # 20 × 10.774…% = 2.1548…
    found = [(f.grade, f.message) for f in review(tmp_path, cells, registry, checks).findings if f.code == "execution-score"]
    assert found == [("提示", "自评表预算执行得分“2.16”，按分值 20 × 执行率 10.77%（超过100%按100%计）应为 2.15 分；"
                            "只差末位一个单位，可能是进位方式不同")]


def test_an_actual_that_copies_the_targets_bound_is_pointed_out(tmp_path: Path, registry: RuleRegistry,
                                                                checks: CheckRegistry) -> None:
    cells = replaced("96%", "≥90%")
    found = messages(tmp_path, cells, registry, checks, "actual-kind")
    assert found == ["指标“老人满意度”的指标值为“≥90%”，实际完成值却是“≥90%”：完成值照抄了指标值的“≥”，应填写实际达到的数值"]


def test_money_named_by_the_indicator_is_found_without_a_unit(tmp_path: Path, registry: RuleRegistry,
                                                              checks: CheckRegistry) -> None:
    cells = replaced("服务老人人数", "养老补助资金金额")
    cells = [("43.2" if c == "≥200人" else "43.2" if c == "205人" else c) for c in cells]
    found = messages(tmp_path, cells, registry, checks, "money-as-output")
    assert found == ["数量指标“养老补助资金金额”以金额“43.2”作为产出数量：资金投入不是产出"]


def test_a_cost_filed_under_a_quantity_is_misfiled(tmp_path: Path, registry: RuleRegistry,
                                                   checks: CheckRegistry) -> None:
    cells = replaced("服务老人人数", "人均服务成本")
    found = messages(tmp_path, cells, registry, checks, "indicator-misfiled")
    assert found == ["指标“人均服务成本”是成本指标，却列在“产出指标/数量指标”下"]


def test_a_mirror_sites_pinyin_does_not_make_a_name_a_sentence(tmp_path: Path, registry: RuleRegistry,
                                                               checks: CheckRegistry) -> None:
    cells = replaced("服务老人人数", "衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)人次")
    assert messages(tmp_path, cells, registry, checks, "name-is-sentence") == []


def test_a_form_without_a_points_column_is_not_summed_from_its_execution_part_alone(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """The execution's 20 points are read, the indicators' are not printed: 20 is no sum of the
    form, and its 总分 100 is not contradicted by it."""
    text = HUBEI_FUNDS + ("一级指标 二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分\n"
                          "产出指标 数量指标 科普活动场次 10场 10场 40\n"
                          "效益指标 社会效益指标 公众科学素质 提升 提升 40\n"
                          "总分 100\n")
    found = {f.code for f in review_file(write(tmp_path, "自评表.txt", text), registry, checks).findings}
    assert not found & {"score-total", "weights-sum", "roots-sum"}
    assert "execution-score" in found  # 20 × 99.97% is 19.99, not 19


TWO_TABLES = """一级指标 二级指标 三级指标 分值 得分
决策 项目立项 立项规范性 10 10
决策 绩效目标 目标明确性 10 9
产出 产出数量 完成数量 30 30
效益 社会效益 群众受益 50 48
总分 100 97
项目名称 农田水利补助
一级指标 二级指标 三级指标 分值 评分标准 得分
决策 项目立项 立项依据充分性 20 依据充分的得满分 20
产出 产出质量 验收合格率 80 得分=合格率×分值 80
"""


def test_a_second_table_in_the_document_is_said_to_be_left_unreviewed(tmp_path: Path, registry: RuleRegistry,
                                                                      checks: CheckRegistry) -> None:
    """A page holding two tables: the one with more indicators is reviewed, and the other is named,
    with where it begins, rather than left silent."""
    result = review_file(write(tmp_path, "两张表.txt", TWO_TABLES), registry, checks)
    assert [r[2] for r in rows(tmp_path / "两张表.txt")] == ["立项规范性", "目标明确性", "完成数量", "群众受益"]
    assert [d.format() for d in result.diagnostics if d.code == "import-table-left"] == [
        "两张表.txt:8: [import-table-left] 警告：文件中从这里起还有一张指标表（2 个带分值的指标）没有复核："
        "一份文件只复核读出指标最多的那一张（把这张表单独存成一个文件，再复核一次）"]


def test_a_completion_rate_that_is_not_actual_over_target_is_pointed_out(tmp_path: Path, registry: RuleRegistry,
                                                                         checks: CheckRegistry) -> None:
    """补贴发放及时率 90% of ≥95% is 94.74%, not 100%; 100% for 记账户满意度 (95% of ≥90%) is its
    105.56% capped, which forms write either way."""
    text = FORM_2023.replace("90% 94.74% 9.47", "90% 100% 9.47")
    found = [(f.grade, f.message) for f in review_file(write(tmp_path, "自评表.txt", text), registry, checks).findings
             if f.code == "completion-rate"]
    assert found == [("警告·疑似", "指标“补贴发放及时率”所列完成率“100%”，按实际完成值 90% ÷ 指标值 ≥95% 计算应为 94.74%")]


def test_a_cell_left_out_as_noise_makes_its_row_a_guess(tmp_path: Path) -> None:
    cells = list(CELLS)
    cells.insert(cells.index("205人") + 1, "备案")  # a stray word inside the first row
    form = read_form(read_document(write(tmp_path, "自评表.txt", "\n".join(cells))))
    assert form is not None
    assert [(r.name.text, r.certain) for r in form.rows] == [
        ("服务老人人数", False), ("服务合格率", True), ("老人生活质量", True), ("老人满意度", True)]


UNSCORED = """项目支出绩效自评表
一级指标
二级指标
三级指标
分值
年度指标值
全年实际值
得分计算方法
得分
未完成原因分析
效益指标（30分）
社会效益指标
群众出行便利程度
15
有效提升
达成
达成的按分值的80%-100%计分。
居民居住条件
15
明显改善
基本达成
达成的按分值的80%-100%计分。
总分
"""


@pytest.mark.parametrize("reason", [True, False])
def test_a_short_word_after_a_finished_criterion_starts_the_next_row(reason: bool, tmp_path: Path) -> None:
    """An unscored form, one cell a line: 居民居住条件 follows a criterion that has ended (。), so it
    is the next row's name, not the criterion's rest (nor a line of it beside a score) with the next
    15 taken for a score."""
    text = UNSCORED if reason else UNSCORED.replace("未完成原因分析\n", "")
    assert [(name, cells.get("weight"), cells.get("score")) for _, _, name, cells in rows(write(tmp_path, "表.txt", text))] \
        == [("群众出行便利程度", "15", None), ("居民居住条件", "15", None)]


def test_a_qualitative_row_of_the_2023_form_keeps_its_verdict_as_the_actual(tmp_path: Path) -> None:
    """One cell a line, the 完成率 of a qualitative row left blank: 达成 is the actual and 验收报告
    the proof, for a word is never a completion rate."""
    head = FORM_2023.split("\n一级指标")[0]
    cells = ["一级指标", "二级指标", "三级指标", "指标值", "指标值设置依据", "上年完成值", "指标分值权重", "指标赋分规则", "佐证资料",
             "指标实际完成值", "完成率", "指标得分", "偏差原因分析及改进措施",
             "效益指标", "可持续影响指标", "培训长效机制", "持续完善", "计划标准", "11.00",
             "达成的按分值的80%-100%计分。", "验收报告", "达成", "9.90",
             "满意度指标", "服务对象满意度指标", "学员满意度", "≥95%", "行业标准", "95%", "10.00",
             "完成值达到指标值的得满分。", "调查问卷", "96%", "100.00%", "10.00", "总分", "100", "98.94"]
    read = rows(write(tmp_path, "自评表.txt", head + "\n" + "\n".join(cells) + "\n"))
    assert [(name, c.get("actual"), c.get("evidence"), c.get("score")) for _, _, name, c in read] == [
        ("培训长效机制", "达成", "验收报告", "9.90"), ("学员满意度", "96%", "调查问卷", "10.00")]


def test_a_glued_funds_line_too_long_to_be_one_is_not_cut(tmp_path: Path) -> None:
    """Cutting a run of digits tries every split: a run longer than any funds line is left whole,
    so a page of digits cannot keep the reader busy."""
    text = "\n".join(CELLS).replace("100\n100\n98\n10\n98%\n9.8", "1" * 400 + "%\n10", 1).replace("年初预算数\n", "", 1)
    assert "budget" not in funds(write(tmp_path, "自评表.txt", text))


def test_a_funds_line_with_an_unreadable_cell_is_not_read_shifted(tmp_path: Path) -> None:
    """年初预算数 written as words (五点二八) and 全年预算数 as ？？: the figures after them must not
    slide into their places (1.96 as 年初预算数, 10 as 全年预算数, a budget change that never was)."""
    text = "\n".join(CELLS).replace("年度资金总额\n100\n100\n98", "年度资金总额\n五点二八\n？？\n98", 1)
    assert funds(write(tmp_path, "自评表.txt", text)) == {}


def _cut_before_table(score: str = "9.8") -> str:
    cells = CELLS[:CELLS.index("绩效指标")]
    return "\n".join(score if c == "9.8" else c for c in cells)


def test_a_form_cut_off_before_its_indicator_table_has_its_funds_block_reviewed(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """A page that ends after the funds block is still the form: its header and funds are read, the
    wrong execution score (8.9 for 10 × 98%) is found, and the review says the table was not read,
    with no total recomputed from the funds block alone."""
    path = write(tmp_path, "自评表.txt", _cut_before_table("8.9"))
    result = review_file(path, registry, checks)
    assert result.rescored_total is None and result.rescored_grade is None and not result.rows()
    assert [f.code for f in result.findings] == ["execution-score"]
    assert [(d.code, d.message) for d in result.diagnostics if d.code == "import-no-table"] == [
        ("import-no-table", "自评表中没有找到绩效指标表（只读出了表头和资金栏，表格可能在下一页或另一个文件里）")]
    imported = result.imported
    assert imported is not None and imported.report.info.name is not None
    assert imported.report.info.name.text == "社区养老服务补助"  # not "没有找到项目名称"


def test_a_form_whose_table_gives_no_row_is_not_scored_from_its_funds_row(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """A table whose rows came out as noise gives no tree: the 预算执行率 row alone (10 points) is no
    form to add up, so no 总分 or 权重 finding is made of it, only the notice that no row was read."""
    body = [*CELLS[:CELLS.index("产出指标(50分)")], "？？？", "……", "■■", *CELLS[CELLS.index("总分"):]]
    result = review_file(write(tmp_path, "自评表.txt", "\n".join(body)), registry, checks)
    assert result.rescored_total is None and [f.code for f in result.findings] == []
    assert [d.message for d in result.diagnostics if d.code == "import-no-table"] == [
        "自评表的绩效指标表中没有读出任何指标行（表格可能是图片，或各列在转换时错乱）"]


def test_a_header_cell_cut_over_two_rows_of_the_grid_is_one_label(tmp_path: Path) -> None:
    """A PDF gives a merged header cell whose text wrapped as two rows of one column (实际完成 | 值):
    the two are the label 实际完成值, and the rows under it are read by it."""
    def row(*cells: str) -> str:
        return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    html = ("<html><body><p>项目支出绩效自评表（2023年度）</p><p>项目名称：社区养老服务补助</p><table>"
            + row("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
            + row("年度资金总额", "100", "100", "98", "10", "98%", "9.8")
            + row("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成", "分值", "得分")
            + row("", "", "", "", "值", "", "")
            + row("产出指标", "数量指标", "服务老人人数", "≥200人", "205人", "50", "50")
            + row("效益指标", "社会效益指标", "老人生活质量", "明显改善", "达成", "30", "30")
            + row("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "96%", "10", "10")
            + row("总分", "", "", "", "", "100", "99.8") + "</table></body></html>")
    read = rows(write(tmp_path, "自评表.html", html))
    assert [(name, cells["actual"], cells["weight"]) for _, _, name, cells in read] == [
        ("服务老人人数", "205人", "50"), ("老人生活质量", "达成", "30"), ("老人满意度", "96%", "10")]


# FORM_2023 unscored, its empty cells dropped (as a web page gives them): the rows name their 佐证资料
# and actuals only
UNSCORED_2023 = FORM_2023[:FORM_2023.index("产出指标")].replace(" 9.47\n", "\n") + """\
产出指标 数量指标 记账户数 ≥120户 计划标准 40 完成值达到指标值的得满分 工作台账 120户
效益指标 社会效益指标 数据质量 明显提高 行业标准 30 达成的按分值的80%-100%计分 工作台账 基本达成
统计服务水平 明显提升 计划标准 10 达成的按分值的80%-100%计分 验收报告 达成
总分 80
"""


def test_a_tier_of_achievement_is_never_the_words_of_an_evidence_cell(tmp_path: Path) -> None:
    """On an unscored 2023 form with its empty cells dropped, 工作台账 | 基本达成 is the evidence and
    the actual, and what follows is the next row: no score is made up for a row nobody scored."""
    read = rows(write(tmp_path, "自评表.txt", UNSCORED_2023))
    assert [(name, cells.get("actual"), cells.get("weight"), cells.get("score")) for _, _, name, cells in read] == [
        ("记账户数", "120户", "40", None),
        ("数据质量", "基本达成", "30", None),
        ("统计服务水平", "达成", "10", None),
    ]
