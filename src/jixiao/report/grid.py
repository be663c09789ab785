"""Where each cell of a :class:`~jixiao.report.model.Table` sits on the grid, for every renderer.

Rows list only the cells that start in them (as in HTML), so a cell's column depends on the
spans above it. :func:`place` works that out once; page renderers ask it to drop sheet-only
columns, spreadsheets keep them.
"""

from __future__ import annotations

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
    """The table's cells with grid positions; without ``sheet``, sheet-only columns are left out."""
    placed = _place_all(table)
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
