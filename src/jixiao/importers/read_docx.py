"""Word reports (.docx) through python-docx, the maintained library for the format.

python-docx gives body paragraphs and tables in order and returns a merged cell at every grid
position it covers, which is what later stages expect. A .docx is a zip file: its declared
sizes are checked before anything is decompressed, so a zip bomb is refused, not unpacked.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Source, os_reason
from .document import Block, Cell, Document, Paragraph, Table, cell_source, clip

MAX_UNPACKED = 100 * 1024 * 1024  # bytes of all parts together
MAX_RATIO = 200  # uncompressed ÷ compressed of any one part


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".docx" or (head.startswith(b"PK\x03\x04") and b"word/" in head)


def read(path: Path) -> Document:
    problem = _zip_problem(path)
    if problem is not None:
        return _failed(path, problem)
    import docx  # heavy: only when a Word file is read

    try:
        document = docx.Document(str(path))
    except Exception as err:
        return _failed(path, f"不是有效的 Word（.docx）文件：{type(err).__name__}")
    return _blocks(document, path.name)


def _zip_problem(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return "不是有效的 Word（.docx）文件：文件已损坏，或并不是 .docx 格式"
    except OSError as err:
        return f"无法读取文件：{os_reason(err)}"
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED or any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
        return f"文件解压后过大（声明 {total // 1024 // 1024} MB），可能是压缩炸弹，已拒绝读取"
    return None


def _failed(path: Path, message: str) -> Document:
    diag = Diagnostic("file-unreadable", message, Source(path.name), "用 Word 打开后另存为 .docx 再导入")
    return Document(path.name, "docx", (), (diag,))


def _blocks(document: Any, name: str) -> Document:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph

    diags: list[Diagnostic] = []
    blocks: list[Block] = []
    count = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            count += 1
            text = _clean(DocxParagraph(element, document).text)
            if text:
                source = Source(name, cell=f"第{count}段")
                blocks.append(Paragraph(clip(text, source, diags), source))
        elif tag == "tbl":
            number = sum(isinstance(b, Table) for b in blocks) + 1
            blocks.append(_table(DocxTable(element, document), name, number, diags))
    return Document(name, "docx", tuple(blocks), tuple(diags))


def _table(table: Any, name: str, number: int, diags: list[Diagnostic]) -> Table:
    rows = []
    above: list[Any] = []
    for r, row in enumerate(table.rows, 1):
        cells: list[Cell] = []
        elements: list[Any] = []
        for c, cell in enumerate(row.cells, 1):
            source = cell_source(name, number, r, c)
            # python-docx gives a merged cell at every position it covers: the same element again
            repeat = (elements and cell._tc is elements[-1]) or (len(above) >= c and cell._tc is above[c - 1])
            cells.append(Cell(clip(_clean(cell.text), source, diags), source, bool(repeat)))
            elements.append(cell._tc)
        rows.append(tuple(cells))
        above = elements
    return Table(tuple(rows), Source(name, cell=f"表{number}"), number)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
