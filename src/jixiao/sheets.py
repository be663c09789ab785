"""Cells written safely and sheet bounds read before loading: the one place every xlsx jixiao
writes or reads goes through.

Writing: openpyxl makes text that starts with ``=`` a formula (and ``#N/A`` an error value), and
Excel takes text starting with ``+``, ``-`` or ``@`` for one as soon as the cell is edited, so a
name or a note such as ``=cmd|' /C calc'!A0`` could run when the file is opened. :func:`put` and
:func:`append` store every text as a text cell (marked with Excel's quote prefix when it could
pass for a formula); the live ``=SUM(…)`` formulas of a report are assigned directly, on purpose.

Reading: a 12 KB workbook with one far cell (``XFD1048576``) or a few hundred kilobytes of two
million cells costs openpyxl seconds and hundreds of megabytes. :func:`refusal` reads the archive's
declared sizes and streams every worksheet's XML, counting rows and cells and reading each cell's,
merged range's and the declared dimension's position, before anything is loaded; the first
sheet past the bounds in :data:`~jixiao.limits.LIMITS` is named with the cell where it goes past.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .diagnostics import Diagnostic, Source
from .limits import LIMITS

# Text a spreadsheet could take for a formula (or a DDE call): stored as text, never evaluated.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_UNPACKED = 50 * 1024 * 1024  # bytes of all parts together
MAX_RATIO = 200  # uncompressed ÷ compressed of any one part
CHUNK = 1024 * 1024  # bytes of a part's XML read at a time
MAX_TAG = 64 * 1024  # a stretch with no second "<" longer than this is scanned as it stands
SHEET_TITLE_BAD = re.compile(r"[\\/*?:\[\]]")
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE
_NOT_XLSX = "不是有效的 Excel（.xlsx）文件：文件已损坏，或并不是 .xlsx 格式"
_RESAVE = "用 Excel 或 WPS 打开后另存为 .xlsx 再试"
_TRIM = "删除该工作表中多余的行和列，或只把所需数据复制到新的工作簿，另存为 .xlsx 后再试"


# -- writing ----------------------------------------------------------------------------------


def put(cell: Any, value: object) -> None:
    """``cell.value = value``, except that text is always a text cell: never a formula, an
    error value or a DDE call; control characters Excel refuses in a file are dropped."""
    if not isinstance(value, str):
        cell.value = value
        return
    cell.value = cell_text(value)
    cell.data_type = "s"  # openpyxl may have made it a formula ("=…") or an error ("#N/A")
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited


def cell_text(value: str) -> str:
    """``value`` without the control characters Excel refuses in a file (as openpyxl drops them)."""
    return ILLEGAL_CHARACTERS.sub("", value)


def append(ws: Any, values: Iterable[object]) -> None:
    """``ws.append(values)`` below the sheet's last row, each value written by :func:`put`."""
    from openpyxl.cell.cell import Cell

    cells = []
    for column, value in enumerate(values, 1):
        cell = Cell(ws, row=1, column=column)  # append moves it to the new row
        put(cell, value)
        cells.append(cell)
    ws.append(tuple(cells))


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``\\ / * ? : [ ]``."""
    return SHEET_TITLE_BAD.sub("_", text).strip("'")[:31] or "Sheet"


# -- bounds before loading --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a workbook is not loaded: the message (naming the sheet), where, and what to do."""

    message: str
    hint: str = _RESAVE
    cell: str | None = None  # "Sheet!XFD1048576" when the refusal is about one place

    def diagnostic(self, file: str) -> Diagnostic:
        return Diagnostic("file-unreadable", self.message, Source(file, cell=self.cell), self.hint)


def refusal(source: Path | IO[bytes], rows: int = LIMITS.sheet_rows, columns: int = LIMITS.sheet_columns) -> Refusal | None:
    """Why the workbook at ``source`` (a path or an open binary file) must not be loaded, or
    None. Reads only the archive's directory and streams the XML of its worksheets. A file
    that cannot be opened raises :class:`OSError`, for the caller to report as it reports others."""
    try:
        with zipfile.ZipFile(source) as archive:
            return _archive(archive) or _sheets(archive, rows, columns)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, NotImplementedError, RuntimeError):
        return Refusal(_NOT_XLSX)


