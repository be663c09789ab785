"""The self-evaluation form (项目支出绩效自评表) read as it is published, re-scored and checked.

Each example is a small form written inline the way web pages and PDF extraction give it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao import RuleRegistry
from jixiao.audit import CheckRegistry, default_checks
from jixiao.importers import read_document
from jixiao.importers.form import read_form
from jixiao.importers.form.tokens import tokenize
from jixiao.review import Review, review_file

HEADER = "项目支出绩效自评表（2023年度）"
# One row of every part of the common layout (财预〔2020〕10号 附件2), as cells in reading order.
CELLS = [
    HEADER, "项目名称", "社区养老服务补助", "主管部门", "某区民政局", "实施单位", "某区养老服务中心",
    "项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分",
    "年度资金总额", "100", "100", "98", "10", "98%", "9.8",
    "其中：当年财政拨款", "100", "100", "98",
    "年度总体目标", "预期目标", "实际完成情况", "为200名老人提供居家养老服务。", "全年为205名老人提供了居家养老服务。",
    "绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施",
    "产出指标(50分)", "数量指标", "服务老人人数", "≥200人", "205人", "30", "30",
    "质量指标", "服务合格率", "≥95%", "90%", "20", "18.95", "两名护理员中途离职，下一步加强队伍建设。",
    "效益指标(30分)", "社会效益指标", "老人生活质量", "明显改善", "达成", "30", "27", "部分老人参与活动不多，下一步丰富活动内容。",
    "满意度指标(10分)", "服务对象满意度指标", "老人满意度", "≥90%", "96%", "10", "10",
    "总分", "100", "95.75", "评价结论", "自评等级为“优”。",
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


def rows(path: Path) -> list[tuple[str, str, str, dict[str, str]]]:
    form = read_form(read_document(path))
    assert form is not None
    return [(r.level1.text, r.level2.text, r.name.text, {k: v.text for k, v in r.cells.items() if k != "name"})
            for r in form.rows]


EXPECTED_ROWS = [
    ("产出指标", "数量指标", "服务老人人数", {"target": "≥200人", "actual": "205人", "weight": "30", "score": "30"}),
    ("产出指标", "质量指标", "服务合格率", {"target": "≥95%", "actual": "90%", "weight": "20", "score": "18.95",
                                      "reason": "两名护理员中途离职，下一步加强队伍建设。"}),
    ("效益指标", "社会效益指标", "老人生活质量", {"target": "明显改善", "actual": "达成", "weight": "30", "score": "27",
                                           "reason": "部分老人参与活动不多，下一步丰富活动内容。"}),
    ("满意度指标", "服务对象满意度指标", "老人满意度", {"target": "≥90%", "actual": "96%", "weight": "10", "score": "10"}),
]


@pytest.mark.parametrize("layout", ["one cell per line", "cells in runs on one line", "pipes", "tabs per row"])
def test_the_same_form_is_read_alike_whatever_the_flattening(layout: str, tmp_path: Path) -> None:
    if layout == "one cell per line":
        text = "\n".join(CELLS)
    elif layout == "cells in runs on one line":
        text = " ".join(CELLS)
    elif layout == "pipes":
        text = "\n".join(f"| {cell} |" for cell in CELLS)
    else:  # rows of the indicator table on tab-separated lines, merged cells written once
        text = "\n".join(CELLS[:39]) + "\n" + "\n".join("\t".join(CELLS[i:j]) for i, j in (
            (39, 46), (46, 53), (53, 61), (61, 68))) + "\n" + "\n".join(CELLS[68:])
    assert rows(write(tmp_path, "自评表.txt", text)) == EXPECTED_ROWS


def test_header_funds_goal_total_and_grade(tmp_path: Path) -> None:
    form = read_form(read_document(write(tmp_path, "自评表.txt", "\n".join(CELLS))))
    assert form is not None
    assert {k: v.text for k, v in form.header.items()} == {"项目名称": "社区养老服务补助", "主管部门": "某区民政局",
                                                          "实施单位": "某区养老服务中心"}
    line = form.total_line
    assert line is not None and {k: v.text for k, v in line.cells.items()} == {
        "initial": "100", "budget": "100", "spent": "98", "weight": "10", "rate": "98%", "score": "9.8"}
    assert form.goal_actual is not None and form.goal_actual.text == "全年为205名老人提供了居家养老服务。"
    assert (form.total and form.total.text, form.total_weight and form.total_weight.text) == ("95.75", "100")
    assert form.grade is not None and form.grade.text == "优"


def review(tmp_path: Path, cells: list[str], registry: RuleRegistry, checks: CheckRegistry) -> Review:
    return review_file(write(tmp_path, "自评表.txt", "\n".join(cells)), registry, checks)


def test_a_clean_form_re_scores_to_its_total_with_no_finding(tmp_path: Path, registry: RuleRegistry,
                                                            checks: CheckRegistry) -> None:
    result = review(tmp_path, CELLS, registry, checks)
    # 9.8 (98% of 10) + 30 + 20 × 90% ÷ 95% + 27 (达成, in its 80–100% band) + 10
    assert result.rescored_total == Decimal("95.75")
    assert [f.format() for f in result.findings] == []


def replaced(old: str, new: str, count: int = 1) -> list[str]:
    out, left = [], count
    for cell in CELLS:
        if cell == old and left:
            out.append(new)
            left -= 1
        else:
            out.append(cell)
    return out


@pytest.mark.parametrize(("old", "new", "code", "words"), [
    ("9.8", "9", "execution-score", "9"),  # 分值 × 执行率 = 9.8; 9 is not rounding of it
    ("18.95", "20", "full-missed", "服务合格率"),  # 90% against ≥95% with full points
    ("10", "8", "loss-met", "老人满意度"),  # the last row: 96% meets ≥90%, 2 points lost, no reason
    ("部分老人参与活动不多，下一步丰富活动内容。", "", "loss-met", "老人生活质量"),  # 达成, 27 of 30, no reason
    ("某区民政局", "", "header-blank", "主管部门"),
    ("两名护理员中途离职，下一步加强队伍建设。", "请填写偏差原因", "template-text", "请填写"),
    ("全年为205名老人提供了居家养老服务。", "对照年度目标，说明相关任务目标的完成情况（100字以内）。", "template-text", "100字以内"),
    ("≥200人", "≥**人", "template-text", "**"),
    ("≥200人", "≥200万元", "money-as-output", "服务老人人数"),
    ("95.75", "97", "score-total", "97"),
    ("老人生活质量", "人均公用经费", "indicator-misfiled", "人均公用经费"),  # a cost filed under 效益
])
def test_each_form_defect_is_found_and_quoted(old: str, new: str, code: str, words: str, tmp_path: Path,
                                             registry: RuleRegistry, checks: CheckRegistry) -> None:
    cells = replaced(old, new, 1) if old != "10" else [*CELLS[:-6], "8", *CELLS[-5:]]
    if not new:  # a cell left empty: flattened text drops it
        cells = [c for c in CELLS if c != old]
    found = [f for f in review(tmp_path, cells, registry, checks).findings if f.code == code]
    assert found and any(words in f.message or any(words in loc.quote for loc in f.locations) for f in found), \
        [f.format() for f in review(tmp_path, cells, registry, checks).findings]


def test_a_rate_of_funds_under_benefits_is_not_a_misfiled_cost(tmp_path: Path, registry: RuleRegistry,
                                                                checks: CheckRegistry) -> None:
    findings = review(tmp_path, replaced("老人生活质量", "经费到位率"), registry, checks).findings
    assert [f.message for f in findings if f.code == "indicator-misfiled"] == []


def test_a_rate_cut_instead_of_rounded_is_a_hint(tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    cells = list(CELLS)
    cells[15:21] = ["32.4", "32.4", "31.69", "10", "97.80%", "9.78"]  # 31.69 ÷ 32.4 = 97.8086…%
    found = [f for f in review(tmp_path, cells, registry, checks).findings if f.code == "execution-score"]
    assert [(f.grade, f.message) for f in found] == [
        ("提示", "自评表所列执行率“97.80%”，按全年执行数 31.69 ÷ 全年预算数 32.4 计算应为 97.81%；所列为截去尾数的值，未四舍五入")]


def test_a_budget_changed_without_a_reason_is_found(tmp_path: Path, registry: RuleRegistry,
                                                    checks: CheckRegistry) -> None:
    cells = list(CELLS)
    cells[15] = "90"  # 年初预算数 90, 全年预算数 100, and nothing says why
    found = [f for f in review(tmp_path, cells, registry, checks).findings if f.code == "budget-changed"]
    assert [f.message for f in found] == ["年初预算数 90 调整为全年预算数 100，自评表中没有说明调整理由"]


@pytest.mark.parametrize(("reason", "found"), [
    ("年中追加预算10万元，用于新增的服务对象。", False),  # a change of the budget, said
    ("两名护理员中途离职，受政策调整影响进度滞后。", True),  # 调整 of a policy says nothing of the budget
])
def test_only_a_change_of_the_budget_explains_it(reason: str, found: bool, tmp_path: Path, registry: RuleRegistry,
                                                 checks: CheckRegistry) -> None:
    cells = replaced("两名护理员中途离职，下一步加强队伍建设。", reason)
    cells[15] = "90"
    assert any(f.code == "budget-changed" for f in review(tmp_path, cells, registry, checks).findings) is found


def test_findings_on_a_form_without_printed_rules_are_suspected_not_errors(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """The form does not print its scoring rules, so a local variant may apply: 疑似, never 错误."""
    cells = replaced("18.95", "15")
    found = [f for f in review(tmp_path, cells, registry, checks).findings if f.code == "score-recomputed"]
    assert [(f.grade, f.message[:38]) for f in found] == [
        ("警告·疑似", "指标“服务合格率”自评表得分“15”，按自评规则和实际完成值“90%”复算为")]


def test_an_unscored_form_is_not_scored_zero(tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """Score cells left empty: the form is 未评分, and its qualitative row cannot be re-scored."""
    scores = {20: "9.8", 45: "30", 51: "18.95", 59: "27", 67: "10", 70: "95.75"}
    assert all(CELLS[i] == v for i, v in scores.items())
    cells = [c for i, c in enumerate(CELLS) if i not in scores]
    form = read_form(read_document(write(tmp_path, "自评表.txt", "\n".join(cells))))
    assert form is not None and not form.scored
    result = review(tmp_path, cells, registry, checks)
    assert result.rescored_total is None  # 老人生活质量 has neither a rule's score nor a stated one
    assert result.missing == ("老人生活质量",)


def test_a_lone_100_on_the_total_row_is_the_weights_total_not_a_score(tmp_path: Path, registry: RuleRegistry,
                                                                      checks: CheckRegistry) -> None:
    # 总分 | 100 with its score cell empty: the rows' scores add up to 95.75, so 100 is the 分值 column's
    # total; a 良 beside it is no grade-band error (a score of 100 would have been 优).
    cells = [c for c in replaced("自评等级为“优”。", "自评等级为“良”。") if c != "95.75"]
    result = review(tmp_path, cells, registry, checks)
    form = result.subject.form if result.subject else None
    assert form is not None and form.total is None and form.total_weight is not None and form.total_weight.text == "100"
    assert [f.code for f in result.findings if f.code == "grade-band"] == []


def test_a_form_that_states_no_year_is_reviewed_without_one(tmp_path: Path, registry: RuleRegistry,
                                                            checks: CheckRegistry) -> None:
    result = review(tmp_path, replaced(HEADER, "项目支出绩效自评表"), registry, checks)
    assert [d.message for d in result.diagnostics if d.code == "import-info-missing"] == ["报告中没有找到年度"]
    assert not result.failed  # never "年度 0 不合理": a year the document does not state is missing, not 0
    assert result.rescored_total == Decimal("95.75")


def test_a_budget_year_below_the_table_is_the_forms_year(tmp_path: Path) -> None:
    # A page order that puts the title after the table: the 2023年度 in it is still the year; the
    # date the form was signed (2024年3月5日) is not.
    cells = [*replaced(HEADER, "填报日期：2024年3月5日")[:-2], "项目支出绩效自评表（2023年度）"]
    form = read_form(read_document(write(tmp_path, "自评表.txt", "\n".join(cells))))
    assert form.year is not None and form.year.text == "2023"


def test_header_cells_a_page_order_put_below_the_table_are_still_read(tmp_path: Path) -> None:
    head = CELLS[1:7]  # 项目名称 … 实施单位 and their values
    cells = [CELLS[0], *CELLS[7:], *head]
    form = read_form(read_document(write(tmp_path, "自评表.txt", "\n".join(cells))))
    assert {k: v.text for k, v in form.header.items()} == {
        "项目名称": "社区养老服务补助", "主管部门": "某区民政局", "实施单位": "某区养老服务中心"}


def test_a_score_sheet_whose_groups_are_numbered_rows(tmp_path: Path, registry: RuleRegistry,
                                                      checks: CheckRegistry) -> None:
    # 考核内容 | 分值 | 计分标准 | 分数, the groups numbered 一、二、 among the rows with their own points
    text = "\n".join([
        "考核内容 | 分值 | 计分标准 | 分数 | 备注 |",
        "一、前期工作情况 | 40 | | 38 |",
        "1、人员专业能力 | 20 | 专业能力较强,得15-20分;专业能力一般,得10-15分。 | 18 |",
        "2、人员稳定 | 20 | 保持工作组成员稳定,得20分;随意更换组员,不得分。 | 20 |",
        "二、报告质量 | 60 | | 55 |",
        "1、报告数据详实 | 60 | 报告数据详实得40-60分;有待完善得20-40分。 | 55 |",
        "合计 | 100 | | 93 |",
        "来源：http://example.gov.cn/czxx/jxpj/1",
    ])
    result = review_file(write(tmp_path, "考核表.txt", text), registry, checks)
    assert [(r.path, r.weight, r.stated) for r in result.rows()] == [
        (("一、前期工作情况", "1、人员专业能力"), Decimal(20), Decimal(18)),
        (("一、前期工作情况", "2、人员稳定"), Decimal(20), Decimal(20)),
        (("二、报告质量", "1、报告数据详实"), Decimal(60), Decimal(55))]
    assert {f.code for f in result.findings} & {"target-missing", "template-text"} == set()  # no 指标值 column; czxx is no ××


def test_weights_that_do_not_add_up_to_full_marks_give_no_recomputed_total(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    # 服务合格率 printed with 分值 25: the weights add up to 105, and a total from them would be nonsense.
    result = review(tmp_path, replaced("20", "25"), registry, checks)
    assert result.rescored_total is None
    assert result.why_not_rescored == "读出的各指标分值合计 105 分，不是满分，评分表可能没有读对"


def test_a_row_whose_rule_is_unknown_keeps_its_stated_score(tmp_path: Path, registry: RuleRegistry,
                                                           checks: CheckRegistry) -> None:
    cells = replaced("达成", "已开展相关工作")  # words that say no tier
    result = review(tmp_path, cells, registry, checks)
    assert result.taken_as_stated == ("老人生活质量",)
    assert result.rescored_total == Decimal("95.75")


def test_traditional_characters_and_spaced_letters_are_read(tmp_path: Path) -> None:
    table = str.maketrans("项目资预算执行数总额标质满意实际财政拨款达成绩效", "項目資預算執行數總額標質滿意實際財政撥款達成績效")
    cells = [("产 出 指 标(50分)" if c == "产出指标(50分)" else c).translate(table) for c in CELLS]
    names = [name for _, _, name, _ in rows(write(tmp_path, "自評表.txt", "\n".join(cells)))]
    assert names == [n.translate(table) for n in ("服务老人人数", "服务合格率", "老人生活质量", "老人满意度")]


def test_a_row_that_does_not_apply_in_traditional_characters(tmp_path: Path, registry: RuleRegistry,
                                                             checks: CheckRegistry) -> None:
    cells = [c for c in replaced("明显改善", "不適用") if c not in ("27", "部分老人参与活动不多，下一步丰富活动内容。")]
    cells = [("不適用" if c == "达成" else c) for c in cells]
    result = review(tmp_path, cells, registry, checks)
    assert result.missing == ()  # 不適用 is 不适用: out of the sum, never a leaf without a score
    assert result.rescored_total == Decimal("68.75")


def test_a_header_dealt_out_among_the_first_rows_is_still_the_header(tmp_path: Path) -> None:
    """A spreadsheet flattened column by column puts the header's words among the first cells;
    the rows after its last word are read in the usual column order."""
    text = ("项目支出绩效自评表（2021年度） 项目名称 公共卫生服务 一级指标 年度 实际 指标值 完成值 二级指标 三级指标 "
            "指标1:某项 38508人 分值 得分 "
            "指标7:建立预防接种证 221人 221人 2 2 指标8:适龄儿童疫苗接种率 100.00% 97.30% 2 1.9 总分 4 3.9")
    assert rows(write(tmp_path, "scattered.txt", text)) == [
        ("", "", "指标7:建立预防接种证", {"target": "221人", "actual": "221人", "weight": "2", "score": "2"}),
        ("", "", "指标8:适龄儿童疫苗接种率", {"target": "100.00%", "actual": "97.30%", "weight": "2", "score": "1.9"}),
    ]


def test_levels_with_points_of_their_own_and_criteria_cut_at_their_figures(tmp_path: Path) -> None:
    """一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 评价标准 | 得分, flattened to one cell a
    line: a level's points are not an indicator's, a level outside the usual words (预算配置) is
    known by the points after it, and a criterion's figures (扣0.5分) stay in the criterion."""
    cells = ["部门整体支出绩效自评表", "一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评价标准", "得分",
             "投入", "10", "预算配置", "10", "在职人员控制率", "5", "控制率", "≦100%", ",计", "5", "分;每超过一个百分点扣",
             "0.5", "分,扣完为止。", "5", "“三公经费”变动率", "5", "变动率≦0计满分,否则不得分", "4", "总分", "10", "9"]
    assert rows(write(tmp_path, "points.txt", "\n".join(cells))) == [
        ("投入", "预算配置", "在职人员控制率",
         {"criterion": "控制率≦100%,计5分;每超过一个百分点扣0.5分,扣完为止。", "weight": "5", "score": "5"}),
        ("投入", "预算配置", "“三公经费”变动率", {"criterion": "变动率≦0计满分,否则不得分", "weight": "5", "score": "4"}),
    ]


