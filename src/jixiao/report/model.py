"""The format-neutral report model: headings, paragraphs, tables with merged cells, charts.

Nothing here knows about evaluations. :mod:`jixiao.report.build` fills a :class:`Document` from a
scored project; the monitoring and self-evaluation forms (:mod:`jixiao.forms.write`) and the review
opinion (:mod:`jixiao.review.render`) fill one the same way, and every renderer writes them all.
Tables are stored the way HTML stores them: each row lists only the cells that start in it, and a
cell spanning several rows or columns covers the positions to its right and below.
"""

from __future__ import annotations

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


Block = Heading | Paragraph | Table | Chart | PageBreak


@dataclass(frozen=True, slots=True)
class Document:
    """A whole document: its title, its blocks in order, and a file-name stem; ``landscape`` turns
    the page (wide forms). ``draft`` marks a document that is not final (``征求意见稿``): every
    renderer prints it under the title and at the top of every page."""

    title: str
    blocks: tuple[Block, ...]
    stem: str = "report"
    landscape: bool = False
    draft: str = ""

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
