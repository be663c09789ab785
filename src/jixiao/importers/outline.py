"""A report that scores in its prose, not in a table: each indicator a numbered heading with its
points (``一、投入(14分)`` ``(一)项目立项(8分)`` ``(1)项目立项(2分)``) and, in the paragraphs under
it, the score said in words (``自评得2分``).

The depth of a heading is the numbering style's rank in the order the styles first appear, as a
reader takes 一、 (一) (1) 1. for the levels they are used for in that document. Headings with
headings under them are groups; the others are the indicators. A score is read only from the
words a report uses for its own score (自评得N分, 得分为N分, 评分N分), never from a criterion's
(达到100%得2分), and only when the paragraphs under a heading say one score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .document import Paragraph, Value
from .model import Node

_NUMBERING = (("cn", r"[一二三四五六七八九十]+\s*[、.．]"), ("paren-cn", r"[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*[、.．]?"),
              ("paren-digit", r"[（(]\s*\d{1,2}\s*[)）]"), ("digit", r"\d{1,2}\s*[、.．](?!\d)"))
_HEADING = re.compile(r"^\s*(?:" + "|".join(f"(?P<{k.replace('-', '_')}>{p})" for k, p in _NUMBERING) + r")\s*"
                      r"(?P<name>[^\d（()）:：，,。；;]{2,24}?)\s*[（(]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[)）]\s*[:：]?")
_NUMBERED = re.compile(r"^\s*(?:" + "|".join(p for _, p in _NUMBERING) + ")")
# the report's own words for a score; never a total's (综合得分为92分, 总得分)
_SCORE = re.compile(r"(?<![综总合])(?:自评|评价|考核|最终)得分?(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分"
                    r"|(?<![综总合自价核终])得分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分"
                    r"|(?<![综总合])评分(?:为|是)?\s*(\d+(?:\.\d+)?)\s*分")
_FULL = re.compile(r"(?:自评|评价)?得满分")
FULL_MARKS = Decimal(100)
MIN_INDICATORS = 3  # fewer headings with points are a report's sections, not its indicators


@dataclass
class _Heading:
    depth: int
    name: Value
    points: Decimal
    text: list[Value] = field(default_factory=list)  # the words under it, up to the next numbered paragraph
    children: list[_Heading] = field(default_factory=list)


def outline_roots(paragraphs: Sequence[Paragraph]) -> tuple[Node, ...]:
    """The indicator tree the headings give, or () when the prose does not score in headings."""
    styles: list[str] = []
    headings: list[_Heading] = []
    open_ = False  # the words of the paragraphs that follow belong to the last heading
    for paragraph in paragraphs:
        match = _HEADING.match(paragraph.text)
        if match is None:
            if _NUMBERED.match(paragraph.text):
                open_ = False  # a numbered section without points (四、评价结论): its words are no indicator's
            elif headings and open_:
                headings[-1].text.append(Value(paragraph.text, paragraph.source))
            continue
        open_ = True
        style = next(k for k, _ in _NUMBERING if match.group(k.replace("-", "_")))
        styles += [style] if style not in styles else []
        heading = _Heading(styles.index(style), Value(match.group("name").strip(), paragraph.source),
                           Decimal(match.group("points")))
        heading.text.append(Value(paragraph.text[match.end():], paragraph.source))
        headings.append(heading)
    roots = _nest(headings)
    leaves = [h for root in roots for h in _walk(root) if not h.children]
    if len(leaves) < MIN_INDICATORS:
        return ()
    # headings whose 一级 points make the full 100 are the whole outline; otherwise the text may stop
    # inside it (a page cut), and what the sums say is only a guess
    whole = sum((h.points for h in roots), Decimal(0)) == FULL_MARKS
    return tuple(_node(h, whole) for h in roots)


def _nest(headings: list[_Heading]) -> list[_Heading]:
    roots: list[_Heading] = []
    open_: list[_Heading] = []
    for heading in headings:
        while open_ and open_[-1].depth >= heading.depth:
            open_.pop()
        (open_[-1].children if open_ else roots).append(heading)
        open_.append(heading)
    return roots


def _walk(heading: _Heading) -> list[_Heading]:
    return [heading, *(h for child in heading.children for h in _walk(child))]


def _node(heading: _Heading, whole: bool) -> Node:
    if heading.children:
        return Node(heading.name, heading.points, True, tuple(_node(c, whole) for c in heading.children), certain=whole)
    cells = {"weight": Value(str(heading.points), heading.name.source)}
    score = _score(heading)
    if score is not None:
        cells["score"] = score
    return Node(heading.name, heading.points, True, (), cells, certain=whole)


def _score(heading: _Heading) -> Value | None:
    """The one score the words under the heading say, where they say it; None when they say none
    or two that differ (a score above the points is kept: the review says so)."""
    said: dict[Decimal, Value] = {}
    for part in heading.text:
        for match in _SCORE.finditer(part.text):
            figure = next(g for g in match.groups() if g)
            said.setdefault(Decimal(figure), Value(figure, part.source))
        if _FULL.search(part.text):
            said.setdefault(heading.points, Value(str(heading.points), part.source))
    return next(iter(said.values())) if len(said) == 1 else None


__all__ = ["outline_roots"]
