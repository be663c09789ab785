"""Every xlsx jixiao writes keeps text as text (a name ``=HYPERLINK(…)`` is never a formula) and
reads back the same; every xlsx it reads is measured first, so a small file that would expand
to millions of cells is refused at once, naming the sheet and the cell."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from openpyxl import Workbook, load_workbook

from jixiao import RuleRegistry
from jixiao.audit import default_checks
from jixiao.diagnostics import Diagnostic
from jixiao.evidence.records import FIELDS, RecordFile, read_ledger
from jixiao.forms.write import Form, write_form
from jixiao.importers import read_document
from jixiao.limits import LIMITS
from jixiao.review import review_file
from jixiao.sheets import refusal
from jixiao.storage import Invalid
from jixiao.web import workbook
from jixiao.web.workbook import FACTS, INFO, Entry

from .reportkit import TRAINING, built_from_text, render

NOTE = "=cmd|' /C calc'!A0"
NAME = '=HYPERLINK("http://x","y")'
HOSTILE = (NOTE, NAME, "-5", "+86 755 1234", "@SUM(A1:A2)", "#N/A")
T = TypeVar("T")


def formulas(data: bytes) -> list[str]:
    """The text of every ``<f>`` in the workbook's sheets."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return [f for name in book.namelist() if name.startswith("xl/worksheets/sheet")
                for f in re.findall(r"<f>(.*?)</f>", book.read(name).decode())]


def texts(data: bytes) -> dict[str, tuple[str, object]]:
    """Every non-empty cell: "Sheet!A1" → (data type, value)."""
    book = load_workbook(io.BytesIO(data))
    return {f"{ws.title}!{c.coordinate}": (c.data_type, c.value)
            for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None}


# -- written as text --------------------------------------------------------------------------


def entries() -> list[Entry]:
    return [Entry(FACTS, f"facts.{NAME}.note{n}", (NAME, "说明"), text, "text") for n, text in enumerate(HOSTILE)]


def test_the_data_entry_workbook_writes_names_and_notes_that_look_like_formulas_as_text() -> None:
    data = workbook.build(entries(), [("项目名称", NOTE)], 1)
    assert formulas(data) == []
    cells = texts(data)
    assert cells["项目信息!B2"] == ("s", NOTE)
    assert [cells[f"事实!{col}{row}"] for row in (2, 3) for col in "AC"] == [
        ("s", NAME), ("s", NOTE), ("s", NAME), ("s", NAME)]
    assert {cells[f"事实!C{row}"] for row in range(2, 8)} == {("s", text) for text in HOSTILE}


def test_the_data_entry_workbook_uploaded_back_gives_the_same_text() -> None:
    data = workbook.build(entries(), [], 1)
    assert workbook.read(data, entries(), "填报.xlsx").edits == {}  # nothing changed: nothing to apply
    blank = [Entry(e.sheet, e.key, e.labels, "", e.kind) for e in entries()]
    edits = workbook.read(data, blank, "填报.xlsx").edits
    assert edits[f"facts.{NAME}.note0"] == f'"{NOTE}"'
    assert [edits[f"facts.{NAME}.note{n}"] for n in range(1, 6)] == [
        '"=HYPERLINK(\\"http://x\\",\\"y\\")"', '"-5"', '"+86 755 1234"', '"@SUM(A1:A2)"', '"#N/A"']


def hostile_training() -> str:
    """The training project named ``=cmd…``, with a leaf (and its goal) named ``=HYPERLINK(…)``."""
    quoted = "'" + NAME + "'"
    return (TRAINING.replace("name: 社区就业技能培训", f'name: "{NOTE}"')
            .replace("- name: 培训班次", f"- name: {quoted}").replace("name: 培训班次,", f"name: {quoted},")
            .replace("  培训班次: {actual: 10}", f"  {quoted}: {{actual: 10}}")
            .replace("description: 考察全年培训人次。", "description: '-5'"))


