"""Annotated copies of a report: each note where its quote is, unplaced notes on page 1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from jixiao.review.annotate import AUTHOR, Annotated, Note, UnreadableReport, annotate, note_place

PAGES = """<html><head><style>
@page { size: A4; margin: 2cm }
body { font-family: "Noto Sans CJK SC"; font-size: 12pt; line-height: 1.6 }
.narrow { width: 10em }
td { border: 1px solid black; padding: 3pt 6pt }
table { border-collapse: collapse }
</style></head><body>
<h1>项目支出绩效评价报告</h1>
<p>本项目年初预算 120 万元，预算执行率为 99.68%。</p>
<p style="break-before: page">该项目综合得分为 98 分，评价等级为“优”。</p>
<p class="narrow">资金到位率为百分之百，资金使用合规，未发现挪用情况。</p>
<table>
<tr><td>指标</td><td>权重</td><td>得分</td></tr>
<tr><td>成本控制率</td><td>5</td><td>4.5</td></tr>
<tr><td>验收通过率</td><td>5</td><td>4.5</td></tr>
</table>
</body></html>"""


# --- the two reports ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages; page 2 has a paragraph wrapped over three lines and a table scoring 4.5 twice."""
    weasyprint = pytest.importorskip("weasyprint")
    path = tmp_path_factory.mktemp("pdf") / "报告.pdf"
    weasyprint.HTML(string=PAGES).write_pdf(path)
    return path


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """第1段 a heading, 第2段 three runs (98 in bold), 第3段 empty, 表1 scoring 4.5 twice, 第4段."""
    document = docx.Document()
    document.add_heading("项目支出绩效评价报告", 1)
    paragraph = document.add_paragraph("该项目综合得分为 ")
    paragraph.add_run("98").bold = True
    paragraph.add_run(" 分，评价等级为“优”。")
    document.add_paragraph()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "权重", "得分"), ("成本控制率", "5", "4.5"), ("验收通过率", "5", "4.5")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("资金到位率为百分之百，资金使用合规。")
    path = tmp_path_factory.mktemp("docx") / "报告.docx"
    document.save(str(path))
    return path


def run(source: Path, tmp_path: Path, *notes: Note) -> Annotated:
    """Annotate, checking on the way that the source is left exactly as it was."""
    before = source.read_bytes()
    result = annotate(source, notes, tmp_path / f"批注{source.suffix}")
    assert source.read_bytes() == before
    return result


# --- reading the PDF back -------------------------------------------------------------------


def annotations(path: Path, page: int, subtype: str) -> list[Any]:
    found = (a.get_object() for a in PdfReader(path).pages[page - 1].get("/Annots", []))
    return [a for a in found if a["/Subtype"] == subtype]


def highlighted(path: Path, page: int, annot: Any) -> list[str]:
    """The text under each box of a highlight, one string per line it covers."""
    quads = [float(v) for v in annot["/QuadPoints"]]
    with pdfplumber.open(path) as pdf:
        sheet = pdf.pages[page - 1]
        lines = []
        for at in range(0, len(quads), 8):
            xs, ys = quads[at : at + 8 : 2], quads[at + 1 : at + 8 : 2]
            box = (min(xs) - 1, float(sheet.height) - max(ys) - 1, max(xs) + 1, float(sheet.height) - min(ys) + 1)
            lines.append(sheet.within_bbox(box).extract_text().replace(" ", ""))
    return lines


def test_a_quote_on_page_2_is_highlighted_over_its_characters(report_pdf: Path, tmp_path: Path) -> None:
    note = Note("综合得分为98分", "[错误·确定] 报告总分与复算不符（建议：核对得分）", page=2)  # the PDF has spaces
    result = run(report_pdf, tmp_path, note)
    assert (result.placed, result.unplaced) == (1, ())
    [mark] = annotations(result.path, 2, "/Highlight")
    assert (mark["/Contents"], mark["/T"]) == (note.text, AUTHOR)
    assert mark["/Popup"].get_object()["/Subtype"] == "/Popup"
    assert highlighted(result.path, 2, mark) == ["综合得分为98分"]
    assert PdfReader(result.path).pages[0].get("/Annots") is None


