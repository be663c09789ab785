"""Excel workbooks (.xlsx) through openpyxl: every sheet's used range becomes a table.

Units fill in their self-evaluation forms in Excel, and jixiao writes its reports' tables there
too. A merged range gives its text to its top-left cell only, as published text gives a merged
cell once; :mod:`jixiao.importers.tables` fills such cells down. A formula whose value was never
cached (a workbook written by a program and not opened in Excel since) is computed when it is a
sum of cells or ranges (``=SUM(I5:I30)``, ``=D5+D6``), the only formulas forms carry; any other
formula is reported and read as empty, never as 0. Each such formula is computed once, ranges stop
at the sheet bounds (cells beyond them are empty) and a sheet's sums visit a bounded number of
cells, so no formula, however it is nested, holds the reader.

Before anything is loaded :func:`jixiao.sheets.refusal` checks the archive's declared sizes and
every sheet's dimension, rows and cells, so a small file that expands to millions of cells is
refused, not loaded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .. import sheets
from ..diagnostics import Diagnostic, Severity, Source, os_reason
from ..limits import LIMITS
from ..numbers import plain
from .document import Block, Cell, Document, Paragraph, Table, clip

MAX_VISITS = 2 * LIMITS.sheet_rows * LIMITS.sheet_columns  # cells one sheet's uncached sums may read
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")  # Excel has 1048576 rows: seven digits
_SUM = re.compile(r"^=\s*SUM\((.+)\)\s*$", re.I)
_ADD = re.compile(r"^=\s*(\$?[A-Z]{1,3}\$?\d+(?:\s*\+\s*\$?[A-Z]{1,3}\$?\d+)*)\s*$", re.I)


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm") or (head.startswith(b"PK\x03\x04") and b"xl/" in head)


def read(path: Path) -> Document:
    try:
        problem = sheets.refusal(path)
    except OSError as err:
        problem = sheets.Refusal(f"无法读取文件：{os_reason(err)}", "检查文件路径和读取权限")
    if problem is not None:
        return _failed(path, problem)
    import openpyxl  # heavy: only when a workbook is read

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        # the formulas are needed only for the sums a program wrote without their values
        formulas = openpyxl.load_workbook(path, data_only=False) if _has_formulas(path) else values
    except Exception as err:
        return _failed(path, sheets.Refusal(f"不是有效的 Excel（.xlsx）文件：{type(err).__name__}"))
    diags: list[Diagnostic] = []
    blocks: list[Block] = []
    for sheet in values.worksheets:
        number = sum(isinstance(b, Table) for b in blocks) + 1
        blocks.extend(_blocks(_table(sheet, formulas[sheet.title], path.name, number, diags)))
    return Document(path.name, "xlsx", tuple(blocks), tuple(diags))


def _blocks(table: Table) -> list[Block]:
    """Title rows above the table and note rows below it (one cell of text) are prose, as in a report."""
    def single(row: tuple[Cell, ...]) -> bool:
        return sum(1 for c in row if c.text) <= 1

    rows = list(table.rows)
    head = [rows.pop(0) for _ in range(len(rows)) if rows and single(rows[0])]
    tail = [rows.pop() for _ in range(len(rows)) if rows and single(rows[-1])][::-1]
    def prose(part: list[tuple[Cell, ...]]) -> list[Block]:
        return [Paragraph(c.text, c.source) for row in part for c in row if c.text]

    body: list[Block] = [Table(tuple(rows), rows[0][0].source, table.number)] if rows else []
    return [*prose(head), *body, *prose(tail)]


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(b"<f>" in archive.read(i) or b"<f " in archive.read(i) for i in archive.namelist()
                   if i.startswith("xl/worksheets/") and i.endswith(".xml"))


def _failed(path: Path, problem: sheets.Refusal) -> Document:
    return Document(path.name, "xlsx", (), (problem.diagnostic(path.name),))


def _table(sheet: Any, formulas: Any, name: str, number: int, diags: list[Diagnostic]) -> Table:
    from openpyxl.utils import get_column_letter

    covered = {(r, c) for rng in sheet.merged_cells.ranges for r, c in _cells_of(rng) if (r, c) != (rng.min_row, rng.min_col)}
    rows_n, cols_n = min(sheet.max_row, LIMITS.sheet_rows), min(sheet.max_column, LIMITS.sheet_columns)
    sums = _Sums(sheet, formulas)
    rows = []
    for r in range(1, rows_n + 1):
        cells = []
        for c in range(1, cols_n + 1):
            source = Source(name, cell=f"{sheet.title}!{get_column_letter(c)}{r}")
            text = "" if (r, c) in covered else _text(sums, r, c, source, diags)
            cells.append(Cell(clip(text, source, diags), source))
        rows.append(tuple(cells))
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    return Table(tuple(rows), Source(name, cell=f"{sheet.title}!A1"), number)


def _cells_of(rng: Any) -> Iterator[tuple[int, int]]:
    for r in range(rng.min_row, rng.max_row + 1):
        for c in range(rng.min_col, rng.max_col + 1):
            yield r, c


@dataclass(slots=True)
class _Sums:
    """One sheet's values and formulas, with the uncached sums computed so far and the cells
    they may still read."""

    sheet: Any
    formulas: Any
    known: dict[str, Decimal | None] = field(default_factory=dict)
    budget: int = MAX_VISITS


def _text(sums: _Sums, r: int, c: int, source: Source, diags: list[Diagnostic]) -> str:
    value = sums.sheet.cell(r, c).value
    formula = sums.formulas.cell(r, c).value
    if value is None and isinstance(formula, str) and formula.startswith("="):
        computed = _evaluate(formula, sums, set())
        if computed is None:
            diags.append(Diagnostic("import-row-unreadable", f"单元格公式“{formula}”没有保存计算结果，无法读取其数值",
                                    source, "用 Excel 或 WPS 打开该文件并保存一次（保存时会写入计算结果）", Severity.WARNING))
            return ""
        return plain(computed)
    return _show(value)


def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    if isinstance(value, int):
        return str(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _evaluate(formula: str, sums: _Sums, seen: set[str]) -> Decimal | None:
    """``=SUM(I5:I30)``, ``=SUM(D5,D7:D9)`` or ``=D5+D6`` from the sheet's values; None otherwise
    (and for a formula that refers to itself, or once the sheet's sums have read too many cells)."""
    if formula in seen:
        return None
    if formula not in sums.known:
        sums.known[formula] = _compute(formula, sums, seen | {formula})
    return sums.known[formula]


def _compute(formula: str, sums: _Sums, seen: set[str]) -> Decimal | None:
    refs: list[str] = []
    if (match := _SUM.match(formula)) is not None:
        for part in match.group(1).split(","):
            refs.extend(_expand(part.strip()))
    elif (match := _ADD.match(formula)) is not None:
        refs = [p.strip() for p in match.group(1).split("+")]
    else:
        return None
    sums.budget -= len(refs)
    if sums.budget < 0:
        return None
    total = Decimal(0)
    for ref in refs:
        found = _REF.fullmatch(ref)
        if found is None:
            return None
        value = _cell_number(sums, found.group(1), int(found.group(2)), seen)
        if value is None:
            return None
        total += value
    return total


def _expand(part: str) -> list[str]:
    """The cells of ``D5`` or ``D7:D9``, cut at the sheet bounds (the sheet holds nothing beyond them)."""
    from openpyxl.utils import column_index_from_string, get_column_letter

    if ":" not in part:
        return [part.replace("$", "")]
    start, end = (_REF.fullmatch(p.strip()) for p in part.split(":", 1))
    if start is None or end is None:
        return ["?"]
    cols = range(column_index_from_string(start.group(1)),
                 min(column_index_from_string(end.group(1)), LIMITS.sheet_columns) + 1)
    last = min(int(end.group(2)), LIMITS.sheet_rows)
    return [f"{get_column_letter(c)}{r}" for r in range(int(start.group(2)), last + 1) for c in cols]


def _cell_number(sums: _Sums, col: str, row: int, seen: set[str]) -> Decimal | None:
    """An empty cell counts 0 in a sum, as in Excel; text that is not a number makes the sum unknown."""
    from openpyxl.utils import column_index_from_string

    if row > LIMITS.sheet_rows or column_index_from_string(col) > LIMITS.sheet_columns:
        return Decimal(0)  # beyond the bounds the sheet was checked to keep within: empty
    ref = f"{col}{row}"
    value = sums.sheet[ref].value
    if value is None:
        formula = sums.formulas[ref].value
        if isinstance(formula, str) and formula.startswith("="):
            return _evaluate(formula, sums, seen)
        return Decimal(0)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None