def test_the_report_xlsx_keeps_user_text_as_text_and_only_the_sums_as_formulas(registry: RuleRegistry) -> None:
    data = render(built_from_text(hostile_training(), registry), "xlsx")
    assert formulas(data) and all(re.fullmatch(r"SUM\([A-Z]+\d+:[A-Z]+\d+\)", f) for f in formulas(data))
    cells = texts(data)
    assert cells["评分表!A2"] == ("s", f"{NOTE}项目支出绩效评价报告")
    assert (cells["评分表!C7"], cells["绩效目标!C5"]) == (("s", NAME), ("s", NAME))
    assert cells["评分表!E6"] == ("s", "-5")  # a number typed as text stays text
    assert cells["评分表!I8"] == ("f", "=SUM(I5:I7)")


def test_the_report_xlsx_read_back_by_review_gives_the_same_names_and_total(registry: RuleRegistry,
                                                                             tmp_path: Path) -> None:
    path = tmp_path / "报告.xlsx"
    path.write_bytes(render(built_from_text(hostile_training(), registry), "xlsx"))
    review = review_file(path, registry, default_checks())
    assert review.result is not None and f"{review.rescored_total:.2f}" == "84.50"
    assert [s.indicator.name for s in review.result.walk()][-2:] == ["培训人次", NAME]


def test_the_monitoring_and_self_evaluation_forms_write_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "表.xlsx"
    write_form(Form(f"{NAME}/自评表", (NOTE,), ("指标", "说明"), ((NAME, "-5"),), ("@合计",)), path)
    data = path.read_bytes()
    assert formulas(data) == []
    sheet = load_workbook(path).active
    assert sheet is not None and sheet.title == '=HYPERLINK("http___x","y")_自评表'  # Excel refuses "/" and ":"
    assert [(c.data_type, c.value) for row in sheet.iter_rows() for c in row if c.value is not None] == [
        ("s", f"{NAME}/自评表"), ("s", NOTE), ("s", "指标"), ("s", "说明"), ("s", NAME), ("s", "-5"), ("s", "@合计")]


# -- measured before loading ------------------------------------------------------------------


def package(sheet_xml: str, name: str = "事实") -> bytes:
    """A minimal xlsx of one sheet named ``name`` whose XML is ``sheet_xml`` (inside <worksheet>)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
                   f'Type="{kind}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{kind}"><sheets>'
                   f'<sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{rels}"><Relationship Id="rId1" '
                   f'Type="{kind}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}">{sheet_xml}</worksheet>')
    return out.getvalue()


def rows(count: int, cells: int) -> str:
    """``count`` rows of ``cells`` numbers each, with neither positions nor a dimension (the numbers
    vary, so two million cells pack into a few hundred KB, as real data does, not as a zip bomb)."""
    numbers = iter(range(count * cells))
    return "<sheetData>" + "".join("<row>" + "".join(f"<c><v>{next(numbers) % 1000}</v></c>" for _ in range(cells))
                                   + "</row>" for _ in range(count)) + "</sheetData>"


FAR = '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
HOSTILE_SHEETS = {
    "a far cell, declared": (FAR, "事实!XFD1048576", "声明的范围到 XFD1048576（1048576 行 × 16384 列）"),
    "a far cell under a small dimension": (
        '<dimension ref="A1"/><sheetData><row r="3"><c r="XFD3"><v>1</v></c></row></sheetData>', "事实!XFD3",
        "在 XFD3 有内容，超出上限 2000 行 × 60 列"),
    "two million cells in one row": ("2000000x1", "事实!A1", "第 1 行有超过 60 个单元格"),
    "two million cells in a million rows": ("2x1000000", "事实!A2001", "第 2001 行有内容，超出上限 2000 行"),
    "a merge over the whole sheet": ('<sheetData/><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                                     "事实!XFD1048576", "合并单元格到 XFD1048576"),
}


@pytest.fixture(scope="module", params=sorted(HOSTILE_SHEETS))
def hostile(request: pytest.FixtureRequest) -> tuple[bytes, str, str]:
    xml, cell, words = HOSTILE_SHEETS[request.param]
    if re.fullmatch(r"\d+x\d+", xml):  # built when used: "cells x rows"
        cells, count = xml.split("x")
        xml = rows(int(count), int(cells))
    return package(xml), cell, words


def quickly(call: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = call()
    assert time.perf_counter() - start < 2, "measured, not loaded"
    return result


def test_a_workbook_that_would_expand_is_refused_by_the_data_entry_upload(hostile: tuple[bytes, str, str]) -> None:
    data, cell, words = hostile
    with pytest.raises(Invalid) as refused:
        quickly(lambda: workbook.read(data, [], "填报.xlsx"))
    assert refused.value.message.startswith("填报.xlsx 无法导入：工作表“事实”")
    [diagnostic] = refused.value.diagnostics
    assert (diagnostic.code, str(diagnostic.source)) == ("file-unreadable", f"填报.xlsx:{cell}")
    assert words in diagnostic.message and "已拒绝读取" in diagnostic.message and "删除" in diagnostic.hint


def test_a_workbook_that_would_expand_is_refused_by_the_importer(hostile: tuple[bytes, str, str],
                                                                 tmp_path: Path) -> None:
    data, cell, words = hostile
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(data)
    document = quickly(lambda: read_document(path))
    assert [(d.code, str(d.source), words in d.message) for d in document.diagnostics] == [
        ("file-unreadable", f"自评表.xlsx:{cell}", True)]


def test_a_workbook_that_would_expand_is_refused_as_a_ledger(hostile: tuple[bytes, str, str], tmp_path: Path) -> None:
    """A ledger may run to LIMITS.ledger_rows rows (a year of records), so where it is stopped
    may differ from a form's bound; it is stopped all the same, and says where."""
    data, _, _ = hostile
    (tmp_path / "台账.xlsx").write_bytes(data)
    diags: list[Diagnostic] = []
    assert quickly(lambda: read_ledger(RecordFile(tmp_path / "台账.xlsx", "records/台账.xlsx", FIELDS), diags)) == []
    assert [(d.code, str(d.source).startswith("records/台账.xlsx:事实!"), "已拒绝读取" in d.message) for d in diags] == [
        ("file-unreadable", True, True)]


