"""The cover page and the table of contents (``report: {cover: true, contents: true}``): off by
default; when asked for, in Word a first section without page numbers (the body numbered from 1)
and a TOC field whose entries are written out and linked to the headings, in HTML and PDF a
cover and links, the PDF giving each heading's page.

Refresh the golden files after a deliberate change with
``JIXIAO_REFRESH_GOLDEN=1 pytest tests/test_report_cover.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from jixiao import RuleRegistry, load_project_text, score_project
from jixiao.importers import import_report
from jixiao.report import Built, build_report
from jixiao.report.model import Signature

from .conftest import EXAMPLE, codes, load
from .reportkit import TRAINING, built_from_file, built_from_text, check_golden, render
from .test_report_pdf import needs_pdf_engine

FRONT = """\
report:
  cover: true
  contents: true
  number: 培训评〔2025〕3号
  commissioner: 某区财政局
  date: 2025-04-15
"""
COVERED = TRAINING + FRONT


@pytest.fixture(scope="module")
def covered(registry: RuleRegistry) -> Built:
    """The training project with a cover and contents, built with no date given: the file's
    ``report.date`` is the report's (so the golden files do not change daily)."""
    loaded = load_project_text(COVERED, "培训.yaml", registry)
    assert loaded.project is not None
    return build_report(score_project(loaded.project, registry))


def body_text(data: bytes) -> str:
    """Every paragraph of the Word file in order, those of content controls (the TOC) included,
    with its style; a section break is a line of its own; tables by their size."""
    doc = read_docx(io.BytesIO(data))
    names = {s.style_id: s.name for s in doc.styles}
    lines = []
    for element in doc.element.body.iter(qn("w:p"), qn("w:tbl")):
        if element.tag == qn("w:tbl"):
            lines.append(f"[表格 {len(element.findall(qn('w:tr')))} 行]")
            continue
        if any(a.tag == qn("w:tc") for a in element.iterancestors()):
            continue
        style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        text = "".join(t.text or "" for t in element.iter(qn("w:t")))
        if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            lines.append("[分节]")
        elif text:
            lines.append(f"[{names.get(style.get(qn('w:val')), '') if style is not None else 'Normal'}] {text}")
    return "\n".join(lines) + "\n"


def test_the_report_has_no_cover_or_contents_unless_asked(registry: RuleRegistry) -> None:
    doc = built_from_text(TRAINING, registry).document
    assert (doc.cover, doc.contents, doc.entries()) == (None, None, ())


def test_the_cover_and_contents_in_word_match_their_golden_file(covered: Built) -> None:
    check_golden("report-training-cover.docx.txt", body_text(render(covered, "docx")))


def test_the_cover_and_contents_in_html_match_their_golden_file(covered: Built) -> None:
    check_golden("report-training-cover.html", render(covered, "html").decode("utf-8"))


def test_the_cover_states_the_particulars_and_the_date_is_the_reports(covered: Built) -> None:
    assert covered.document.cover is not None
    lines = dict(covered.document.cover.lines)
    assert (lines["报告编号"], lines["委托单位"], lines["评价机构"]) == ("培训评〔2025〕3号", "某区财政局", "区财政局评价组")
    signature = next(b for b in covered.document.blocks if isinstance(b, Signature))
    assert lines["报告日期"] == signature.date == "2025年4月15日"
    assert covered.document.date == dt.date(2025, 4, 15)


def test_the_contents_list_the_headings_to_the_second_level_and_the_appendix(covered: Built) -> None:
    doc = covered.document
    listed = [e.text for e in doc.entries()]
    headings = [h.text for h in doc.headings() if 1 <= h.level <= 2]
    assert listed[:-1] == headings
    assert listed[-1] == "附件\u3000项目绩效指标体系评分表"


