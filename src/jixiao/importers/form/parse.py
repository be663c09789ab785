"""Lines of cells → a :class:`~.model.Form`: header, funds block, overall goal, indicator rows,
total, conclusion and notes, each found by its labels wherever the flattening put them.

Where the cells still stand in their table's grid (Word, Excel, HTML, PDF tables, tab-separated
text) a cell's column says what it is; where they do not, the funds line is matched to its
columns by the arithmetic that ties them (执行率 = 执行数 ÷ 预算数, 得分 = 分值 × 执行率) and the
indicator rows are segmented by :func:`~.rows.segment`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ...diagnostics import Source
from ...numbers import HUNDRED, ZERO, parse_number, round_half_up
from ..document import Document, Value
from .model import Form, FormRow, FundsLine, LeftTable, amount
from .rows import GLUED_TARGET, TWO_POINTS, apart, first_figure, glued_pair, segment
from .tokens import Token, tokenize
from .words import (
    BODY_END,
    COLUMN_ORDER,
    COLUMNS,
    CONCLUSION,
    DEPARTMENT_HEADER,
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    GOAL,
    GOAL_ACTUAL,
    GOAL_EXPECTED,
    GRADES,
    HEADER,
    INDICATOR_BLOCK,
    LEVEL1,
    LEVEL2,
    LEVEL2_FRAMEWORK,
    LEVEL2_NAMES,
    NOTES,
    REQUIRED_HEADER,
    TOTAL,
    canonical,
    match_word,
    norm,
)

_POINTS = re.compile(r"^(.*?)\s*[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）]?\s*$")  # 效益指标(40: its 分) cut off
_GLUED_TOTAL = re.compile(r"^(?:总分|合计|总计)\d+(?:\.\d+)?$")  # 合计100: the total row glued to its figure
_YEAR = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)")  # a date (2024年3月5日) is not the year evaluated
_BUDGET_YEAR = re.compile(r"(20\d\d)\s*年度")
_HEADER_NOTE = re.compile(r"\([^()\d]{1,16}\)")  # a header cell's note in a cell of its own: (分), (公式计算结果=x)
MIN_HEADER = 3  # column words in a row that make the indicator table's header
LEVEL_POINTS = {"level1": "points1", "level2": "points2"}  # a 分值 column right after a level's column is its points
LEVELS = ("level1", "points1", "level2", "points2")


@dataclass(frozen=True, slots=True)
class _Header:
    start: int  # index of its first token in the flat list
    end: int  # index after its last token
    roles: tuple[str, ...]  # in the order of the columns
    cols: dict[int, str]  # grid column → role, when the header stands in a grid
    width: int = 0  # cells in the header's line
    block: bool = False  # a block label (绩效指标) stands left of the columns, merged down beside the rows
    guessed: bool = False  # no header in the text: its columns are a common layout's
    shares: bool = False  # the points column is headed 权重: a weight may be printed as a share (20%)


def looks_like_form(document: Document) -> bool:
    """A form says it is one (自评表) or has a funds block, and has an indicator table with targets
    or actuals; a report's scoring table has criteria and no funds block."""
    tokens = [t for line in tokenize(document)[:600] for t in line]
    text = "".join(t.flat for t in tokens)
    columns = {_column(t) for t in tokens} - {None}
    funds = _funds_header(tokens)
    # a form whose page ends before its indicator table: the title and the funds block are a form's
    return (("自评表" in text or funds) and bool({"target", "actual"} & columns) and "name" in columns) \
        or ("自评表" in text and funds)


def _funds_header(tokens: list[Token]) -> bool:
    """The funds block's header: three funds columns side by side, not amounts named in prose."""
    run = 0
    for token in tokens:
        role = canonical(token.flat, FUNDS_COLUMNS) if len(token.flat) <= 14 else None
        if role is not None:
            run += 1
            if run >= 3:
                return True
        elif not (token.empty or re.fullmatch(r"\([A-Z/]+\)|\(万元\)", token.flat)):
            run = 0
    return False


def read_form(document: Document) -> Form | None:
    """The form in ``document``; None when not even a funds block could be found (of several
    indicator tables, the one with most rows: see :func:`read_forms` for each its own form)."""
    return _read(document, [t for line in tokenize(document) for t in line])


def read_forms(document: Document) -> list[Form]:
    """Every form in ``document``, in reading order. A unit publishes its forms in one file, one
    after another, each with its title or 项目名称, funds block and indicator table: each table with
    rows of its own is read with what stands before it, as a form of its own. Where any part would
    not read as a form with rows, the document is one form, as :func:`read_form` reads it."""
    flat = [t for line in tokenize(document) for t in line]
    tables = _tables(flat)
    spans = _form_spans(flat, tables)
    parts = [_read(document, flat[a:b]) for a, b in spans]
    if len(parts) >= 2 and all(p is not None and _weighted(p.rows) >= MIN_HEADERLESS_ROWS for p in parts):
        return [p for p in parts if p is not None]
    whole = _read(document, flat, tables)
    return [whole] if whole is not None else []


def _weighted(rows: Iterable[FormRow]) -> int:
    return sum(1 for r in rows if "weight" in r.cells)


def _form_spans(flat: list[Token], tables: list[_Read]) -> list[tuple[int, int]]:
    """Where each form begins and ends: one a table with rows of its own (a header printed again on a
    continuation page lies inside the table's body, so it is none), from the first title, header
    label or funds row after the table before it."""
    kept: list[_Read] = []
    for table in sorted(tables, key=lambda t: t[1].start):
        if table[0][0] >= MIN_HEADERLESS_ROWS and (not kept or table[1].start >= kept[-1][2]):
            kept.append(table)
    if len(kept) < 2:
        return []
    starts = [0, *(_form_start(flat, before[2], table[1].start) for before, table in itertools.pairwise(kept))]
    return list(itertools.pairwise([*starts, len(flat)]))


def _form_start(flat: list[Token], low: int, high: int) -> int:
    """The first cell in ``flat[low:high]`` that begins a form: its title (…自评表) or a header label
    (项目名称); the table's header itself where none is written. (Not a funds row: 合计 is also the
    total row of the table before.)"""
    return next((i for i in range(low, high) if "自评表" in flat[i].flat or _label(flat[i]) is not None), high)


