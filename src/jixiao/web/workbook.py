"""The Excel data-entry workbook of a project: download, fill in offline, upload.

Pure functions: a project's workspace → workbook bytes, and workbook bytes → ``--set``-style
path edits (or every bad cell as a diagnostic located ``Sheet!C5``). Each editable row carries
its path in a hidden, locked key column, so rows may be reordered freely. Every cell is read
as text and turned into the YAML value a form field or ``--set`` would take; how a fact's cell is
read, and how many rows a list of answers gets, follow what its rule kind declares of it (the
workspace's fields carry the declarations). Every text is written
as a text cell (a note ``=cmd|…`` is never a formula), and an upload's sheets are measured
before it is loaded (:mod:`jixiao.sheets`).

Excel checks a cell as it is typed where the declaration limits it (:func:`rule_of`): a
drop-down of the allowed values (是/否, a checklist's answers, a tier's names) and a number no less
than the declared minimum. The checks come from the declared fields, not from the indicators, so
a new rule kind's facts are checked as it declares them; the upload reads every cell again anyway.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .. import sheets
from ..diagnostics import Diagnostic, Source
from ..limits import LIMITS
from ..numbers import ZERO, plain
from ..rules.base import FactField, FactType
from ..storage import Invalid
from ..storage.yamledit import EditError, load_data, parse_value, value_text
from .views import Field, Workspace

INFO, FACTS, GOALS = "项目信息", "事实", "绩效目标"
HEADERS: dict[str, tuple[str, ...]] = {
    INFO: ("项目", "取值"),
    FACTS: ("指标", "填报项", "取值"),
    GOALS: ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"),
}
VERSION_KEY = "version"
YES_NO = ("是", "否")
# How a cell of each declared type is read; any other (and an undeclared key) is read as YAML.
CELL_KINDS = {FactType.YES_NO: "yes_no", FactType.NUMBER: "number", FactType.RATE: "number",
              FactType.COUNT: "number", FactType.TEXT: "text"}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)%?$")
ITEM = "#"  # a key "facts.X.answers#2" is the third item of the list at "facts.X.answers"
# What the rows that are no rule kind's facts hold, declared as a kind declares its facts.
AMOUNT = FactField("amount", "金额", FactType.NUMBER, "万元", minimum=ZERO)  # the funds
ADJUSTED = FactField("score", "调整后的得分", FactType.NUMBER, "分", minimum=ZERO)  # an override's score
NUMERIC = (FactType.NUMBER, FactType.COUNT)  # types checked as numbers in their cells
# Excel keeps a drop-down's values in 255 characters, its message of refusal in 225: a list of
# more than 200 (a rule kind's tiers, say) gets no drop-down and is checked on upload only.
LIST_LIMIT = 200
Check = Literal["list", "decimal", "whole"]
Compare = Literal["greaterThan", "greaterThanOrEqual"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One editable row: its key (a path, or a path and list index), the labels shown before
    the value cell, the current value as text, how a cell is read (yes_no, number, text, yaml)
    and the declaration Excel checks it by, if any."""

    sheet: str
    key: str
    labels: tuple[str, ...]
    value: str
    kind: str
    field: FactField | None = None


@dataclass(frozen=True, slots=True)
class Upload:
    """What a filled-in workbook asks for: the version it was downloaded at, the path edits of
    the values that differ from the project, and the cell each path came from."""

    version: int
    edits: dict[str, str]
    cells: dict[str, str]


# -- which rows -------------------------------------------------------------------------------


def entries(text: str, ws: Workspace, overrides: bool) -> list[Entry]:
    """Every editable row of the project; ``overrides`` adds the score-adjustment rows."""
    data = load_data(text)
    facts = data.get("facts") if isinstance(data, dict) else None
    out = [Entry(INFO, f.path, (f.label,), f.value, "number", AMOUNT) for f in ws.funds]
    for node in ws.tree:
        for f in node.fields:
            out.extend(_fact_entries(node.name, f))
        if overrides and node.leaf:
            out.extend(_override_entries(node.name, facts))
    out.extend(Entry(GOALS, f.path, (g.level1, g.level2, g.name, _target(g.fields)), f.value, "text")
               for g in ws.goals for f in g.fields if f.path.endswith(".actual"))
    return out


