"""Plain text as it comes out of a PDF or a web page: paragraphs and tab-separated tables.

Each line with a tab is a table row (in a text without tabs, a line of three or more cells
separated by runs of spaces); blank lines inside a table (page breaks) keep the table
open, and a line of prose closes it. Repeated headers and rows split across pages are left to
:mod:`jixiao.importers.tables`, which treats every format alike. Prose lines broken mid-sentence
(by the page or the PDF's line width) are joined back into paragraphs, remembering where each
piece started so a quote can still point at its own line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostic, Source, os_reason
from .document import Block, Cell, Document, Paragraph, Table, cell_source, clip

TAGS = re.compile(r"</?(?:p|br|span|div|b|i|strong|em)\b[^>]*>", re.I)
SENTENCE_END = tuple("。！？；：…!?;:")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|表\s*\d|附件|附表)")
ENCODINGS = ("utf-8-sig", "gb18030")
SPACES = re.compile(r"(?:\s{2,}|\u3000+)")
MIN_SPACED_CELLS = 3


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".txt", ".text", ".md") or (b"\x00" not in head and _decode(head) is not None)


def read(path: Path) -> Document:
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        return Document(name, "text", (), (Diagnostic("file-unreadable", f"无法读取文件：{os_reason(err)}",
                                                       Source(name), "检查文件路径和读取权限"),))
    text = _decode(data)
    if text is None or "\x00" in text:
        return Document(name, "text", (), (Diagnostic("import-not-text", "文件不是可识别的文本（可能是二进制文件）",
                                                       Source(name), "以 UTF-8 或 GBK 编码的纯文本保存后再导入"),))
    return parse_text(text, name)


def _decode(data: bytes) -> str | None:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


# "# source: URL" on a copy's first line says where it was found (a reviewer's archive, the review
# corpus): where the document came from, not a line of it
_PROVENANCE = re.compile(r"#\s*source:\s*\S+\s*")


def parse_text(text: str, name: str, spaced_tables: bool = True) -> Document:
    """Paragraphs and tables of ``text``; ``spaced_tables=False`` when tables were taken out already."""
    diags: list[Diagnostic] = []
    blocks: list[Block] = []
    prose: list[tuple[int, str]] = []
    rows: list[tuple[int, list[str]]] = []
    split = _split_spaces if spaced_tables and "\t" not in text else _split_tabs
    numbered = list(enumerate(text.splitlines(), 1))
    if numbered and _PROVENANCE.fullmatch(numbered[0][1].rstrip()):
        numbered = numbered[1:]
    for number, raw in numbered:
        line = raw.rstrip()
        cells = split(line)
        if cells is not None:
            blocks.extend(_paragraphs(prose, name, diags))
            prose = []
            rows.append((number, cells))
        elif line.strip() and rows:
            blocks.append(_table(rows, name, len(_tables(blocks)) + 1, diags))
            rows = []
            prose.append((number, line.strip()))
        elif line.strip():
            prose.append((number, line.strip()))
    if rows:
        blocks.append(_table(rows, name, len(_tables(blocks)) + 1, diags))
    blocks.extend(_paragraphs(prose, name, diags))
    lines = tuple((n, line) for n, line in numbered if line.strip())
    return Document(name, "text", tuple(blocks), tuple(diags), lines)


def _split_tabs(line: str) -> list[str] | None:
    return line.split("\t") if "\t" in line else None


def _split_spaces(line: str) -> list[str] | None:
    """A text without tabs may align its tables with runs of spaces: three or more cells make a row.
    Empty cells cannot be seen this way, so such tables are read only when every cell is written."""
    cells = SPACES.split(line.strip())
    return cells if len(cells) >= MIN_SPACED_CELLS and not HEADING.match(line) else None


def _tables(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def _table(rows: list[tuple[int, list[str]]], name: str, number: int, diags: list[Diagnostic]) -> Table:
    out = []
    for r, (line, cells) in enumerate(rows, 1):
        out.append(tuple(Cell(clip(_clean(text), src, diags), src)
                         for c, text in enumerate(cells, 1)
                         for src in (cell_source(name, number, r, c, line),)))
    return Table(tuple(out), Source(name, rows[0][0]), number)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", TAGS.sub(" ", text)).strip()


def _paragraphs(lines: list[tuple[int, str]], name: str, diags: list[Diagnostic]) -> list[Block]:
    """Join lines broken mid-sentence; a heading or a finished sentence ends a paragraph."""
    out: list[Block] = []
    current: list[tuple[int, str]] = []
    for number, text in lines:
        if current and (_ends(current[-1][1]) or HEADING.match(text) or _is_heading(current[-1][1])):
            out.append(_paragraph(current, name, diags))
            current = []
        current.append((number, text))
    if current:
        out.append(_paragraph(current, name, diags))
    return out


def _ends(text: str) -> bool:
    return text.endswith(SENTENCE_END) or (text.endswith(("”", "」")) and text[-2:-1] in SENTENCE_END)


def _is_heading(text: str) -> bool:
    return (len(text) <= 40 and bool(HEADING.match(text))) or len(text) <= 12


def _paragraph(pieces: list[tuple[int, str]], name: str, diags: list[Diagnostic]) -> Paragraph:
    text, breaks = "", []
    for number, piece in pieces:
        breaks.append((len(text), number))
        text += piece
    source = Source(name, pieces[0][0])
    return Paragraph(clip(text, source, diags), source, tuple(breaks))