def _read(document: Document, flat: list[Token], tables: list[_Read] | None = None) -> Form | None:
    header, rows, left = _table(flat, _tables(flat) if tables is None else tables)
    blocks = _column_blocks(flat)
    if blocks is not None and len(blocks[1]) > sum(1 for r in rows if "weight" in r.cells):
        header, rows = blocks
    if header is None:
        return _without_table(document, flat)
    end = _body_end(flat, header.end, header.roles)
    before = flat[:header.start]
    funds = _funds(before)
    rows = _glued_scores(rows, header.roles, funds)
    total_weight, total = _glued_total(*_total(flat, end, header, rows, funds), rows)
    conclusion, grade = _conclusion(flat[end:])
    if grade is None:  # a grade written in the 总分 row itself: 总分 | 100 | 96 | 优
        grade = next((Value(t.text, t.source) for t in flat[end:end + 14] if t.flat in GRADES), None)
    expected, actual = _goal(before)
    level1_points = {r.level1.text: p for r, p in _points(rows)}
    title, kind = _title(flat[:header.start]), _kind(before)
    return Form(kind, Source(document.file), title, _header(before, flat[end:]), _year(title, flat[:header.start], flat), funds,
                expected, actual, level1_points, tuple(_strip_points(r) for r in rows), total_weight, total, conclusion,
                grade, _notes([*_split_notes(flat[header.end:end])[1], *flat[end:]]),
                tuple(Value(t.text, t.source) for t in flat if t.text), header.roles, left, flat[header.start].source)


def _without_table(document: Document, flat: list[Token]) -> Form | None:
    """A form cut off before its indicator table (a page, an excerpt): its header, funds block and
    goal as read, no rows; None when not even a funds block is there."""
    funds = _funds(flat)
    if not funds:
        return None
    title, kind = _title(flat), _kind(flat)
    expected, actual = _goal(flat)
    return Form(kind, Source(document.file), title, _header(flat, []), _year(title, flat, flat), funds, expected, actual,
                {}, (), None, None, None, None, _notes(flat), tuple(Value(t.text, t.source) for t in flat if t.text), (), ())


def _title(tokens: list[Token]) -> Value | None:
    return next((Value(t.text, t.source) for t in tokens if "自评表" in t.flat), None)


def _kind(before: list[Token]) -> str:
    """A 部门整体 form says so above its table; any other is a project's."""
    return "department" if any(match_word(t.flat, DEPARTMENT_HEADER) or "部门整体" in t.flat for t in before) else "project"


# The indicator table ------------------------------------------------------------------------


def _column(token: Token) -> str | None:
    return canonical(token.flat, COLUMNS) if len(token.flat) <= 14 else None


_Read = tuple[tuple[int, int, int], _Header, int, list[FormRow]]  # (weighted rows, rows, columns), header, end, rows


def _tables(flat: list[Token]) -> list[_Read]:
    """Every indicator table found, with its rows as read."""
    read: list[_Read] = []
    for header in _indicator_headers(flat):
        end = _body_end(flat, header.end, header.roles)
        rows = _rows(flat[header.end:end], header)
        read.append(((_weighted(rows), len(rows), len(header.roles)), header, end, rows))
    return read


def _table(flat: list[Token], read: list[_Read]) -> tuple[_Header | None, list[FormRow], tuple[LeftTable, ...]]:
    """The indicator table: of the headers found, the one under which most rows read with their
    points (a report may print a department's 得分表 and then a project's 评分表; a short table
    must not win over a long one because its header names one more column); and the other tables
    with rows of their own, which are not reviewed and must be said to be so."""
    if not read:
        return (*_headerless(flat), ())
    best = max(read, key=lambda r: r[0])  # the first of the best
    # a header repeated on a continuation page lies inside the table's body; another table's ends it,
    # and one after it whose rows could not be read (a next form's) is said too, never left silent
    left = tuple(LeftTable(flat[h.start].source, rank[0]) for rank, h, end, _ in read
                 if (rank[0] >= MIN_HEADERLESS_ROWS and (end <= best[1].start or h.end > best[2]))
                 or (rank[0] == 0 and h.start >= best[2]))
    return best[1], best[3], left


def _indicator_headers(flat: list[Token]) -> list[_Header]:
    """Every run of column words naming a name column and a target or weight column; or, where
    none names points or scores, the header a spreadsheet's flattening scattered, or the longest."""
    found: list[_Header] = []
    i = 0
    while i < len(flat):
        j, roles, cols, block = i, list[str](), dict[int, str](), False
        while j < len(flat) and (flat[j].empty or match_word(flat[j].flat, INDICATOR_BLOCK) or _column(flat[j])
                                 or (j > i and _HEADER_NOTE.fullmatch(flat[j].flat))):
            role = _column(flat[j])
            if role == "unit" and not roles:  # 单位: | (blank) above the table is the form's header field, no column
                break
            block = block or (not roles and flat[j].col is not None and match_word(flat[j].flat, INDICATOR_BLOCK) is not None)
            role = _points_role(role, roles)
            if role is not None and role not in roles:
                roles.append(role)
                col = flat[j].col
                if col is not None:
                    cols[col] = role
            j += 1
        if len(roles) >= MIN_HEADER and "name" in roles and ({"target", "weight", "score"} & set(roles)):
            one_line = len({flat[k].line for k in range(i, j)}) == 1
            width = sum(1 for t in flat if t.line == flat[i].line)
            if [r for r in roles if r not in (*LEVEL_POINTS.values(), "seq")].index("name") > 2:  # a two-row header read row
                # by row: its columns are not in order
                roles.sort(key=COLUMN_ORDER.index)
                one_line = False
            shares = any("权重" in flat[k].flat and _column(flat[k]) == "weight" for k in range(i, j))
            found.append(_Header(i, j, tuple(roles), cols if one_line else {}, width, block and one_line, shares=shares))
        i = max(j, i + 1)
    pointed = [h for h in found if {"weight", "score"} & set(h.roles)]
    if pointed:
        return pointed
    longest = max(found, key=lambda h: len(h.roles), default=None)  # the first of the longest
    fallback = _scattered_header(flat) or longest  # a header without points or scores may be part of a scattered one
    return [fallback] if fallback is not None else []