def _target(fields: Sequence[Any]) -> str:
    return next((f.value for f in fields if f.path.endswith(".target")), "")


def _fact_entries(leaf: str, f: Field) -> Iterator[Entry]:
    """One row per fact; a list of answers gets a row per item (as many as declared, at least)."""
    if f.fact is None or f.fact.type != FactType.ANSWERS:
        yield Entry(FACTS, f.path, (leaf, f.label), f.value, _kind(f.fact), f.fact)
        return
    items = load_data(f.value) if f.value else None
    given = [value_text(i) for i in items] if isinstance(items, list) else []
    for index in range(max(len(given), f.fact.items or 0)):
        current = given[index] if index < len(given) else ""
        yield Entry(FACTS, f"{f.path}{ITEM}{index}", (leaf, f"要点{index + 1}（是/否）"), current, "yes_no", f.fact)


def _kind(declared: FactField | None) -> str:
    return CELL_KINDS.get(declared.type, "yaml") if declared else "yaml"


def _override_entries(leaf: str, facts: Any) -> list[Entry]:
    fact = facts.get(leaf) if isinstance(facts, dict) else None
    override = fact.get("override") if isinstance(fact, dict) else None
    given = override if isinstance(override, dict) else {}
    path = f"facts.{leaf}.override"
    return [Entry(FACTS, f"{path}.score", (leaf, "调整后的得分"), value_text(given.get("score")), "number", ADJUSTED),
            Entry(FACTS, f"{path}.reason", (leaf, "调整理由"), value_text(given.get("reason")), "text")]


# -- writing ----------------------------------------------------------------------------------


def build(rows: Sequence[Entry], info: Sequence[tuple[str, str]], version: int) -> bytes:
    """The workbook: read-only particulars and the version on 项目信息, then one row per entry."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in HEADERS:
        ws = book.create_sheet(sheet)
        _header(ws, HEADERS[sheet])
        checks = _Checks(ws)
        if sheet == INFO:
            for label, value in info:
                sheets.append(ws, [label, value])
            _row(ws, Entry(INFO, VERSION_KEY, ("据以填写的版本（请勿修改）",), str(version), "version"), checks)
        for entry in rows:
            if entry.sheet == sheet:
                _row(ws, entry, checks)
        _protect(ws, len(HEADERS[sheet]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(ws: Any, titles: tuple[str, ...]) -> None:
    from openpyxl.styles import Font

    sheets.append(ws, [*titles, "键"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for index in range(1, len(titles) + 1):
        ws.column_dimensions[_letter(index)].width = 24


def _row(ws: Any, entry: Entry, checks: _Checks) -> None:
    from openpyxl.styles import Protection

    rule = rule_of(entry.field) if entry.field is not None else None
    numeric = rule is not None and rule.type in ("decimal", "whole")
    sheets.append(ws, [*entry.labels, _number(entry.value) if numeric else entry.value, entry.key])
    cell = ws.cell(ws.max_row, len(entry.labels) + 1)
    # Typed values stay text (98% is not turned into 0.98), except in a cell Excel checks as a
    # number: it would refuse a number typed into a text cell.
    cell.number_format = "General" if numeric else "@"
    if entry.kind == "version":
        return
    cell.protection = Protection(locked=False)
    if rule is not None:
        checks.add(rule, cell)


def _number(text: str) -> Decimal | str:
    """A number as Excel should hold it, when it reads back as the same text (100.00 stays text)."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return number if NUMBER.match(text) and plain(number) == text else text


@dataclass(frozen=True, slots=True)
class Rule:
    """A check Excel makes of a cell as it is typed (a data validation): a list of values, or a
    number (``whole`` or ``decimal``) compared by ``operator`` with ``bound``; ``error`` is what
    Excel says of a value it refuses, ``prompt`` what it shows beside the selected cell."""

    type: Check
    formula: str
    error: str
    prompt: str
    operator: Compare | None = None


