"""Where each cell of a :class:`~jixiao.report.model.Table` sits on the grid, for every renderer.

Rows list only the cells that start in them (as in HTML), so a cell's column depends on the
spans above it. :func:`place` works that out once; page renderers ask it to drop sheet-only
columns, spreadsheets keep them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .model import Cell, Column, Table


@dataclass(frozen=True, slots=True)
class Placed:
    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


@dataclass(frozen=True, slots=True)
class Grid:
    columns: tuple[Column, ...]
    cells: tuple[Placed, ...]
    height: int
    kept: tuple[int, ...]  # for each kept column, its index in the table

    @property
    def width(self) -> int:
        return len(self.columns)


def place(table: Table, sheet: bool = False) -> Grid:
    """The table's cells with grid positions; without ``sheet``, sheet-only columns are left out
    and a cell that ``repeat``s is split into one per row, muted after the first."""
    placed = _place_all(table)
    if not sheet:
        placed = sorted(_split(placed), key=lambda p: (p.row, p.col))
    kept = tuple(i for i, c in enumerate(table.columns) if sheet or not c.sheet_only)
    new_index = {old: new for new, old in enumerate(kept)}
    cells = tuple(Placed(p.row, new_index[p.col], p.cell) for p in placed if p.col in new_index)
    return Grid(tuple(table.columns[i] for i in kept), cells, len(table.rows), kept)


def _place_all(table: Table) -> list[Placed]:
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            placed.append(Placed(r, col, cell))
            taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            col += cell.colspan
    return placed


def _split(placed: list[Placed]) -> list[Placed]:
    """A page cannot repeat a merged cell on the next page, so a group name is printed on each row."""
    out = []
    for p in placed:
        if not (p.cell.repeat and p.cell.rowspan > 1):
            out.append(p)
            continue
        one = dataclasses.replace(p.cell, rowspan=1, repeat=False)
        out.append(Placed(p.row, p.col, one))
        out.extend(Placed(p.row + r, p.col, dataclasses.replace(one, muted=True)) for r in range(1, p.cell.rowspan))
    return out
