"""Files a project file refers to (work records, a holiday calendar), stored beside its text.

On disk a project file names them relative to its own folder (``evidence.records``,
``evidence.calendar``). In the database each is a row keyed by that same relative name; to score,
the rows are written into a fresh temporary folder that the core reads as the project's folder.
Names are checked first, so a stored project can never make the server read its own files.

A record file that comes in is also checked against its declaration (:func:`wrong_columns`): its
header must hold the columns the project file's ``evidence.records`` entry declares for it, so
a wrong file is refused with both lists of columns instead of quietly scoring its leaves 0.
"""

from __future__ import annotations

import atexit
import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from .. import sheets
from ..diagnostics import Diagnostic, Source
from ..evidence.records import FIELDS
from ..frameworks import builtin_names
from .errors import Invalid
from .yamledit import read_data

MAX_NAME_BYTES = 200
_SAFE_PART = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]+$")


def referenced(text: str) -> list[str]:
    """Every file name the project file's ``evidence`` section refers to."""
    return _referenced(read_data(text))


def _referenced(data: Any) -> list[str]:
    evidence = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(evidence, dict):
        return []
    names = [_record_name(item) for item in evidence.get("records") or [] if _record_name(item)]
    calendar = evidence.get("calendar")
    return [*names, *([str(calendar)] if calendar else [])]


def _record_name(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("file") or "")
    return str(item) if item is not None else ""


def safe_name(name: str) -> bool:
    """A relative path inside the project's folder: no drive, no root, no ``..``, no control
    character, and short enough for every file system (255 bytes a name) and both databases."""
    parts = PurePosixPath(name).parts
    return (bool(parts) and not name.startswith("/") and len(name.encode()) <= MAX_NAME_BYTES
            and all(p != ".." and _SAFE_PART.match(p) for p in parts))


def unsafe_references(text: str, name: str) -> list[Diagnostic]:
    """What a stored project may not refer to: framework files and paths outside its folder."""
    data = read_data(text)  # parsed once for both checks: this runs on every save
    problems = [Diagnostic("bad-value", f"记录文件名“{ref}”不合法：只能是项目文件夹内的相对路径", Source(name),
                           "例如 records/worklog.csv；不能以 / 开头，也不能含有 ..")
                for ref in _referenced(data) if not safe_name(ref)]
    return [*_framework_files(data, name), *problems]


def _framework_files(data: Any, name: str) -> list[Diagnostic]:
    spec = data.get("framework") if isinstance(data, dict) else None
    problems = []
    while spec is not None:
        if isinstance(spec, str) and spec not in builtin_names():
            problems.append(Diagnostic("unknown-framework", f"网页和数据库中的项目只能使用内置指标体系，不能引用文件“{spec}”",
                                       Source(name), "内置指标体系：" + "、".join(builtin_names())))
        spec = spec.get("extends") if isinstance(spec, dict) else None
    return problems


def read_beside(project_file: Path, text: str) -> dict[str, bytes]:
    """The referenced files that exist next to a project file on disk (for ``jixiao db import``)."""
    out = {}
    for ref in referenced(text):
        path = project_file.parent / ref
        if safe_name(ref) and path.is_file():
            out[ref] = path.read_bytes()
    return out


@contextmanager
def folder(files: Mapping[str, bytes]) -> Iterator[Path]:
    """A temporary folder holding ``files`` under their names, removed afterwards."""
    if not files:  # most projects have none: skip making and removing a folder on every save
        yield _empty_folder()
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        root = Path(tmp)
        for name, content in files.items():
            if safe_name(name):
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        yield root


