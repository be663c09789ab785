"""Work records (工作记录) read from CSV or xlsx files with declared columns.

Every record remembers its file and row (``file:12`` or ``file:Sheet!A12``). A bad cell makes a
located diagnostic and drops its row; the other rows still load. Cells are read as text; times
accept ``2023-03-05 14:30``, ``2023/3/5 14:30`` and ``2023年3月5日``; a period (所属期) accepts
``2023-03`` (a month), ``2023Q1`` or ``2023年第1季度`` (a quarter), ``2023`` (a year) or
``2023-03-01~2023-03-31``. A workbook's sheets are measured before it is loaded
(:func:`jixiao.sheets.refusal`).
"""

from __future__ import annotations

import calendar as month_calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .. import sheets
from ..diagnostics import Diagnostic, Severity, Source, os_reason
from ..limits import LIMITS
from ..numbers import parse_number

# field → the column header used when a project declares no other.
FIELDS: dict[str, str] = {
    "id": "编号",
    "date": "日期",
    "system": "系统",
    "kind": "类型",
    "reported": "报告时间",
    "responded": "响应时间",
    "solved": "解决时间",
    "submitted": "提交时间",
    "period": "所属期",
    "amount": "金额",
    "result": "结果",
    "attachment": "附件",
    "checksum": "校验值",
    "note": "备注",
}
# How messages name a field: its default header, and the two ends of a period.
LABELS: dict[str, str] = {**FIELDS, "period_start": "所属期开始", "period_end": "所属期结束"}
TIME_FIELDS = ("reported", "responded", "solved", "submitted")
TEXT_FIELDS = ("id", "system", "kind", "result", "attachment", "checksum", "note")
# Date-like fields a metric may use: a time, the record's date, or either end of its period.
DATE_FIELDS = ("date", *TIME_FIELDS, "period_start", "period_end")


@dataclass(frozen=True, slots=True)
class Record:
    """One row of a work log. Times are instants; ``date`` places the record in a period."""

    kind: str
    date: dt.date
    source: Source
    system: str = ""
    id: str = ""
    reported: dt.datetime | None = None
    responded: dt.datetime | None = None
    solved: dt.datetime | None = None
    submitted: dt.datetime | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    amount: Decimal | None = None  # 万元, for payments
    result: str = ""
    attachment: str = ""
    checksum: str = ""
    note: str = ""

    def instant(self, name: str) -> dt.datetime | None:
        """A date-like field as an instant; a date counts from its start (period_end: its end)."""
        value = getattr(self, name)
        if value is None or isinstance(value, dt.datetime):
            return value
        assert isinstance(value, dt.date)
        return dt.datetime.combine(value, dt.time.max if name == "period_end" else dt.time.min)

    def text(self, name: str) -> str:
        value = getattr(self, name)
        return "" if value is None else str(value)


@dataclass(frozen=True, slots=True)
class RecordFile:
    """Where a ledger lives and how its columns are named (field → header)."""

    path: Path
    label: str  # the path as the project file writes it; used in messages
    columns: Mapping[str, str]
    sheet: str = ""
    required: Mapping[str, tuple[str, ...]] | None = None  # kind → fields a row of it must have


Row = dict[str, str]  # field → the cell's text, for the fields a row fills
Places = dict[str, Source]  # field → its cell, when a row's place is not precise enough (xlsx)

_WHEN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$")


