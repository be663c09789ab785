"""The monitoring and self-evaluation forms as tables, written to xlsx or docx.

Each form is first made into a format-neutral :class:`Form` (title, lines above, one table, lines
below); one writer per format turns it into a file. openpyxl and python-docx are imported inside
the writers, so the CLI starts without them. Every text goes into the xlsx as a text cell
(:func:`jixiao.sheets.append`): a goal named ``=HYPERLINK(…)`` is never a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import sheets
from ..numbers import percent, plain, points
from .monitor import LIGHTS, Monitoring
from .selfeval import KIND_NAMES, SelfEvalForm

LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}


@dataclass(frozen=True, slots=True)
class Form:
    title: str
    above: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    below: tuple[str, ...] = ()
    lights: tuple[str, ...] = ()  # per row: a key of LIGHTS, for colouring; empty when none


def monitoring_form(m: Monitoring) -> Form:
    headers = ("类别", "指标", "年度指标值", "截至监控日应达", "截至监控日完成", "完成进度", "预警", "偏差原因", "纠偏措施", "说明")
    rows = tuple((i.group, i.name, i.target, i.expected, i.value, percent(i.progress) if i.progress is not None else "",
                  LIGHTS[i.light], i.note.reason if i.note else "", i.note.measure if i.note else "", i.basis)
                 for i in m.items)
    above = (f"监控日：{m.as_of.isoformat()}　统计期：{m.period[0].isoformat()} 至 {m.period[1].isoformat()}　"
             f"时间进度：{percent(m.elapsed)}",)
    behind = m.behind()
    below = (f"黄灯、红灯共 {len(behind)} 项" + ("：" + "、".join(i.name for i in behind) if behind else "。"),)
    return Form(m.title, above, headers, rows, below, tuple(i.light for i in m.items))


def self_eval_form(f: SelfEvalForm) -> Form:
    headers = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标类型", "分值", "得分", "计分说明")
    lines = [f.budget, *f.rows]
    rows = tuple((r.level1, r.level2, r.name, r.target, r.actual, KIND_NAMES[r.kind],
                  plain(r.weight) if r.kind != "na" else "—", points(r.score) if r.kind != "na" else "—", r.formula)
                 for r in lines)
    total = ("总分", "", "", "", "", "", "100", points(f.total), f"自评等级：{f.grade}")
    year = f"{f.year}年度" if f.year else ""
    return Form(f.title, (f"{year}　预算执行率、产出、效益、满意度四部分计分",), headers, (*rows, total))


def write_form(form: Form, path: Path) -> None:
    """By the file's suffix: .xlsx or .docx."""
    if path.suffix.lower() == ".docx":
        _docx(form, path)
    else:
        _xlsx(form, path)


def _xlsx(form: Form, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = sheets.sheet_title(form.title)  # Excel refuses some characters and more than 31
    width = len(form.headers)
    sheets.append(sheet, [form.title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    for line in form.above:
        sheets.append(sheet, [line])
    sheets.append(sheet, form.headers)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for n, row in enumerate(form.rows):
        sheets.append(sheet, row)
        light = form.lights[n] if n < len(form.lights) else ""
        if light in LIGHT_FILLS:
            sheet.cell(sheet.max_row, form.headers.index("预警") + 1).fill = PatternFill(
                "solid", fgColor=LIGHT_FILLS[light])
    for line in form.below:
        sheets.append(sheet, [line])
    for cells in sheet.iter_rows(min_row=header_row):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, chars in zip("ABCDEFGHIJ", (10, 24, 12, 12, 12, 10, 8, 20, 20, 40), strict=False):
        sheet.column_dimensions[letter].width = chars
    book.save(path)


def _docx(form: Form, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # wide forms: the page turns
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(form.title, level=1)
    for line in form.above:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(form.headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, form.headers, strict=True):
        cell.text = text
    for row in form.rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    for line in form.below:
        document.add_paragraph(line)
    document.save(str(path))
