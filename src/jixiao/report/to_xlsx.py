"""Excel: every table that names a sheet, with merged cells, number formats and live formulas.

Cells that carry a :class:`~jixiao.report.model.Sum` become ``=SUM(…)`` formulas, so an evaluator
who changes a score in Excel sees the subtotals and the total move. Each formula is saved with
its value, computed here, so a viewer that does not recalculate (a phone, a preview, a program
reading the file) shows the total and not an empty cell. That is why the workbook is written by
XlsxWriter: openpyxl saves a formula without its value.

Columns are sized from the model's relative widths and each sheet prints on A4, fitted to the
page width, header rows repeated on every page, "— 1 —" page numbers in the footer. A table's
``above`` lines sit between its titles and its header, its ``below`` lines after its last row.
Every text (names, notes, titles) is written as a string cell (:func:`jixiao.sheets.cell_text`),
so a name such as ``=HYPERLINK(…)`` stays text: the sums are the only formulas. A draft's mark
(``Document.draft``) follows the document's title on each sheet and heads every printed page.
The workbook's properties carry the document's title, author and date. A cover and a table of
contents (``Document.cover``, ``contents``) are left out: a workbook is its tables, its sheet tabs
are its contents and each sheet's title rows name the report, while a sheet of particulars would
be one that holds no table, which every reader of workbooks (the review's among them) must skip.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import sheets
from . import fonts
from .chart import text_width
from .context import Context
from .grid import Grid, Placed, place
from .model import FILLS, Cell, Document, Heading, Table

if TYPE_CHECKING:  # XlsxWriter is imported when an xlsx is written
    from xlsxwriter.format import Format  # type: ignore[import-untyped]
    from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

CHARS_PER_UNIT = 2.0  # Excel column width (in digits) per unit of the model's relative width
FONT_PT = 10.5
LINE_HEIGHT_PT = 15.0
LANDSCAPE_ABOVE = 80  # units of relative width beyond which a sheet prints landscape
HEADER_FILL = "#E7E6E6"
FOOTER = "&C&10— &P —"  # the page number, centred
A4 = 9  # Excel's paper size number


def render(doc: Document, context: Context) -> bytes:
    from xlsxwriter import Workbook  # type: ignore[import-untyped]

    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                             "strings_to_urls": False})
    created = dt.datetime.combine(doc.date, dt.time()) if doc.date else dt.datetime.now()
    book.set_properties({"title": doc.title, "author": doc.author, "created": created, "comments": ""})
    styles = _Styles(book)
    source = f"{doc.title}（{doc.draft}）" if doc.draft else doc.title
    for title, table in _sheet_tables(doc):
        ws = book.add_worksheet(sheets.sheet_title(table.sheet))
        _sheet(ws, styles, (title, source), table)
        if doc.draft:
            ws.set_header(f'&R&"{fonts.HEADING1}"&14{_escaped(doc.draft)}')
    book.close()
    return buffer.getvalue()


def _escaped(text: str) -> str:
    return text.replace("&", "&&")


class _Styles:
    """XlsxWriter formats, one per combination of properties, made once."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.made: dict[tuple[tuple[str, object], ...], Format] = {}

    def get(self, **props: object) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self.made:
            self.made[key] = self.book.add_format(props)
        return self.made[key]


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


def _sheet(ws: Worksheet, styles: _Styles, titles: tuple[str, str], table: Table) -> None:
    """Row 1 the table's title; the document's title below it unless the same; ``above``, the table, ``below``.
    Rows are counted from 0 here, as XlsxWriter does."""
    grid = place(table, sheet=True)
    top = _titles(ws, styles, titles, grid.width)
    top = _lines(ws, styles, table.above, top, grid.width)
    values = _values(grid)
    covered: set[tuple[int, int]] = set()
    for placed in grid.cells:
        covered.update((r, c) for r in range(placed.row, placed.last_row + 1)
                       for c in range(placed.col, placed.last_col + 1))
        _write(ws, styles, grid, placed, top, table.header_rows, values)
    blank = styles.get(**_base(FONT_PT), border=1)
    for r in range(grid.height):  # a position no cell covers still gets its border
        for c in range(grid.width):
            if (r, c) not in covered:
                ws.write_blank(top + r, c, None, blank)
    _widths_and_heights(ws, grid, top)
    _lines(ws, styles, table.below, top + grid.height, grid.width)
    _print_setup(ws, grid, table.header_rows, top)


def _base(size: float, font: str = fonts.BODY) -> dict[str, object]:
    return {"font_name": font, "font_size": size, "valign": "vcenter"}


def _text(ws: Worksheet, row: int, col: int, text: str, fmt: Format, quoted: Format | None = None) -> None:
    """A string cell, whatever the text looks like; one that begins like a formula keeps Excel's
    quote prefix, so it stays text when edited."""
    cleaned = sheets.cell_text(text)
    if cleaned:
        ws.write_string(row, col, cleaned, quoted if quoted is not None and cleaned.startswith(
            sheets.FORMULA_START) else fmt)
    else:
        ws.write_blank(row, col, None, fmt)


