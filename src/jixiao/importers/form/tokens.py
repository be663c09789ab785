"""A document as lines of cells (tokens), the way a form's parser reads it, whatever the format.

A table row is a line whose cells keep their column; a merged cell's copies are dropped, so a
merged cell is written once, as flattened text gives it. Text (a web page's or a PDF's) is split
into cells on tabs, on ``|`` pipes or on runs of spaces, and repaired: page numbers removed,
``(50分)`` joined to its level, OCR's ``产 出 指 标`` joined, a unit joined to its number, and
cells glued together by the flattening (``产出指标数量指标足额保障率=100%``) taken apart.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ...diagnostics import Source
from ..document import PAGE_NUMBER, Document, Paragraph, Table
from .words import (
    COLUMNS,
    CONCLUSION,
    FUNDS_COLUMNS,
    FUNDS_ROWS,
    GOAL,
    GOAL_ACTUAL,
    GOAL_EXPECTED,
    HEADER,
    LEVEL1,
    LEVEL2,
    LEVEL2_NAMES,
    PINYIN,
    TOTAL,
    UNIT_WORDS,
    norm,
)

POINTS = re.compile(r"^[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
UNIT = re.compile(r"^(?:%|％|个|次|人次|人|户|家|项|台|套|篇|份|场|期|所|座|公里|千米|米|亩|吨|辆|册|本|件|处|条|名|位|批|"
                  r"万元|元|天|日|小时|年|月|周|平方米|㎡|个工作日|工作日|分钟|秒|kg|km|m)(?:内|以内|以上|以下)?$")
NUMBERISH = re.compile(r"^[≥≤><=＞＜≧≦]?\s*\d[\d,.]*$")
_SPLIT = re.compile(r"[ \t\u3000]+")
_OPEN_POINTS = re.compile(r"[（(]\s*\d+(?:\.\d+)?$")
_CLOSE_POINTS = re.compile(r"^分?\s*[)）]$")
_WIDE = re.compile(r"(?:[ \t]{2,}|\u3000+)")
_CJK1 = re.compile(r"^[\u4e00-\u9fff]$")
_LAST_LETTER = re.compile(r"^[\u4e00-\u9fff][（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$")
_LEVEL_WORDS = sorted({*LEVEL1, *LEVEL2}, key=len, reverse=True)
_GLUED_WORDS = [w for w in _LEVEL_WORDS if w.endswith("指标")]  # only these are safe to cut off a longer cell
_LABELS = sorted({w for ws in (*HEADER.values(), *FUNDS_COLUMNS.values(), *COLUMNS.values()) for w in ws}, key=len,
                 reverse=True)


_CUT_WORDS = sorted({*(w for w in (*_LABELS, *_LEVEL_WORDS, *TOTAL, *CONCLUSION, *GOAL, *GOAL_EXPECTED, *GOAL_ACTUAL,
                                    *(w for ws in FUNDS_ROWS.values() for w in ws)) if len(w) >= 4),
                     "总分", "合计", "分值", "得分", "权重", "不适用", "项目资金(万元)", "定性", "定量"}, key=len, reverse=True)
_KNOWN = tuple(w for w in (*_LABELS, *_LEVEL_WORDS) if len(w) >= 3)  # longest first
_SPLIT_LABELS = frozenset(w for w in (*_LABELS, *_LEVEL_WORDS, *LEVEL2_NAMES) if len(w) >= 4)


@dataclass(frozen=True, slots=True)
class Token:
    """One cell: its text as written, :func:`~.words.norm` of it, where, on which line and column."""

    text: str
    flat: str
    source: Source
    line: int  # 0-based line (a table row or a text line)
    col: int | None = None  # its position in its row, when the row's cells are real cells (not space-split)
    grid: bool = False  # from a table whose rows line up (Word, Excel, HTML, PDF): ``col`` is a grid column
    cut: bool = False  # cut out of a run the flattening glued (see split_glued): where it ends is a guess

    @property
    def empty(self) -> bool:
        return self.flat in ("", "/", "—", "-", "——", "--", "－", "\\", "无")


_RECENT: list[tuple[Document, list[list[Token]]]] = []  # the last documents tokenized, by identity


def tokenize(document: Document) -> list[list[Token]]:
    """The document's lines of cells, in reading order (not to be changed by the caller: the
    lines of the last documents are kept, for a review asks for them more than once)."""
    for seen, lines in _RECENT:
        if seen is document:
            return lines
    lines = _rejoin(_rejoin_grid(_lines(document)))
    _RECENT[:] = [(document, lines), *_RECENT[:1]]
    return lines


def _rejoin_grid(lines: list[list[Token]]) -> list[list[Token]]:
    """A header cell a PDF cut over two rows of its grid (实际完成 | 值 in one column, a merged cell
    whose text wrapped): where the two make a known label and neither is one, the upper cell is the
    label and the lower one empty."""
    out = [list(line) for line in lines]
    for upper, lower in itertools.pairwise(out):
        below = {t.col: k for k, t in enumerate(lower) if t.grid and t.col is not None}
        for k, token in enumerate(upper):
            j = below.get(token.col) if token.grid and token.col is not None and token.flat else None
            if j is None or not lower[j].flat:
                continue
            joined = token.flat + lower[j].flat
            if joined in _SPLIT_LABELS and token.flat not in _SPLIT_LABELS and lower[j].flat not in _SPLIT_LABELS:
                upper[k] = Token(token.text + lower[j].text, joined, token.source, token.line, token.col, True)
                lower[j] = Token("", "", lower[j].source, lower[j].line, lower[j].col, True)
    return out


def _lines(document: Document) -> list[list[Token]]:
    if document.lines:
        return [t for number, text in document.lines if (t := _text_line(text, document.file, number, number))]
    lines: list[list[Token]] = []
    for block in document.blocks:
        if isinstance(block, Table):
            lines.extend(_table_lines(block, len(lines)))
        elif isinstance(block, Paragraph):
            tokens = _text_line(block.text, document.file, len(lines), block.source.line, block.source)
            if tokens:
                lines.append(tokens)
    return lines


def _rejoin(lines: list[list[Token]]) -> list[list[Token]]:
    """A label broken in two by a narrow column (年度 / 指标值, 年初 / 预算数) is one cell again."""
    flat = [t for line in lines for t in line]
    out: list[Token] = []
    skip = False
    for i, token in enumerate(flat):
        if skip:
            skip = False
            continue
        nxt = flat[i + 1] if i + 1 < len(flat) else None
        joined = token.flat + nxt.flat if nxt is not None else ""
        if nxt is not None and token.flat and nxt.flat and not token.grid and joined in _SPLIT_LABELS \
                and nxt.flat not in _SPLIT_LABELS:
            out.append(Token(token.text + nxt.text, joined, token.source, token.line, token.col, token.grid, token.cut))
            skip = True
            continue
        out.append(token)
    grouped: dict[int, list[Token]] = {}
    for token in out:
        grouped.setdefault(token.line, []).append(token)
    return list(grouped.values())


def _table_lines(table: Table, first: int) -> list[list[Token]]:
    out: list[list[Token]] = []
    for row in table.rows:
        line = first + len(out)
        tokens = [Token(c.text, norm(c.text), c.source, line, col, True) for col, c in enumerate(row) if not c.repeat]
        if any(t.text for t in tokens):
            out.append(tokens)
    return out


def _text_line(text: str, file: str, line: int, number: int | None, where: Source | None = None) -> list[Token]:
    marked = PAGE_NUMBER.sub("\x00", text)
    # a page number leaves the separator its line uses: two spaces where cells are set apart by two
    gap = "  " if _WIDE.search(re.sub(r"[ \u3000]*\x00[ \u3000]*", " ", marked)) else " "
    text = re.sub(r"[ \u3000]*\x00[ \u3000]*", gap, marked).strip(" \r\n\u3000")  # not tabs: a leading tab is an empty cell
    if not text.strip() or re.fullmatch(r"\|?\s*:?-{3,}.*", text):
        return []  # a markdown table's |---|---| line
    piped = text.startswith("|") or text.endswith("|")
    if piped:
        cells = [c.strip() for c in text.removeprefix("|").removesuffix("|").split("|")]
    elif "\t" in text:
        cells = [c.strip() for c in text.split("\t")]
    else:
        cells = _space_cells(_unspaced_letters(text))
    source = where or Source(file, number)
    if "\t" in text or piped:  # real cells: their positions are columns, an empty one is an empty cell
        return [Token(c, norm(c), _at(source, k), line, k) for k, c in enumerate(_repair_cells(cells))]
    repaired, cut = _repair(cells)
    return [Token(c, norm(c), source, line, cut=cut) for c in repaired if c]


_SPACED_LETTERS = re.compile(r"(?<=[\u4e00-\u9fff])((?: [\u4e00-\u9fff]){2,})(?= |[\u4e00-\u9fff\d]|$)")


def _unspaced_letters(text: str) -> str:
    """In a line a document site glued (a run of GLUED_MIN letters or more), OCR's spaced-out
    label (``全 年 预 算 数``, ``主 管 部 门364-…``) is glued too, so the run is cut at the label."""
    pieces = text.split(" ")
    glued = sum(len(p) for p in pieces if len(p) >= GLUED_MIN)
    if glued < GLUED_SHARE * sum(len(p) for p in pieces):
        return text  # cells set apart by single spaces, a long sentence among them: not a glued run
    return _SPACED_LETTERS.sub(lambda m: m.group(1).replace(" ", ""), text)


def _at(source: Source, col: int) -> Source:
    return Source(source.file, source.line, col + 1, source.cell)


def _space_cells(text: str) -> list[str]:
    """Cells of a line aligned by spaces. Where cells are set apart by two spaces or more, a single
    space inside a cell is OCR's (产 出 指 标) or the cell's own (≥50 个); otherwise any space parts cells."""
    if not _WIDE.search(text):
        return _SPLIT.split(text)
    out: list[str] = []
    for part in _WIDE.split(text):
        pieces = part.split(" ")
        if len(pieces) > 1 and all(len(p) == 1 for p in pieces):
            out.append("".join(pieces))
        else:
            out.extend(pieces if len(pieces) > 2 and not any(len(p) == 1 for p in pieces) else [part])
    return out


def _repair(cells: list[str]) -> tuple[list[str], bool]:
    """The cells repaired, and whether any was cut out of a glued run (its bounds are a guess)."""
    out: list[str] = []
    pieces = [split_glued(raw) for raw in cells]
    for cell in (c for piece in pieces for c in piece):
        for part in _unglue(cell):
            if out and (POINTS.match(part) or (UNIT.match(part) and NUMBERISH.match(norm(out[-1])))
                        or (_OPEN_POINTS.search(out[-1]) and _CLOSE_POINTS.match(part))):
                out[-1] += part  # "相关性(5" "分)": the points a space cut in two
            else:
                out.append(part)
    return _join_letters(out), any(len(piece) > 1 for piece in pieces)


GLUED_MIN = 40  # a cell this long holding labels and figures is a flattened row, not one cell
GLUED_LABELS = 3
GLUED_SHARE = 0.35  # a glued line has over a third of its text in long runs (real ones 0.42–1; spaced rows with prose ≤0.27)
_GLUED_POINTS = re.compile(r"\(\d+(?:\.\d+)?分?\)")
_GLUED_NUMBER = re.compile(r"[≥≤><=≧≦]?\d+(?:[,.]\d+)*\s*(?:%|％)?")
_GLUED_UNITS = sorted(("个", "次", "人次", "人", "户", "家", "项", "台", "套", "篇", "份", "场", "期", "所", "座", "公里", "千米",
                       "厘米", "米", "亩", "个月", "吨", "辆", "册", "本", "件", "处", "条", "名", "位", "批", "种", "万元", "元", "天",
                       "个工作日", "工作日", "日", "小时", "年", "月", "周", "平方米", "分钟", "头", "只", "部", "门", "粒", "株",
                       "棵", "公斤", "千克", "斤", "台套", "盏", "羽", "箱", "袋", "张", "间", "栋", "公顷", "立方米", "平方公里"),
                      key=len, reverse=True)
# 万粒, 万人次, 亿元: a count of ten thousands is written with its unit too
_GLUED_UNITS = sorted({*_GLUED_UNITS, *(f"{scale}{u}" for scale in "万亿" for u in _GLUED_UNITS if len(u) <= 2)}, key=len,
                      reverse=True)


_CODE = re.compile(r"-[\u4e00-\u9fff]")
_NUMBERING = re.compile(r"\d{1,2}(?![\d.])")


def split_glued(cell: str) -> list[str]:
    """A row whose cells lost their separators (``安装坡面水标尺10≥266米≥266米10``) cut at every
    known label, every figure with its unit, and the words between them."""
    flat = norm(cell)
    if len(flat) < GLUED_MIN or " " in cell.strip() or _labels_in(flat) < GLUED_LABELS:
        return [cell]  # a sentence (a criterion, a goal) names a label now and then; a glued row names many
    out: list[str] = []
    word = ""
    i = 0
    table = False  # past the indicator table's header
    while i < len(flat):
        points = _GLUED_POINTS.match(flat, i)
        if points is not None:  # "(70分)" belongs to the level before it
            if word:  # 绩效指标(90分)指标值…: the points end their cell
                out.append(word + points.group())
                word = ""
            elif not out or NUMBERISH.match(out[-1]):  # after a figure: the points of the group that follows
                word += points.group()
            else:
                out[-1] += points.group()
            i = points.end()
            continue
        label = _label_at(flat, i, word, table, out[-1] if out else "")
        table = table or label in _TABLE_HEADER
        number = _GLUED_NUMBER.match(flat, i) if label is None else None
        code = number is not None and _CODE.match(flat, number.end()) is not None  # 364-某镇人民政府: a unit's code
        if number is not None and _figure_in_sentence(flat, number, word):
            word += number.group()
            i = number.end()
            continue
        numbered = bool(word) and not word[-1:].isascii() and (flat[i - 1:i] == "第" or flat[i - 2:i] == "指标") \
            and _NUMBERING.match(flat, i) is not None  # 指标1采购…, 第2批: a name's numbering, one or two digits
        if label is None and (number is None or code or numbered):
            word += flat[i]
            i += 1
            if flat[i - 1] in _SENTENCE_ENDS and i < len(flat) and not _CLOSING.match(flat, i):
                out.append(word)  # a sentence ends a cell: a reason, a criterion, the next row's name after it
                word = ""
            continue
        if word:
            out.append(word)
            word = ""
        if label is not None:
            out.append(label)
            i += len(label)
            continue
        assert number is not None
        end = number.end()
        unit = next((u for u in _GLUED_UNITS if flat.startswith(u, end)), "") if "%" not in number.group() else ""
        unit = "" if flat.startswith(UNIT_WORDS, end) or _starts_words(flat, end, unit, out) else unit
        per = next((u for u in _GLUED_UNITS if unit and flat.startswith("/" + u, end + len(unit))), "")
        unit += "/" + per if per else ""  # 元/平方米: a unit per another is one unit
        out.extend(p for figure in _amounts(flat[i:end + len(unit)]) for p in _unglue_percent(figure))
        i = end + len(unit)
    if word:
        out.append(word)
    return _as_written(cell, [part for piece in out for one in _name_and_description(piece) for part in _labels_apart(one)])


def _as_written(cell: str, parts: list[str]) -> list[str]:
    """The parts cut out of ``norm(cell)`` in the cell's own letters (項目總成本, not 项目总成本), so
    a quote is found in the document; where a letter did not map to one letter, the parts as cut."""
    letters = [c for c in PINYIN.sub("", cell) if not c.isspace()]
    if len(letters) != sum(len(p) for p in parts) or any(len(norm(c)) != 1 for c in letters):
        return parts
    # the letters and the sentence's marks as written; a full-width digit, sign or bracket is read as
    # its half-width self everywhere (９５％ is 95%, （50分） is (50分))
    letters = [c if _CJK1.match(c) or c in _WRITTEN_MARKS else norm(c) for c in letters]
    out, at = [], 0
    for part in parts:
        out.append("".join(letters[at:at + len(part)]))
        at += len(part)
    return out


_SENTENCE_ENDS = "。"
_WRITTEN_MARKS = frozenset("，。、；：？！“”‘’《》【】")
_OPERATORS = ("/", "+", "×", "*", "(", "=", "÷", ")")  # a formula's; a closing bracket only after a term
_CLAUSE_MARKS = ("。", ",", ";", "、", ":", ")")  # …大于30%不得分。: a sentence's word before its punctuation
_CLOSING = re.compile(r"[)\]」”’]")
_GOAL_WORDS = frozenset((*GOAL, *GOAL_EXPECTED, *GOAL_ACTUAL))
_TABLE_HEADER = ("一级指标", "三级指标")
_BARE_LEVELS = frozenset(w for w in LEVEL1 if not w.endswith("指标") and w not in LEVEL2_NAMES)
_TABLE_WORDS = frozenset((*_LEVEL_WORDS, *TOTAL, *CONCLUSION, "定性", "定量", "不适用"))  # the table's own cells
_POINTS_WORDS = frozenset(("总分", "合计", "分值", "得分", "权重"))  # also words of a criterion's sentence
_IN_SENTENCE_BEFORE = "按的于为每扣以及至过-~、×*/"  # 按分值的80%-100%计分: a figure the sentence is about


def _label_at(flat: str, i: int, word: str, table: bool, before: str) -> str | None:
    """The label written at ``i`` that is a cell of its own, the longest; past the indicator table's
    header, 预期目标 is an actual's words (达成预期目标). A 一级 word that does not end in 指标
    (预算执行, 履职效能) starts a cell only between cells, never after a 二级 word (时效指标 |
    预算执行进度达标率: a name) nor inside running words (部门履职效能, …加强预算执行监控。)."""
    label = next((w for w in _CUT_WORDS if flat.startswith(w, i)), None)
    if label is None or _in_sentence(flat, i, label, word, table) or (table and label in _GOAL_WORDS):
        return None
    if label in _BARE_LEVELS and ((word and word[-1] not in _SENTENCE_ENDS) or before in LEVEL2_NAMES):
        return None
    return label


def _in_sentence(flat: str, i: int, label: str, word: str, table: bool) -> bool:
    """``…按完成值/指标值×分值计分``: a points word inside a sentence, running words on both sides
    of it, is the sentence's word, not a header cell (a header's labels follow each other); so is
    any label past the indicator table's header (预算控制率=本年追加预算/年初预算×100%), but a
    level's or the total's."""
    if not word or word[-1] in _SENTENCE_ENDS:
        return False
    after = flat[i + len(label):i + len(label) + 1]
    if label not in _TABLE_WORDS and label not in _POINTS_WORDS and (word[-1] in _OPERATORS[:-1] or after in _OPERATORS):
        return True  # (本年追加预算/年初预算)×100%: a term of a formula
    if label not in _POINTS_WORDS and not (table and label not in _TABLE_WORDS):
        return False
    return (bool(_CJK1.match(after)) or after in _CLAUSE_MARKS) and not any(flat.startswith(w, i + len(label))
                                                                       for w in _CUT_WORDS)


def _figure_in_sentence(flat: str, number: re.Match[str], word: str) -> bool:
    """``达成的按分值的80%-100%计分``: a figure between the words of a sentence (after 按, 的, 扣…,
    before more words or a range's dash; after a clause's comma, a range: ``;10-20%``) stays in its
    sentence; a row's figures follow its name."""
    after = flat[number.end():number.end() + 1]
    if word[-1:] in (",", ";") and after in ("-", "~"):
        return True
    return bool(word) and word[-1] in _IN_SENTENCE_BEFORE and (bool(_CJK1.match(after)) or after in ("-", "~"))