def test_a_fragment_without_its_header_is_read_in_the_common_column_order_as_a_guess(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """A page cut before the table's header: rows from the first 一级 name on, a target written
    after its name taken apart, and every finding there only 疑似 (no header says which cell is which)."""
    text = ("产出指标 数量指标 足额保障率=100% 22.5 科目调整次数≤10次 22.5 时效指标 按时发放率=100% 22.5 "
            "效益指标 经济效益指标 结余率≤5% 22.5 合计100")
    path = write(tmp_path, "fragment.txt", text)
    assert rows(path) == [
        ("产出指标", "数量指标", "足额保障率", {"target": "=100%", "weight": "22.5"}),
        ("产出指标", "数量指标", "科目调整次数", {"target": "≤10次", "weight": "22.5"}),
        ("产出指标", "时效指标", "按时发放率", {"target": "=100%", "weight": "22.5"}),
        ("效益指标", "经济效益指标", "结余率", {"target": "≤5%", "weight": "22.5"}),
    ]
    form = read_form(read_document(path))
    assert form is not None and not any(row.certain for row in form.rows)
    review = review_file(path, registry, checks)
    assert not [f for f in review.findings if f.certainty.label == "确定" and f.severity.label == "错误"]


def test_a_fragment_whose_targets_have_their_sign_and_unit_in_cells_of_their_own(tmp_path: Path) -> None:
    """Sichuan's layout (指标性质 | 指标值 | 度量单位) with no header in the text: the order whose
    leaves add up to no more than full marks is the reading, not one that takes 90 for a weight."""
    text = "\n".join(["成本指标 | 经济成本指标 | 清理垃圾成本 | = | 4 | 万元 | 4 | 5 | |",
                      "效益指标 | 社会效益指标 | 隐患处置率 | ≥ | 90 | % | 91 | 10 | |",
                      "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥ | 95 | % | 96 | 10 | |", "合计 | 25 |"])
    assert rows(write(tmp_path, "fragment.txt", text)) == [
        ("成本指标", "经济成本指标", "清理垃圾成本", {"target": "=4万元", "actual": "4万元", "weight": "5"}),
        ("效益指标", "社会效益指标", "隐患处置率", {"target": "≥90%", "actual": "91%", "weight": "10"}),
        ("满意度指标", "服务对象满意度指标", "群众满意度", {"target": "≥95%", "actual": "96%", "weight": "10"}),
    ]  # the sign, the figure and the unit are one target again; the row's unit is the actual's too


def test_notes_a_page_break_put_inside_the_table_and_a_groups_points_cut_off(tmp_path: Path) -> None:
    """A PDF's page: the form's notes printed at the foot of the first page, between two rows, and
    the next 一级 whose "分)" went to another line (效益指标(40): the notes are skipped, the 一级 read."""
    text = "\n".join(["项目支出绩效自评表", "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
                      "产出指标(60分) | 数量指标 | 服务人数 | ≥200人 | 205人 | 60 | 60 |",
                      "注: | 1.正向指标:得分=分值×实际完成值/年度指标值。 | | | | | |",
                      "效益指标(40 | 社会效益指标 | 服务质量 | 明显提升 | 达成 | 40 | 36 |", "总分 | | | | | 100 | 96 |"])
    path = write(tmp_path, "自评表.txt", text)
    assert rows(path) == [
        ("产出指标", "数量指标", "服务人数", {"target": "≥200人", "actual": "205人", "weight": "60", "score": "60"}),
        ("效益指标", "社会效益指标", "服务质量", {"target": "明显提升", "actual": "达成", "weight": "40", "score": "36"}),
    ]
    form = read_form(read_document(path))
    assert form is not None and "1.正向指标:得分=分值×实际完成值/年度指标值。" in [n.text for n in form.notes]  # still a note


def test_a_row_number_column_is_neither_a_weight_nor_a_score(tmp_path: Path) -> None:
    text = "\n".join(["项目支出绩效自评表", "序号 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
                      "1 | 产出指标 | 数量指标 | 服务人数 | ≥200人 | 205人 | 30 | 30 |",
                      "2 | | 质量指标 | 服务合格率 | ≥95% | 96% | 20 | 20 |"])
    assert rows(write(tmp_path, "自评表.txt", text)) == [
        ("产出指标", "数量指标", "服务人数", {"target": "≥200人", "actual": "205人", "weight": "30", "score": "30"}),
        ("产出指标", "质量指标", "服务合格率", {"target": "≥95%", "actual": "96%", "weight": "20", "score": "20"}),
    ]


def test_a_page_number_inside_a_line_of_single_spaced_cells_does_not_glue_the_rest(tmp_path: Path) -> None:
    """Text extraction puts a page footer (第 2 页 共 3 页) among the cells; it is taken out and the
    cells on either side stay cells."""
    cells = [*CELLS[:20], "第 2 页 共 3 页", *CELLS[20:]]
    assert rows(write(tmp_path, "paged.txt", " ".join(cells))) == EXPECTED_ROWS


def test_a_row_that_does_not_apply_keeps_its_group_and_the_next_group_starts(tmp_path: Path) -> None:
    """不适用 fills the target and actual; the 二级 name after it starts the next group, it is
    never dropped as noise, even in a form whose 自评分 cells are all empty."""
    text = ("项目支出绩效自评表 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 自评分 "
            "效益指标 社会效益指标 每期培训成本 18.00 ≤800元 680元 "
            "生态效益指标 对生态环境的影响 不适用 不适用 可持续影响指标 培训长效机制 22.00 持续完善 效果明显 总分 100.00")
    assert rows(write(tmp_path, "na.txt", text)) == [
        ("效益指标", "社会效益指标", "每期培训成本", {"weight": "18.00", "target": "≤800元", "actual": "680元"}),
        ("效益指标", "生态效益指标", "对生态环境的影响", {"target": "不适用"}),
        ("效益指标", "可持续影响指标", "培训长效机制", {"weight": "22.00", "target": "持续完善", "actual": "效果明显"}),
    ]


def test_a_block_label_merged_down_the_left_edge_does_not_shift_the_rows(tmp_path: Path) -> None:
    """绩效指标 merged down beside the table is written on the header's line only: a row that starts
    in its column has lost that cell, and is read in the header's columns all the same."""
    text = ("项目支出绩效自评表\n"
            "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |\n"
            "产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 | | |\n"
            "合计 | 100 | | | | | | | | | |\n")
    assert rows(write(tmp_path, "block.txt", text)) == [
        ("产出指标", "经济成本指标", "成本控制数",
         {"nature": "≤", "target": "30", "unit": "万元", "actual": "完成", "weight": "90", "score": "90"}),
    ]


def test_two_header_cells_spaced_out_in_one_run_are_two_columns(tmp_path: Path) -> None:
    """OCR spaces every letter alike (年 度 指 标 值 实 际 完 成 值): the run is cut where known
    column words meet, so the actual column is not lost with its neighbour."""
    text = ("项目支出绩效自评表 一级指标 二级指标 三级指标 年 度 指 标 值 实 际 完 成 值 分值 得分 "
            "产出指标 数量指标 保障终端设备数量 ≥260台 276台 7.00 7.00 "
            "运维月报提交数量 =12份 12份 7.00 6.00 总分 14 13")
    assert rows(write(tmp_path, "spaced.txt", text)) == [
        ("产出指标", "数量指标", "保障终端设备数量", {"target": "≥260台", "actual": "276台", "weight": "7.00", "score": "7.00"}),
        ("产出指标", "数量指标", "运维月报提交数量", {"target": "=12份", "actual": "12份", "weight": "7.00", "score": "6.00"}),
    ]


def test_a_weight_glued_to_the_target_its_actual_repeats_is_taken_apart(tmp_path: Path) -> None:
    """分值 | 指标值 flattened to ``1020万元`` in a row that has no weight otherwise, and whose actual
    (20万元) is the cell's tail: a weight of 10 and a target of 20万元."""
    text = ("项目支出绩效自评表 一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分 "
            "产出指标 数量指标 安装坡面水标尺 10 ≥266米 ≥266米 10 "
            "成本指标 项目计划总投资 1020万元 20万元 10 总分 20 20")
    assert rows(write(tmp_path, "glued-weight.txt", text)) == [
        ("产出指标", "数量指标", "安装坡面水标尺", {"weight": "10", "target": "≥266米", "actual": "≥266米", "score": "10"}),
        ("产出指标", "成本指标", "项目计划总投资", {"weight": "10", "target": "20万元", "actual": "20万元", "score": "10"}),
    ]


def test_a_header_note_in_a_cell_of_its_own_and_a_figure_glued_to_a_word(tmp_path: Path) -> None:
    """A report's scoring table flattened to one cell: the header's note ``(公式计算结果=x)`` does not
    end the header, ``5项目符合…`` is a score and the words 项目…, and ``(10)`` after a figure belongs
    to the group after it: the 二级 绩效目标, glued to its first indicator."""
    text = ("2019年项目支出绩效评分表一级指标二级指标三级指标分值指标评价内容(公式计算结果=x)得分项目决策(10分)"
            "可行性(政策完善)5可行性论证充分,规划、管理办法、指导意见等制度是否健全完善5(10)绩效目标明确性"
            "5项目预期提供的产品、服务、效益或其他目标明确细化,可衡量4")
    read = rows(write(tmp_path, "note.txt", text))
    assert [(level2, name, cells["weight"], cells.get("score")) for _, level2, name, cells in read] == [
        ("", "可行性(政策完善)", "5", "5"), ("绩效目标", "明确性", "5", "4")]


GLUED_FORM = ("项目支出绩效自评表项目名称教师培训项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分"
              "年度资金总额213.84217.17201.921092.98%9.3一级指标二级指标三级指标指标值实际值分值得分偏差原因分析及改进措施"
              "产出指标数量指标举办培训班次≥20期20期99质量指标培训考核合格率98%99.2%76"
              "效益指标社会效益指标参训人员满意度≥90%95%1411.2个别培训班延期举办，下一步提前落实场地。"
              "可持续影响指标培训课程数量≥10门12门6058合计10093.5")


def test_a_form_a_document_site_glued_without_any_separator(tmp_path: Path) -> None:
    """优知文库 and the like give a form as one run with no separator at all. Amounts with two
    decimals each are cut where one count of decimals reads them all (213.84 | 217.17 | 201.92);
    a number above 100 in the weight's place is a weight and a score (1411.2: 14 | 11.2); and
    ``99`` ``76`` are taken apart only because the weights as read (99 + 76 + 14 + 60) cannot be the
    90 the funds row leaves, and cut apart they are. Every such row is a guess (疑似)."""
    form = read_form(read_document(write(tmp_path, "glued.txt", GLUED_FORM)))
    assert form is not None
    assert {k: v.text for k, v in form.funds[0].cells.items()} == {
        "initial": "213.84", "budget": "217.17", "spent": "201.92", "weight": "10", "rate": "92.98%", "score": "9.3"}
    assert [(r.name.text, r.cells["weight"].text, r.cells["score"].text, r.certain) for r in form.rows] == [
        ("举办培训班次", "9", "9", False), ("培训考核合格率", "7", "6", False), ("参训人员满意度", "14", "11.2", False),
        ("培训课程数量", "60", "58", False)]
    assert (form.total_weight and form.total_weight.text, form.total and form.total.text) == ("100", "93.5")


def test_glued_weights_that_already_add_up_are_left_as_read(tmp_path: Path) -> None:
    """A form published without its scores (未评分): 50 and 40 are weights that add up with the
    funds row's 10, not 5 | 0 and 4 | 0."""
    text = ("项目支出绩效自评表项目名称教师培训项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分"
            "年度资金总额213.84217.17201.9210一级指标二级指标三级指标指标值实际值分值得分偏差原因分析及改进措施"
            "产出指标数量指标举办培训班次≥20期20期50质量指标培训考核合格率98%99.2%40合计100")
    form = read_form(read_document(write(tmp_path, "unscored.txt", text)))
    assert form is not None
    assert [(r.name.text, r.cells["weight"].text, "score" in r.cells) for r in form.rows] == [
        ("举办培训班次", "50", False), ("培训考核合格率", "40", False)]
    assert not form.scored


def test_two_glued_amounts_are_left_whole(tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """``310.2154.74`` reads as 310.21 | 54.74 and as 310.2 | 154.74 alike: no amount is read rather
    than a wrong one that would make a certain 执行率 finding. The total (95) then differs from the
    rows' 90 by the unread funds score; the rows were cut out of a glued run, so that is 疑似."""
    text = ("项目支出绩效自评表项目名称某项目项目资金（万元）年初预算数全年执行数分值执行率得分"
            "年度资金总额310.2154.741050%5一级指标二级指标三级指标指标值实际值分值得分"
            "产出指标数量指标举办培训班次≥20期20期9090合计10095")
    path = write(tmp_path, "two.txt", text)
    form = read_form(read_document(path))
    assert form is not None
    assert not {"initial", "spent"} & form.funds[0].cells.keys()
    assert [f.grade for f in review_file(path, registry, checks).findings if f.code == "score-total"] == ["警告·疑似"]


def test_a_2nd_level_glued_to_its_first_indicator_begins_its_group(tmp_path: Path) -> None:
    """A merged 二级 cell flattened into the first name of its group (项目立项相关性) is cut off it
    when the row was read under no 二级; the rows after it follow it. Where the 二级 has a cell
    of its own, the name's first words are the name's (项目完成及时率 under 时效指标)."""
    text = ("项目支出绩效自评表 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
            "产出指标 时效指标 项目完成及时率 100% 100% 20 20 "
            "项目决策 项目立项相关性 相关 相关 10 10 可行性 可行 可行 10 10 总分 40 40")
    assert [(level1, level2, name) for level1, level2, name, _ in rows(write(tmp_path, "level2.txt", text))] == [
        ("产出指标", "时效指标", "项目完成及时率"), ("项目决策", "项目立项", "相关性"), ("项目决策", "项目立项", "可行性")]


def test_spaced_letters_in_a_line_of_single_spaced_cells_stay_one_header_cell(tmp_path: Path) -> None:
    """A whole form on one line, its cells set apart by single spaces and one long goal sentence among
    them (43 letters, as long as a glued run's): that is no glued run, so 实 际 完 成 值 is one header cell,
    not glued to its neighbours."""
    text = ("项目支出绩效自评表 项目名称 高龄津贴 主管部门 某区民政局 实施单位 某镇人民政府 年度总体目标 "
            "为全镇符合条件的高龄老人按月足额发放高龄津贴，保障老年人基本生活，提升获得感和幸福感。 一级指标 二级指标 三级指标 "
            "年度指标值 实 际 完 成 值 分值 得分 产出指标 数量指标 发放人数 ≥200人 205人 50 50 质量指标 发放准确率 "
            "≥98% 100% 30 30 满意度指标 服务对象满意度指标 老人满意度 ≥90% 96% 20 20 总分 100 100")
    path = write(tmp_path, "spaced.txt", text)
    flat = [t.flat for line in tokenize(read_document(path)) for t in line]
    at = flat.index("年度指标值")
    assert flat[at:at + 4] == ["年度指标值", "实际完成值", "分值", "得分"]
    assert [(name, cells["actual"]) for _, _, name, cells in rows(path)] == [
        ("发放人数", "205人"), ("发放准确率", "100%"), ("老人满意度", "96%")]


def test_ocr_spaced_labels_inside_a_glued_line_are_glued_too(tmp_path: Path) -> None:
    """``全 年 预 算 数`` and ``主 管 部 门`` spaced out by OCR inside a run with no separators: the
    letters are joined, so the funds header keeps its six columns and each amount its place."""
    text = ("项目支出绩效自评表项目名称高龄津贴主 管 部 门364-某镇人民政府项目资金（万元）年初预算数全 年 预 算 数全年执行数"
            "分值执行率得分年度资金总额：703.69703.69703.6910１００.００%10一级指标二级指标三级指标指标值实际值分值得分"
            "产出指标数量指标发放人数≥200人205人9090合计100100")
    form = read_form(read_document(write(tmp_path, "spaced-glued.txt", text)))
    assert form is not None
    assert form.header["主管部门"].text == "364-某镇人民政府"
    assert {k: v.text for k, v in form.funds[0].cells.items()} == {
        "initial": "703.69", "budget": "703.69", "spent": "703.69", "weight": "10", "rate": "100.00%", "score": "10"}


def test_a_funds_line_with_more_figures_than_its_header_has_columns_places_none(tmp_path: Path) -> None:
    """Six figures under four column labels (two lost): which figure is which is unknown, so no
    amount, rate or score is read from the line rather than 703.69 taken for a weight."""
    text = ("项目支出绩效自评表 项目名称 高龄津贴 项目资金（万元） 全年执行数 分值 执行率 得分 "
            "年度资金总额 703.69 703.69 703.69 10 100.00% 10 "
            "一级指标 二级指标 三级指标 指标值 实际值 分值 得分 产出指标 数量指标 发放人数 ≥200人 205人 90 90 合计 100 100")
    form = read_form(read_document(write(tmp_path, "lost-columns.txt", text)))
    assert form is not None
    assert dict(form.funds[0].cells) == {}


def test_a_department_table_whose_cells_wrap_over_lines_keeps_its_groups_and_columns(tmp_path: Path) -> None:
    """A 部门整体 scoring table as a web page gives it: the header's cells wrapped over lines, a
    blank 单位 field above it, a 序号 column, and groups that carry their points (规划 (15分),
    基础信息 (3分)) before each leaf's name; the leaf's own 分值 has a column."""
    text = "\n".join([
        "2023年度部门整体支出绩效评价自评表", "单位 | |||||||", "序号 | 一级 指标 |", "二级 指标 |", "三级 指标 |",
        "指标分值 | 指标解释 | 指标说明及评分标准 | 自评得分 |",
        "1 | 规划 (15分) |", "基础信息 (3分) | 基础信息 完整性 | 3 | 基础信息是否真实、完整。 | 1、是否真实(1分); 2、是否完整(2分)。 |",
        "3 |",
        "2 | 工作计划 (6分) | 年度工作 计划完整性 | 3 | 工作计划是否完整可行。 | 工作计划完整可行(3分) | 2 | |",
        "3 | 年度工作 计划明确性 | 3 | 工作计划是否明确。 | 工作计划明确可操作(3分) | 3 | ||"])
    assert [(level1, level2, name, cells["weight"], cells.get("score"))
            for level1, level2, name, cells in rows(write(tmp_path, "部门.txt", text))] == [
        ("规划", "基础信息", "基础信息 完整性", "3", "3"),
        ("规划", "工作计划", "年度工作 计划完整性", "3", "2"),
        ("规划", "工作计划", "年度工作 计划明确性", "3", "3"),
    ]


def test_a_page_that_begins_inside_the_table_reads_its_first_rows_too(tmp_path: Path) -> None:
    """The second page of a form: no header, and the first rows' 一级/二级 were on the page before.
    The rows above the first 一级 name are rows all the same; the kept source line is no cell."""
    text = "\n".join(["# source: https://example.gov.cn/a.html", "安全警示标志设置及时率 | = | 100 | % | 100 | 5 |",
                      "成本指标 | 安全隐患排查成本预算 | = | 6 | 万元 | 6 | 5 |", "警示标志设置成本预算 | = | 5 | 万元 | 5 | 5 |",
                      "效益指标 | 社会效益指标 | 安全隐患排查有效处置率 | ≥ | 90 | % | 91 | 10 |"])
    assert [(name, cells["target"], cells["weight"]) for _, _, name, cells in rows(write(tmp_path, "第2页.txt", text))] == [
        ("安全警示标志设置及时率", "=100%", "5"), ("安全隐患排查成本预算", "=6万元", "5"), ("警示标志设置成本预算", "=5万元", "5"),
        ("安全隐患排查有效处置率", "≥90%", "10")]


def test_a_score_printed_beside_one_line_of_a_long_criterion_is_the_score(tmp_path: Path) -> None:
    """An evaluation's 评分表 from a spreadsheet: each criterion runs over several lines and the
    score stands beside its first one (…需要; 4); the rest of the criterion follows the score.
    A level name OCR spaced out (投 入(14分)) is one cell."""
    text = "\n".join([
        "综合得分表", "一级指标 二级指标 三级指标 分值 指标解释 指标评价标准 评价得分",
        "投 入(14分) 项目立项 项目立项规范性 4分 项目设立过程是否符合相关要求 评价要点:", "①项目实施是否符合规范需要; 4",
        "②项目是否与部门职能相适应。", "资金落实 资金到位率 3分 实际到位资金与计划投入资金的比率 评价要点:", "到位率100%的得满分; 3",
        "每低1%扣0.1分。"])
    read = rows(write(tmp_path, "评分表.txt", text))
    assert [(level1, level2, name, cells["weight"], cells["score"]) for level1, level2, name, cells in read] == [
        ("投入", "项目立项", "项目立项规范性", "4分", "4"), ("投入", "资金落实", "资金到位率", "3分", "3")]
    assert [cells["criterion"].removeprefix("评价要点:") for *_, cells in read] == [
        "①项目实施是否符合规范需要;②项目是否与部门职能相适应。", "到位率100%的得满分;每低1%扣0.1分。"]


def test_an_actual_in_the_rows_unit_column_is_no_actual_of_another_kind(
        tmp_path: Path, registry: RuleRegistry, checks: CheckRegistry) -> None:
    """度量单位 stands for the whole row: 100 under ``= | 100 | %`` is 100%, and the review does not
    say a rate target got a figure that is no rate."""
    text = "\n".join(["安全警示标志设置及时率 | = | 100 | % | 100 | 5 |", "成本指标 | 警示标志设置成本 | = | 5 | 万元 | 5 | 5 |",
                      "效益指标 | 社会效益指标 | 隐患处置率 | ≥ | 90 | % | 91 | 10 |"])
    path = write(tmp_path, "第2页.txt", text)
    assert [cells["actual"] for *_, cells in rows(path)] == ["100%", "5万元", "91%"]
    assert not [f for f in review_file(path, registry, checks).findings if f.code == "actual-kind"]


def test_a_sign_in_a_cell_of_its_own_never_ends_a_name(tmp_path: Path) -> None:
    """An unscored page of Sichuan's form, no header: the 指标性质 cell (=, ≤) is not glued to the
    name before it, whichever column order the rows are read in."""
    text = "\n".join(["宣传群众知晓率 | = | 100 | % | 5 | ||||||", "成本指标 | 网络宣传成本预算 | ≤ | 101400 | 元 | 5 | |||||",
                      "效益指标 | 社会效益指标 | 经费应发尽发率 | = | 100 | % | 15 | ||||"])
    assert [(name, cells["weight"]) for _, _, name, cells in rows(write(tmp_path, "第2页.txt", text))] == [
        ("宣传群众知晓率", "5"), ("网络宣传成本预算", "5"), ("经费应发尽发率", "15")]


def test_a_level_word_a_narrow_cell_wrapped_in_two_is_one_group_not_an_indicator(tmp_path: Path) -> None:
    """A PDF's 部门整体 得分表: the 一级 cell is too narrow for 部门决策(25分) and its text arrives
    as 部门决 | 策(25 分); the two pieces are the group, not an indicator worth 25."""
    text = ("部门整体支出绩效评价得分表 一级指标 二级指标 三级指标 得分 部门决 策(25分) 目标任务(15分) 相关性(5分) 5 "
            "明确性(5分) 5 合理性(5分) 4 综合管 理(10分) 资金分配(10分) 分配时限(10分) 9")
    assert [(level1, level2, name, cells["weight"]) for level1, level2, name, cells in rows(write(tmp_path, "得分表.txt", text))] \
        == [("部门决策", "目标任务", "相关性", "5"), ("部门决策", "目标任务", "明确性", "5"), ("部门决策", "目标任务", "合理性", "5"),
            ("综合管理", "资金分配", "分配时限", "10")]


def test_a_table_written_out_column_by_column_pairs_its_columns_in_order(tmp_path: Path) -> None:
    """A report's 评分表 as a PDF's extraction gives it: each column's header word and then its
    cells. The name column and the 分值 and 得分 columns hold as many cells; the i-th of each is one
    indicator, and every row so read is only a guess."""
    text = ("二、绩效评价指标评分 一级指标 分值 二级指标 项目目标 决策过程 分值 4 8 三级指标 目标内容 决策依据 决策程序 "
            "分值 4 3 5 得分 4 3 4 项目决策 20")
    path = write(tmp_path, "评价报告.txt", text)
    assert [(name, cells["weight"], cells["score"]) for *_, name, cells in rows(path)] == [
        ("目标内容", "4", "4"), ("决策依据", "3", "3"), ("决策程序", "5", "4")]
    form = read_form(read_document(path))
    assert form is not None and not any(row.certain for row in form.rows)
