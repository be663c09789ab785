"""Excel workbooks (.xlsx) through openpyxl: every sheet's used range becomes a table.

Units fill in their self-evaluation forms in Excel, and jixiao writes its reports' tables there
too. A merged range gives its text to its top-left cell only, as published text gives a merged
cell once; :mod:`jixiao.importers.tables` fills such cells down. A formula whose value was never
cached (a workbook written by a program and not opened in Excel since) is computed when it is a
sum of cells or ranges (``=SUM(I5:I30)``, ``=D5+D6``), the only formulas forms carry; any other
formula is reported and read as empty, never as 0.

Before anything is unpacked the archive's declared sizes and every sheet's declared dimension
are checked, so a small file that expands to millions of cells is refused, not loaded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import plain
from .document import Block, Cell, Document, Paragraph, Table, clip

MAX_UNPACKED = 50 * 1024 * 1024  # bytes of all parts together
MAX_RATIO = 200  # uncompressed ÷ compressed of any one part
MAX_ROWS, MAX_COLS = 2000, 60  # a form or a scoring table is far smaller
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_SUM = re.compile(r"^=\s*SUM\((.+)\)\s*$", re.I)
_ADD = re.compile(r"^=\s*(\$?[A-Z]{1,3}\$?\d+(?:\s*\+\s*\$?[A-Z]{1,3}\$?\d+)*)\s*$", re.I)


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm") or (head.startswith(b"PK\x03\x04") and b"xl/" in head)


def read(path: Path) -> Document:
    problem = _archive_problem(path)
    if problem is not None:
        return _failed(path, problem)
    import openpyxl  # heavy: only when a workbook is read

    try:
        values = openpyxl.load_workbook(path, data_only=True)
        # the formulas are needed only for the sums a program wrote without their values
        formulas = openpyxl.load_workbook(path, data_only=False) if _has_formulas(path) else values
    except Exception as err:
        return _failed(path, f"不是有效的 Excel（.xlsx）文件：{type(err).__name__}")
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


def _archive_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED or any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
                return f"文件解压后过大（声明 {total // 1024 // 1024} MB），可能是压缩炸弹，已拒绝读取"
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as part:
                        size = _declared_size(part.read(4096))
                    if size is not None and (size[0] > MAX_ROWS or size[1] > MAX_COLS):
                        return (f"工作表声明的范围过大（{size[0]} 行 × {size[1]} 列，上限 {MAX_ROWS} 行 × {MAX_COLS} 列），"
                                "已拒绝读取")
    except (zipfile.BadZipFile, ValueError, KeyError):
        return "不是有效的 Excel（.xlsx）文件：文件已损坏，或并不是 .xlsx 格式"
    except OSError as err:
        return f"无法读取文件：{err.strerror or type(err).__name__}"
    return None


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(b"<f>" in archive.read(i) or b"<f " in archive.read(i) for i in archive.namelist()
                   if i.startswith("xl/worksheets/") and i.endswith(".xml"))


def _declared_size(head: bytes) -> tuple[int, int] | None:
    """Rows and columns of a sheet's ``<dimension ref="A1:K31"/>``, read before the sheet is loaded."""
    match = _DIMENSION.search(head)
    if match is None:
        return None
    last_col, last_row = (match.group(3), match.group(4)) if match.group(3) else (match.group(1), match.group(2))
    return int(last_row), _column_number(last_col.decode())


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _failed(path: Path, message: str) -> Document:
    diag = Diagnostic("file-unreadable", message, Source(path.name), "用 Excel 或 WPS 打开后另存为 .xlsx 再导入")
    return Document(path.name, "xlsx", (), (diag,))


def _table(sheet: Any, formulas: Any, name: str, number: int, diags: list[Diagnostic]) -> Table:
    from openpyxl.utils import get_column_letter

    covered = {(r, c) for rng in sheet.merged_cells.ranges for r, c in _cells_of(rng) if (r, c) != (rng.min_row, rng.min_col)}
    rows_n, cols_n = min(sheet.max_row, MAX_ROWS), min(sheet.max_column, MAX_COLS)
    rows = []
    for r in range(1, rows_n + 1):
        cells = []
        for c in range(1, cols_n + 1):
            source = Source(name, cell=f"{sheet.title}!{get_column_letter(c)}{r}")
            text = "" if (r, c) in covered else _text(sheet, formulas, r, c, source, diags)
            cells.append(Cell(clip(text, source, diags), source))
        rows.append(tuple(cells))
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    return Table(tuple(rows), Source(name, cell=f"{sheet.title}!A1"), number)


def _cells_of(rng: Any) -> Iterator[tuple[int, int]]:
    for r in range(rng.min_row, rng.max_row + 1):
        for c in range(rng.min_col, rng.max_col + 1):
            yield r, c


def _text(sheet: Any, formulas: Any, r: int, c: int, source: Source, diags: list[Diagnostic]) -> str:
    value = sheet.cell(r, c).value
    formula = formulas.cell(r, c).value
    if value is None and isinstance(formula, str) and formula.startswith("="):
        computed = _evaluate(formula, sheet, formulas, set())
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


def _evaluate(formula: str, sheet: Any, formulas: Any, seen: set[str]) -> Decimal | None:
    """``=SUM(I5:I30)``, ``=SUM(D5,D7:D9)`` or ``=D5+D6`` from the sheet's values; None otherwise."""
    if formula in seen:
        return None
    seen = seen | {formula}
    refs: list[str] = []
    if (match := _SUM.match(formula)) is not None:
        for part in match.group(1).split(","):
            refs.extend(_expand(part.strip()))
    elif (match := _ADD.match(formula)) is not None:
        refs = [p.strip() for p in match.group(1).split("+")]
    else:
        return None
    total = Decimal(0)
    for ref in refs:
        found = _REF.fullmatch(ref)
        if found is None:
            return None
        value = _cell_number(sheet, formulas, found.group(1), int(found.group(2)), seen)
        if value is None:
            return None
        total += value
    return total


def _expand(part: str) -> list[str]:
    from openpyxl.utils import get_column_letter

    if ":" not in part:
        return [part.replace("$", "")]
    start, end = (_REF.fullmatch(p.strip()) for p in part.split(":", 1))
    if start is None or end is None:
        return ["?"]
    cols = range(_column_number(start.group(1)), _column_number(end.group(1)) + 1)
    return [f"{get_column_letter(c)}{r}" for r in range(int(start.group(2)), int(end.group(2)) + 1) for c in cols]


def _cell_number(sheet: Any, formulas: Any, col: str, row: int, seen: set[str]) -> Decimal | None:
    """An empty cell counts 0 in a sum, as in Excel; text that is not a number makes the sum unknown."""
    ref = f"{col}{row}"
    value = sheet[ref].value
    if value is None:
        formula = formulas[ref].value
        if isinstance(formula, str) and formula.startswith("="):
            return _evaluate(formula, sheet, formulas, seen)
        return Decimal(0)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None