def test_a_quote_over_a_line_break_gets_a_box_on_each_line(report_pdf: Path, tmp_path: Path) -> None:
    result = run(report_pdf, tmp_path, Note("百分之百，资金使用合规", "[提示] 跨行", page=2))
    [mark] = annotations(result.path, 2, "/Highlight")
    assert highlighted(result.path, 2, mark) == ["百分之", "百，资金使用合规"]


def test_a_table_cell_is_found_by_its_place(report_pdf: Path, tmp_path: Path) -> None:
    """4.5 is in rows 2 and 3; the place names row 3, so row 3's is marked."""
    note = Note("4.5", "[错误] 得分有误", **note_place("报告.pdf:第2页表1第3行第3列"))  # type: ignore[arg-type]
    result = run(report_pdf, tmp_path, note)
    [mark] = annotations(result.path, 2, "/Highlight")
    with pdfplumber.open(result.path) as pdf:
        page = pdf.pages[1]
        _, top, _, bottom = page.find_tables()[0].rows[2].cells[2]
        _, y0, _, y1 = (float(v) for v in mark["/Rect"])
        assert top < float(page.height) - y1 < float(page.height) - y0 < bottom
    assert highlighted(result.path, 2, mark) == ["4.5"]


def test_a_changed_ending_falls_back_to_the_longest_prefix_found(report_pdf: Path, tmp_path: Path) -> None:
    """The quote says 良 where the report says 优, and names page 1: the prefix is found on page 2."""
    result = run(report_pdf, tmp_path, Note("该项目综合得分为 98 分，评价等级为“良”。", "[提示] 等级", page=1))
    [mark] = annotations(result.path, 2, "/Highlight")
    assert highlighted(result.path, 2, mark) == ["该项目综合得分为98分，评价等级为“"]


def test_notes_not_found_are_listed_together_on_page_1(report_pdf: Path, tmp_path: Path) -> None:
    missing = (Note("报告中没有的这句话", "[警告] 其一", page=2), Note("另一句不存在的话", "[提示] 其二"))
    result = run(report_pdf, tmp_path, Note("验收通过率", "[提示] 找得到"), *missing)
    assert (result.placed, result.unplaced) == (1, missing)
    [pin] = annotations(result.path, 1, "/Text")
    contents = pin["/Contents"]
    assert contents.startswith("以下 2 条复核意见未能在文中找到所引原文")
    assert "1. 〔第2页〕原文“报告中没有的这句话”：[警告] 其一" in contents
    assert "2. 〔位置不明〕原文“另一句不存在的话”：[提示] 其二" in contents
    y1 = float(pin["/Rect"][3])
    assert y1 > float(PdfReader(result.path).pages[0].mediabox.top) - 40  # at the top of the page


# --- reading the docx back ------------------------------------------------------------------


def comments(document: Any) -> dict[str, tuple[str, str, Any]]:
    """Comment text → (author, the text its range covers, the w:commentRangeStart element)."""
    covered: dict[str, str] = {}
    starts: dict[str, Any] = {}
    inside: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            inside.add(element.get(qn("w:id")))
            starts[element.get(qn("w:id"))] = element
        elif element.tag == qn("w:commentRangeEnd"):
            inside.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for cid in inside:
                covered[cid] = covered.get(cid, "") + (element.text or "")
    return {c.text: (c.author, covered.get(str(c.comment_id), ""), starts[str(c.comment_id)]) for c in document.comments}


def body_paragraph(document: Any, number: int) -> Any:
    return [e for e in document.element.body if e.tag == qn("w:p")][number - 1]


def test_a_docx_comment_covers_just_the_quote_in_its_paragraph(report_docx: Path, tmp_path: Path) -> None:
    note = Note("综合得分为98 分", "[错误·确定] 总分不符", **note_place("报告.docx:第2段"))  # type: ignore[arg-type]
    result = run(report_docx, tmp_path, note)
    assert (result.placed, result.unplaced) == (1, ())
    document = docx.Document(str(result.path))
    author, covered, start = comments(document)[note.text]
    assert (author, covered) == (AUTHOR, "综合得分为 98 分")  # split out of the first and last of three runs
    paragraph = start.getparent()
    assert paragraph is body_paragraph(document, 2)
    text = "".join(t.text for t in paragraph.iter(qn("w:t")))
    assert text == "该项目综合得分为 98 分，评价等级为“优”。"  # the wording is untouched
    bold = [t.text for t in paragraph.iter(qn("w:t")) if t.getparent().find(f"{qn('w:rPr')}/{qn('w:b')}") is not None]
    assert bold == ["98"]


