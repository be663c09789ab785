"""Tables as reports print them, made whole: headers recognised, repeats and splits undone.

Whatever the format, a published table comes with the same faults: the header repeated after
every page break, a table split into two at a page, a row whose cells wrap onto the next page,
merged cells (一级/二级 written once for a group of rows). :func:`grids` turns the tables of a
:class:`~jixiao.importers.document.Document` into :class:`Grid` values whose columns have roles
(weight, criterion, actual…) and whose rows are whole.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..numbers import parse_number
from .document import Cell, Table

# Header words → column role. Longer words are tried first, so 评分标准 is a criterion, not a score.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "指标名称", "末级指标", "绩效指标"),
    "weight": ("权重", "分值", "标准分", "指标分值"),
    "description": ("指标说明", "指标解释", "指标内涵", "指标定义", "考核内容"),
    "criterion": ("评分标准", "评分细则", "评分办法", "评分方法", "评价标准", "计分方法", "评分规则", "计分标准"),
    "benchmark": ("标杆值", "年度指标值", "目标值", "指标值", "计划值", "预期值", "计划完成数量", "年度目标"),
    "actual": ("实际完成值", "实际值", "完成值", "实际完成数量", "实际完成情况", "全年实际值", "实际完成"),
    "score": ("得分", "评分", "评价得分", "实际得分", "自评得分", "分数"),
    "seq": ("序号",),
    "rate": ("完成率",),
}
_WORDS = sorted(((w, role) for role, words in ROLE_WORDS.items() for w in words), key=lambda p: -len(p[0]))
TEXT_ROLES = ("level1", "level2", "level3", "description", "criterion")
SENTENCE_END = tuple("。！？；;!?")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Grid:
    """A whole table: ``roles`` maps a column role to its index; rows are padded to the width."""

    table: Table
    roles: Mapping[str, int]
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", MappingProxyType(dict(self.roles)))

    def get(self, row: tuple[Cell, ...], role: str) -> Cell | None:
        index = self.roles.get(role)
        return row[index] if index is not None and index < len(row) else None


def role_of(text: str) -> str | None:
    flat = _SPACE.sub("", text)
    return next((role for word, role in _WORDS if word in flat), None)


def grids(tables: Sequence[Table]) -> list[Grid]:
    """Every table with a recognisable header, tables continued across a page joined."""
    out: list[Grid] = []
    for table in tables:
        grid = _grid(table)
        if grid is None:
            if out and table.width == len(out[-1].header):  # a page's continuation without a header
                out[-1] = _extend(out[-1], _pad(table.rows, len(out[-1].header)))
            continue
        if out and grid.header == out[-1].header:
            out[-1] = _extend(out[-1], grid.rows)
        else:
            out.append(grid)
    return [_finish(g) for g in out]


def _grid(table: Table) -> Grid | None:
    width = table.width
    rows = _pad(table.rows, width)
    count = 0
    while count < len(rows) and _is_header(rows[count]):
        count += 1
    if count == 0:
        return None
    header_rows = rows[:count]
    roles: dict[str, int] = {}
    header: list[str] = []
    for col in range(width):
        texts = [r[col].text for r in header_rows]
        header.append("/".join(t for t in texts if t))
        role = next((r for r in (role_of(t) for t in reversed(texts) if t) if r), None)
        if role is not None and role not in roles:
            roles[role] = col
    headers = {tuple(c.text for c in r) for r in header_rows}
    body = tuple(r for r in rows[count:] if tuple(c.text for c in r) not in headers)
    return Grid(table, _named(roles), tuple(header), body)


def _named(roles: dict[str, int]) -> dict[str, int]:
    """A scoring table with no indicator-name column (考核内容 | 分值 | 计分标准 | 分数): the content
    column at its left edge names the indicators."""
    if {"level1", "level2", "level3"} & roles.keys() or not {"weight", "score"} <= roles.keys():
        return roles
    if roles.get("description") == 0:
        return {("level3" if role == "description" else role): col for role, col in roles.items()}
    return roles


def _is_header(row: tuple[Cell, ...]) -> bool:
    texts = [c.text for c in row if c.text]
    known = sum(1 for t in texts if role_of(t))
    return known >= 2 and not any(parse_number(t) for t in texts)


def _pad(rows: Sequence[tuple[Cell, ...]], width: int) -> tuple[tuple[Cell, ...], ...]:
    out = []
    for row in rows:
        filler = row[-1].source if row else None
        extra = tuple(Cell("", filler) for _ in range(width - len(row))) if filler else ()
        out.append((*row[:width], *extra))
    return tuple(r for r in out if r)


def _extend(grid: Grid, rows: Sequence[tuple[Cell, ...]]) -> Grid:
    kept = tuple(r for r in rows if not _is_header(r))
    return Grid(grid.table, grid.roles, grid.header, grid.rows + kept)


def _finish(grid: Grid) -> Grid:
    key = grid.roles.get("weight", grid.roles.get("level3", 0))
    rows = _fill_down(_join_fragments(grid, key), grid)
    return Grid(grid.table, grid.roles, grid.header, tuple(rows))


def _join_fragments(grid: Grid, key: int) -> list[tuple[Cell, ...]]:
    """A row without its key cell continues the row above when that one stops mid-sentence,
    and otherwise begins the row below (a row split by a page break, either way round)."""
    merged: list[tuple[Cell, ...]] = []
    ahead: tuple[Cell, ...] | None = None
    for row in grid.rows:
        if not any(c.text for c in row):
            continue
        if ahead is not None:
            row, ahead = _combine(ahead, row), None
        if row[key].text or not merged:
            merged.append(row)
        elif _unfinished(merged[-1], row, grid):
            merged[-1] = _combine(merged[-1], row)
        else:
            ahead = row
    if ahead is not None:
        merged.append(ahead)
    return merged


def _unfinished(above: tuple[Cell, ...], fragment: tuple[Cell, ...], grid: Grid) -> bool:
    shared = [grid.roles[r] for r in ("description", "criterion") if r in grid.roles
              and above[grid.roles[r]].text and fragment[grid.roles[r]].text]
    if not shared:
        return True
    return any(_open(above[i].text) for i in shared)


def _open(text: str) -> bool:
    balanced = text.count("(") + text.count("（") == text.count(")") + text.count("）")
    return not balanced or not text.rstrip("”’\"").endswith(SENTENCE_END)


def _combine(first: tuple[Cell, ...], second: tuple[Cell, ...]) -> tuple[Cell, ...]:
    return tuple(_join(a, b) for a, b in zip(first, second, strict=True))


def _join(a: Cell, b: Cell) -> Cell:
    """Two pieces of one cell; the same text twice is a merged cell repeated on each row, kept once."""
    if not a.text:
        return b
    if not b.text or b.text == a.text:
        return a
    glue = " " if a.text[-1].isascii() and a.text[-1].isalnum() and b.text[0].isascii() and b.text[0].isalnum() else ""
    return Cell(a.text + glue + b.text, a.source)


def _fill_down(rows: list[tuple[Cell, ...]], grid: Grid) -> list[tuple[Cell, ...]]:
    """Merged 一级/二级 cells are written once for their group: give every row its own."""
    out: list[tuple[Cell, ...]] = []
    top, second = grid.roles.get("level1"), grid.roles.get("level2")
    group = 0  # where the current 二级 group starts
    page: str | None = None  # the page the previous row was read on
    for row in rows:
        cells = list(row)
        new_group = top is not None and bool(cells[top].text)
        if top is not None and second is not None and new_group and not cells[second].text and out \
                and _page(cells[top]) not in (None, page) and not cells[top].text.startswith(("总分", "合计")):
            # a 一级 whose merged cell began on the page before, its name drawn on this page: the
            # 二级 group running on from there is its own
            out[group:] = [(*r[:top], cells[top], *r[top + 1:]) for r in out[group:]]
            new_group = False
        if second is not None and cells[second].text:
            group = len(out)
        page = _page(row[-1])
        for role in ("level1", "level2"):
            i = grid.roles.get(role)
            if i is not None and not cells[i].text and out and not (role == "level2" and new_group):
                cells[i] = out[-1][i]
        out.append(tuple(cells))
    return out


def _page(cell: Cell) -> str | None:
    """The page a PDF cell was read on (``第4页表3第1行第1列``); None for other formats."""
    match = re.match(r"第(\d+)页", cell.source.cell or "")
    return match.group(1) if match else None
