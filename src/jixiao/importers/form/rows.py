"""Indicator rows out of a flattened run of cells: the reading a careful person would make.

Published forms lose their grid: one cell per line, a row (or the whole table) on one line,
merged 一级/二级 cells written once, empty cells dropped. What is left is a run of cells and the
table's header, which says in what order a row's cells come. :func:`segment` finds the split of
the run into rows that fits best, by dynamic programming over (cell, slot) with a cost for every
cell placed in a slot it does not look like (a sentence as a weight) and for every slot left
empty, so "≥50个 50 8 8" reads as target, actual, weight, score and "≥50个 8" as a target and a
weight with the actual and score empty. A row that needed a slot left empty or cells joined is
not ``certain``: the review is more careful with what it finds there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from ...numbers import HUNDRED
from .tokens import Token
from .words import GRADES, LEVEL1, LEVEL2_NAMES, match_word

INF = math.inf
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?)分?$")
_QUANTITY = re.compile(r"\d")
_MEASURE = re.compile(r"^[≥≤><=≧≦]?\d[\d,.]*(?:%|[\u4e00-\u9fff]{1,2})$")  # a figure and its unit: 37442人, 14种
GLUED_TARGET = re.compile(r"^(.*?[\u4e00-\u9fff)])([≥≤><=≧≦]\d[\d,.]*\S{0,6})$")

SKIP = {"seq": 0.0, "level1": 0.0, "points1": 0.0, "level2": 0.0, "points2": 0.0, "name": INF, "nature": 0.6, "target": 1.2,
        "unit": 0.6, "actual": 1.2, "weight": 4.0, "score": 0.8, "reason": 0.05, "criterion": 0.3, "description": 0.3,
        "tail": 0.0, "basis": 0.3, "evidence": 0.3, "previous": 0.6, "rate": 0.6}
STRAY_EMPTY = 0.2  # an empty cell that fills no slot (a blank line between two rows)
STRAY_CELL = 3.0  # a written cell that fills no slot: costly, so only noise is left out
STRAY_LEVEL = 6.0  # a 一级/二级 name is never noise: it starts a group
STRAY_INSIDE = 0.5  # a figure too many sits at the row's end (a column the header does not name), not inside it
_NATURE = re.compile(r"^(?:[≥≤><=≧≦═＝]|>=|<=|定性|定量|正向|反向)$")
_UNIT_ONLY = re.compile(r"^(?:%|个|次|人次|人|户|家|项|台|套|篇|份|场|期|所|座|公里|千米|米|亩|吨|辆|册|本|件|处|条|名|位|批|"
                        r"万元|元|天|日|小时|年|月|周|平方米|个工作日|工作日|分钟|秒|元/人|元/生|元/年)$")
MAX_TAKE = {"level1": 2, "level2": 2, "name": 4, "target": 3, "actual": 3, "reason": 6, "criterion": 24, "description": 24, "tail": 24,
            "basis": 4, "evidence": 6, "previous": 3}
_SENTENCE_BEFORE = re.compile(r"(?:计|扣|低于|超过|超出|高于|达到|不足|以|每|为|大于|小于|按|[=≤≥<>≦≧,，;；(（-])$")
_NAMED_POINTS = re.compile(r"^[^\d,，。;；]{2,12}\(\d+(?:\.\d+)?分\)$")
_POINTS_TAIL = re.compile(r"\(\d+(?:\.\d+)?分\)$")
_NAME_AND_TARGET = re.compile(r"^[\u4e00-\u9fff]{2,}[^\d≥≤><=,，;；。]*[≥≤><=≧≦]\d[^,，;；。]*$")
_CLAUSE_TAIL = re.compile(r"^(?:[、)）,，;；。:：]|分[,，;；。]|[(（]含[)）])")  # the rest of a sentence: never a name
# "tail": the rest of a criterion written over several lines, after the score printed beside one of them
TEXT_ROLES = ("reason", "criterion", "description", "tail", "basis", "evidence")
_RATE = re.compile(r"\d+(?:\.\d+)?%")
_SHARE = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)%")  # more decimals: a weight glued to a target (4.00100%)
SHARE_COST = 0.6  # a weight printed as a share is rare: a percentage is a target's or an actual's first
_SENTENCE_END = ("。", ";", "；")
SENTENCE_JOIN = 2.0  # a text cell carried on past the end of its sentence into a short word
LOOSE_FIGURE = 1.5  # a figure inside a text take that no sentence holds (…计分。 | 4100台套 | 92台套 | 完成值…)
SENTENCE_NAME = 2.5  # a name that ends a sentence (。；): possible, far likelier a criterion's or a reason's line
TIERS = ("达成", "基本达成", "部分达成", "未达成")  # an actual's verdict on a qualitative target
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮"
_FORMULA = re.compile(r"[×÷]|=[(\[]")
_URL = re.compile(r"https?:|www\.|\.(?:html?|cn|com)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Placed:
    """A row as segmented: the tokens of each slot (a slot split off a glued cell has ``text``)."""

    slots: dict[str, tuple[Token, ...]]
    split: dict[str, str]  # slot → its text when cut from a glued cell (name and target in one cell)
    certain: bool


@dataclass(frozen=True, slots=True)
class _Kind:
    number: Decimal | None
    quantity: bool
    level1: bool
    level2: bool
    na: bool
    empty: bool
    length: int


def _kind(token: Token) -> _Kind:
    flat = token.flat
    match = _NUMBER.match(flat)
    number = None
    if match:
        try:
            number = Decimal(match.group(1))
        except InvalidOperation:
            number = None
    words = _POINTS_TAIL.sub("", flat)  # 相关性(5分) is a name with its points, not a quantity
    return _Kind(number, bool(_QUANTITY.search(words)) and number is None and len(flat) <= 16,
                 match_word(flat, LEVEL1) is not None, match_word(flat, LEVEL2_NAMES) is not None, flat == "不适用",
                 token.empty, len(flat))


def segment(tokens: list[Token], roles: tuple[str, ...], lines_are_rows: bool, shares: bool = False) -> list[Placed]:
    """The best split of ``tokens`` into rows whose cells come in the order of ``roles``; with
    ``shares`` (a 权重 column) a weight may be printed as a share of the 100 points, 20%."""
    if not tokens:
        return []
    kinds = [_kind(t) for t in tokens]
    starts = [i == 0 or tokens[i].line != tokens[i - 1].line for i in range(len(tokens))]
    table = _Table(tokens, kinds, starts, roles, lines_are_rows, shares)
    return table.solve()


class _Table:
    def __init__(self, tokens: list[Token], kinds: list[_Kind], starts: list[bool], roles: tuple[str, ...],
                 lines_are_rows: bool, shares: bool) -> None:
        self.tokens, self.kinds, self.starts = tokens, kinds, starts
        self.roles = roles
        self.lines_are_rows, self.shares = lines_are_rows, shares
        self.name_at = roles.index("name")
        n, s = len(tokens), len(roles)
        self.best = [[INF] * (s + 1) for _ in range(n + 1)]
        self.back: list[list[tuple[int, int, str] | None]] = [[None] * (s + 1) for _ in range(n + 1)]

    def solve(self) -> list[Placed]:
        n, s = len(self.tokens), len(self.roles)
        self.best[0][0] = 0.0
        order = [*range(self.name_at + 1, s + 1), *range(self.name_at + 1)]
        for i in range(n + 1):
            for j in order:
                if self.best[i][j] < INF:
                    self._step(i, j)
        if self.best[n][s] == INF:
            return []
        return self._rows()

    def _relax(self, i: int, j: int, cost: float, origin: tuple[int, int, str]) -> None:
        if cost < self.best[i][j]:
            self.best[i][j] = cost
            self.back[i][j] = origin

    def _step(self, i: int, j: int) -> None:
        n, s = len(self.tokens), len(self.roles)
        here = self.best[i][j]
        if j == s:
            if i < n:
                boundary = 0.5 if self.lines_are_rows and not self.starts[i] else 0.0
                self._relax(i, 0, here + boundary, (i, j, "row"))
            return
        role = self.roles[j]
        self._relax(i, j + 1, here + SKIP[role], (i, j, "skip"))
        if i < n:  # a cell that fills no slot: an empty one between rows, or noise (……, a stray mark)
            kind = self.kinds[i]
            stray = STRAY_EMPTY if kind.empty else STRAY_LEVEL if kind.level1 or kind.level2 else STRAY_CELL
            if kind.number is not None and role in ("target", "actual", "weight", "score"):
                stray += STRAY_INSIDE
            self._relax(i + 1, j, here + stray, (i, j, "stray"))
        if role in ("level1", "level2") and i < n and self._fit(role, i, 1) == 0.0:
            self._relax(i + 1, 0, here + 0.5, (i, j, "group"))  # a group with no rows of its own (经济效益指标 alone)
        for m in range(1, MAX_TAKE.get(role, 1) + 1):
            if i + m > n:
                break
            cost = self._fit(role, i, m)
            if cost < INF:
                self._relax(i + m, j + 1, here + cost + self._line_cost(role, i, m), (i, j, "take"))
        pair = role == "weight" and j + 1 < s and self.roles[j + 1] == "score" and i < n
        glued_figures = i < n and TWO_POINTS.fullmatch(self.tokens[i].flat) is not None  # no number has two points
        if pair and ((self.kinds[i].number or 0) > HUNDRED or glued_figures) and glued_pair(self.tokens[i].flat):
            self._relax(i + 1, j + 2, here + 0.4, (i, j, "pair"))  # 1411.2: no weight is above 100, 14 | 11.2
        if role == "actual" and i < n and self.roles[j + 1:j + 3] == ("weight", "score") and self._triple(i, j):
            self._relax(i + 1, j + 3, here + 0.6, (i, j, "triple"))  # 137.007.00: 13 | 7.00 | 7.00
        glued = role == "name" and j + 1 < s and self.roles[j + 1] == "target" and i < n
        if glued and GLUED_TARGET.match(self.tokens[i].flat) and not self.kinds[i].level2:
            self._relax(i + 1, j + 2, here + 0.4, (i, j, "glued"))

    def _triple(self, i: int, j: int) -> bool:
        """Whether cell ``i`` may be an actual, a weight and a score glued: figures with two decimal
        points (137.007.00); one number above 100 (45066, 607.766) only beside a target cell whose
        figure the reading's actual matches (450户: 450 | 6 | 6), for such a number is more often just
        a count (101400) or a weight and a score (1411.2: 14 | 11.2)."""
        flat = self.tokens[i].flat
        readings = glued_triples(flat) if TWO_POINTS.fullmatch(flat) or (self.kinds[i].number or 0) > HUNDRED else []
        if not readings or TWO_POINTS.fullmatch(flat):
            return bool(readings)
        target = (self.tokens[i - 1],) if i > 0 and self.roles[j - 1] == "target" else ()
        return _near_target(_likeliest(readings, target)[0], target)

    def _line_cost(self, role: str, i: int, m: int) -> float:
        """With a row to a line, a cell that starts a line belongs at the start of a row."""
        if not self.lines_are_rows or role in ("level1", "level2", "name"):
            return 0.0
        return 1.0 if any(self.starts[i + k] for k in range(m)) else 0.0

    def _fit(self, role: str, i: int, m: int) -> float:
        kinds = self.kinds[i:i + m]
        first = kinds[0]
        if role == "tail" and not self._tail_starts(i):
            return INF
        if m > 1 and role in TEXT_ROLES and any(t.flat in TIERS for t in self.tokens[i + 1:i + m]):
            return INF  # 工作台账 | 基本达成: a tier of achievement standing alone is an actual, never a text's words
        if m > 1 and role in TEXT_ROLES and not any(k.level1 or k.level2 or k.empty for k in kinds) \
                and not kinds[0].quantity and not kinds[-1].quantity and kinds[0].number is None and kinds[-1].number is None \
                and all(self._in_sentence(k) if self._figure(k) else not self.kinds[k].quantity for k in range(i + 1, i + m - 1)):
            # a criterion runs over many cells, its figures among them (每超过5%扣2分); a short word after
            # a finished sentence (…计分。 | 居民居住条件) is the next row's name more often than the sentence's rest
            return 0.3 + 0.3 * (m - 1) + SENTENCE_JOIN * self._past_sentence(i, m)
        if m > 1 and any(k.number is not None or k.level1 or k.level2 or k.empty for k in kinds):
            return INF
        if m > 1 and any(TWO_POINTS.fullmatch(t.flat) for t in self.tokens[i:i + m]):
            return INF  # figures glued together (157.007.00) are a row's values, never a word of a sentence
        if m > 1 and role in ("name", "target", "actual") and any(k.quantity for k in kinds[1 if role == "name" else 0:]):
            return INF  # a cell wrapped over two lines is words; a quantity and a word are two cells
        if m > 1 and role in ("target", "actual") and any(t.flat.endswith(_SENTENCE_END) for t in self.tokens[i + 1:i + m]):
            return INF  # a finished sentence (…计分。) after a value is a criterion's or a reason's cell
        if m > 1 and role in ("name", "target") and any(t.flat in TIERS for t in self.tokens[i + 1:i + m]):
            return INF  # 有效提升 | 达成: a tier of achievement is the actual's, never the rest of a target or a name
        extra = 0.8 * (m - 1) if role not in TEXT_ROLES else 0.3 * (m - 1)
        if role in ("level1", "level2"):
            if m == 1 and (first.level1 if role == "level1" else first.level2):
                return INF if self._explained(i) else 0.0
            if m == 2:  # a level's word a narrow cell wrapped in two (部门决 | 策(25分)): the two are the word
                words = LEVEL1 if role == "level1" else LEVEL2_NAMES
                return 0.3 if match_word(self.tokens[i].flat + self.tokens[i + 1].flat, words) else INF
            if m != 1:
                return INF
            nxt = self.kinds[i + 1] if i + 1 < len(self.kinds) else None
            if nxt is not None and nxt.number is not None and self._has_points(role) and _short_word(self.tokens[i].flat):
                return 0.2
            # 目标任务(15分) 相关性(5分) 5: a group that carries its points, then its first indicator
            nested = nxt is not None and nxt.number is None and bool(_NAMED_POINTS.match(self.tokens[i + 1].flat))
            if not _NAMED_POINTS.match(self.tokens[i].flat):
                return INF
            # a group with its points before a leaf's name, where leaves have a 分值 column of their own
            # (基础信息(3分) | 基础信息完整性 | 3): an indicator's name never carries its points there
            innermost = role == "level2" or "level2" not in self.roles
            own = innermost and "weight" in self.roles and nxt is not None and nxt.number is None and not nxt.empty
            return 0.3 if nested or own else INF
        if role == "nature":
            return 0.0 if m == 1 and (first.empty or _NATURE.match(self.tokens[i].flat)) else INF
        if role == "unit":
            return _unit_cost(self.tokens[i].flat, first) if m == 1 else INF
        if role == "name":
            flat = self.tokens[i].flat
            if _NATURE.match(flat) or not re.search(r"[\u4e00-\u9fffA-Za-z]", flat) or _MEASURE.match(flat) \
                    or _CLAUSE_TAIL.match(flat):
                return INF  # "≥", "%" or "37442人" alone is a cell of another column, never a name
            if any(_FORMULA.search(t.flat) for t in self.tokens[i:i + m]):
                return INF  # 预算控制率=(本年追加预算/年初预算)×100%: a criterion's formula, not a name
            if any(_URL.search(t.flat) for t in self.tokens[i:i + m]):
                return INF  # a page's address (a site's header, a kept source line) is no indicator's name
            if any(_NATURE.match(t.flat) for t in self.tokens[i + 1:i + m]):
                return INF  # ≥, = in a cell of its own: the 指标性质 column's, never the end of a name
            if flat[:1] in _CIRCLED:
                return INF  # a point of a list (①…): a criterion's lines, not a name
            if flat in TIERS:
                return INF  # 基本达成 alone is an actual's verdict, never an indicator's name
            # a sentence's end: a criterion's or a reason's line far more often than a name
            ended = SENTENCE_NAME if self.tokens[i + m - 1].flat.endswith(_SENTENCE_END) else 0.0
            return _name_cost(first) + extra + ended
        if role == "seq":  # a row's number: a small whole number, first in its row
            return 0.0 if m == 1 and first.number is not None and first.number == first.number.to_integral_value() \
                and 0 < first.number < 1000 else INF
        if role == "rate":  # 完成率: a percentage (or a bare figure), never a word
            return 0.0 if m == 1 and (first.empty or first.number is not None or _RATE.fullmatch(self.tokens[i].flat)) else INF
        if role in ("points1", "points2"):  # a level's points: a number after its name, nothing else
            return 0.0 if m == 1 and first.number is not None and 0 < first.number <= 100 else INF
        if role in ("weight", "score"):
            if first.empty or first.na:  # 不适用 is said in the target and actual first; a weight is usually printed
                return 0.5 if role == "weight" and first.na else 0.0
            low = Decimal(0) if role == "score" else Decimal("0.01")
            if role == "weight" and self.shares and m == 1 and (share := _SHARE.fullmatch(self.tokens[i].flat)):
                return SHARE_COST if 0 < Decimal(share.group(1)) <= 100 else INF  # 权重 20%: 20 of the 100 points
            return 0.0 if first.number is not None and low <= first.number <= 100 else INF
        if first.level1 or first.level2:
            return INF
        if first.empty or first.na:
            return 0.0 if m == 1 else INF
        if role in TEXT_ROLES:
            if m == 1 and _NAME_AND_TARGET.match(self.tokens[i].flat) and first.length <= 20:
                return 3.0  # a short name with its target (科目调整次数≤10次) starts a row; it is not a criterion
            sentence = first.number is None and not (first.quantity and first.length <= 8)
            # a text run that is no sentence run (a figure of its own inside it): a row's cells it swallowed
            # cost what they would as cells; past a finished sentence, into a short word, as above
            loose = sum(1 for k in range(i + 1, i + m) if self.kinds[k].quantity and not self._in_sentence_at(k))
            return (0.3 if sentence else 3.0) + extra + LOOSE_FIGURE * loose + SENTENCE_JOIN * self._past_sentence(i, m)
        return _value_cost(role, first, self.tokens[i].flat, "unit" in self.roles) + extra

    def _past_sentence(self, i: int, m: int) -> int:
        """How often a take of ``m`` cells from ``i`` goes on past a finished sentence into a short word."""
        return sum(1 for k in range(i, i + m - 1) if self.tokens[k].flat.endswith(_SENTENCE_END)
                   and _short_word(self.tokens[k + 1].flat) and self.tokens[k + 1].flat[:1] not in _CIRCLED)

    def _in_sentence_at(self, k: int) -> bool:
        return 0 < k < len(self.tokens) - 1 and self._in_sentence(k)

    def _figure(self, k: int) -> bool:
        kind = self.kinds[k]
        return kind.number is not None or (kind.quantity and bool(_MEASURE.match(self.tokens[k].flat)))

    def _in_sentence(self, k: int) -> bool:
        """A figure inside a criterion's sentence, cut out of it by the flattening (``扣 | 0.5 | 分,扣完为止``):
        the words around it go on with the sentence; a row's value stands between cells of its own."""
        before, after = self.tokens[k - 1].flat, self.tokens[k + 1].flat
        if "tail" in self.roles and self.starts[k + 1] and before.endswith(_SENTENCE_END):
            return False  # a figure at the end of a criterion's line whose sentence ended: the score beside it
        return bool(_SENTENCE_BEFORE.search(before) or _CLAUSE_TAIL.match(after) or after.startswith(("分", "%")))

    def _tail_starts(self, i: int) -> bool:
        """A criterion's lines go on after the score beside one of them only where its sentence ended
        there (``…需要; | 4 | ②…``), never inside one (``计 | 5 | 分;…``: a figure of the sentence)."""
        if i < 2:
            return False
        flat, before = self.tokens[i].flat, self.tokens[i - 2].flat
        if _CLAUSE_TAIL.match(flat) or flat.startswith(("分", "%")):
            return False
        return before.endswith(_SENTENCE_END) or not _SENTENCE_BEFORE.search(before)

    def _explained(self, i: int) -> bool:
        """A level's word that the next cell explains (服务对象满意度 | 考察服务对象满意度的完成情况) is
        an indicator's name: a description names its indicator, never its group."""
        flat = self.tokens[i].flat
        nxt = self.tokens[i + 1].flat if i + 1 < len(self.tokens) else ""
        return len(nxt) > len(flat) + 4 and flat in nxt and not self.kinds[i + 1].level2

    def _has_points(self, role: str) -> bool:
        """A level with a points column of its own (一级指标 | 分值): its name is followed by a number,
        so a name outside the usual vocabulary (预算配置) can still be told from an indicator's."""
        return {"level1": "points1", "level2": "points2"}[role] in self.roles

    def _rows(self) -> list[Placed]:
        n, s = len(self.tokens), len(self.roles)
        steps: list[tuple[int, int, str]] = []
        i, j = n, s
        while (i, j) != (0, 0):
            origin = self.back[i][j]
            assert origin is not None  # every reachable state was reached from somewhere
            steps.append(origin)
            i, j = origin[0], origin[1]
        steps.reverse()
        return _assemble(steps, self.tokens, self.roles)