# A table whose header is not in the text (a page cut before it, a fragment): the common layouts'
# column orders, of a form and of a report's scoring table.
HEADERLESS = (("level1", "level2", "name", "target", "actual", "weight", "score"),
              ("level1", "level2", "name", "weight", "criterion", "score"),
              ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score"))  # ≥ | 90 | %
MIN_HEADERLESS_ROWS = 2


def _headerless(flat: list[Token]) -> tuple[_Header | None, list[FormRow]]:
    """The rows from the first 一级 name on (from the top when nothing above it is the form's header),
    in the column order that gives the most rows with
    points (and of those, with a score); none unless at least two rows read so."""
    start = next((i for i, t in enumerate(flat) if match_word(t.flat, LEVEL1)), None)
    if start is not None and _rows_above(flat[:start]):
        start = 0  # a page that begins inside the table: its first rows' 一级 was on the page before
    if start is None or sum(1 for t in flat[start:] if match_word(t.flat, LEVEL1) or match_word(t.flat, LEVEL2)) < 2:
        return None, []
    best: tuple[tuple[bool, int, int], _Header, list[FormRow]] | None = None
    for roles in HEADERLESS:  # the leaves of a table never add up to more than full marks
        header = _Header(start, start, roles, {}, 0, guessed=True)
        rows = _rows(flat[start:_body_end(flat, start)], header)
        weights = sum((n for r in rows if (n := _number(r, "weight")) is not None), ZERO)
        rank = (weights <= HUNDRED, sum(1 for r in rows if "weight" in r.cells),
                sum(1 for r in rows if {"weight", "score"} <= r.cells.keys()))
        if best is None or rank > best[0]:
            best = (rank, header, rows)
    if best is None or best[0][1] < MIN_HEADERLESS_ROWS:
        return None, []
    # no header says which cell is which: every row is read as a guess, and what is found there is 疑似
    return best[1], [FormRow(r.level1, r.level2, r.cells, False) for r in best[2] if "weight" in r.cells]


MAX_ROWS_ABOVE = 3


def _rows_above(tokens: list[Token]) -> bool:
    """What stands above the first 一级 name is a table's rows: a line or a few of four cells or
    more, none of them the form's header or funds (a page cut inside a group)."""
    lines = [[t for t in tokens if t.line == line] for line in dict.fromkeys(t.line for t in tokens if t.text)]
    return 0 < len(lines) <= MAX_ROWS_ABOVE and all(sum(1 for t in line if t.text) >= 4 for line in lines) \
        and not any(_is_section(t) for t in tokens)


MIN_BLOCK = 3  # cells a column must hold before a run of them is a column written out on its own


def _column_blocks(flat: list[Token]) -> tuple[_Header, list[FormRow]] | None:
    """A table an extraction wrote column by column, each column's header word followed by its cells
    (``三级指标 目标内容 决策依据 … 分值 4 3 5 … 得分 4 3 5 …``): read where the name column and the
    分值 column hold as many cells, three or more, the i-th of each being one indicator, and the
    指标值, 实际完成值 and 得分 columns where they hold as many too. Which cell goes with which is
    told by order alone: every row is a guess (疑似)."""
    at = next((i for i, t in enumerate(flat) if _column(t) == "name" and len(_run(flat, i, False)) >= MIN_BLOCK), None)
    if at is None:
        return None
    names = _run(flat, at, False)
    columns: dict[str, list[Token]] = {"name": names}
    labels = {"name": at}  # each column's header word, where it stands
    for i, token in enumerate(flat):
        role = _column(token)
        if role in ("weight", "score") and role not in columns and len(run := _run(flat, i, True)) == len(names):
            columns[role], labels[role] = run, i
        elif role in ("target", "actual") and role not in columns:
            run = flat[i + 1:i + 1 + len(names)]
            if len(run) == len(names) and not any(_column(t) or t.empty for t in run):
                columns[role], labels[role] = run, i
    if "weight" not in columns:
        return None
    start, end = min(labels.values()), max(labels[r] + len(columns[r]) for r in columns) + 1
    roles = tuple(r for r in COLUMN_ORDER if r in columns)
    empty = Value("", names[0].source)
    rows = [FormRow(empty, empty, {r: Value(columns[r][k].text, columns[r][k].source) for r in roles}, False)
            for k in range(len(names))]
    return _Header(start, end, roles, {}, 0), rows


def _run(flat: list[Token], label: int, numbers: bool) -> list[Token]:
    """The cells after a column word up to the next one: figures for a points column, words for names."""
    out: list[Token] = []
    for token in flat[label + 1:]:
        figure = token.flat and amount(token.flat) is not None
        if _column(token) or token.empty or bool(figure) != numbers or (not numbers and match_word(token.flat, LEVEL1)):
            break
        out.append(token)
    return out


def _number(row: FormRow, role: str) -> Decimal | None:
    value = row.cells.get(role)
    return value.number if value is not None else None


SCATTER_GAP = 12  # cells between two header words of one scattered header
MIN_SCATTERED = 5  # column words a scattered header must name: fewer is a sentence's chance mention


def _points_role(role: str | None, before: list[str]) -> str | None:
    """A points column right after a level's column (一级指标 | 分值 | 二级指标 | 分值) holds the
    level's points; so does 得分 there, in forms that print 得分 for every column of points, and
    then the 得分 right after 三级指标 is the indicator's 分值 (the last 得分 is its score)."""
    last = before[-1] if before else None
    if role in ("weight", "score") and last in LEVEL_POINTS:
        return LEVEL_POINTS[last]
    if role == "score" and last == "name" and {"points1", "points2"} & set(before) and "weight" not in before:
        return "weight"
    return role


def _scattered_header(flat: list[Token]) -> _Header | None:
    """A header whose words a spreadsheet's flattening dealt out among the first rows' cells
    (``一级指标 … 年度 实际 指标值 完成值 … 二级指标 三级指标 指标5:… 分值 得分``): the column
    words that follow one another closely, in the usual column order. The cells among them are
    lost with them; the rows after the last header word are read as usual."""
    best: _Header | None = None
    words = [i for i, t in enumerate(flat) if _column(t)]
    for first_at, first in enumerate(words):
        roles: list[str] = []
        last = first
        for index in words[first_at:]:
            if index - last > SCATTER_GAP:
                break
            role = _column(flat[index])
            if role is not None and role not in roles:
                roles.append(role)
            last = index
        enough = len(roles) >= MIN_SCATTERED and "name" in roles and {"target", "weight"} <= set(roles)
        if enough and (best is None or len(roles) > len(best.roles)):
            best = _Header(first, last + 1, tuple(sorted(roles, key=COLUMN_ORDER.index)), {}, 0)
    return best


def _run_roles(tokens: list[Token]) -> list[str]:
    """The roles a run of column words names, read as a header reads them (分值 after 一级指标 is its points)."""
    roles: list[str] = []
    for token in tokens:
        role = _points_role(_column(token), roles)
        if role is not None and role not in roles:
            roles.append(role)
    return roles


def _body_end(flat: list[Token], start: int, roles: tuple[str, ...] = ()) -> int:
    """Where the table's rows end: its 总分 row, its conclusion, the next section, or another
    table's header (column words naming a column this table has not: a header printed again after
    a page break names no new one)."""
    run: list[int] = []
    for i in range(start, len(flat)):
        word = flat[i].flat
        column = _column(flat[i])
        if column is not None:
            run.append(i)
        elif not flat[i].empty:
            run = []
        if roles and len(run) >= MIN_HEADER and set(_run_roles([flat[k] for k in run])) - set(roles):
            return run[0]
        if (match_word(word, TOTAL) or _GLUED_TOTAL.match(word) or match_word(word, CONCLUSION, whole=False)
                or match_word(word, BODY_END, whole=False)
                or word.startswith(("填报说明", "评分说明"))):
            return i
    return len(flat)


def _rows(body: list[Token], header: _Header) -> list[FormRow]:
    body = _without_notes(_without_repeated_headers(body))
    if header.cols and _aligned(body, header.width):
        return _grid_rows(body, header)
    roles = tuple(r for r in header.roles if r not in (*LEVELS, "seq"))
    slots = (*(r for r in ("seq", *LEVELS) if r in header.roles), *roles)
    if not header.guessed and {"criterion", "score"} <= set(roles) and roles.index("criterion") + 1 == roles.index("score"):
        at = slots.index("score") + 1  # a criterion's lines may go on after the score beside one of them
        slots = (*slots[:at], "tail", *slots[at:])
    if "name" not in slots:
        return []
    tokens = [t for t in body if t.text or t.col is not None]  # an empty cell written as a cell says "empty"
    per_line = [sum(1 for t in tokens if t.line == line) for line in dict.fromkeys(t.line for t in tokens)]
    lines_are_rows = bool(per_line) and sorted(per_line)[len(per_line) // 2] >= 4
    placed = segment(tokens, slots, lines_are_rows, header.shares)
    out: list[FormRow] = []
    level1 = level2 = Value("", tokens[0].source if tokens else Source(""))
    for p in placed:
        level1 = _value(p.slots.get("level1"), p.split.get("level1")) or level1
        level2 = _value(p.slots.get("level2"), p.split.get("level2")) or (level2 if "level1" not in p.slots else
                                                                          Value("", level1.source))
        cells = {role: v for role in roles if (v := _value(p.slots.get(role), p.split.get(role))) is not None and v.text
                 and not _empty(v, role)}
        if (tail := _value(p.slots.get("tail"))) is not None:
            cells["criterion"] = Value(_glue(cells["criterion"].text, tail.text), cells["criterion"].source) \
                if "criterion" in cells else tail
        na = next((v for role in roles if (v := _value(p.slots.get(role))) is not None and norm(v.text) == "不适用"), None)
        if na is not None and "target" not in cells:
            cells["target"] = na  # 不适用 in whichever cell the segmentation put it: the row does not apply
        if "weight" in cells and cells["weight"].text.strip().endswith("%"):  # a share of the form's 100 points
            cells["weight"] = Value(cells["weight"].text.strip().removesuffix("%"), cells["weight"].source)
        if "name" in cells:
            cells = _glued_weight(cells, header.roles)
            out.append(FormRow(level1, level2, _named_target(_named_points(_target_parts(cells))), p.certain))
    out = _glued_level2(out) if "level2" in slots else out
    return out if "level1" in slots else _numbered_groups(out)


_GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]+[、.．]")


_NOTE_START = ("注:", "说明:", "填表说明")


def _without_notes(body: list[Token]) -> list[Token]:
    return _split_notes(body)[0]


def _split_notes(body: list[Token]) -> tuple[list[Token], list[Token]]:
    """The form's printed notes (注：1.正向指标…) where a page break put them inside the table, apart
    from the rows: up to the next blank cell (the note's own cell ends there; "/" is a formula's) or
    一级/二级 name or 总分, as a reader skips a page's footnotes and still reads them as notes."""
    kept: list[Token] = []
    notes: list[Token] = []
    skipping = False
    for token in body:
        if token.flat.startswith(_NOTE_START):
            skipping = True
        elif skipping and (not token.flat or any(match_word(token.flat, words) for words in (LEVEL1, LEVEL2_NAMES, TOTAL))):
            skipping = False
        (notes if skipping else kept).append(token)
    return kept, notes


def _numbered_groups(rows: list[FormRow]) -> list[FormRow]:
    """A table with no 一级 column may number its groups 一、二、… among the rows, each with its
    points (一、评价前期工作组情况 | 30 | 29, then 1、… | 15, 2、… | 15): a row so numbered whose 分值
    is the sum of the rows after it, up to the next one, is their group, not an indicator."""
    starts = [i for i, r in enumerate(rows) if _GROUP_NUMBER.match(r.name.text)]
    if not starts:
        return rows
    out = rows[:starts[0]]
    for start, end in zip(starts, [*starts[1:], len(rows)], strict=True):
        group, members = rows[start], rows[start + 1:end]
        weights = [r.cells["weight"].number if "weight" in r.cells else None for r in members]
        if not members or group.cells.get("weight") is None or None in weights \
                or sum((w for w in weights if w is not None), ZERO) != group.cells["weight"].number:
            out.extend(rows[start:end])
            continue
        out.extend(FormRow(group.name, Value("", group.name.source), r.cells, r.certain) for r in members)
    return out


_LEADING_POINTS = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]")
MIN_LEAF_NAME = 2  # what is left of a name once a 二级 is cut off it: one character is a fragment, not a name


