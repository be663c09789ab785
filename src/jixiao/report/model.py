"""The format-neutral report model: headings, paragraphs, tables with merged cells, charts.

Nothing here knows about evaluations. :mod:`jixiao.report.build` fills a :class:`Document` from a
scored project; the monitoring and self-evaluation forms (:mod:`jixiao.forms.write`) and the review
opinion (:mod:`jixiao.review.render`) fill one the same way, and every renderer writes them all.
Tables are stored the way HTML stores them: each row lists only the cells that start in it, and a
cell spanning several rows or columns covers the positions to its right and below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Fill(StrEnum):
    """A light cell background, which every renderer maps (``FILLS``): a warning light's colour, say."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


FILLS = {Fill.GREEN: "C6EFCE", Fill.YELLOW: "FFEB9C", Fill.RED: "FFC7CE"}  # RGB


@dataclass(frozen=True, slots=True)
class Heading:
    """Level 1 is 一、, 2 is （一）, 3 is 1.; the numbering is part of ``text``."""

    text: str
    level: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Body text. ``lead`` is printed bold before the text (e.g. ``原因：``)."""

    text: str
    lead: str = ""
    indent: bool = True  # first-line indent of two characters, as official documents have
    align: str = "justify"  # justify | center | right
    label: bool = False  # set in 黑体 at the left margin, as an appendix's 附件 mark


@dataclass(frozen=True, slots=True)
class Sum:
    """A cell whose value is the sum of column ``col`` over table rows ``first``..``last`` (inclusive).

    Spreadsheets write it as a live formula; pages print the cell's text.
    """

    col: int
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell. ``value``/``number_format`` are for spreadsheets; pages print ``text``."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: Decimal | None = None
    number_format: str = "General"  # an Excel number format, e.g. "0.00" or "0.00%"
    total: Sum | None = None
    align: str = "center"  # left | center | right
    bold: bool = False
    fill: Fill | None = None  # a light background
    repeat: bool = False  # pages print the text on each row it spans (muted after the first), so a
    # table continued on a new page still names its group; spreadsheets merge the rows
    muted: bool = False  # printed in grey: a group name repeated (set by the page renderers' grid)


@dataclass(frozen=True, slots=True)
class Column:
    """A column's relative width. ``sheet_only`` columns appear in spreadsheets, not on pages."""

    title: str
    width: int
    sheet_only: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A table: ``header_rows`` leading rows repeat on every page; ``sheet`` names its worksheet.

    ``above`` and ``below`` are lines that go with the table (单位：万元, 注：…): printed just before
    and after it on pages, and on its sheet between the titles and the table and after its last row.
    """

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    header_rows: int = 1
    sheet: str = ""  # spreadsheets export only tables that name a sheet
    small: bool = False  # printed in a smaller size (wide tables such as a scoring table)
    above: tuple[str, ...] = ()
    below: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a share in 0..1, a label, its level (1 for 一级, 2 for 二级), and the text at its end."""

    label: str
    share: Decimal
    level: int
    note: str


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart of shares (e.g. score rates), drawn by :mod:`jixiao.report.chart`."""

    caption: str
    bars: tuple[Bar, ...]
    axis: str = "得分率"


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page (e.g. before an appendix)."""


@dataclass(frozen=True, slots=True)
class Signature:
    """The signature at the end of the body (GB/T 9704-2012 7.3.5): the signer, centred over the
    date, the date four characters in from the right, two empty lines above for the seal. An empty
    ``signer`` is a line to sign by hand."""

    signer: str
    date: str

    BLANK = "_" * 16  # what stands for a signer not named

    def shown(self) -> str:
        return self.signer or self.BLANK

    def indents(self) -> tuple[float, float]:
        """The right indents of the signer and of the date, in characters (a digit is half one)."""
        date_width, signer_width = _width(self.date), _width(self.shown())
        return max(4 + (date_width - signer_width) / 2, 0), 4


def _width(text: str) -> float:
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


Block = Heading | Paragraph | Table | Chart | PageBreak | Signature


@dataclass(frozen=True, slots=True)
class Cover:
    """The cover page (封面), a page of its own before the contents and the body: the document's
    title and the particulars under it (label, value: 报告编号, 项目名称, 委托单位, 评价机构, 报告日期 …)."""

    lines: tuple[tuple[str, str], ...]

    def indents(self, line: float) -> tuple[float, float]:
        """In characters: the left indent that centres the longest particular on a line ``line``
        characters wide, and the hanging indent that puts a wrapped value under the first (the
        widest label's)."""
        hang = max((_width(f"{label}：") for label, _ in self.lines), default=0)
        longest = max((hang + _width(value) for _, value in self.lines), default=0)
        return max((line - longest) / 2, 0), hang


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents (目录), on pages of its own after the cover: the headings down to
    ``depth`` (1 for 一、, 2 for （一）) and each appendix, linked to where they stand; pages
    print the page numbers where their format can."""

    depth: int = 2
    title: str = "目\u3000录"


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the contents: its text, its level (1 or more; an appendix is 1) and the index of
    its heading among the document's blocks (what the renderers make a link of)."""

    text: str
    level: int
    at: int


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: its title, its blocks in order, and a file-name stem; ``landscape`` turns
    the page (wide forms). ``draft`` marks a document that is not final (``征求意见稿``): every
    renderer prints it under the title and at the top of every page. ``author`` and ``date`` go
    into each file's properties (Word's core properties, the PDF's metadata, the workbook's).
    ``cover`` and ``contents``, when given, come before the title on pages of their own, which
    carry no page number; the body's pages are numbered from 1."""

    title: str
    blocks: tuple[Block, ...]
    stem: str = "report"
    landscape: bool = False
    draft: str = ""
    author: str = ""
    date: dt.date | None = None
    cover: Cover | None = None
    contents: Contents | None = None

    @property
    def front(self) -> bool:
        """Whether pages come before the body (a cover, the contents)."""
        return self.cover is not None or self.contents is not None

    def entries(self) -> tuple[Entry, ...]:
        """The lines of the contents: every heading down to its depth, and each appendix's title
        (a level-0 heading) with the mark before it (附件, 附件2 …); none without contents."""
        if self.contents is None:
            return ()
        out = []
        for at, block in enumerate(self.blocks):
            if not isinstance(block, Heading) or block.level > self.contents.depth:
                continue
            before = self.blocks[at - 1] if at else None
            mark = f"{before.text}\u3000" if block.level == 0 and isinstance(before, Paragraph) and before.label else ""
            out.append(Entry(mark + block.text, max(block.level, 1), at))
        return tuple(out)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