def _titles(ws: Worksheet, styles: _Styles, titles: tuple[str, str], width: int) -> int:
    """Row 1: the table's title, centred; row 2: the document it comes from, so a printout says whose
    (left out when it is the title itself, as on a form). Returns the next free row."""
    shown = titles[:1] if titles[0] == titles[1] else titles
    for row, (text, size) in enumerate(zip(shown, (14, FONT_PT), strict=False)):
        props = {**_base(size, fonts.HEADING1 if row == 0 else fonts.BODY), "bold": row == 0,
                 "align": "center" if row == 0 else "left"}
        fmt, quoted = styles.get(**props), styles.get(**props, quote_prefix=True)
        if width > 1:
            ws.merge_range(row, 0, row, width - 1, "", fmt)
        _text(ws, row, 0, text, fmt, quoted)
    ws.set_row(0, 28)
    return len(shown)


def _lines(ws: Worksheet, styles: _Styles, lines: tuple[str, ...], row: int, width: int) -> int:
    """Each line in a row of its own from ``row``, across the table's width; returns the next free row."""
    props = {**_base(FONT_PT), "align": "left", "text_wrap": True}
    fmt, quoted = styles.get(**props), styles.get(**props, quote_prefix=True)
    for n, text in enumerate(lines, row):
        if width > 1:
            ws.merge_range(n, 0, n, width - 1, "", fmt)
        _text(ws, n, 0, text, fmt, quoted)
    return row + len(lines)


def _values(grid: Grid) -> dict[tuple[int, int], Decimal]:
    """Each numeric cell's value by (row, column), sums included: what a formula's cached value is."""
    values: dict[tuple[int, int], Decimal] = {}
    pending = []
    for placed in grid.cells:
        if placed.cell.value is not None:
            values[(placed.row, placed.col)] = placed.cell.value
        elif placed.cell.total is not None:
            pending.append(placed)
    for placed in pending:  # a sum with no value given: add up what it covers
        values[(placed.row, placed.col)] = _sum(placed.cell, grid, values)
    return values


def _sum(cell: Cell, grid: Grid, values: dict[tuple[int, int], Decimal]) -> Decimal:
    assert cell.total is not None
    col = grid.kept.index(cell.total.col)
    return sum((values.get((r, col), Decimal(0)) for r in range(cell.total.first, cell.total.last + 1)),
               Decimal(0))


def _write(ws: Worksheet, styles: _Styles, grid: Grid, placed: Placed, top: int, header_rows: int,
           values: dict[tuple[int, int], Decimal]) -> None:
    cell = placed.cell
    header = placed.row < header_rows
    props: dict[str, object] = {**_base(FONT_PT, fonts.HEADING1 if header else fonts.BODY),
                                "align": cell.align, "text_wrap": True, "border": 1}
    if cell.bold and not header:
        props["bold"] = True
    if cell.number_format != "General":
        props["num_format"] = cell.number_format
    if header:
        props["bg_color"] = HEADER_FILL
    elif cell.fill:
        props["bg_color"] = f"#{FILLS[cell.fill]}"
    fmt = styles.get(**props)
    row, col = top + placed.row, placed.col
    if cell.rowspan > 1 or cell.colspan > 1:
        ws.merge_range(row, col, top + placed.last_row, placed.last_col, "", fmt)
    if cell.total is not None:
        first, last = top + cell.total.first + 1, top + cell.total.last + 1  # Excel counts rows from 1
        letter = _letter(grid.kept.index(cell.total.col))
        value = values.get((placed.row, placed.col), Decimal(0))
        ws.write_formula(row, col, f"=SUM({letter}{first}:{letter}{last})", fmt, _number(value))  # on purpose
    elif cell.value is not None:
        ws.write_number(row, col, _number(cell.value), fmt)
    else:
        _text(ws, row, col, cell.text, fmt, styles.get(**props, quote_prefix=True))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _letter(col: int) -> str:
    from xlsxwriter.utility import xl_col_to_name  # type: ignore[import-untyped]

    name: str = xl_col_to_name(col)
    return name


def _widths_and_heights(ws: Worksheet, grid: Grid, top: int) -> None:
    widths = [c.width * CHARS_PER_UNIT for c in grid.columns]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    # Excel does not grow rows for wrapped text written by a program, so estimate each row's lines.
    lines = [1] * grid.height
    for placed in grid.cells:
        if placed.cell.rowspan == 1 and placed.cell.colspan == 1:
            lines[placed.row] = max(lines[placed.row], _line_count(placed.cell.text, widths[placed.col]))
    for r, n in enumerate(lines):
        ws.set_row(top + r, n * LINE_HEIGHT_PT)


def _line_count(text: str, width: float) -> int:
    # text_width at size 10 counts a CJK character as 10, and one is about two digits of Excel width
    per_line = max(width - 1, 1) * 5
    return sum(max(1, math.ceil(text_width(part, 10) / per_line)) for part in text.split("\n"))


def _print_setup(ws: Worksheet, grid: Grid, header_rows: int, top: int) -> None:
    """A4, fitted to the page width (as many pages down as it takes), centred, header rows on
    every page, page numbers in the footer."""
    units = sum(c.width for c in grid.columns)
    ws.set_paper(A4)
    if units > LANDSCAPE_ABOVE:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5)
    ws.set_footer(FOOTER)
    if header_rows:
        ws.repeat_rows(top, top + header_rows - 1)
    ws.freeze_panes(top + header_rows, 0)
