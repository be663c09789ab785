"""HTML pages with ``<table>``, as most reports are published: stdlib :mod:`html.parser`.

The standard parser is forgiving of the broken markup such pages often have, needs no
dependency, and reports the line of every tag, so each cell keeps its line. ``rowspan`` and
``colspan`` cells are repeated into every position they cover, as Word reports merged cells,
so that later stages see one value per row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..diagnostics import Diagnostic, Source, os_reason
from .document import Block, Cell, Document, Paragraph, Table, cell_source, clip
from .read_text import _decode

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "title", "blockquote", "br"}
SKIP = {"script", "style", "head"}
MAX_SPAN = 200  # a larger rowspan/colspan is taken as a typo and clipped


def accepts(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    start = head[:1024].lower()
    return b"<html" in start or b"<!doctype html" in start or b"<table" in start


def read(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except OSError as err:
        return Document(path.name, "html", (), (Diagnostic("file-unreadable", f"无法读取文件：{os_reason(err)}",
                                                            Source(path.name), "检查文件路径和读取权限"),))
    text = _decode(data)
    if text is None:
        return Document(path.name, "html", (), (Diagnostic("import-not-text", "网页不是可识别的文本编码",
                                                            Source(path.name), "以 UTF-8 或 GBK 编码保存网页"),))
    return parse_html(text, path.name)


def parse_html(text: str, name: str) -> Document:
    parser = _Parser(name)
    try:
        parser.feed(text)
        parser.close()
    except AssertionError:
        # Python's HTMLParser (before 3.13) asserts on a broken declaration such as ``<![`` followed
        # by no name: what was read up to there is kept, and the rest is said to be unreadable.
        line = parser.getpos()[0]
        parser.diags.append(Diagnostic("import-unrecognized", f"网页第 {line} 行附近的标记无法解析，其后的内容未读取",
                                       Source(name, line), "用浏览器或 Word 重新另存为网页后再复核"))
    parser.flush_paragraph()
    return Document(name, "html", tuple(parser.blocks), tuple(parser.diags))


@dataclass
class _TableState:
    line: int
    rows: list[list[tuple[str, int, int, int]]] = field(default_factory=list)  # text, line, rowspan, colspan
    cell: list[str] | None = None
    cell_line: int = 0
    spans: tuple[int, int] = (1, 1)


class _Parser(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.blocks: list[Block] = []
        self.diags: list[Diagnostic] = []
        self.tables: list[_TableState] = []
        self.text: list[str] = []
        self.text_line = 1
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in SKIP:
            self.skip += 1
        elif tag == "table":
            self.flush_paragraph()
            self.tables.append(_TableState(line))
        elif self.tables and tag == "tr":
            self.tables[-1].rows.append([])
        elif self.tables and tag in ("td", "th"):
            self._open_cell(dict(attrs), line)
        elif tag in BLOCKS and not self.tables:
            self.flush_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.tables:
            self._close_cell()
        elif tag == "table" and self.tables:
            self._close_cell()
            state = self.tables.pop()
            table = self._table(state)
            if self.tables and self.tables[-1].cell is not None:  # a nested table: keep its text in the cell
                self.tables[-1].cell.append(" ".join(c.text for r in table.rows for c in r))
            else:
                self.blocks.append(table)
        elif tag in BLOCKS and not self.tables:
            self.flush_paragraph()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.tables:
            if self.tables[-1].cell is not None:
                self.tables[-1].cell.append(data)
            return
        if not self.text and data.strip():
            self.text_line = self.getpos()[0]
        self.text.append(data)

    def _open_cell(self, attrs: dict[str, str | None], line: int) -> None:
        state = self.tables[-1]
        self._close_cell()
        if not state.rows:
            state.rows.append([])
        state.cell, state.cell_line = [], line
        state.spans = (_span(attrs.get("rowspan")), _span(attrs.get("colspan")))

    def _close_cell(self) -> None:
        state = self.tables[-1]
        if state.cell is None:
            return
        text = re.sub(r"\s+", " ", "".join(state.cell)).strip()
        state.rows[-1].append((text, state.cell_line, *state.spans))
        state.cell = None

    def _table(self, state: _TableState) -> Table:
        number = sum(isinstance(b, Table) for b in self.blocks) + 1
        grid: dict[tuple[int, int], tuple[str, int, bool]] = {}
        for r, row in enumerate(state.rows):
            c = 0
            for text, line, rowspan, colspan in row:
                while (r, c) in grid:
                    c += 1
                for dr in range(rowspan):
                    for dc in range(colspan):
                        grid.setdefault((r + dr, c + dc), (text, line, dr > 0 or dc > 0))
                c += colspan
        rows = []
        for r in range(len(state.rows)):
            width = max((c for (rr, c) in grid if rr == r), default=-1) + 1
            cells = []
            for c in range(width):
                text, line, repeat = grid.get((r, c), ("", state.line, False))
                source = cell_source(self.name, number, r + 1, c + 1, line)
                cells.append(Cell(clip(text, source, self.diags), source, repeat))
            rows.append(tuple(cells))
        return Table(tuple(rows), Source(self.name, state.line), number)

    def flush_paragraph(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.text)).strip()
        self.text = []
        if text:
            source = Source(self.name, self.text_line)
            self.blocks.append(Paragraph(clip(text, source, self.diags), source))


def _span(value: str | None) -> int:
    return min(int(value), MAX_SPAN) if value and value.strip().isdigit() and int(value) > 0 else 1