def test_a_sheet_within_the_bounds_is_measured_and_loaded() -> None:
    assert quickly(lambda: refusal(io.BytesIO(package(rows(2000, 60))))) is None
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = INFO
    sheet["BH2000"] = "右下角"
    sheet.merge_cells("A1:BH1")
    out = io.BytesIO()
    book.save(out)
    assert refusal(io.BytesIO(out.getvalue())) is None


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04" + bytes(range(256)) * 4, b""])
def test_bytes_that_are_not_a_workbook_are_a_chinese_message(content: bytes) -> None:
    with pytest.raises(Invalid) as refused:
        workbook.read(content, [], "填报.xlsx")
    assert refused.value.message == "填报.xlsx 无法导入：不是有效的 Excel（.xlsx）文件：文件已损坏，或并不是 .xlsx 格式"
    assert [d.code for d in refused.value.diagnostics] == ["file-unreadable"]


def test_a_workbook_upload_larger_than_the_limit_is_refused_before_it_is_opened() -> None:
    with pytest.raises(Invalid) as refused:
        workbook.read(b"PK" * (LIMITS.upload_bytes // 2 + 1), [], "填报.xlsx")
    assert refused.value.message == f"填报.xlsx 超过 {LIMITS.upload_bytes / 1024 / 1024:g} MB，没有导入任何数据"


def test_a_zip_that_is_not_a_workbook_is_a_chinese_message() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("说明.txt", "这不是工作簿")
    with pytest.raises(Invalid) as refused:
        workbook.read(out.getvalue(), [], "填报.xlsx")
    assert "压缩包中没有工作簿内容" in refused.value.message


def test_an_uncached_sum_over_a_huge_range_stops_at_the_sheet_bounds(tmp_path: Path) -> None:
    """``=SUM(B2:B1000000)`` written by a program without its value: the sum of what the sheet holds."""
    path = tmp_path / "合计.xlsx"
    path.write_bytes(package('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t></is></c>'
                             '<c r="B1" t="inlineStr"><is><t>得分</t></is></c></row>'
                             '<row r="2"><c r="A2"><v>3</v></c><c r="B2"><v>4</v></c></row>'
                             '<row r="3"><c r="A3"><f>SUM(B2:B1000000)</f></c><c r="B3"><f>SUM(A2:XFD2)</f></c>'
                             "</row></sheetData>", "评分表"))
    document = quickly(lambda: read_document(path))
    assert [[c.text for c in row] for row in document.tables[0].rows] == [["指标", "得分"], ["3", "4"], ["11", "7"]]