def _archive(archive: zipfile.ZipFile) -> Refusal | None:
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED or any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO for i in infos):
        return Refusal(f"文件解压后过大（声明 {total // 1024 // 1024} MB），可能是压缩炸弹，已拒绝读取",
                       "请确认文件来源；用 Excel 或 WPS 打开后删除多余内容，另存为 .xlsx 再试")
    return None


def _sheets(archive: zipfile.ZipFile, rows: int, columns: int) -> Refusal | None:
    book = _office_document(archive)
    if book not in archive.NameToInfo:
        return Refusal("不是 Excel 工作簿：压缩包中没有工作簿内容（可能是其他格式的文件改了扩展名）", _RESAVE)
    names = _sheet_names(archive, book)
    for part, name in names.items():
        with archive.open(part) as xml:
            found = _scan(xml, name, rows, columns)
        if found is not None:
            return found
    return _strings(archive, rows * columns * max(len(names), 1))


def _scan(xml: IO[bytes], sheet: str, rows: int, columns: int) -> Refusal | None:
    """The first place where one worksheet's XML goes past ``rows`` × ``columns``, or None."""
    row, row_count, in_row, merged = 0, 0, 0, 0
    for match in _matches(xml, _TAG):
        tag, attrs = match.group(1), match.group(2)
        if tag == b"row":
            row_count, in_row = row_count + 1, 0
            place = _at(attrs)
            row = place[0] if place else row + 1
            if row > rows:
                return _too_far(sheet, f"A{row}", f"第 {row} 行有内容，超出上限 {rows} 行")
            if row_count > rows:
                return _too_far(sheet, f"A{row}", f"超过 {rows} 行")
        elif tag == b"c":
            in_row += 1
            place = _at(attrs)
            if place is not None and (place[0] > rows or place[1] > columns):
                return _too_far(sheet, _coordinate(place), f"在 {_coordinate(place)} 有内容，超出上限 {rows} 行 × {columns} 列")
            if in_row > columns:
                return _too_far(sheet, f"A{row}", f"第 {row} 行有超过 {columns} 个单元格")
        elif (corners := _corners(attrs)) is not None:
            first, last = corners
            if last[0] > rows or last[1] > columns:
                what = "合并单元格" if tag == b"mergeCell" else "声明的范围"
                return _too_far(sheet, _coordinate(last), f"{what}到 {_coordinate(last)}（{last[0]} 行 × {last[1]} 列），"
                                f"超出上限 {rows} 行 × {columns} 列")
            merged += (last[0] - first[0] + 1) * (last[1] - first[1] + 1) if tag == b"mergeCell" else 0
            if merged > rows * columns:
                return _too_far(sheet, _coordinate(last), f"合并单元格共超过 {rows * columns} 个")
    return None


def _too_far(sheet: str, cell: str, what: str) -> Refusal:
    return Refusal(f"工作表“{sheet}”{what}，已拒绝读取", _TRIM, f"{sheet}!{cell}")


def _strings(archive: zipfile.ZipFile, budget: int) -> Refusal | None:
    """Shared texts beyond what the allowed cells could show (openpyxl loads them all)."""
    part = _shared_strings(archive)
    if part not in archive.NameToInfo:
        return None
    with archive.open(part) as xml:
        count = sum(1 for _ in _matches(xml, _SI))
    if count > budget:
        return Refusal(f"文件中的文字条目过多（{count} 条，上限 {budget} 条），已拒绝读取", _TRIM)
    return None


# -- reading the package's XML without an XML parser (no entity expansion, no tree) -----------


_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|mergeCell|dimension)(?=[\s/>])([^>]*)")
_SI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])")
_R = re.compile(rb"(?<![\w:.-])r\s*=\s*[\"']\s*([A-Za-z]*)(\d+)\s*[\"']")
_REF = re.compile(rb"(?<![\w:.-])ref\s*=\s*[\"']([^\"']*)[\"']")
_CELL = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(\w+)(?=[\s/>])([^>]*)")
_ATTR = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _matches(xml: IO[bytes], pattern: re.Pattern[bytes]) -> Iterator[re.Match[bytes]]:
    """Matches of ``pattern`` in a part read a megabyte at a time; each read is cut before its last
    ``<``, so no tag is split between two reads."""
    carry = b""
    while chunk := xml.read(CHUNK):
        text = carry + chunk
        cut = text.rfind(b"<")
        if cut == 0 and len(text) <= MAX_TAG:
            carry = text
            continue
        cut = len(text) if cut <= 0 else cut
        yield from pattern.finditer(text, 0, cut)
        carry = text[cut:]
    yield from pattern.finditer(carry)