@lru_cache(maxsize=65536)  # ledgers repeat their days; a datetime is immutable, so sharing is safe
def parse_when(text: str) -> dt.datetime | None:
    match = _WHEN.match(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")
_QUARTER = re.compile(r"^(\d{4})(?:[-\s]?[Qq]|年第?)([1-4])(?:季度)?$")
_YEAR = re.compile(r"^(\d{4})年?(?:度)?$")


def parse_period(text: str) -> tuple[dt.date, dt.date] | None:
    """``2023-03`` → (03-01, 03-31); ``2023Q4`` → (10-01, 12-31); ``a~b`` → (a, b)."""
    text = text.strip()
    if "~" in text or "至" in text:
        parts = re.split(r"[~至]", text, maxsplit=1)
        start, end = parse_when(parts[0]), parse_when(parts[1])
        return (start.date(), end.date()) if start and end and start <= end else None
    for pattern, months in ((_MONTH, 1), (_QUARTER, 3), (_YEAR, 12)):
        match = pattern.match(text)
        if match:
            return _span(int(match.group(1)), match.groups()[1:], months)
    return None


def _span(year: int, rest: tuple[str | None, ...], months: int) -> tuple[dt.date, dt.date] | None:
    first = 1 if months == 12 else (int(rest[0] or 0) - 1) * months + 1 if months == 3 else int(rest[0] or 0)
    if not 1 <= first <= 12:
        return None
    last = first + months - 1
    return dt.date(year, first, 1), dt.date(year, last, month_calendar.monthrange(year, last)[1])


# Reading a file ----------------------------------------------------------------------------------


def read_ledger(spec: RecordFile, diags: list[Diagnostic]) -> list[Record]:
    """Every good row of one ledger; a diagnostic for each bad one."""
    rows = _rows(spec, diags)
    if rows is None:
        return []
    header, body = rows
    if not any(header):
        diags.append(Diagnostic("record-columns", "记录文件是空的", Source(spec.label), "确认导出的文件含表头和记录",
                                Severity.WARNING))
        return []
    fields = _map_header(spec, header, diags)
    if fields is None:
        return []
    out: list[Record] = []
    for row_source, texts, places in body:
        row = {field: texts[i] for field, i in fields.items() if i < len(texts) and texts[i]}
        cells = {field: places[fields[field]] for field in row} if places else None
        record = build_record(row, row_source, spec.required or {}, diags, cells)
        if record is not None:
            out.append(record)
    return out


# Each row: where it is, its cells' texts, and each cell's place when a row is not enough (xlsx).
Body = Iterator[tuple[Source, list[str], list[Source] | None]]


def _rows(spec: RecordFile, diags: list[Diagnostic]) -> tuple[list[str], Body] | None:
    reader = _xlsx_rows if spec.path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows
    try:
        return reader(spec, diags)
    except FileNotFoundError:
        diags.append(Diagnostic("record-file-missing", f"找不到记录文件“{spec.label}”", Source(spec.label),
                                "上传该记录文件，或检查 evidence.records 中的路径（相对于项目文件所在目录）"))
        return None
    except OSError as err:
        diags.append(Diagnostic("file-unreadable", f"无法读取记录文件：{os_reason(err)}", Source(spec.label),
                                "检查 evidence.records 中的路径（相对于项目文件所在目录）"))
        return None


def _csv_rows(spec: RecordFile, diags: list[Diagnostic]) -> tuple[list[str], Body] | None:
    raw = spec.path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], iter(())
    return [h.strip() for h in header], _csv_body(reader, spec.label)


def _csv_body(reader: Iterator[list[str]], label: str) -> Body:
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        yield Source(label, reader.line_num), [c.strip() for c in cells], None  # type: ignore[attr-defined]