def test_a_docx_comment_goes_in_the_named_table_cell(report_docx: Path, tmp_path: Path) -> None:
    """4.5 is in rows 2 and 3; the place names row 3."""
    note = Note("4.5", "[错误] 得分有误", **note_place("报告.docx:表1第3行第3列"))  # type: ignore[arg-type]
    result = run(report_docx, tmp_path, note)
    document = docx.Document(str(result.path))
    _, covered, start = comments(document)[note.text]
    assert covered == "4.5"
    assert next(start.iterancestors(qn("w:tc"))) is document.tables[0].cell(2, 2)._tc


def test_a_quote_naming_the_row_marks_the_whole_named_cell(report_docx: Path, tmp_path: Path) -> None:
    """Findings quote “指标：得分”; the score cell holds only the score."""
    result = run(report_docx, tmp_path, Note("成本控制率：4.5", "[警告] 失分未说明", cell=(1, 2, 3)))
    document = docx.Document(str(result.path))
    _, covered, start = comments(document)["[警告] 失分未说明"]
    assert covered == "4.5"
    assert next(start.iterancestors(qn("w:tc"))) is document.tables[0].cell(1, 2)._tc


def test_docx_notes_not_found_are_one_comment_on_the_first_paragraph(report_docx: Path, tmp_path: Path) -> None:
    missing = (Note("报告中没有的这句话", "[警告] 其一", paragraph=4), Note("另一句不存在的话", "[提示] 其二", cell=(1, 2, 2)))
    result = run(report_docx, tmp_path, Note("资金使用合规", "[提示] 找得到"), *missing)
    assert (result.placed, result.unplaced) == (1, missing)
    document = docx.Document(str(result.path))
    found = comments(document)
    assert found["[提示] 找得到"][1] == "资金使用合规"
    [summary] = [text for text in found if text.startswith("以下 2 条复核意见")]
    assert "1. 〔第4段〕原文“报告中没有的这句话”：[警告] 其一" in summary
    assert "2. 〔表1第2行第2列〕原文“另一句不存在的话”：[提示] 其二" in summary
    _, covered, start = found[summary]
    assert covered == "项目支出绩效评价报告"
    assert start.getparent() is body_paragraph(document, 1)


# --- places, refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(("where", "expected"), [
    ("报告.pdf:第3页表2第5行第9列", {"page": 3, "cell": (2, 5, 9)}),
    ("报告.docx:第12段", {"paragraph": 12}),
    ("报告.docx:表3第5行第9列", {"cell": (3, 5, 9)}),
    ("报告.pdf:第3页", {"page": 3}),
    ("报告.pdf:第3页第17行", {"page": 3}),
    ("第12段", {"paragraph": 12}),
    ("报告.txt:231（表3第5行第9列）", {"cell": (3, 5, 9)}),
    ("报告.txt:205", {}),
])
def test_note_place_reads_every_place_form(where: str, expected: dict[str, object]) -> None:
    assert note_place(where) == expected


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_a_damaged_file_raises_unreadable_report(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"坏{suffix}"
    source.write_bytes(b"%PDF-1.7\n\x00\x01 not really" if suffix == ".pdf" else b"PK\x03\x04 not a zip")
    with pytest.raises(UnreadableReport, match="不是有效的"):
        run(source, tmp_path, Note("任意", "[提示] 无"))
    assert not (tmp_path / f"批注{suffix}").exists()


def test_other_formats_and_overwriting_the_source_are_refused(report_pdf: Path, tmp_path: Path) -> None:
    text = tmp_path / "报告.txt"
    text.write_text("该项目综合得分为 98 分", encoding="utf-8")
    with pytest.raises(ValueError, match="只能为 PDF 或 Word"):
        annotate(text, [], tmp_path / "批注.txt")
    before = report_pdf.read_bytes()
    with pytest.raises(ValueError, match="不能覆盖原文件"):
        annotate(report_pdf, [Note("验收通过率", "[提示] 无")], report_pdf)
    assert report_pdf.read_bytes() == before