@lru_cache(maxsize=1)
def _empty_folder() -> Path:
    """A private empty folder, made once per process (``mkdtemp`` makes it readable by its owner
    only, so nobody can put a file in it) and removed when the process exits."""
    path = Path(tempfile.mkdtemp(prefix="jixiao-empty-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def write_beside(output: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write the attachments next to an exported project file, as they were on import."""
    written = []
    for name, content in files.items():
        if safe_name(name):
            target = output.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    return written


# -- the columns of an incoming record file ----------------------------------------------------

DATE_COLUMNS = ("date", "reported", "submitted")  # a ledger needs one of them (evidence/records.py)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEADER_BYTES = 64 * 1024  # a CSV's header is read from this much of its start


@dataclass(frozen=True, slots=True)
class Declared:
    """One entry of ``evidence.records``: the file, its sheet, every field's header (the
    defaults with the declared ones over them) and the headers its ``columns:`` names."""

    file: str
    sheet: str
    columns: Mapping[str, str]
    named: tuple[str, ...] = ()

    def expected(self) -> list[str]:
        """The columns the file must have, as a person reads them: the kind, a date, the named."""
        return list(dict.fromkeys([self.columns["kind"], self.columns["date"], *self.named]))

    def missing(self, header: list[str]) -> list[str]:
        """The expected columns ``header`` lacks; any date column will do unless one is named."""
        present = set(header)
        dated = any(self.columns[field] in present for field in DATE_COLUMNS)
        date = self.columns["date"]
        return [c for c in self.expected() if c not in present and not (c == date and dated and c not in self.named)]


@dataclass(frozen=True, slots=True)
class Header:
    """The first row of a record file, and where it is (``file:1`` or ``file:Sheet!A1``)."""

    cells: list[str]
    place: Source


def declared_records(text: str) -> list[Declared]:
    """Every record file the project file's ``evidence.records`` declares, as the loader reads
    them (an entry the loader refuses is left to its diagnostics)."""
    data = read_data(text)
    evidence = data.get("evidence") if isinstance(data, dict) else None
    items = evidence.get("records") if isinstance(evidence, dict) else None
    if not isinstance(items, list):
        return []
    return [entry for entry in map(_declared, items) if entry.file]


def _declared(item: Any) -> Declared:
    if not isinstance(item, dict):
        return Declared("" if item is None else str(item), "", FIELDS)
    given = item.get("columns")
    named = {str(k): str(v) for k, v in given.items() if str(k) in FIELDS and v} if isinstance(given, dict) else {}
    return Declared(str(item.get("file") or ""), str(item.get("sheet") or ""), {**FIELDS, **named},
                    tuple(named.values()))


def wrong_columns(text: str, files: Mapping[str, bytes]) -> list[Diagnostic]:
    """A diagnostic for each record file in ``files`` whose header lacks a column its entry in
    ``evidence.records`` declares. A file that is empty, or cannot be read as a workbook, is
    left to the loader, which says why."""
    problems = []
    for entry in declared_records(text):
        content = files.get(entry.file)
        header = None if content is None else header_of(entry, content)
        if header is not None and entry.missing(header.cells):
            problems.append(_column_problem(entry, header))
    return problems


def _column_problem(entry: Declared, header: Header) -> Diagnostic:
    found = "、".join(h for h in header.cells if h) or "（没有表头）"
    missing = entry.missing(header.cells)
    hints = [f"缺少 {'、'.join(missing)}"]
    if entry.columns["date"] in missing:
        hints.append(f"日期一列也可用“{entry.columns['reported']}”或“{entry.columns['submitted']}”")
    hints.append("列名不同时在 evidence.records 的 columns 中声明，见 docs/evidence.md")
    return Diagnostic("record-columns", f"记录文件 {entry.file} 的列与项目文件声明的不符：应为 {'、'.join(entry.expected())}；"
                      f"实际为 {found}；请检查文件后重新上传", header.place, "；".join(hints))


def header_of(entry: Declared, content: bytes) -> Header | None:
    """The first row of a record file as the loader reads it, or ``None`` when the file is
    empty or cannot be read as a workbook."""
    if entry.file.lower().endswith(WORKBOOK_SUFFIXES):
        return _workbook_header(entry, content)
    if not content.strip():
        return None
    return Header(_csv_header(content), Source(entry.file, 1))


def _csv_header(content: bytes) -> list[str]:
    head = content[:HEADER_BYTES]
    if len(content) > HEADER_BYTES and b"\n" in head:  # whole lines only: no character cut in two
        head = head[: head.rindex(b"\n")]
    for encoding in ("utf-8-sig", "gb18030"):  # as the loader: Excel in China saves CSV as GBK
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("utf-8", errors="replace")
    return [cell.strip() for cell in next(csv.reader(io.StringIO(text, newline="")), [])]


def _workbook_header(entry: Declared, content: bytes) -> Header | None:
    if sheets.refusal(io.BytesIO(content)) is not None:
        return None  # too large, or not a workbook: the loader refuses it and names the sheet
    from openpyxl import load_workbook  # heavy: only when a ledger is a workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (OSError, ValueError, KeyError):
        return None
    try:
        if entry.sheet and entry.sheet not in book.sheetnames:
            return None
        sheet = book[entry.sheet] if entry.sheet else book.worksheets[0]
        first = next(sheet.iter_rows(max_row=1, values_only=True), None)
        if first is None:
            return None
        return Header(["" if v is None else str(v).strip() for v in first], Source(entry.file, cell=f"{sheet.title}!A1"))
    finally:
        book.close()


def refuse_wrong_columns(before: str | None, text: str, files: Mapping[str, bytes],
                         stored: Mapping[str, bytes]) -> None:
    """Refuse ``text`` with ``files`` when a record file lacks a declared column, unless the
    stored version (``before`` with the ``stored`` files) already had that very problem: a
    project stored before this check stays editable."""
    problems = wrong_columns(text, files)
    if problems and before is not None:
        known = {d.message for d in wrong_columns(before, stored)}
        problems = [d for d in problems if d.message not in known]
    if problems:
        files_named = "、".join(d.source.file for d in problems if d.source)
        raise Invalid(f"记录文件 {files_named} 的列与项目文件声明的不符，未作任何修改", problems)