NAME_MAX = 48  # the longest name an explanation is looked for after
_DESCRIBING = ("考察", "反映", "衡量", "是指", "用于", "体现")  # how a column 指标解释 begins its sentence


def _name_and_description(piece: str) -> list[str]:
    """``入户核查户数考察入户核查户数的完成情况。``: a name glued to its explanation (指标解释), a
    sentence that names it again or begins with 考察, 反映…, is two cells."""
    if not piece.endswith("。"):
        return [piece]
    # the name may be a whole sentence (通过加强部门管理，全面提升…): the explanation repeats it all the same
    candidates = [m for k in range(3, NAME_MAX + 1) if (m := re.match(rf"^([\u4e00-\u9fff,、“”\"]{{{k}}})([\u4e00-\u9fff]{{1,4}}?)\1",
                                                                      piece))]
    if candidates:
        name = candidates[-1].group(1)
        return [name, piece[len(name):]]
    at = min((k for w in _DESCRIBING if (k := piece.find(w)) >= 3), default=-1)
    if 3 <= at <= 20 and re.fullmatch(r"[\u4e00-\u9fff]+", piece[:at]):
        return [piece[:at], piece[at:]]
    return [piece]


def _labels_in(flat: str) -> int:
    """How many labels the text names, each once where it is written (预算执行率 is not also 预算执行)."""
    count, i = 0, 0
    while i < len(flat):
        label = next((w for w in _CUT_WORDS if flat.startswith(w, i)), None)  # longest first
        count, i = (count + 1, i + len(label)) if label else (count, i + 1)
    return count