def _glued_level2(rows: list[FormRow]) -> list[FormRow]:
    """A flattened table glues a merged 二级 cell to the first leaf of its group: 科学决策必要性, then
    可行性 under it. A leaf read under no 二级 whose name starts with a framework's 二级 name begins
    that group, and the leaves read under no 二级 after it, in the same 一级, follow it. Where a
    二级 cell was read, a name's first words are its own (項目完成及時率 under 时效指标)."""
    out: list[FormRow] = []
    glued: Value | None = None
    for row in rows:
        if row.level2.text or (out and out[-1].level1 != row.level1):
            glued = None
        split = None if row.level2.text else _level2_in_name(row)
        if split is not None:
            glued = split.level2
        out.append(split or (FormRow(row.level1, glued, row.cells, row.certain) if glued is not None else row))
    return out


def _level2_in_name(row: FormRow) -> FormRow | None:
    """The row with a 二级 cut off the front of its name, or None when its name starts with none."""
    name = row.name
    flat = _LEADING_POINTS.sub("", norm(name.text))  # "(10)绩效目标明确性": the points of the 二级 that follows
    word = match_word(flat, LEVEL2_FRAMEWORK, whole=False)
    if word is None or len(flat) - len(word) < MIN_LEAF_NAME:
        return None
    rest = name.text[name.text.index(word) + len(word):] if word in name.text else flat[len(word):]
    return FormRow(row.level1, Value(word, name.source), {**row.cells, "name": Value(rest.strip(), name.source)},
                   row.certain)


def _glued_weight(cells: dict[str, Value], roles: tuple[str, ...]) -> dict[str, Value]:
    """A weight glued to the target after it (分值 | 指标值: ``10`` ``20万元`` → ``1020万元``), seen where the
    row has no weight: cut where the weight is one (not above 100, not below the row's score) and
    the target a figure with no leading zero; of several cuts, the one whose target is nearest the
    actual in size (``595%`` beside 96.6%: 5 | 95%)."""
    target, actual = cells.get("target"), cells.get("actual")
    if "weight" in cells or target is None or actual is None or "weight" not in roles or "target" not in roles \
            or roles.index("weight") + 1 != roles.index("target"):
        return cells
    glued = norm(target.text)
    score = cells["score"].number if "score" in cells else None
    wanted = _figure(norm(actual.text))
    cuts = _weight_cuts(glued, score)
    if not cuts or wanted is None or apart(_figure(glued), wanted) < FAR_APART:
        return cells  # a target the size of its actual has no weight glued to it
    head, rest = min(cuts, key=lambda c: apart(_figure(c[1]), wanted))
    if apart(_figure(rest), wanted) > NEAR:
        return cells
    written = "".join(target.text.split())  # the target in its own letters (臺套), where they map one to one
    rest = written[-len(rest):] if len(written) == len(glued) else rest
    return {**cells, "weight": Value(head, target.source), "target": Value(rest, target.source)}


