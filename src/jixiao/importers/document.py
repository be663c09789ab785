"""The format-neutral shape every reader produces: paragraphs and tables, each cell located.

A reader (text, HTML, docx, PDF) only turns bytes into a :class:`Document`; finding the
indicator table, the goals table, the money and the scores is the job of
:mod:`jixiao.importers.extract`, written once for all formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import parse_number

# A page's footer as text extraction leaves it among the text (第 2 页 共 3 页, — 6 —, 2/3)
# "- 3 -" with its inner spaces is a page's number even glued to the text around it (…1414- 3 -生态…)
PAGE_NUMBER = re.compile(r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|(?:^|\s)[-—–]{1,2}\s*\d{1,3}\s*[-—–]{1,2}(?=\s|$)"
                         r"|[-—–]{1,2} \d{1,3} [-—–]{1,2}|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$|共\s*\d+\s*页")

MAX_CELL = 20_000  # characters kept of one cell; an enormous cell is cut, with a diagnostic


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell; ``repeat`` marks a merged cell's copy at a grid position it covers."""

    text: str
    source: Source
    repeat: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph; ``breaks`` maps character offsets to the lines the pieces came from."""

    text: str
    source: Source
    breaks: tuple[tuple[int, int], ...] = ()

    def source_at(self, offset: int) -> Source:
        """Where the character at ``offset`` was read (its own line for joined text)."""
        line = self.source.line
        for start, number in self.breaks:
            if start <= offset:
                line = number
        return Source(self.source.file, line, cell=self.source.cell)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells as read; ``number`` counts tables from 1 in reading order."""

    rows: tuple[tuple[Cell, ...], ...]
    source: Source
    number: int

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Value:
    """A piece of text as the report states it, and where (what the extractors read out of cells and
    paragraphs: :mod:`jixiao.importers.model`, :mod:`jixiao.importers.form.model`)."""

    text: str
    source: Source

    @property
    def number(self) -> Decimal | None:
        parsed = parse_number(self.text.replace("分", ""))
        return parsed[0] if parsed else None


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader found, in reading order, and what it could not read."""

    file: str
    kind: str  # text | html | docx | xlsx | pdf
    blocks: tuple[Block, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    lines: tuple[tuple[int, str], ...] = ()  # text only: every line as written, for readers of flattened tables

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))


def cell_source(file: str, table: int, row: int, col: int, line: int | None = None) -> Source:
    """``报告.txt:213（表4第7行第8列）`` for text and HTML, ``报告.docx:表4第7行第8列`` for docx."""
    where = f"表{table}第{row}行第{col}列"
    return Source(file, line, cell=f"{line}（{where}）" if line is not None else where)


def clip(text: str, source: Source, diags: list[Diagnostic]) -> str:
    """Keep an enormous cell from swamping every later stage."""
    if len(text) <= MAX_CELL:
        return text
    diags.append(Diagnostic("import-too-large", f"单元格或段落过长（{len(text)} 个字符），只读取了前 {MAX_CELL} 个字符",
                            source, "检查该处是否为误粘贴的大段内容", severity=Severity.WARNING))
    return text[:MAX_CELL]

