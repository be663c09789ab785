"""Excel: every table that names a sheet, with merged cells, number formats and live formulas.

Cells that carry a :class:`~jixiao.report.model.Sum` become ``=SUM(…)`` formulas, so an evaluator
who changes a score in Excel sees the subtotals and the total move. Columns are sized from the
model's relative widths and each sheet prints on A4, fitted to the page width, header rows
repeated on every page. A table's ``above`` lines sit between its titles and its header, its
``below`` lines after its last row. Every text (names, notes, titles) is written by :func:`jixiao.sheets.put`,
so a name such as ``=HYPERLINK(…)`` stays text: the sums are the only formulas. A draft's mark
(``Document.draft``) follows the document's title on each sheet and heads every printed page.
"""

from __future__ import annotations

import io
import math
from typing import TYPE_CHECKING

from .. import sheets
from . import fonts
from .chart import text_width
from .context import Context
from .grid import Grid, Placed, place
from .model import FILLS, Document, Heading, Table

if TYPE_CHECKING:  # openpyxl is imported when an xlsx is written
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

CHARS_PER_UNIT = 2.0  # Excel column width (in digits) per unit of the model's relative width
FONT_PT = 10.5
LINE_HEIGHT_PT = 15.0
LANDSCAPE_ABOVE = 80  # units of relative width beyond which a sheet prints landscape


def render(doc: Document, context: Context) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    source = f"{doc.title}（{doc.draft}）" if doc.draft else doc.title
    for title, table in _sheet_tables(doc):
        ws = book.create_sheet(sheets.sheet_title(table.sheet))
        _sheet(ws, (title, source), table, _fills())
        if doc.draft:
            ws.oddHeader.right.text = doc.draft
            ws.oddHeader.right.size = 14
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_tables(doc: Document) -> list[tuple[str, Table]]:
    """Tables that name a sheet, each titled by its caption, else the heading above it, else the document's."""
    found, heading = [], ""
    for block in doc.blocks:
        if isinstance(block, Heading):
            heading = block.text
        elif isinstance(block, Table) and block.sheet:
            caption = block.caption.split(" ", 1)[-1] if block.caption else heading
            found.append((caption or doc.title, block))
    return found


def _fills() -> dict[str, PatternFill]:
    from openpyxl.styles import PatternFill

    return {name: PatternFill("solid", fgColor=rgb) for name, rgb in FILLS.items()}


def _sheet(ws: Worksheet, titles: tuple[str, str], table: Table, fills: dict[str, PatternFill]) -> None:
    """Row 1 the table's title; the document's title below it unless the same; ``above``, the table, ``below``."""
    grid = place(table, sheet=True)
    first = _titles(ws, titles, grid.width)
    first = _lines(ws, table.above, first, grid.width)
    for placed in grid.cells:
        _write(ws, grid, placed, first, fills)
    _borders(ws, grid, table.header_rows, first)
    _widths_and_heights(ws, grid, first)
    _lines(ws, table.below, first + grid.height, grid.width)
    _print_setup(ws, grid, table.header_rows, first)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col + 1)


def _titles(ws: Worksheet, titles: tuple[str, str], width: int) -> int:
    """Row 1: the table's title, centred; row 2: the document it comes from, so a printout says whose
    (left out when it is the title itself, as on a form). Returns the next free row."""
    from openpyxl.styles import Alignment, Font

    shown = titles[:1] if titles[0] == titles[1] else titles
    for row, (text, size) in enumerate(zip(shown, (14, FONT_PT), strict=False), 1):
        cell = ws.cell(row, 1)
        sheets.put(cell, text)
        cell.font = Font(name=fonts.HEADING1 if row == 1 else fonts.BODY, size=size, bold=row == 1)
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left", vertical="center")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[1].height = 28
    return len(shown) + 1


def _lines(ws: Worksheet, lines: tuple[str, ...], row: int, width: int) -> int:
    """Each line in a row of its own from ``row``, across the table's width; returns the next free row."""
    from openpyxl.styles import Alignment, Font

    for n, text in enumerate(lines, row):
        cell = ws.cell(n, 1)
        sheets.put(cell, text)
        cell.font = Font(name=fonts.BODY, size=FONT_PT)
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=width)
    return row + len(lines)


def _write(ws: Worksheet, grid: Grid, placed: Placed, first: int, fills: dict[str, PatternFill]) -> None:
    from openpyxl.styles import Alignment, Font

    cell = placed.cell
    target = ws.cell(first + placed.row, placed.col + 1)
    if cell.total is not None:
        col = _letter(grid.kept.index(cell.total.col))
        target.value = f"=SUM({col}{first + cell.total.first}:{col}{first + cell.total.last})"  # on purpose
    else:
        sheets.put(target, cell.value if cell.value is not None else cell.text)
    target.number_format = cell.number_format
    target.font = Font(name=fonts.BODY, size=FONT_PT, bold=cell.bold)
    target.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
    if cell.fill:
        target.fill = fills[cell.fill]
    if cell.rowspan > 1 or cell.colspan > 1:
        ws.merge_cells(start_row=first + placed.row, start_column=placed.col + 1,
                       end_row=first + placed.last_row, end_column=placed.last_col + 1)


def _borders(ws: Worksheet, grid: Grid, header_rows: int, first: int) -> None:
    from openpyxl.styles import Border, Font, PatternFill, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="E7E6E6")
    for r in range(grid.height):
        for c in range(grid.width):
            cell = ws.cell(first + r, c + 1)
            cell.border = border
            if r < header_rows:
                cell.fill = header_fill
                cell.font = Font(name=fonts.HEADING1, size=FONT_PT)


def _widths_and_heights(ws: Worksheet, grid: Grid, first: int) -> None:
    widths = [c.width * CHARS_PER_UNIT for c in grid.columns]
    for c, width in enumerate(widths):
        ws.column_dimensions[_letter(c)].width = width
    # Excel does not grow rows for wrapped text written by a program, so estimate each row's lines.
    lines = [1] * grid.height
    for placed in grid.cells:
        if placed.cell.rowspan == 1 and placed.cell.colspan == 1:
            lines[placed.row] = max(lines[placed.row], _line_count(placed.cell.text, widths[placed.col]))
    for r, n in enumerate(lines):
        ws.row_dimensions[first + r].height = n * LINE_HEIGHT_PT


def _line_count(text: str, width: float) -> int:
    # text_width at size 10 counts a CJK character as 10, and one is about two digits of Excel width
    per_line = max(width - 1, 1) * 5
    return sum(max(1, math.ceil(text_width(part, 10) / per_line)) for part in text.split("\n"))


def _print_setup(ws: Worksheet, grid: Grid, header_rows: int, first: int) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    units = sum(c.width for c in grid.columns)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if units > LANDSCAPE_ABOVE else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_title_rows = f"{first}:{first + header_rows - 1}"
    ws.freeze_panes = f"A{first + header_rows}"