FAR_APART = Decimal(5)  # 4100台套 beside 92台套: a target this far from its actual is two cells glued
NEAR = Decimal(2)  # …and cut, the target is the actual's size (100台套)


def _weight_cuts(glued: str, score: Decimal | None) -> list[tuple[str, str]]:
    """Where ``glued`` may be cut into a weight and a target figure."""
    out = []
    for cut in range(1, min(len(glued), 6)):
        head, rest = glued[:cut], glued[cut:]
        if not re.fullmatch(r"[1-9]\d?(?:\.\d+)?|100", head) or Decimal(head) > 100:
            continue
        if not re.match(r"[≥≤=<>]?(?:0|[1-9]\d*)(?:\.\d+)?(?!\d)", rest) or re.match(r"[≥≤=<>]?0\d", rest):
            continue
        if rest[:1] == "." or (score is not None and score > Decimal(head)):
            continue
        out.append((head, rest))
    return out


def _figure(text: str) -> Decimal | None:
    found = first_figure(text)
    return Decimal(found) if found is not None else None


EXECUTION_WEIGHTS = (Decimal(0), Decimal(5), Decimal(10), Decimal(15), Decimal(20))  # 预算执行率's weights in use


def _glued_scores(rows: list[FormRow], roles: tuple[str, ...], funds: tuple[FundsLine, ...]) -> list[FormRow]:
    """A flattened form glues each row's weight to its score (分值 | 得分: ``7`` ``7`` → ``77``). Taken
    apart only on two pieces of evidence: the weights as read do not add up to the form's 100, and
    cut apart they do."""
    if "weight" not in roles or "score" not in roles or roles.index("weight") + 1 != roles.index("score"):
        return rows
    pairs = [glued_pair(r.cells["weight"].text) if "weight" in r.cells and "score" not in r.cells else None for r in rows]
    if not any(pairs):
        return rows
    weights = [r.cells["weight"].number if "weight" in r.cells else None for r in rows]
    if any(w is None for w, r in zip(weights, rows, strict=True) if "weight" in r.cells):
        return rows
    read = sum(w or 0 for w in weights)
    cut = sum(Decimal(p[0]) if p else (w or 0) for p, w in zip(pairs, weights, strict=True))
    funds_weight = next((line.number("weight") for line in funds if line.number("weight") is not None), None)
    # the indicators take what the funds row leaves of 100, its weight unread: one of the usual ones
    expected = {HUNDRED - w for w in ((funds_weight,) if funds_weight is not None else EXECUTION_WEIGHTS)}
    if read in expected or cut not in expected:
        return rows
    return [FormRow(r.level1, r.level2, {**r.cells, "weight": Value(p[0], r.cells["weight"].source),
                                         "score": Value(p[1], r.cells["weight"].source)}, r.certain) if p else r
            for r, p in zip(rows, pairs, strict=True)]


def _glued_total(weight: Value | None, total: Value | None, rows: list[FormRow]) -> tuple[Value | None, Value | None]:
    """The 总分 row glued the same way (合计 ``10094.9``) where the rows were: 100 | 94.9."""
    glued = weight if total is None else total if weight is None else None
    if glued is None or not any("score" in r.cells for r in rows):
        return weight, total
    if (glued.number is None or glued.number <= HUNDRED) and not TWO_POINTS.fullmatch(norm(glued.text)):
        return weight, total  # 100.0099.82: two points, two numbers
    pair = glued_pair(glued.text)
    return (Value(pair[0], glued.source), Value(pair[1], glued.source)) if pair else (weight, total)


def _named_target(cells: dict[str, Value]) -> dict[str, Value]:
    """A table without a 指标值 column writes the target after the name: 按时发放率=100%."""
    name = cells["name"]
    match = GLUED_TARGET.match(norm(name.text))
    if "target" in cells or match is None:
        return cells
    return {**cells, "name": Value(match.group(1), name.source), "target": Value(match.group(2), name.source)}


def _named_points(cells: dict[str, Value]) -> dict[str, Value]:
    """A table without a 分值 column prints each indicator's points in its name: 相关性(5分)."""
    name = cells["name"]
    match = _POINTS.match(name.text)
    if "weight" in cells or match is None or "分" not in name.text[len(match.group(1)):]:
        return cells
    return {**cells, "name": Value(match.group(1), name.source), "weight": Value(match.group(2), name.source)}


def _empty(value: Value, role: str) -> bool:
    """A cell that says nothing; 不适用 says the row does not apply, kept in its name and target."""
    flat = norm(value.text)
    return flat in ("/", "—", "-", "——", "--", "－", "\\") or (flat == "不适用" and role in ("weight", "score", "actual"))


def _target_parts(cells: dict[str, Value]) -> dict[str, Value]:
    """A target written in three cells (指标性质 ≥, 指标值 95, 度量单位 %) is one target, ≥95%; an
    actual written as a bare figure (96) is in the same unit, 96%."""
    nature, unit = cells.pop("nature", None), cells.pop("unit", None)
    target = cells.get("target")
    if target is None or not (nature or unit):
        return cells
    sign = {"═": "=", "＝": "=", "≧": "≥", "≦": "≤", ">=": "≥", "<=": "≤"}.get(norm(nature.text), nature.text) if nature else ""
    sign = sign if sign in ("≥", "≤", "=", ">", "<") else ""
    text = sign + target.text + (unit.text if unit and unit.text not in target.text else "")
    out = {**cells, "target": Value(text, target.source)}
    actual = cells.get("actual")
    if unit is not None and actual is not None and re.fullmatch(r"\d+(?:\.\d+)?", norm(actual.text)):
        out["actual"] = Value(actual.text + unit.text, actual.source)  # the row's 度量单位 is the actual's unit too
    return out


def _without_repeated_headers(body: list[Token]) -> list[Token]:
    """A header printed again after a page break is not a row."""
    out: list[Token] = []
    run: list[Token] = []
    for token in body:
        if _column(token) or match_word(token.flat, INDICATOR_BLOCK):
            run.append(token)
            continue
        out.extend(run if len(run) < MIN_HEADER else [])
        run = []
        out.append(token)
    out.extend(run if len(run) < MIN_HEADER else [])
    return out


def _aligned(body: list[Token], width: int) -> bool:
    """Cells stand in the header's columns: a table's grid, or text rows as wide as the header."""
    if not body or any(t.col is None for t in body):
        return False
    if all(t.grid for t in body):
        return True
    widths = {line: 1 + max(t.col or 0 for t in body if t.line == line) for line in {t.line for t in body}}
    return all(w == width for w in widths.values())