def rule_of(field: FactField) -> Rule | None:
    """The check a declared field gets: its allowed values as a drop-down (是/否 for a yes/no
    field and for each item of a list of answers), a number no less than its minimum (a whole
    number for a count), or none."""
    if field.type in (FactType.YES_NO, FactType.ANSWERS):
        return _choices(YES_NO)
    if field.allowed:
        return _choices(field.allowed)
    if field.type not in NUMERIC:
        return None
    whole = field.type is FactType.COUNT
    what = "整数" if whole else "数字"
    unit = f"（{field.unit}）" if field.unit else ""
    if field.minimum is None:
        return Rule("whole" if whole else "decimal", "-9.99E+307", f"请填写{what}{unit}", f"填写{what}{unit}",
                    "greaterThanOrEqual")
    least = f"{'大于' if field.above else '不小于'} {plain(field.minimum)} 的{what}{unit}"
    return Rule("whole" if whole else "decimal", plain(field.minimum), f"请填写{least}", f"填写{least}",
                "greaterThan" if field.above else "greaterThanOrEqual")


def _choices(values: Sequence[str]) -> Rule | None:
    """A drop-down of ``values``, unless Excel cannot hold them as a list (a comma or a quote in
    a value, or longer than :data:`LIST_LIMIT`): the upload still checks what is typed."""
    listed = ",".join(values)
    if any("," in v or '"' in v for v in values) or len(listed) > LIST_LIMIT:
        return None
    return Rule("list", f'"{listed}"', f"请从下拉列表中选择：{'、'.join(values)}", f"可选：{'、'.join(values)}")


class _Checks:
    """The data validations of one sheet: one per rule, covering every cell that has it."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.made: dict[Rule, Any] = {}

    def add(self, rule: Rule, cell: Any) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        found = self.made.get(rule)
        if found is None:
            found = DataValidation(type=rule.type, operator=rule.operator, formula1=rule.formula, allow_blank=True,
                                   showErrorMessage=True, errorTitle="取值不符合要求", error=rule.error,
                                   showInputMessage=True, prompt=rule.prompt)
            self.ws.add_data_validation(found)
            self.made[rule] = found
        found.add(cell)


def _protect(ws: Any, titles: int) -> None:
    """Hide and lock the key column; only the value cells stay editable. Sorting stays allowed."""
    ws.column_dimensions[_letter(titles + 1)].hidden = True
    ws.protection.sheet = True
    ws.protection.sort = False
    ws.protection.autoFilter = False


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


# -- reading ----------------------------------------------------------------------------------


def read(content: bytes, expected: Sequence[Entry], file: str) -> Upload:
    """The path edits a filled-in workbook asks for, or :class:`Invalid` naming every bad cell."""
    book = _open(content, file)
    problems: list[Diagnostic] = []
    found = dict(_cells(book, {e.key for e in expected} | {VERSION_KEY}, file, problems))
    version = _version(found.get(VERSION_KEY), file, problems)
    edits, cells = _edits(expected, found, file, problems)
    if problems:
        raise Invalid(f"{file} 有 {len(problems)} 处错误，没有导入任何数据", problems)
    return Upload(version, edits, cells)


def _open(content: bytes, file: str) -> Any:
    from openpyxl import load_workbook

    if len(content) > LIMITS.upload_bytes:
        size = f"{LIMITS.upload_bytes / 1024 / 1024:g} MB"
        raise Invalid(f"{file} 超过 {size}，没有导入任何数据", [
            Diagnostic("file-unreadable", f"文件超过 {size}，而数据填报表通常只有几十 KB", Source(file),
                       "请上传从本项目页面下载的数据填报表")])
    problem = sheets.refusal(io.BytesIO(content))
    if problem is not None:
        raise Invalid(f"{file} 无法导入：{problem.message}", [problem.diagnostic(file)])
    try:
        return load_workbook(io.BytesIO(content), data_only=True)
    except Exception as err:  # openpyxl raises many kinds on a file that is not a workbook
        raise Invalid(f"{file} 不是可读取的 Excel 工作簿（.xlsx）", [
            Diagnostic("file-unreadable", "无法读取为 Excel 工作簿", Source(file), "请上传从本项目页面下载的数据填报表")]) from err


def _cells(book: Any, keys: set[str], file: str, problems: list[Diagnostic]) -> Iterator[tuple[str, tuple[str, str]]]:
    """key → (text, "Sheet!C5") for each keyed row; unknown or repeated keys are problems."""
    seen: set[str] = set()
    for sheet, titles in HEADERS.items():
        if sheet not in book.sheetnames:
            problems.append(Diagnostic("bad-value", f"缺少工作表“{sheet}”", Source(file), "请使用从本项目页面下载的数据填报表"))
            continue
        ws = book[sheet]
        for row in range(2, ws.max_row + 1):
            key_cell, cell = ws.cell(row, len(titles) + 1), ws.cell(row, len(titles))
            key = str(key_cell.value or "").strip()
            where = Source(file, cell=f"{sheet}!{key_cell.coordinate}")
            if not key:
                continue
            if key not in keys or key in seen:
                reason = "重复出现" if key in seen else "不属于本项目"
                problems.append(Diagnostic("bad-value", f"第 {row} 行的键“{key}”{reason}", where,
                                           "请勿修改或复制隐藏的“键”列"))
                continue
            seen.add(key)
            yield key, (cell_text(cell), f"{sheet}!{cell.coordinate}")


def cell_text(cell: Any) -> str:
    """A cell's value as the text a person typed (a percent-formatted 0.98 reads as 98%)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        return f"{plain(number * 100)}%" if "%" in str(cell.number_format) else plain(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _version(found: tuple[str, str] | None, file: str, problems: list[Diagnostic]) -> int:
    text = found[0] if found else ""
    if text.isdigit():
        return int(text)
    problems.append(Diagnostic("bad-value", "找不到据以填写的版本号", Source(file, cell=found[1] if found else INFO),
                               "请使用从本项目页面下载的数据填报表，不要修改版本号"))
    return 0