_GLUED_PAIR = re.compile(r"\d+(?:\.\d+)?\d+(?:\.\d+)?")


def glued_pair(text: str) -> tuple[str, str] | None:
    """``1411.2`` as a weight and a score glued (14 | 11.2): the one cut that leaves two numbers
    without a leading zero, the score not above the weight and the weight not above 100; of
    several, the one with the roundest weight."""
    flat = text.replace(" ", "")
    if not _GLUED_PAIR.fullmatch(flat):
        return None
    cuts = []
    for cut in range(1, len(flat)):
        head, tail = flat[:cut], flat[cut:]
        if not all(re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d+)?", part) for part in (head, tail)):
            continue
        weight, score = Decimal(head), Decimal(tail)
        if 0 < weight <= HUNDRED and score <= weight:
            cuts.append((len(head.partition(".")[2]), head, tail))
    return min(cuts)[1:] if cuts else None


TWO_POINTS = re.compile(r"\d+\.\d+\.\d+")
_PLAIN = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?")


_Reading = TypeVar("_Reading", tuple[str, str], tuple[str, str, str])


def glued_triples(text: str) -> list[tuple[str, str, str]]:
    """The readings of an actual, a weight and a score glued (``137.007.00``): three numbers
    without a leading zero, the score not above the weight, the weight not above 100, weight and
    score printed alike or the score with more decimals (7.00 | 7.00, 8 | 7.28), as forms print
    their points columns."""
    out = []
    for a in range(1, len(text) - 1):
        for b in range(a + 1, len(text)):
            actual, weight, score = text[:a], text[a:b], text[b:]
            if not all(_PLAIN.fullmatch(part) for part in (actual, weight, score)):
                continue
            if _places(weight) <= _places(score) and 0 < Decimal(weight) <= HUNDRED and Decimal(score) <= Decimal(weight):
                out.append((actual, weight, score))
    return out