def _grid_rows(body: list[Token], header: _Header) -> list[FormRow]:
    out: list[FormRow] = []
    first = body[0].source
    level1, level2 = Value("", first), Value("", first)
    for _, line in itertools.groupby(body, key=lambda t: t.line):
        group = list(line)
        shift = _shift(group, header)
        cells: dict[str, Value] = {}
        for token in group:
            role = _role_at(header.cols, None if token.col is None else token.col + shift)
            if role is not None and role not in ("points1", "points2", "seq") and token.text and not token.empty:
                cells[role] = Value(token.text, token.source) if role not in cells else _joined(cells[role], token)
        if "level1" in cells:
            level1, level2 = cells.pop("level1"), Value("", first)
        if "level2" in cells:
            level2 = cells.pop("level2")
        if "name" in cells:
            out.append(FormRow(level1, level2, cells, True))
        elif out and cells:  # a row continued after a page break
            previous = out[-1]
            merged = dict(previous.cells)
            for role, value in cells.items():
                merged[role] = _joined(merged[role], Token(value.text, "", value.source, 0)) if role in merged else value
            out[-1] = FormRow(previous.level1, previous.level2, merged, previous.certain)
    return out


def _shift(group: list[Token], header: _Header) -> int:
    """A block label merged down the table's left edge (绩效指标 | 一级指标 | …) is written on the
    header's line only: a row whose cells start in the label's column is its cells moved left."""
    lead = min(header.cols, default=0)
    written = [t.col for t in group if t.col is not None and t.text and not t.empty]
    if not header.block or not written or min(written) >= lead or any(t.grid for t in group):
        return 0
    return lead - min(written)


def _role_at(cols: dict[int, str], col: int | None) -> str | None:
    """A cell's role by its column; a header cell merged over several columns covers them all."""
    if col is None:
        return None
    left = [c for c in cols if c <= col]
    return cols[max(left)] if left else None


def _value(tokens: tuple[Token, ...] | None, text: str | None = None) -> Value | None:
    if not tokens:
        return None
    if text is not None:
        return Value(text, tokens[0].source)
    joined = tokens[0].text
    for token in tokens[1:]:
        joined = _glue(joined, token.text)
    return Value(joined, tokens[0].source)


def _joined(value: Value, token: Token) -> Value:
    return Value(_glue(value.text, token.text), value.source)


def _glue(a: str, b: str) -> str:
    ascii_edge = a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum()
    return a + (" " if ascii_edge else "") + b


def _points(rows: list[FormRow]) -> Iterable[tuple[FormRow, Value]]:
    for row in rows:
        match = _POINTS.match(row.level1.text)
        if match:
            yield FormRow(Value(match.group(1), row.level1.source), row.level2, row.cells), \
                Value(match.group(2), row.level1.source)


def _strip_points(row: FormRow) -> FormRow:
    """``产出指标(50分)`` → 产出指标; its points are kept in :attr:`Form.level1_points`."""
    level1, level2 = row.level1, row.level2
    if (m := _POINTS.match(level1.text)) is not None:
        level1 = Value(m.group(1), level1.source)
    if (m := _POINTS.match(level2.text)) is not None:
        level2 = Value(m.group(1), level2.source)
    return FormRow(level1, level2, row.cells, row.certain)


# Before the table: header, funds, goal -------------------------------------------------------


def _label(token: Token) -> str | None:
    return canonical(token.flat, HEADER) if len(token.flat) <= 12 else None


def _is_section(token: Token) -> bool:
    flat = token.flat
    return bool(_label(token) or canonical(flat, FUNDS_COLUMNS) or canonical(flat, FUNDS_ROWS)
                or match_word(flat, GOAL) or match_word(flat, GOAL_EXPECTED) or match_word(flat, GOAL_ACTUAL)
                or match_word(flat, INDICATOR_BLOCK) or "项目资金" in flat or "自评表" in flat)


def _header(before: list[Token], after: list[Token]) -> dict[str, Value]:
    """项目名称, 主管部门, 实施单位…: above the table, or below it where a page order put them there
    (a label above the table wins; one found only below fills in what is missing)."""
    fields = _header_fields(before)
    missing = [label for label in REQUIRED_HEADER if label not in fields]
    return fields | {k: v for k, v in _header_fields(after).items() if k in missing} if missing else fields


def _header_fields(tokens: list[Token]) -> dict[str, Value]:
    fields: dict[str, Value] = {}
    for i, token in enumerate(tokens):
        label = _label(token)
        if label is None or label in fields:
            continue
        value = Value("", token.source)
        for nxt in tokens[i + 1:]:
            if _is_section(nxt) or (token.grid and nxt.line != token.line):
                break
            if nxt.text and not nxt.empty:
                value = Value(nxt.text, nxt.source)  # one cell: a value never runs on into the next section
                break
        fields[label] = value
    return fields


def _year(title: Value | None, before: list[Token], everywhere: list[Token]) -> Value | None:
    """The form's year: from its title or the cells above its table, else from a budget year
    (2023年度) anywhere in it, as when a page order puts the title after the table. A date
    (2024年3月5日, when the form was signed) is never taken for the year it reports on."""
    above = ([title] if title else []) + [Value(t.text, t.source) for t in before[:40]]
    # a glued title cut at its figure (绩效自评表( | 2019 | 年度)): the year and the word after it
    above += [Value(a.text + b.text, a.source) for a, b in itertools.pairwise(before[:40])
              if re.fullmatch(r"20\d\d", a.flat)]
    searches = [(_YEAR, above), (_BUDGET_YEAR, [Value(t.text, t.source) for t in everywhere])]
    return next((Value(m.group(1), v.source) for pattern, values in searches for v in values
                 if (m := pattern.search(v.text))), None)