def _starts_words(flat: str, end: int, unit: str, out: list[str]) -> bool:
    """``1411.2个别培训班…``: a one-letter unit before more words begins those words (个别), unless
    the figure before it had that unit too (≥10门11门开发…: target and actual alike)."""
    after = flat[end + len(unit):end + len(unit) + 1]
    return len(unit) == 1 and bool(_CJK1.match(after)) and not (out and out[-1].endswith(unit))


# A qualitative row's actual, glued after its name and target (参训人员履职能力有效提升基本达成):
# only the 达成 words, which end no indicator's name.
_GLUED_ACHIEVED = tuple(sorted((f"{w}{goal}" for goal in ("预期目标", "预期指标", "目标", "") for w in
                                ("基本达成", "部分达成", "未达成", "达成", "基本达到", "未达到", "达到")), key=len, reverse=True))


def _labels_apart(piece: str) -> list[str]:
    """``指标值实际值``: two short labels glued are two header cells (a label this short is not cut
    out of running words, only split off another one); ``…有效提升基本达成``: the actual is a cell."""
    spans = _label_spans(piece)
    if spans is not None:
        return [piece[a:b] for a, b in spans]
    achieved = next((w for w in _GLUED_ACHIEVED if piece.endswith(w) and len(piece) >= len(w) + 2), None)
    if achieved is not None and not piece.endswith(achieved * 2):
        return [*_twice(piece[:-len(achieved)]), achieved]
    return _twice(piece)


