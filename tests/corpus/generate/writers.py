"""Render a Document in each format, and flatten its tables into text the ways published pages do."""

from __future__ import annotations

import datetime as dt
import html
import random
from dataclasses import dataclass
from pathlib import Path

from .grid import Block, Document, Para, Table

TXT_LAYOUTS = ("lines", "runs", "tabs", "pipes")


@dataclass
class TextStyle:
    layout: str  # lines | runs | tabs | pipes
    variant: str = ""  # lines: "" or "bars" (each cell followed by " |"); runs: "row" or "all"
    sep: str = " "
    pages: int = 0  # page numbers inserted inside the table (0: none)
    page_marks: tuple[str, ...] = ()
    metadata: str = ""  # DOCX core properties printed before the text


def table_lines(table: Table, style: TextStyle) -> list[str]:
    if style.layout == "tabs":
        return ["\t".join(row) for row in table.positions()]
    if style.layout == "pipes":
        rows = ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in table.positions()]
        return [*rows[:1], "|" + "---|" * table.ncols, *rows[1:]]
    if style.layout == "runs":
        return [style.sep.join(c.text for c in row if c.text) for row in table.by_row() if any(c.text for c in row)]
    if style.variant == "bars":
        return [f"{c.text} |" if c.text else "|" for c in table.ordered()]
    return [c.text for c in table.ordered() if c.text]


def with_pages(lines: list[str], style: TextStyle, rng: random.Random) -> list[str]:
    """Insert page numbers at row boundaries inside the table, where a page of the original ended."""
    if not style.pages or len(lines) < 6:
        return lines
    out = list(lines)
    cuts = sorted(rng.sample(range(3, len(lines) - 1), min(style.pages, len(lines) - 4)), reverse=True)
    for n, cut in zip(range(len(cuts), 0, -1), cuts, strict=True):
        out.insert(cut, style.page_marks[n - 1])
    return out


def block_lines(block: Block, style: TextStyle, rng: random.Random) -> list[str]:
    if isinstance(block, Para):
        return [block.text]
    return with_pages(table_lines(block, style), style, rng)


def to_text(doc: Document, style: TextStyle, rng: random.Random) -> str:
    lines: list[str] = []
    for block in doc.blocks:
        lines += block_lines(block, style, rng)
    if style.layout == "runs" and style.variant == "all":
        lines = [style.sep.join(lines)]
    if style.metadata:
        lines = [f"{style.metadata} {lines[0]}", *lines[1:]] if style.layout == "runs" else [style.metadata, *lines]
    return "\n".join(lines) + "\n"


# --- HTML and PDF ---
CSS = """
@page { size: A4 landscape; margin: 1.6cm 1.4cm; @bottom-center { content: "— " counter(page) " —"; font-size: 9pt; } }
body { font-family: "Noto Sans CJK SC", "SimSun", sans-serif; font-size: 10pt; }
h1 { font-size: 15pt; text-align: center; }
h2 { font-size: 12pt; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td, th { border: 0.8pt solid #000; padding: 2pt 3pt; vertical-align: middle; text-align: center; font-size: 9pt; }
td.prose { text-align: left; }
p.note { font-size: 9pt; }
"""
TAGS = {"title": "h1", "h1": "h2", "h2": "h3", "body": "p", "note": "p"}


