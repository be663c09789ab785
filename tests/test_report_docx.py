"""The Word report read back with python-docx, as Word would show it: page, fonts, headings, tables."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt

from jixiao import RuleRegistry

from .conftest import EXAMPLE
from .reportkit import TRAINING, built_from_file, built_from_text, render


@pytest.fixture(scope="module")
def training(registry: RuleRegistry) -> DocxDocument:
    return read_docx(io.BytesIO(render(built_from_text(TRAINING, registry), "docx")))


@pytest.fixture(scope="module")
def example(registry: RuleRegistry) -> DocxDocument:
    return read_docx(io.BytesIO(render(built_from_file(EXAMPLE, registry), "docx")))


def east_asian_font(style_element: object) -> str:
    rfonts = style_element.rPr.rFonts  # type: ignore[attr-defined]
    return str(rfonts.get(qn("w:eastAsia")))


def test_the_page_is_a4_with_official_margins(training: DocxDocument) -> None:
    section = training.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(s.mm) for s in sizes if s is not None] == [210, 297, 37, 35, 28, 26]  # Word stores twips


def test_the_page_holds_28_characters_a_line_and_22_lines(training: DocxDocument) -> None:
    """GB/T 9704's grid, worked out from what the file says: the text width over the pitch of a 3号
    character set closer by the Normal style's w:spacing, and the text height over the grid's
    line pitch (twips throughout, as Word lays out)."""
    sect_pr = training.sections[0]._sectPr
    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    width = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    height = int(size.get(qn("w:h"))) - int(margins.get(qn("w:top"))) - int(margins.get(qn("w:bottom")))
    rpr = training.styles["Normal"].element.rPr
    pitch = int(rpr.find(qn("w:sz")).get(qn("w:val"))) * 10 + int(rpr.find(qn("w:spacing")).get(qn("w:val")))
    grid = sect_pr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert (width // pitch, height // int(grid.get(qn("w:linePitch")))) == (28, 22)
    table_style = training.styles["表格文字"].element
    assert table_style.pPr.find(qn("w:snapToGrid")).get(qn("w:val")) == "0"  # a table's lines keep their own height


def test_fonts_are_the_official_ones_named_for_east_asian_text(training: DocxDocument) -> None:
    styles = training.styles
    assert east_asian_font(styles["Title"].element) == "方正小标宋简体"
    assert styles["Title"].font.size == Pt(22)
    assert east_asian_font(styles["Normal"].element) == "仿宋_GB2312"
    assert styles["Normal"].font.name == "仿宋_GB2312"  # digits and Latin letters in the same font
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Normal"].paragraph_format.line_spacing == Pt(28.95)  # 22 lines on 225 mm
    assert styles["Normal"].paragraph_format.widow_control is True  # no line left alone at a page's foot or head
    assert [east_asian_font(styles[f"Heading {n}"].element) for n in (1, 2, 3)] == ["黑体", "楷体_GB2312", "仿宋_GB2312"]
    assert styles["Heading 3"].font.bold is True


def test_the_font_table_names_the_substitute_for_each_official_font(training: DocxDocument) -> None:
    """A stock Windows has 仿宋 but not 仿宋_GB2312: w:altName tells Word and WPS which to use."""
    part = next(p for p in training.part.package.parts if str(p.partname) == "/word/fontTable.xml")
    text = part.blob.decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in text
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in text


def test_headings_keep_their_levels(training: DocxDocument) -> None:
    headings = [(p.style.name, p.text) for p in training.paragraphs
                if p.style is not None and p.style.name.startswith(("Heading", "Title"))]
    assert headings[:4] == [("Title", "社区就业技能培训项目支出绩效评价报告"), ("Heading 1", "一、基本情况"),
                            ("Heading 2", "（一）项目背景"), ("Heading 2", "（二）项目概况")]
    assert ("Heading 3", "1. 项目管理") in headings
    assert ("Heading 4", "（1）资金管理") in headings


def test_page_numbers_sit_at_the_outer_side_in_song_4(training: DocxDocument) -> None:
    section = training.sections[0]
    assert training.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (2, 0)  # right on odd pages, left on even pages
    assert odd.text == "—  —"  # the page number itself is a PAGE field between the dashes
    assert "PAGE" in odd._p.xml
    assert odd.runs[0].font.size == Pt(14)


def test_the_conclusion_states_the_computed_total_and_grade(example: DocxDocument) -> None:
    conclusion = next(p.text for p in example.paragraphs if "综合得分" in p.text)
    assert "该项目综合得分为 98 分，评价等级为“优”。" in conclusion


def test_the_appendix_table_has_the_scoring_columns_and_merged_level_cells(example: DocxDocument) -> None:
    appendix = example.tables[-1]
    assert [c.text for c in appendix.rows[1].cells] == [
        "一级指标", "二级指标", "三级指标", "权重", "指标说明", "评分标准", "标杆值", "实际完成值", "得分"]
    assert appendix.cell(0, 0).text == "评价指标"
    assert appendix.cell(0, 0)._tc is appendix.cell(0, 3)._tc  # 评价指标 spans four columns
    first, second = appendix.cell(2, 0), appendix.cell(3, 0)
    assert first.text == second.text == "项目决策\n（20分）"  # 一级 on each of its rows, so a continued page names it
    assert first._tc is not second._tc
    assert "w:color" not in first._tc.xml and 'w:color w:val="808080"' in second._tc.xml  # grey after the first
    assert appendix.cell(2, 1).text == appendix.cell(3, 1).text == "项目立项\n（7分）"
    total = appendix.rows[-1].cells
    assert (total[0].text, total[3].text, total[-1].text) == ("总分", "100", "98")


def test_table_rows_do_not_break_and_header_rows_repeat(example: DocxDocument) -> None:
    rows = example.tables[-1].rows
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    repeated = [i for i, r in enumerate(rows) if r._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert repeated == [0, 1]


def test_the_chart_is_a_picture(example: DocxDocument) -> None:
    assert len(example.inline_shapes) == 1
    assert any(p.text == "图1 各级指标得分率" for p in example.paragraphs)
