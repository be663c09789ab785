"""The report of an evaluation that is not finished: a draft (征求意见稿) in every format.

A leaf without usable facts would count 0 in every sum above it, so a total or a grade from such
a result would read as a finding that no fact supports. The draft says instead that the
evaluation is not finished, states no total, no grade and no chart, keeps the scores of the parts
that are scored, writes 未评分 and 未完成 where a score is missing, and lists what it waits for.
Each format is read back here as a reader would see it.
"""

from __future__ import annotations

import io
import textwrap

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from jixiao import RuleRegistry, pipeline
from jixiao.pipeline import Text
from jixiao.report import Built, Chart, Table, build_report

from .reportkit import REPORT_DATE, TRAINING, check_golden, render
from .test_report import paragraph_with, table, texts
from .test_report_html import docx_text
from .test_report_pdf import needs_pdf_engine, pdf_text

# The training project of reportkit with the facts of one leaf (培训班次, 30 points) left out.
INCOMPLETE = TRAINING.replace("  培训班次: {actual: 10}\n", "")
# Every leaf scored, but a goals row without its name: an error all the same.
GOAL_WITHOUT_NAME = TRAINING.replace("{level1: 效益指标, level2: 经济效益指标, applicable: 否}",
                                     "{level1: 效益指标, level2: 经济效益指标, target: 明显}")


def built(text: str, registry: RuleRegistry) -> Built:
    """The report as ``jixiao report`` and the web build it: from the run, with its diagnostics."""
    evaluation = pipeline.evaluate(Text(textwrap.dedent(text), "培训.yaml"), registry)
    assert evaluation.result is not None
    return build_report(evaluation.result, evaluation.diagnostics, date=REPORT_DATE)


@pytest.fixture(scope="module")
def draft(registry: RuleRegistry) -> Built:
    return built(INCOMPLETE, registry)


def test_a_leaf_without_facts_makes_the_report_a_draft_without_total_or_grade(draft: Built) -> None:
    doc = draft.document
    assert doc.draft == "征求意见稿"
    assert doc.stem == "社区就业技能培训2024年度绩效评价报告（征求意见稿）"  # a draft is never taken for the report
    assert texts(doc)[0] == "说明：本稿为征求意见稿，评价尚未完成，暂不计总分和等级。尚未评分的指标（1 项）：培训班次。"
    assert paragraph_with(doc, "量化打分") == (
        "绩效评价小组按照“项目管理－项目产出”分类设计评价指标体系，对项目进行量化打分。评价尚未完成，暂不计总分和等级。")
    assert not [t for t in texts(doc) if "综合得分" in t or "评价等级为" in t or "共扣" in t]
    assert not [b for b in doc.blocks if isinstance(b, Chart)]  # a rate over a leaf counted 0 is no rate


def test_the_parts_that_are_scored_keep_their_scores_and_the_others_say_why_not(draft: Built) -> None:
    doc = draft.document
    assert paragraph_with(doc, "其中，") == (
        "其中，项目管理得 32 分（满分 40 分，得分率 80%），项目产出尚未完成（满分 60 分，1 项指标未评分）。")
    assert paragraph_with(doc, "已评分的指标中") == (
        "已评分的指标中，预算执行率扣 8 分，培训人次扣 7.5 分。各项失分原因见下文指标分析。")
    assert paragraph_with(doc, "考察产出数量") == "该部分主要考察产出数量等方面情况，满分 60 分，其中 1 项指标尚未评分，暂不计得分。"
    assert paragraph_with(doc, "培训班次：") == (
        "培训班次：未评分（满分 30 分），尚未填写事实。评分标准：培训班次=10期，得满分，否则按完成比例扣分。")
    assert paragraph_with(doc, "预算执行率为 90%（").endswith("本项满分 40 分，得 32 分。预算执行率扣 8 分，预算执行率 90%，低于98%。")


def test_the_leaves_not_scored_are_listed_in_a_table_of_their_own(draft: Built) -> None:
    waiting = table(draft.document, "尚未评分的指标")
    assert (waiting.caption, waiting.sheet) == ("表2 尚未评分的指标", "未评分指标")
    assert [[c.text for c in row] for row in waiting.rows] == [
        ["序号", "一级指标", "三级指标", "权重", "未评分的原因"],
        ["1", "项目产出", "培训班次", "30", "尚未填写事实"],
    ]


