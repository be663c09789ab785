"""The report model: what the evaluation report says, built from a scored project.

These tests read the document model the way a reader reads the report: the outline, the
generated sentences with their figures, the tables, the placeholders where the evaluator has yet
to write. The renderers are tested in test_report_docx/xlsx/html/pdf.
"""

from __future__ import annotations

from jixiao import RuleRegistry
from jixiao.report import Chart, Document, Heading, Paragraph, Table
from jixiao.report.grid import place

from .conftest import EXAMPLE
from .reportkit import TRAINING, built_from_file, built_from_text


def texts(doc: Document) -> list[str]:
    return [b.lead + b.text for b in doc.blocks if isinstance(b, Paragraph)]


def paragraph_with(doc: Document, words: str) -> str:
    return next(t for t in texts(doc) if words in t)


def table(doc: Document, caption: str) -> Table:
    return next(t for t in doc.tables() if caption in t.caption or caption == t.sheet)


def test_the_outline_is_that_of_an_evaluation_report(registry: RuleRegistry) -> None:
    doc = built_from_text(TRAINING, registry).document
    assert doc.title == "社区就业技能培训项目支出绩效评价报告"
    assert [h.text for h in doc.headings() if h.level == 1] == [
        "一、基本情况", "二、绩效评价开展情况", "三、综合评价结论与指标分析", "四、主要经验及做法",
        "五、存在的问题", "六、相关建议和整改措施"]
    assert [h.text for h in doc.headings() if h.level == 0] == ["项目绩效指标体系评分表"]


def test_the_funds_paragraph_is_written_from_the_funds(registry: RuleRegistry) -> None:
    doc = built_from_text(TRAINING, registry).document
    assert paragraph_with(doc, "申报年初预算") == (
        "某区人力资源局申报年初预算 100.00 万元，实际到位资金 100.00 万元，资金到位率为 100%。"
        "本项目实际支付金额 90.00 万元，预算执行率为 90%。")


def test_the_example_funds_paragraph_reads_like_the_seed(registry: RuleRegistry) -> None:
    doc = built_from_file(EXAMPLE, registry).document
    text = paragraph_with(doc, "申报年初预算")
    assert "申报年初预算 61.91 万元" in text
    assert "截至2024年7月31日，本项目实际支付金额 61.71 万元，预算执行率为 99.68%。" in text


def test_the_conclusion_states_total_grade_and_every_lost_point(registry: RuleRegistry) -> None:
    doc = built_from_text(TRAINING, registry).document
    assert "该项目综合得分为 84.5 分，评价等级为“良”。" in paragraph_with(doc, "综合得分")
    assert paragraph_with(doc, "其中，") == (
        "其中，项目管理得 32 分（满分 40 分，得分率 80%），项目产出得 52.5 分（满分 60 分，得分率 87.5%）。")
    assert paragraph_with(doc, "共扣") == "共扣 15.5 分：预算执行率扣 8 分，培训人次扣 7.5 分。各项失分原因见下文指标分析。"


def test_a_lost_point_is_explained_by_its_criterion_and_the_evaluators_note(registry: RuleRegistry) -> None:
    """The counts are in the table just above, so the paragraph after it does not repeat them: it
    gives the evaluator's note, sums up the leaf at full marks and names the lost points."""
    doc = built_from_text(TRAINING, registry).document
    assert paragraph_with(doc, "下半年两期培训") == (
        "培训人次方面，下半年两期培训因场地改造推迟。本项满分 60 分，得 52.5 分。培训班次符合评分标准，得满分；"
        "培训人次扣 7.5 分，按评分标准“培训人次=200人次，得满分，否则按完成比例扣分”，"
        "实际完成 150人次，目标 200人次，完成率 75%。")
    assert not any(text.startswith("培训班次：") for text in texts(doc))


def test_the_output_counts_get_a_table_with_completion_rates(registry: RuleRegistry) -> None:
    counts = table(built_from_text(TRAINING, registry).document, "产出数量指标完成情况表")
    assert counts.caption == "表2 产出数量指标完成情况表"
    assert [[c.text for c in row] for row in counts.rows] == [
        ["序号", "三级指标名称", "计划完成数量", "实际完成数量", "完成率"],
        ["1", "培训人次", "200人次", "150人次", "75%"],
        ["2", "培训班次", "10期", "10期", "100%"],
    ]