def _places(number: str) -> int:
    return len(number.partition(".")[2])


def glued_actual(text: str) -> list[tuple[str, str]]:
    """The readings of an actual and a weight glued (``1253.8440``: 1253.84 | 40), the weight not
    above 100 and with two decimals at most."""
    return [(text[:cut], text[cut:]) for cut in range(1, len(text))
            if _PLAIN.fullmatch(text[:cut]) and _PLAIN.fullmatch(text[cut:]) and _places(text[cut:]) <= 2
            and 0 < Decimal(text[cut:]) <= HUNDRED]


NEAR_TARGET = Decimal(2)  # an actual glued to its points is read only where it is this near its target


def first_figure(text: str) -> str | None:
    """The first figure ``text`` writes (≥1253.84万元 → 1253.84)."""
    found = re.search(r"\d+(?:\.\d+)?", text)
    return found.group() if found else None


def apart(a: Decimal | None, b: Decimal | None) -> Decimal:
    """How far apart two figures are in size: a ratio, 1 when alike; an unknown or zero one, 1."""
    if a is None or b is None or a == 0 or b == 0:
        return Decimal(1)
    return a / b if a >= b else b / a


def _near_target(actual: str, target: tuple[Token, ...]) -> bool:
    goal = first_figure("".join(t.flat for t in target))
    return goal is not None and Decimal(goal) != 0 and Decimal(actual) != 0 \
        and apart(Decimal(actual), Decimal(goal)) <= NEAR_TARGET


