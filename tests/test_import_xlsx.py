"""Excel workbooks: merged cells written once, sums that were never calculated, huge sheets refused."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from jixiao.importers import read_document
from jixiao.importers.document import Table


def test_a_sheet_is_a_table_whose_merged_cells_are_written_once_and_whose_sums_are_computed(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "评分表"
    sheet.append(["项目绩效指标体系评分表"])
    sheet.append(["一级指标", "三级指标", "权重", "得分"])
    sheet.append(["项目产出", "巡检次数", 2, 2])
    sheet.append([None, "培训次数", 3, 2.5])
    sheet.append(["总分", None, "=SUM(C3:C4)", "=SUM(D3:D4)"])
    sheet.merge_cells("A3:A4")
    path = tmp_path / "评分表.xlsx"
    book.save(path)
    document = read_document(path)
    assert [p.text for p in document.paragraphs] == ["项目绩效指标体系评分表"]
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert [[c.text for c in row] for row in table.rows] == [
        ["一级指标", "三级指标", "权重", "得分"], ["项目产出", "巡检次数", "2", "2"], ["", "培训次数", "3", "2.5"],
        ["总分", "", "5", "4.5"]]
    assert str(table.rows[3][3].source) == "评分表.xlsx:评分表!D5"


def test_a_sheet_declared_too_large_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    book = Workbook()
    book.active["A1"] = "项目名称"
    book.active["XFD1048576"] = "远处的一个单元格"
    path = tmp_path / "巨大.xlsx"
    book.save(path)
    document = read_document(path)
    assert document.blocks == ()
    assert [d.format() for d in document.diagnostics] == [
        "巨大.xlsx:Sheet!XFD1048576: [file-unreadable] 错误：工作表“Sheet”声明的范围到 XFD1048576（1048576 行 × 16384 列），"
        "超出上限 2000 行 × 60 列，已拒绝读取（删除该工作表中多余的行和列，或只把所需数据复制到新的工作簿，另存为 .xlsx 后再试）"]


def test_random_bytes_named_xlsx_are_a_message_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "坏文件.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert [d.code for d in read_document(path).diagnostics] == ["file-unreadable"]
