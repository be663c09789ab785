"""The Excel workbook read back with openpyxl: merged cells, live formulas, values, print setup."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from jixiao import RuleRegistry

from .reportkit import TRAINING, built_from_text, render


@pytest.fixture(scope="module")
def book(registry: RuleRegistry) -> Workbook:
    return load_workbook(io.BytesIO(render(built_from_text(TRAINING, registry), "xlsx")))


def test_one_sheet_for_the_scoring_table_and_one_for_the_goals(book: Workbook) -> None:
    assert book.sheetnames == ["绩效目标", "评分表"]
    assert book["评分表"]["A1"].value == "项目绩效指标体系评分表"
    assert book["评分表"]["A2"].value == "社区就业技能培训项目支出绩效评价报告"
    assert book["绩效目标"]["A1"].value == "项目绩效目标完成情况表"


def test_the_scoring_sheet_has_the_columns_and_merged_level_cells(book: Workbook) -> None:
    ws = book["评分表"]
    assert [ws.cell(4, c).value for c in range(1, 12)] == [
        "一级指标", "二级指标", "三级指标", "权重", None, None, None, None, None, None, None]
    assert [ws.cell(3, c).value for c in range(5, 12)] == [
        "指标说明", "评分标准", "标杆值", "实际完成值", "得分", "二级指标得分", "一级指标得分"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:D3", "A6:A7", "B6:B7", "J6:J7", "K6:K7", "A8:C8"} <= merged


def test_scores_are_numbers_and_totals_are_live_formulas(book: Workbook) -> None:
    ws = book["评分表"]
    assert [ws.cell(r, 3).value for r in (5, 6, 7)] == ["预算执行率", "培训人次", "培训班次"]
    assert [ws.cell(r, 9).value for r in (5, 6, 7)] == [Decimal(32), Decimal("22.5"), Decimal(30)]
    assert ws["I5"].number_format == "0.00"
    assert ws["J6"].value == "=SUM(I6:I7)"  # 二级 subtotal of 产出数量
    assert ws["K6"].value == "=SUM(I6:I7)"  # 一级 subtotal of 项目产出
    assert (ws["D8"].value, ws["I8"].value) == ("=SUM(D5:D7)", "=SUM(I5:I7)")  # total weight and score


def test_the_goals_sheet_lists_goals_with_computed_actuals(book: Workbook) -> None:
    ws = book["绩效目标"]
    assert [c.value for c in ws[4]] == ["产出指标", "数量指标", "培训人次", "≥200人次", "150人次"]
    assert [c.value for c in ws[5]] == [None, None, "培训班次", "10期", "10期"]  # A5:B5 lie under merges
    assert "A4:A5" in {str(r) for r in ws.merged_cells.ranges}


def test_sheets_print_on_a4_fitted_to_the_width_with_header_rows_repeated(book: Workbook) -> None:
    ws = book["评分表"]
    assert ws.page_setup.paperSize == 9  # A4 in Excel's numbering
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)  # 1 is the default, left out
    assert ws.oddFooter.center.text == "— &P —"  # the page number
    assert ws.print_title_rows == "$3:$4"  # the two header rows
    assert ws.column_dimensions["F"].width > ws.column_dimensions["D"].width  # 评分标准 wider than 权重


def test_formulas_are_saved_with_their_values(registry: RuleRegistry) -> None:
    """A viewer that does not recalculate (a preview, a phone, a program) still shows the totals."""
    values = load_workbook(io.BytesIO(render(built_from_text(TRAINING, registry), "xlsx")), data_only=True)["评分表"]
    assert [values[ref].value for ref in ("J6", "K6", "D8", "I8", "K8")] == [52.5, 52.5, 100, 84.5, 84.5]


def test_the_workbook_names_its_title_and_author(book: Workbook) -> None:
    assert book.properties.title == "社区就业技能培训项目支出绩效评价报告"
    assert book.properties.creator == "区财政局评价组"