def _likeliest(readings: list[_Reading], target: tuple[Token, ...]) -> _Reading:
    """Of the readings of a glued actual and the points after it, the one whose actual is written
    like the row's target and nearest it in size (≥12个: 13 rather than 1 or 137; ≤1253.84万元:
    1253.84 rather than 1253.8), the way a reader settles it."""
    goal = first_figure("".join(t.flat for t in target))

    def distance(reading: _Reading) -> tuple[bool, Decimal]:
        if goal is None:
            return False, Decimal(1)
        return _places(reading[0]) != _places(goal), apart(Decimal(reading[0]), Decimal(goal))

    return min(readings, key=distance)


def _short_word(flat: str) -> bool:
    return 2 <= len(flat) <= 10 and not re.search(r"[\d,，。;；:：%]", flat)


def _unit_cost(flat: str, kind: _Kind) -> float:
    """A unit cell: a known unit, or any short word without digits (部, 元/平方米, 公里)."""
    if kind.empty or _UNIT_ONLY.match(flat):
        return 0.0
    short = len(flat) <= 5 and not re.search(r"\d", flat) and not (kind.level1 or kind.level2 or kind.na)
    return 0.2 if short and flat not in GRADES else INF  # 优 is an actual (a grade), never a unit


def _name_cost(kind: _Kind) -> float:
    if kind.number is not None or kind.empty:
        return INF
    if kind.level1:
        return 3.0
    if kind.level2 or kind.na:
        return 2.0 if not kind.na else 0.0
    return 4.0 if kind.quantity and kind.length <= 8 else 0.0