def _edits(expected: Sequence[Entry], found: dict[str, tuple[str, str]], file: str,
           problems: list[Diagnostic]) -> tuple[dict[str, str], dict[str, str]]:
    edits: dict[str, str] = {}
    cells: dict[str, str] = {}
    for path, group in _grouped(expected):
        typed = [(e, *found[e.key]) for e in group if e.key in found]
        if all(text == e.value for e, text, _ in typed):
            continue  # only the values that differ from the project become edits
        filled = any(text for _, text, _ in typed) and ITEM in group[0].key
        values = {e.key: _value(e, text, Source(file, cell=cell), problems, filled) for e, text, cell in typed}
        given = {key: value for key, value in values.items() if value is not None}
        if len(given) == len(values):  # a list item whose row was deleted keeps its value
            edits[path], cells[path] = _joined([given.get(e.key, e.value) for e in group], group), typed[0][2]
    return edits, cells


def _grouped(expected: Iterable[Entry]) -> Iterator[tuple[str, list[Entry]]]:
    """Entries by path: the items of one list belong together."""
    groups: dict[str, list[Entry]] = {}
    for entry in expected:
        groups.setdefault(entry.key.split(ITEM)[0], []).append(entry)
    yield from groups.items()


def _joined(values: list[str], group: list[Entry]) -> str:
    if ITEM not in group[0].key:
        return values[0]
    return f"[{', '.join(values)}]" if any(values) else ""


def _value(entry: Entry, text: str, where: Source, problems: list[Diagnostic], required: bool) -> str | None:
    """The YAML text of one cell, or ``None`` after recording why it cannot be read. A list's
    items are ``required`` once any of them is filled in."""
    problem = "要点答案不能留空" if required and not text else _problem(entry, text)
    if problem:
        problems.append(Diagnostic("bad-value", f"{entry.labels[-1]}：{problem}", where, _HINTS[entry.kind]))
        return None
    if entry.kind == "text" and text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _problem(entry: Entry, text: str) -> str:
    if not text:
        return ""
    if entry.kind == "yes_no" and text not in YES_NO:
        return f"“{text}”不是“是”或“否”"
    if entry.kind == "number" and not NUMBER.match(text):
        return f"“{text}”不是数字"
    if entry.kind == "yaml":
        try:
            parse_value(text, entry.key)
        except EditError as err:
            return err.diagnostic.message
    return ""


_HINTS = {"yes_no": "请从下拉列表中选择“是”或“否”", "number": "请填写阿拉伯数字，比率可写成 98%",
          "text": "", "yaml": "列表写成 [是, 否]，百分比写成 98%"}