def _funds(tokens: list[Token]) -> tuple[FundsLine, ...]:
    start = next((i for i, t in enumerate(tokens) if canonical(t.flat, FUNDS_COLUMNS) in ("initial", "budget", "spent")),
                 None)
    if start is None:
        return ()
    columns: list[tuple[str, Token]] = []
    i = start
    while i < len(tokens) and (canonical(tokens[i].flat, FUNDS_COLUMNS) or tokens[i].empty
                               or re.fullmatch(r"\([A-Z/]+\)|\(万元\)", tokens[i].flat)):
        role = canonical(tokens[i].flat, FUNDS_COLUMNS)
        if role is not None and role not in (r for r, _ in columns):
            columns.append((role, tokens[i]))
        i += 1
    lines: list[FundsLine] = []
    label: Token | None = None
    values: list[Token] = []
    unread = False  # a figure in the line that reads as no number (310.2154.74): its cells' places are unknown
    skipped = False  # a written cell that is no amount (五点二八, ？？): the figures after it may have moved left
    for token in [*tokens[i:], None]:
        row = _funds_row(token) if token is not None else None
        ends = token is None or row is not None or match_word(token.flat, GOAL) or match_word(token.flat, INDICATOR_BLOCK)
        if ends and label is not None:
            line = _funds_line(label, [] if unread else values, columns, len(lines) == 0)
            lines.append(_with_block_points(line, tokens[max(0, start - BLOCK_POINTS_BEFORE):i]) if not lines else line)
            label, values, unread, skipped = None, [], False, False
        if token is None or (ends and row is None):
            if token is not None and row is None:
                break
            continue
        if row is not None:
            label, values = token, []
        elif label is not None and (token.empty or amount(token.flat) is not None):
            unread = unread or (skipped and not token.empty and not token.grid)  # a place lost before it
            values.append(token)
        elif label is not None and _UNREAD_FIGURE.fullmatch(token.flat):
            unread = True
        elif label is not None and not _FUNDS_UNIT.fullmatch(token.flat):
            skipped = True
    return tuple(lines)


BLOCK_POINTS_BEFORE = 3  # cells between the block's label (预算执行情况(20分)) and its first column word
_BLOCK_POINTS = re.compile(r"[(（](\d+(?:\.\d+)?)\s*分\s*(?:[)）*×xX]|$)")


def _with_block_points(line: FundsLine, head: list[Token]) -> FundsLine:
    """The execution's weight where no column holds it: the points the block's label or a column's
    note carries (预算执行情况(20分), 得分(20分*执行率))."""
    if "weight" in line.cells or "score" not in line.cells:
        return line
    found = next(((m, t) for t in head if (m := _BLOCK_POINTS.search(t.flat))), None)
    if found is None:
        return line
    match, token = found
    return FundsLine(line.role, line.label, {**line.cells, "weight": Value(match.group(1), token.source)})


_UNREAD_FIGURE = re.compile(r"\d[\d.,%]*\.[\d.,%]*\.[\d.,%]*")  # two decimal points: amounts glued together
_FUNDS_UNIT = re.compile(r"[(（]?(?:万元|元|%|％)[)）]?|[:：]")  # a unit or a colon in a cell of its own moves no figure


def _funds_row(token: Token) -> str | None:
    """The role of a funds line's label: a known wording, or a short label naming a source of money."""
    flat = token.flat
    if not flat or amount(flat) is not None or "%" in flat:
        return None
    known = canonical(flat, FUNDS_ROWS, whole=False)
    if known is not None:
        return known
    if len(flat) <= 20 and (flat.startswith("其中") or flat.rstrip(":").endswith(("资金", "拨款", "收入", "支出", "资金:"))):
        return "fiscal" if flat.startswith("其中") else "other"
    return None


def _funds_line(label: Token, values: list[Token], columns: list[tuple[str, Token]], first: bool) -> FundsLine:
    role = _funds_row(label) or "other"
    if first and role != "total":
        role = "total" if canonical(label.flat, FUNDS_ROWS) is None else role
    roles = [r for r, _ in columns]
    if values and all(v.grid for v in values) and all(t.grid for _, t in columns):
        cols = {t.col: r for r, t in columns if t.col is not None}
        cells = {r: Value(v.text, v.source) for v in values if (r := _role_at(cols, v.col)) and not v.empty}
        return FundsLine(role, Value(label.text, label.source), cells)
    if len(values) == len(roles) and all(v.col is not None for v in values):  # every cell written, empty ones too
        cells = {r: Value(v.text, v.source) for r, v in zip(roles, values, strict=True) if not v.empty}
        return FundsLine(role, Value(label.text, label.source), cells)
    kept = _unglued_line([v for v in values if not v.empty or v.text in ("/", "—")], roles)
    placed = _assign(kept, roles, role == "total")
    cells = {r: Value(v.text, v.source) for r, v in zip(placed, kept[:len(placed)], strict=True) if not v.empty}
    return FundsLine(role, Value(label.text, label.source), cells)


_GLUED_RATE = re.compile(r"(\d[\d.]*)%")
MAX_GLUED_LINE = 48  # characters of a glued funds line worth cutting: five amounts of 1,000,000.00 and a rate
GLUED_RATE_ABOVE = 10  # no execution rate is above 1000%: such a "rate" carries the figures before it
_PART = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


def _unglued_line(values: list[Token], roles: list[str]) -> list[Token]:
    """A funds line whose separators were lost before its rate (``20 20 10 100.00%`` printed as
    ``202010100.00%``): cut where exactly one reading makes the line's arithmetic hold (执行数 ÷
    预算数 is the rate, the score is 分值 × rate); any other line is left as it is, unread."""
    at = next((k for k, v in enumerate(values) if _GLUED_RATE.fullmatch(v.flat) and (_rate(v) or 0) > GLUED_RATE_ABOVE), None)
    if at is None or "rate" not in roles:
        return values
    before = roles[:roles.index("rate")]
    wanted = len(before) - at  # the figures glued to the rate: every column before it not yet given
    if wanted < 2:
        return values
    body = values[at].flat[:-1]
    if len(body) > MAX_GLUED_LINE:  # the cuts grow as the length to the power of the cells: bounded, as input is
        return values
    readings = [parts for parts in _cuts(body, wanted + 1)
                if _holds(dict(zip([*before[at:], "rate"], parts, strict=True)), values[at + 1:], roles)]
    if len(readings) != 1:
        return values
    glued = values[at]
    cut = [Token(text, text, glued.source, glued.line, None, False, True) for text in readings[0]]
    cut[-1] = Token(cut[-1].text + "%", cut[-1].flat + "%", glued.source, glued.line, None, False, True)
    return [*values[:at], *cut, *values[at + 1:]]


def _cuts(body: str, count: int) -> Iterable[list[str]]:
    """Every way to write ``body`` as ``count`` numbers, none with a leading zero."""
    if count == 1:
        if _PART.fullmatch(body):
            yield [body]
        return
    for end in range(1, len(body)):
        head = body[:end]
        if _PART.fullmatch(head):
            for rest in _cuts(body[end:], count - 1):
                yield [head, *rest]


def _holds(parts: dict[str, str], after: list[Token], roles: list[str]) -> bool:
    numbers = {r: Decimal(t) for r, t in parts.items()}
    budget, spent, rate = numbers.get("budget") or numbers.get("initial"), numbers.get("spent"), numbers["rate"] / HUNDRED
    if not budget or spent is None:
        return False
    places = Decimal(1).scaleb(-len(parts["rate"].partition(".")[2]) - 2)
    if round_half_up(spent / budget, places) != rate:
        return False
    weight = numbers.get("weight")
    if weight is None:
        return True
    follows = roles[roles.index("rate") + 1:]
    score = amount(after[0].flat) if after and follows[:1] == ["score"] else None
    return 0 < weight <= 30 and (score is None or abs(weight * min(rate, Decimal(1)) - score) <= Decimal("0.5"))