def _xlsx_rows(spec: RecordFile, diags: list[Diagnostic]) -> tuple[list[str], Body] | None:
    from openpyxl import load_workbook  # heavy: only when a ledger is a workbook
    from openpyxl.utils import get_column_letter

    problem = sheets.refusal(spec.path, rows=LIMITS.ledger_rows)  # a small file that would expand to millions of cells
    if problem is not None:
        diags.append(problem.diagnostic(spec.label))
        return None
    try:
        book = load_workbook(spec.path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as err:
        reason = os_reason(err) if isinstance(err, OSError) else "文件已损坏或不是 .xlsx 格式"
        diags.append(Diagnostic("file-unreadable", f"无法读取 Excel 文件：{reason}", Source(spec.label),
                                "确认文件是 .xlsx 格式且未损坏"))
        return None
    if spec.sheet and spec.sheet not in book.sheetnames:
        diags.append(Diagnostic("record-columns", f"记录文件中没有名为“{spec.sheet}”的工作表", Source(spec.label),
                                "现有工作表：" + "、".join(book.sheetnames)))
        return None
    sheet = book[spec.sheet] if spec.sheet else book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return [], iter(())
    letters = [get_column_letter(i + 1) for i in range(len(header))]
    return [_cell_text(h) for h in header], _xlsx_body(rows, spec.label, sheet.title, letters)


def _xlsx_body(rows: Iterable[tuple[object, ...]], label: str, title: str, letters: list[str]) -> Body:
    for number, values in enumerate(rows, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        places = [Source(label, cell=f"{title}!{letters[i] if i < len(letters) else 'A'}{number}")
                  for i in range(len(values))]
        yield Source(label, cell=f"{title}!A{number}"), [_cell_text(v) for v in values], places


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != dt.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    return str(value).strip()


def _map_header(spec: RecordFile, header: list[str], diags: list[Diagnostic]) -> dict[str, int] | None:
    where = {name: i for i, name in enumerate(header) if name}
    fields = {field: where[name] for field, name in spec.columns.items() if name in where}
    if "kind" not in fields or not ({"date", "reported", "submitted"} & fields.keys()):
        wanted = "、".join(f"“{spec.columns[f]}”" for f in ("kind", "date") if f not in fields)
        diags.append(Diagnostic("record-columns", f"记录文件缺少必需的列 {wanted or '日期或时间列'}",
                                Source(spec.label, 1), "表头现有：" + "、".join(header) +
                                "；在 evidence.records 的 columns 中声明列名，或按 docs/evidence.md 改表头"))
        return None
    return fields


# Building a record from its cells ---------------------------------------------------------------

_Parser = Callable[[str], object]


def build_record(row: Row, source: Source, required: Mapping[str, tuple[str, ...]],
                 diags: list[Diagnostic], places: Places | None = None) -> Record | None:
    """A record from one row's cells, or ``None`` (and a diagnostic per bad cell)."""
    values: dict[str, object] = {name: row[name] for name in TEXT_FIELDS if name in row}
    ok = True
    for name, parse, what, example in _PARSED:
        if name in row:
            where = places[name] if places else source
            ok &= _parse_into(values, row[name], where, name, parse, what, example, diags)
    if not ok:
        return None
    period = values.pop("period", None)
    if isinstance(period, tuple):
        values["period_start"], values["period_end"] = period
    values.setdefault("date", _first_date(values))
    return _complete(values, source, required, diags)


def _parse_into(values: dict[str, object], text: str, where: Source, key: str, parse: _Parser, what: str,
                example: str, diags: list[Diagnostic]) -> bool:
    parsed = parse(text)
    if parsed is None:
        diags.append(Diagnostic("record-invalid", f"{what}“{text}”无法识别，本行未载入", where,
                                f"{what}写成{example}"))
        return False
    values[key] = parsed
    return True


def _date(text: str) -> dt.date | None:
    when = parse_when(text)
    return None if when is None else when.date()


def _amount(text: str) -> Decimal | None:
    parsed = parse_number(text.replace(",", ""))
    return None if parsed is None or parsed[1] else parsed[0]


_PARSED: tuple[tuple[str, _Parser, str, str], ...] = (
    *((name, parse_when, "时间", "如 2023-03-05 14:30") for name in TIME_FIELDS),
    ("date", _date, "日期", "如 2023-03-05"),
    ("period", parse_period, "所属期", "如 2023-03、2023Q1 或 2023-03-01~2023-03-31"),
    ("amount", _amount, "金额", "万元数字，如 15.43"),
)


def _first_date(values: dict[str, object]) -> dt.date | None:
    for name in ("reported", "submitted", "solved", "responded"):
        value = values.get(name)
        if isinstance(value, dt.datetime):
            return value.date()
    return None


def _complete(values: dict[str, object], source: Source, required: Mapping[str, tuple[str, ...]],
              diags: list[Diagnostic]) -> Record | None:
    kind = str(values.get("kind", ""))
    missing = [f for f in ("kind", "date", *required.get(kind, ())) if values.get(_stored(f)) in (None, "")]
    if missing:
        names = "、".join(f"“{FIELDS.get(f, f)}”" for f in missing)
        diags.append(Diagnostic("record-invalid", f"{kind or '记录'}缺少{names}，本行未载入", source,
                                "补全该行；日期可由报告时间或提交时间代替"))
        return None
    return Record(**values, source=source)  # type: ignore[arg-type]


def _stored(field: str) -> str:
    return "period_start" if field == "period" else field