def test_word_numbers_the_body_from_1_and_leaves_the_front_unnumbered(covered: Built) -> None:
    doc = read_docx(io.BytesIO(render(covered, "docx")))
    front, body = doc.sections
    assert front._sectPr.findall(qn("w:footerReference")) == []
    assert len(body._sectPr.findall(qn("w:footerReference"))) == 2  # odd and even pages
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_word_entries_are_a_toc_field_linked_to_bookmarks_on_the_headings(covered: Built) -> None:
    doc = read_docx(io.BytesIO(render(covered, "docx")))
    sdt = doc.element.body.find(qn("w:sdt"))
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    assert gallery.get(qn("w:val")) == "Table of Contents"
    assert "TOC" in "".join(t.text for t in sdt.iter(qn("w:instrText")))
    links = {link.get(qn("w:anchor")): "".join(t.text for t in link.iter(qn("w:t"))) for link in sdt.iter(qn("w:hyperlink"))}
    marks = {}
    for mark in doc.element.body.iter(qn("w:bookmarkStart")):
        para = mark.getparent()
        marks[mark.get(qn("w:name"))] = "".join(t.text for t in para.iter(qn("w:t")))
    assert links.keys() == marks.keys()
    assert all(text.endswith(marks[anchor]) for anchor, text in links.items())


@needs_pdf_engine
def test_the_pdf_contents_give_the_page_each_heading_is_printed_on(covered: Built) -> None:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(render(covered, "pdf"))).pages]
    numbers = {}
    for text in pages:
        found = re.search(r"— (\d+) —", text)
        if found:
            numbers[int(found.group(1))] = text
    assert "— " not in pages[0] and "— " not in pages[1]  # the cover and the contents are not numbered
    listed = re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", pages[1], re.MULTILINE)
    assert len(listed) == len(covered.document.entries())
    for text, page in listed:
        heading = text.replace(" ", "").split("\u3000")[-1]
        assert heading in numbers[int(page)].replace(" ", ""), (text, page)


@pytest.mark.parametrize(("line", "code"), [("report: {cover: 也许}", "wrong-type"), ("report: {covers: true}", "unknown-key"),
                                           ("report: {date: 明年}", "wrong-type")])
def test_a_report_section_that_cannot_be_read_is_located(line: str, code: str, registry: RuleRegistry) -> None:
    result, diags = load(TRAINING + line + "\n", registry)
    assert result is not None and code in codes(diags)
    assert [d.source.line for d in diags if d.code == code] == [COVERED.count("\n", 0, len(TRAINING)) + 1]


# The PDF's text reader joins the cover's lines into one paragraph (none ends a sentence), so the
# unit is read as "深圳市盐田区信访局委托单位": importers/read_text.py ends a paragraph at a line
# much shorter than the page's width no more than at a full stop. Left to the importer's owner.
@pytest.mark.parametrize("fmt", ["docx", "html", pytest.param("pdf", marks=needs_pdf_engine)])
def test_read_back_the_cover_gives_the_importer_the_projects_name(fmt: str, registry: RuleRegistry,
                                                                 tmp_path: Path) -> None:
    """The cover comes first: the name the importer finds at the top is its title's."""
    assert read_info(fmt, registry, tmp_path)[0] == "信息化项目运维服务费"


@pytest.mark.parametrize("fmt", ["docx", "html", pytest.param("pdf", marks=needs_pdf_engine)])
def test_read_back_the_cover_gives_the_importer_the_projects_unit(fmt: str, registry: RuleRegistry,
                                                                 tmp_path: Path) -> None:
    """项目单位 on the cover is what the importer reads as the unit, though the PDF's text runs the
    cover's lines together (…信访局委托单位：…)."""
    assert read_info(fmt, registry, tmp_path)[1] == "深圳市盐田区信访局"


def read_info(fmt: str, registry: RuleRegistry, tmp_path: Path) -> tuple[str, str]:
    """The project's name and unit as the importer reads them from the example's report with a
    cover (numbered, with its commissioner) and contents."""
    path = tmp_path / f"报告.{fmt}"
    built = built_from_file(EXAMPLE, registry, "report.cover=true", "report.contents=true", "report.number=YT-2024-001",
                            "report.commissioner=深圳市盐田区财政局")
    path.write_bytes(render(built, fmt))
    info = import_report(path, registry).report.info
    return (info.name.text if info.name else "", info.department.text if info.department else "")
