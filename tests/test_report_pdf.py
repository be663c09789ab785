"""The PDF read back as text, and one changed fact followed through every format."""

from __future__ import annotations

import io

import pytest
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

from jixiao import RuleRegistry
from jixiao.report import default_renderers

from .conftest import EXAMPLE
from .reportkit import built_from_file, render

PDF = default_renderers().get("pdf")
ENGINE_PROBLEM = PDF.check() if PDF else "no pdf renderer"
needs_pdf_engine = pytest.mark.skipif(bool(ENGINE_PROBLEM), reason=f"PDF engine absent here: {ENGINE_PROBLEM}")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@needs_pdf_engine
def test_the_pdf_is_a4_and_its_chinese_text_reads_back(registry: RuleRegistry) -> None:
    data = render(built_from_file(EXAMPLE, registry), "pdf")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = pdf_text(data).replace("\n", "")
    assert "信息化项目运维服务费项目支出绩效评价报告" in text
    assert "该项目综合得分为 98 分，评价等级为“优”。" in text
    assert "— 2 —" in text  # page numbers


@needs_pdf_engine
def test_one_changed_fact_shows_up_in_every_format(registry: RuleRegistry) -> None:
    """One quarterly inspection report fewer than planned (3 of 4) costs 0.5 points everywhere."""
    built = built_from_file(EXAMPLE, registry, "facts.云安访系统季度巡检报告数量={actual: 3}")
    sentence = "该项目综合得分为 97.5 分，评价等级为“优”。"
    docx = read_docx(io.BytesIO(render(built, "docx")))
    assert any(sentence in p.text for p in docx.paragraphs)
    assert sentence in render(built, "html").decode("utf-8")
    assert sentence in pdf_text(render(built, "pdf")).replace("\n", "")
    sheet = load_workbook(io.BytesIO(render(built, "xlsx")))["评分表"]
    row = next(r for r in sheet.iter_rows() if r[2].value == "云安访系统季度巡检报告数量")
    assert (row[7].value, str(row[8].value)) == ("3个", "1.5")