def _value_cost(role: str, kind: _Kind, flat: str = "", units_apart: bool = False) -> float:
    if _UNIT_ONLY.match(flat):
        return 2.0  # 人, 次: a unit alone is its own column's cell, or the end of the figure before it
    if _NAME_AND_TARGET.match(flat):
        return 4.0  # 科目调整次数≤10次: an indicator's name with its target, the start of a row (never a value)
    if kind.quantity:
        return 0.0
    if kind.number is not None:  # a bare figure is more often a weight or a score than a target or an actual,
        return 0.3 if role == "target" else 0.0 if units_apart else 0.5  # unless the units have a column
    if kind.length <= 16:
        return 0.4 if role == "target" else 0.3
    return 1.5 if role == "target" else 1.0


def _assemble(steps: list[tuple[int, int, str]], tokens: list[Token], roles: tuple[str, ...]) -> list[Placed]:
    rows: list[Placed] = []
    slots: dict[str, tuple[Token, ...]] = {}
    split: dict[str, str] = {}
    doubtful = False
    for i, j, how in steps:
        if how == "row":
            rows.append(Placed(slots, split, not doubtful))
            slots, split, doubtful = {}, {}, False
            continue
        role = roles[j]
        if how == "group":
            rows.append(Placed({**slots, role: (tokens[i],)}, split, False))
            slots, split, doubtful = {}, {}, False
            continue
        if how == "stray":  # a written cell left out as noise: the row around it is a guess
            doubtful = doubtful or not tokens[i].empty
            continue
        if how == "skip":
            doubtful = doubtful or role in ("target", "actual", "weight")
            continue
        if how == "glued":
            match = GLUED_TARGET.match(tokens[i].flat)
            assert match is not None
            slots["name"] = slots["target"] = (tokens[i],)
            split = {**split, "name": match.group(1), "target": match.group(2)}
            doubtful = True
            continue
        if how == "triple":
            actual, weight, score = _likeliest(glued_triples(tokens[i].flat), slots.get("target", ()))
            slots["actual"] = slots["weight"] = slots["score"] = (tokens[i],)
            split = {**split, "actual": actual, "weight": weight, "score": score}
            doubtful = True
            continue
        if how == "pair":
            cut = glued_pair(tokens[i].flat)
            assert cut is not None
            slots["weight"] = slots["score"] = (tokens[i],)
            split = {**split, "weight": cut[0], "score": cut[1]}
            doubtful = True
            continue
        end = _end_of_take(steps, i, j, len(tokens))
        slots[role] = tuple(tokens[i:end])
        # a figure cut out of a glued run may have lost digits to its neighbour (4877: 48 | 7 | 7)
        doubtful = doubtful or (end - i > 1 and role not in TEXT_ROLES) or (role not in TEXT_ROLES and tokens[i].cut)
    if slots:
        rows.append(Placed(slots, split, not doubtful))
    return _unscored(rows)


def _unscored(rows: list[Placed]) -> list[Placed]:
    """An actual and a weight glued on a form nobody scored (``1253.844``: 1253.84 | 4, no 得分) read
    as a glued triple would give a score the form never had: where no other row has a score, a
    triple is an actual and a weight."""
    def triple(row: Placed) -> bool:
        return "score" in row.split and "actual" in row.split

    if not any(triple(r) for r in rows) or any("score" in r.slots for r in rows if not triple(r)):
        return rows
    out = []
    for row in rows:
        readings = glued_actual(row.slots["actual"][0].flat) if triple(row) else []
        if readings:
            actual, weight = _likeliest(readings, row.slots.get("target", ()))
            slots = {k: v for k, v in row.slots.items() if k != "score"}
            split = {**{k: v for k, v in row.split.items() if k != "score"}, "actual": actual, "weight": weight}
            row = Placed(slots, split, row.certain)
        out.append(row)
    return out


def _end_of_take(steps: list[tuple[int, int, str]], i: int, j: int, n: int) -> int:
    """Where a take that started at token ``i`` in slot ``j`` ended: the next step's token."""
    index = steps.index((i, j, "take"))
    return steps[index + 1][0] if index + 1 < len(steps) else n