def _twice(text: str) -> list[str]:
    """``显著提升显著提升``: a target and an actual that say the same, glued, are two cells."""
    half = len(text) // 2
    return [text[:half], text[half:]] if len(text) >= 4 and len(text) % 2 == 0 and text[:half] == text[half:] else [text]


GLUED_AMOUNTS_MIN = 3  # two glued amounts read alike with two counts of decimals (310.2154.74): 310.21 | 54.74 or 310.2 | 154.74


def _amounts(figure: str) -> list[str]:
    """``213.84217.17201.92`` is three amounts: no number has two decimal points. Cut only where one
    count of decimals, the same for every amount, reads the whole, and into three or more amounts;
    otherwise left whole, for a wrong amount would make a certain finding."""
    body = figure.rstrip("%％")
    if body.count(".") < GLUED_AMOUNTS_MIN or not body.replace(".", "").isdigit():
        return [figure]
    found = [parts for places in range(1, 7)
             if "".join(parts := re.findall(rf"(?:0|[1-9]\d*)\.\d{{{places}}}", body)) == body]
    if len(found) != 1 or len(found[0]) < GLUED_AMOUNTS_MIN:
        return _amounts_and_rate(figure, body)
    return [*found[0][:-1], found[0][-1] + figure[len(body):]]