def test_the_scoring_table_says_unscored_and_unfinished_instead_of_numbers(draft: Built) -> None:
    scoring = table(draft.document, "评分表")
    leaf = scoring.rows[4]  # 培训班次, the second row of 项目产出 (its level cells start a row above)
    assert leaf[0].text == "培训班次" and leaf[-1].text == "未评分" and leaf[-1].value is None
    first = scoring.rows[3]  # 培训人次 with the 二级 and 一级 subtotals of 项目产出
    subtotals = [(c.text, c.total) for c in first[-2:]]
    assert subtotals == [("未完成", None), ("未完成", None)]  # no SUM: Excel would count the gap as 0
    assert [c.text for c in scoring.rows[-1]] == ["总分", "100", "—", "未完成", "", "未完成"]
    assert scoring.below == ("注：评价尚未完成，暂不计总分和等级；“未评分”的指标尚缺有效的事实，“未完成”的指标含有未评分的下级指标。",
                             "注：实际完成值中，预算执行率由资金数据计算；培训人次由评价小组根据项目资料核定。")
    scored = scoring.rows[2]  # 项目管理 is complete: its subtotals stay live sums
    assert [c.total is not None for c in scored[-2:]] == [True, True]


def test_an_error_that_leaves_every_leaf_scored_still_makes_a_draft(registry: RuleRegistry) -> None:
    doc = built(GOAL_WITHOUT_NAME, registry).document
    assert doc.draft == "征求意见稿"
    assert texts(doc)[0] == ("说明：本稿为征求意见稿，评价尚未完成，暂不计总分和等级。"
                             "项目文件中有 1 处问题待修正（见“三、综合评价结论与指标分析”）。")
    listed = texts(doc).index("项目文件中有 1 处问题待修正：")
    assert texts(doc)[listed + 1] == "（1）绩效目标（goals）的一行缺少“name”。"
    assert not [b for b in doc.blocks if isinstance(b, Table) and b.sheet == "未评分指标"]  # every leaf is scored


def test_a_complete_evaluation_is_no_draft(registry: RuleRegistry) -> None:
    doc = built(TRAINING, registry).document
    assert doc.draft == "" and doc.stem == "社区就业技能培训2024年度绩效评价报告"
    assert "该项目综合得分为 84.5 分，评价等级为“良”。" in paragraph_with(doc, "综合得分")


def test_the_word_draft_is_marked_under_the_title_and_on_every_page(draft: Built) -> None:
    doc = read_docx(io.BytesIO(render(draft, "docx")))
    assert [p.text for p in doc.paragraphs[:2]] == ["社区就业技能培训项目支出绩效评价报告", "（征求意见稿）"]
    section = doc.sections[0]
    assert [h.paragraphs[0].text for h in (section.header, section.even_page_header)] == ["征求意见稿", "征求意见稿"]
    check_golden("report-training-draft.docx.txt", docx_text(render(draft, "docx")))


def test_the_html_draft_is_marked_under_the_title_and_on_every_printed_page(draft: Built) -> None:
    html = render(draft, "html").decode("utf-8")
    assert '<h1>社区就业技能培训项目支出绩效评价报告</h1>\n<p class="draft">（征求意见稿）</p>' in html
    assert '@page { @top-right { content: "征求意见稿";' in html
    assert "<td>未评分</td>" in html and "综合得分" not in html


def test_the_excel_draft_names_itself_on_every_sheet_and_lists_the_leaves(draft: Built) -> None:
    book = load_workbook(io.BytesIO(render(draft, "xlsx")))
    assert book.sheetnames == ["绩效目标", "未评分指标", "评分表"]
    for ws in book.worksheets:
        assert ws["A2"].value == "社区就业技能培训项目支出绩效评价报告（征求意见稿）"
        assert ws.oddHeader.right.text == "征求意见稿"  # printed at the top of every page
    assert [c.value for c in book["未评分指标"][4]] == ["1", "项目产出", "培训班次", 30, "尚未填写事实"]
    ws = book["评分表"]
    assert [ws.cell(7, c).value for c in (3, 9)] == ["培训班次", "未评分"]
    assert [ws.cell(6, c).value for c in (10, 11)] == ["未完成", "未完成"]  # text, not =SUM over a gap
    assert (ws["I8"].value, ws["K8"].value) == ("未完成", "未完成")
    assert ws["J5"].value == "=SUM(I5:I5)"  # a complete part keeps its live subtotal


@needs_pdf_engine
def test_the_pdf_draft_is_marked_on_every_page(draft: Built) -> None:
    reader = PdfReader(io.BytesIO(render(draft, "pdf")))
    pages = [page.extract_text().replace("\n", "") for page in reader.pages]
    assert len(pages) > 3 and all("征求意见稿" in page for page in pages)
    text = "".join(pages)
    assert "评价尚未完成，暂不计总分和等级" in text and "综合得分" not in text
    assert pdf_text(render(draft, "pdf")).count("未评分") >= 3  # the notice, the table, the scoring table