def _assign(values: list[Token], roles: list[str], total: bool) -> list[str]:
    """The columns of a funds line whose empty cells were dropped: the order-keeping choice that
    best fits the arithmetic tying 预算数, 执行数, 分值, 执行率 and 得分. More figures than the header
    has columns (a column label lost to OCR): which is which is unknown, and none is placed."""
    if len(values) > len(roles):
        return []
    best: tuple[float, tuple[str, ...]] | None = None
    for chosen in itertools.combinations(roles, len(values)):
        cost = _assignment_cost(dict(zip(chosen, values, strict=True)), roles, total)
        if best is None or cost < best[0]:
            best = (cost, chosen)
    return list(best[1]) if best else []


def _assignment_cost(cells: dict[str, Token], roles: list[str], total: bool) -> float:
    numbers = {r: amount(t.flat) for r, t in cells.items()}
    cost = sum(0.1 * roles.index(r) for r in cells)  # cells dropped at the end of a line before the middle
    for role, token in cells.items():
        is_pct = "%" in token.flat
        if is_pct != (role == "rate") and not token.empty:
            cost += 5 if is_pct else (0.5 if role == "rate" else 0)
    weight, score = numbers.get("weight"), numbers.get("score")
    if weight is not None and not 0 < weight <= 30:
        cost += 5
    if weight is not None and score is not None and score > weight:
        cost += 5
    if not total and {"weight", "score"} & cells.keys():
        cost += 2
    rate = _rate(cells.get("rate"))
    budget, spent = numbers.get("budget") or numbers.get("initial"), numbers.get("spent")
    if rate is not None and budget and spent is not None:
        cost += 2 if abs(spent / budget - rate) > Decimal("0.011") else -1.5  # the rate checks out: likely right
    if rate is not None and weight is not None and score is not None and abs(weight * min(rate, Decimal(1)) - score) > Decimal("0.06"):
        cost += 1
    return cost


def _rate(token: Token | None) -> Decimal | None:
    if token is None:
        return None
    parsed = parse_number(token.flat)
    if parsed is None:
        return None
    return parsed[0] if parsed[1] else parsed[0] / 100


def _goal(tokens: list[Token]) -> tuple[Value | None, Value | None]:
    start = next((i for i, t in enumerate(tokens) if match_word(t.flat, GOAL)), None)
    if start is None:
        return None, None
    texts: list[Token] = []
    expected_label = actual_label = None
    for token in tokens[start + 1:]:
        if match_word(token.flat, GOAL_EXPECTED):
            expected_label = token
        elif match_word(token.flat, GOAL_ACTUAL):
            actual_label = token
        elif match_word(token.flat, INDICATOR_BLOCK) or _column(token):
            break
        elif token.text and not token.empty:
            texts.append(token)
    if not texts:
        return None, None
    if expected_label is not None and actual_label is not None and texts[0].col is not None and actual_label.col is not None:
        expected = [t for t in texts if t.col is not None and t.col < actual_label.col]
        actual = [t for t in texts if t.col is not None and t.col >= actual_label.col]
    else:
        middle = max(1, len(texts) // 2) if len(texts) > 1 else 1
        expected, actual = texts[:middle], texts[middle:]
    return _value(tuple(expected)), _value(tuple(actual))


# After the table: total, conclusion, notes ----------------------------------------------------


def _total(flat: list[Token], end: int, header: _Header, rows: list[FormRow],
           funds: tuple[FundsLine, ...]) -> tuple[Value | None, Value | None]:
    """The 总分 row: the weights' total and the score's, by column, or by count and by what is scored."""
    # the 总分 row, right after the table or after a row the table ends with (其他需要说明事项)
    end = next((i for i in range(end, min(end + 12, len(flat))) if match_word(flat[i].flat, TOTAL)), len(flat))
    if end >= len(flat):
        return None, None
    numbers: list[Token] = []
    label = flat[end]
    same_line = [t for t in flat[end + 1:] if t.line == label.line]
    for token in same_line if len(same_line) >= 2 else flat[end + 1:end + 6]:
        if token.flat and (amount(token.flat) is not None or TWO_POINTS.fullmatch(token.flat)):
            numbers.append(token)  # 100.0099.82: the total's two figures glued
        elif token.text and not token.empty:
            break
    if header.cols and numbers and all(t.col is not None for t in numbers):
        by_role = {_role_at(header.cols, t.col): Value(t.text, t.source) for t in numbers}
        return by_role.get("weight"), by_role.get("score") or by_role.get("actual")
    values = [Value(t.text, t.source) for t in numbers]
    if len(values) >= 2:
        return values[0], values[1]
    if len(values) == 1 and "weight" in header.roles and ("score" not in header.roles or _weights_only(values[0], rows, funds)):
        return values[0], None
    return None, (values[0] if values else None)


def _weights_only(value: Value, rows: list[FormRow], funds: tuple[FundsLine, ...]) -> bool:
    """A lone 100 on the 总分 row of a form with 分值 and 得分 columns is the 分值 total when the
    scores read do not add up to it (an unscored form, its 得分 cells empty): never a score of 100."""
    scores = [r.cells["score"].number for r in rows if "score" in r.cells]
    if not scores:
        return True
    line = next((f for f in funds if f.role == "total"), None)
    scored = sum((n for n in scores if n is not None), ZERO) + ((line.number("score") if line else None) or ZERO)
    return value.number == HUNDRED and scored != HUNDRED


def _conclusion(tokens: list[Token]) -> tuple[Value | None, Value | None]:
    start = next((i for i, t in enumerate(tokens) if match_word(t.flat, CONCLUSION, whole=False)), None)
    if start is None:
        return None, None
    label = tokens[start]
    rest = label.text.split("：", 1)[-1].split(":", 1)[-1] if ("：" in label.text or ":" in label.text) else ""
    parts = [Value(rest, label.source)] if rest.strip() else []
    for token in tokens[start + 1:start + 8]:
        if match_word(token.flat, NOTES, whole=False) or "负责人" in token.flat or "填表" in token.flat:
            break
        if token.text and not token.empty:
            parts.append(Value(token.text, token.source))
    if not parts:
        return None, None
    text = Value("".join(p.text for p in parts), parts[0].source)
    return text, _grade(text)


def _grade(text: Value) -> Value | None:
    flat = norm(text.text)
    for word in GRADES:
        found = re.search(rf"(?:等级|评定|评价|结论|为|[“\"「]|^){word}(?:[”\"」]|等|级|$|。|，|,)", flat)
        if found:
            return Value(word, text.source)
    return None


def _notes(tokens: list[Token]) -> tuple[Value, ...]:
    return tuple(Value(t.text, t.source) for t in tokens if len(t.flat) >= 8)


__all__ = ["looks_like_form", "read_form"]