def html_table(table: Table) -> str:
    rows = []
    for row in table.by_row():
        cells = []
        for c in row:
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            if len(c.text) > 24:
                attrs += ' class="prose"'
            cells.append(f"<td{attrs}>{html.escape(c.text) or '&nbsp;'}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="2">\n' + "\n".join(rows) + "\n</table>"


def to_html(doc: Document, cells_as_paragraphs: bool = False) -> str:
    parts = []
    for block in doc.blocks:
        if isinstance(block, Para):
            tag = TAGS[block.style]
            cls = ' class="note"' if block.style == "note" else ""
            parts.append(f"<{tag}{cls}>{html.escape(block.text)}</{tag}>")
        elif cells_as_paragraphs:
            parts.append('<div class="article">' + "".join(f"<p>{html.escape(c.text)}</p>" for c in block.ordered() if c.text) + "</div>")
        else:
            parts.append(html_table(block))
    head = f'<meta charset="utf-8"><title>{html.escape(doc.title)}</title><style>{CSS}</style>'
    return f"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>{head}</head>\n<body>\n" + "\n".join(parts) + "\n</body></html>\n"


def write_pdf(doc: Document, path: Path) -> None:
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: imported only when a PDF is asked for

    HTML(string=to_html(doc)).write_pdf(str(path))


# --- Word ---
def write_docx(doc: Document, path: Path, year: int) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word = docx.Document()
    landscape(word)
    core = word.core_properties
    core.author, core.last_modified_by = doc.author, doc.author
    core.created = dt.datetime(year, 3, 15, 9, 30, tzinfo=dt.UTC)
    core.modified = dt.datetime(year + 1, 4, 20, 16, 5, tzinfo=dt.UTC)
    core.title = doc.title
    for block in doc.blocks:
        if isinstance(block, Para):
            para = word.add_paragraph()
            run = para.add_run(block.text)
            if block.style in ("title", "h1"):
                run.bold = True
                run.font.size = Pt(16 if block.style == "title" else 13)
            if block.style == "title":
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        docx_table(word, block)
    word.save(str(path))


def landscape(word: object) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = word.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)


def column_widths(table: Table, total_cm: float) -> list[float]:
    """Widths in proportion to the columns' longest single-column texts, as a unit would drag them in Word."""
    longest = [2] * table.ncols
    for c in table.cells:
        if c.colspan == 1:
            longest[c.col] = max(longest[c.col], min(len(c.text), 40))
    shares = [max(3.0, n) ** 0.6 for n in longest]  # long prose columns get room, short ones keep theirs
    scale = total_cm / sum(shares)
    return [share * scale for share in shares]


def docx_table(word: object, table: Table) -> None:
    from docx.shared import Cm, Pt

    t = word.add_table(rows=table.nrows, cols=table.ncols)  # type: ignore[attr-defined]
    t.style = "Table Grid"
    t.autofit = False
    grid = t._cells  # fetched once: Table.cell() rebuilds this list on every call
    widths = column_widths(table, 25.5)
    for i, width in enumerate(widths):
        t.columns[i].width = Cm(width)
    for k, cell in enumerate(grid):
        cell.width = Cm(widths[k % table.ncols])
    for c in table.cells:
        cell = grid[c.row * table.ncols + c.col]
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(grid[(c.row + c.rowspan - 1) * table.ncols + c.col + c.colspan - 1])
        cell.text = c.text
        for para in cell.paragraphs:
            for run in para.runs:
                run.font.size = Pt(9)
                run.bold = c.head


# --- Excel ---
def write_xlsx(doc: Document, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "自评表"
    side = Side(style="thin")
    border = Border(left=side, right=side, top=side, bottom=side)
    r = 1
    width = max((b.ncols for b in doc.blocks if isinstance(b, Table)), default=8)
    for block in doc.blocks:
        if isinstance(block, Para):
            sheet.cell(r, 1, block.text).font = Font(bold=block.style == "title", size=14 if block.style == "title" else 10)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            r += 1
            continue
        for c in block.cells:
            cell = sheet.cell(r + c.row, 1 + c.col, c.text or None)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if len(c.text) > 24 else "center")
            if c.rowspan > 1 or c.colspan > 1:
                sheet.merge_cells(start_row=r + c.row, start_column=1 + c.col, end_row=r + c.row + c.rowspan - 1,
                                  end_column=1 + c.col + c.colspan - 1)
        for row in sheet.iter_rows(min_row=r, max_row=r + block.nrows - 1, max_col=block.ncols):
            for ruled in row:
                ruled.border = border
        r += block.nrows + 1
    for i in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 30 if i in (3, 4) else 12
    book.save(str(path))
