"""A format-neutral document: paragraphs and tables of merged cells, which every writer renders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    head: bool = False


@dataclass
class Table:
    ncols: int
    cells: list[Cell] = field(default_factory=list)
    nrows: int = 0
    _taken: set[tuple[int, int]] = field(default_factory=set)

    def row(self, items: Sequence[tuple[Any, ...]], head: bool = False) -> None:
        """Add a row of (text, colspan[, rowspan]) cells, skipping the positions merged cells above already cover."""
        r, c = self.nrows, 0
        for item in items:
            while (r, c) in self._taken:
                c += 1
            text, colspan = str(item[0]), int(item[1])
            rowspan = int(item[2]) if len(item) > 2 else 1
            self.put(r, c, text, rowspan, colspan, head)
            c += colspan
        self.nrows += 1

    def put(self, r: int, c: int, text: str, rowspan: int = 1, colspan: int = 1, head: bool = False) -> None:
        self.cells.append(Cell(text, r, c, rowspan, colspan, head))
        for dr in range(rowspan):
            for dc in range(colspan):
                self._taken.add((r + dr, c + dc))

    def ordered(self) -> list[Cell]:
        return sorted(self.cells, key=lambda cell: (cell.row, cell.col))

    def by_row(self) -> list[list[Cell]]:
        rows: list[list[Cell]] = [[] for _ in range(self.nrows)]
        for cell in self.ordered():
            rows[cell.row].append(cell)
        return rows

    def positions(self) -> list[list[str]]:
        """One text per column position; a merged cell's text sits at its top-left, covered positions are empty."""
        grid = [[""] * self.ncols for _ in range(self.nrows)]
        for cell in self.cells:
            grid[cell.row][cell.col] = cell.text
        return grid


@dataclass
class Para:
    text: str
    style: str = "body"  # title | h1 | h2 | body | note


Block = Para | Table


@dataclass
class Document:
    blocks: list[Block]
    title: str
    author: str = ""


def spans(total: int, parts: int) -> list[int]:
    """Column spans of `parts` cells laid over `total` columns, the first ones wider."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]