def _at(attrs: bytes) -> tuple[int, int] | None:
    """(row, column) of an element's ``r="B7"`` (a row's ``r="7"`` is column 1)."""
    found = _R.search(attrs)
    return _numbers(found.group(1), found.group(2)) if found else None


def _corners(attrs: bytes) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The top-left and bottom-right (row, column) of a ``ref="A1:K31"`` (or ``ref="A1"``)."""
    ref = _REF.search(attrs)
    places = [_CELL.fullmatch(part.strip()) for part in ref.group(1).split(b":")[:2]] if ref else []
    if not places or any(p is None for p in places):
        return None
    found = [_numbers(p.group(1), p.group(2)) for p in places if p is not None]
    return (min(p[0] for p in found), min(p[1] for p in found)), (max(p[0] for p in found), max(p[1] for p in found))


def _numbers(letters: bytes, digits: bytes) -> tuple[int, int]:
    """Row and column numbers; absurdly long ones (which openpyxl would still place) count as 10⁹."""
    row = int(digits) if len(digits) <= 9 else 10**9
    column = (_column_number(letters) if len(letters) <= 4 else 10**9) if letters else 1
    return row, column


def _coordinate(place: tuple[int, int]) -> str:
    letters, number = "", place[1]
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters or 'A'}{place[0]}"


@functools.lru_cache(maxsize=4096)
def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _elements(data: bytes, name: bytes) -> Iterator[dict[str, str]]:
    """The attributes of every ``<name …>`` element in ``data`` (any namespace prefix)."""
    for match in _ELEMENT.finditer(data):
        if match.group(1) == name:
            yield {m.group(1).decode(errors="replace"): html.unescape((m.group(2) or m.group(3) or b"").decode(
                errors="replace")) for m in _ATTR.finditer(match.group(2))}


def _read(archive: zipfile.ZipFile, part: str) -> bytes:
    return archive.read(part) if part in archive.NameToInfo else b""


def _resolve(base: str, target: str) -> str:
    """A relationship's target as a part name: absolute (``/xl/…``) or relative to ``base``'s folder."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _office_document(archive: zipfile.ZipFile) -> str:
    for rel in _elements(_read(archive, "_rels/.rels"), b"Relationship"):
        if rel.get("Type", "").endswith("/officeDocument") and rel.get("Target"):
            return _resolve("", rel["Target"])
    return "xl/workbook.xml"


def _sheet_names(archive: zipfile.ZipFile, book: str) -> dict[str, str]:
    """Every worksheet part → the sheet's name in the workbook; a part under ``xl/worksheets/``
    that no sheet names (openpyxl would not read it, but it is checked all the same) → its file name."""
    rels_part = posixpath.join(posixpath.dirname(book), "_rels", posixpath.basename(book) + ".rels")
    targets = {rel.get("Id", ""): _resolve(book, rel.get("Target", ""))
               for rel in _elements(_read(archive, rels_part), b"Relationship")
               if not rel.get("Type", "").endswith("/chartsheet") and rel.get("TargetMode") != "External"}
    names: dict[str, str] = {}
    for sheet in _elements(_read(archive, book), b"sheet"):
        rel_id = next((v for k, v in sheet.items() if k.endswith(":id")), "")
        part = targets.get(rel_id)
        if part and part in archive.NameToInfo:
            names.setdefault(part, sheet.get("name", posixpath.basename(part)))
    for part in archive.namelist():
        if part.startswith("xl/worksheets/") and part.endswith(".xml") and part not in names:
            names[part] = posixpath.basename(part)
    return names


def _shared_strings(archive: zipfile.ZipFile) -> str:
    for override in _elements(_read(archive, "[Content_Types].xml"), b"Override"):
        if override.get("ContentType", "").endswith(".sharedStrings+xml"):
            return _resolve("", override.get("PartName", ""))
    return "xl/sharedStrings.xml"
