"""PDF reports through pdfplumber, the maintained library for finding tables in PDF pages.

Each page's ruled tables become tables (a table running over several pages arrives as one
table per page; :mod:`jixiao.importers.tables` joins them); the text outside them becomes
paragraphs, line by line, joined the way the text reader joins them.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Source
from .document import PAGE_NUMBER, Block, Cell, Document, Paragraph, Table, clip
from .read_text import parse_text

MAX_PAGES = 500


def accepts(path: Path, head: bytes) -> bool:
    return head.startswith(b"%PDF") or path.suffix.lower() == ".pdf"


def read(path: Path) -> Document:
    try:
        import pdfplumber  # heavy: only when a PDF is read
    except ImportError:
        return _failed(path, "未安装 pdfplumber，无法读取 PDF", "运行 pip install pdfplumber")
    try:
        with pdfplumber.open(str(path)) as pdf:
            return _pages(pdf.pages[:MAX_PAGES], path.name)
    except Exception as err:
        return _failed(path, f"不是有效的 PDF 文件：{type(err).__name__}", "用 PDF 阅读器打开后另存，或导出为文本再导入")


def _failed(path: Path, message: str, hint: str) -> Document:
    return Document(path.name, "pdf", (), (Diagnostic("file-unreadable", message, Source(path.name), hint),))


def _pages(pages: list[Any], name: str) -> Document:
    diags: list[Diagnostic] = []
    blocks: list[Block] = []
    for number, page in enumerate(pages, 1):
        found = sorted(((table, _open_row(page, table, above=True), _open_row(page, table, above=False))
                        for table in page.find_tables()), key=lambda f: f[0].bbox[1])
        # in reading order: the text above each table, the table, the text beside it; then the text
        # below the last (a paragraph under a table comes after it: the next form's title, the notes)
        y = 0.0
        for table, first, last in found:
            top = first[1] if first is not None else table.bbox[1]
            bottom = last[1] if last is not None else table.bbox[3]
            if top > y:
                blocks.extend(_prose(page.crop((0, y, page.width, top), strict=False), name, number))
            band = page.crop((0, top, page.width, bottom), strict=False)
            rows = ([first[0]] if first is not None else []) + _fill_unclosed(page, table, table.extract()) \
                + ([last[0]] if last is not None else [])
            blocks.append(_table(rows, name, number, sum(isinstance(b, Table) for b in blocks) + 1, diags))
            blocks.extend(_prose(band.outside_bbox((table.bbox[0], top, table.bbox[2], bottom), strict=False), name, number))
            y = max(y, bottom)
        if y < page.height:
            blocks.extend(_prose(page.crop((0, y, page.width, page.height), strict=False), name, number))
    return Document(name, "pdf", tuple(blocks), tuple(diags))


def _prose(region: Any, name: str, number: int) -> list[Paragraph]:
    text = _without_page_number(region.extract_text() or "")
    return [_relocate(b, name, number) for b in parse_text(text, name, spaced_tables=False).blocks if isinstance(b, Paragraph)]


def _open_row(page: Any, table: Any, above: bool) -> tuple[list[str | None], float] | None:
    """A row split by a page break: at the foot of a page its bottom rule, at the head of the next its
    top rule, is drawn on the other page, so pdfplumber leaves it out; its cells' side rules still run
    past the table's edge. Read it by those rules, cell by cell; the parts are joined later as any
    row broken across pages (:mod:`.tables`). Returns the cells and how far the row reaches."""
    edge = table.bbox[1] if above else table.bbox[3]
    sides = [e for e in page.edges if e["orientation"] == "v" and table.bbox[0] - 1 <= e["x0"] <= table.bbox[2] + 1
             and (abs(e["bottom"] - edge) <= 2 and e["top"] < edge - 4 if above
                  else abs(e["top"] - edge) <= 2 and e["bottom"] > edge + 4)]
    if len(sides) < 2:
        return None
    reach = min(e["top"] for e in sides) if above else max(e["bottom"] for e in sides)
    top, bottom = (reach, edge) if above else (edge, reach)
    xs = sorted({round(e["x0"], 1) for e in sides})
    cells: list[str | None] = []
    for left, right in itertools.pairwise(xs):
        text = page.crop((left, top, right, bottom), strict=False).extract_text() or ""
        cells.append(text or None)
    if not any(cells):
        return None
    return cells, reach  # as many cells as its own rules make: the table below may have merged columns


def _fill_unclosed(page: Any, table: Any, rows: list[list[str | None]]) -> list[list[str | None]]:
    """Text of merged cells that run on past the page's last rule, which pdfplumber cannot close.

    A 一级 cell spanning three pages has no bottom rule on the first two, so pdfplumber finds no
    cell there and its text (drawn at the top) would be lost. A grid position that no found cell
    covers is such an orphan: the text inside the run of orphans of one column is read from the
    page and given to the run's first row, as a merged cell is given elsewhere.
    """
    cells = [c for row in table.rows for c in row.cells if c is not None]
    edges = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    if len(edges) - 1 != max((len(r) for r in rows), default=0):
        return rows  # columns that do not line up: leave the table as pdfplumber read it
    out = [list(r) for r in rows]
    for col, (left, right) in enumerate(itertools.pairwise(edges)):
        run: list[int] = []
        for r, row in enumerate(table.rows):
            if _orphan(cells, (left + right) / 2, (row.bbox[1] + row.bbox[3]) / 2):
                run.append(r)
                continue
            _read_run(page, table, out, col, (left, right), run)
            run = []
        _read_run(page, table, out, col, (left, right), run)
    return out


def _orphan(cells: list[tuple[float, float, float, float]], x: float, y: float) -> bool:
    return not any(c[0] <= x <= c[2] and c[1] <= y <= c[3] for c in cells)


def _read_run(page: Any, table: Any, out: list[list[str | None]], col: int, xs: tuple[float, float],
              run: list[int]) -> None:
    if not run:
        return
    top, bottom = table.rows[run[0]].bbox[1], table.rows[run[-1]].bbox[3]
    text = page.crop((xs[0], top, xs[1], bottom), strict=False).extract_text() or ""
    if text.strip():
        out[run[0]][col] = text


def _without_page_number(text: str) -> str:
    """A page's text without its footer's page number (— 6 —), which would run on into the
    paragraph the page breaks."""
    return "\n".join(line for line in text.splitlines() if not PAGE_NUMBER.fullmatch(line.strip()))


def _relocate(paragraph: Paragraph, name: str, page: int) -> Paragraph:
    source = Source(name, cell=f"第{page}页第{paragraph.source.line}行")
    return Paragraph(paragraph.text, source)


def _table(rows: list[list[str | None]], name: str, page: int, number: int, diags: list[Diagnostic]) -> Table:
    out = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, text in enumerate(row, 1):
            source = Source(name, cell=f"第{page}页表{number}第{r}行第{c}列")
            cells.append(Cell(clip(_unwrap(text or ""), source, diags), source))
        out.append(tuple(cells))
    return Table(tuple(out), Source(name, cell=f"第{page}页表{number}"), number)


def _unwrap(text: str) -> str:
    """Lines of a wrapped cell joined back: no space between Chinese characters, one elsewhere."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if out and line and (out[-1].isascii() and line[0].isascii()):
            out += " "
        out += line
    return out