_RATE_TAIL = re.compile(r"(?:100|[1-9]?\d)(?:\.\d{1,2})?")


def _amounts_and_rate(figure: str, body: str) -> list[str]:
    """``3393.703393.703393.7010.00100%``: amounts and the execution rate after them, the rate the
    one part with its own count of decimals; cut only where a single reading holds."""
    if figure == body:
        return [figure]
    readings = []
    for places in range(1, 7):
        amounts = re.match(rf"(?:(?:0|[1-9]\d*)\.\d{{{places}}})+", body)
        if amounts is not None and _RATE_TAIL.fullmatch(body[amounts.end():]) \
                and len(parts := re.findall(rf"(?:0|[1-9]\d*)\.\d{{{places}}}", amounts.group())) >= GLUED_AMOUNTS_MIN:
            readings.append([*parts, body[amounts.end():] + figure[len(body):]])
    return readings[0] if len(readings) == 1 else [figure]


def _unglue_percent(figure: str) -> list[str]:
    """``20100%`` (a weight of 20 and a rate of 100%) is two cells: no rate is above 1000%."""
    match = re.fullmatch(r"(\d+)(\.\d+)?%", figure)
    if match is None or int(match.group(1)) < 1000:
        return [figure]
    digits, decimals = match.group(1), match.group(2) or ""
    for cut in range(1, len(digits)):
        head, tail = digits[:cut], digits[cut:]
        if int(head) <= 100 and not tail.startswith("0") and int(tail) <= 100:
            return [head, tail + decimals + "%"]
    return [figure]