def test_the_goals_table_shows_computed_actuals_not_typed_ones(registry: RuleRegistry) -> None:
    """The goals list says 200人次 was reached; the scored facts say 150人次, and the report follows them."""
    goals = table(built_from_text(TRAINING, registry).document, "项目绩效目标完成情况表")
    assert [[c.text for c in row] for row in goals.rows] == [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
        ["产出指标", "数量指标", "培训人次", "≥200人次", "150人次"],
        ["培训班次", "10期", "10期"],
        ["效益指标", "经济效益指标", "不适用", "不适用", "不适用"],
    ]
    assert (goals.rows[1][0].rowspan, goals.rows[1][1].rowspan) == (2, 2)


def test_the_example_goals_table_computes_satisfaction_and_deviation(registry: RuleRegistry) -> None:
    """The seed's table 1-2 typed 98.72% satisfaction; no survey was held, so the scored 90% is shown."""
    goals = table(built_from_file(EXAMPLE, registry).document, "项目绩效目标完成情况表")
    actual = {row[-3].text: row[-1].text for row in goals.rows[1:] if len(row) >= 3}
    assert actual["信访群众满意度"] == "90%"
    assert actual["预算支出偏差率"] == "0.32%"


def test_the_scoring_table_merges_level_cells_and_sums_scores(registry: RuleRegistry) -> None:
    scoring = table(built_from_text(TRAINING, registry).document, "评分表")
    grid = place(scoring)  # as printed: the two sheet-only subtotal columns are left out
    assert [c.title for c in grid.columns] == [
        "一级指标", "二级指标", "三级指标", "权重", "指标说明", "评分标准", "标杆值", "实际完成值", "得分"]
    # a sheet merges a 一级 down its rows; a page prints it on each row (grey after the first), so a
    # page the table continues on still names the group of its rows
    merged = [(p.row, p.cell.text, p.cell.rowspan) for p in place(scoring, sheet=True).cells if p.col == 0 and p.row >= 2]
    assert merged == [(2, "项目管理\n（40分）", 1), (3, "项目产出\n（60分）", 2), (5, "总分", 1)]
    first_level = [(p.row, p.cell.text, p.cell.rowspan, p.cell.muted) for p in grid.cells if p.col == 0 and p.row >= 2]
    assert first_level == [(2, "项目管理\n（40分）", 1, False), (3, "项目产出\n（60分）", 1, False),
                           (4, "项目产出\n（60分）", 1, True), (5, "总分", 1, False)]
    total = [p.cell for p in grid.cells if p.row == 5]
    assert [c.text for c in total] == ["总分", "100", "—", "84.5"]


def test_the_chart_shows_the_score_rate_of_each_level(registry: RuleRegistry) -> None:
    chart = next(b for b in built_from_text(TRAINING, registry).document.blocks if isinstance(b, Chart))
    assert chart.caption == "图1 各级指标得分率"
    assert [(b.label, b.level, b.note) for b in chart.bars] == [
        ("项目管理", 1, "32/40（80%）"), ("资金管理", 2, "32/40（80%）"),
        ("项目产出", 1, "52.5/60（87.5%）"), ("产出数量", 2, "52.5/60（87.5%）")]


def test_the_evaluators_text_is_placed_and_missing_text_is_flagged(registry: RuleRegistry) -> None:
    built = built_from_text(TRAINING, registry)
    doc = built.document
    assert "2024年度举办面向失业人员的就业技能培训。" in texts(doc)
    assert "原因：场地改造导致两期培训推迟。" in texts(doc)
    assert Heading("（一）培训人次未达目标", 2) in doc.blocks
    assert "【待填写：项目背景】" in texts(doc)
    missing = [d.message for d in built.diagnostics if d.code == "narrative-missing"]
    assert "评价报告的“项目背景”没有内容" in missing
    assert all(d.severity.value == "warning" for d in built.diagnostics)


def test_the_scope_is_generated_from_the_indicators_when_not_written(registry: RuleRegistry) -> None:
    doc = built_from_text(TRAINING, registry).document
    assert paragraph_with(doc, "评价项目为") == (
        "评价项目为社区就业技能培训，评价时段为2024年1月至2024年12月。此次评价主要围绕下述2个方面的内容开展：")
    assert "（2）项目产出情况。涵盖培训人次、培训班次等内容。" in texts(doc)


def test_the_example_conclusion_is_computed(registry: RuleRegistry) -> None:
    built = built_from_file(EXAMPLE, registry)
    assert "该项目综合得分为 98 分，评价等级为“优”。" in paragraph_with(built.document, "综合得分")
    assert [d for d in built.diagnostics if d.code == "narrative-missing"] == []