def _repair_cells(cells: list[str]) -> list[str]:
    """Real cells keep their places; only a label glued to its value is taken apart."""
    out: list[str] = []
    for cell in cells:
        out.extend(_unglue(cell) if cell else [""])
    return out


def _unglue(cell: str) -> list[str]:
    """``产出指标数量指标足额保障率=100%`` → 产出指标, 数量指标, 足额保障率=100% (the parser may
    cut a name from its target); a label's ``项目名称：某项目`` → 项目名称, 某项目."""
    flat = norm(cell)
    for label in _LABELS if ":" in flat else ():
        if flat.startswith(label + ":") and len(flat) > len(label) + 1:
            rest = cell.split("：", 1)[-1] if "：" in cell else cell.split(":", 1)[-1]
            return [label, *_unglue(rest.strip())]
    for word in _GLUED_WORDS if "指标" in flat[2:] else ():
        if flat.startswith(word) and len(flat) > len(word) + 1 and not flat.startswith(word + "(") and not _is_word(flat):
            return [cell[:_offset(cell, len(word))], *_unglue(cell[_offset(cell, len(word)):].strip())]
    return [cell]


def _is_word(flat: str) -> bool:
    return flat in _LEVEL_WORDS or flat in _LABELS


def _offset(cell: str, length: int) -> int:
    """Where the first ``length`` characters of ``norm(cell)`` end in ``cell`` (spaces skipped)."""
    seen = 0
    for i, ch in enumerate(cell):
        if not ch.isspace():
            seen += 1
        if seen == length:
            return i + 1
    return len(cell)


def _known_words(letters: list[str]) -> list[tuple[int, int]] | None:
    """The spans of ``letters`` that are two or more known labels one after another, or None."""
    return None if any(len(c) != 1 for c in letters) else _label_spans("".join(letters))


def _label_spans(text: str) -> list[tuple[int, int]] | None:
    """The spans of ``text`` that are two or more known labels one after another, or None."""
    best: dict[int, list[tuple[int, int]]] = {0: []}
    for start in range(len(text)):
        if start not in best:
            continue
        for word in _KNOWN:
            end = start + len(word)
            if text.startswith(word, start) and end not in best:
                best[end] = [*best[start], (start, end)]
    spans = best.get(len(text))
    return spans if spans is not None and len(spans) >= 2 else None


def _join_letters(cells: list[str]) -> list[str]:
    """OCR's spaced-out words: three or more single characters in a row, or two that make a word
    (``投 入(14分)``: the last letter may carry the level's points)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        joined = "".join(run)
        parts = _known_words([norm(c) for c in run]) if len(run) >= 6 else None
        if parts is not None:  # 年 度 指 标 值 实 际 完 成 值: two header cells, spaced out alike
            out.extend("".join(run[a:b]) for a, b in parts)
        elif len(run) >= 3 or (len(run) == 2 and _is_word(re.sub(r"\(\d+(?:\.\d+)?分?\)$", "", norm(joined)))):
            out.append(joined)
        else:
            out.extend(run)
        run.clear()

    for cell in cells:
        if _CJK1.match(cell):
            run.append(cell)
            continue
        if run and _LAST_LETTER.match(cell):  # "满 意 度 指 标（10分）": the last letter carries the points
            run.append(cell)
            flush()
            continue
        flush()
        out.append(cell)
    flush()
    return out
